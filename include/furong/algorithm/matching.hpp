#pragma once
/// @file
/// Optimal capacitated pairing: a maximum-weight capacitated bipartite matching
/// (b-matching) between providers and clients, solved exactly by min-cost flow (successive
/// shortest paths with potentials; no Boost.Graph needed). Problems that are linear
/// assignment problems (one new provider per client; capacity 1 or complete) go to the
/// Jonker-Volgenant solvers of assignment.hpp instead (the rule: optimal_pairing). Generic:
/// plain indices and numbers, no domain words, no I/O; domain/co_building.hpp adapts the
/// district's agencies, units and compounds onto these structs.
///
/// Example:
/// @code
/// furong::pairing_problem pb;
/// pb.provider_capacity = {1, 2};               // provider 0 takes one client, provider 1 two
/// pb.client_count = 3;
/// pb.eligible = {{0, 0, 5.0}, {1, 0, 4.0}, {1, 1, 3.0}, {1, 2, 1.0}};
/// pb.kept = {{1, 2}};                          // provider 1 already pairs client 2
/// furong::pairing_result r = furong::optimal_pairing(pb);
/// // r.pairs == {{0, 0, 5.0}, {1, 1, 3.0}}, r.total_score == 8, r.clients_covered == 3
/// @endcode

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "furong/algorithm/assignment.hpp"
#include "furong/error.hpp"

namespace furong {

/// One eligible (or chosen) pair: `provider` may pair `client`, worth `score` (> 0).
struct pairing_edge {
    int provider = 0;
    int client = 0;
    double score = 0.0;
};

/// A (provider, client) pair without a score: an existing (kept) or a forbidden pair.
struct pairing_pair {
    int provider = 0;
    int client = 0;
};

/// The input of optimal_pairing().
struct pairing_problem {
    /// Per provider 0..P-1 the number of clients it may pair in total (>= 0), existing
    /// (kept) pairs included. P = provider_capacity.size().
    std::vector<int> provider_capacity;
    /// Number of clients C; clients are 0..C-1.
    int client_count = 0;
    /// Upper bound on the number of providers per client, kept pairs included (>= 1).
    int max_per_client = 1;
    /// Eligible new pairs, each listed once, score finite and > 0.
    std::vector<pairing_edge> eligible;
    /// Pairs that already exist. Each counts against the capacity of its provider and its
    /// client (a side already over its limit just has no room left, never a negative
    /// one) and is never proposed again. Need not be eligible. No duplicates.
    std::vector<pairing_pair> kept;
    /// Pairs never to propose (removed from `eligible`; listing an ineligible pair is
    /// harmless; a kept pair may be listed: it stays kept). No duplicates.
    std::vector<pairing_pair> forbidden;
};

/// Options of optimal_pairing().
struct pairing_options {
    /// When true, first maximise the number of clients with at least one partner (kept or
    /// new), then the total score of the new pairs (lexicographic, exact). When false,
    /// maximise the total score only.
    bool cover_first = false;
};

/// Why a client ends without any partner (neither kept nor new).
enum class unpaired_reason : std::uint8_t {
    none,                  ///< the client has a partner (kept or new)
    no_eligible_provider,  ///< no eligible pair left once kept and forbidden pairs are removed
    providers_full         ///< every eligible provider has used up its capacity
};

/// Counters of one optimal_pairing() run, for diagnostics and benchmarks.
struct pairing_stats {
    std::size_t eligible_used = 0;   ///< eligible pairs left after removing kept and forbidden
    std::size_t searches = 0;        ///< shortest-path searches (min-cost flow: one per unit of client
                                     ///< demand; assignment engine: one per row left free by its reductions)
    std::size_t nodes_settled = 0;   ///< total nodes settled (assignment engine: columns scanned)
    std::size_t reassignments = 0;   ///< existing new pairs undone by later augmenting paths
    bool cover_first = false;        ///< echo of the option used
};

/// The output of optimal_pairing().
struct pairing_result {
    /// The new pairs, sorted by client then provider.
    std::vector<pairing_edge> pairs;
    /// Sum of the scores of the new pairs (the optimum).
    double total_score = 0.0;
    /// Clients with at least one partner, kept or new.
    int clients_covered = 0;
    /// Per client (size C): unpaired_reason::none when it has a partner, otherwise why not.
    std::vector<unpaired_reason> reason;
    pairing_stats stats;
};

namespace detail {

/// Lexicographic cost for cover_first: `major` counts uncovered clients (exact integer),
/// `minor` is the score part. Exactness of the first criterion does not depend on the
/// magnitude of the scores, unlike a big-bonus encoding.
struct lex_cost {
    std::int64_t major = 0;
    double minor = 0.0;
};
inline lex_cost operator+(lex_cost x, lex_cost y) { return {x.major + y.major, x.minor + y.minor}; }
inline lex_cost operator-(lex_cost x, lex_cost y) { return {x.major - y.major, x.minor - y.minor}; }
inline bool operator<(lex_cost x, lex_cost y) {
    return x.major != y.major ? x.major < y.major : x.minor < y.minor;
}

template <class Cost> struct cost_traits;
template <> struct cost_traits<double> {
    static double zero() { return 0.0; }
    static double score(double w) { return w; }
    static double penalty() { return 0.0; }
    // Rounding can make a reduced cost that is 0 in exact arithmetic slightly negative.
    static double clamp(double x) { return x < 0.0 ? 0.0 : x; }
};
template <> struct cost_traits<lex_cost> {
    static lex_cost zero() { return {}; }
    static lex_cost score(double w) { return {0, w}; }
    static lex_cost penalty() { return {1, 0.0}; }
    static lex_cost clamp(lex_cost x) {
        if (x.major == 0 && x.minor < 0.0) x.minor = 0.0;
        return x;
    }
};

/// Filtered problem in compressed form: eligible edges grouped by client, sorted by
/// provider within a client.
struct pairing_graph {
    int providers = 0;
    int clients = 0;
    std::vector<std::size_t> first;      // size C+1: edges of client c are [first[c], first[c+1])
    std::vector<int> provider;           // per edge
    std::vector<double> score;           // per edge
    std::vector<int> provider_room;      // remaining capacity per provider
    std::vector<int> client_room;      // remaining capacity per client
    std::vector<char> client_kept;     // client already has a kept partner
    std::vector<char> had_eligible;      // client has an eligible edge after filtering
};

inline std::string pair_text(int provider, int client) {
    return "(provider " + std::to_string(provider) + ", client " + std::to_string(client) + ")";
}

/// Validates `pb` and builds the filtered graph. Throws argument_error naming the argument
/// and the offending entry index. O(E + K + F + P + C + sum over clients of d log d).
inline pairing_graph build_pairing_graph(const pairing_problem& pb) {
    const std::string fn = "optimal_pairing: ";
    if (pb.client_count < 0)
        throw argument_error(fn + "client_count must be >= 0 (got " +
                             std::to_string(pb.client_count) + ")");
    if (pb.max_per_client < 1)
        throw argument_error(fn + "max_per_client must be >= 1 (got " +
                             std::to_string(pb.max_per_client) + ")");
    if (pb.provider_capacity.size() > static_cast<std::size_t>(std::numeric_limits<int>::max() / 2))
        throw argument_error(fn + "provider_capacity: too many providers");
    if (pb.eligible.size() > static_cast<std::size_t>(std::numeric_limits<int>::max() - 1))
        throw argument_error(fn + "eligible: too many entries");
    const int P = static_cast<int>(pb.provider_capacity.size());
    const int C = pb.client_count;
    if (static_cast<long long>(P) + C + 1 > std::numeric_limits<int>::max())
        throw argument_error(fn + "too many providers and clients");
    for (int p = 0; p < P; ++p)
        if (pb.provider_capacity[p] < 0)
            throw argument_error(fn + "provider_capacity[" + std::to_string(p) +
                                 "] must be >= 0 (got " + std::to_string(pb.provider_capacity[p]) + ")");

    auto check_pair = [&](const char* arg, std::size_t i, int p, int c) {
        if (p < 0 || p >= P)
            throw argument_error(fn + arg + "[" + std::to_string(i) + "]: provider index " +
                                 std::to_string(p) + " out of range [0, " + std::to_string(P) + ")");
        if (c < 0 || c >= C)
            throw argument_error(fn + arg + "[" + std::to_string(i) + "]: client index " +
                                 std::to_string(c) + " out of range [0, " + std::to_string(C) + ")");
    };
    double sum = 0.0;
    for (std::size_t i = 0; i < pb.eligible.size(); ++i) {
        const pairing_edge& e = pb.eligible[i];
        check_pair("eligible", i, e.provider, e.client);
        if (!std::isfinite(e.score) || !(e.score > 0.0))
            throw argument_error(fn + "eligible[" + std::to_string(i) +
                                 "]: score must be finite and > 0 (got " + std::to_string(e.score) + ")");
        sum += e.score;
    }
    // Potentials and path lengths are sums of a few totals of scores: keep far from overflow.
    if (!(sum < std::numeric_limits<double>::max() / 16))
        throw argument_error(fn + "eligible: the sum of the scores is too large to compute with");

    // Sorts entry indices of a pair list by (client, provider, index), reporting duplicates.
    struct keyed { int client, provider; std::size_t index; };
    auto sorted_pairs = [&](const char* arg, std::vector<keyed> v) {
        std::sort(v.begin(), v.end(), [](const keyed& a, const keyed& b) {
            if (a.client != b.client) return a.client < b.client;
            if (a.provider != b.provider) return a.provider < b.provider;
            return a.index < b.index;
        });
        for (std::size_t k = 1; k < v.size(); ++k)
            if (v[k].client == v[k - 1].client && v[k].provider == v[k - 1].provider)
                throw argument_error(fn + arg + "[" + std::to_string(v[k].index) + "]: pair " +
                                     pair_text(v[k].provider, v[k].client) + " duplicates " + arg +
                                     "[" + std::to_string(v[k - 1].index) + "]");
        return v;
    };
    std::vector<keyed> kept, forbidden;
    kept.reserve(pb.kept.size());
    for (std::size_t i = 0; i < pb.kept.size(); ++i) {
        check_pair("kept", i, pb.kept[i].provider, pb.kept[i].client);
        kept.push_back({pb.kept[i].client, pb.kept[i].provider, i});
    }
    forbidden.reserve(pb.forbidden.size());
    for (std::size_t i = 0; i < pb.forbidden.size(); ++i) {
        check_pair("forbidden", i, pb.forbidden[i].provider, pb.forbidden[i].client);
        forbidden.push_back({pb.forbidden[i].client, pb.forbidden[i].provider, i});
    }
    kept = sorted_pairs("kept", std::move(kept));
    forbidden = sorted_pairs("forbidden", std::move(forbidden));

    // Counting sort of the eligible edges by client (stable in the entry index).
    std::vector<std::size_t> first(static_cast<std::size_t>(C) + 1, 0);
    for (const pairing_edge& e : pb.eligible) ++first[static_cast<std::size_t>(e.client) + 1];
    for (int c = 0; c < C; ++c) first[c + 1] += first[c];
    std::vector<std::pair<int, std::size_t>> slot(pb.eligible.size());  // (provider, entry)
    {
        std::vector<std::size_t> at(first.begin(), first.end() - 1);
        for (std::size_t i = 0; i < pb.eligible.size(); ++i)
            slot[at[pb.eligible[i].client]++] = {pb.eligible[i].provider, i};
    }
    for (int c = 0; c < C; ++c) {
        auto b = slot.begin() + static_cast<std::ptrdiff_t>(first[c]);
        auto e = slot.begin() + static_cast<std::ptrdiff_t>(first[c + 1]);
        if (!std::is_sorted(b, e)) std::sort(b, e);  // co_building lists each client's providers in order
        for (auto it = b; it != e && it + 1 != e; ++it)
            if (it->first == (it + 1)->first)
                throw argument_error(fn + "eligible[" + std::to_string((it + 1)->second) + "]: pair " +
                                     pair_text(it->first, c) + " duplicates eligible[" +
                                     std::to_string(it->second) + "]");
    }
    // Kept and forbidden pairs are removed from the eligible edges (binary search per pair).
    std::vector<char> removed(slot.size(), 0);
    auto remove_listed = [&](const std::vector<keyed>& v) {
        for (const keyed& k : v) {
            auto b = slot.begin() + static_cast<std::ptrdiff_t>(first[k.client]);
            auto e = slot.begin() + static_cast<std::ptrdiff_t>(first[k.client + 1]);
            auto it = std::lower_bound(b, e, std::make_pair(k.provider, std::size_t{0}));
            if (it != e && it->first == k.provider) removed[static_cast<std::size_t>(it - slot.begin())] = 1;
        }
    };
    remove_listed(kept);
    remove_listed(forbidden);

    pairing_graph g;
    g.providers = P;
    g.clients = C;
    g.first.assign(static_cast<std::size_t>(C) + 1, 0);
    g.provider.reserve(slot.size());
    g.score.reserve(slot.size());
    g.had_eligible.assign(static_cast<std::size_t>(C), 0);
    for (int c = 0; c < C; ++c) {
        for (std::size_t k = first[c]; k < first[c + 1]; ++k) {
            if (removed[k]) continue;
            g.provider.push_back(slot[k].first);
            g.score.push_back(pb.eligible[slot[k].second].score);
        }
        g.first[c + 1] = g.provider.size();
        g.had_eligible[c] = g.first[c + 1] > g.first[c];
    }
    // Remaining capacities: kept pairs count against both sides, floored at 0.
    std::vector<long long> kept_per_provider(static_cast<std::size_t>(P), 0);
    std::vector<long long> kept_per_client(static_cast<std::size_t>(C), 0);
    for (const keyed& k : kept) {
        ++kept_per_provider[k.provider];
        ++kept_per_client[k.client];
    }
    g.provider_room.resize(static_cast<std::size_t>(P));
    for (int p = 0; p < P; ++p)
        g.provider_room[p] = static_cast<int>(
            std::max<long long>(0, pb.provider_capacity[p] - kept_per_provider[p]));
    g.client_room.resize(static_cast<std::size_t>(C));
    g.client_kept.resize(static_cast<std::size_t>(C));
    for (int c = 0; c < C; ++c) {
        g.client_room[c] = static_cast<int>(
            std::max<long long>(0, pb.max_per_client - kept_per_client[c]));
        g.client_kept[c] = kept_per_client[c] > 0;
    }
    return g;
}

/// Successive shortest augmenting paths, one client demand unit at a time (the
/// Hungarian / Jonker-Volgenant scheme generalised to capacities).
///
/// Flow network: client c -> provider p (capacity 1, cost -score), provider p -> sink
/// (capacity = remaining provider room, cost 0), and a bypass client c -> sink ("leave
/// this unit unpaired", cost 0). Every client must route all its units (its remaining room,
/// capped at its degree), so any b-matching is a feasible flow and min cost = max score.
/// For cover_first the bypass is split in two parallel arcs: room-1 units at cost 0 and a
/// last unit at cost (1, 0) in lexicographic cost, i.e. a penalty for an uncovered client
/// (only for clients without a kept partner).
///
/// Adding client c, its units are routed one at a time along a shortest path from c to the
/// sink in the residual graph (Dijkstra on reduced costs with potentials, stopped when the
/// sink is settled). Invariant: every residual arc among processed clients has a
/// non-negative reduced cost, so each flow is min-cost for the demands routed so far; at the
/// end no negative cycle is left, hence optimal. The bypass bounds the search: nodes farther
/// than "leave c unpaired" are never settled.
template <class Cost>
class pairing_solver {
    using T = cost_traits<Cost>;

public:
    explicit pairing_solver(pairing_graph& g, bool cover_first) : g_(g), cover_first_(cover_first) {
        const int C = g.clients, P = g.providers;
        sink_ = C + P;
        const std::size_t V = static_cast<std::size_t>(sink_) + 1;
        const std::size_t E = g.provider.size();
        edge_client_.resize(E);
        for (int c = 0; c < C; ++c)
            for (std::size_t e = g.first[c]; e < g.first[c + 1]; ++e) edge_client_[e] = c;
        matched_.assign(E, 0);
        pos_.assign(E, 0);
        held_.assign(static_cast<std::size_t>(P), {});
        load_.assign(static_cast<std::size_t>(P), 0);
        units_.assign(static_cast<std::size_t>(C), 0);
        degree_.assign(static_cast<std::size_t>(C), 0);
        bypass_.assign(static_cast<std::size_t>(C), 0);
        pi_.assign(V, T::zero());
        dist_.assign(V, T::zero());
        pred_.assign(V, -1);
        seen_.assign(V, 0);
        done_.assign(V, 0);
    }

    void run(pairing_stats& stats) {
        const int C = g_.clients;
        // Clients with the best edges go first: later ones then evict less often.
        std::vector<std::pair<double, int>> order;
        order.reserve(static_cast<std::size_t>(C));
        for (int c = 0; c < C; ++c) {
            const std::size_t deg = g_.first[c + 1] - g_.first[c];
            units_[c] = static_cast<int>(std::min<std::size_t>(deg, static_cast<std::size_t>(g_.client_room[c])));
            if (units_[c] == 0) continue;
            double best = 0.0;
            for (std::size_t e = g_.first[c]; e < g_.first[c + 1]; ++e) best = std::max(best, g_.score[e]);
            order.push_back({-best, c});
        }
        std::sort(order.begin(), order.end());
        for (const auto& oc : order) {
            const int c = oc.second;
            // Potential of a new node: large enough for all its out-arcs to have reduced cost >= 0.
            Cost pc = pi_[sink_] - bypass_cost(c);
            for (std::size_t e = g_.first[c]; e < g_.first[c + 1]; ++e) {
                Cost need = pi_[provider_node(g_.provider[e])] + T::score(g_.score[e]);
                if (pc < need) pc = need;
            }
            pi_[c] = pc;
            for (int u = 0; u < units_[c]; ++u) route_unit(c, stats);
        }
    }

    /// Chosen edges, in client-then-provider order (the CSR order).
    void collect(std::vector<pairing_edge>& out) const {
        for (int c = 0; c < g_.clients; ++c)
            for (std::size_t e = g_.first[c]; e < g_.first[c + 1]; ++e)
                if (matched_[e]) out.push_back({g_.provider[e], c, g_.score[e]});
    }
    int degree(int c) const { return degree_[c]; }

private:
    struct item {
        Cost d;
        int v;
    };
    struct item_greater {
        bool operator()(const item& a, const item& b) const {
            if (b.d < a.d) return true;
            if (a.d < b.d) return false;
            return a.v < b.v;  // ties: the sink (largest id) first, then providers: ends searches early
        }
    };

    int provider_node(int p) const { return g_.clients + p; }
    // Cost of routing one more unit of c through the bypass.
    Cost bypass_cost(int c) const {
        if (cover_first_ && !g_.client_kept[c] && bypass_[c] == units_[c] - 1) return T::penalty();
        return T::zero();
    }

    void relax(int v, const Cost& nd, int via) {
        if (done_[v] == stamp_) return;
        if (have_sink_ && !(nd < dist_[sink_])) return;  // cannot settle before the sink
        if (seen_[v] != stamp_ || nd < dist_[v]) {
            seen_[v] = stamp_;
            dist_[v] = nd;
            pred_[v] = via;
            if (v == sink_) have_sink_ = true;
            heap_.push({nd, v});
        }
    }

    void route_unit(int c, pairing_stats& stats) {
        ++stats.searches;
        ++stamp_;
        have_sink_ = false;
        settled_.clear();
        heap_ = {};
        seen_[c] = stamp_;
        dist_[c] = T::zero();
        pred_[c] = -1;
        heap_.push({T::zero(), c});
        const int C = g_.clients;
        while (!heap_.empty()) {
            const item it = heap_.top();
            heap_.pop();
            const int u = it.v;
            if (done_[u] == stamp_ || dist_[u] < it.d) continue;
            if (u == sink_) break;
            done_[u] = stamp_;
            settled_.push_back(u);
            const Cost du = dist_[u];
            if (u < C) {
                for (std::size_t e = g_.first[u]; e < g_.first[u + 1]; ++e) {
                    if (matched_[e]) continue;
                    const int v = provider_node(g_.provider[e]);
                    relax(v, du + T::clamp(pi_[u] - T::score(g_.score[e]) - pi_[v]), static_cast<int>(e));
                }
                if (bypass_[u] < units_[u])
                    relax(sink_, du + T::clamp(bypass_cost(u) + pi_[u] - pi_[sink_]), u);
            } else {
                const int p = u - C;
                if (load_[p] < g_.provider_room[p]) relax(sink_, du + T::clamp(pi_[u] - pi_[sink_]), u);
                for (int e : held_[p]) {
                    const int v = edge_client_[e];
                    relax(v, du + T::clamp(T::score(g_.score[e]) + pi_[u] - pi_[v]), e);
                }
            }
        }
        stats.nodes_settled += settled_.size();
        // The bypass of c (or of the client it evicts) always reaches the sink.
        const Cost D = dist_[sink_];
        for (int v : settled_)
            if (dist_[v] < D) pi_[v] = pi_[v] + dist_[v] - D;

        // Augment along the path, from the sink back to c.
        int v = pred_[sink_];
        if (v < C) ++bypass_[v]; else ++load_[v - C];
        while (v != c) {
            if (v >= C) {  // reached by the arc client -> provider: pair it
                const int e = pred_[v];
                const int p = v - C;
                matched_[e] = 1;
                pos_[e] = static_cast<int>(held_[p].size());
                held_[p].push_back(e);
                v = edge_client_[e];
                ++degree_[v];
            } else {  // reached by the reverse arc provider -> client: unpair it
                const int e = pred_[v];
                const int p = g_.provider[e];
                matched_[e] = 0;
                const int last = held_[p].back();
                held_[p][pos_[e]] = last;
                pos_[last] = pos_[e];
                held_[p].pop_back();
                --degree_[v];
                ++stats.reassignments;
                v = provider_node(p);
            }
        }
    }

    pairing_graph& g_;
    bool cover_first_;
    int sink_ = 0;
    std::vector<int> edge_client_;
    std::vector<char> matched_;
    std::vector<int> pos_;                 // position of a matched edge in held_[provider]
    std::vector<std::vector<int>> held_;   // matched edges per provider
    std::vector<int> load_;                // new pairs per provider
    std::vector<int> units_;               // demand units per client (room capped by degree)
    std::vector<int> degree_;              // new pairs per client
    std::vector<int> bypass_;              // units of a client routed to the bypass
    std::vector<Cost> pi_, dist_;
    std::vector<int> pred_;
    std::vector<unsigned> seen_, done_;
    unsigned stamp_ = 0;
    bool have_sink_ = false;
    std::vector<int> settled_;
    std::priority_queue<item, std::vector<item>, item_greater> heap_;
};

/// The same successive-shortest-path scheme as pairing_solver, run on a compressed graph
/// whose nodes are the providers only, for few providers (P <= dense_provider_limit).
///
/// A path from the new client c alternates providers and clients: c -> p1 -> c1 -> p2 ...
/// and ends at a free provider place or at the bypass of the last client (it is dropped).
/// The cost of a hop p -> c' -> p' (c' paired with p moves to p') is score(c',p) -
/// score(c',p'): the client potentials cancel, so the cheapest hop for each (p, p') can be
/// kept in a dense P x P table, as can the cheapest "drop one client of p" per provider.
/// Only the rows of the providers touched by an augmentation are recomputed. Each search is
/// then Dijkstra on at most P nodes with O(P) work per settled provider, which makes the long
/// searches of tight instances (all places nearly full) cheap.
template <class Cost>
class dense_pairing_solver {
    using T = cost_traits<Cost>;
    // Per edge, what the searches read together, in one 16-byte record (one cache miss).
    struct arc {
        double score;
        int provider;
        int matched;
    };
    struct held_entry {
        int edge;
        int client;
        double score;
    };

public:
    dense_pairing_solver(pairing_graph& g, bool cover_first) : g_(g), cover_first_(cover_first) {
        const int C = g.clients;
        P_ = g.providers;
        const std::size_t P = static_cast<std::size_t>(P_), E = g.provider.size();
        edge_client_.resize(E);
        for (int c = 0; c < C; ++c)
            for (std::size_t e = g.first[c]; e < g.first[c + 1]; ++e) edge_client_[e] = c;
        arcs_.resize(E);
        for (std::size_t e = 0; e < E; ++e) arcs_[e] = {g.score[e], g.provider[e], 0};
        pos_.assign(E, 0);
        held_.assign(P, {});
        load_.assign(P, 0);
        units_.assign(static_cast<std::size_t>(C), 0);
        degree_.assign(static_cast<std::size_t>(C), 0);
        bypass_.assign(static_cast<std::size_t>(C), 0);
        pi_.assign(P, T::zero());
        dist_.assign(P, T::zero());
        pred_.assign(P, 0);
        pred_from_.assign(P, -1);
        seen_.assign(P, 0);
        done_.assign(P, 0);
        fresh_.assign(E, 0);
        changed_.assign(E, 0);
        hop_.assign(P * P, T::zero());
        hop_via_.assign(P * P, -1);
        drop_.assign(P, T::zero());
        drop_via_.assign(P, -1);
        dirty_.assign(P, 0);
        client_mark_.assign(static_cast<std::size_t>(C), 0);
    }

    void run(pairing_stats& stats) {
        const int C = g_.clients;
        std::vector<std::pair<double, int>> order;
        order.reserve(static_cast<std::size_t>(C));
        for (int c = 0; c < C; ++c) {
            const std::size_t deg = g_.first[c + 1] - g_.first[c];
            units_[c] = static_cast<int>(std::min<std::size_t>(deg, static_cast<std::size_t>(g_.client_room[c])));
            if (units_[c] == 0) continue;
            double best = 0.0;
            for (std::size_t e = g_.first[c]; e < g_.first[c + 1]; ++e) best = std::max(best, arcs_[e].score);
            order.push_back({-best, c});
        }
        std::sort(order.begin(), order.end());
        for (const auto& oc : order)
            for (int u = 0; u < units_[oc.second]; ++u) route_unit(oc.second, stats);
    }

    void collect(std::vector<pairing_edge>& out) const {
        for (int c = 0; c < g_.clients; ++c)
            for (std::size_t e = g_.first[c]; e < g_.first[c + 1]; ++e)
                if (arcs_[e].matched) out.push_back({arcs_[e].provider, c, arcs_[e].score});
    }
    int degree(int c) const { return degree_[c]; }

private:
    Cost bypass_cost(int c) const {
        if (cover_first_ && !g_.client_kept[c] && bypass_[c] == units_[c] - 1) return T::penalty();
        return T::zero();
    }

    // Adds the hops and the drop through held edge e1 = (c, p) to provider p's tables.
    void add_held(int p, const held_entry& h1) {
        const std::size_t base = static_cast<std::size_t>(p) * static_cast<std::size_t>(P_);
        const int c = h1.client, e1 = h1.edge;
        const Cost drop = T::score(h1.score) + bypass_cost(c);
        if (drop_via_[p] < 0 || drop < drop_[p]) {
            drop_[p] = drop;
            drop_via_[p] = e1;
        }
        for (std::size_t e2 = g_.first[c]; e2 < g_.first[c + 1]; ++e2) {
            if (arcs_[e2].matched) continue;
            const std::size_t k = base + static_cast<std::size_t>(arcs_[e2].provider);
            const Cost h = T::score(h1.score - arcs_[e2].score);
            if (hop_via_[k] < 0 || h < hop_[k]) {
                hop_[k] = h;
                hop_via_[k] = static_cast<int>(e2);
            }
        }
    }
    // Rebuilds the hop row and the drop entry of provider p from the clients it holds.
    void rebuild_row(int p) {
        const std::size_t base = static_cast<std::size_t>(p) * static_cast<std::size_t>(P_);
        std::fill(hop_via_.begin() + static_cast<std::ptrdiff_t>(base),
                  hop_via_.begin() + static_cast<std::ptrdiff_t>(base + static_cast<std::size_t>(P_)), -1);
        drop_via_[p] = -1;
        for (const held_entry& h1 : held_[p]) add_held(p, h1);
    }

    // dirty_: 1 = only gained fresh edges (add them), 2 = needs a full rebuild.
    void mark_dirty(int p, char level) {
        if (!dirty_[p]) dirty_list_.push_back(p);
        dirty_[p] = std::max(dirty_[p], level);
    }
    // A client whose pairs or bypass changed: every provider holding it must be rebuilt.
    void touch_client(int c) {
        if (client_mark_[c]) return;
        client_mark_[c] = 1;
        touched_clients_.push_back(c);
    }

    void route_unit(int c, pairing_stats& stats) {
        ++stats.searches;
        const int P = P_;
        // state_: 0 unseen, 1 labelled, 2 settled. Labels start at the real cost of the first
        // arc minus the provider potential; the client's own potential is a constant shift.
        ++stamp_;
        heap_.clear();
        for (std::size_t e = g_.first[c]; e < g_.first[c + 1]; ++e) {
            if (arcs_[e].matched) continue;
            const int p = arcs_[e].provider;
            const Cost lbl = T::zero() - T::score(arcs_[e].score) - pi_[p];
            if (seen_[p] != stamp_ || lbl < dist_[p]) {
                seen_[p] = stamp_;
                dist_[p] = lbl;
                pred_[p] = static_cast<int>(e);
                pred_from_[p] = -1;
                heap_push(lbl, p);
            }
        }
        // The sink: by the bypass of c, or later a free place, or dropping a client.
        Cost D = bypass_cost(c);  // pi(sink) stays 0: the sink is always at distance D
        int sink_kind = 0, sink_at = -1;  // 0 bypass of c, 1 free place at p, 2 drop at p
        settled_.clear();
        while (!heap_.empty()) {
            std::pop_heap(heap_.begin(), heap_.end(), item_greater{});
            const int u = heap_.back().v;
            const Cost du0 = heap_.back().d;
            heap_.pop_back();
            if (done_[u] == stamp_ || dist_[u] < du0) continue;  // stale entry
            if (!(dist_[u] < D)) break;
            done_[u] = stamp_;
            settled_.push_back(u);
            const Cost du = dist_[u];
            if (load_[u] < g_.provider_room[u]) {
                const Cost d = du + T::clamp(pi_[u]);
                if (d < D) { D = d; sink_kind = 1; sink_at = u; }
            }
            if (drop_via_[u] >= 0) {
                const Cost d = du + T::clamp(drop_[u] + pi_[u]);
                if (d < D) { D = d; sink_kind = 2; sink_at = u; }
            }
            if (!(du < D)) continue;  // nothing reached from u can beat the sink
            const std::size_t base = static_cast<std::size_t>(u) * static_cast<std::size_t>(P);
            const Cost piu = pi_[u];
            for (int v = 0; v < P; ++v) {
                const int via = hop_via_[base + static_cast<std::size_t>(v)];
                if (via < 0 || done_[v] == stamp_) continue;
                const Cost d = du + T::clamp(hop_[base + static_cast<std::size_t>(v)] + piu - pi_[v]);
                if (!(d < D)) continue;
                if (seen_[v] != stamp_ || d < dist_[v]) {
                    seen_[v] = stamp_;
                    dist_[v] = d;
                    pred_[v] = via;
                    pred_from_[v] = u;
                    heap_push(d, v);
                }
            }
        }
        stats.nodes_settled += settled_.size();
        for (int v : settled_)
            if (dist_[v] < D) pi_[v] = pi_[v] + dist_[v] - D;

        // Augment, from the end of the path back to c.
        touch_client(c);
        if (sink_kind == 0) {
            ++bypass_[c];
        } else {
            int p = sink_at;
            if (sink_kind == 1) {
                ++load_[p];
            } else {  // drop the client of drop_via_[p]
                const int e1 = drop_via_[p];
                const int d = edge_client_[e1];
                unpair(e1);
                --degree_[d];
                ++bypass_[d];
                ++stats.reassignments;
                touch_client(d);
            }
            for (;;) {
                const int e = pred_[p];  // the arc into p pairs edge e
                pair(e);
                const int from = pred_from_[p];
                if (from < 0) {  // first arc, from c itself
                    ++degree_[c];
                    break;
                }
                // The hop from -> p moves client edge_client_[e] from `from` to p.
                const int moved = edge_client_[e];
                int e1 = -1;
                for (std::size_t f = g_.first[moved]; f < g_.first[moved + 1]; ++f)
                    if (arcs_[f].provider == from) e1 = static_cast<int>(f);
                unpair(e1);
                ++stats.reassignments;
                touch_client(moved);
                p = from;
            }
        }
        // A provider q that already held a changed client t keeps its row but patches it:
        // t's edges that became free add hops; an edge that became paired invalidates the hop
        // it supplied (then rebuild the row); t's drop cost may have changed (recompute the
        // drop entry). One that just gained t (fresh edge) only adds t's hops below.
        for (int t : touched_clients_) {
            client_mark_[t] = 0;
            for (std::size_t f = g_.first[t]; f < g_.first[t + 1]; ++f) {
                if (!arcs_[f].matched || fresh_[f]) continue;
                const int q = arcs_[f].provider;
                if (dirty_[q] == 2) continue;
                const std::size_t base = static_cast<std::size_t>(q) * static_cast<std::size_t>(P_);
                for (std::size_t x = g_.first[t]; x < g_.first[t + 1] && dirty_[q] != 2; ++x) {
                    if (!changed_[x]) continue;
                    const std::size_t k = base + static_cast<std::size_t>(arcs_[x].provider);
                    if (arcs_[x].matched) {
                        if (hop_via_[k] == static_cast<int>(x)) mark_dirty(q, 2);
                    } else {
                        const Cost h = T::score(arcs_[f].score - arcs_[x].score);
                        if (hop_via_[k] < 0 || h < hop_[k]) {
                            hop_[k] = h;
                            hop_via_[k] = static_cast<int>(x);
                        }
                    }
                }
                if (dirty_[q] != 2) {
                    drop_via_[q] = -1;
                    for (const held_entry& h1 : held_[q]) {
                        const Cost drop = T::score(h1.score) + bypass_cost(h1.client);
                        if (drop_via_[q] < 0 || drop < drop_[q]) {
                            drop_[q] = drop;
                            drop_via_[q] = h1.edge;
                        }
                    }
                }
            }
        }
        touched_clients_.clear();
        for (int e : changed_list_) changed_[e] = 0;
        changed_list_.clear();
        for (int p : dirty_list_) {
            if (dirty_[p] == 2) rebuild_row(p);
            else
                for (int e1 : fresh_list_)
                    if (arcs_[e1].provider == p) add_held(p, held_[p][static_cast<std::size_t>(pos_[e1])]);
            dirty_[p] = 0;
        }
        for (int e1 : fresh_list_) fresh_[e1] = 0;
        fresh_list_.clear();
        dirty_list_.clear();
    }

    void pair(int e) {
        const int p = arcs_[e].provider;
        arcs_[e].matched = 1;
        note_change(e);
        pos_[e] = static_cast<int>(held_[p].size());
        held_[p].push_back({e, edge_client_[e], arcs_[e].score});
        fresh_[e] = 1;
        fresh_list_.push_back(e);
        mark_dirty(p, 1);
    }
    void unpair(int e) {
        const int p = arcs_[e].provider;
        arcs_[e].matched = 0;
        note_change(e);
        const held_entry last = held_[p].back();
        held_[p][static_cast<std::size_t>(pos_[e])] = last;
        pos_[last.edge] = pos_[e];
        held_[p].pop_back();
        if (fresh_[e]) {  // paired and unpaired in one augmentation: no longer a fresh gain
            fresh_[e] = 0;
            fresh_list_.erase(std::find(fresh_list_.begin(), fresh_list_.end(), e));
        }
        mark_dirty(p, 2);
    }
    struct item {
        Cost d;
        int v;
    };
    struct item_greater {
        bool operator()(const item& a, const item& b) const {
            if (b.d < a.d) return true;
            if (a.d < b.d) return false;
            return a.v > b.v;
        }
    };
    // changed_: the edge's pairing flipped (an odd number of times) in this augmentation.
    void note_change(int e) {
        if (!changed_[e]) changed_list_.push_back(e);
        changed_[e] ^= 1;
    }
    void heap_push(const Cost& d, int v) {
        heap_.push_back({d, v});
        std::push_heap(heap_.begin(), heap_.end(), item_greater{});
    }

    pairing_graph& g_;
    bool cover_first_;
    int P_ = 0;
    std::vector<int> edge_client_;
    std::vector<arc> arcs_;
    std::vector<int> pos_;
    std::vector<std::vector<held_entry>> held_;  // paired edges per provider
    std::vector<int> load_, units_, degree_, bypass_;
    std::vector<Cost> pi_, dist_;
    std::vector<int> pred_;       // edge paired by the arc into a provider
    std::vector<int> pred_from_;  // provider the arc comes from, -1 for the first arc
    std::vector<unsigned> seen_, done_;
    unsigned stamp_ = 0;
    std::vector<item> heap_;
    std::vector<char> changed_;
    std::vector<int> changed_list_;
    std::vector<char> fresh_;     // per edge: paired during the current augmentation
    std::vector<int> fresh_list_;
    std::vector<Cost> hop_;       // P x P: cheapest hop cost p -> p'
    std::vector<int> hop_via_;    // P x P: edge (c', p') of that hop, -1 for none
    std::vector<Cost> drop_;      // per provider: cheapest "drop one of its clients"
    std::vector<int> drop_via_;   // held edge of that drop, -1 for none
    std::vector<char> dirty_;
    std::vector<int> dirty_list_;
    std::vector<char> client_mark_;
    std::vector<int> touched_clients_;
    std::vector<int> settled_;
};

/// Largest provider count for dense_pairing_solver (its tables take P^2 entries).
inline constexpr int dense_provider_limit = 1536;

/// Which engine optimal_pairing uses; tests force each one.
enum class pairing_engine { automatic, sparse, dense, assignment };

/// The assignment form of a pairing problem whose clients each take at most one new
/// provider: a provider of remaining room r and d eligible clients becomes min(r, d)
/// interchangeable slots (columns); the clients with room and an eligible pair are the rows.
struct slot_layout {
    std::vector<int> slot_first;   // per provider: its slots are [slot_first[p], slot_first[p+1])
    std::vector<int> rows;         // problem client of each row
    std::size_t replicated = 0;    // eligible pairs of the rows times the slots of their provider
    bool complete = false;         // every row is eligible with every provider that has a slot
};

inline slot_layout make_slot_layout(const pairing_graph& g) {
    slot_layout L;
    std::vector<int> degree(static_cast<std::size_t>(g.providers), 0);
    for (int c = 0; c < g.clients; ++c) {
        if (g.client_room[c] <= 0 || g.first[c + 1] == g.first[c]) continue;
        L.rows.push_back(c);
        for (std::size_t e = g.first[c]; e < g.first[c + 1]; ++e) ++degree[g.provider[e]];
    }
    L.slot_first.assign(static_cast<std::size_t>(g.providers) + 1, 0);
    int with_slots = 0;
    for (int p = 0; p < g.providers; ++p) {
        const int k = std::min(g.provider_room[p], degree[p]);
        with_slots += k > 0;
        L.slot_first[p + 1] = L.slot_first[p] + k;
    }
    std::size_t edges = 0;
    for (int c : L.rows)
        for (std::size_t e = g.first[c]; e < g.first[c + 1]; ++e) {
            const int p = g.provider[e];
            const int k = L.slot_first[p + 1] - L.slot_first[p];
            edges += k > 0;
            L.replicated += static_cast<std::size_t>(k);
        }
    L.complete = edges == L.rows.size() * static_cast<std::size_t>(with_slots);
    return L;
}

/// Largest dense matrix (rows x slots) the assignment engine builds; beyond it, and for
/// incomplete problems, it works on the sparse form.
inline constexpr std::size_t assignment_dense_limit = std::size_t{1} << 24;

/// optimal_pairing (without cover_first, every client room <= 1) as a linear assignment
/// problem: rows = clients, columns = provider slots. A complete problem (every client
/// eligible with every provider that has room) is a dense rectangular matrix of -score,
/// minimised: all scores are > 0, so an optimum assigns every row (every slot when the
/// slots are fewer). Otherwise each row gets one more column of its own, "leave it
/// unpaired" at cost 0, and the sparse solver minimises -score.
inline pairing_result solve_pairing_by_assignment(const pairing_graph& g) {
    pairing_result r;
    r.stats.eligible_used = g.provider.size();
    const slot_layout L = make_slot_layout(g);
    const int n = static_cast<int>(L.rows.size());
    const int S = L.slot_first.back();
    std::vector<int> owner(static_cast<std::size_t>(S));
    for (int p = 0; p < g.providers; ++p)
        for (int k = L.slot_first[p]; k < L.slot_first[p + 1]; ++k) owner[k] = p;
    std::vector<int> col_of_row;
    if (n > 0 && S > 0) {
        if (L.complete && static_cast<std::size_t>(n) * static_cast<std::size_t>(S) <= assignment_dense_limit) {
            std::vector<double> m(static_cast<std::size_t>(n) * static_cast<std::size_t>(S));
            for (int i = 0; i < n; ++i) {
                const int c = L.rows[i];
                double* row = m.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(S);
                for (std::size_t e = g.first[c]; e < g.first[c + 1]; ++e) {
                    const int p = g.provider[e];
                    std::fill(row + L.slot_first[p], row + L.slot_first[p + 1], -g.score[e]);
                }
            }
            // Minimising -score (no second copy of the matrix, as maximising would make); every
            // entry is finite (checked scores), so the solver is called without its checks.
            std::vector<int> row_of_col;
            if (n <= S) {
                detail::lapjv_dense(m.data(), n, S, col_of_row, row_of_col, r.stats.searches, r.stats.nodes_settled);
            } else {
                assignment_result<double> a = linear_assignment(m.data(), n, S, assignment_sense::minimize);
                r.stats.searches = a.searches;
                r.stats.nodes_settled = a.scanned;
                col_of_row = std::move(a.col_of_row);
            }
        } else {
            csr_costs<double> s;
            s.rows = n;
            s.cols = S + n;
            s.first.resize(static_cast<std::size_t>(n) + 1);
            s.first[0] = 0;
            s.col.reserve(L.replicated + static_cast<std::size_t>(n));
            s.cost.reserve(L.replicated + static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i) {
                const int c = L.rows[i];
                for (std::size_t e = g.first[c]; e < g.first[c + 1]; ++e) {
                    const int p = g.provider[e];
                    for (int k = L.slot_first[p]; k < L.slot_first[p + 1]; ++k) {
                        s.col.push_back(k);
                        s.cost.push_back(-g.score[e]);
                    }
                }
                s.col.push_back(S + i);  // leave it unpaired
                s.cost.push_back(0.0);
                s.first[i + 1] = static_cast<std::int64_t>(s.col.size());
            }
            assignment_result<double> a = sparse_assignment(s, assignment_sense::minimize);
            r.stats.searches = a.searches;
            r.stats.nodes_settled = a.scanned;
            col_of_row = std::move(a.col_of_row);
        }
    }
    std::vector<char> paired(static_cast<std::size_t>(g.clients), 0);
    for (int i = 0; i < n; ++i) {
        const int j = col_of_row.empty() ? -1 : col_of_row[i];
        if (j < 0 || j >= S) continue;
        const int c = L.rows[i], p = owner[j];
        for (std::size_t e = g.first[c]; e < g.first[c + 1]; ++e)
            if (g.provider[e] == p) {
                r.pairs.push_back({p, c, g.score[e]});
                paired[c] = 1;
                break;
            }
    }
    for (const pairing_edge& e : r.pairs) r.total_score += e.score;
    r.reason.assign(static_cast<std::size_t>(g.clients), unpaired_reason::none);
    for (int c = 0; c < g.clients; ++c) {
        if (g.client_kept[c] || paired[c]) {
            ++r.clients_covered;
        } else {
            r.reason[c] = g.had_eligible[c] ? unpaired_reason::providers_full : unpaired_reason::no_eligible_provider;
        }
    }
    return r;
}

/// Whether the assignment engine applies: no cover_first and no client with room for more
/// than one new provider (max_per_client 1).
inline bool assignment_applies(const pairing_graph& g, bool cover_first) {
    if (cover_first) return false;
    for (int c = 0; c < g.clients; ++c)
        if (g.client_room[c] > 1) return false;
    return true;
}

template <class Cost, class Solver>
pairing_result solve_pairing_with(pairing_graph& g, bool cover_first) {
    pairing_result r;
    r.stats.cover_first = cover_first;
    r.stats.eligible_used = g.provider.size();
    Solver s(g, cover_first);
    s.run(r.stats);
    s.collect(r.pairs);
    for (const pairing_edge& e : r.pairs) r.total_score += e.score;
    r.reason.assign(static_cast<std::size_t>(g.clients), unpaired_reason::none);
    for (int c = 0; c < g.clients; ++c) {
        if (g.client_kept[c] || s.degree(c) > 0) {
            ++r.clients_covered;
        } else {
            r.reason[c] = g.had_eligible[c] ? unpaired_reason::providers_full
                                            : unpaired_reason::no_eligible_provider;
        }
    }
    return r;
}

/// The engine optimal_pairing chooses (the rule of its documentation): the assignment
/// solver when cover_first is off, every client has room for at most one new provider, and
/// either the problem is complete (every client with room eligible with every provider with
/// room; rows x slots <= assignment_dense_limit) or no provider has more than one slot
/// (capacity 1, or room for only one of its eligible clients): there it is faster than the
/// min-cost flow (docs/performance.md). Otherwise the min-cost flow: dense engine for
/// P <= dense_provider_limit, else sparse. O(E + P + C).
inline pairing_engine pairing_engine_for(const pairing_graph& g, bool cover_first) {
    if (assignment_applies(g, cover_first)) {
        const slot_layout L = make_slot_layout(g);
        const std::size_t cells = L.rows.size() * static_cast<std::size_t>(L.slot_first.back());
        bool single = true;
        for (int p = 0; p < g.providers && single; ++p) single = L.slot_first[p + 1] - L.slot_first[p] <= 1;
        if ((L.complete && cells <= assignment_dense_limit) || single) return pairing_engine::assignment;
    }
    return g.providers <= dense_provider_limit ? pairing_engine::dense : pairing_engine::sparse;
}

/// optimal_pairing with a chosen engine (automatic: dense for few providers, else sparse).
inline pairing_result optimal_pairing_with(const pairing_problem& problem, const pairing_options& options,
                                           pairing_engine engine) {
    pairing_graph g = build_pairing_graph(problem);
    if (engine == pairing_engine::assignment) {
        if (!assignment_applies(g, options.cover_first))
            throw argument_error("optimal_pairing: the assignment engine needs cover_first off and "
                                 "max_per_client 1");
        return solve_pairing_by_assignment(g);
    }
    if (engine == pairing_engine::automatic) engine = pairing_engine_for(g, options.cover_first);
    if (engine == pairing_engine::assignment) return solve_pairing_by_assignment(g);
    if (engine == pairing_engine::dense) {
        if (options.cover_first) return solve_pairing_with<lex_cost, dense_pairing_solver<lex_cost>>(g, true);
        return solve_pairing_with<double, dense_pairing_solver<double>>(g, false);
    }
    if (options.cover_first) return solve_pairing_with<lex_cost, pairing_solver<lex_cost>>(g, true);
    return solve_pairing_with<double, pairing_solver<double>>(g, false);
}

}  // namespace detail

/// Chooses new provider-client pairs of maximum total score (exact optimum, up to
/// floating-point rounding of the score sums), within the remaining capacities.
///
/// @param problem providers, clients, eligible/kept/forbidden pairs; see pairing_problem.
/// @param options cover_first: maximise covered clients first, then score.
/// @return the new pairs sorted by client then provider, their total score, the number of
///   covered clients, per client why it has no partner, and counters.
/// @throws argument_error for any invalid input (negative capacity, max_per_client < 1,
///   index out of range, score not finite or <= 0, a pair listed twice in one list); the
///   message names the argument and the entry index.
///
/// Engine rule (detail::pairing_engine_for): when cover_first is off and every client has
/// room for at most one new provider (max_per_client 1), and either the problem is complete
/// (every client with room eligible with every provider with room, rows x slots <= 2^24)
/// or no provider has more than one slot (capacity 1, or room for only one of its eligible
/// clients), the problem is a linear assignment problem: rows = clients, columns = provider
/// slots (a provider of room r with d eligible clients becomes min(r, d) slots), solved by
/// the Jonker-Volgenant solvers of assignment.hpp (dense LAPJV for complete problems, the
/// sparse one with a "leave it unpaired" column per client otherwise). It reaches the same
/// optimum as the min-cost flow below, many times faster there (assign800: about 20 ms
/// instead of 3 s). Replicated slots of larger capacities and cover_first stay with the
/// min-cost flow, which is faster on them (docs/performance.md). When several plans reach
/// the optimum, which one is returned depends on the engine: it is deterministic (the same
/// problem, in any order of its lists, gives the same plan) but not specified, and the
/// reasons are those of the returned plan.
///
/// Algorithm: min-cost flow by successive shortest augmenting paths, one client demand unit
/// at a time (Dijkstra with potentials, stopped at the sink; a per-client bypass arc makes
/// "leave it unpaired" a path, so maximum score rather than maximum cardinality is found).
/// Two engines compute the same optimum:
///  - P <= detail::dense_provider_limit (1536): the searches run on a graph of providers
///    only, with a P x P table of the cheapest "move one client from p to p'" hop
///    (detail::dense_pairing_solver). Worst case O(U P (P + log P) + R D) after validation,
///    R = provider rows rebuilt (at most the augmenting path lengths), D = clients held x
///    degree; in practice a search settles a handful of providers. Memory O(E + P^2).
///  - otherwise the full provider/client residual graph (detail::pairing_solver): worst case
///    O(U (E + V) log V); in practice each search settles the nodes closer than "leave it
///    unpaired". Memory O(E + V).
/// U = sum over clients of min(remaining room, eligible degree), V = P + C. Validation is
/// O(E + K + F + P + C + sum over clients of d log d) (K kept, F forbidden pairs).
/// Measured (bench/bench_matching_core.cpp, random scores, on a 2-core machine busy with
/// other builds): 200 providers x 1000 clients x 5 needs in about 4-5 ms; 1000 providers of
/// capacity 100, 100,000 clients, 2 million eligible pairs (supply = demand, the hardest
/// regime: late clients must evict along long paths) in 3.1-3.3 s of CPU time (cover_first
/// too; capacity 60: 4.2 s). Known slow spot: the same size with max_per_client = 3 takes
/// about 40 s (three times the searches, each settling more providers).
///
/// Example: see the file comment.
inline pairing_result optimal_pairing(const pairing_problem& problem, const pairing_options& options = {}) {
    return detail::optimal_pairing_with(problem, options, detail::pairing_engine::automatic);
}

}  // namespace furong
