// Tests of furong::linear_assignment and furong::sparse_assignment (brute force over every
// permutation on small random instances: square, rectangular, ties, forbidden entries,
// infeasible sparse problems, integer and floating costs, both senses) and of the
// assignment engine of optimal_pairing against the min-cost flow engines.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "furong/algorithm/assignment.hpp"
#include "furong/algorithm/matching.hpp"

namespace {

using furong::assignment_result;
using furong::assignment_sense;
using furong::csr_costs;

constexpr double forbid = std::numeric_limits<double>::infinity();

// Best total over every injective map of the smaller side into the larger one; entries
// equal to `forbid` (or -forbid when maximising) may not be used. Returns false when none.
template <class Cost>
bool brute_force(const std::vector<Cost>& c, int rows, int cols, bool maxi, Cost& best) {
    const bool t = rows > cols;
    const int n = t ? cols : rows, m = t ? rows : cols;
    auto at = [&](int i, int j) { return t ? c[static_cast<std::size_t>(j) * cols + i] : c[static_cast<std::size_t>(i) * cols + j]; };
    std::vector<int> perm(static_cast<std::size_t>(m));
    std::iota(perm.begin(), perm.end(), 0);
    bool found = false;
    // Every permutation of the m columns; the first n positions are the rows' columns.
    std::set<std::vector<int>> seen;
    do {
        std::vector<int> head(perm.begin(), perm.begin() + n);
        if (!seen.insert(head).second) continue;
        Cost total = Cost(0);
        bool ok = true;
        for (int i = 0; i < n && ok; ++i) {
            const Cost w = at(i, head[i]);
            if constexpr (std::is_same_v<Cost, double>)
                if (std::isinf(w)) ok = false;
            total += w;
        }
        if (!ok) continue;
        if (!found || (maxi ? total > best : total < best)) best = total;
        found = true;
    } while (std::next_permutation(perm.begin(), perm.end()));
    return found;
}

// Checks that r is a valid assignment of `c` with the stated total.
template <class Cost>
void check_valid(const std::vector<Cost>& c, int rows, int cols, const assignment_result<Cost>& r) {
    REQUIRE(r.col_of_row.size() == static_cast<std::size_t>(rows));
    REQUIRE(r.row_of_col.size() == static_cast<std::size_t>(cols));
    int assigned = 0;
    Cost total = Cost(0);
    for (int i = 0; i < rows; ++i) {
        const int j = r.col_of_row[i];
        if (j < 0) continue;
        ++assigned;
        REQUIRE(j < cols);
        REQUIRE(r.row_of_col[j] == i);
        total += c[static_cast<std::size_t>(i) * cols + j];
    }
    for (int j = 0; j < cols; ++j)
        if (r.row_of_col[j] >= 0) REQUIRE(r.col_of_row[r.row_of_col[j]] == j);
    if (r.feasible) REQUIRE(assigned == std::min(rows, cols));
    if constexpr (std::is_same_v<Cost, double>) REQUIRE(r.total == Approx(total).epsilon(1e-12).margin(1e-12));
    else REQUIRE(r.total == total);
}

template <class Cost>
csr_costs<Cost> to_csr(const std::vector<Cost>& c, int rows, int cols, bool maxi) {
    csr_costs<Cost> s;
    s.rows = rows;
    s.cols = cols;
    s.first.push_back(0);
    for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < cols; ++j) {
            const Cost w = c[static_cast<std::size_t>(i) * cols + j];
            if constexpr (std::is_same_v<Cost, double>)
                if (std::isinf(w)) continue;
            (void)maxi;
            s.col.push_back(j);
            s.cost.push_back(w);
        }
        s.first.push_back(static_cast<std::int64_t>(s.col.size()));
    }
    return s;
}

template <class Cost>
void run_brute_force_trials(unsigned seed0, int trials, bool with_forbidden) {
    for (int trial = 0; trial < trials; ++trial) {
        std::mt19937 rng(seed0 + static_cast<unsigned>(trial));
        auto uni = [&](int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng); };
        const int rows = uni(0, 6), cols = uni(0, 6);
        const bool ties = uni(0, 1) == 1;
        const bool maxi = uni(0, 1) == 1;
        std::vector<Cost> c(static_cast<std::size_t>(rows) * cols);
        for (Cost& w : c) {
            if constexpr (std::is_same_v<Cost, double>)
                w = ties ? double(uni(1, 3)) : std::uniform_real_distribution<double>(-50.0, 50.0)(rng);
            else
                w = ties ? uni(1, 3) : uni(-1000, 1000);
        }
        if constexpr (std::is_same_v<Cost, double>)
            if (with_forbidden)
                for (double& w : c)
                    if (uni(0, 99) < 35) w = maxi ? -forbid : forbid;
        INFO("seed " << seed0 + trial << " rows " << rows << " cols " << cols << " ties " << ties << " max " << maxi);
        Cost best{};
        const bool exists = brute_force(c, rows, cols, maxi, best);
        const assignment_sense sense = maxi ? assignment_sense::maximize : assignment_sense::minimize;
        const assignment_result<Cost> r = furong::linear_assignment(c.data(), rows, cols, sense);
        REQUIRE(r.feasible == exists);
        check_valid(c, rows, cols, r);
        if (exists) {
            if constexpr (std::is_same_v<Cost, double>) REQUIRE(r.total == Approx(best).epsilon(1e-12).margin(1e-9));
            else REQUIRE(r.total == best);
        }
        const assignment_result<Cost> s = furong::sparse_assignment(to_csr(c, rows, cols, maxi), sense);
        REQUIRE(s.feasible == exists);
        if (!exists) {  // the proof names more rows than the columns they reach together
            REQUIRE(s.hall_rows.size() > s.hall_cols.size());
            const std::set<int> hc(s.hall_cols.begin(), s.hall_cols.end());
            for (int h : s.hall_rows)
                for (int o = 0; o < (rows > cols ? rows : cols); ++o) {
                    const Cost w = rows > cols ? c[static_cast<std::size_t>(o) * cols + h] : c[static_cast<std::size_t>(h) * cols + o];
                    bool usable = true;
                    if constexpr (std::is_same_v<Cost, double>) usable = !std::isinf(w);
                    if (usable) REQUIRE(hc.count(o) == 1);
                }
        }
        check_valid(c, rows, cols, s);
        if (exists) {
            if constexpr (std::is_same_v<Cost, double>) REQUIRE(s.total == Approx(best).epsilon(1e-12).margin(1e-9));
            else REQUIRE(s.total == best);
        }
        // Deterministic: the same input gives the same assignment.
        const assignment_result<Cost> again = furong::linear_assignment(c.data(), rows, cols, sense);
        REQUIRE(again.col_of_row == r.col_of_row);
    }
}

}  // namespace

TEST_CASE("assignment: documented example", "[assignment]") {
    const double c[] = {4, 1, 3, 2, 0, 5, 3, 2, 2};
    assignment_result<double> r = furong::linear_assignment(c, 3, 3);
    CHECK(r.col_of_row == std::vector<int>{1, 0, 2});
    CHECK(r.row_of_col == std::vector<int>{1, 0, 2});
    CHECK(r.total == 5.0);
    csr_costs<double> s;
    s.rows = 3;
    s.cols = 3;
    s.first = {0, 3, 5, 8};
    s.col = {0, 1, 2, 0, 1, 0, 1, 2};
    s.cost = {4, 1, 3, 2, 0, 3, 2, 2};
    r = furong::sparse_assignment(s);
    CHECK(r.feasible);
    CHECK(r.col_of_row == std::vector<int>{1, 0, 2});
    CHECK(r.total == 5.0);
    const double w[] = {4, 1, 3, 2, 0, 5, 3, 2, 2};
    r = furong::linear_assignment(w, 3, 3, assignment_sense::maximize);
    CHECK(r.total == 11.0);  // 4 + 5 + 2
}

TEST_CASE("assignment: brute force, floating costs (square, rectangular, ties, both senses)", "[assignment]") {
    run_brute_force_trials<double>(1, 1500, false);
}

TEST_CASE("assignment: brute force, integer costs", "[assignment]") {
    run_brute_force_trials<std::int64_t>(5000, 1500, false);
}

TEST_CASE("assignment: brute force with forbidden entries (infinite costs, sparse problems)", "[assignment]") {
    run_brute_force_trials<double>(9000, 1500, true);
}

TEST_CASE("assignment: infeasible sparse problems name the row that cannot be placed", "[assignment]") {
    // Rows 0 and 1 can only take column 0: Hall's condition fails at row 1.
    csr_costs<double> s;
    s.rows = 3;
    s.cols = 3;
    s.first = {0, 1, 2, 5};
    s.col = {0, 0, 0, 1, 2};
    s.cost = {1, 2, 3, 4, 5};
    assignment_result<double> r = furong::sparse_assignment(s);
    CHECK_FALSE(r.feasible);
    CHECK((r.unassignable == 0 || r.unassignable == 1));
    // The proof: rows 0 and 1 reach only column 0.
    CHECK(r.hall_rows == std::vector<int>{0, 1});
    CHECK(r.hall_cols == std::vector<int>{0});
    // An empty row.
    s.first = {0, 1, 1, 3};
    s.col = {0, 1, 2};
    s.cost = {1, 1, 1};
    r = furong::sparse_assignment(s);
    CHECK_FALSE(r.feasible);
    CHECK(r.unassignable == 1);
    // More rows than columns: every column must be placed; column 1 has no entry.
    csr_costs<std::int64_t> t;
    t.rows = 3;
    t.cols = 2;
    t.first = {0, 1, 2, 3};
    t.col = {0, 0, 0};
    t.cost = {1, 2, 3};
    assignment_result<std::int64_t> ri = furong::sparse_assignment(t);
    CHECK_FALSE(ri.feasible);
    CHECK(ri.unassignable == 1);
    // Rectangular and feasible.
    t.first = {0, 1, 3, 4};
    t.col = {0, 0, 1, 1};
    t.cost = {5, 1, 7, 2};
    ri = furong::sparse_assignment(t);
    CHECK(ri.feasible);
    CHECK(ri.total == 3);  // row 1 -> 0, row 2 -> 1
    CHECK(ri.col_of_row == std::vector<int>{-1, 0, 1});
}

TEST_CASE("assignment: invalid arguments throw argument_error", "[assignment][errors]") {
    const double nan = std::nan("");
    const double c[] = {1, nan, 2, 3};
    CHECK_THROWS_AS(furong::linear_assignment(c, 2, 2), furong::argument_error);
    const double inf[] = {1, -forbid, 2, 3};
    CHECK_THROWS_WITH(furong::linear_assignment(inf, 2, 2), Catch::Contains("infinity"));
    const std::int64_t huge[] = {1, std::numeric_limits<std::int64_t>::max() / 2};
    CHECK_THROWS_WITH(furong::linear_assignment(huge, 1, 2), Catch::Contains("too large"));
    CHECK_THROWS_AS(furong::linear_assignment(c, -1, 2), furong::argument_error);
    csr_costs<double> s;
    s.rows = 2;
    s.cols = 2;
    s.first = {0, 1};
    CHECK_THROWS_WITH(furong::sparse_assignment(s), Catch::Contains("rows + 1"));
    s.first = {0, 2, 3};
    s.col = {0, 0, 1};
    s.cost = {1, 2, 3};
    CHECK_THROWS_WITH(furong::sparse_assignment(s), Catch::Contains("twice"));
    s.col = {0, 2, 1};
    CHECK_THROWS_WITH(furong::sparse_assignment(s), Catch::Contains("out of range"));
    s.col = {0, 1, 1};
    s.cost = {1, forbid, 3};
    CHECK_THROWS_WITH(furong::sparse_assignment(s), Catch::Contains("infinite"));
    s.first = {0, 2, 1};
    CHECK_THROWS_WITH(furong::sparse_assignment(s), Catch::Contains("decreases"));
}

TEST_CASE("assignment: dense and sparse agree on larger random instances", "[assignment]") {
    for (unsigned seed = 1; seed <= 12; ++seed) {
        std::mt19937 rng(seed);
        const int n = 60 + static_cast<int>(seed) * 17, m = n + static_cast<int>(seed % 3) * 11;
        std::vector<std::int64_t> c(static_cast<std::size_t>(n) * m);
        for (auto& w : c) w = std::uniform_int_distribution<int>(1, seed % 2 ? 100 : 5)(rng);
        const auto d = furong::linear_assignment(c.data(), n, m);
        const auto s = furong::sparse_assignment(to_csr(c, n, m, false));
        check_valid(c, n, m, d);
        check_valid(c, n, m, s);
        CHECK(d.total == s.total);
        // The transpose has the same optimum.
        std::vector<std::int64_t> t(c.size());
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < m; ++j) t[static_cast<std::size_t>(j) * n + i] = c[static_cast<std::size_t>(i) * m + j];
        CHECK(furong::linear_assignment(t.data(), m, n).total == d.total);
        CHECK(furong::linear_assignment(c.data(), n, m, assignment_sense::maximize).total ==
              -furong::linear_assignment(std::vector<std::int64_t>([&] {
                    std::vector<std::int64_t> neg(c);
                    for (auto& w : neg) w = -w;
                    return neg;
                }()).data(), n, m).total);
    }
}

// ---- the assignment engine of optimal_pairing ----------------------------------------------

namespace {

using furong::pairing_edge;
using furong::pairing_problem;
using furong::pairing_result;
using furong::unpaired_reason;
using engine = furong::detail::pairing_engine;

// A random pairing problem with max_per_client 1: complete or sparse, capacities 0..cap,
// integer scores (ties) or real ones (a unique optimum with probability 1).
pairing_problem random_pairing(std::mt19937& rng, int P, int C, int cap, int density_pct, bool ties,
                               bool kept_forbidden) {
    auto uni = [&](int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng); };
    pairing_problem pb;
    pb.provider_capacity.resize(static_cast<std::size_t>(P));
    for (int& k : pb.provider_capacity) k = uni(cap > 1 ? 0 : 1, cap);
    pb.client_count = C;
    for (int p = 0; p < P; ++p)
        for (int c = 0; c < C; ++c) {
            if (uni(0, 99) >= density_pct) continue;
            pb.eligible.push_back({p, c, ties ? double(uni(1, 4)) : std::uniform_real_distribution<double>(0.01, 10.0)(rng)});
            if (kept_forbidden && uni(0, 99) < 4) pb.kept.push_back({p, c});
            else if (kept_forbidden && uni(0, 99) < 4) pb.forbidden.push_back({p, c});
        }
    return pb;
}

// What must hold of any optimal plan: the reasons follow from the plan (a compound is
// providers_full only when every provider it is eligible with is full).
void check_reasons(const pairing_problem& pb, const pairing_result& r) {
    std::set<std::pair<int, int>> drop;
    for (const auto& k : pb.kept) drop.insert({k.provider, k.client});
    for (const auto& k : pb.forbidden) drop.insert({k.provider, k.client});
    std::vector<int> room(pb.provider_capacity);
    std::vector<char> covered(static_cast<std::size_t>(pb.client_count), 0);
    for (const auto& k : pb.kept) {
        --room[k.provider];
        covered[k.client] = 1;
    }
    for (const pairing_edge& e : r.pairs) {
        REQUIRE(!covered[e.client]);
        covered[e.client] = 1;
        --room[e.provider];
    }
    int n = 0;
    for (int c = 0; c < pb.client_count; ++c) {
        n += covered[c];
        bool any = false, all_full = true;
        for (const pairing_edge& e : pb.eligible)
            if (e.client == c && !drop.count({e.provider, e.client})) {
                any = true;
                if (room[e.provider] > 0) all_full = false;
            }
        if (covered[c]) REQUIRE(r.reason[c] == unpaired_reason::none);
        else if (!any) REQUIRE(r.reason[c] == unpaired_reason::no_eligible_provider);
        else {
            REQUIRE(r.reason[c] == unpaired_reason::providers_full);
            REQUIRE(all_full);
        }
    }
    REQUIRE(r.clients_covered == n);
}

}  // namespace

TEST_CASE("assignment engine: same optimum as the min-cost flow; same plan when the optimum is unique",
          "[assignment][matching]") {
    int identical = 0;
    for (unsigned seed = 1; seed <= 400; ++seed) {
        std::mt19937 rng(seed);
        const int P = 1 + static_cast<int>(seed % 9), C = 1 + static_cast<int>((seed * 7) % 13);
        const int cap = 1 + static_cast<int>(seed % 3);
        const int density = seed % 4 == 0 ? 100 : 20 + static_cast<int>(seed % 70);
        const bool ties = seed % 2 == 0;
        const pairing_problem pb = random_pairing(rng, P, C, cap, density, ties, seed % 5 == 1);
        INFO("seed " << seed << " P " << P << " C " << C << " cap " << cap << " density " << density);
        const pairing_result a = furong::detail::optimal_pairing_with(pb, {}, engine::assignment);
        const pairing_result f = furong::detail::optimal_pairing_with(pb, {}, engine::dense);
        const pairing_result g = furong::detail::optimal_pairing_with(pb, {}, engine::sparse);
        REQUIRE(a.total_score == Approx(f.total_score).epsilon(1e-12).margin(1e-12));
        REQUIRE(a.total_score == Approx(g.total_score).epsilon(1e-12).margin(1e-12));
        check_reasons(pb, a);
        for (std::size_t k = 1; k < a.pairs.size(); ++k)
            REQUIRE(std::make_pair(a.pairs[k - 1].client, a.pairs[k - 1].provider) <
                    std::make_pair(a.pairs[k].client, a.pairs[k].provider));
        if (!ties) {  // real scores: the optimum is unique, so are the plan and its reasons
            REQUIRE(a.pairs.size() == f.pairs.size());
            for (std::size_t k = 0; k < a.pairs.size(); ++k) {
                REQUIRE(a.pairs[k].provider == f.pairs[k].provider);
                REQUIRE(a.pairs[k].client == f.pairs[k].client);
            }
            REQUIRE(a.reason == f.reason);
            REQUIRE(a.clients_covered == f.clients_covered);
            ++identical;
        }
    }
    CHECK(identical == 200);
}

TEST_CASE("assignment engine: chosen automatically only where it applies", "[assignment][matching]") {
    std::mt19937 rng(3);
    // Complete, capacity 1: the dense assignment solver (few searches, no reassignments).
    pairing_problem dense = random_pairing(rng, 30, 30, 1, 100, true, false);
    const pairing_result r = furong::optimal_pairing(dense);
    CHECK(r.pairs.size() == 30);
    CHECK(furong::detail::pairing_engine_for(furong::detail::build_pairing_graph(dense), false) == engine::assignment);
    // cover_first or max_per_client 2: the min-cost flow.
    CHECK(furong::detail::pairing_engine_for(furong::detail::build_pairing_graph(dense), true) != engine::assignment);
    dense.max_per_client = 2;
    CHECK(furong::detail::pairing_engine_for(furong::detail::build_pairing_graph(dense), false) != engine::assignment);
    // Sparse with capacities 3 (replicated): the min-cost flow.
    pairing_problem rep = random_pairing(rng, 30, 60, 3, 20, true, false);
    for (int& k : rep.provider_capacity) k = 3;
    CHECK(furong::detail::pairing_engine_for(furong::detail::build_pairing_graph(rep), false) != engine::assignment);
    // Sparse with capacity 1: the assignment solver.
    pairing_problem one = random_pairing(rng, 30, 60, 1, 20, true, false);
    CHECK(furong::detail::pairing_engine_for(furong::detail::build_pairing_graph(one), false) == engine::assignment);
    // Forcing it where it does not apply is an argument error.
    CHECK_THROWS_AS(furong::detail::optimal_pairing_with(dense, {}, engine::assignment), furong::argument_error);
}

TEST_CASE("assignment engine: the plan does not depend on the order of the input lists", "[assignment][matching]") {
    for (unsigned seed = 1; seed <= 150; ++seed) {
        std::mt19937 rng(seed);
        const int density = seed % 3 == 0 ? 100 : 30;
        pairing_problem pb = random_pairing(rng, 2 + static_cast<int>(seed % 7), 3 + static_cast<int>(seed % 11),
                                            1 + static_cast<int>(seed % 2), density, true, seed % 2 == 0);
        const pairing_result a = furong::detail::optimal_pairing_with(pb, {}, engine::assignment);
        std::shuffle(pb.eligible.begin(), pb.eligible.end(), rng);
        std::shuffle(pb.kept.begin(), pb.kept.end(), rng);
        std::shuffle(pb.forbidden.begin(), pb.forbidden.end(), rng);
        const pairing_result b = furong::detail::optimal_pairing_with(pb, {}, engine::assignment);
        INFO("seed " << seed);
        REQUIRE(a.pairs.size() == b.pairs.size());
        for (std::size_t k = 0; k < a.pairs.size(); ++k) {
            CHECK(a.pairs[k].provider == b.pairs[k].provider);
            CHECK(a.pairs[k].client == b.pairs[k].client);
        }
        CHECK(a.reason == b.reason);
    }
}
