// The governance store: CSV -> store -> CSV byte for byte on the bundled dataset, load equal
// to the CSV loaders, refused events that change nothing, the ledger's transitions against
// the CSV loader's verdict on random histories, history and recorded_by, migrations and
// version errors, damaged files, locks, a full disk, concurrent writer processes and writers
// killed with SIGKILL. Every case runs on SQLite, and also on PostgreSQL when
// FURONG_TEST_POSTGRESQL holds the URL of a throw-away server.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <furong/io/ledger_files.hpp>
#include <furong/io/network_files.hpp>
#include <furong/store/schema.hpp>
#include <furong/store/sql.hpp>
#include <furong/store/store.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using furong::date;
using furong::item_status;
using furong::store;
using furong::visit_outcome;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Every regular file of `dir` (name -> content).
std::map<std::string, std::string> files_of(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().filename().string()[0] != '.') out[e.path().filename().string()] = slurp(e.path());
    return out;
}

/// The backends to run on: a fresh SQLite file per call, and the PostgreSQL server named by
/// FURONG_TEST_POSTGRESQL (its store tables dropped first, so each case starts empty).
std::vector<std::string> backends() {
    std::vector<std::string> out{"sqlite"};
    if (const char* pg = std::getenv("FURONG_TEST_POSTGRESQL"); pg && *pg) out.emplace_back("postgresql");
    return out;
}

const char* store_tables[] = {"visits", "item_events", "items", "commitments", "agreements", "attendance", "meetings",
                              "sla", "calendar", "policies", "preferences", "needs", "offers", "roles", "people", "links",
                              "organisations", "file_columns", "transactions", "meta"};

/// A location for a new store on `backend`.
std::string fresh_location(const std::string& backend, const std::string& tag) {
    if (backend == "sqlite") return (furong::test::fresh_dir("store_" + tag) / "district.sqlite").string();
    std::string url = std::getenv("FURONG_TEST_POSTGRESQL");
    auto c = furong::sql::open(url, true);
    for (const char* t : store_tables) c->script(std::string("DROP TABLE IF EXISTS ") + t + " CASCADE");
    return url;
}

/// A small district with a ledger: enough for every rule, fast to import.
fs::path small_dataset() {
    auto d = furong::test::fresh_dir("store_small");
    furong::test::write(d, "organisations.csv",
                        "id,kind,name,parent,compound_type,households,party_members,capacity,unit_type,colour\n"
                        "furong,district,芙蓉区,,,,,,,\n"
                        "st-a,street,Street A,furong,,,,,,blue\n"
                        "cm-a,community,Community A,st-a,,,,,,\n"
                        "cp-1,compound,Compound 1,cm-a,old,120,5,,,red\n"
                        "cp-2,compound,\"Compound, two\",cm-a,commercial,80,2,,,\n"
                        "ag-1,agency,Agency,furong,,,,3,,\n"
                        "pc-1,property_company,Property,st-a,,,,,,\n");
    furong::test::write(d, "links.csv",
                        "source,target,kind,since,until,note\n"
                        "ag-1,cp-1,pairing,2024-03-01,,first\n"
                        "pc-1,cp-2,serves,2023-01-01,2024-12-31,\n");
    furong::test::write(d, "people.csv", "id,name,party_member\np1,张三,1\np2,李四,\n");
    furong::test::write(d, "roles.csv", "person,org,role,since,until\np1,ag-1,unit_contact,2024-01-01,\n");
    furong::test::write(d, "offers.csv", "provider,resource,amount\nag-1,reading_corner,2.5\n");
    furong::test::write(d, "needs.csv", "compound,resource,priority\ncp-1,reading_corner,4\n");
    furong::test::write(d, "sla.csv", "category,days,unit\nnoise,7,working\n*,10,calendar\nfire,3,working\n");
    furong::test::write(d, "calendar.csv", "date,kind\n2025-05-01,holiday\n2025-04-27,workday\n");
    furong::test::write(d, "meetings.csv", "id,kind,date,org,theme\nnt-1,night_talk,2025-04-01,cm-a,noise\n");
    furong::test::write(d, "attendance.csv", "meeting,party,attendee\nnt-1,resident,p1\n");
    furong::test::write(d, "agreements.csv", "meeting,provider,compound,since,until\n");
    furong::test::write(d, "commitments.csv", "meeting,provider,summary,due,delivered\n");
    furong::test::write(d, "ledger.csv",
                        "id,compound,category,summary,source,raised,owner,due,meeting\n"
                        "L1,cp-1,noise,karaoke,night_talk,2025-04-01,p1,,nt-1\n"
                        "L2,cp-2,fire,\"stairs, blocked\",grid_patrol,2025-04-02,p2,2025-04-10,\n"
                        "L3,cp-1,parking,cars,hotline,2025-04-03,p1,,\n");
    furong::test::write(d, "ledger_events.csv",
                        "item,date,status\nL2,2025-04-03,assigned\nL1,2025-04-02,assigned\nL2,2025-04-05,resolved\n");
    furong::test::write(d, "visits.csv", "item,date,outcome\nL2,2025-04-06,satisfied\n");
    furong::test::write(d, "preferences.csv", "from,to,rank,why\ncp-1,ag-1,1,near\nag-1,cp-1,1,\n");
    furong::test::write(d, "policies.csv",
                        "compound_type,check,description,owner\nold,property_coverage,\"covered, by a provider\",st-a\n"
                        "commercial,three_party_complete,,\n");
    return d;
}

/// What the CSV loaders give for a directory, saved: the comparison of two datasets.
std::map<std::string, std::string> saved(const furong::network& net, const furong::ledger_data* led) {
    auto d = furong::test::fresh_dir("store_saved");
    furong::save_dataset(net, led, d);
    auto out = files_of(d);
    fs::remove_all(d);
    return out;
}

}  // namespace

TEST_CASE("store: CSV -> store -> CSV is byte for byte on the bundled dataset, and load equals the CSV loaders", "[store]") {
    const fs::path src = FURONG_DATASET_DIR;
    for (const auto& backend : backends()) {
        SECTION(backend) {
            auto loc = fresh_location(backend, "bundled");
            auto s = store::create(loc, src, "importer");
            auto out = furong::test::fresh_dir("store_export");
            s.export_to(out);
            auto want = files_of(src);
            want.erase("README.md");
            auto got = files_of(out);
            REQUIRE(want.size() == 16);
            CHECK(got.size() == want.size());
            for (const auto& [name, text] : want) {
                INFO(name);
                CHECK(got.count(name));
                CHECK(got[name] == text);
            }
            // load() gives the objects the CSV loaders give.
            auto net = furong::io::load_network(src);
            auto led = furong::load_ledger_dir(src, furong::reference_checker::of(net));
            auto d = store::open(loc).load();
            CHECK(d.ledger == led);
            CHECK(d.has_ledger);
            CHECK(d.has_preferences);
            CHECK(d.preferences.size() == 7146);
            CHECK_FALSE(d.policies);
            CHECK(saved(d.net, &d.ledger) == saved(net, &led));
            CHECK(saved(s.load_network(), nullptr) == saved(net, nullptr));
            CHECK(s.check().ok());
            fs::remove_all(out);
        }
    }
}

TEST_CASE("store: a small dataset round-trips with extra columns, quoting and file order", "[store]") {
    auto src = small_dataset();
    for (const auto& backend : backends()) {
        SECTION(backend) {
            auto loc = fresh_location(backend, "small");
            auto s = store::create(loc, src, "importer");
            auto out = furong::test::fresh_dir("store_small_out");
            s.export_to(out);
            CHECK(files_of(out) == files_of(src));
            auto net = furong::io::load_network(src);
            auto led = furong::load_ledger_dir(src, furong::reference_checker::of(net));
            auto d = s.load();
            CHECK(d.ledger == led);
            CHECK(saved(d.net, &d.ledger) == saved(net, &led));
            CHECK(s.transactions().size() == 1);
            REQUIRE(d.policies);
            auto pf = furong::read_policy_file(src / "policies.csv");
            CHECK(d.policies->table.checks == pf.table.checks);
            CHECK(d.policies->rows.size() == 2);
            CHECK(d.policies->rows[0].description == "covered, by a provider");
            CHECK(d.preferences == std::vector<furong::preference_record>{{"cp-1", "ag-1", 1}, {"ag-1", "cp-1", 1}});
            CHECK(s.transactions()[0].author == "importer");
        }
    }
}

TEST_CASE("store: create refuses a bad dataset and an existing store, leaving nothing", "[store]") {
    auto src = small_dataset();
    for (const auto& backend : backends()) {
        SECTION(backend) {
            auto loc = fresh_location(backend, "refuse");
            auto bad = furong::test::fresh_dir("store_bad");
            for (const auto& [name, text] : files_of(src)) furong::test::write(bad, name, text);
            furong::test::write(bad, "ledger_events.csv", "item,date,status\nL2,2025-04-03,closed\n");
            CHECK_THROWS_AS(store::create(loc, bad, "importer"), furong::input_error);
            if (backend == "sqlite") CHECK_FALSE(fs::exists(loc));
            auto s = store::create(loc, src, "importer");
            CHECK_THROWS_WITH(store::create(loc, src, "importer"), Catch::Contains("already holds a furong store"));
            CHECK(s.load().ledger.items.size() == 3);
        }
    }
}

TEST_CASE("store: refused events change nothing and leave the transaction usable", "[store]") {
    auto src = small_dataset();
    for (const auto& backend : backends()) {
        SECTION(backend) {
            auto loc = fresh_location(backend, "refused");
            auto s = store::create(loc, src, "importer");
            auto before = furong::test::fresh_dir("store_before");
            s.export_to(before);
            {
                auto tx = s.begin("p1");
                // L2 is resolved (visited): withdrawn may not follow.
                CHECK_THROWS_WITH(tx.change_status("L2", item_status::withdrawn, date(2025, 4, 7)),
                                  Catch::Contains("item 'L2': forbidden transition from resolved to withdrawn on 2025-04-07"));
                CHECK_THROWS_AS(tx.change_status("L9", item_status::assigned, date(2025, 4, 7)), furong::unknown_id_error);
                CHECK_THROWS_WITH(tx.change_status("L1", item_status::assigned, date(2025, 3, 1)),
                                  Catch::Contains("before item 'L1' was raised"));
                CHECK_THROWS_WITH(tx.change_status("L3", item_status::closed, date(2025, 4, 8)),
                                  Catch::Contains("'closed' only follows 'resolved'"));
                CHECK_THROWS_AS(tx.record_visit("L1", date(2025, 3, 30), visit_outcome::satisfied), furong::model_error);
                CHECK_THROWS_WITH(tx.add_item({"L1", "cp-1", "noise", "again", furong::item_source::survey, "p1",
                                               date(2025, 5, 1), date(), ""}),
                                  Catch::Contains("duplicate item id 'L1'"));
                CHECK_THROWS_AS(tx.add_item({"L7", "cm-a", "noise", "x", furong::item_source::survey, "p1", date(2025, 5, 1), date(), ""}),
                                furong::unknown_id_error);
                CHECK_THROWS_AS(tx.add_item({"L7", "cp-1", "noise", "x", furong::item_source::survey, "nobody", date(2025, 5, 1), date(), ""}),
                                furong::unknown_id_error);
                CHECK_THROWS_WITH(tx.add_item({"L7", "cp-1", "noise", "x", furong::item_source::survey, "p1", date(2025, 5, 1),
                                               date(2025, 4, 1), ""}),
                                  Catch::Contains("before the raised date"));
                CHECK_THROWS_AS(tx.add_link("cp-1", "cp-1", furong::link_kind::adjacent), furong::model_error);
                CHECK_THROWS_AS(tx.add_link("ag-1", "cm-a", furong::link_kind::pairing), furong::model_error);
                CHECK_THROWS_AS(tx.add_link("ag-1", "nowhere", furong::link_kind::pairing), furong::unknown_id_error);
                CHECK_THROWS_AS(tx.end_link("pc-1", "cp-2", furong::link_kind::serves, date(2025, 1, 1)), furong::model_error);
                CHECK_THROWS_AS(tx.add_role("p1", "cp-1", furong::role_kind::grid_worker), furong::model_error);
                CHECK_THROWS_AS(tx.add_person("p1", "again"), furong::model_error);
                CHECK_THROWS_AS(tx.add_person("p9", "x", {{"id", ""}}), furong::argument_error);  // a column of the format
                CHECK_THROWS_AS(tx.add_organisation("cp-9", furong::org_kind::compound, "C", "cm-a",
                                                    {{}, {}, {}, {}, {}, {{"parent", "x"}}}),
                                furong::argument_error);
                CHECK_THROWS_AS(tx.add_organisation("bd-1", furong::org_kind::building, "B", "cm-a"), furong::model_error);
                CHECK_THROWS_AS(tx.record_meeting({"nt-1", furong::meeting_kind::night_talk, date(2025, 5, 1), "cm-a", "x"}),
                                furong::model_error);
                CHECK_THROWS_AS(tx.record_meeting({"nt-2", furong::meeting_kind::night_talk, date(2025, 5, 1), "cm-a", "x"},
                                                  {{"nt-2", furong::party::resident, "nobody"}}),
                                furong::unknown_id_error);
                // Still usable: an allowed event after the refusals commits.
                tx.change_status("L3", item_status::assigned, date(2025, 4, 4), "to p1");
                tx.commit();
            }
            auto after = furong::test::fresh_dir("store_after");
            s.export_to(after);
            auto a = files_of(before), b = files_of(after);
            CHECK(a["ledger_events.csv"] + "L3,2025-04-04,assigned\n" == b["ledger_events.csv"]);
            a.erase("ledger_events.csv");
            b.erase("ledger_events.csv");
            CHECK(a == b);
            CHECK(s.check().ok());
        }
    }
}

TEST_CASE("store: a rolled-back or abandoned transaction writes nothing", "[store]") {
    auto src = small_dataset();
    auto loc = fresh_location("sqlite", "rollback");
    auto s = store::create(loc, src, "importer");
    {
        auto tx = s.begin("p1");
        tx.change_status("L3", item_status::assigned, date(2025, 4, 4));
    }  // destroyed without commit
    {
        auto tx = s.begin("p1");
        tx.add_link("ag-1", "cp-2", furong::link_kind::pairing, furong::validity::between(date(2025, 1, 1), date()));
        tx.rollback();
    }
    CHECK(s.load().ledger.items.events(2).empty());
    CHECK(s.load().net.links().rows.size() == 2);
    CHECK(s.transactions().size() == 1);
}

TEST_CASE("store: events of every kind are recorded, loaded and exported as the CSV loaders see them", "[store]") {
    auto src = small_dataset();
    for (const auto& backend : backends()) {
        SECTION(backend) {
            auto loc = fresh_location(backend, "events");
            auto s = store::create(loc, src, "importer");
            auto tx = s.begin("office");
            tx.add_organisation("cp-3", furong::org_kind::compound, "Compound 3", "cm-a",
                                {furong::compound_type::old, {}, 40, 3, {}, {{"colour", "green"}, {"floors", "6"}}});
            tx.add_person("p3", "王五", {{"party_member", "1"}, {"phone", "123"}});
            tx.add_link("ag-1", "cp-3", furong::link_kind::pairing, furong::validity::between(date(2025, 5, 1), date()));
            tx.end_link("ag-1", "cp-1", furong::link_kind::pairing, date(2025, 4, 30));
            tx.add_role("p3", "ag-1", furong::role_kind::unit_contact, furong::validity::between(date(2025, 5, 1), date()));
            tx.end_role("p1", "ag-1", furong::role_kind::unit_contact, date(2025, 4, 30));
            tx.record_meeting({"nt-2", furong::meeting_kind::night_talk, date(2025, 5, 6), "cm-a", "parking"},
                              {{"nt-2", furong::party::resident, "p3"}, {"nt-2", furong::party::street, "st-a"}});
            tx.add_item({"L4", "cp-3", "parking", "no space", furong::item_source::night_talk, "p3", date(2025, 5, 6), date(), "nt-2"});
            tx.change_status("L4", item_status::assigned, date(2025, 5, 7), "to p3");
            tx.change_status("L2", item_status::closed, date(2025, 5, 7), "visited");
            tx.record_visit("L1", date(2025, 5, 8), visit_outcome::no_answer);
            auto info = tx.commit();
            CHECK(info.author == "office");
            CHECK(info.summary.find("end_link ag-1 -> cp-1 pairing on 2025-04-30") != std::string::npos);

            auto out = furong::test::fresh_dir("store_events_out");
            s.export_to(out);
            auto net = furong::io::load_network(out);
            auto led = furong::load_ledger_dir(out, furong::reference_checker::of(net));
            auto d = s.load();
            CHECK(d.ledger == led);
            CHECK(saved(d.net, &d.ledger) == saved(net, &led));
            auto i = net.index_of("cp-3");
            CHECK(net.organisations().extra.get("floors", i) == "6");
            CHECK(net.people().extra.get("phone", *net.find_person("p3")) == "123");
            CHECK(led.items.status_on(*led.items.find("L2"), date(2025, 5, 7)) == item_status::closed);
            CHECK(slurp(out / "links.csv").find("ag-1,cp-1,pairing,2024-03-01,2025-04-30,first\n") != std::string::npos);
            CHECK(s.check().ok());
            // A second store object sees the edits (its cached network is refreshed).
            auto s2 = store::open(loc);
            auto tx2 = s2.begin("office 2");
            CHECK_THROWS_AS(tx2.add_person("p3", "dup"), furong::model_error);
            tx2.add_link("pc-1", "cp-3", furong::link_kind::serves);
            tx2.commit();
            auto tx3 = s.begin("office");
            CHECK_THROWS_AS(tx3.add_person("p3", "dup"), furong::model_error);
            tx3.end_link("pc-1", "cp-3", furong::link_kind::serves, date(2025, 6, 1));  // needs s2's link
            tx3.commit();
        }
    }
}

namespace {

/// A random history of one item: each step an event or a visit on a random day.
struct step {
    bool event;
    int day;
    item_status status;
    visit_outcome outcome;
};

std::vector<step> random_history(std::mt19937& rng) {
    std::vector<step> out;
    int n = 1 + static_cast<int>(rng() % 6), day = 0;
    for (int k = 0; k < n; ++k) {
        day += static_cast<int>(rng() % 3) - (rng() % 8 == 0 ? 2 : 0);
        step s{rng() % 4 != 0, day, static_cast<item_status>(rng() % furong::item_status_count),
               static_cast<visit_outcome>(rng() % 3)};
        out.push_back(s);
    }
    return out;
}

}  // namespace

TEST_CASE("store: every transition is allowed or refused as the CSV loader decides (random histories)", "[store]") {
    auto src = small_dataset();
    auto loc = fresh_location("sqlite", "property");
    auto s = store::create(loc, src, "importer");
    std::mt19937 rng(20251202);
    const date raised(2025, 6, 2);
    int accepted = 0, refused = 0;
    for (int trial = 0; trial < 150; ++trial) {
        auto hist = random_history(rng);
        std::string id = "R" + std::to_string(trial);
        auto tx = s.begin("property test");
        tx.add_item({id, "cp-1", "noise", "random", furong::item_source::survey, "p1", raised, date(), ""});
        tx.commit();
        // Apply step by step; the CSV loader judges the same prefix plus the step.
        std::string events = "item,date,status\n", visits = "item,date,outcome\n";
        for (const auto& st : hist) {
            date d = raised + boost::gregorian::days(st.day);
            std::string ev = events, vi = visits;
            if (st.event) ev += id + "," + furong::to_iso(d) + "," + std::string(furong::name_of(st.status)) + "\n";
            else vi += id + "," + furong::to_iso(d) + "," + std::string(furong::name_of(st.outcome)) + "\n";
            auto dir = furong::test::fresh_dir("store_judge");
            furong::test::write(dir, "ledger.csv",
                                "id,compound,category,summary,source,raised,owner,due,meeting\n" + id +
                                    ",cp-1,noise,random,survey," + furong::to_iso(raised) + ",p1,,\n");
            furong::test::write(dir, "ledger_events.csv", ev);
            furong::test::write(dir, "visits.csv", vi);
            furong::test::write(dir, "sla.csv", slurp(src / "sla.csv"));
            furong::test::write(dir, "calendar.csv", slurp(src / "calendar.csv"));
            bool csv_ok = true;
            try {
                (void)furong::load_ledger_dir(dir);
            } catch (const furong::input_error&) {
                csv_ok = false;
            }
            fs::remove_all(dir);
            bool store_ok = true;
            auto t = s.begin("property test");
            try {
                if (st.event) t.change_status(id, st.status, d);
                else t.record_visit(id, d, st.outcome);
                t.commit();
            } catch (const furong::model_error&) {
                store_ok = false;
            }
            INFO(id << " step " << (st.event ? furong::name_of(st.status) : furong::name_of(st.outcome)) << " on "
                    << furong::to_iso(d));
            REQUIRE(store_ok == csv_ok);
            (store_ok ? accepted : refused)++;
            if (csv_ok) { events = ev; visits = vi; }
        }
    }
    CHECK(accepted > 50);
    CHECK(refused > 50);
    CHECK(s.check().ok());
}

TEST_CASE("store: optimistic expectations: of two writers changing the same item, one wins", "[store]") {
    auto src = small_dataset();
    for (const auto& backend : backends()) {
        SECTION(backend) {
            auto loc = fresh_location(backend, "conflict");
            auto a = store::create(loc, src, "importer");
            auto b = store::open(loc);
            auto seen_a = a.item("L3"), seen_b = b.item("L3");
            CHECK(seen_a.status == item_status::open);
            CHECK(seen_a.version == 0);
            {
                auto tx = a.begin("writer a");
                tx.change_status("L3", item_status::assigned, date(2025, 4, 4), "", {seen_a.status, seen_a.version});
                tx.commit();
            }
            {
                auto tx = b.begin("writer b");
                CHECK_THROWS_AS(tx.change_status("L3", item_status::withdrawn, date(2025, 4, 4), "", {seen_b.status, {}}),
                                furong::store_conflict_error);
                CHECK_THROWS_WITH(tx.record_visit("L3", date(2025, 4, 5), visit_outcome::satisfied, {{}, seen_b.version}),
                                  Catch::Contains("item 'L3' was changed by another writer"));
                tx.commit();
            }
            auto now = b.item("L3");
            CHECK(now.status == item_status::assigned);
            CHECK(now.version == 1);
        }
    }
}

TEST_CASE("store: history lists an item's changes in order with authors, and recorded_by shows past days", "[store]") {
    auto src = small_dataset();
    auto loc = fresh_location("sqlite", "history");
    auto s = store::create(loc, src, "importer");
    {
        auto tx = s.begin("worker p2");
        tx.record_visit("L2", date(2025, 4, 9), visit_outcome::unsatisfied);
        tx.change_status("L2", item_status::resolved, date(2025, 4, 10), "fixed again");
        tx.commit();
    }
    {
        auto tx = s.begin("supervisor");
        tx.record_visit("L2", date(2025, 4, 11), visit_outcome::satisfied);
        tx.change_status("L2", item_status::closed, date(2025, 4, 12), "done");
        tx.commit();
    }
    auto h = s.history("L2");
    REQUIRE(h.size() == 8);
    using c = furong::history_entry::change;
    CHECK(h[0].what == c::raised);
    CHECK(h[0].author == "importer");
    CHECK(h[1].status == item_status::assigned);
    CHECK(h[2].status == item_status::resolved);
    CHECK(h[3].what == c::visit);
    CHECK(h[4].what == c::visit);
    CHECK(h[4].outcome == visit_outcome::unsatisfied);
    CHECK(h[4].author == "worker p2");
    CHECK(h[5].note == "fixed again");
    CHECK(h[7].status == item_status::closed);
    CHECK(h[7].author == "supervisor");
    CHECK(h[7].note == "done");
    for (std::size_t k = 1; k < h.size(); ++k) CHECK(h[k - 1].transaction <= h[k].transaction);
    CHECK_THROWS_AS(s.history("nope"), furong::unknown_id_error);

    // recorded_by: move the two later transactions to past days, then look back.
    {
        auto c2 = furong::sql::open(loc, false);
        c2->execute("UPDATE transactions SET committed_at = '2025-01-10T08:00:00.000000Z' WHERE id = 1", {});
        c2->execute("UPDATE transactions SET committed_at = '2025-04-09T23:59:59.999999Z' WHERE id = 2", {});
        c2->execute("UPDATE transactions SET committed_at = '2025-04-12T00:00:00.000000Z' WHERE id = 3", {});
    }
    CHECK(s.load(date(2025, 1, 9)).net.organisation_count() == 0);  // before the import
    auto counts_on = [&](date d) {
        auto ds = s.load(d);
        auto i = *ds.ledger.items.find("L2");
        return ds.ledger.items.events(i).size() * 10 + ds.ledger.items.visits(i).size();
    };
    CHECK(counts_on(date(2025, 1, 10)) == 21);
    CHECK(counts_on(date(2025, 4, 9)) == 32);
    CHECK(counts_on(date(2025, 4, 11)) == 32);
    CHECK(counts_on(date(2025, 4, 12)) == 43);
    auto past = furong::test::fresh_dir("store_past");
    s.export_to(past, date(2025, 1, 10));
    CHECK(files_of(past) == files_of(src));
    // A network change is seen from its day on.
    {
        auto tx = s.begin("office");
        tx.end_link("ag-1", "cp-1", furong::link_kind::pairing, date(2025, 4, 30));
        tx.commit();
    }
    {
        auto c2 = furong::sql::open(loc, false);
        c2->execute("UPDATE transactions SET committed_at = '2025-05-02T10:00:00.000000Z' WHERE id = 4", {});
    }
    s.export_to(past, date(2025, 5, 1));
    CHECK(slurp(past / "links.csv") == slurp(src / "links.csv"));
    s.export_to(past, date(2025, 5, 2));
    CHECK(slurp(past / "links.csv") != slurp(src / "links.csv"));
}

TEST_CASE("store: migrations back up an older store; newer and foreign databases are refused", "[store]") {
    auto src = small_dataset();
    auto loc = fresh_location("sqlite", "migrate");
    { auto s = store::create(loc, src, "importer"); }
    // A hand-made version 0: the same store without item notes, marked version 0.
    {
        auto c = furong::sql::open(loc, false);
        c->script("ALTER TABLE item_events DROP COLUMN note; UPDATE meta SET value = '0' WHERE key = 'schema_version';");
    }
    CHECK_THROWS_WITH(store::open(loc), Catch::Contains("no migration from schema version 0"));
    CHECK_FALSE(fs::exists(furong::schema::backup_path(loc, 0)));
    std::vector<furong::schema::migration> steps{
        {0, "item notes", [](furong::sql::connection& c) { c.script("ALTER TABLE item_events ADD COLUMN note TEXT NOT NULL DEFAULT ''"); }}};
    {
        auto c = furong::sql::open(loc, false);
        CHECK_THROWS_AS(furong::schema::upgrade(*c, steps, 1, true), furong::store_version_error);  // read-only
        CHECK(furong::schema::upgrade(*c, steps, 1) == 0);
        CHECK(furong::schema::version_of(*c) == 1);
    }
    auto bak = furong::schema::backup_path(loc, 0);
    REQUIRE(fs::exists(bak));
    {
        auto old = furong::sql::open(bak, false);
        CHECK(furong::schema::version_of(*old) == 0);
    }
    auto s = store::open(loc);
    CHECK(s.schema_version() == 1);
    CHECK(s.check().ok());
    {
        auto tx = s.begin("p1");
        tx.change_status("L3", item_status::assigned, date(2025, 4, 4), "after the migration");
        tx.commit();
    }
    // A failing step leaves the old version (one transaction).
    {
        auto c = furong::sql::open(loc, false);
        c->script("UPDATE meta SET value = '0' WHERE key = 'schema_version'");
        std::vector<furong::schema::migration> bad{{0, "fails", [](furong::sql::connection& c2) { c2.script("SELECT * FROM nowhere"); }}};
        CHECK_THROWS_AS(furong::schema::upgrade(*c, bad, 1), furong::store_error);
        CHECK(furong::schema::version_of(*c) == 0);
        c->script("UPDATE meta SET value = '7' WHERE key = 'schema_version'");
    }
    CHECK_THROWS_AS(store::open(loc), furong::store_version_error);
    CHECK_THROWS_WITH(store::open(loc), Catch::Contains("schema version 7, newer than this furong's version 1"));
    // A SQLite database that is no furong store.
    auto other = furong::test::fresh_dir("store_other") / "other.sqlite";
    {
        auto c = furong::sql::open(other.string(), true);
        c->script("CREATE TABLE t (x INTEGER)");
    }
    CHECK_THROWS_WITH(store::open(other.string()), Catch::Contains("not a furong store"));
    CHECK_THROWS_AS(store::create(other.string(), src, "importer"), furong::store_error);
}

TEST_CASE("store: damaged, missing, read-only and locked files are typed errors naming the store", "[store]") {
    auto src = small_dataset();
    auto dir = furong::test::fresh_dir("store_faults");
    auto loc = (dir / "district.sqlite").string();
    { auto s = store::create(loc, src, "importer"); }
    auto bytes = slurp(loc);
    REQUIRE(bytes.size() > 8192);

    SECTION("missing") {
        CHECK_THROWS_WITH(store::open((dir / "none.sqlite").string()), Catch::Contains("none.sqlite: no such store file"));
        CHECK_THROWS_AS(store::open(dir.string()), furong::store_error);  // a directory
    }
    SECTION("truncated") {
        for (std::size_t cut : {std::size_t(0), std::size_t(100), std::size_t(4096), bytes.size() / 2, bytes.size() - 1000}) {
            auto p = dir / ("cut" + std::to_string(cut) + ".sqlite");
            std::ofstream(p, std::ios::binary) << bytes.substr(0, cut);
            INFO(cut);
            try {
                auto s = store::open(p.string());
                auto rep = s.check();
                CHECK_FALSE(rep.ok());
            } catch (const furong::store_error& e) {
                CHECK(std::string(e.what()).find(p.string()) != std::string::npos);
            }
        }
    }
    SECTION("random bytes") {
        std::mt19937 rng(7);
        std::string junk(20000, '\0');
        for (auto& ch : junk) ch = static_cast<char>(rng());
        auto p = dir / "junk.sqlite";
        std::ofstream(p, std::ios::binary) << junk;
        CHECK_THROWS_WITH(store::open(p.string()), Catch::Contains("junk.sqlite") && Catch::Contains("not a database"));
        // Random bytes inside a valid file's pages: an error or a failing check, never a crash.
        for (int k = 0; k < 20; ++k) {
            std::string b = bytes;
            for (int j = 0; j < 50; ++j) b[4096 + rng() % (b.size() - 4096)] = static_cast<char>(rng());
            auto q = dir / ("flip" + std::to_string(k) + ".sqlite");
            std::ofstream(q, std::ios::binary) << b;
            try {
                auto s = store::open(q.string());
                (void)s.check();
                (void)s.load();
            } catch (const furong::error&) {
            }
        }
    }
    SECTION("read-only") {
        auto ro = store::open(loc, {5000, true, false});
        CHECK(ro.load().ledger.items.size() == 3);
        CHECK_THROWS_AS(ro.begin("p1"), furong::store_error);
        if (geteuid() != 0) {
            ::chmod(loc.c_str(), 0444);
            auto s = store::open(loc, {5000, true, false});
            CHECK(s.load().ledger.items.size() == 3);
            ::chmod(loc.c_str(), 0644);
        }
    }
    SECTION("locked past the busy timeout") {
        auto holder = furong::sql::open(loc, false);
        holder->begin(true);  // BEGIN IMMEDIATE: the write lock
        auto s = store::open(loc, {100, false, false});
        auto t0 = std::chrono::steady_clock::now();
        CHECK_THROWS_AS(s.begin("p1"), furong::store_busy_error);
        auto waited = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        CHECK(waited >= 90);
        CHECK(s.load().ledger.items.size() == 3);  // readers never wait
        holder->rollback();
        auto tx = s.begin("p1");
        tx.change_status("L3", item_status::assigned, date(2025, 4, 4));
        tx.commit();
    }
}

TEST_CASE("store: a full disk is a store_error and loses nothing committed", "[store]") {
    auto src = small_dataset();
    auto mnt = furong::test::fresh_dir("store_tmpfs");
    if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=600k") != 0) {
        WARN("cannot mount a small tmpfs (not root?): the full-disk case is skipped");
        return;
    }
    struct unmount { fs::path p; ~unmount() { ::umount2(p.c_str(), MNT_DETACH); } } guard{mnt};
    auto loc = (mnt / "district.sqlite").string();
    auto s = store::create(loc, src, "importer");
    std::string committed;
    bool full = false;
    for (int k = 0; k < 2000 && !full; ++k) {
        try {
            auto tx = s.begin("filler");
            tx.add_person("x" + std::to_string(k), std::string(2000, 'n'));
            tx.commit();
            committed = "x" + std::to_string(k);
        } catch (const furong::store_error& e) {
            full = true;
            CHECK(std::string(e.what()).find("disk full") != std::string::npos);
        }
    }
    CHECK(full);
    auto again = store::open(loc, {5000, true, false});
    auto d = again.load();
    CHECK(d.net.find_person(committed));
    CHECK(d.ledger.items.size() == 3);
}

namespace {

/// Commits `n` events from a child process (retrying on busy), printing each committed
/// item id to `ack` after commit returned.
void writer_child(const std::string& loc, int who, int n, int ack_fd) {
    auto s = store::open(loc, {200, false, false});
    for (int k = 0; k < n; ++k) {
        std::string id = "W" + std::to_string(who) + "-" + std::to_string(k);
        for (;;) {
            try {
                auto tx = s.begin("writer " + std::to_string(who));
                tx.add_item({id, "cp-1", "noise", "from a writer", furong::item_source::hotline, "p1", date(2025, 5, 1), date(), ""});
                tx.change_status(id, item_status::assigned, date(2025, 5, 2));
                tx.commit();
                break;
            } catch (const furong::store_busy_error&) {  // SQLite: another writer holds the lock
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            } catch (const furong::store_conflict_error&) {  // PostgreSQL: a serialisation failure
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        }
        std::string line = id + "\n";
        if (::write(ack_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(3);
    }
}

// Reads whole acknowledgement lines until a first one arrives (or the writer is gone), so a
// kill that follows cannot land before the writer has opened the store, however loaded the machine.
std::string read_first_ack(int fd) {
    std::string got;
    char c = 0;
    while (::read(fd, &c, 1) == 1) {
        got += c;
        if (c == '\n') break;
    }
    return got;
}

std::set<std::string> read_acks(int fd, std::string all = {}) {
    char buf[4096];
    for (;;) {
        auto got = ::read(fd, buf, sizeof buf);
        if (got <= 0) break;
        all.append(buf, static_cast<std::size_t>(got));
    }
    std::set<std::string> out;
    std::istringstream in(all);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.insert(line);
    return out;
}

}  // namespace

TEST_CASE("store: several writer processes at once lose nothing", "[store]") {
    auto src = small_dataset();
    for (const auto& backend : backends()) {
        SECTION(backend) {
            auto loc = fresh_location(backend, "writers");
            { auto s = store::create(loc, src, "importer"); }
            const int writers = 4, each = 25;
            int fds[2];
            REQUIRE(::pipe(fds) == 0);
            std::vector<pid_t> kids;
            for (int w = 0; w < writers; ++w) {
                pid_t pid = ::fork();
                if (pid == 0) {
                    ::close(fds[0]);
                    try {
                        writer_child(loc, w, each, fds[1]);
                    } catch (...) {
                        _exit(2);
                    }
                    _exit(0);
                }
                kids.push_back(pid);
            }
            ::close(fds[1]);
            auto acks = read_acks(fds[0]);
            ::close(fds[0]);
            for (auto pid : kids) {
                int status = 0;
                ::waitpid(pid, &status, 0);
                CHECK(WIFEXITED(status));
                CHECK(WEXITSTATUS(status) == 0);
            }
            CHECK(acks.size() == static_cast<std::size_t>(writers * each));
            auto s = store::open(loc);
            auto d = s.load();
            for (const auto& id : acks) {
                auto i = d.ledger.items.find(id);
                REQUIRE(i);
                CHECK(d.ledger.items.events(*i).size() == 1);
            }
            CHECK(s.transactions().size() == 1 + writers * each);
            CHECK(s.check().ok());
        }
    }
}

TEST_CASE("store: writers killed with SIGKILL at random moments lose nothing acknowledged", "[store]") {
    auto src = small_dataset();
    for (const auto& backend : backends()) {
        SECTION(backend) {
            auto loc = fresh_location(backend, "kill");
            { auto s = store::create(loc, src, "importer"); }
            std::mt19937 rng(99);
            std::set<std::string> acked;
            for (int round = 0; round < 25; ++round) {
                int fds[2];
                REQUIRE(::pipe(fds) == 0);
                pid_t pid = ::fork();
                if (pid == 0) {
                    ::close(fds[0]);
                    try {
                        writer_child(loc, 100 + round, 1000000, fds[1]);
                    } catch (...) {
                        _exit(2);
                    }
                    _exit(0);
                }
                ::close(fds[1]);
                auto first = read_first_ack(fds[0]);
                REQUIRE_FALSE(first.empty());  // the writer committed at least once
                std::this_thread::sleep_for(std::chrono::microseconds(rng() % 60000));
                ::kill(pid, SIGKILL);
                auto got = read_acks(fds[0], first);
                ::close(fds[0]);
                int status = 0;
                ::waitpid(pid, &status, 0);
                acked.insert(got.begin(), got.end());
                // After each kill the store opens, checks and holds everything acknowledged so far.
                auto s = store::open(loc);
                auto rep = s.check();
                INFO(round << ": " << (rep.problems.empty() ? "" : rep.problems.front()));
                REQUIRE(rep.ok());
                auto d = s.load();
                for (const auto& id : acked) REQUIRE(d.ledger.items.find(id));
            }
            CHECK(acked.size() >= 25);
        }
    }
}

TEST_CASE("store: an empty store created by open() grows by events into a dataset the CSV loaders read", "[store]") {
    for (const auto& backend : backends()) {
        SECTION(backend) {
            auto loc = fresh_location(backend, "empty");
            if (backend == "sqlite") CHECK_THROWS_AS(store::open(loc), furong::store_error);
            auto s = store::open(loc, {5000, false, true});
            CHECK(s.schema_version() == furong::schema::current_version);
            CHECK(s.check().ok());
            auto d0 = s.load();
            CHECK(d0.net.organisation_count() == 0);
            CHECK_FALSE(d0.has_ledger);
            {
                auto tx = s.begin("founder");
                tx.add_organisation("furong", furong::org_kind::district, "芙蓉区", "");
                tx.add_organisation("st-a", furong::org_kind::street, "A", "furong");
                tx.add_organisation("cm-a", furong::org_kind::community, "A", "st-a");
                tx.add_organisation("cp-1", furong::org_kind::compound, "One", "cm-a");
                tx.add_person("p1", "Zhang", {{"retired", "1"}});
                tx.add_item({"L1", "cp-1", "noise", "loud", furong::item_source::hotline, "p1", date(2025, 5, 1), date(), ""});
                tx.change_status("L1", item_status::assigned, date(2025, 5, 2), "to p1");
                tx.commit();
            }
            auto out = furong::test::fresh_dir("store_empty_out");
            s.export_to(out);
            auto net = furong::io::load_network(out);
            auto led = furong::load_ledger_dir(out, furong::reference_checker::of(net));
            CHECK(net.organisation_count() == 4);
            CHECK(led.items.size() == 1);
            CHECK(slurp(out / "people.csv") == "id,name,retired\np1,Zhang,1\n");
            CHECK(slurp(out / "ledger_events.csv") == "item,date,status\nL1,2025-05-02,assigned\n");
            CHECK(s.load().ledger == led);
            // The export imports again into a new store, byte for byte.
            auto loc2 = fresh_location(backend, "empty2");
            auto s2 = store::create(loc2, out, "again");
            auto out2 = furong::test::fresh_dir("store_empty_out2");
            s2.export_to(out2);
            CHECK(files_of(out2) == files_of(out));
        }
    }
}

TEST_CASE("store: check() reports stored rows that fail the model's checks; load refuses them", "[store]") {
    auto src = small_dataset();
    auto loc = fresh_location("sqlite", "check");
    { auto s = store::create(loc, src, "importer"); }
    auto damage = [&](const std::string& sql, const std::string& expected) {
        auto dir = furong::test::fresh_dir("store_check");
        auto copy = (dir / "copy.sqlite").string();
        fs::copy_file(loc, copy);
        {
            auto c = furong::sql::open(copy, false);
            c->script(sql);
        }
        auto s = store::open(copy);
        auto rep = s.check();
        INFO(sql);
        REQUIRE_FALSE(rep.ok());
        std::string all;
        for (const auto& p : rep.problems) all += p + "\n";
        CHECK_THAT(all, Catch::Contains(expected));
        CHECK_THROWS_AS(s.load(), furong::store_error);
    };
    damage("UPDATE items SET compound = 'cm-a' WHERE id = 'L3'", "item 'L3': unknown compound id 'cm-a'");
    damage("UPDATE items SET owner = 'nobody' WHERE id = 'L1'", "item 'L1': unknown person id 'nobody'");
    damage("INSERT INTO item_events (pos, item, day, status, note, added_tx) VALUES (99, 'L3', '2025-04-05', 'closed', '', 1)",
           "forbidden transition from open to closed");
    damage("INSERT INTO links (pos, source, target, kind, added_tx) VALUES (0, 'ag-1', 'cp-2', 'pairing', 1)",
           "links: row 0 has 2 current versions");
    damage("UPDATE organisations SET parent = 'cp-1' WHERE id = 'st-a'", "sits under");
    damage("UPDATE item_events SET status = 'lost' WHERE pos = 0", "unknown value 'lost'");
    // The load reads events, visits and items on two threads: each one's errors still reach the caller.
    damage("UPDATE visits SET item = 'L9' WHERE pos = 0", "unknown item 'L9'");
    damage("UPDATE visits SET outcome = 'glad' WHERE pos = 0", "unknown value 'glad'");
    damage("UPDATE item_events SET day = '2025-02-30' WHERE pos = 1", "item_events: bad date '2025-02-30'");
    damage("UPDATE item_events SET item = 'L7' WHERE pos = 2", "unknown item 'L7'");
    damage("UPDATE items SET raised = '2025-4-01' WHERE id = 'L1'", "items: bad date '2025-4-01'");
    damage("UPDATE items SET source = 'rumour' WHERE id = 'L2'", "unknown value 'rumour'");
}

TEST_CASE("store: a store on a read-only file system reads, and refuses writes with a store_error", "[store]") {
    auto src = small_dataset();
    auto mnt = furong::test::fresh_dir("store_rofs");
    if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=4m") != 0) {
        WARN("cannot mount a tmpfs (not root?): the read-only file system case is skipped");
        return;
    }
    struct unmount { fs::path p; ~unmount() { ::umount2(p.c_str(), MNT_DETACH); } } guard{mnt};
    auto loc = (mnt / "district.sqlite").string();
    { auto s = store::create(loc, src, "importer"); }
    REQUIRE(::mount("tmpfs", mnt.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, "size=4m") == 0);
    try {
        auto s = store::open(loc);
        try {
            auto tx = s.begin("p1");
            tx.change_status("L3", item_status::assigned, date(2025, 4, 4));
            tx.commit();
            FAIL("a write to a read-only file system succeeded");
        } catch (const furong::store_error& e) {
            CHECK(std::string(e.what()).find(loc) != std::string::npos);
        }
    } catch (const furong::store_error& e) {
        CHECK(std::string(e.what()).find(loc) != std::string::npos);  // e.g. the WAL cannot be opened
    }
    auto ro = store::open(loc, {5000, true, false});
    CHECK(ro.load().ledger.items.size() == 3);
}

TEST_CASE("store: an import killed with SIGKILL leaves no half-written store", "[store]") {
    auto src = small_dataset();
    // A ledger large enough that the import takes a while.
    {
        std::ostringstream items, events;
        items << slurp(src / "ledger.csv");
        events << slurp(src / "ledger_events.csv");
        for (int k = 0; k < 20000; ++k) {
            items << "B" << k << ",cp-1,noise,bulk,survey,2025-04-01,p1,,\n";
            events << "B" << k << ",2025-04-02,assigned\n";
        }
        furong::test::write(src, "ledger.csv", items.str());
        furong::test::write(src, "ledger_events.csv", events.str());
    }
    std::mt19937 rng(5);
    int committed = 0, interrupted = 0;
    for (int round = 0; round < 8; ++round) {
        auto loc = (furong::test::fresh_dir("store_kill_import") / "district.sqlite").string();
        pid_t pid = ::fork();
        if (pid == 0) {
            try {
                store::create(loc, src, "importer");
            } catch (...) {
                _exit(2);
            }
            _exit(0);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 400));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        INFO(round);
        bool complete = false;
        try {
            auto s = store::open(loc);
            REQUIRE(s.check().ok());
            CHECK(s.load().ledger.items.size() == 20003);
            complete = true;
        } catch (const furong::store_error&) {  // no file, or an empty database: nothing was imported
        }
        (complete ? committed : interrupted)++;
        if (!complete) {
            auto s = store::create(loc, src, "importer again");  // the location is usable again
            CHECK(s.load().ledger.items.size() == 20003);
        }
    }
    INFO(committed << " imports completed, " << interrupted << " interrupted");
    CHECK(committed + interrupted == 8);
    CHECK(interrupted > 0);
}
