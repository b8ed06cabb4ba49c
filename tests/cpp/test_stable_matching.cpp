// Tests of furong::stable_matching and furong::blocking_pairs: brute force over all
// matchings of tiny random instances, hand cases, errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <random>
#include <utility>
#include <vector>

#include "furong/algorithm/stable_matching.hpp"

namespace {

using furong::blocking_pair;
using furong::proposing_side;
using furong::stable_matching_problem;
using furong::stable_matching_result;

// Position of x in list l, or -1.
int rank_of(const std::vector<int>& l, int x) {
    auto it = std::find(l.begin(), l.end(), x);
    return it == l.end() ? -1 : static_cast<int>(it - l.begin());
}

bool acceptable(const stable_matching_problem& pb, int c, int p) {
    return rank_of(pb.client_prefs[c], p) >= 0 && rank_of(pb.provider_prefs[p], c) >= 0;
}

// Straight from the definition, quadratic and independent of the library.
std::vector<std::pair<int, int>> naive_blocking(const stable_matching_problem& pb, const std::vector<int>& a) {
    const int C = static_cast<int>(pb.client_prefs.size());
    const int P = static_cast<int>(pb.provider_prefs.size());
    std::vector<std::pair<int, int>> out;
    for (int c = 0; c < C; ++c)
        for (int p = 0; p < P; ++p) {
            if (!acceptable(pb, c, p) || a[c] == p) continue;
            const bool c_wants = a[c] < 0 || rank_of(pb.client_prefs[c], p) < rank_of(pb.client_prefs[c], a[c]);
            if (!c_wants) continue;
            int load = 0;
            bool p_wants = false;
            for (int d = 0; d < C; ++d)
                if (a[d] == p) {
                    ++load;
                    if (rank_of(pb.provider_prefs[p], c) < rank_of(pb.provider_prefs[p], d)) p_wants = true;
                }
            if (load < pb.provider_capacity[p]) p_wants = true;
            if (p_wants) out.push_back({c, p});
        }
    return out;
}

std::vector<std::pair<int, int>> as_pairs(const std::vector<blocking_pair>& v) {
    std::vector<std::pair<int, int>> out;
    for (const blocking_pair& b : v) out.push_back({b.client, b.provider});
    return out;
}

stable_matching_problem random_problem(std::mt19937& rng) {
    auto uni = [&](int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng); };
    stable_matching_problem pb;
    const int C = uni(1, 6), P = uni(1, 3);
    pb.client_prefs.resize(C);
    pb.provider_prefs.resize(P);
    pb.provider_capacity.resize(P);
    for (int& k : pb.provider_capacity) k = uni(0, 5) == 0 ? 0 : uni(1, 2);
    for (int c = 0; c < C; ++c)
        for (int p = 0; p < P; ++p) {
            // Mostly mutual lists, sometimes one-sided (not acceptable).
            const int r = uni(0, 19);
            if (r < 17 || r == 17) pb.client_prefs[c].push_back(p);
            if (r < 17 || r == 18) pb.provider_prefs[p].push_back(c);
        }
    for (auto& l : pb.client_prefs) std::shuffle(l.begin(), l.end(), rng);
    for (auto& l : pb.provider_prefs) std::shuffle(l.begin(), l.end(), rng);
    return pb;
}

// Every assignment respecting acceptability and capacities.
std::vector<std::vector<int>> all_matchings(const stable_matching_problem& pb) {
    const int C = static_cast<int>(pb.client_prefs.size());
    std::vector<std::vector<int>> out;
    std::vector<int> a(C, -1), load(pb.provider_prefs.size(), 0);
    std::function<void(int)> rec = [&](int c) {
        if (c == C) {
            out.push_back(a);
            return;
        }
        a[c] = -1;
        rec(c + 1);
        for (int p : pb.client_prefs[c]) {
            if (!acceptable(pb, c, p) || load[p] == pb.provider_capacity[p]) continue;
            a[c] = p;
            ++load[p];
            rec(c + 1);
            --load[p];
            a[c] = -1;
        }
    };
    rec(0);
    return out;
}

// Ranks (in p's list) of p's clients, best first.
std::vector<int> provider_ranks(const stable_matching_problem& pb, const std::vector<int>& a, int p) {
    std::vector<int> r;
    for (std::size_t c = 0; c < a.size(); ++c)
        if (a[c] == p) r.push_back(rank_of(pb.provider_prefs[p], static_cast<int>(c)));
    std::sort(r.begin(), r.end());
    return r;
}

int client_rank(const stable_matching_problem& pb, const std::vector<int>& a, int c) {
    return a[c] < 0 ? 1 << 20 : rank_of(pb.client_prefs[c], a[c]);
}

void check_result_shape(const stable_matching_problem& pb, const stable_matching_result& r) {
    REQUIRE(r.provider_of.size() == pb.client_prefs.size());
    REQUIRE(r.clients_of.size() == pb.provider_prefs.size());
    int matched = 0;
    for (std::size_t p = 0; p < r.clients_of.size(); ++p) {
        REQUIRE(std::is_sorted(r.clients_of[p].begin(), r.clients_of[p].end()));
        REQUIRE(static_cast<int>(r.clients_of[p].size()) <= pb.provider_capacity[p]);
        for (int c : r.clients_of[p]) REQUIRE(r.provider_of[c] == static_cast<int>(p));
        matched += static_cast<int>(r.clients_of[p].size());
    }
    REQUIRE(r.matched == matched);
    for (std::size_t c = 0; c < r.provider_of.size(); ++c)
        if (r.provider_of[c] >= 0) REQUIRE(acceptable(pb, static_cast<int>(c), r.provider_of[c]));
}

}  // namespace

TEST_CASE("stable_matching: documented example", "[stable]") {
    stable_matching_problem pb;
    pb.client_prefs = {{0, 1}, {0}, {1, 0}};
    pb.provider_prefs = {{1, 0, 2}, {0, 2}};
    pb.provider_capacity = {1, 1};
    const stable_matching_result r = furong::stable_matching(pb);
    CHECK(r.provider_of == std::vector<int>{1, 0, -1});
    CHECK(r.matched == 2);
    const std::vector<blocking_pair> bp = furong::blocking_pairs(pb, {0, -1, 1});
    REQUIRE(bp.size() == 1);
    CHECK(bp[0].client == 1);
    CHECK(bp[0].provider == 0);
}

TEST_CASE("stable_matching: the two sides' optima differ", "[stable]") {
    // Classic 2x2 with opposite preferences: clients get their first choices when they
    // propose, providers get theirs when they propose.
    stable_matching_problem pb;
    pb.client_prefs = {{0, 1}, {1, 0}};
    pb.provider_prefs = {{1, 0}, {0, 1}};
    pb.provider_capacity = {1, 1};
    CHECK(furong::stable_matching(pb).provider_of == std::vector<int>{0, 1});
    CHECK(furong::stable_matching(pb, proposing_side::providers).provider_of == std::vector<int>{1, 0});
    CHECK(furong::blocking_pairs(pb, {0, 1}).empty());
    CHECK(furong::blocking_pairs(pb, {1, 0}).empty());
    // Nobody matched: all four acceptable pairs block.
    CHECK(as_pairs(furong::blocking_pairs(pb, {-1, -1})) ==
          std::vector<std::pair<int, int>>{{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    // Provider 0 with client 0 only: (1,0)? client 1 prefers 1 (free) -> (1,1) blocks;
    // (1,0): provider 0 prefers 1 to 0 and client 1 is unmatched -> blocks too.
    CHECK(as_pairs(furong::blocking_pairs(pb, {0, -1})) == std::vector<std::pair<int, int>>{{1, 0}, {1, 1}});
}

TEST_CASE("stable_matching: capacities and a hand-made unstable assignment", "[stable]") {
    stable_matching_problem pb;
    pb.client_prefs = {{0, 1}, {0, 1}, {0}, {1}};
    pb.provider_prefs = {{2, 1, 0}, {0, 1, 3}};
    pb.provider_capacity = {2, 1};
    const stable_matching_result r = furong::stable_matching(pb);
    CHECK(r.provider_of == std::vector<int>{1, 0, 0, -1});
    CHECK(r.clients_of == std::vector<std::vector<int>>{{1, 2}, {0}});
    CHECK(furong::blocking_pairs(pb, r.provider_of).empty());
    // Provider 0 holds clients 0 and 1, leaving 2 out; provider 1 holds 3.
    // (2,0): 2 unmatched, provider 0 prefers 2 to 0 -> blocks. (0,1)? client 0 prefers 0 (has it).
    // (1,?) client 1 has its first choice. Provider 1 prefers 0 and 1 to 3, but both have 0.
    CHECK(as_pairs(furong::blocking_pairs(pb, {0, 0, -1, 1})) == std::vector<std::pair<int, int>>{{2, 0}});
    // Zero capacity: provider 0 takes nobody, nothing blocks through it.
    pb.provider_capacity = {0, 1};
    const stable_matching_result z = furong::stable_matching(pb, proposing_side::providers);
    CHECK(z.clients_of[0].empty());
    CHECK(z.provider_of == std::vector<int>{1, -1, -1, -1});
    CHECK(furong::blocking_pairs(pb, z.provider_of).empty());
}

TEST_CASE("stable_matching: brute force over all matchings of tiny instances", "[stable]") {
    int with_choice = 0;
    for (unsigned seed = 1; seed <= 5000; ++seed) {
        INFO("seed " << seed);
        std::mt19937 rng(seed);
        const stable_matching_problem pb = random_problem(rng);
        const int C = static_cast<int>(pb.client_prefs.size());
        const int P = static_cast<int>(pb.provider_prefs.size());
        std::vector<std::vector<int>> stable;
        for (const std::vector<int>& a : all_matchings(pb)) {
            const auto naive = naive_blocking(pb, a);
            REQUIRE(as_pairs(furong::blocking_pairs(pb, a)) == naive);
            if (naive.empty()) stable.push_back(a);
        }
        REQUIRE_FALSE(stable.empty());
        with_choice += stable.size() > 1;
        const stable_matching_result co = furong::stable_matching(pb);
        const stable_matching_result po = furong::stable_matching(pb, proposing_side::providers);
        check_result_shape(pb, co);
        check_result_shape(pb, po);
        REQUIRE(std::find(stable.begin(), stable.end(), co.provider_of) != stable.end());
        REQUIRE(std::find(stable.begin(), stable.end(), po.provider_of) != stable.end());
        for (const std::vector<int>& m : stable) {
            for (int c = 0; c < C; ++c) {
                REQUIRE(client_rank(pb, co.provider_of, c) <= client_rank(pb, m, c));
                REQUIRE(client_rank(pb, po.provider_of, c) >= client_rank(pb, m, c));
            }
            for (int p = 0; p < P; ++p) {
                // Same number everywhere (rural hospitals); k-th best client weakly best/worst.
                const auto best = provider_ranks(pb, po.provider_of, p);
                const auto worst = provider_ranks(pb, co.provider_of, p);
                const auto here = provider_ranks(pb, m, p);
                REQUIRE(best.size() == here.size());
                REQUIRE(worst.size() == here.size());
                for (std::size_t k = 0; k < here.size(); ++k) {
                    REQUIRE(best[k] <= here[k]);
                    REQUIRE(worst[k] >= here[k]);
                }
            }
        }
    }
    CHECK(with_choice > 60);  // the instances do exercise the difference between the two optima
}

TEST_CASE("stable_matching: larger random instances are stable", "[stable]") {
    for (unsigned seed = 1; seed <= 10; ++seed) {
        std::mt19937 rng(seed);
        stable_matching_problem pb;
        const int C = 2000, P = 60;
        pb.client_prefs.resize(C);
        pb.provider_prefs.resize(P);
        pb.provider_capacity.resize(P);
        for (int& k : pb.provider_capacity) k = std::uniform_int_distribution<int>(0, 40)(rng);
        for (int c = 0; c < C; ++c) {
            std::vector<int> ps(P);
            for (int p = 0; p < P; ++p) ps[p] = p;
            std::shuffle(ps.begin(), ps.end(), rng);
            ps.resize(8);
            pb.client_prefs[c] = ps;
            for (int p : ps)
                if (std::uniform_int_distribution<int>(0, 9)(rng) < 9) pb.provider_prefs[p].push_back(c);
        }
        for (auto& l : pb.provider_prefs) std::shuffle(l.begin(), l.end(), rng);
        const auto co = furong::stable_matching(pb);
        const auto po = furong::stable_matching(pb, proposing_side::providers);
        check_result_shape(pb, co);
        check_result_shape(pb, po);
        CHECK(co.matched == po.matched);
        CHECK(furong::blocking_pairs(pb, co.provider_of).empty());
        CHECK(furong::blocking_pairs(pb, po.provider_of).empty());
        for (int c = 0; c < C; ++c) CHECK(client_rank(pb, co.provider_of, c) <= client_rank(pb, po.provider_of, c));
    }
}

TEST_CASE("stable_matching: invalid arguments throw argument_error", "[stable][errors]") {
    auto base = [] {
        stable_matching_problem pb;
        pb.client_prefs = {{0, 1}, {1}};
        pb.provider_prefs = {{0}, {1, 0}};
        pb.provider_capacity = {1, 1};
        return pb;
    };
    stable_matching_problem pb = base();
    REQUIRE_NOTHROW(furong::stable_matching(pb));
    REQUIRE_NOTHROW(furong::blocking_pairs(pb, {0, 1}));

    pb = base(); pb.provider_capacity = {1, -1};
    REQUIRE_THROWS_AS(furong::stable_matching(pb), furong::argument_error);
    REQUIRE_THROWS_WITH(furong::stable_matching(pb), Catch::Contains("provider_capacity[1]"));
    pb = base(); pb.provider_capacity = {1};
    REQUIRE_THROWS_AS(furong::stable_matching(pb), furong::argument_error);
    pb = base(); pb.client_prefs[1] = {1, 1};
    REQUIRE_THROWS_AS(furong::stable_matching(pb, proposing_side::providers), furong::argument_error);
    REQUIRE_THROWS_WITH(furong::stable_matching(pb), Catch::Contains("client_prefs[1][1]"));
    pb = base(); pb.provider_prefs[1] = {1, 0, 1};
    REQUIRE_THROWS_WITH(furong::stable_matching(pb), Catch::Contains("provider_prefs[1][2]"));
    pb = base(); pb.client_prefs[0] = {0, 2};
    REQUIRE_THROWS_WITH(furong::stable_matching(pb), Catch::Contains("client_prefs[0][1]"));
    pb = base(); pb.client_prefs[0] = {-1};
    REQUIRE_THROWS_AS(furong::stable_matching(pb), furong::argument_error);
    pb = base(); pb.provider_prefs[0] = {2};
    REQUIRE_THROWS_AS(furong::stable_matching(pb), furong::argument_error);
    pb = base(); pb.provider_prefs[0] = {-5};
    REQUIRE_THROWS_AS(furong::blocking_pairs(pb, {-1, -1}), furong::argument_error);

    pb = base();
    REQUIRE_THROWS_AS(furong::blocking_pairs(pb, {0}), furong::argument_error);          // size
    REQUIRE_THROWS_AS(furong::blocking_pairs(pb, {0, 1, -1}), furong::argument_error);   // size
    REQUIRE_THROWS_WITH(furong::blocking_pairs(pb, {2, 1}), Catch::Contains("assignment[0]"));
    REQUIRE_THROWS_AS(furong::blocking_pairs(pb, {-2, 1}), furong::argument_error);     // range
    REQUIRE_THROWS_WITH(furong::blocking_pairs(pb, {0, 0}), Catch::Contains("assignment[1]"));  // not acceptable
    pb.provider_prefs[0] = {0, 1};
    pb.client_prefs[1] = {1, 0};
    REQUIRE_NOTHROW(furong::blocking_pairs(pb, {0, 1}));
    REQUIRE_THROWS_WITH(furong::blocking_pairs(pb, {0, 0}), Catch::Contains("capacity"));  // over capacity
    pb.client_prefs[0] = {1};  // provider 0 lists client 0 but client 0 does not list it back
    REQUIRE_NOTHROW(furong::blocking_pairs(pb, {1, -1}));
    REQUIRE_THROWS_AS(furong::blocking_pairs(pb, {0, -1}), furong::argument_error);
}
