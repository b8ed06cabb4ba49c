// Tests of furong::optimal_pairing: brute force on tiny random instances, hand cases, errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "furong/algorithm/matching.hpp"

namespace {

using furong::pairing_edge;
using furong::pairing_options;
using furong::pairing_pair;
using furong::pairing_problem;
using furong::pairing_result;
using furong::unpaired_reason;
using engine = furong::detail::pairing_engine;
const engine engines[] = {engine::automatic, engine::sparse, engine::dense};

struct brute_best {
    int covered = -1;
    double score = -1.0;
};

// Remaining room of each side after kept pairs (never negative).
std::pair<std::vector<int>, std::vector<int>> rooms(const pairing_problem& pb) {
    std::vector<int> pr(pb.provider_capacity), cr(pb.client_count, pb.max_per_client);
    for (const pairing_pair& k : pb.kept) {
        --pr[k.provider];
        --cr[k.client];
    }
    for (int& x : pr) x = std::max(x, 0);
    for (int& x : cr) x = std::max(x, 0);
    return {pr, cr};
}

std::vector<pairing_edge> filtered_edges(const pairing_problem& pb) {
    std::set<std::pair<int, int>> drop;
    for (const pairing_pair& k : pb.kept) drop.insert({k.provider, k.client});
    for (const pairing_pair& k : pb.forbidden) drop.insert({k.provider, k.client});
    std::vector<pairing_edge> out;
    for (const pairing_edge& e : pb.eligible)
        if (!drop.count({e.provider, e.client})) out.push_back(e);
    return out;
}

// Enumerates every subset of the filtered edges within the remaining rooms.
brute_best brute_force(const pairing_problem& pb, bool cover_first) {
    const std::vector<pairing_edge> edges = filtered_edges(pb);
    auto [pr, cr] = rooms(pb);
    std::vector<char> kept_c(pb.client_count, 0);
    for (const pairing_pair& k : pb.kept) kept_c[k.client] = 1;
    brute_best best;
    const std::size_t n = edges.size();
    for (unsigned mask = 0; mask < (1u << n); ++mask) {
        std::vector<int> lp(pr.size(), 0), lc(cr.size(), 0);
        double score = 0.0;
        bool ok = true;
        for (std::size_t i = 0; i < n && ok; ++i)
            if (mask >> i & 1u) {
                score += edges[i].score;
                ok = ++lp[edges[i].provider] <= pr[edges[i].provider] &&
                     ++lc[edges[i].client] <= cr[edges[i].client];
            }
        if (!ok) continue;
        int covered = 0;
        for (int c = 0; c < pb.client_count; ++c) covered += (kept_c[c] || lc[c] > 0);
        if (!cover_first) covered = 0;
        if (covered > best.covered || (covered == best.covered && score > best.score)) {
            best.covered = covered;
            best.score = score;
        }
    }
    return best;
}

// Checks everything about a result that does not need the optimum.
void check_feasible(const pairing_problem& pb, const pairing_result& r) {
    const std::vector<pairing_edge> edges = filtered_edges(pb);
    auto [pr, cr] = rooms(pb);
    std::vector<int> lp(pr.size(), 0), lc(cr.size(), 0);
    double total = 0.0;
    for (std::size_t i = 0; i < r.pairs.size(); ++i) {
        const pairing_edge& e = r.pairs[i];
        auto it = std::find_if(edges.begin(), edges.end(), [&](const pairing_edge& f) {
            return f.provider == e.provider && f.client == e.client;
        });
        REQUIRE(it != edges.end());
        REQUIRE(it->score == e.score);
        if (i > 0) {
            const pairing_edge& d = r.pairs[i - 1];
            REQUIRE(std::make_pair(d.client, d.provider) < std::make_pair(e.client, e.provider));
        }
        ++lp[e.provider];
        ++lc[e.client];
        total += e.score;
    }
    for (std::size_t p = 0; p < pr.size(); ++p) REQUIRE(lp[p] <= pr[p]);
    for (std::size_t c = 0; c < cr.size(); ++c) REQUIRE(lc[c] <= cr[c]);
    REQUIRE(r.total_score == Approx(total).epsilon(1e-12).margin(1e-12));
    std::vector<char> kept_c(pb.client_count, 0);
    for (const pairing_pair& k : pb.kept) kept_c[k.client] = 1;
    int covered = 0;
    REQUIRE(r.reason.size() == static_cast<std::size_t>(pb.client_count));
    for (int c = 0; c < pb.client_count; ++c) {
        const bool cov = kept_c[c] || lc[c] > 0;
        covered += cov;
        bool any_edge = false, all_full = true;
        for (const pairing_edge& e : edges)
            if (e.client == c) {
                any_edge = true;
                if (lp[e.provider] < pr[e.provider]) all_full = false;
            }
        if (cov) {
            REQUIRE(r.reason[c] == unpaired_reason::none);
        } else if (!any_edge) {
            REQUIRE(r.reason[c] == unpaired_reason::no_eligible_provider);
        } else {
            REQUIRE(r.reason[c] == unpaired_reason::providers_full);
            REQUIRE(all_full);  // otherwise adding a pair would improve the optimum
        }
    }
    REQUIRE(r.clients_covered == covered);
}

pairing_problem random_problem(std::mt19937& rng, bool with_kept, bool with_forbidden, int mpc,
                               bool integer_scores) {
    auto uni = [&](int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng); };
    pairing_problem pb;
    const int P = uni(1, 4), C = uni(1, 5);
    pb.provider_capacity.resize(P);
    for (int& c : pb.provider_capacity) c = uni(0, 3);
    pb.client_count = C;
    pb.max_per_client = mpc;
    std::vector<std::pair<int, int>> all;
    for (int p = 0; p < P; ++p)
        for (int c = 0; c < C; ++c) all.push_back({p, c});
    std::shuffle(all.begin(), all.end(), rng);
    std::uniform_real_distribution<double> real(0.001, 10.0);
    for (const auto& pc : all) {
        if (pb.eligible.size() < 13 && uni(0, 99) < 55)
            pb.eligible.push_back({pc.first, pc.second, integer_scores ? double(uni(1, 4)) : real(rng)});
        if (with_kept && uni(0, 99) < 15) pb.kept.push_back({pc.first, pc.second});
        if (with_forbidden && uni(0, 99) < 15) pb.forbidden.push_back({pc.first, pc.second});
    }
    return pb;
}

}  // namespace

TEST_CASE("optimal_pairing: documented example", "[matching]") {
    pairing_problem pb;
    pb.provider_capacity = {1, 2};
    pb.client_count = 3;
    pb.eligible = {{0, 0, 5.0}, {1, 0, 4.0}, {1, 1, 3.0}, {1, 2, 1.0}};
    pb.kept = {{1, 2}};
    const pairing_result r = furong::optimal_pairing(pb);
    REQUIRE(r.pairs.size() == 2);
    CHECK(r.pairs[0].provider == 0);
    CHECK(r.pairs[0].client == 0);
    CHECK(r.pairs[1].provider == 1);
    CHECK(r.pairs[1].client == 1);
    CHECK(r.total_score == 8.0);
    CHECK(r.clients_covered == 3);
}

TEST_CASE("optimal_pairing: weight beats cardinality, cover_first beats weight", "[matching]") {
    // Provider 0 (capacity 1) is worth 10 to client 0 and 9 to client 1; provider 1 is worth
    // 2 to client 0 only. Greedy takes (0,0) and then nothing for client 1: score 10.
    // The optimum is (0,1) + (1,0): 11, two clients.
    pairing_problem pb;
    pb.provider_capacity = {1, 1};
    pb.client_count = 3;
    pb.eligible = {{0, 0, 10.0}, {0, 1, 9.0}, {1, 0, 2.0}};
    pairing_result r = furong::optimal_pairing(pb);
    CHECK(r.total_score == 11.0);
    CHECK(r.clients_covered == 2);
    CHECK(r.reason[2] == unpaired_reason::no_eligible_provider);

    // Score alone prefers one big pair; cover_first prefers two small ones.
    pairing_problem q;
    q.provider_capacity = {1, 1};
    q.client_count = 2;
    q.eligible = {{0, 0, 100.0}, {1, 0, 1.5}, {1, 1, 1.0}};
    q.max_per_client = 2;
    r = furong::optimal_pairing(q);
    CHECK(r.total_score == 101.5);
    CHECK(r.clients_covered == 1);
    CHECK(r.reason[1] == unpaired_reason::providers_full);
    pairing_options cover;
    cover.cover_first = true;
    r = furong::optimal_pairing(q, cover);
    CHECK(r.total_score == 101.0);  // (0,0) and (1,1)
    CHECK(r.clients_covered == 2);

    // cover_first never trades coverage for score even when scores dwarf 1.
    pairing_problem z;
    z.provider_capacity = {1};
    z.client_count = 2;
    z.kept = {};
    z.eligible = {{0, 0, 1e12}, {0, 1, 1e-9}};
    z.max_per_client = 1;
    r = furong::optimal_pairing(z, cover);
    CHECK(r.clients_covered == 1);
    CHECK(r.total_score == 1e12);
}

TEST_CASE("optimal_pairing: kept pairs count against both limits and are never proposed", "[matching]") {
    pairing_problem pb;
    pb.provider_capacity = {1, 3};
    pb.client_count = 2;
    pb.max_per_client = 2;
    pb.eligible = {{0, 0, 5.0}, {1, 0, 4.0}, {0, 1, 3.0}, {1, 1, 2.0}};
    pb.kept = {{0, 0}, {1, 1}, {0, 1}};  // provider 0 is over its capacity already
    const pairing_result r = furong::optimal_pairing(pb);
    REQUIRE(r.pairs.size() == 1);
    CHECK(r.pairs[0].provider == 1);
    CHECK(r.pairs[0].client == 0);
    CHECK(r.total_score == 4.0);
    CHECK(r.clients_covered == 2);
    check_feasible(pb, r);
}

TEST_CASE("optimal_pairing: empty and degenerate inputs", "[matching]") {
    pairing_problem pb;
    pairing_result r = furong::optimal_pairing(pb);
    CHECK(r.pairs.empty());
    CHECK(r.clients_covered == 0);
    pb.client_count = 3;
    pb.provider_capacity = {0, 0};
    pb.eligible = {{0, 1, 1.0}};
    r = furong::optimal_pairing(pb);
    CHECK(r.pairs.empty());
    CHECK(r.reason[0] == unpaired_reason::no_eligible_provider);
    CHECK(r.reason[1] == unpaired_reason::providers_full);
    pb.forbidden = {{0, 1}};
    r = furong::optimal_pairing(pb);
    CHECK(r.reason[1] == unpaired_reason::no_eligible_provider);
}

TEST_CASE("optimal_pairing: matches brute force on tiny random instances", "[matching]") {
    int checked = 0;
    for (unsigned seed = 1; seed <= 1600; ++seed) {
        std::mt19937 rng(seed);
        const bool with_kept = seed % 2 == 0;
        const bool with_forbidden = seed % 3 == 0;
        const int mpc = 1 + static_cast<int>(seed % 7) % 3;
        const bool integer_scores = seed % 5 < 2;
        const pairing_problem pb = random_problem(rng, with_kept, with_forbidden, mpc, integer_scores);
        for (bool cover_first : {false, true}) {
            const brute_best best = brute_force(pb, cover_first);
            for (engine eng : engines) {
                INFO("seed " << seed << " cover_first " << cover_first << " mpc " << mpc << " engine "
                              << static_cast<int>(eng));
                pairing_options opt;
                opt.cover_first = cover_first;
                const pairing_result r = furong::detail::optimal_pairing_with(pb, opt, eng);
                check_feasible(pb, r);
                if (cover_first) REQUIRE(r.clients_covered == best.covered);
                REQUIRE(r.total_score == Approx(best.score).epsilon(1e-9).margin(1e-9));
                ++checked;
            }
        }
    }
    CHECK(checked == 3 * 3200);
}

TEST_CASE("optimal_pairing: output does not depend on the input order", "[matching]") {
    for (unsigned seed = 1; seed <= 200; ++seed) {
        std::mt19937 rng(seed);
        pairing_problem pb = random_problem(rng, true, true, 1 + seed % 3, false);
        const engine eng = seed % 2 ? engine::sparse : engine::dense;
        const pairing_result a = furong::detail::optimal_pairing_with(pb, {}, eng);
        std::shuffle(pb.eligible.begin(), pb.eligible.end(), rng);
        std::shuffle(pb.kept.begin(), pb.kept.end(), rng);
        std::shuffle(pb.forbidden.begin(), pb.forbidden.end(), rng);
        const pairing_result b = furong::detail::optimal_pairing_with(pb, {}, eng);
        REQUIRE(a.pairs.size() == b.pairs.size());
        for (std::size_t i = 0; i < a.pairs.size(); ++i) {
            CHECK(a.pairs[i].provider == b.pairs[i].provider);
            CHECK(a.pairs[i].client == b.pairs[i].client);
        }
        CHECK(a.reason == b.reason);
    }
}

TEST_CASE("optimal_pairing: medium random instances are feasible and locally optimal", "[matching]") {
    // No brute force at this size: check feasibility and that no single added pair or
    // single swap (replace one chosen pair of a full provider) would improve the score.
    for (unsigned seed = 1; seed <= 20; ++seed) {
        std::mt19937 rng(seed);
        pairing_problem pb;
        const int P = 30, C = 120;
        pb.provider_capacity.resize(P);
        for (int& c : pb.provider_capacity) c = std::uniform_int_distribution<int>(0, 5)(rng);
        pb.client_count = C;
        pb.max_per_client = 1 + seed % 3;
        std::uniform_real_distribution<double> real(0.1, 5.0);
        for (int p = 0; p < P; ++p)
            for (int c = 0; c < C; ++c)
                if (std::uniform_int_distribution<int>(0, 9)(rng) < 2) pb.eligible.push_back({p, c, real(rng)});
        double score[2][2] = {};
        for (bool cover_first : {false, true})
            for (int k = 0; k < 2; ++k) {
                pairing_options opt;
                opt.cover_first = cover_first;
                score[cover_first][k] =
                    furong::detail::optimal_pairing_with(pb, opt, k ? engine::dense : engine::sparse).total_score;
            }
        // The two engines find the same optima.
        CHECK(score[0][0] == Approx(score[0][1]).epsilon(1e-12));
        CHECK(score[1][0] == Approx(score[1][1]).epsilon(1e-12));
        for (bool cover_first : {false, true}) {
            pairing_options opt;
            opt.cover_first = cover_first;
            const pairing_result r = furong::optimal_pairing(pb, opt);
            check_feasible(pb, r);
            if (cover_first) continue;
            std::vector<int> lp(P, 0), lc(C, 0);
            std::set<std::pair<int, int>> chosen;
            for (const pairing_edge& e : r.pairs) {
                ++lp[e.provider];
                ++lc[e.client];
                chosen.insert({e.provider, e.client});
            }
            for (const pairing_edge& e : pb.eligible) {
                if (chosen.count({e.provider, e.client})) continue;
                const bool p_free = lp[e.provider] < pb.provider_capacity[e.provider];
                const bool c_free = lc[e.client] < pb.max_per_client;
                REQUIRE_FALSE((p_free && c_free));
                if (!p_free && c_free)  // swap out the provider's cheapest pair
                    for (const pairing_edge& f : r.pairs)
                        if (f.provider == e.provider) REQUIRE(f.score >= e.score - 1e-12);
            }
        }
    }
}

TEST_CASE("optimal_pairing: invalid arguments throw argument_error", "[matching][errors]") {
    auto base = [] {
        pairing_problem pb;
        pb.provider_capacity = {1, 1};
        pb.client_count = 2;
        pb.eligible = {{0, 0, 1.0}, {1, 1, 2.0}};
        return pb;
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    pairing_problem pb = base();
    REQUIRE_NOTHROW(furong::optimal_pairing(pb));

    pb = base(); pb.provider_capacity[1] = -1;
    REQUIRE_THROWS_AS(furong::optimal_pairing(pb), furong::argument_error);
    REQUIRE_THROWS_WITH(furong::optimal_pairing(pb), Catch::Contains("provider_capacity[1]"));
    pb = base(); pb.client_count = -1;
    REQUIRE_THROWS_AS(furong::optimal_pairing(pb), furong::argument_error);
    pb = base(); pb.max_per_client = 0;
    REQUIRE_THROWS_AS(furong::optimal_pairing(pb), furong::argument_error);
    for (double bad : {nan, inf, -inf, 0.0, -1.0}) {
        pb = base(); pb.eligible[1].score = bad;
        REQUIRE_THROWS_AS(furong::optimal_pairing(pb), furong::argument_error);
        REQUIRE_THROWS_WITH(furong::optimal_pairing(pb), Catch::Contains("eligible[1]"));
    }
    pb = base(); pb.eligible = {{0, 0, 1e308}, {1, 1, 1e308}};
    REQUIRE_THROWS_AS(furong::optimal_pairing(pb), furong::argument_error);
    pb = base(); pb.eligible[1].provider = 2;
    REQUIRE_THROWS_AS(furong::optimal_pairing(pb), furong::argument_error);
    pb = base(); pb.eligible[1].provider = -1;
    REQUIRE_THROWS_AS(furong::optimal_pairing(pb), furong::argument_error);
    pb = base(); pb.eligible[0].client = 2;
    REQUIRE_THROWS_WITH(furong::optimal_pairing(pb), Catch::Contains("eligible[0]"));
    pb = base(); pb.eligible.push_back({0, 0, 3.0});
    REQUIRE_THROWS_AS(furong::optimal_pairing(pb), furong::argument_error);
    REQUIRE_THROWS_WITH(furong::optimal_pairing(pb), Catch::Contains("eligible[2]"));
    pb = base(); pb.kept = {{1, 0}, {0, 1}, {1, 0}};
    REQUIRE_THROWS_WITH(furong::optimal_pairing(pb), Catch::Contains("kept[2]"));
    pb = base(); pb.kept = {{1, 5}};
    REQUIRE_THROWS_AS(furong::optimal_pairing(pb), furong::argument_error);
    pb = base(); pb.kept = {{-3, 0}};
    REQUIRE_THROWS_AS(furong::optimal_pairing(pb), furong::argument_error);
    pb = base(); pb.forbidden = {{0, 0}, {0, 0}};
    REQUIRE_THROWS_WITH(furong::optimal_pairing(pb), Catch::Contains("forbidden[1]"));
    pb = base(); pb.forbidden = {{0, 9}};
    REQUIRE_THROWS_AS(furong::optimal_pairing(pb), furong::argument_error);
    pb = base(); pb.client_count = 0;  // the eligible pairs now name missing clients
    REQUIRE_THROWS_AS(furong::optimal_pairing(pb), furong::argument_error);
    pairing_options cover;
    cover.cover_first = true;
    pb = base(); pb.eligible[0].score = nan;
    REQUIRE_THROWS_AS(furong::optimal_pairing(pb, cover), furong::argument_error);
    // A kept pair that is also forbidden is allowed: it stays kept.
    pb = base(); pb.kept = {{0, 0}}; pb.forbidden = {{0, 0}};
    REQUIRE_NOTHROW(furong::optimal_pairing(pb));
}
