// The ledger wired beside the network: both headers in one translation unit (as the
// bindings include them), the bundled dataset loading against its network with reference
// checks, and the same-day reopening rule (an unsatisfied visit reopens a resolved item
// before a same-day event that needs it open).
#include <catch2/catch.hpp>

#include "support.hpp"

#include <furong/io/network_files.hpp>
#include <furong/ledger/evaluation.hpp>
#include <furong/io/ledger_files.hpp>
#include <furong/network.hpp>

#include <string>

namespace {

using furong::date;
using furong::item_status;
using furong::visit_outcome;

furong::reference_checker checker(const furong::network& net) {
    furong::reference_checker refs;
    refs.compound = [&net](std::string_view id) {
        auto i = net.find(id);
        return i && net.kind(*i) == furong::org_kind::compound;
    };
    refs.person = [&net](std::string_view id) { return net.find_person(id).has_value(); };
    refs.organisation = [&net](std::string_view id) { return net.find(id).has_value(); };
    refs.attendee = [&net](std::string_view id) { return net.find(id).has_value() || net.find_person(id).has_value(); };
    return refs;
}

}  // namespace

TEST_CASE("ledger wiring: network and ledger headers together, bundled dataset loads", "[ledger_wiring]") {
    const std::filesystem::path dir = FURONG_DATASET_DIR;
    furong::network net = furong::io::load_network(dir);
    furong::ledger_data data = furong::load_ledger_dir(dir, checker(net));
    const auto& L = data.items;
    REQUIRE(L.size() == 12000);
    // The state documented in docs/dataset.md.
    std::size_t closed = 0, resolved = 0, open = 0, dismissed = 0;
    for (std::uint32_t i = 0; i < L.size(); ++i) {
        auto s = *L.status_on(i, date(2025, 12, 31));
        if (s == item_status::closed) ++closed;
        else if (s == item_status::resolved) ++resolved;
        else if (furong::is_open_family(s)) ++open;
        else ++dismissed;
    }
    CHECK(closed == 10785);
    CHECK(resolved == 282);
    CHECK(open == 510);
    CHECK(dismissed == 423);
    CHECK(static_cast<double>(L.memory_bytes()) / static_cast<double>(L.size()) < 200.0);
}

TEST_CASE("ledger wiring: references checked against the network", "[ledger_wiring]") {
    furong::test::scratch_dir d;
    d.write("organisations.csv", "id,kind,name,parent\nd,district,D,\ns,street,S,d\nc,community,C,s\nk,compound,K,c\n");
    d.write("people.csv", "id,name\np,P\n");
    d.write("ledger.csv", "id,compound,category,summary,source,raised,owner,due,meeting\nL1,c,noise,x,survey,2025-03-03,p,,\n");
    furong::network net = furong::io::load_network(d.path());
    try {
        furong::load_ledger_dir(d.path(), checker(net));
        FAIL("a community accepted as the compound of an item");
    } catch (const furong::input_error& e) {
        CHECK(e.file() == "ledger.csv");
        CHECK(e.line() == 2);
        CHECK(e.column() == 2);
    }
}

TEST_CASE("ledger wiring: an unsatisfied visit reopens before the same day's work", "[ledger_wiring]") {
    furong::working_calendar cal;
    furong::sla_table sla;
    auto build = [&](item_status same_day) {
        furong::ledger_builder b(cal, sla);
        b.add_item({"L1", "C1", "noise", "x", furong::item_source::survey, "P1", date(2025, 3, 3), date(), ""});
        b.add_event("L1", date(2025, 3, 4), item_status::resolved);
        b.add_event("L1", date(2025, 3, 10), same_day);
        b.add_visit("L1", date(2025, 3, 10), visit_outcome::unsatisfied);
        return b.build();
    };
    // Implicit reopening by the visit, then work the same day.
    auto led = build(item_status::in_progress);
    CHECK(*led.status_on(0, date(2025, 3, 10)) == item_status::in_progress);
    // An explicit reopened event keeps the file rule (events first), the visit then has no effect.
    auto led2 = build(item_status::reopened);
    CHECK(*led2.status_on(0, date(2025, 3, 10)) == item_status::reopened);
    // closed on the day of an unsatisfied visit stays forbidden.
    CHECK_THROWS_AS(build(item_status::closed), furong::input_error);
    // Without the visit, in_progress after resolved is forbidden as before.
    furong::ledger_builder b(cal, sla);
    b.add_item({"L1", "C1", "noise", "x", furong::item_source::survey, "P1", date(2025, 3, 3), date(), ""});
    b.add_event("L1", date(2025, 3, 4), item_status::resolved);
    b.add_event("L1", date(2025, 3, 10), item_status::in_progress);
    b.add_visit("L1", date(2025, 3, 10), visit_outcome::satisfied);
    CHECK_THROWS_AS(b.build(), furong::input_error);
}
