// The ledger against a simple independent re-implementation of the status rules on random
// histories; overdue/visit_due/backlog/closure statistics against brute force; every bad
// input of the issue with its file, line and column; load/save round trips.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <furong/domain/ledger.hpp>
#include <furong/io/ledger_files.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <unistd.h>

namespace {

using furong::date;
using furong::day_t;
using furong::item_status;
using furong::visit_outcome;
using S = item_status;

const day_t base_day = furong::day_of(date(2024, 1, 1));

// ---------------------------------------------------------------- reference model
struct ref_event { day_t day; S s; };
struct ref_visit { day_t day; visit_outcome o; };
struct ref_item {
    std::string id, compound, category, owner;
    furong::item_source source = furong::item_source::survey;
    day_t raised = 0;
    std::optional<day_t> due;  // explicit due
    std::vector<ref_event> events;  // in "file" order
    std::vector<ref_visit> visits;
};

bool ref_open(S s) { return s == S::open || s == S::assigned || s == S::in_progress || s == S::reopened; }
bool ref_done(S s) { return s == S::resolved || s == S::closed; }

// Replays the whole history as the issue states it. Returns false when a rule is broken.
// `upto` stops the replay after that day; status/resolution are as of the stop.
struct ref_result { bool valid = true; S status = S::open; day_t last_resolved = -1; };
ref_result ref_replay(const ref_item& it, day_t upto = std::numeric_limits<day_t>::max()) {
    struct act { day_t day; int kind; std::size_t seq; };
    std::vector<act> acts;
    for (std::size_t k = 0; k < it.events.size(); ++k) acts.push_back({it.events[k].day, 0, k});
    for (std::size_t k = 0; k < it.visits.size(); ++k) acts.push_back({it.visits[k].day, 1, k});
    std::sort(acts.begin(), acts.end(), [](const act& a, const act& b) {
        return std::tie(a.day, a.kind, a.seq) < std::tie(b.day, b.kind, b.seq);
    });
    ref_result r;
    bool any_event = false, visit_after_res = false;
    std::vector<char> consumed(acts.size(), 0);
    for (std::size_t a = 0; a < acts.size(); ++a) {
        const act& x = acts[a];
        if (x.day > upto) break;
        if (consumed[a]) continue;
        if (x.kind == 0 && r.status == S::resolved && it.events[x.seq].s != S::open &&
            it.events[x.seq].s != S::reopened && it.events[x.seq].s != S::closed) {
            // An unsatisfied visit of the same day reopens the item before this event: the
            // visits of the day up to it are applied first.
            std::size_t u = a;
            while (u < acts.size() && acts[u].day == x.day &&
                   !(acts[u].kind == 1 && it.visits[acts[u].seq].o == visit_outcome::unsatisfied)) ++u;
            if (u < acts.size() && acts[u].day == x.day) {
                for (std::size_t w = a; w <= u; ++w) {
                    if (acts[w].kind != 1) continue;
                    consumed[w] = 1;
                    if (it.visits[acts[w].seq].o == visit_outcome::unsatisfied) r.status = S::reopened;
                    else visit_after_res = true;
                }
            }
        }
        if (x.kind == 1) {
            auto o = it.visits[x.seq].o;
            if (r.status == S::resolved) {
                if (o == visit_outcome::unsatisfied) r.status = S::reopened;
                else visit_after_res = true;
            }
            continue;
        }
        S to = it.events[x.seq].s;
        bool ok = false;
        if (r.status == S::closed || (!ref_open(r.status) && !ref_done(r.status))) ok = false;
        else if (to == S::open) ok = !any_event && x.day == it.raised && r.status == S::open;
        else if (to == S::reopened) ok = r.status == S::resolved;
        else if (to == S::closed) {
            ok = r.status == S::resolved && visit_after_res;
            // or a non-unsatisfied visit on the same day (applied after the events)
            for (const auto& v : it.visits)
                if (r.status == S::resolved && v.day == x.day && v.o != visit_outcome::unsatisfied) ok = true;
        } else ok = ref_open(r.status);
        if (!ok) { r.valid = false; return r; }
        any_event = true;
        if (to == S::resolved) { r.last_resolved = x.day; visit_after_res = false; }
        r.status = to;
    }
    return r;
}

std::optional<S> ref_status(const ref_item& it, day_t d) {
    if (d < it.raised) return std::nullopt;
    return ref_replay(it, d).status;
}

// ---------------------------------------------------------------- random histories
const std::vector<std::string> categories{"fire_safety", "noise", "parking", "elderly_care", "environment"};

ref_item random_item(std::mt19937& rng, int k, bool guided) {
    ref_item it;
    it.id = "L" + std::to_string(k);
    it.compound = "C" + std::to_string(rng() % 7);
    it.category = categories[rng() % categories.size()];
    it.owner = "P" + std::to_string(rng() % 5);
    it.source = static_cast<furong::item_source>(rng() % 6);
    it.raised = base_day + static_cast<day_t>(rng() % 120);
    if (rng() % 2) it.due = it.raised + static_cast<day_t>(rng() % 40);
    day_t day = it.raised;
    S s = S::open;
    int n_events = static_cast<int>(rng() % 7);
    bool any = false;
    for (int e = 0; e < n_events; ++e) {
        day += static_cast<day_t>(rng() % 3 == 0 ? 0 : rng() % 25);
        S to;
        if (!guided || rng() % 10 == 0) {
            to = static_cast<S>(rng() % 9);
        } else {
            std::vector<S> allowed;
            if (ref_open(s)) allowed = {S::assigned, S::in_progress, S::resolved, S::resolved, S::resolved, S::duplicate, S::withdrawn, S::not_responsible};
            else if (s == S::resolved) allowed = {S::reopened, S::closed, S::closed};
            else break;
            if (!any && day == it.raised && rng() % 3 == 0) allowed.push_back(S::open);
            to = allowed[rng() % allowed.size()];
            if (to == S::closed && rng() % 4) {
                // add a visit between the resolution and the close
                it.visits.push_back({day, rng() % 3 ? visit_outcome::satisfied : visit_outcome::no_answer});
                day += static_cast<day_t>(rng() % 5);
            }
        }
        it.events.push_back({day, to});
        s = to;
        any = true;
        if (s == S::resolved && rng() % 2) {
            auto v = day + static_cast<day_t>(rng() % 20);
            it.visits.push_back({v, static_cast<visit_outcome>(rng() % 3)});
        }
    }
    int extra = static_cast<int>(rng() % 3);
    for (int v = 0; v < extra; ++v)
        it.visits.push_back({it.raised + static_cast<day_t>(rng() % 150), static_cast<visit_outcome>(rng() % 3)});
    // Shuffle the file order of visits and of events on different days does not matter;
    // keep events in file order but shuffle the visits.
    std::shuffle(it.visits.begin(), it.visits.end(), rng);
    // Occasionally put an event out of date order in the file (the builder sorts by date).
    if (it.events.size() >= 2 && rng() % 5 == 0) std::swap(it.events.front(), it.events.back());
    return it;
}

furong::item_record record_of(const ref_item& it) {
    furong::item_record r;
    r.id = it.id; r.compound = it.compound; r.category = it.category; r.summary = "summary of " + it.id;
    r.source = it.source; r.owner = it.owner; r.raised = furong::date_of(it.raised);
    r.due = it.due ? furong::date_of(*it.due) : date();
    return r;
}

furong::ledger build(const std::vector<ref_item>& items, const furong::working_calendar& cal, const furong::sla_table& sla) {
    furong::ledger_builder b(cal, sla);
    for (const auto& it : items) b.add_item(record_of(it));
    // Interleave events and visits of all items in one random-ish but deterministic order:
    // events of one item keep their relative order (it matters on equal dates).
    for (const auto& it : items)
        for (const auto& e : it.events) b.add_event(it.id, furong::date_of(e.day), e.s);
    for (const auto& it : items)
        for (const auto& v : it.visits) b.add_visit(it.id, furong::date_of(v.day), v.o);
    return b.build();
}

struct fixture {
    furong::working_calendar cal;
    furong::sla_table sla;
    fixture() {
        cal.add_holiday(date(2024, 2, 12));
        cal.add_holiday(date(2024, 2, 13));
        cal.add_workday(date(2024, 2, 18));
        sla.set("fire_safety", {3, furong::sla_unit::working});
        sla.set("noise", {10, furong::sla_unit::calendar});
    }
    day_t ref_due(const ref_item& it) const {
        if (it.due) return *it.due;
        auto r = sla.rule(it.category);
        if (r.unit == furong::sla_unit::calendar) return it.raised + r.days;
        // day-by-day, independent of add_working_days
        day_t d = it.raised;
        for (int left = r.days; left > 0;) {
            ++d;
            if (cal.is_working_day(furong::date_of(d))) --left;
        }
        return d;
    }
};

using furong::test::fresh_dir;
using furong::test::write;
std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("status on a day matches the reference model on random histories", "[ledger]") {
    fixture fx;
    std::size_t valid_items = 0, invalid_items = 0;
    for (unsigned seed = 0; seed < 300; ++seed) {
        std::mt19937 rng(seed);
        std::vector<ref_item> good;
        for (int k = 0; k < 40; ++k) {
            ref_item it = random_item(rng, k, seed % 4 != 0);
            if (ref_replay(it).valid) { good.push_back(std::move(it)); continue; }
            ++invalid_items;
            // The builder must refuse a history the reference refuses, with an input_error
            // pointing at ledger_events.csv's status column.
            try {
                build({it}, fx.cal, fx.sla);
                FAIL("accepted an invalid history for " + it.id);
            } catch (const furong::input_error& e) {
                REQUIRE(e.file() == "ledger_events.csv");
                REQUIRE(e.column() == 3);
            }
        }
        valid_items += good.size();
        furong::ledger led = build(good, fx.cal, fx.sla);
        REQUIRE(led.size() == good.size());
        for (std::uint32_t i = 0; i < led.size(); ++i) {
            const auto& it = good[i];
            REQUIRE(led.id(i) == it.id);
            REQUIRE(led.due_day(i) == fx.ref_due(it));
            REQUIRE(led.find(it.id) == std::optional<std::uint32_t>(i));
            for (day_t d = it.raised - 2; d <= it.raised + 260; ++d) {
                auto want = ref_status(it, d);
                auto got = led.status_on(i, furong::date_of(d));
                REQUIRE(want == got);
                // resolution day as the reference sees it
                auto rr = ref_replay(it, d);
                auto res = led.resolution_day(i, d);
                if (want && ref_done(*want)) REQUIRE(res == std::optional<day_t>(rr.last_resolved));
                else REQUIRE(!res);
            }
        }
    }
    // Both kinds of history were exercised in quantity.
    CHECK(valid_items > 5000);
    CHECK(invalid_items > 1000);
}

TEST_CASE("the builder gives one ledger whatever the order of event and visit rows, and due dates as the reference", "[ledger]") {
    // The builder resolves a row's item by the previous or next item before hashing, and
    // remembers due dates by (rule, raised day): grouped rows, shuffled rows and a reversed
    // item order must all give the same ledger, and every SLA due date the reference's.
    fixture fx;
    for (unsigned seed = 0; seed < 20; ++seed) {
        std::mt19937 rng(1000 + seed);
        std::vector<ref_item> items;
        for (int k = 0; k < 400; ++k) {
            ref_item it = random_item(rng, k, true);
            if (ref_replay(it).valid) items.push_back(std::move(it));
        }
        furong::ledger grouped = build(items, fx.cal, fx.sla);
        struct row { std::size_t item; bool event; std::size_t k; };
        std::vector<row> rows;
        for (std::size_t i = 0; i < items.size(); ++i) {
            for (std::size_t k = 0; k < items[i].events.size(); ++k) rows.push_back({i, true, k});
            for (std::size_t k = 0; k < items[i].visits.size(); ++k) rows.push_back({i, false, k});
        }
        // Shuffled across items; an item's events and its visits keep their relative order (it
        // matters on equal dates).
        std::shuffle(rows.begin(), rows.end(), rng);
        std::vector<std::size_t> next_event(items.size(), 0), next_visit(items.size(), 0);
        for (auto& r : rows) r.k = r.event ? next_event[r.item]++ : next_visit[r.item]++;
        auto add_rows = [&](furong::ledger_builder& b, const std::vector<row>& rs) {
            for (const auto& r : rs) {
                const auto& it = items[r.item];
                if (r.event) b.add_event(it.id, furong::date_of(it.events[r.k].day), it.events[r.k].s);
                else b.add_visit(it.id, furong::date_of(it.visits[r.k].day), it.visits[r.k].o);
            }
        };
        furong::ledger_builder b(fx.cal, fx.sla);
        for (const auto& it : items) b.add_item(record_of(it));
        add_rows(b, rows);
        furong::ledger shuffled = b.build();
        CHECK(shuffled == grouped);
        // Rows grouped by item, the items in reverse order (every hint misses once per item).
        std::stable_sort(rows.begin(), rows.end(), [](const row& x, const row& y) { return x.item > y.item; });
        furong::ledger_builder b2(fx.cal, fx.sla);
        for (const auto& it : items) b2.add_item(record_of(it));
        add_rows(b2, rows);
        CHECK(b2.build() == grouped);
        for (std::uint32_t i = 0; i < grouped.size(); ++i) REQUIRE(furong::day_of(grouped.due(i)) == fx.ref_due(items[i]));
    }
}

TEST_CASE("overdue, visit_due, backlog, counts and ageing against brute force", "[ledger]") {
    fixture fx;
    std::size_t second_spans = 0, third_spans = 0;  // overdue's span columns and its slow path were exercised
    for (unsigned seed = 1000; seed < 1200; ++seed) {
        std::mt19937 rng(seed);
        std::vector<ref_item> items;
        for (int k = 0; k < 60; ++k) {
            ref_item it = random_item(rng, k, true);
            if (ref_replay(it).valid) items.push_back(std::move(it));
        }
        furong::ledger led = build(items, fx.cal, fx.sla);
        for (std::uint32_t i = 0; i < led.size(); ++i) {
            second_spans += led.spans(i).back != furong::ledger::never;
            third_spans += led.spans(i).more;
        }
        for (int q = 0; q < 12; ++q) {
            day_t d = base_day + static_cast<day_t>(rng() % 300) - 5;
            int interval = static_cast<int>(rng() % 45);
            std::vector<std::uint32_t> want_over, want_visit;
            std::map<std::string, furong::open_overdue> want_counts;
            for (std::uint32_t i = 0; i < items.size(); ++i) {
                const auto& it = items[i];
                auto s = ref_status(it, d);
                if (!s) continue;
                day_t due = fx.ref_due(it);
                if (ref_open(*s)) {
                    auto& c = want_counts[it.compound];
                    ++c.open;
                    if (due < d) { want_over.push_back(i); ++c.overdue; }
                    day_t last = it.raised;
                    for (const auto& v : it.visits)
                        if (v.day <= d) last = std::max(last, v.day);
                    if (d - last >= interval) want_visit.push_back(i);
                } else if (*s == S::resolved) {
                    day_t res = ref_replay(it, d).last_resolved;
                    bool visited = false;
                    for (const auto& v : it.visits)
                        if (v.day >= res && v.day <= d) visited = true;
                    if (!visited) want_visit.push_back(i);
                }
            }
            REQUIRE(led.overdue(furong::date_of(d)) == want_over);
            REQUIRE(led.visit_due(furong::date_of(d), interval) == want_visit);
            REQUIRE(led.open_overdue_by(furong::date_of(d)) == want_counts);
            // Open longer than N days.
            int n = static_cast<int>(rng() % 60);
            std::size_t want_aged = 0;
            for (const auto& it : items) {
                auto s = ref_status(it, d);
                if (s && ref_open(*s) && d - it.raised > n) ++want_aged;
            }
            auto aged = led.open_longer_than(furong::date_of(d), n);
            REQUIRE(aged.size() == want_aged);
            for (std::size_t k = 1; k < aged.size(); ++k) REQUIRE(aged[k - 1].days_open >= aged[k].days_open);
            for (const auto& a : aged) {
                REQUIRE(a.id == items[a.item].id);
                REQUIRE(a.compound == items[a.item].compound);
                REQUIRE(a.owner == items[a.item].owner);
            }
        }
        // Backlog over a range that starts before the first item and ends after the last event.
        date from = furong::date_of(base_day - 3), to = furong::date_of(base_day + 280);
        auto bl = led.backlog(from, to);
        REQUIRE(bl.size() == static_cast<std::size_t>(base_day + 280 - (base_day - 3) + 1));
        for (std::size_t k = 0; k < bl.size(); k += 7) {
            day_t d = base_day - 3 + static_cast<day_t>(k);
            std::size_t open = 0, over = 0;
            for (const auto& it : items) {
                auto s = ref_status(it, d);
                if (s && ref_open(*s)) { ++open; if (fx.ref_due(it) < d) ++over; }
            }
            REQUIRE(bl[k].day == furong::date_of(d));
            REQUIRE(bl[k].open == open);
            REQUIRE(bl[k].overdue == over);
        }
    }
    CHECK(second_spans > 100);
    CHECK(third_spans > 10);
}

TEST_CASE("provisional_due: open items with a provisional due date, against status_on", "[ledger]") {
    // Items raised in the last weeks the official calendar covers, so that working-day SLAs
    // (fire_safety: 3 working days) cross into uncovered days; provisional_due reads the open
    // spans, the reference the timelines.
    fixture fx;
    const day_t last = furong::day_of(furong::working_calendar::last_covered());
    std::size_t provisional = 0, answers = 0;
    for (unsigned seed = 1; seed < 120; ++seed) {
        std::mt19937 rng(seed);
        std::vector<ref_item> items;
        for (int k = 0; k < 40; ++k) {
            ref_item it = random_item(rng, k, true);
            const day_t shift = last - 100 - base_day;
            it.raised += shift;
            if (it.due) *it.due += shift;
            for (auto& e : it.events) e.day += shift;
            for (auto& v : it.visits) v.day += shift;
            if (ref_replay(it).valid) items.push_back(std::move(it));
        }
        furong::ledger led = build(items, fx.cal, fx.sla);
        for (std::uint32_t i = 0; i < led.size(); ++i) provisional += led.due_provisional(i);
        for (day_t d = last - 110; d < last + 60; d += 1 + static_cast<day_t>(rng() % 9)) {
            std::vector<std::uint32_t> want;
            for (std::uint32_t i = 0; i < led.size(); ++i) {
                auto s = led.status_on(i, d);
                if (led.due_provisional(i) && s && furong::is_open_family(*s)) want.push_back(i);
            }
            REQUIRE(led.provisional_due(furong::date_of(d)) == want);
            answers += want.size();
        }
    }
    CHECK(provisional > 100);
    CHECK(answers > 100);
    CHECK_THROWS_AS(furong::ledger().provisional_due(date()), furong::argument_error);
}

TEST_CASE("closure statistics by field and by street mapping", "[ledger]") {
    fixture fx;
    std::mt19937 rng(77);
    std::vector<ref_item> items;
    while (items.size() < 400) {
        ref_item it = random_item(rng, static_cast<int>(items.size()), true);
        if (ref_replay(it).valid) items.push_back(std::move(it));
    }
    auto led = build(items, fx.cal, fx.sla);
    day_t d = base_day + 200;
    auto pct = [](std::vector<double> v, double q) {
        std::sort(v.begin(), v.end());
        double pos = q * static_cast<double>(v.size() - 1);
        std::size_t lo = static_cast<std::size_t>(pos);
        std::size_t hi = std::min(lo + 1, v.size() - 1);
        return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
    };
    std::map<std::string, std::vector<double>> by_cat, by_street;
    std::unordered_map<std::string, std::string> street_of;
    for (int c = 0; c < 7; ++c) street_of["C" + std::to_string(c)] = c < 3 ? "S_WENYILU" : "S_DONGHU";
    for (const auto& it : items) {
        auto rr = ref_replay(it, d);
        if (!ref_done(rr.status)) continue;
        by_cat[it.category].push_back(rr.last_resolved - it.raised);
        by_street[street_of[it.compound]].push_back(rr.last_resolved - it.raised);
    }
    auto stats = led.closure_stats(furong::date_of(d), furong::item_field::category);
    REQUIRE(stats.size() == by_cat.size());
    for (const auto& [cat, v] : by_cat) {
        const auto& s = stats.at(cat);
        CHECK(s.count == v.size());
        CHECK(s.median == Approx(pct(v, 0.5)));
        CHECK(s.p90 == Approx(pct(v, 0.9)));
    }
    auto st = led.closure_stats(furong::date_of(d), street_of);
    REQUIRE(st.size() == by_street.size());
    for (const auto& [street, v] : by_street) {
        CHECK(st.at(street).count == v.size());
        CHECK(st.at(street).median == Approx(pct(v, 0.5)));
        CHECK(st.at(street).p90 == Approx(pct(v, 0.9)));
    }
    // Other fields group too; an unmapped compound is an unknown id.
    CHECK(!led.closure_stats(furong::date_of(d), furong::item_field::owner).empty());
    CHECK(!led.closure_stats(furong::date_of(d), furong::item_field::source).empty());
    street_of.erase("C0");
    CHECK_THROWS_AS(led.closure_stats(furong::date_of(d), street_of), furong::unknown_id_error);
    CHECK_THROWS_AS(led.visit_due(furong::date_of(d), -1), furong::argument_error);
}

TEST_CASE("a small worked example", "[ledger]") {
    furong::working_calendar cal;
    furong::sla_table sla;
    sla.set("noise", {10, furong::sla_unit::calendar});
    furong::ledger_builder b(cal, sla);
    b.add_item({"L1", "C1", "noise", "karaoke", furong::item_source::night_talk, "P1", date(2025, 3, 1), date(), ""});
    b.add_item({"L2", "C1", "fire_safety", "blocked exit", furong::item_source::grid_patrol, "P2", date(2025, 3, 5),
                date(2025, 3, 8), ""});
    b.add_event("L1", date(2025, 3, 2), S::assigned);
    b.add_event("L2", date(2025, 3, 6), S::resolved);
    b.add_visit("L2", date(2025, 3, 9), visit_outcome::unsatisfied);  // reopens L2
    b.add_event("L2", date(2025, 3, 12), S::resolved);
    b.add_visit("L2", date(2025, 3, 13), visit_outcome::satisfied);
    b.add_event("L2", date(2025, 3, 14), S::closed);
    auto led = b.build();
    CHECK(led.due(0) == date(2025, 3, 11));
    CHECK(led.due_from_sla(0));
    CHECK(*led.status_on(1, date(2025, 3, 9)) == S::reopened);
    CHECK(*led.status_on(1, date(2025, 3, 14)) == S::closed);
    CHECK(led.ids(led.overdue(date(2025, 3, 10))) == std::vector<std::string>{"L2"});  // reopened, due 3-8
    CHECK(led.ids(led.overdue(date(2025, 3, 12))) == std::vector<std::string>{"L1"});
    CHECK(led.ids(led.visit_due(date(2025, 3, 12), 10)) == std::vector<std::string>{"L1", "L2"});  // L2 resolved, unvisited
    CHECK(led.ids(led.visit_due(date(2025, 3, 13), 10)) == std::vector<std::string>{"L1"});
    CHECK(*led.resolution_day(1, furong::day_of(date(2025, 3, 20))) == furong::day_of(date(2025, 3, 12)));
    CHECK(led.timeline(1).size() == 5);  // open, resolved, reopened, resolved, closed
    CHECK(led.memory_bytes() > 0);
}

TEST_CASE("items without any event or visit build (found by fuzz_ledger under UBSan)", "[ledger]") {
    furong::working_calendar cal;
    furong::sla_table sla;
    furong::ledger_builder b(cal, sla);
    b.add_item({"L1", "C1", "noise", "karaoke", furong::item_source::night_talk, "P1", date(2025, 3, 1),
                date(2025, 3, 9), ""});
    auto led = b.build();  // no event, no visit: the sort of each item's events saw an empty vector
    CHECK(led.size() == 1);
    CHECK(led.timeline(0).size() == 1);
    CHECK(led.ids(led.overdue(date(2025, 3, 10))) == std::vector<std::string>{"L1"});
}

// ---------------------------------------------------------------- bad input from files

namespace {
const char* ledger_header = "id,compound,category,summary,source,raised,owner,due,meeting\n";

void expect_error(const std::filesystem::path& dir, const std::string& file, std::size_t line, std::size_t col,
                  const std::string& fragment, const furong::reference_checker& refs = {}) {
    try {
        furong::load_ledger_dir(dir, refs);
        FAIL("expected an input_error for " + file);
    } catch (const furong::input_error& e) {
        INFO(e.what());
        CHECK(e.file() == file);
        CHECK(e.line() == line);
        CHECK(e.column() == col);
        CHECK_THAT(e.what(), Catch::Contains(fragment));
    }
}

std::filesystem::path base_dataset(const std::string& tag) {
    auto d = fresh_dir(tag);
    write(d, "ledger.csv", std::string(ledger_header) +
                               "L1,C1,noise,karaoke,night_talk,2025-03-01,P1,,M1\n"
                               "L2,C2,fire_safety,\"blocked exit, stairs\",grid_patrol,2025-03-05,P2,2025-03-08,\n");
    write(d, "ledger_events.csv", "item,date,status\nL1,2025-03-02,assigned\nL2,2025-03-06,resolved\n");
    write(d, "visits.csv", "item,date,outcome\nL2,2025-03-07,satisfied\n");
    write(d, "meetings.csv", "id,kind,date,org,theme\nM1,night_talk,2025-02-27,S_WENYILU,noise\n");
    write(d, "attendance.csv", "meeting,party,attendee\nM1,resident,P1\n");
    return d;
}
}  // namespace

TEST_CASE("every bad input of the issue names file, line and column", "[ledger][files]") {
    SECTION("a good base loads") {
        auto d = base_dataset("good");
        auto data = furong::load_ledger_dir(d);
        CHECK(data.items.size() == 2);
        CHECK(data.items.summary(1) == "blocked exit, stairs");
    }
    SECTION("impossible date") {
        auto d = base_dataset("impossible");
        write(d, "ledger.csv", std::string(ledger_header) + "L1,C1,noise,k,survey,2025-02-30,P1,,\n");
        write(d, "ledger_events.csv", "item,date,status\n");
        write(d, "visits.csv", "item,date,outcome\n");
        expect_error(d, "ledger.csv", 2, 6, "no such day in that month");
    }
    SECTION("impossible date in events") {
        auto d = base_dataset("impossible_ev");
        write(d, "ledger_events.csv", "item,date,status\nL1,2025-03-02,assigned\nL2,2025-13-01,resolved\n");
        expect_error(d, "ledger_events.csv", 3, 2, "month must be 01..12");
    }
    SECTION("event before raised") {
        auto d = base_dataset("before");
        write(d, "ledger_events.csv", "item,date,status\nL1,2025-03-02,assigned\nL2,2025-03-04,assigned\n");
        expect_error(d, "ledger_events.csv", 3, 2, "before item 'L2' was raised on 2025-03-05");
    }
    SECTION("visit before raised") {
        auto d = base_dataset("vbefore");
        write(d, "visits.csv", "item,date,outcome\nL2,2025-03-01,satisfied\n");
        expect_error(d, "visits.csv", 2, 2, "before item 'L2' was raised");
    }
    SECTION("forbidden transition") {
        auto d = base_dataset("forbidden");
        write(d, "ledger_events.csv",
              "item,date,status\nL1,2025-03-02,assigned\nL2,2025-03-06,resolved\nL2,2025-03-09,in_progress\n");
        expect_error(d, "ledger_events.csv", 4, 3, "forbidden transition from resolved to in_progress");
    }
    SECTION("nothing after a dismissal") {
        auto d = base_dataset("dismissed");
        write(d, "ledger_events.csv",
              "item,date,status\nL1,2025-03-02,duplicate\nL1,2025-03-03,assigned\nL2,2025-03-06,resolved\n");
        expect_error(d, "ledger_events.csv", 3, 3, "nothing may follow a dismissal");
    }
    SECTION("closed without a return visit; the earliest line wins") {
        auto d = base_dataset("closed");
        write(d, "visits.csv", "item,date,outcome\n");
        write(d, "ledger_events.csv",
              "item,date,status\nL2,2025-03-06,resolved\nL2,2025-03-07,closed\nL1,2025-03-02,resolved\nL1,2025-03-03,closed\n");
        expect_error(d, "ledger_events.csv", 3, 3, "'closed' needs a return visit");
    }
    SECTION("nothing after a close") {
        auto d = base_dataset("afterclose");
        write(d, "ledger_events.csv",
              "item,date,status\nL1,2025-03-02,assigned\nL2,2025-03-06,resolved\nL2,2025-03-08,closed\nL2,2025-03-09,reopened\n");
        expect_error(d, "ledger_events.csv", 5, 3, "nothing may follow a close");
    }
    SECTION("visit to an unknown item") {
        auto d = base_dataset("unknown");
        write(d, "visits.csv", "item,date,outcome\nL2,2025-03-07,satisfied\nL9,2025-03-07,satisfied\n");
        expect_error(d, "visits.csv", 3, 1, "unknown item 'L9'");
    }
    SECTION("event for an unknown item") {
        auto d = base_dataset("unknown_ev");
        write(d, "ledger_events.csv", "item,date,status\nL7,2025-03-02,assigned\n");
        expect_error(d, "ledger_events.csv", 2, 1, "unknown item 'L7'");
    }
    SECTION("due date before raised") {
        auto d = base_dataset("due");
        write(d, "ledger.csv", std::string(ledger_header) + "L1,C1,noise,k,survey,2025-03-01,P1,,\n"
                                                            "L2,C2,noise,k,survey,2025-03-05,P2,2025-03-04,\n");
        expect_error(d, "ledger.csv", 3, 8, "due date 2025-03-04 is before the raised date 2025-03-05");
    }
    SECTION("unknown SLA unit") {
        auto d = base_dataset("unit");
        write(d, "sla.csv", "category,days,unit\nnoise,10,fortnights\n");
        expect_error(d, "sla.csv", 2, 3, "unknown SLA unit 'fortnights'");
    }
    SECTION("unknown party") {
        auto d = base_dataset("party");
        write(d, "attendance.csv", "meeting,party,attendee\nM1,resident,P1\nM1,police,P2\n");
        expect_error(d, "attendance.csv", 3, 2, "unknown party 'police'");
    }
    SECTION("calendar date listed twice with both kinds") {
        auto d = base_dataset("calendar");
        write(d, "calendar.csv", "date,kind\n2025-05-01,holiday\n2025-05-01,workday\n");
        expect_error(d, "calendar.csv", 3, 1, "listed as a holiday on line 2 and as a workday");
    }
    SECTION("unknown status, source, outcome, meeting kind") {
        auto d = base_dataset("enum");
        write(d, "ledger_events.csv", "item,date,status\nL1,2025-03-02,pending\n");
        expect_error(d, "ledger_events.csv", 2, 3, "unknown status 'pending'");
        d = base_dataset("enum2");
        write(d, "visits.csv", "item,date,outcome\nL2,2025-03-07,happy\n");
        expect_error(d, "visits.csv", 2, 3, "unknown visit outcome 'happy'");
        d = base_dataset("enum3");
        write(d, "ledger.csv", std::string(ledger_header) + "L1,C1,noise,k,wechat,2025-03-01,P1,,\n");
        expect_error(d, "ledger.csv", 2, 5, "unknown source 'wechat'");
        d = base_dataset("enum4");
        write(d, "meetings.csv", "id,kind,date,org,theme\nM1,party,2025-02-27,S_WENYILU,noise\n");
        expect_error(d, "meetings.csv", 2, 2, "unknown meeting kind 'party'");
    }
    SECTION("duplicate item id, unknown meeting, unknown references") {
        auto d = base_dataset("dup");
        write(d, "ledger.csv", std::string(ledger_header) + "L1,C1,noise,k,survey,2025-03-01,P1,,\n"
                                                            "L1,C2,noise,k,survey,2025-03-05,P2,,\n");
        expect_error(d, "ledger.csv", 3, 1, "duplicate item id 'L1' (first on line 2)");
        d = base_dataset("meeting");
        write(d, "ledger.csv", std::string(ledger_header) + "L1,C1,noise,k,survey,2025-03-01,P1,,M9\n"
                                                            "L2,C2,noise,k,survey,2025-03-05,P2,,\n");
        expect_error(d, "ledger.csv", 2, 9, "unknown meeting 'M9'");
        d = base_dataset("refs");
        furong::reference_checker refs;
        refs.compound = [](std::string_view c) { return c == "C1"; };
        expect_error(d, "ledger.csv", 3, 2, "unknown compound id 'C2'", refs);
        refs = {};
        refs.person = [](std::string_view p) { return p == "P1"; };
        expect_error(d, "ledger.csv", 3, 7, "unknown person id 'P2'", refs);
        refs = {};
        refs.attendee = [](std::string_view) { return false; };
        expect_error(d, "attendance.csv", 2, 3, "unknown attendee id 'P1'", refs);
    }
    SECTION("columns in another order are positioned where they are") {
        auto d = base_dataset("order");
        write(d, "ledger.csv", "meeting,due,owner,raised,source,summary,category,compound,id\n"
                               ",,P1,2025-03-01,survey,k,noise,C1,L1\n"
                               ",2025-03-01,P2,2025-03-05,survey,k,noise,C2,L2\n");
        expect_error(d, "ledger.csv", 3, 2, "is before the raised date");
        write(d, "ledger.csv", ",,P1,2025-03-01,survey,k,noise,C1,L1\n");
        d = base_dataset("missingcol");
        write(d, "ledger_events.csv", "item,day,status\nL1,2025-03-02,assigned\n");
        expect_error(d, "ledger_events.csv", 1, 0, "missing required column 'date'");
    }
    SECTION("ragged row and bad quoting come from the CSV reader, positioned") {
        auto d = base_dataset("ragged");
        write(d, "visits.csv", "item,date,outcome\nL2,2025-03-07\n");
        expect_error(d, "visits.csv", 2, 3, "expected 3 fields");
    }
}

TEST_CASE("a failed load leaves the target untouched (nothing half loaded)", "[ledger][files]") {
    auto good = base_dataset("keep");
    furong::ledger_data data;
    furong::load_ledger_dir(data, good);
    furong::ledger_data copy = furong::load_ledger_dir(good);
    REQUIRE(data == copy);
    auto bad = base_dataset("keepbad");
    write(bad, "calendar.csv", "date,kind\n2025-05-01,holiday\n");  // loads before the bad visit
    write(bad, "visits.csv", "item,date,outcome\nL2,2025-03-07,satisfied\nL3,2025-03-08,satisfied\n");
    CHECK_THROWS_AS(furong::load_ledger_dir(data, bad), furong::input_error);
    CHECK(data == copy);
    CHECK(data.calendar.empty());
}

TEST_CASE("load(save(x)) == x on random ledgers with meetings", "[ledger][files]") {
    fixture fx;
    for (unsigned seed = 0; seed < 20; ++seed) {
        std::mt19937 rng(5000 + seed);
        furong::ledger_data data;
        data.calendar = fx.cal;
        data.sla = fx.sla;
        if (seed % 2) data.sla.set("*", {7, furong::sla_unit::calendar});
        data.meetings.add_meeting({"M1", furong::meeting_kind::night_talk, date(2024, 1, 5), "S_WENYILU", "noise, at night"});
        data.meetings.add_meeting({"A1", furong::meeting_kind::annual, date(2024, 1, 20), "ALLIANCE", ""});
        data.meetings.add_attendance({"M1", furong::party::department, "D_HOUSING"});
        data.meetings.add_agreement({"A1", "AG1", "C1", date(2024, 2, 1), date()});
        data.meetings.add_commitment({"A1", "U1", "elderly canteen", date(2024, 6, 1), date(2024, 6, 3)});
        data.meetings.add_commitment({"A1", "U2", "\"reading\" corner", date(2024, 6, 1), date()});
        std::vector<ref_item> items;
        while (items.size() < 150) {
            ref_item it = random_item(rng, static_cast<int>(items.size()), true);
            if (ref_replay(it).valid) items.push_back(std::move(it));
        }
        furong::ledger_builder b(data.calendar, data.sla);
        for (const auto& it : items) {
            auto r = record_of(it);
            if (rng() % 3 == 0) r.meeting = "M1";
            if (rng() % 5 == 0) r.summary = "quoted, \"text\"\nwith a line break";
            b.add_item(r);
        }
        for (const auto& it : items)
            for (const auto& e : it.events) b.add_event(it.id, furong::date_of(e.day), e.s);
        for (const auto& it : items)
            for (const auto& v : it.visits) b.add_visit(it.id, furong::date_of(v.day), v.o);
        data.items = b.build();

        auto d1 = fresh_dir("rt1"), d2 = fresh_dir("rt2");
        furong::save_ledger_dir(data, d1);
        furong::ledger_data back = furong::load_ledger_dir(d1);
        REQUIRE(back == data);
        furong::save_ledger_dir(back, d2);
        for (const char* f : {"calendar.csv", "sla.csv", "meetings.csv", "attendance.csv", "agreements.csv",
                              "commitments.csv", "ledger.csv", "ledger_events.csv", "visits.csv"})
            REQUIRE(slurp(d1 / f) == slurp(d2 / f));
        // A different ledger compares unequal.
        furong::ledger_builder b2(data.calendar, data.sla);
        b2.add_item(record_of(items[0]));
        back.items = b2.build();
        REQUIRE(back != data);
        std::filesystem::remove_all(d1);
        std::filesystem::remove_all(d2);
    }
}

// ---------------------------------------------------------------- two threads, one error
namespace {
// The loader of ledger.csv, ledger_events.csv and visits.csv as it was before it used two
// threads (one file after the other, row by row): the reference for which error comes first.
furong::ledger serial_reference_items(const std::filesystem::path& dir, const furong::working_calendar& cal,
                                      const furong::sla_table& sla) {
    using namespace furong;
    using furong::detail::enum_field;
    using furong::detail::has_file;
    using furong::detail::item_source_names;
    using furong::detail::item_status_names;
    using furong::detail::visit_outcome_names;
    ledger_sources src;
    std::optional<io::csv_reader> items, events, visits;
    if (has_file(dir, "ledger.csv")) {
        items.emplace(io::csv_reader::open(dir / "ledger.csv"));
        auto& r = *items;
        src.item_id = r.require_column("id") + 1; src.item_compound = r.require_column("compound") + 1;
        src.item_category = r.require_column("category") + 1; src.item_summary = r.require_column("summary") + 1;
        src.item_source_col = r.require_column("source") + 1; src.item_raised = r.require_column("raised") + 1;
        src.item_owner = r.require_column("owner") + 1; src.item_due = r.require_column("due") + 1;
        src.item_meeting = r.require_column("meeting") + 1;
    }
    if (has_file(dir, "ledger_events.csv")) {
        events.emplace(io::csv_reader::open(dir / "ledger_events.csv"));
        src.event_item = events->require_column("item") + 1; src.event_date = events->require_column("date") + 1;
        src.event_status = events->require_column("status") + 1;
    }
    if (has_file(dir, "visits.csv")) {
        visits.emplace(io::csv_reader::open(dir / "visits.csv"));
        src.visit_item = visits->require_column("item") + 1; src.visit_date = visits->require_column("date") + 1;
        src.visit_outcome_col = visits->require_column("outcome") + 1;
    }
    ledger_builder b(cal, sla, src);
    if (items) {
        auto& r = *items;
        item_record rec;
        while (r.next()) {
            rec.id = r.text(src.item_id - 1);
            rec.compound = r.text(src.item_compound - 1);
            rec.category = r.text(src.item_category - 1);
            rec.summary = r[src.item_summary - 1];
            rec.source = enum_field<item_source>(r, src.item_source_col - 1, item_source_names, "source");
            rec.raised = r.day(src.item_raised - 1, true);
            rec.owner = r.text(src.item_owner - 1);
            rec.due = r.day(src.item_due - 1);
            rec.meeting = r[src.item_meeting - 1];
            b.add_item(rec, r.line());
        }
    }
    if (events) {
        auto& r = *events;
        while (r.next()) {
            const std::string item(r.text(src.event_item - 1));
            date d = r.day(src.event_date - 1, true);
            auto s = enum_field<item_status>(r, src.event_status - 1, item_status_names, "status");
            b.add_event(item, d, s, r.line());
        }
    }
    if (visits) {
        auto& r = *visits;
        while (r.next()) {
            const std::string item(r.text(src.visit_item - 1));
            date d = r.day(src.visit_date - 1, true);
            auto o = enum_field<visit_outcome>(r, src.visit_outcome_col - 1, visit_outcome_names, "visit outcome");
            b.add_visit(item, d, o, r.line());
        }
    }
    return b.build();
}

std::string error_text(const std::function<void()>& f) {
    try {
        f();
    } catch (const furong::input_error& e) {
        return e.file() + ":" + std::to_string(e.line()) + ":" + std::to_string(e.column()) + ": " + e.what();
    }
    return "no error";
}

// Three files of n items; item ids and summaries are sometimes quoted with "" and line breaks,
// so that the staged ids of events are views into unescaped text.
std::vector<std::string> ledger_texts(std::size_t n) {
    std::string items = "id,compound,category,summary,source,raised,owner,due,meeting\n";
    std::string events = "item,date,status\n", visits = "\xEF\xBB\xBFitem,date,outcome\r\n";
    for (std::size_t i = 0; i < n; ++i) {
        const std::string id = i % 7 == 3 ? "\"L\"\"" + std::to_string(i) + "\"" : "L" + std::to_string(i);
        const std::string d1 = "2025-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
        const std::string d2 = "2025-0" + std::to_string(1 + i % 9) + "-2" + std::to_string(i % 9);
        items += id + ",C1,noise," + (i % 5 ? "plain" : "\"two\nlines, \"\"quoted\"\"\"") + ",survey," + d1 + ",P1,,\n";
        events += id + "," + d1 + ",assigned\n" + id + "," + d2 + ",resolved\n";
        visits += id + "," + d2 + ",satisfied\r\n";
    }
    return {items, events, visits};
}
}  // namespace

TEST_CASE("the two-thread ledger load reports the error a serial read reports", "[ledger][threads]") {
    using furong::test::scratch_dir;
    const char* names[] = {"ledger.csv", "ledger_events.csv", "visits.csv"};
    furong::working_calendar cal;
    furong::sla_table sla;
    sla.set("*", {10, furong::sla_unit::calendar});
    const auto good = ledger_texts(200);
    {
        scratch_dir d;
        for (int f = 0; f < 3; ++f) d.write(names[f], good[f]);
        d.write("sla.csv", "category,days,unit\n*,10,calendar\n");
        auto one = furong::load_ledger_dir(d.path(), {}, 1), two = furong::load_ledger_dir(d.path(), {}, 2);
        CHECK(one == two);
        CHECK(two.items == serial_reference_items(d.path(), cal, sla));
        CHECK(two.items.size() == 200);
        CHECK(two.items.id(3) == "L\"3");
    }
    // Damage one, two or three files at random lines; every error kind of each file.
    const std::vector<std::pair<std::string, std::string>> damage{
        {"2025-0", "2025-13"}, {"assigned", "bogus"}, {"satisfied", "happy"}, {",C1,", ",,"}, {"L1", "Q1"},
        {"\n", ",x\n"}, {"\n", "\n\"open"}, {"plain", "pl\xC3n"}, {"2025-0", "2024-0"}, {"survey", "rumour"},
        {"resolved", "closed"}, {"item,", "itm,"}, {"date,", "day,"}, {"id,", "ident,"}, {",", ",\"\"x"},
        {"\nL1", "\nL2"}, {"\nL4", "\nL5"}};  // duplicate ids (the loader indexes ids a few items late)
    std::mt19937_64 rng(5);
    std::map<std::string, int> seen_files;
    for (int iter = 0; iter < 300; ++iter) {
        auto texts = good;
        const int hits = 1 + static_cast<int>(rng() % 3);
        for (int h = 0; h < hits; ++h) {
            auto& t = texts[rng() % 3];
            const auto& [from, to] = damage[rng() % damage.size()];
            const std::size_t at = t.find(from, rng() % t.size());
            if (at != std::string::npos) t.replace(at, from.size(), to);
        }
        scratch_dir d;
        for (int f = 0; f < 3; ++f) d.write(names[f], texts[f]);
        const std::string serial = error_text([&] { (void)serial_reference_items(d.path(), cal, sla); });
        const std::string one = error_text([&] { (void)furong::detail::load_items(d.path(), cal, sla, {}, {}, 1); });
        const std::string two = error_text([&] { (void)furong::detail::load_items(d.path(), cal, sla, {}, {}, 2); });
        INFO("iteration " << iter);
        REQUIRE(one == serial);
        REQUIRE(two == serial);
        ++seen_files[serial.substr(0, serial.find(':'))];
    }
    // Errors from each file were compared, the second thread's files included.
    CHECK(seen_files["ledger.csv"] > 10);
    CHECK(seen_files["ledger_events.csv"] > 10);
    CHECK(seen_files["visits.csv"] > 10);
}

TEST_CASE("a duplicate id is the first error even when the next items fail too", "[ledger][threads]") {
    // The loader puts ids into the index a few items after adding them; any later error of
    // ledger.csv, from the reader or from the builder, must still lose to the duplicate.
    using furong::test::scratch_dir;
    furong::working_calendar cal;
    furong::sla_table sla;
    sla.set("*", {10, furong::sla_unit::calendar});
    const char* later_errors[][2] = {{"2025-01-10,P1,,", "2025-01-32,P1,,"},       // reader: bad date
                                     {"2025-01-10,P1,,", "2025-01-10,P1,2025-01-01,"},  // builder: due before raised
                                     {"survey", "rumour"},                              // reader: bad source
                                     {",C1,", ",,"}};                                   // reader: empty compound
    for (const auto& [from, to] : later_errors)
        for (int gap = 0; gap <= 12; ++gap) {
            std::string items = "id,compound,category,summary,source,raised,owner,due,meeting\n";
            for (int i = 0; i < 40; ++i) {
                std::string row = "L" + std::to_string(i == 20 ? 5 : i) + ",C1,noise,k,survey,2025-01-10,P1,,\n";
                if (gap > 0 && i == 20 + gap) row.replace(row.find(from), std::string(from).size(), to);
                items += row;
            }
            scratch_dir d;
            d.write("ledger.csv", items);
            const std::string serial = error_text([&] { (void)serial_reference_items(d.path(), cal, sla); });
            INFO("gap " << gap << ", then " << to);
            REQUIRE_THAT(serial, Catch::StartsWith("ledger.csv:22:1: ") && Catch::Contains("duplicate item id 'L5' (first on line 7)"));
            for (unsigned threads : {1u, 2u})
                REQUIRE(error_text([&] { (void)furong::detail::load_items(d.path(), cal, sla, {}, {}, threads); }) == serial);
        }
    // And an error before the duplicate still comes first.
    std::string items = "id,compound,category,summary,source,raised,owner,due,meeting\n";
    for (int i = 0; i < 40; ++i)
        items += "L" + std::to_string(i == 20 ? 5 : i) + ",C1,noise,k," + (i == 18 ? "rumour" : "survey") + ",2025-01-10,P1,,\n";
    scratch_dir d;
    d.write("ledger.csv", items);
    CHECK(error_text([&] { (void)furong::detail::load_items(d.path(), cal, sla, {}, {}, 2); }) ==
          error_text([&] { (void)serial_reference_items(d.path(), cal, sla); }));
    CHECK_THAT(error_text([&] { (void)furong::detail::load_items(d.path(), cal, sla, {}, {}, 2); }),
               Catch::StartsWith("ledger.csv:20:5: "));
}
