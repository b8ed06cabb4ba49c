// Tests of furong::co_building (the domain rule over optimal pairing), of the stable
// co-building matching (unmatched-why, assignment checks, blocking pairs) and of
// furong::io::load_preferences: scores vs a naive computation, brute force on tiny networks,
// reasons, kept/forbidden/same_street/score table, every bad preferences file.
#include "support.hpp"

#include <furong/domain/co_building.hpp>
#include <furong/domain/stable_co_building.hpp>
#include <furong/io/preferences_file.hpp>
#include <furong/io/network_files.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace furong;
using furong::test::scratch_dir;

namespace {

// district d; streets s1, s2; communities m1 (s1), m2 (s2); compounds c1, c2 (m1), c3 (m2);
// agency a (capacity 2), unit u1 under s1 (capacity unset = 1), unit u2 under s2 (capacity 1),
// unit z (capacity 0).
network small_network() {
    network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("s1", org_kind::street, "S1", "d");
    net.add_organisation("s2", org_kind::street, "S2", "d");
    net.add_organisation("m1", org_kind::community, "M1", "s1");
    net.add_organisation("m2", org_kind::community, "M2", "s2");
    for (auto [c, m] : {std::pair{"c1", "m1"}, {"c2", "m1"}, {"c3", "m2"}})
        net.add_organisation(c, org_kind::compound, c, m);
    net.set_capacity(net.add_organisation("a", org_kind::agency, "A", "d"), 2);
    net.add_organisation("u1", org_kind::unit, "U1", "s1");
    net.set_capacity(net.add_organisation("u2", org_kind::unit, "U2", "s2"), 1);
    net.set_capacity(net.add_organisation("z", org_kind::unit, "Z", "d"), 0);
    net.add_offer(net.index_of("a"), "canteen", 2);
    net.add_offer(net.index_of("a"), "reading", 1);
    net.add_offer(net.index_of("u1"), "legal", 3);
    net.add_offer(net.index_of("u2"), "canteen", 4);
    net.add_offer(net.index_of("z"), "legal", 10);
    net.add_need(net.index_of("c1"), "canteen", 5);  // a: 10, u2: 20
    net.add_need(net.index_of("c1"), "reading", 2);  // a: +2
    net.add_need(net.index_of("c2"), "legal", 4);    // u1: 12 (z has no room)
    net.add_need(net.index_of("c3"), "reading", 1);  // a: 1
    net.add_need(net.index_of("c3"), "parking", 5);  // nobody offers it
    return net;
}

std::map<std::pair<std::string, std::string>, double> pair_map(const snapshot& s, const co_building_result& r) {
    std::map<std::pair<std::string, std::string>, double> out;
    for (const auto& p : r.pairs) out[{std::string(s.id(p.provider)), std::string(s.id(p.compound))}] = p.score;
    return out;
}

// Naive scores: every provider x compound x resource.
std::map<std::pair<index_t, index_t>, double> naive_scores(const network& net) {
    std::map<std::pair<index_t, index_t>, double> out;
    for (const auto& o : net.resources().offers)
        for (const auto& n : net.resources().needs)
            if (o.resource == n.resource) out[{o.provider, n.compound}] += n.priority * o.amount;
    return out;
}

}  // namespace

TEST_CASE("co_building: scores, reasons, unmatched", "[co_building]") {
    network net = small_network();
    snapshot s(net);
    co_building_result r = co_building(s);
    // a takes c1 (12) and c3 (1); u2 could give c1 20 but then a gets only c3: 20 + 1 + 12
    // = 33 > 12 + 1 + 12 = 25. So u2 -> c1, a -> c3, u1 -> c2.
    auto m = pair_map(s, r);
    CHECK(m.size() == 3);
    CHECK(m[{"u2", "c1"}] == 20.0);
    CHECK(m[{"a", "c3"}] == 1.0);
    CHECK(m[{"u1", "c2"}] == 12.0);
    CHECK(r.total_score == 33.0);
    CHECK(r.compounds_covered == 3);
    CHECK(r.unmatched.empty());
    CHECK(r.providers == 4);
    CHECK(r.compounds == 3);
    for (const auto& p : r.pairs) {
        double sum = 0;
        for (std::size_t k = p.reasons_begin; k < p.reasons_end; ++k) sum += r.reasons[k].priority * r.reasons[k].amount;
        CHECK(sum == p.score);
        if (s.id(p.provider) == "u2") {
            REQUIRE(p.reasons_end - p.reasons_begin == 1);
            CHECK(r.resources[r.reasons[p.reasons_begin].resource] == "canteen");
            CHECK(r.reasons[p.reasons_begin].priority == 5);
            CHECK(r.reasons[p.reasons_begin].amount == 4.0);
        }
    }
}

TEST_CASE("co_building: reasons sorted by contribution", "[co_building]") {
    network net = small_network();
    net.set_capacity(net.index_of("u2"), 0);
    snapshot s(net);
    co_building_result r = co_building(s);
    bool seen = false;
    for (const auto& p : r.pairs)
        if (s.id(p.provider) == "a" && s.id(p.compound) == "c1") {
            seen = true;
            REQUIRE(p.reasons_end - p.reasons_begin == 2);
            CHECK(r.resources[r.reasons[p.reasons_begin].resource] == "canteen");  // 10 before 2
            CHECK(r.resources[r.reasons[p.reasons_begin + 1].resource] == "reading");
            CHECK(p.score == 12.0);
        }
    CHECK(seen);
}

TEST_CASE("co_building: kept pairs count and are not proposed again", "[co_building]") {
    network net = small_network();
    net.add_link("u2", "c1", link_kind::pairing, validity::between(date(2024, 1, 1), date()));
    net.add_link("a", "c2", link_kind::pairing, validity::between(date(2020, 1, 1), date(2021, 1, 1)));  // expired
    snapshot s(net);
    co_building_options o;
    o.when = date(2025, 6, 1);
    co_building_result r = co_building(s, o);
    REQUIRE(r.kept.size() == 1);
    CHECK(s.id(r.kept[0].first) == "u2");
    auto m = pair_map(s, r);
    CHECK(m.count({"u2", "c1"}) == 0);
    CHECK(m.size() == 2);  // a -> c3, u1 -> c2
    CHECK(r.total_score == 13.0);
    CHECK(r.compounds_covered == 3);

    // Without a day every pairing link is kept, the expired one too: a has one place left.
    co_building_result all = co_building(s);
    CHECK(all.kept.size() == 2);
    CHECK(pair_map(s, all).count({"u1", "c2"}) == 0);  // c2 already has a partner (a)
}

TEST_CASE("co_building: unmatched reasons", "[co_building]") {
    network net = small_network();
    net.add_organisation("c4", org_kind::compound, "c4", "m2");  // needs nothing
    net.set_capacity(net.index_of("u1"), 0);                       // c2 now has no provider with room
    net.add_need(net.index_of("c4"), "legal", 1);                  // only z and u1 offer legal: none with room
    net.add_organisation("c5", org_kind::compound, "c5", "m2");
    net.add_need(net.index_of("c5"), "canteen", 1);                // a and u2 offer canteen
    snapshot s(net);
    co_building_result r = co_building(s);
    std::map<std::string, unmatched_why> why;
    for (const auto& u : r.unmatched) why[std::string(s.id(u.compound))] = u.why;
    CHECK(why["c2"] == unmatched_why::no_eligible_provider);
    CHECK(why["c4"] == unmatched_why::no_eligible_provider);
    // a (2 places) and u2 (1 place) serve c1, c3, c5: c1 u2 20, a: c1 12, c3 1, c5 2; best
    // u2->c1, a->c5, a->c3 = 23: everybody covered.
    CHECK(why.count("c5") == 0);
    // Make a full: c3 then has an eligible provider without room.
    net.set_capacity(net.index_of("a"), 1);
    snapshot s2(net);
    co_building_result r2 = co_building(s2);
    std::map<std::string, unmatched_why> why2;
    for (const auto& u : r2.unmatched) why2[std::string(s2.id(u.compound))] = u.why;
    CHECK(why2["c3"] == unmatched_why::providers_full);
    CHECK(r2.compounds_covered == 2);
}

TEST_CASE("co_building: cover_first covers more compounds", "[co_building]") {
    network net = small_network();
    net.set_capacity(net.index_of("a"), 1);
    snapshot s(net);
    // a (1 place): c1 12 or c3 1; u2: c1 20. Score only: u2->c1, a->c1? (max 1 per compound)
    // so u2->c1 and a->c3 is also the best score: 21. Make c3 more contested: forbid u2-c1.
    co_building_options o;
    o.forbidden = {{net.index_of("u2"), net.index_of("c1")}};
    co_building_result r = co_building(s, o);  // a->c1 (12) beats a->c3 (1)
    CHECK(pair_map(s, r).count({"a", "c1"}) == 1);
    o.cover_first = true;
    co_building_result rc = co_building(s, o);  // still one compound for a: both cover 1
    CHECK(rc.compounds_covered == r.compounds_covered);
    // max_per_compound 2 with u2 allowed: score prefers u2->c1 and a->c1 (32) over a->c3.
    co_building_options o2;
    o2.max_per_compound = 2;
    co_building_result r2 = co_building(s, o2);
    CHECK(r2.total_score == 44.0);  // u2->c1 20, a->c1 12, u1->c2 12
    o2.cover_first = true;
    co_building_result r3 = co_building(s, o2);  // a->c3 instead, covering c3
    CHECK(r3.compounds_covered == 3);
    CHECK(r3.total_score == 33.0);
}

TEST_CASE("co_building: same_street and forbidden", "[co_building]") {
    network net = small_network();
    snapshot s(net);
    co_building_options o;
    o.same_street = true;  // u2 (street s2) may not serve c1 (street s1)
    co_building_result r = co_building(s, o);
    auto m = pair_map(s, r);
    CHECK(m.count({"u2", "c1"}) == 0);
    CHECK(m.count({"a", "c1"}) == 1);  // agencies are district-wide
    CHECK(r.total_score == 12.0 + 1.0 + 12.0);

    co_building_options f;
    f.forbidden = {{net.index_of("u1"), net.index_of("c2")}, {net.index_of("u1"), net.index_of("c2")}};
    co_building_result rf = co_building(s, f);
    CHECK(pair_map(s, rf).count({"u1", "c2"}) == 0);
    CHECK(rf.unmatched.size() == 1);

    co_building_options bad;
    bad.forbidden = {{net.index_of("c1"), net.index_of("c2")}};
    CHECK_THROWS_WITH(co_building(s, bad), Catch::Contains("forbidden[0]") && Catch::Contains("not a provider"));
    bad.forbidden = {{net.index_of("a"), net.index_of("m1")}};
    CHECK_THROWS_WITH(co_building(s, bad), Catch::Contains("not a compound"));
    co_building_options mpc;
    mpc.max_per_compound = 0;
    CHECK_THROWS_AS(co_building(s, mpc), argument_error);
}

TEST_CASE("co_building: score table", "[co_building]") {
    network net = small_network();
    snapshot s(net);
    co_building_options o;
    const index_t a = net.index_of("a"), u1 = net.index_of("u1"), c1 = net.index_of("c1"), c2 = net.index_of("c2");
    o.scores = std::vector<co_building_score>{{a, c1, 3.0}, {u1, c1, 5.0}, {u1, c2, 0.0}, {a, c2, 1.0}};
    co_building_result r = co_building(s, o);
    auto m = pair_map(s, r);
    CHECK(m.size() == 2);
    CHECK(m[{"u1", "c1"}] == 5.0);
    CHECK(m[{"a", "c2"}] == 1.0);
    CHECK(r.reasons.empty());
    o.scores->push_back({a, c1, 2.0});
    CHECK_THROWS_WITH(co_building(s, o), Catch::Contains("scores[4]") && Catch::Contains("scores[0]"));
    o.scores = std::vector<co_building_score>{{a, c1, std::nan("")}};
    CHECK_THROWS_WITH(co_building(s, o), Catch::Contains("scores[0]") && Catch::Contains("finite"));
    o.scores = std::vector<co_building_score>{{a, c1, -1.0}};
    CHECK_THROWS_AS(co_building(s, o), argument_error);
}

TEST_CASE("co_building: scores equal a naive computation; optimum equals brute force", "[co_building]") {
    std::mt19937 rng(7);
    const char* resources[] = {"r0", "r1", "r2", "r3"};
    for (int trial = 0; trial < 150; ++trial) {
        network net;
        net.add_organisation("d", org_kind::district, "D");
        net.add_organisation("s1", org_kind::street, "S1", "d");
        net.add_organisation("s2", org_kind::street, "S2", "d");
        net.add_organisation("m1", org_kind::community, "M1", "s1");
        net.add_organisation("m2", org_kind::community, "M2", "s2");
        const int P = 1 + static_cast<int>(rng() % 3), C = 1 + static_cast<int>(rng() % 5);
        std::vector<index_t> prov, comp;
        for (int p = 0; p < P; ++p) {
            const bool agency = rng() % 3 == 0;
            index_t i = net.add_organisation("p" + std::to_string(p), agency ? org_kind::agency : org_kind::unit, "",
                                             agency ? "d" : (rng() % 2 ? "s1" : "s2"));
            if (rng() % 4) net.set_capacity(i, rng() % 3);
            prov.push_back(i);
            for (const char* r : resources)
                if (rng() % 2) net.add_offer(i, r, 1 + rng() % 4);
        }
        for (int c = 0; c < C; ++c) {
            index_t i = net.add_organisation("c" + std::to_string(c), org_kind::compound, "", rng() % 2 ? "m1" : "m2");
            comp.push_back(i);
            for (const char* r : resources)
                if (rng() % 2) net.add_need(i, r, 1 + static_cast<int>(rng() % 5));
        }
        std::set<std::pair<index_t, index_t>> kept;
        for (int k = 0; k < 2; ++k)
            if (rng() % 2) {
                auto pr = std::make_pair(prov[rng() % P], comp[rng() % C]);
                if (kept.insert(pr).second) net.add_link(pr.first, pr.second, link_kind::pairing);
            }
        snapshot s(net);
        co_building_options o;
        o.same_street = rng() % 3 == 0;
        o.cover_first = rng() % 2 == 0;
        co_building_instance inst = co_building_problem(s, o);
        auto naive = naive_scores(net);
        // Eligible pairs = naive scores > 0 of providers with room, filtered by street.
        std::map<std::pair<index_t, index_t>, double> got;
        for (const auto& e : inst.problem.eligible) got[{inst.providers[e.provider], inst.compounds[e.client]}] = e.score;
        std::map<std::pair<index_t, index_t>, double> want;
        for (const auto& [pc, w] : naive) {
            const index_t p = pc.first, c = pc.second;
            const std::int32_t cap = net.organisations().capacities[p];
            if (cap == 0) continue;
            if (o.same_street && net.kind(p) == org_kind::unit && s.ancestor_of_kind(p, org_kind::street) != no_index &&
                s.ancestor_of_kind(p, org_kind::street) != s.ancestor_of_kind(c, org_kind::street))
                continue;
            want[pc] = w;
        }
        REQUIRE(got == want);

        // Brute force (max_per_compound 1): each compound gets no new provider or one.
        co_building_result r = co_building(s, o);
        std::vector<int> room(P), has(C, 0);
        for (int p = 0; p < P; ++p) {
            const std::int32_t cap = net.organisations().capacities[prov[p]];
            room[p] = cap < 0 ? 1 : cap;
        }
        for (const auto& k : kept) {
            for (int p = 0; p < P; ++p)
                if (prov[p] == k.first) --room[p];
            for (int c = 0; c < C; ++c)
                if (comp[c] == k.second) has[c] = 1;
        }
        int best_cov = -1;
        double best = -1;
        std::vector<int> choice(C, -1);
        std::function<void(int, std::vector<int>&, double, int)> rec = [&](int c, std::vector<int>& rm, double sc, int cov) {
            if (c == C) {
                if (o.cover_first ? (cov > best_cov || (cov == best_cov && sc > best + 1e-9)) : sc > best + 1e-9) {
                    best = sc;
                    best_cov = cov;
                }
                return;
            }
            rec(c + 1, rm, sc, cov + has[c]);
            if (has[c]) return;
            for (int p = 0; p < P; ++p) {
                auto it = want.find({prov[p], comp[c]});
                if (it == want.end() || rm[p] <= 0 || kept.count({prov[p], comp[c]})) continue;
                --rm[p];
                rec(c + 1, rm, sc + it->second, cov + 1);
                ++rm[p];
            }
        };
        rec(0, room, 0.0, 0);
        INFO("trial " << trial);
        CHECK(r.total_score == Approx(best));
        if (o.cover_first) CHECK(r.compounds_covered == best_cov);
        for (const auto& p : r.pairs) {
            double sum = 0;
            for (std::size_t k = p.reasons_begin; k < p.reasons_end; ++k) sum += r.reasons[k].priority * r.reasons[k].amount;
            CHECK(sum == Approx(p.score));
        }
    }
}

TEST_CASE("co_building: the bundled district", "[co_building]") {
    network net = io::load_network(FURONG_DATASET_DIR);
    snapshot s(net);
    co_building_options o;
    o.when = date(2025, 6, 1);
    co_building_result r = co_building(s, o);
    CHECK(r.compounds == s.of_kind(org_kind::compound).size());
    CHECK(!r.pairs.empty());
    CHECK(!r.kept.empty());
    CHECK(r.total_score > 0);
    CHECK(static_cast<std::size_t>(r.compounds_covered) + r.unmatched.size() == r.compounds);
    preference_problem pp = io::load_preferences(std::filesystem::path(FURONG_DATASET_DIR) / "preferences.csv", s);
    stable_matching_result sm = stable_matching(pp.problem);
    CHECK(sm.matched > 0);
    CHECK(blocking_pairs(pp.problem, sm.provider_of).empty());
}

namespace {
const char* prefs_orgs =
    "id,kind,name,parent,capacity\n"
    "d,district,D,,\n"
    "s,street,S,d,\n"
    "m,community,M,s,\n"
    "c1,compound,C1,m,\n"
    "c2,compound,C2,m,\n"
    "a,agency,A,d,1\n"
    "u,unit,U,s,\n";

input_error prefs_error(const std::string& text) {
    scratch_dir dir;
    dir.write("organisations.csv", prefs_orgs);
    dir.write("preferences.csv", text);
    network net = io::load_network(dir.path());
    snapshot s(net);
    try {
        io::load_preferences(dir.path() / "preferences.csv", s);
    } catch (const input_error& e) {
        return e;
    }
    FAIL("expected an input_error");
    throw;
}
}  // namespace

TEST_CASE("load_preferences: good file, gaps allowed", "[co_building]") {
    scratch_dir dir;
    dir.write("organisations.csv", prefs_orgs);
    dir.write("preferences.csv", "from,to,rank,note\nc1,u,5,x\nc1,a,2,\na,c2,1,\na,c1,7,\nu,c1,3,\nc2,a,1,\n");
    network net = io::load_network(dir.path());
    snapshot s(net);
    preference_problem pp = io::load_preferences(dir.path() / "preferences.csv", s);
    REQUIRE(pp.compounds.size() == 2);
    REQUIRE(pp.providers.size() == 2);
    const int A = pp.providers[0] == net.index_of("a") ? 0 : 1, U = 1 - A;
    CHECK(pp.problem.client_prefs[0] == std::vector<int>{A, U});
    CHECK(pp.problem.client_prefs[1] == std::vector<int>{A});
    CHECK(pp.problem.provider_prefs[A] == std::vector<int>{1, 0});
    CHECK(pp.problem.provider_prefs[U] == std::vector<int>{0});
    CHECK(pp.problem.provider_capacity[A] == 1);
    CHECK(pp.problem.provider_capacity[U] == 1);  // unset capacity = 1
    stable_matching_result r = stable_matching(pp.problem);
    CHECK(r.provider_of == std::vector<int>{U, A});
}

TEST_CASE("load_preferences: bad files name file, line and column", "[co_building]") {
    auto check = [](const input_error& e, std::size_t line, std::size_t col, const char* text) {
        INFO(e.what());
        CHECK(e.file() == "preferences.csv");
        CHECK(e.line() == line);
        CHECK(e.column() == col);
        CHECK_THAT(e.what(), Catch::Contains(text));
    };
    check(prefs_error("from,to\nc1,a\n"), 1, 0, "missing required column 'rank'");
    check(prefs_error("from,to,rank\nc1,a,1\nc1,zz,2\n"), 3, 2, "unknown organisation id 'zz'");
    check(prefs_error("from,to,rank\nqq,a,1\n"), 2, 1, "unknown organisation id 'qq'");
    check(prefs_error("from,to,rank\nc1,a,1\nc1,u,1\n"), 3, 3, "gives rank 1 twice (first on line 2)");
    check(prefs_error("from,to,rank\nc1,a,1\nc1,a,2\n"), 3, 2, "ranks 'a' twice (first on line 2)");
    check(prefs_error("from,to,rank\nc1,a,1.5\n"), 2, 3, "expected an integer");
    check(prefs_error("from,to,rank\nc1,a,0\n"), 2, 3, "expected an integer from 1");
    check(prefs_error("from,to,rank\nc1,a,\n"), 2, 3, "empty field");
    check(prefs_error("from,to,rank\nc1,c2,1\n"), 2, 2, "may only rank providers");
    check(prefs_error("from,to,rank\na,u,1\n"), 2, 2, "may only rank compounds");
    check(prefs_error("from,to,rank\nm,a,1\n"), 2, 1, "only compounds and providers");
    check(prefs_error("from,to,rank\nc1,a,1,extra\n"), 2, 4, "expected 3 fields");
    // The earliest repeating line is reported, whatever kind of repeat it is.
    check(prefs_error("from,to,rank\nc2,a,1\nc1,a,1\nc1,u,2\nc1,a,3\nc2,u,1\n"), 5, 2, "ranks 'a' twice");
}

TEST_CASE("preferences_from_rows: argument errors name the row", "[co_building]") {
    network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("a", org_kind::agency, "A", "d");
    snapshot s(net);
    std::vector<preference_row> rows{{0, 1, 1}};
    try {
        preferences_from_rows(s, rows, [](std::size_t k, const char* col, const std::string& msg, std::size_t) {
            throw argument_error("preferences row " + std::to_string(k) + " column " + col + ": " + msg);
        });
        FAIL("expected an error");
    } catch (const argument_error& e) {
        CHECK_THAT(e.what(), Catch::Contains("row 0 column from") && Catch::Contains("district 'd'"));
    }
}

// ---- stable co-building: unmatched-why, ranks, assignment checks, blocking pairs ---------

namespace {

// Compounds c1..c6, providers a (capacity 1), u (unset = 1), z (capacity 0).
// c1: a, u; c2: a; c3: z; c4: nobody; c5: a; c6: u.   a: c2, c1, c5; u: c1; z: c3.
struct stable_fixture {
    network net;
    stable_fixture() {
        net.add_organisation("d", org_kind::district, "D");
        net.add_organisation("s", org_kind::street, "S", "d");
        net.add_organisation("m", org_kind::community, "M", "s");
        for (const char* c : {"c1", "c2", "c3", "c4", "c5", "c6"}) net.add_organisation(c, org_kind::compound, c, "m");
        net.set_capacity(net.add_organisation("a", org_kind::agency, "A", "d"), 1);
        net.add_organisation("u", org_kind::unit, "U", "s");
        net.set_capacity(net.add_organisation("z", org_kind::unit, "Z", "s"), 0);
    }
    preference_problem problem(const snapshot& s) const {
        const std::vector<std::tuple<const char*, const char*, int>> text{
            {"c1", "a", 1}, {"c1", "u", 2}, {"c2", "a", 1}, {"c3", "z", 1}, {"c5", "a", 1}, {"c6", "u", 1},
            {"a", "c2", 1}, {"a", "c1", 2}, {"a", "c5", 3}, {"u", "c1", 1}, {"z", "c3", 1}};
        std::vector<preference_row> rows;
        for (const auto& [f, t, r] : text) rows.push_back({s.index_of(f), s.index_of(t), r});
        return preferences_from_rows(s, rows, [](std::size_t k, const char*, const std::string& msg, std::size_t) {
            throw argument_error("row " + std::to_string(k) + ": " + msg);
        });
    }
};

std::map<std::string, std::string> why_of(const snapshot& s, const std::vector<co_building_unmatched>& u) {
    std::map<std::string, std::string> out;
    for (const auto& x : u) out[std::string(s.id(x.compound))] = std::string(name_of(x.why));
    return out;
}

}  // namespace

TEST_CASE("stable_co_building: pairs with both ranks, unmatched with why", "[co_building][stable]") {
    stable_fixture f;
    snapshot s(f.net);
    const preference_problem pp = f.problem(s);
    const stable_co_building_result r = stable_co_building(pp);
    REQUIRE(r.pairs.size() == 2);
    CHECK(s.id(r.pairs[0].compound) == "c1");
    CHECK(s.id(r.pairs[0].provider) == "u");
    CHECK(r.pairs[0].compound_rank == 2);  // u is c1's second choice
    CHECK(r.pairs[0].provider_rank == 1);
    CHECK(s.id(r.pairs[1].compound) == "c2");
    CHECK(s.id(r.pairs[1].provider) == "a");
    CHECK(r.pairs[1].compound_rank == 1);
    CHECK(r.pairs[1].provider_rank == 1);
    // c3: z ranks it back but takes nobody; c5: a ranks it back but is full of c2 it prefers;
    // c6: u does not rank it; c4 ranks nobody, so it is not listed.
    const auto why = why_of(s, r.unmatched);
    CHECK(why == std::map<std::string, std::string>{{"c3", "no_acceptable_provider"},
                                                    {"c5", "providers_prefer_others"},
                                                    {"c6", "no_acceptable_provider"}});
    const stable_co_building_result rp = stable_co_building(pp, proposing_side::providers);
    CHECK(rp.side == proposing_side::providers);
    CHECK(rp.pairs.size() == 2);
    CHECK(why_of(s, rp.unmatched) == why);
    std::vector<assigned_pair> as;
    for (const auto& p : r.pairs) as.push_back({p.compound, p.provider});
    CHECK(co_building_blocking_pairs(s, pp, as).empty());
}

TEST_CASE("stable_co_building: blocking pairs and the checks of an assignment", "[co_building][stable]") {
    stable_fixture f;
    snapshot s(f.net);
    const preference_problem pp = f.problem(s);
    auto I = [&](const char* id) { return s.index_of(id); };
    // c1 -> a: a would rather have c2, which ranks a first.
    const auto bp = co_building_blocking_pairs(s, pp, {{I("c1"), I("a")}});
    REQUIRE(bp.size() == 1);
    CHECK(s.id(bp[0].compound) == "c2");
    CHECK(s.id(bp[0].provider) == "a");
    // Nobody assigned: every mutually acceptable pair with room blocks.
    CHECK(co_building_blocking_pairs(s, pp, {}).size() == 4);  // c1-a, c1-u, c2-a, c5-a
    auto refused = [&](const std::vector<assigned_pair>& rows, const char* text) {
        try {
            checked_assignment(s, pp, rows);
            FAIL("expected an argument_error");
        } catch (const argument_error& e) {
            CHECK_THAT(e.what(), Catch::Contains(text));
        }
    };
    refused({{I("a"), I("a")}}, "row 0: agency 'a' is not a compound");
    refused({{I("c1"), I("c2")}}, "row 0: compound 'c2' is not a provider");
    refused({{I("c1"), I("u")}, {I("c1"), I("a")}}, "row 1: compound 'c1' is assigned twice");
    refused({{I("c6"), I("u")}}, "'c6' and 'u' do not both rank each other");
    refused({{I("c1"), I("a")}, {I("c2"), I("a")}}, "row 1: 'a' gets more compounds than its capacity 1");
}

TEST_CASE("co_building: providers, compounds and reason names", "[co_building]") {
    network net = small_network();
    snapshot s(net);
    std::vector<std::string> ps, cs;
    for (index_t i : co_building_providers(s)) ps.emplace_back(s.id(i));
    for (index_t i : co_building_compounds(s)) cs.emplace_back(s.id(i));
    CHECK(ps == std::vector<std::string>{"a", "u1", "u2", "z"});
    CHECK(cs == std::vector<std::string>{"c1", "c2", "c3"});
    CHECK(name_of(unmatched_why::providers_full) == "providers_full");
    CHECK(unmatched_why_names.size() == 4);
}

TEST_CASE("co_building: no as-of day keeps every pairing link whatever its dates", "[co_building]") {
    network net = small_network();
    // u2 paired c1 in 2020 only; a pairs c3 from 2030 on.
    net.add_link(net.index_of("u2"), net.index_of("c1"), link_kind::pairing,
                 validity::between(date(2020, 1, 1), date(2020, 12, 31)));
    net.add_link(net.index_of("a"), net.index_of("c3"), link_kind::pairing, validity::between(date(2030, 1, 1), date()));
    snapshot s(net);
    co_building_result all = co_building(s);  // no day: no date filter
    CHECK(all.kept.size() == 2);
    co_building_options o;
    o.when = date(2025, 6, 1);
    CHECK(co_building(s, o).kept.empty());
    o.when = date(2020, 6, 1);
    CHECK(co_building(s, o).kept.size() == 1);
}
