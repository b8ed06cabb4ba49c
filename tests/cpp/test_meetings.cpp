// Meetings, attendance, annual-meeting agreements and commitments, night-talk loop rates, and
// the neighbour-leader evaluation.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <furong/ledger/evaluation.hpp>
#include <furong/io/ledger_files.hpp>
#include <furong/domain/meetings.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include <unistd.h>

namespace {

using furong::date;
using furong::meeting_kind;
using furong::party;

furong::meeting_book sample_book() {
    furong::meeting_book mb;
    mb.add_meeting({"J1", meeting_kind::joint, date(2025, 3, 11), "C1", "parking"});
    mb.add_meeting({"J2", meeting_kind::joint, date(2025, 3, 31), "C2", ""});
    mb.add_meeting({"J3", meeting_kind::joint, date(2025, 4, 8), "C1", ""});
    mb.add_meeting({"N1", meeting_kind::night_talk, date(2025, 3, 6), "S_WENYILU", "fire safety"});
    mb.add_meeting({"N2", meeting_kind::night_talk, date(2025, 3, 20), "CM_BAYIQIAO", "noise"});
    mb.add_meeting({"A2025", meeting_kind::annual, date(2025, 1, 18), "ALLIANCE", "annual meeting"});
    mb.add_meeting({"A2026", meeting_kind::annual, date(2026, 1, 17), "ALLIANCE", "annual meeting"});
    for (auto p : {party::department, party::street, party::community, party::resident, party::deputy})
        mb.add_attendance({"N1", p, "X_" + std::string(furong::name_of(p))});
    mb.add_attendance({"N2", party::resident, "P1"});
    mb.add_attendance({"N2", party::community, "CM_BAYIQIAO"});
    mb.add_attendance({"N2", party::resident, "P2"});
    return mb;
}

using furong::test::fresh_dir;
using furong::test::write;

}  // namespace

TEST_CASE("four-party attendance", "[meetings]") {
    auto mb = sample_book();
    CHECK(mb.four_party("N1"));
    CHECK_FALSE(mb.four_party("N2"));
    CHECK(mb.missing_four_parties("N2") == std::vector<party>{party::department, party::street});
    CHECK(mb.parties_present("N2") == std::vector<party>{party::community, party::resident});
    CHECK_THROWS_AS(mb.four_party("NOPE"), furong::unknown_id_error);
}

TEST_CASE("compounds that missed their joint meeting", "[meetings]") {
    auto mb = sample_book();
    std::vector<std::string> compounds{"C1", "C2", "C3"};
    CHECK(mb.missed_joint_meetings(2025, 3, compounds) == std::vector<std::string>{"C3"});
    CHECK(mb.missed_joint_meetings(2025, 4, compounds) == std::vector<std::string>{"C2", "C3"});
    auto range = mb.missed_joint_meetings(date(2025, 3, 15), date(2025, 4, 2), compounds);
    REQUIRE(range.size() == 3);
    CHECK(range[0] == std::make_pair(std::string("C3"), date(2025, 3, 1)));
    CHECK(range[1] == std::make_pair(std::string("C2"), date(2025, 4, 1)));
    CHECK_THROWS_AS(mb.missed_joint_meetings(2025, 13, compounds), furong::argument_error);
    // Planned second Tuesdays of C1: 11 Mar, 8 Apr held; 13 May missed.
    auto rule = furong::schedule_rule::parse("second tuesday");
    CHECK(mb.missed_planned(rule, meeting_kind::joint, "C1", date(2025, 3, 1), date(2025, 5, 31)) ==
          std::vector<date>{date(2025, 5, 13)});
    // C2 met on 31 Mar, 20 days after the planned 11 Mar.
    CHECK(mb.missed_planned(rule, meeting_kind::joint, "C2", date(2025, 3, 1), date(2025, 3, 31), 20).empty());
    CHECK(mb.missed_planned(rule, meeting_kind::joint, "C2", date(2025, 3, 1), date(2025, 3, 31), 19).size() == 1);
}

TEST_CASE("night-talk closed-loop rate from the ledger", "[meetings]") {
    auto mb = sample_book();
    furong::working_calendar cal;
    furong::sla_table sla;
    furong::ledger_builder b(cal, sla);
    auto item = [&](const std::string& id, const std::string& meeting, date raised) {
        b.add_item({id, "C1", "fire_safety", "", furong::item_source::night_talk, "P1", raised, date(), meeting});
    };
    item("L1", "N1", date(2025, 3, 7));
    item("L2", "N1", date(2025, 3, 7));
    item("L3", "N1", date(2025, 3, 7));
    item("L4", "N2", date(2025, 3, 21));
    item("L5", "", date(2025, 3, 21));
    b.add_event("L1", date(2025, 3, 10), furong::item_status::resolved);
    b.add_visit("L1", date(2025, 3, 12), furong::visit_outcome::satisfied);
    b.add_event("L1", date(2025, 3, 13), furong::item_status::closed);
    b.add_event("L2", date(2025, 3, 10), furong::item_status::resolved);
    b.add_event("L4", date(2025, 3, 22), furong::item_status::withdrawn);
    auto led = b.build();
    auto rates = mb.night_talk_loop(led, date(2025, 4, 1));
    REQUIRE(rates.size() == 2);
    CHECK(rates[0].meeting == "N1");
    CHECK(rates[0].agreed == 3);
    CHECK(rates[0].done == 2);
    CHECK(rates[0].closed == 1);
    CHECK(rates[0].rate == Approx(1.0 / 3));
    CHECK(rates[1].meeting == "N2");
    CHECK(rates[1].agreed == 1);
    CHECK(rates[1].closed == 0);
    // Before the close, nothing is closed yet; before the items, nothing is agreed.
    CHECK(mb.night_talk_loop(led, date(2025, 3, 12))[0].closed == 0);
    CHECK(mb.night_talk_loop(led, date(2025, 3, 6))[0].agreed == 0);
    CHECK(led.ids(led.items_of_meeting("N1")) == std::vector<std::string>{"L1", "L2", "L3"});
}

TEST_CASE("annual meeting agreements create and renew pairings", "[meetings]") {
    auto mb = sample_book();
    mb.add_agreement({"A2025", "AG_HOUSING", "C1", date(2025, 2, 1), date(2025, 12, 31)});
    mb.add_agreement({"A2026", "AG_HOUSING", "C1", date(2026, 1, 1), date(2026, 12, 31)});  // renewal
    mb.add_agreement({"A2025", "AG_HOUSING", "C2", date(2025, 2, 1), date(2025, 6, 30)});
    mb.add_agreement({"A2026", "AG_HOUSING", "C2", date(2026, 2, 1), date()});              // gap: new span
    mb.add_agreement({"A2025", "U_HNU", "C3", date(2025, 2, 1), date()});
    CHECK_THROWS_AS(mb.add_agreement({"N1", "U_HNU", "C3", date(2025, 2, 1), date()}), furong::argument_error);
    CHECK_THROWS_AS(mb.add_agreement({"A2025", "U_HNU", "C3", date(2025, 2, 1), date(2025, 1, 1)}), furong::argument_error);
    auto spans = mb.pairings();
    REQUIRE(spans.size() == 4);
    CHECK(spans[0].compound == "C1");
    CHECK(spans[0].renewals == 1);
    CHECK(spans[0].valid.since_date() == date(2025, 2, 1));
    CHECK(spans[0].valid.until_date() == date(2026, 12, 31));
    CHECK(spans[0].meetings == std::vector<std::string>{"A2025", "A2026"});
    CHECK(spans[1].compound == "C2");
    CHECK(spans[1].valid.until_date() == date(2025, 6, 30));
    CHECK(spans[2].compound == "C2");
    CHECK(spans[2].valid.until == furong::validity::open_until);
    CHECK(spans[3].provider == "U_HNU");
    CHECK(mb.active_agreements(date(2025, 8, 1)).size() == 2);
    CHECK(mb.active_agreements(date(2026, 3, 1)).size() == 3);
}

TEST_CASE("commitments and projects delivered late or not at all", "[meetings]") {
    auto mb = sample_book();
    mb.add_commitment({"A2025", "U_BANK", "elderly canteen", date(2025, 6, 1), date(2025, 5, 20)});
    mb.add_commitment({"A2025", "U_HNU", "community library", date(2025, 6, 1), date(2025, 6, 11)});
    mb.add_commitment({"A2025", "U_TELECOM", "parent-child reading corner", date(2025, 9, 1), date()});
    CHECK(mb.late_commitments(date(2025, 6, 5)).size() == 1);  // library: due passed, not yet delivered
    auto late = mb.late_commitments(date(2025, 10, 1));
    REQUIRE(late.size() == 2);
    CHECK(late[0].item.summary == "community library");
    CHECK(late[0].delivered);
    CHECK(late[0].days_late == 10);
    CHECK(late[1].item.summary == "parent-child reading corner");
    CHECK_FALSE(late[1].delivered);
    CHECK(late[1].days_late == 30);
    CHECK_THROWS_AS(mb.add_commitment({"J1", "U", "x", date(2025, 6, 1), date()}), furong::argument_error);
}

TEST_CASE("meeting files: bad input is positioned, round trip holds", "[meetings][files]") {
    auto expect = [](const std::filesystem::path& dir, const std::string& file, std::size_t line, std::size_t col,
                     const std::string& fragment) {
        try {
            furong::load_ledger_dir(dir);
            FAIL("expected an input_error");
        } catch (const furong::input_error& e) {
            INFO(e.what());
            CHECK(e.file() == file);
            CHECK(e.line() == line);
            CHECK(e.column() == col);
            CHECK_THAT(e.what(), Catch::Contains(fragment));
        }
    };
    const std::string meetings = "id,kind,date,org,theme\nN1,night_talk,2025-03-06,S1,fire\nA1,annual,2025-01-18,AL,\n";
    {
        auto d = fresh_dir("party");
        write(d, "meetings.csv", meetings);
        write(d, "attendance.csv", "meeting,party,attendee\nN1,street,S1\nN1,media,X\n");
        expect(d, "attendance.csv", 3, 2, "unknown party 'media' (expected one of department, street");
    }
    {
        auto d = fresh_dir("unknown_meeting");
        write(d, "meetings.csv", meetings);
        write(d, "attendance.csv", "meeting,party,attendee\nN9,street,S1\n");
        expect(d, "attendance.csv", 2, 1, "unknown meeting 'N9'");
    }
    {
        auto d = fresh_dir("dup");
        write(d, "meetings.csv", meetings + "N1,joint,2025-03-07,C1,\n");
        expect(d, "meetings.csv", 4, 1, "duplicate meeting id 'N1'");
    }
    {
        auto d = fresh_dir("date");
        write(d, "meetings.csv", "id,kind,date,org,theme\nN1,night_talk,2025-04-31,S1,fire\n");
        expect(d, "meetings.csv", 2, 3, "no such day");
    }
    {
        auto d = fresh_dir("agree");
        write(d, "meetings.csv", meetings);
        write(d, "agreements.csv", "meeting,provider,compound,since,until\nA1,AG1,C1,2025-02-01,2025-01-31\n");
        expect(d, "agreements.csv", 2, 5, "is before since");
        write(d, "agreements.csv", "meeting,provider,compound,since,until\nN1,AG1,C1,2025-02-01,\n");
        expect(d, "agreements.csv", 2, 1, "expected an annual meeting");
    }
    {
        auto d = fresh_dir("commit");
        write(d, "meetings.csv", meetings);
        write(d, "commitments.csv", "meeting,provider,summary,due,delivered\nA1,U1,library,,\n");
        expect(d, "commitments.csv", 2, 4, "expected a date YYYY-MM-DD, found an empty field");
    }
    {
        auto d = fresh_dir("rt");
        write(d, "meetings.csv", meetings);
        write(d, "attendance.csv", "meeting,party,attendee\nN1,street,S1\n");
        write(d, "agreements.csv", "meeting,provider,compound,since,until\nA1,AG1,C1,2025-02-01,\n");
        write(d, "commitments.csv", "meeting,provider,summary,due,delivered\nA1,U1,\"library, 2nd floor\",2025-06-01,2025-06-03\n");
        auto data = furong::load_ledger_dir(d);
        CHECK(data.meetings.meetings().size() == 2);
        CHECK(data.meetings.commitments()[0].summary == "library, 2nd floor");
        auto d2 = fresh_dir("rt2");
        furong::save_ledger_dir(data, d2);
        CHECK(furong::load_ledger_dir(d2) == data);
    }
}

TEST_CASE("neighbour-leader evaluation: score, thresholds and counts", "[evaluation]") {
    furong::evaluation_weights w;
    // A full neighbourhood, active reporting, fast closure, every item visited.
    furong::leader_record best{"P_BEST", 20, 10, {2, 3, 4}, 10, 0};
    auto s = furong::score_leader(best, w);
    CHECK(s.coverage == Approx(1));
    CHECK(s.reporting == Approx(1));
    CHECK(s.speed == Approx(1 - 3.0 / 60));
    CHECK(s.visits == Approx(1));
    CHECK(s.score == Approx(0.25 + 0.20 + 0.30 * (1 - 3.0 / 60) + 0.25));
    // Nothing raised: neutral speed and visits, no reporting.
    furong::leader_record quiet{"P_QUIET", 15, 0, {}, 0, 0};
    auto q = furong::score_leader(quiet, w);
    CHECK(q.score == Approx(0.25 + 0 + 0.30 * 0.5 + 0.25 * 0.5));
    // Tunable: weighting only speed.
    furong::evaluation_weights only_speed{0, 0, 1, 0, 0};
    CHECK(furong::score_leader(best, only_speed).score == Approx(1 - 3.0 / 60));

    furong::leader_record slow{"P_SLOW", 10, 8, {80, 90}, 1, 5};
    furong::leader_record none{"P_NONE", 0, 0, {}, 0, 0};
    std::vector<furong::leader_record> recs{slow, best, quiet, none};
    auto r = furong::evaluate_leaders(recs, w);
    CHECK(r.scores.front().leader == "P_BEST");
    CHECK(r.commend == std::vector<std::string>{"P_BEST"});
    // P_NONE covers no household: adjusted whatever its score; P_SLOW is below 0.35.
    CHECK(r.adjust == std::vector<std::string>{"P_NONE", "P_SLOW"});  // score order: 0.275, 0.273
    furong::selection_rule by_count;
    by_count.commend_count = 2;
    by_count.adjust_count = 1;
    auto c = furong::evaluate_leaders(recs, w, by_count);
    CHECK(c.commend == std::vector<std::string>{"P_BEST", "P_QUIET"});
    CHECK(c.adjust == std::vector<std::string>{"P_NONE"});
    CHECK_THROWS_AS(furong::evaluate_leaders({best, best}), furong::argument_error);

    // The seed's figures by counts on a synthetic population: exactly 374 and 424, disjoint.
    std::mt19937 rng(3);
    std::vector<furong::leader_record> many;
    for (int k = 0; k < 3000; ++k) {
        furong::leader_record l;
        l.leader = "P" + std::to_string(k);
        l.households = 1 + rng() % 25;
        l.items_raised = rng() % 12;
        for (std::size_t i = 0; i < l.items_raised / 2; ++i) l.closure_days.push_back(rng() % 90);
        l.visits_done = rng() % 12;
        l.overdue = l.items_raised ? rng() % (l.items_raised + 1) / 2 : 0;
        many.push_back(l);
    }
    furong::selection_rule seed_rule;
    seed_rule.commend_count = 374;
    seed_rule.adjust_count = 424;
    auto big = furong::evaluate_leaders(many, w, seed_rule);
    CHECK(big.commend.size() == 374);
    CHECK(big.adjust.size() == 424);
    std::set<std::string> both(big.commend.begin(), big.commend.end());
    for (const auto& a : big.adjust) CHECK(both.count(a) == 0);
}

TEST_CASE("leader records from the ledger", "[evaluation]") {
    furong::working_calendar cal;
    furong::sla_table sla;
    furong::ledger_builder b(cal, sla);
    b.add_item({"L1", "C1", "noise", "", furong::item_source::survey, "P1", date(2025, 3, 1), date(2025, 3, 5), ""});
    b.add_item({"L2", "C1", "noise", "", furong::item_source::survey, "P1", date(2025, 3, 1), date(2025, 3, 5), ""});
    b.add_item({"L3", "C2", "noise", "", furong::item_source::survey, "P2", date(2025, 3, 1), date(2025, 3, 5), ""});
    b.add_item({"L4", "C2", "noise", "", furong::item_source::survey, "P2", date(2025, 9, 1), date(2025, 9, 5), ""});
    b.add_event("L1", date(2025, 3, 4), furong::item_status::resolved);
    b.add_visit("L1", date(2025, 3, 6), furong::visit_outcome::satisfied);
    b.add_visit("L3", date(2025, 3, 20), furong::visit_outcome::no_answer);
    auto led = b.build();
    std::map<std::string, std::size_t> hh{{"P1", 12}, {"P3", 9}};
    auto recs = furong::leader_records(led, date(2025, 4, 1),
                                       [&](std::uint32_t i) { return std::optional<std::string>(led.owner(i)); }, hh);
    REQUIRE(recs.size() == 3);
    CHECK(recs[0].leader == "P1");
    CHECK(recs[0].households == 12);
    CHECK(recs[0].items_raised == 2);
    CHECK(recs[0].closure_days == std::vector<double>{3});
    CHECK(recs[0].visits_done == 1);
    CHECK(recs[0].overdue == 1);
    CHECK(recs[1].leader == "P2");
    CHECK(recs[1].households == 0);
    CHECK(recs[1].items_raised == 1);  // L4 is raised after the as-of date
    CHECK(recs[1].visits_done == 1);
    CHECK(recs[2].leader == "P3");
    CHECK(recs[2].items_raised == 0);
}
