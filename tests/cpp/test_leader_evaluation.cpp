// The neighbour-leader evaluation: each criterion of the rule, the evidence read from a
// hand-built ledger, the attribution of items and households to leaders, and counts that
// follow the data and the thresholds.
#include <catch2/catch.hpp>

#include <furong/domain/leader_evaluation.hpp>
#include <furong/network.hpp>
#include <furong/snapshot.hpp>

#include <cmath>
#include <string>
#include <vector>

using furong::date;
using furong::item_status;
using furong::leader_decision;
using furong::visit_outcome;

namespace {

// Evidence that meets every default commend threshold.
furong::leader_evidence strong() {
    furong::leader_evidence e;
    e.leader = "P";
    e.households = 20;
    e.items = 10;
    e.due_items = 10;
    e.closed_on_time = 10;
    e.resolved_items = 10;
    e.visited_on_time = 10;
    e.overdue = 0;
    e.complaints = 0;
    return e;
}

bool has_reason(const furong::leader_assessment& a, const std::string& prefix) {
    for (const auto& r : a.reasons)
        if (r.rfind(prefix, 0) == 0) return true;
    return false;
}

}  // namespace

TEST_CASE("leader evaluation: commend when every commend threshold is met", "[evaluation]") {
    furong::leader_thresholds t;
    auto a = furong::assess_leader(strong(), t);
    CHECK(a.decision == leader_decision::commend);
    CHECK(a.score == 5);
    CHECK(a.closure_rate == Approx(1));
    CHECK(a.visit_rate == Approx(1));
    CHECK(a.overdue_rate == Approx(0));
    CHECK(a.complaint_rate == Approx(0));
    CHECK(a.reasons == std::vector<std::string>{"all commend thresholds met"});
}

TEST_CASE("leader evaluation: each commend criterion on its own", "[evaluation]") {
    furong::leader_thresholds t;
    SECTION("closure rate just below the commend threshold") {
        auto e = strong();
        e.closed_on_time = 8;  // 0.8 < 0.9, but not < 0.5
        auto a = furong::assess_leader(e, t);
        CHECK(a.decision == leader_decision::none);
        CHECK(a.score == 4);
        CHECK(has_reason(a, "closure_rate 0.8 < 0.9"));
        e.closed_on_time = 9;  // exactly 0.9: met
        CHECK(furong::assess_leader(e, t).decision == leader_decision::commend);
    }
    SECTION("return visits") {
        auto e = strong();
        e.visited_on_time = 7;
        auto a = furong::assess_leader(e, t);
        CHECK(a.decision == leader_decision::none);
        CHECK(has_reason(a, "visit_rate"));
    }
    SECTION("households reached") {
        auto e = strong();
        e.households = 9;
        auto a = furong::assess_leader(e, t);
        CHECK(a.decision == leader_decision::none);
        CHECK(has_reason(a, "households 9 < 10"));
    }
    SECTION("one overdue item is enough to miss the commendation") {
        auto e = strong();
        e.overdue = 1;
        auto a = furong::assess_leader(e, t);
        CHECK(a.decision == leader_decision::none);
        CHECK(has_reason(a, "overdue_rate"));
    }
    SECTION("complaints") {
        auto e = strong();
        e.complaints = 2;  // 0.2 > 0.1, not > 0.3
        auto a = furong::assess_leader(e, t);
        CHECK(a.decision == leader_decision::none);
        CHECK(has_reason(a, "complaint_rate 0.2 > 0.1"));
    }
    SECTION("no due item yet: the closure rate is unknown and meets nothing") {
        auto e = strong();
        e.due_items = e.closed_on_time = 0;
        auto a = furong::assess_leader(e, t);
        CHECK(std::isnan(a.closure_rate));
        CHECK(a.decision == leader_decision::none);
    }
}

TEST_CASE("leader evaluation: any adjust threshold breached adjusts", "[evaluation]") {
    furong::leader_thresholds t;
    SECTION("closure rate") {
        auto e = strong();
        e.closed_on_time = 4;
        auto a = furong::assess_leader(e, t);
        CHECK(a.decision == leader_decision::adjust);
        CHECK(a.reasons == std::vector<std::string>{"closure_rate 0.4 < 0.5"});
    }
    SECTION("visit rate") {
        auto e = strong();
        e.visited_on_time = 4;
        CHECK(furong::assess_leader(e, t).decision == leader_decision::adjust);
    }
    SECTION("households: none reached") {
        auto e = strong();
        e.households = 0;
        auto a = furong::assess_leader(e, t);
        CHECK(a.decision == leader_decision::adjust);
        CHECK(has_reason(a, "households 0 < 1"));
    }
    SECTION("overdue rate") {
        auto e = strong();
        e.overdue = 3;  // 0.3 > 0.25
        CHECK(furong::assess_leader(e, t).decision == leader_decision::adjust);
        e.overdue = 2;  // 0.2: not a breach, but no commendation either
        CHECK(furong::assess_leader(e, t).decision == leader_decision::none);
    }
    SECTION("complaint rate") {
        auto e = strong();
        e.complaints = 4;
        CHECK(furong::assess_leader(e, t).decision == leader_decision::adjust);
    }
    SECTION("every breach is named") {
        auto e = strong();
        e.closed_on_time = 0;
        e.overdue = 5;
        auto a = furong::assess_leader(e, t);
        CHECK(a.reasons.size() == 2);
        CHECK(has_reason(a, "closure_rate"));
        CHECK(has_reason(a, "overdue_rate"));
    }
    SECTION("unknown rates breach nothing") {
        auto e = strong();
        e.due_items = e.closed_on_time = e.resolved_items = e.visited_on_time = 0;
        CHECK(furong::assess_leader(e, t).decision == leader_decision::none);
    }
}

TEST_CASE("leader evaluation: too little evidence decides nothing", "[evaluation]") {
    furong::leader_thresholds t;
    auto e = strong();
    e.items = e.due_items = e.closed_on_time = e.resolved_items = e.visited_on_time = 4;
    e.overdue = 4;  // would breach, but 4 items < 5
    auto a = furong::assess_leader(e, t);
    CHECK(a.decision == leader_decision::none);
    CHECK(a.reasons == std::vector<std::string>{"too little evidence: 4 items < 5"});
    t.min_items = 4;
    CHECK(furong::assess_leader(e, t).decision == leader_decision::adjust);
}

TEST_CASE("leader evaluation: thresholds are checked, decisions follow them", "[evaluation]") {
    furong::leader_thresholds bad;
    bad.visit_days = -1;
    CHECK_THROWS_AS(bad.check(), furong::argument_error);
    bad = {};
    bad.adjust_overdue_rate = std::nan("");
    CHECK_THROWS_AS(furong::evaluate_evidence({strong()}, bad), furong::argument_error);

    auto mid = strong();
    mid.leader = "M";
    mid.closed_on_time = 8;
    auto weak = strong();
    weak.leader = "W";
    weak.closed_on_time = 3;
    auto good = strong();
    good.leader = "G";
    std::vector<furong::leader_evidence> all{mid, weak, good};
    furong::leader_thresholds t;
    auto ev = furong::evaluate_evidence(all, t);
    CHECK(ev.commend == std::vector<std::string>{"G"});
    CHECK(ev.adjust == std::vector<std::string>{"W"});
    CHECK(ev.leaders.front().evidence.leader == "G");  // best first
    t.commend_closure_rate = 0.8;
    t.adjust_closure_rate = 0.2;
    ev = furong::evaluate_evidence(all, t);
    CHECK(ev.commend == std::vector<std::string>{"G", "M"});
    CHECK(ev.adjust.empty());
}

namespace {

// A community with two neighbourhoods: nb1 led by P1 (4 households), nb2 led by P2 (2
// households) until 2025-06-30 then by P3; P9 is a grid worker.
furong::network small_network() {
    furong::network net;
    net.add_organisation("d", furong::org_kind::district, "D");
    net.add_organisation("s", furong::org_kind::street, "S", "d");
    net.add_organisation("c", furong::org_kind::community, "C", "s");
    net.add_organisation("k", furong::org_kind::compound, "K", "c");
    net.add_organisation("b", furong::org_kind::building, "B", "k");
    net.add_organisation("a", furong::org_kind::area, "A", "c");
    net.add_organisation("g", furong::org_kind::group, "G", "a");
    net.add_organisation("nb1", furong::org_kind::neighbourhood, "N1", "g");
    net.add_organisation("nb2", furong::org_kind::neighbourhood, "N2", "g");
    net.add_organisation("grid", furong::org_kind::grid, "Grid", "c");
    for (int h = 1; h <= 6; ++h) net.add_organisation("h" + std::to_string(h), furong::org_kind::household, "", "b");
    for (const char* p : {"P1", "P2", "P3", "P9"}) net.add_person(p, p);
    net.add_role("P1", "nb1", furong::role_kind::neighbour_leader);
    net.add_role("P2", "nb2", furong::role_kind::neighbour_leader,
                 furong::validity::between(date(2021, 1, 1), date(2025, 6, 30)));
    net.add_role("P3", "nb2", furong::role_kind::neighbour_leader, furong::validity::between(date(2025, 7, 1), date()));
    net.add_role("P9", "grid", furong::role_kind::grid_worker);
    for (int h = 1; h <= 4; ++h) net.add_link("h" + std::to_string(h), "nb1", furong::link_kind::contact);
    net.add_link("h5", "nb2", furong::link_kind::contact);
    // h6's contact ended in 2024.
    net.add_link("h6", "nb2", furong::link_kind::contact, furong::validity::between(date(2024, 1, 1), date(2024, 12, 31)));
    return net;
}

furong::item_record item(const std::string& id, const std::string& owner, date raised, date due) {
    return {id, "k", "noise", "", furong::item_source::survey, owner, raised, due, ""};
}

}  // namespace

TEST_CASE("leader evaluation: evidence read from the ledger", "[evaluation]") {
    furong::working_calendar cal;
    furong::sla_table sla;
    furong::ledger_builder b(cal, sla);
    // P1's items, read on 2025-06-01 (items first: the builder wants them before events).
    b.add_item(item("L1", "P1", date(2025, 3, 1), date(2025, 3, 10)));   // closed on time, visited in time
    b.add_item(item("L2", "P1", date(2025, 3, 1), date(2025, 3, 10)));   // resolved late, visit too late
    b.add_item(item("L3", "P1", date(2025, 4, 1), date(2025, 4, 10)));   // overdue
    b.add_item(item("L4", "P1", date(2025, 5, 25), date(2025, 6, 10)));  // not due yet, resolved 05-30
    b.add_item(item("L5", "P1", date(2025, 4, 1), date(2025, 4, 10)));   // dismissed: not evidence
    b.add_item(item("L6", "P1", date(2025, 7, 1), date(2025, 7, 10)));   // raised after the day
    b.add_item(item("L7", "P9", date(2025, 3, 1), date(2025, 3, 10)));   // a grid worker's item
    b.add_event("L1", date(2025, 3, 5), item_status::resolved);
    b.add_visit("L1", date(2025, 3, 12), visit_outcome::satisfied);
    b.add_event("L1", date(2025, 3, 12), item_status::closed);
    b.add_event("L2", date(2025, 3, 20), item_status::resolved);
    b.add_visit("L2", date(2025, 4, 20), visit_outcome::unsatisfied);  // a complaint; reopens
    b.add_event("L2", date(2025, 4, 22), item_status::resolved);       // resolved again, 04-22
    b.add_event("L3", date(2025, 4, 2), item_status::assigned);
    b.add_event("L4", date(2025, 5, 30), item_status::resolved);
    b.add_event("L5", date(2025, 4, 2), item_status::duplicate);
    auto led = b.build();
    auto net = small_network();
    furong::snapshot s(net);
    auto at = furong::attribute_to_leaders(s, led, date(2025, 6, 1));
    REQUIRE(at.leaders == std::vector<std::string>{"P1", "P2"});
    CHECK(at.households == std::vector<std::size_t>{4, 1});  // h6's contact ended
    CHECK(at.leader_of_item == std::vector<std::uint32_t>{0, 0, 0, 0, 0, furong::no_leader, furong::no_leader});

    auto ev = furong::leader_evidence_of(led, at, furong::day_of(date(2025, 6, 1)), 14);
    REQUIRE(ev.size() == 2);
    const auto& p1 = ev[0];
    CHECK(p1.leader == "P1");
    CHECK(p1.households == 4);
    CHECK(p1.items == 4);           // L1..L4
    CHECK(p1.due_items == 3);       // L1, L2, L3
    CHECK(p1.closed_on_time == 1);  // L1 (L2's last resolution is 04-22, after its due date)
    CHECK(p1.resolved_items == 2);  // L1, L2 (L4's window runs to 06-13)
    CHECK(p1.visited_on_time == 1); // L1 (L2 has no visit after 04-22)
    CHECK(p1.overdue == 1);         // L3
    CHECK(p1.complaints == 1);      // L2's unsatisfied visit
    CHECK(ev[1].items == 0);
    auto a = furong::assess_leader(p1, {});
    CHECK(a.decision == leader_decision::none);  // 4 items < 5
    furong::leader_thresholds four;
    four.min_items = 4;
    a = furong::assess_leader(p1, four);
    CHECK(a.decision == leader_decision::adjust);  // closure 1/3, overdue 1/4 is not > 0.25, complaints 1/4
    CHECK(has_reason(a, "closure_rate"));
    CHECK(!has_reason(a, "overdue_rate"));

    // A shorter visit window counts L4 as resolved long enough ago; a visit must then come within it.
    auto ev0 = furong::leader_evidence_of(led, at, furong::day_of(date(2025, 6, 1)), 0);
    CHECK(ev0[0].resolved_items == 3);
    CHECK(ev0[0].visited_on_time == 0);  // L1's visit came 7 days after resolution
}

TEST_CASE("leader evaluation: attribution follows the day, or every role without one", "[evaluation]") {
    furong::working_calendar cal;
    furong::sla_table sla;
    furong::ledger_builder b(cal, sla);
    b.add_item(item("L1", "P2", date(2025, 3, 1), date(2025, 3, 10)));
    b.add_item(item("L2", "P3", date(2025, 8, 1), date(2025, 8, 10)));
    auto led = b.build();
    auto net = small_network();
    furong::snapshot s(net);
    auto later = furong::attribute_to_leaders(s, led, date(2025, 9, 1));
    CHECK(later.leaders == std::vector<std::string>{"P1", "P3"});
    CHECK(later.leader_of_item == std::vector<std::uint32_t>{furong::no_leader, 1});  // P2 left office
    auto all = furong::attribute_to_leaders(s, led, furong::as_of());
    CHECK(all.leaders == std::vector<std::string>{"P1", "P2", "P3"});
    CHECK(all.households == std::vector<std::size_t>{4, 2, 2});  // every contact link counts
    CHECK(all.leader_of_item == std::vector<std::uint32_t>{1, 2});
    CHECK(furong::ledger_last_day(led) == furong::day_of(date(2025, 8, 1)));
    furong::ledger empty;
    CHECK(!furong::ledger_last_day(empty));
    CHECK(furong::evaluate_leaders(s, empty, furong::as_of()).leaders.size() == 3);
}

TEST_CASE("leader evaluation: counts follow the data and the thresholds", "[evaluation]") {
    auto net = small_network();
    furong::snapshot s(net);
    auto build = [](int late) {
        furong::working_calendar cal;
        furong::sla_table sla;
        furong::ledger_builder b(cal, sla);
        for (int k = 0; k < 6; ++k) b.add_item(item("L" + std::to_string(k), "P1", date(2025, 3, 1), date(2025, 3, 10)));
        for (int k = 0; k < 6; ++k) {
            std::string id = "L" + std::to_string(k);
            b.add_event(id, k < late ? date(2025, 3, 20) : date(2025, 3, 5), item_status::resolved);
            b.add_visit(id, k < late ? date(2025, 3, 22) : date(2025, 3, 7), visit_outcome::satisfied);
        }
        return b.build();
    };
    auto day = date(2025, 6, 1);
    // P1 reaches 4 households: below the default commend threshold of 10.
    CHECK(furong::evaluate_leaders(s, build(0), day).commend.empty());
    furong::leader_thresholds base;
    base.commend_households = 4;
    auto good = furong::evaluate_leaders(s, build(0), day, base);
    CHECK(good.commend == std::vector<std::string>{"P1"});
    CHECK(good.adjust.empty());
    auto bad = furong::evaluate_leaders(s, build(4), day, base);  // 2 of 6 on time
    CHECK(bad.commend.empty());
    CHECK(bad.adjust == std::vector<std::string>{"P1"});
    auto lenient = base;
    lenient.adjust_closure_rate = 0.3;
    lenient.commend_closure_rate = 0.3;
    CHECK(furong::evaluate_leaders(s, build(4), day, lenient).commend == std::vector<std::string>{"P1"});
    auto strict = base;
    strict.commend_households = 5;
    CHECK(furong::evaluate_leaders(s, build(0), day, strict).commend.empty());
}
