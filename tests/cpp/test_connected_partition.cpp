// Tests of furong/algorithm/connected_partition.hpp: brute force over set partitions for small
// graphs, an independent validity checker for every result (heuristic ones included), the
// 20-vertex exact cases, and the error paths.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "furong/algorithm/connected_partition.hpp"
#include "furong/error.hpp"

namespace {

using edge_list = std::vector<std::pair<std::size_t, std::size_t>>;
using weight_list = std::vector<std::int64_t>;

std::vector<std::vector<std::size_t>> neighbours(std::size_t n, const edge_list& edges) {
    std::vector<std::vector<std::size_t>> adj(n);
    for (const auto& e : edges) {
        if (e.first == e.second) continue;
        adj[e.first].push_back(e.second);
        adj[e.second].push_back(e.first);
    }
    return adj;
}

// Component label per vertex, labels in order of smallest vertex.
std::vector<std::size_t> component_labels(std::size_t n, const edge_list& edges, std::size_t& count) {
    const auto adj = neighbours(n, edges);
    std::vector<std::size_t> label(n, n);
    count = 0;
    for (std::size_t s = 0; s < n; ++s) {
        if (label[s] != n) continue;
        std::vector<std::size_t> stack{s};
        label[s] = count;
        while (!stack.empty()) {
            const std::size_t u = stack.back();
            stack.pop_back();
            for (std::size_t v : adj[u])
                if (label[v] == n) {
                    label[v] = count;
                    stack.push_back(v);
                }
        }
        ++count;
    }
    return label;
}

bool induces_connected(const std::vector<std::size_t>& set, const std::vector<std::vector<std::size_t>>& adj) {
    if (set.empty()) return false;
    std::vector<char> in(adj.size(), 0), seen(adj.size(), 0);
    for (std::size_t v : set) in[v] = 1;
    std::vector<std::size_t> stack{set.front()};
    seen[set.front()] = 1;
    std::size_t reached = 1;
    while (!stack.empty()) {
        const std::size_t u = stack.back();
        stack.pop_back();
        for (std::size_t v : adj[u])
            if (in[v] && !seen[v]) {
                seen[v] = 1;
                ++reached;
                stack.push_back(v);
            }
    }
    return reached == set.size();
}

// Independent validity check of a result: every group connected, correctly weighted, at least
// the threshold and inside one component; every vertex of a component reaching the threshold
// in exactly one group; exactly the vertices of the other components uncovered; sorted output.
void check_valid(const furong::connected_partition_result& r, std::size_t n, const weight_list& w,
                 const edge_list& edges, std::int64_t threshold) {
    const auto adj = neighbours(n, edges);
    std::size_t ncomp = 0;
    const auto label = component_labels(n, edges, ncomp);
    std::vector<std::int64_t> comp_weight(ncomp, 0);
    for (std::size_t v = 0; v < n; ++v) comp_weight[label[v]] += w[v];
    std::vector<int> times(n, 0);
    for (std::size_t i = 0; i < r.groups.size(); ++i) {
        const auto& g = r.groups[i];
        REQUIRE_FALSE(g.members.empty());
        REQUIRE(std::is_sorted(g.members.begin(), g.members.end()));
        if (i > 0) REQUIRE(r.groups[i - 1].members.front() < g.members.front());
        std::int64_t sum = 0;
        for (std::size_t v : g.members) {
            REQUIRE(v < n);
            ++times[v];
            sum += w[v];
        }
        REQUIRE(sum == g.weight);
        REQUIRE(g.weight >= threshold);
        REQUIRE(induces_connected(g.members, adj));
    }
    REQUIRE(std::is_sorted(r.uncovered.begin(), r.uncovered.end()));
    for (std::size_t v : r.uncovered) {
        REQUIRE(v < n);
        ++times[v];
    }
    for (std::size_t v = 0; v < n; ++v) {
        INFO("vertex " << v);
        REQUIRE(times[v] == 1);
        const bool uncovered = std::binary_search(r.uncovered.begin(), r.uncovered.end(), v);
        REQUIRE(uncovered == (comp_weight[label[v]] < threshold));
    }
    REQUIRE(r.components.size() == ncomp);
    bool any_heuristic = false;
    for (const auto& c : r.components)
        any_heuristic |= c.method == furong::partition_method::heuristic;
    REQUIRE(r.optimal == !any_heuristic);
}

struct score {
    std::size_t count = 0;
    std::int64_t max = 0;  // 0 when no group
    bool feasible = false;
};

// Brute force over all set partitions (restricted growth strings) of one component's vertices.
score brute_force(const std::vector<std::size_t>& vs, const weight_list& w,
                  const std::vector<std::vector<std::size_t>>& adj, std::int64_t threshold) {
    const std::size_t k = vs.size();
    std::vector<std::size_t> block(k, 0);
    score best;
    std::vector<std::vector<std::size_t>> sets;
    auto evaluate = [&](std::size_t blocks) {
        sets.assign(blocks, {});
        for (std::size_t i = 0; i < k; ++i) sets[block[i]].push_back(vs[i]);
        std::int64_t mx = 0;
        for (const auto& s : sets) {
            std::int64_t sum = 0;
            for (std::size_t v : s) sum += w[v];
            if (sum < threshold || !induces_connected(s, adj)) return;
            mx = std::max(mx, sum);
        }
        if (!best.feasible || blocks > best.count || (blocks == best.count && mx < best.max)) {
            best.feasible = true;
            best.count = blocks;
            best.max = mx;
        }
    };
    // i: next position, blocks: number of blocks used so far
    auto rec = [&](auto&& self, std::size_t i, std::size_t blocks) -> void {
        if (i == k) {
            evaluate(blocks);
            return;
        }
        for (std::size_t b = 0; b <= blocks; ++b) {
            block[i] = b;
            self(self, i + 1, b == blocks ? blocks + 1 : blocks);
        }
    };
    rec(rec, 0, 0);
    return best;
}

struct random_case {
    std::size_t n;
    weight_list w;
    edge_list edges;
    std::int64_t threshold;
};

random_case make_random_case(unsigned seed, std::size_t max_n) {
    std::mt19937_64 rng(seed);
    random_case c;
    c.n = 1 + rng() % max_n;
    const int weight_kind = static_cast<int>(rng() % 5);
    c.w.resize(c.n);
    for (auto& x : c.w) {
        switch (weight_kind) {
            case 0: x = 0; break;                                  // all zero
            case 1: x = static_cast<std::int64_t>(rng() % 3); break;  // many zeros
            case 2: x = static_cast<std::int64_t>(rng() % 6); break;
            case 3: x = 1; break;
            default: x = static_cast<std::int64_t>(rng() % 40); break;
        }
    }
    // Edge density from empty (isolated vertices) to complete; duplicates and self loops too.
    const double p = static_cast<double>(rng() % 101) / 100.0;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (std::size_t a = 0; a < c.n; ++a)
        for (std::size_t b = a + 1; b < c.n; ++b)
            if (u(rng) < p) c.edges.emplace_back(rng() % 2 ? std::make_pair(a, b) : std::make_pair(b, a));
    if (c.n > 1 && rng() % 4 == 0) c.edges.push_back(c.edges.empty() ? std::make_pair<std::size_t, std::size_t>(0, 1) : c.edges.front());
    if (rng() % 4 == 0) c.edges.emplace_back(c.n - 1, c.n - 1);
    std::int64_t total = 0;
    for (auto x : c.w) total += x;
    switch (rng() % 4) {
        case 0: c.threshold = 0; break;
        case 1: c.threshold = static_cast<std::int64_t>(rng() % 4); break;
        default: c.threshold = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(total + 2)); break;
    }
    return c;
}

// Compares every component of a result against brute force.
void check_against_brute_force(const random_case& c, const furong::connected_partition_result& r) {
    std::size_t ncomp = 0;
    const auto label = component_labels(c.n, c.edges, ncomp);
    const auto adj = neighbours(c.n, c.edges);
    for (std::size_t comp = 0; comp < ncomp; ++comp) {
        std::vector<std::size_t> vs;
        for (std::size_t v = 0; v < c.n; ++v)
            if (label[v] == comp) vs.push_back(v);
        const score expected = brute_force(vs, c.w, adj, c.threshold);
        score got;
        for (const auto& g : r.groups)
            if (label[g.members.front()] == comp) {
                ++got.count;
                got.max = std::max(got.max, g.weight);
            }
        INFO("component " << comp << " of " << vs.size() << " vertices");
        REQUIRE(got.count == (expected.feasible ? expected.count : 0));
        if (expected.feasible) REQUIRE(got.max == expected.max);
        const auto& st = r.components[comp];
        REQUIRE(st.smallest_vertex == vs.front());
        REQUIRE(st.vertices == vs.size());
        REQUIRE(st.groups == got.count);
        REQUIRE(st.max_group_weight == got.max);
        REQUIRE(st.groups <= st.group_bound);
    }
}

furong::connected_partition_result solve(const random_case& c, std::size_t limit = 20) {
    return furong::threshold_connected_partition(c.n, c.w, c.edges, c.threshold, limit);
}

template <class F>
double millis(F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("connected partition: documented examples", "[connected_partition]") {
    auto r = furong::threshold_connected_partition(4, {2, 1, 1, 2}, {{0, 1}, {1, 2}, {2, 3}}, 3);
    REQUIRE(r.groups.size() == 2);
    REQUIRE(r.groups[0].members == std::vector<std::size_t>{0, 1});
    REQUIRE(r.groups[1].members == std::vector<std::size_t>{2, 3});
    REQUIRE(r.groups[0].weight == 3);
    REQUIRE(r.optimal);
    auto a = furong::threshold_connected_partition({5, 5, 1}, {{1}, {2}, {}}, 5);
    REQUIRE(a.groups.size() == 2);
    REQUIRE(a.groups[0].members == std::vector<std::size_t>{0});
    REQUIRE(a.groups[1].members == std::vector<std::size_t>{1, 2});
    REQUIRE(a.groups[1].weight == 6);
}

TEST_CASE("connected partition: small hand cases", "[connected_partition]") {
    SECTION("empty input") {
        auto r = furong::threshold_connected_partition(0, {}, {}, 3);
        REQUIRE(r.groups.empty());
        REQUIRE(r.uncovered.empty());
        REQUIRE(r.optimal);
    }
    SECTION("light component uncovered, heavy one split") {
        // component {0,1} weighs 2 < 3; star 2-3,2-4,2-5 with weights 1,3,3,3
        const weight_list w{1, 1, 1, 3, 3, 3};
        const edge_list e{{0, 1}, {2, 3}, {2, 4}, {2, 5}};
        auto r = furong::threshold_connected_partition(6, w, e, 3);
        check_valid(r, 6, w, e, 3);
        REQUIRE(r.uncovered == std::vector<std::size_t>{0, 1});
        REQUIRE(r.groups.size() == 3);  // centre joins one leaf
        REQUIRE(r.components[0].method == furong::partition_method::uncovered);
        REQUIRE(r.components[1].method == furong::partition_method::exact);
    }
    SECTION("threshold 0 gives singletons, even above the exact limit") {
        const weight_list w(30, 0);
        edge_list e;
        for (std::size_t i = 0; i + 1 < 30; ++i) e.emplace_back(i, i + 1);
        auto r = furong::threshold_connected_partition(30, w, e, 0, 5);
        check_valid(r, 30, w, e, 0);
        REQUIRE(r.groups.size() == 30);
        REQUIRE(r.optimal);
    }
    SECTION("minimises the heaviest group among maximum-count partitions") {
        // path 4-1-1-4-1-1, threshold 5: at most two groups; {4,1},{1,4,1,1} has max 7,
        // {4,1,1},{4,1,1} has max 6.
        const weight_list w{4, 1, 1, 4, 1, 1};
        const edge_list e{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}};
        auto r = furong::threshold_connected_partition(6, w, e, 5);
        check_valid(r, 6, w, e, 5);
        REQUIRE(r.groups.size() == 2);
        REQUIRE(r.components[0].max_group_weight == 6);
    }
    SECTION("a connected group may not skip its connector") {
        // 0 and 2 heavy, 1 a zero-weight connector, 3 hangs off 1: 3 can only join via 1
        const weight_list w{5, 0, 5, 0};
        const edge_list e{{0, 1}, {1, 2}, {1, 3}};
        auto r = furong::threshold_connected_partition(4, w, e, 5);
        check_valid(r, 4, w, e, 5);
        REQUIRE(r.groups.size() == 2);
    }
}

TEST_CASE("connected partition: brute force on random small graphs", "[connected_partition]") {
    int heuristic_runs = 0;
    for (unsigned seed = 1; seed <= 1500; ++seed) {
        const random_case c = make_random_case(seed, 9);
        INFO("seed " << seed << " n " << c.n << " threshold " << c.threshold);
        const auto r = solve(c);
        check_valid(r, c.n, c.w, c.edges, c.threshold);
        REQUIRE(r.optimal);
        check_against_brute_force(c, r);
        // Deterministic, and the adjacency-list overload agrees.
        const auto again = furong::threshold_connected_partition(c.w, neighbours(c.n, c.edges), c.threshold);
        REQUIRE(again.groups.size() == r.groups.size());
        for (std::size_t i = 0; i < r.groups.size(); ++i)
            REQUIRE(again.groups[i].members == r.groups[i].members);
        // The heuristic (forced by a tiny exact limit) is valid and never beats the optimum.
        const auto h = solve(c, 1);
        check_valid(h, c.n, c.w, c.edges, c.threshold);
        REQUIRE(h.groups.size() <= r.groups.size());
        for (const auto& st : h.components) heuristic_runs += st.method == furong::partition_method::heuristic;
    }
    REQUIRE(heuristic_runs > 100);  // the heuristic was really exercised
}

TEST_CASE("connected partition: brute force with special weights", "[connected_partition]") {
    for (unsigned seed = 1; seed <= 300; ++seed) {
        for (int kind = 0; kind < 3; ++kind) {
            random_case c = make_random_case(seed * 7919u, 9);
            std::mt19937 rng(seed);
            if (kind == 0) {  // all weights zero, threshold 0: singletons
                for (auto& x : c.w) x = 0;
                c.threshold = 0;
            } else if (kind == 1) {  // all weights zero, threshold 1: everything uncovered
                for (auto& x : c.w) x = 0;
                c.threshold = 1;
            } else {  // heavy vertices and zero-weight connectors
                for (auto& x : c.w) x = rng() % 2 ? 0 : 1 + static_cast<std::int64_t>(rng() % 9);
                c.threshold = 1 + static_cast<std::int64_t>(rng() % 10);
            }
            INFO("seed " << seed << " kind " << kind);
            const auto r = solve(c);
            check_valid(r, c.n, c.w, c.edges, c.threshold);
            check_against_brute_force(c, r);
            if (kind == 1) REQUIRE(r.uncovered.size() == c.n);
        }
    }
}

TEST_CASE("connected partition: exact on 12-vertex random graphs agrees with itself and the heuristic bound",
          "[connected_partition]") {
    // Larger than brute force can reach: check validity, the count bound, and that the exact
    // count is never below the heuristic's.
    for (unsigned seed = 1; seed <= 200; ++seed) {
        std::mt19937_64 rng(seed);
        const std::size_t n = 12;
        weight_list w(n);
        for (auto& x : w) x = static_cast<std::int64_t>(rng() % 50);
        edge_list e;
        for (std::size_t a = 1; a < n; ++a) e.emplace_back(a, rng() % a);  // spanning tree
        for (int extra = static_cast<int>(rng() % 12); extra > 0; --extra) e.emplace_back(rng() % n, rng() % n);
        const std::int64_t t = 20 + static_cast<std::int64_t>(rng() % 80);
        const auto r = furong::threshold_connected_partition(n, w, e, t);
        check_valid(r, n, w, e, t);
        const auto h = furong::threshold_connected_partition(n, w, e, t, 0);
        check_valid(h, n, w, e, t);
        REQUIRE(h.groups.size() <= r.groups.size());
        if (h.groups.size() == r.groups.size() && !r.groups.empty())
            REQUIRE(r.components[0].max_group_weight <= h.components[0].max_group_weight);
    }
}

TEST_CASE("connected partition: 20-vertex components solved exactly", "[connected_partition][timing]") {
    const std::size_t n = 20;
    std::mt19937_64 rng(2024);
    SECTION("path: matches an interval dynamic programme") {
        for (int round = 0; round < 20; ++round) {
            weight_list w(n);
            for (auto& x : w) x = static_cast<std::int64_t>(rng() % 30);
            edge_list e;
            for (std::size_t i = 0; i + 1 < n; ++i) e.emplace_back(i, i + 1);
            const std::int64_t t = 1 + static_cast<std::int64_t>(rng() % 120);
            furong::connected_partition_result r;
            const double ms = millis([&] { r = furong::threshold_connected_partition(n, w, e, t); });
            check_valid(r, n, w, e, t);
            REQUIRE(r.optimal);
            // best[i] = (count, max) for the prefix 0..i-1 split into intervals >= t
            std::vector<score> best(n + 1);
            best[0].feasible = true;
            for (std::size_t i = 1; i <= n; ++i) {
                std::int64_t sum = 0;
                for (std::size_t j = i; j-- > 0;) {
                    sum += w[j];
                    if (sum < t || !best[j].feasible) continue;
                    const std::size_t cnt = best[j].count + 1;
                    const std::int64_t mx = std::max(best[j].max, sum);
                    if (!best[i].feasible || cnt > best[i].count || (cnt == best[i].count && mx < best[i].max))
                        best[i] = {cnt, mx, true};
                }
            }
            REQUIRE(r.groups.size() == (best[n].feasible ? best[n].count : 0));
            if (best[n].feasible) REQUIRE(r.components[0].max_group_weight == best[n].max);
            if (round == 0)
                std::cout << "[connected_partition] 20-vertex path, threshold " << t << ": " << ms
                          << " ms, " << r.components[0].states << " states\n";
        }
    }
    SECTION("grid 4x5 and complete graph with small weights") {
        edge_list grid, complete;
        for (std::size_t r = 0; r < 4; ++r)
            for (std::size_t c = 0; c < 5; ++c) {
                if (c + 1 < 5) grid.emplace_back(r * 5 + c, r * 5 + c + 1);
                if (r + 1 < 4) grid.emplace_back(r * 5 + c, (r + 1) * 5 + c);
            }
        for (std::size_t a = 0; a < n; ++a)
            for (std::size_t b = a + 1; b < n; ++b) complete.emplace_back(a, b);
        for (const auto* g : {&grid, &complete}) {
            const char* name = g == &grid ? "grid 4x5" : "complete K20";
            for (std::int64_t t : {1, 3, 5, 7, 10, 15, 25}) {
                weight_list w(n);
                for (auto& x : w) x = 1 + static_cast<std::int64_t>(rng() % 5);
                furong::connected_partition_result r;
                const double ms = millis([&] { r = furong::threshold_connected_partition(n, w, *g, t); });
                check_valid(r, n, w, *g, t);
                REQUIRE(r.optimal);
                REQUIRE(r.components[0].method != furong::partition_method::heuristic);
                const auto h = furong::threshold_connected_partition(n, w, *g, t, 0);
                check_valid(h, n, w, *g, t);
                REQUIRE(h.groups.size() <= r.groups.size());
                std::cout << "[connected_partition] " << name << ", threshold " << t << ": " << ms
                          << " ms, " << r.groups.size() << " groups (bound "
                          << r.components[0].group_bound << "), max "
                          << r.components[0].max_group_weight << ", " << r.components[0].states
                          << " states\n";
            }
        }
    }
}

TEST_CASE("connected partition: heuristic on large random graphs is valid", "[connected_partition]") {
    for (unsigned seed = 1; seed <= 24; ++seed) {
        std::mt19937_64 rng(seed);
        const std::size_t n = 200 + (seed * 997u) % 1801;  // 200..2000
        weight_list w(n);
        for (auto& x : w) x = static_cast<std::int64_t>(rng() % 100);
        edge_list e;
        // A few components: random trees plus extra edges (some long-range), and isolated vertices.
        const std::size_t parts = 1 + rng() % 4;
        for (std::size_t v = 1; v < n; ++v) {
            if (v % (n / parts + 1) == 0 || rng() % 50 == 0) continue;  // start a new piece / isolated
            e.emplace_back(v, v - 1 - rng() % std::min<std::size_t>(v % (n / parts + 1), 8));
        }
        for (std::size_t extra = rng() % n; extra > 0; --extra) e.emplace_back(rng() % n, rng() % n);
        const std::int64_t t = 50 + static_cast<std::int64_t>(rng() % 2000);
        INFO("seed " << seed << " n " << n << " threshold " << t);
        furong::connected_partition_result r;
        const double ms = millis([&] { r = furong::threshold_connected_partition(n, w, e, t, 5); });
        check_valid(r, n, w, e, t);
        bool heuristic = false;
        for (const auto& st : r.components) {
            heuristic |= st.method == furong::partition_method::heuristic;
            REQUIRE(st.groups <= st.group_bound);
        }
        REQUIRE(heuristic);
        REQUIRE_FALSE(r.optimal);
        if (n == 2000 || seed == 1)
            std::cout << "[connected_partition] heuristic, n " << n << ", " << e.size()
                      << " edges, threshold " << t << ": " << ms << " ms, " << r.groups.size()
                      << " groups\n";
    }
}

TEST_CASE("connected partition: heuristic on a 2000-vertex grid", "[connected_partition][timing]") {
    const std::size_t rows = 40, cols = 50, n = rows * cols;
    std::mt19937_64 rng(7);
    weight_list w(n);
    for (auto& x : w) x = static_cast<std::int64_t>(rng() % 50);
    edge_list e;
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) {
            if (c + 1 < cols) e.emplace_back(r * cols + c, r * cols + c + 1);
            if (r + 1 < rows) e.emplace_back(r * cols + c, (r + 1) * cols + c);
        }
    const std::int64_t t = 500;
    furong::connected_partition_result r;
    const double ms = millis([&] { r = furong::threshold_connected_partition(n, w, e, t); });
    check_valid(r, n, w, e, t);
    REQUIRE_FALSE(r.optimal);
    std::cout << "[connected_partition] heuristic, 40x50 grid, threshold " << t << ": " << ms << " ms, "
              << r.groups.size() << " groups (bound " << r.components[0].group_bound << "), max "
              << r.components[0].max_group_weight << "\n";
}

TEST_CASE("connected partition: argument errors", "[connected_partition]") {
    using furong::argument_error;
    using furong::threshold_connected_partition;
    REQUIRE_THROWS_AS(threshold_connected_partition(3, {1, -1, 1}, {{0, 1}}, 1), argument_error);
    REQUIRE_THROWS_AS(threshold_connected_partition(3, {1, 1, 1}, {{0, 1}}, -1), argument_error);
    REQUIRE_THROWS_AS(threshold_connected_partition(3, {1, 1, 1}, {{0, 3}}, 1), argument_error);
    REQUIRE_THROWS_AS(threshold_connected_partition(3, {1, 1, 1}, {{7, 0}}, 1), argument_error);
    REQUIRE_THROWS_AS(threshold_connected_partition(0, {}, {{0, 0}}, 1), argument_error);
    REQUIRE_THROWS_AS(threshold_connected_partition(3, {1, 1}, {{0, 1}}, 1), argument_error);
    REQUIRE_THROWS_AS(threshold_connected_partition(2, {1, 1, 1}, {{0, 1}}, 1), argument_error);
    REQUIRE_THROWS_AS(threshold_connected_partition({1, 1}, {{1}}, 1), argument_error);
    REQUIRE_THROWS_AS(threshold_connected_partition({1, 1}, {{5}, {}}, 1), argument_error);
    REQUIRE_THROWS_AS(threshold_connected_partition({1, 1}, {{1}, {}}, 1, 64), argument_error);
    const std::int64_t big = std::numeric_limits<std::int64_t>::max();
    REQUIRE_THROWS_AS(threshold_connected_partition(2, {big, 1}, {}, 1), argument_error);
    // The message names the offending endpoint.
    try {
        threshold_connected_partition(3, {1, 1, 1}, {{0, 1}, {2, 42}}, 1);
        FAIL("no exception");
    } catch (const argument_error& e) {
        REQUIRE(std::string(e.what()).find("42") != std::string::npos);
    }
    // Extreme but valid values do not overflow.
    auto r = threshold_connected_partition(2, {big - 1, 1}, {{0, 1}}, big);
    REQUIRE(r.groups.size() == 1);
    REQUIRE(r.groups[0].weight == big);
    auto r2 = threshold_connected_partition(3, {big / 2, big / 2, 1}, {{0, 1}, {1, 2}}, big / 2);
    REQUIRE(r2.groups.size() == 2);
    // Huge weights through the exact search and the heuristic (sums close to INT64_MAX).
    const std::size_t n = 20;
    weight_list w(n);
    std::mt19937_64 rng(5);
    for (auto& x : w) x = big / 20 - static_cast<std::int64_t>(rng() % 1000);
    edge_list e;
    for (std::size_t i = 0; i < n; ++i) e.emplace_back(i, (i + 1) % n);  // a cycle
    for (std::int64_t t : {big / 20 - 2000, big / 7, big / 2}) {
        for (std::size_t limit : {std::size_t{20}, std::size_t{0}}) {
            auto r3 = threshold_connected_partition(n, w, e, t, limit);
            check_valid(r3, n, w, e, t);
            REQUIRE(r3.components[0].groups <= r3.components[0].group_bound);
        }
    }
}
