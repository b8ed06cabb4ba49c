// The rules moved out of the ledger bindings (issue 10): agreement changes and their
// all-or-nothing application, the signed-by filter of pairings, four-party sessions, the
// status-family table, the required as-of day of the ledger, the joint-meeting expectation
// from the one three-party rule, and the standalone meetings reader.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <furong/domain/agreements.hpp>
#include <furong/domain/joint_meetings.hpp>
#include <furong/domain/ledger_groups.hpp>
#include <furong/edit/agreements.hpp>
#include <furong/io/ledger_files.hpp>

#include <random>

using namespace furong;

namespace {

network paired() {
    network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("s", org_kind::street, "S", "d");
    net.add_organisation("c", org_kind::community, "C", "s");
    net.add_organisation("ag", org_kind::agency, "Agency", "d");
    for (auto k : {"c1", "c2", "c3"}) net.add_organisation(k, org_kind::compound, k, "c");
    net.add_link("ag", "c1", link_kind::pairing, validity::between(date(2025, 1, 1), date(2025, 6, 30)));
    net.add_link("ag", "c3", link_kind::pairing, validity::between(date(2025, 3, 1), date(2025, 3, 31)));
    return net;
}

pairing_span span(const char* p, const char* c, date a, date b) { return {p, c, validity::between(a, b), {"A"}, 0}; }

}  // namespace

TEST_CASE("agreements: created, renewed, kept; the uncovered days are added", "[agreements]") {
    network net = paired();
    std::vector<pairing_span> spans{
        span("ag", "c1", date(2025, 7, 1), date(2025, 12, 31)),  // touches the link ending 06-30
        span("ag", "c2", date(2025, 2, 1), date()),              // no link at all
        span("ag", "c1", date(2025, 2, 1), date(2025, 5, 31)),   // inside the link
        span("ag", "c3", date(2025, 1, 1), date(2025, 12, 31)),  // the link in the middle: two gaps
    };
    auto ch = agreement_changes(net, spans);
    REQUIRE(ch.size() == 4);
    CHECK(ch[0].action == agreement_action::renewed);
    REQUIRE(ch[0].added.size() == 1);
    CHECK(ch[0].added[0] == validity::between(date(2025, 7, 1), date(2025, 12, 31)));
    CHECK(ch[1].action == agreement_action::created);
    REQUIRE(ch[1].added.size() == 1);
    CHECK(ch[1].added[0].until == validity::open_until);
    CHECK(ch[2].action == agreement_action::kept);
    CHECK(ch[2].added.empty());
    CHECK(ch[3].action == agreement_action::renewed);
    REQUIRE(ch[3].added.size() == 2);
    CHECK(ch[3].added[0] == validity::between(date(2025, 1, 1), date(2025, 2, 28)));
    CHECK(ch[3].added[1] == validity::between(date(2025, 4, 1), date(2025, 12, 31)));
    CHECK(name_of(agreement_action::renewed) == "renewed");

    const auto links = net.links().rows.size();
    CHECK(apply_agreement_changes(net, ch) == 4);
    CHECK(net.links().rows.size() == links + 4);
    // Applied again: everything is covered, nothing changes.
    auto again = agreement_changes(net, spans);
    for (const auto& c : again) CHECK(c.action == agreement_action::kept);
    CHECK(apply_agreement_changes(net, again) == 0);
}

TEST_CASE("agreements: a refused edit changes nothing", "[agreements]") {
    network net = paired();
    std::vector<pairing_span> spans{span("ag", "c2", date(2025, 1, 1), date()),
                                    span("nobody", "c2", date(2025, 1, 1), date())};  // unknown provider
    auto ch = agreement_changes(net, spans);
    CHECK(ch[1].action == agreement_action::created);
    const auto links = net.links().rows.size();
    const auto rev = net.revision();
    CHECK_THROWS_AS(apply_agreement_changes(net, ch), unknown_id_error);
    CHECK(net.links().rows.size() == links);
    CHECK(net.revision() == rev);
    // A compound paired with a compound: refused by the network's own link rule.
    std::vector<pairing_span> wrong{span("c1", "c2", date(2025, 1, 1), date())};
    CHECK_THROWS_AS(apply_agreement_changes(net, agreement_changes(net, wrong)), model_error);
    CHECK(net.links().rows.size() == links);
}

TEST_CASE("agreements: the days added are exactly the uncovered days (random)", "[agreements]") {
    std::mt19937 rng(7);
    const day_t base = day_of(date(2025, 1, 1));
    for (int round = 0; round < 200; ++round) {
        network net = paired();
        std::vector<char> covered(120, 0);
        for (int k = rng() % 4; k > 0; --k) {
            day_t a = base + static_cast<day_t>(rng() % 120), b = a + static_cast<day_t>(rng() % 30);
            net.add_link("ag", "c2", link_kind::pairing, validity{a, b});
            for (day_t x = a; x <= b && x < base + 120; ++x) covered[static_cast<std::size_t>(x - base)] = 1;
        }
        day_t a = base + static_cast<day_t>(rng() % 100), b = a + static_cast<day_t>(rng() % 20);
        auto ch = agreement_changes(net, {pairing_span{"ag", "c2", validity{a, b}, {"A"}, 0}});
        std::vector<char> added(120, 0);
        for (const auto& v : ch[0].added)
            for (day_t x = v.since; x <= v.until; ++x) added[static_cast<std::size_t>(x - base)] = 1;
        bool all_covered = true;
        for (day_t x = a; x <= b; ++x) {
            const auto i = static_cast<std::size_t>(x - base);
            CHECK(added[i] == !covered[i]);  // each uncovered day once, no covered day
            all_covered = all_covered && covered[i];
        }
        for (std::size_t k = 1; k < ch[0].added.size(); ++k)
            CHECK(ch[0].added[k].since > ch[0].added[k - 1].until + 1);  // maximal runs
        CHECK((ch[0].action == agreement_action::kept) == all_covered);
    }
}

TEST_CASE("pairings signed by a day; four-party sessions by a day", "[agreements][meetings]") {
    meeting_book mb;
    mb.add_meeting({"A2025", meeting_kind::annual, date(2025, 1, 18), "al", ""});
    mb.add_meeting({"A2026", meeting_kind::annual, date(2026, 1, 17), "al", ""});
    mb.add_meeting({"N1", meeting_kind::night_talk, date(2025, 3, 6), "s", "noise"});
    mb.add_meeting({"N2", meeting_kind::night_talk, date(2025, 9, 6), "s", "fire"});
    for (auto p : {party::department, party::street, party::community, party::resident})
        mb.add_attendance({"N1", p, "x"});
    mb.add_attendance({"N2", party::resident, "y"});
    mb.add_agreement({"A2025", "ag", "c1", date(2025, 2, 1), date(2025, 12, 31)});
    mb.add_agreement({"A2026", "ag", "c1", date(2026, 1, 1), date(2026, 12, 31)});
    CHECK(mb.pairings().front().renewals == 1);
    auto early = mb.pairings(date(2025, 12, 31));
    REQUIRE(early.size() == 1);
    CHECK(early[0].renewals == 0);
    CHECK(early[0].valid.until_date() == date(2025, 12, 31));
    CHECK(mb.pairings(date(2025, 1, 1)).empty());
    CHECK(mb.active_agreements(date()).size() == 2);  // no date filter

    auto all = mb.four_party_sessions();
    REQUIRE(all.size() == 2);
    CHECK(all[0].missing.empty());
    CHECK(all[1].missing == std::vector<party>{party::department, party::street, party::community});
    CHECK(mb.four_party_sessions(date(2025, 6, 1)).size() == 1);
}

TEST_CASE("status families: one table, the ledger's as-of day is required", "[ledger]") {
    for (std::size_t i = 0; i < item_status_count; ++i) {
        auto s = static_cast<item_status>(i);
        CHECK(status_families[i] == family_of(s));
        CHECK(is_open_family(s) == (status_families[i] == status_family::open));
    }
    CHECK(status_families[static_cast<std::size_t>(item_status::closed)] == status_family::done);
    CHECK(status_families[static_cast<std::size_t>(item_status::withdrawn)] == status_family::dismissed);

    working_calendar cal;
    sla_table sla;
    ledger_builder b(cal, sla);
    b.add_item({"L1", "C1", "noise", "", item_source::survey, "P1", date(2025, 3, 1), date(2025, 3, 5), ""});
    ledger L = b.build();
    CHECK(L.overdue(date(2025, 4, 1)).size() == 1);
    CHECK_THROWS_WITH(L.overdue(date()), Catch::Contains("as_of is required"));
    CHECK_THROWS_AS(L.visit_due(date()), argument_error);
    CHECK_THROWS_AS(L.closure_stats(date(), item_field::category), argument_error);
    CHECK_THROWS_AS(L.open_overdue_by(date()), argument_error);
    CHECK_THROWS_AS(L.open_longer_than(date(), 3), argument_error);
    CHECK_THROWS_AS(L.status_on(0, date()), argument_error);
    meeting_book mb;
    CHECK_THROWS_AS(mb.late_commitments(date()), argument_error);
    CHECK_THROWS_AS(mb.night_talk_loop(L, date()), argument_error);
    CHECK(ledger_grouping_of("street") == ledger_grouping::street);
    CHECK_THROWS_WITH(ledger_grouping_of("town"), Catch::Contains("street, community, compound"));
}

TEST_CASE("joint-meeting expectation: the compounds of the one three-party rule", "[agreements][meetings]") {
    network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("s", org_kind::street, "S", "d");
    net.add_organisation("pc", org_kind::property_company, "PC", "s");
    net.add_organisation("c", org_kind::community, "C", "s");
    for (auto k : {"own", "weak"}) {
        net.add_organisation(k, org_kind::compound, k, "c");
        net.add_organisation(std::string("oc-") + k, org_kind::owners_committee, "OC", k);
        net.add_link(std::string("oc-") + k, k, link_kind::represents);
        net.add_link("pc", k, link_kind::serves);
    }
    // own: its own branch (5 party members), no covers link: three-party complete.
    net.add_organisation("br", org_kind::branch, "Own branch", "own");
    net.set_party_members(net.index_of("own"), 5);
    // weak: covered by a joint branch serving 2 party members: not complete.
    net.add_organisation("jb", org_kind::branch, "Joint", "c");
    net.set_party_members(net.index_of("weak"), 2);
    net.add_link("jb", "weak", link_kind::covers);
    snapshot s(net);
    meeting_book mb;
    CHECK(missed_joint_meetings(s, mb, 2025, 6) == std::vector<std::string>{"own"});
    mb.add_meeting({"J1", meeting_kind::joint, date(2025, 6, 10), "own", ""});
    CHECK(missed_joint_meetings(s, mb, 2025, 6).empty());
    CHECK(missed_joint_meetings(s, mb, 2025, 7) == std::vector<std::string>{"own"});
    CHECK_THROWS_AS(missed_joint_meetings(s, mb, 2025, 13), argument_error);
}

TEST_CASE("meetings file read alone: strict and positioned", "[agreements][files]") {
    test::scratch_dir scratch;
    const auto& dir = scratch.path();
    scratch.write("meetings.csv", "id,kind,date,org,theme\nJ1,joint,2025-06-10,own,\nJ2,joint,2025-06-31,own,\n");
    try {
        read_meetings_file(dir);
        FAIL("expected an input_error");
    } catch (const input_error& e) {
        CHECK(e.line() == 3);
        CHECK(e.column() == 3);
    }
    scratch.write("meetings.csv", "id,kind,date,org,theme\nJ1,joint,2025-06-10,own,\nN1,night_talk,2025-06-12,s,noise\n");
    auto mb = read_meetings_file(dir / "meetings.csv");
    CHECK(mb.meetings().size() == 2);
    CHECK_THROWS_AS(read_meetings_file(dir / "nope.csv"), input_error);
}

TEST_CASE("backlog of an item table: open, overdue, closed per day", "[ledger]") {
    const day_t d0 = day_of(date(2025, 1, 1)), never = validity::open_until;
    // raised 01-01 closed 01-03 due 01-05; raised 01-02 open due 01-02 (overdue from 01-03).
    auto b = backlog_of({d0, d0 + 1}, {d0 + 2, never}, {d0 + 4, d0 + 1}, {d0, d0 + 1, d0 + 2, d0 + 10});
    CHECK(b.open == std::vector<std::int64_t>{1, 2, 1, 1});
    CHECK(b.overdue == std::vector<std::int64_t>{0, 0, 1, 1});
    CHECK(b.closed == std::vector<std::int64_t>{0, 0, 1, 1});
    CHECK_THROWS_AS(backlog_of({d0}, {}, {d0}, {d0}), argument_error);
}
