#pragma once
/// @file
/// Threshold connected partition: split every connected component of a weighted undirected
/// graph into as many connected groups as possible, each weighing at least a threshold, then
/// make the heaviest group as light as possible. Pure algorithm on plain indices, weights and
/// edge or adjacency lists; it knows nothing of the governance model.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "furong/error.hpp"

namespace furong {

/// One group of a partition: its members (candidate indices, ascending) and their total weight.
struct partition_group {
    std::vector<std::size_t> members;
    std::int64_t weight = 0;
};

/// How one connected component was handled.
enum class partition_method {
    uncovered,  ///< total weight below the threshold: every vertex reported as uncovered
    trivial,    ///< provably optimal without search (threshold 0: singletons; total < 2*threshold: one group)
    exact,      ///< bitmask dynamic programme (size <= exact limit): optimal
    heuristic   ///< spanning-tree subtree cutting (size > exact limit): valid, not proven optimal
};

/// Statistics of one connected component (in the order of their smallest vertex).
struct partition_component_stats {
    std::size_t smallest_vertex = 0;  ///< identifies the component
    std::size_t vertices = 0;
    std::int64_t weight = 0;          ///< total weight of the component
    std::size_t groups = 0;           ///< groups produced (0 when uncovered)
    std::int64_t max_group_weight = 0;  ///< 0 when uncovered
    /// Upper bound on the number of groups: #vertices of weight >= threshold plus
    /// floor(weight of the lighter vertices / threshold); a heuristic result that reaches it
    /// has the maximum count.
    std::size_t group_bound = 0;
    partition_method method = partition_method::uncovered;
    std::size_t states = 0;  ///< vertex subsets solved by the exact search (0 otherwise)
};

/// Result of threshold_connected_partition().
struct connected_partition_result {
    std::vector<partition_group> groups;  ///< sorted by smallest member
    std::vector<std::size_t> uncovered;   ///< ascending
    bool optimal = true;                  ///< false iff some component used the heuristic
    std::vector<partition_component_stats> components;
};

/// Default largest component solved exactly.
inline constexpr std::size_t connected_partition_default_exact_limit = 20;
/// Largest exact limit accepted: the exact search keeps 7 bytes per vertex subset (2^22
/// subsets = 29 MB of address space, touched only where the search goes).
inline constexpr std::size_t connected_partition_max_exact_limit = 22;

namespace detail {

/// Undirected graph in compressed sparse row form (both directions stored; self loops dropped).
struct cp_graph {
    std::vector<std::size_t> offsets;  // size n + 1
    std::vector<std::size_t> targets;
    std::size_t degree(std::size_t v) const { return offsets[v + 1] - offsets[v]; }
};

inline std::int64_t cp_checked_total(const std::vector<std::int64_t>& weights) {
    std::int64_t total = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] < 0)
            throw argument_error("threshold_connected_partition: weight of candidate " +
                                 std::to_string(i) + " is negative (" +
                                 std::to_string(weights[i]) + ")");
        // Every group weight is bounded by this sum, so checking it once rules out overflow.
        if (__builtin_add_overflow(total, weights[i], &total))
            throw argument_error("threshold_connected_partition: the sum of the weights overflows int64");
    }
    return total;
}

inline void cp_check_scalars(std::int64_t threshold, std::size_t exact_limit) {
    if (threshold < 0)
        throw argument_error("threshold_connected_partition: threshold is negative (" +
                             std::to_string(threshold) + ")");
    if (exact_limit > connected_partition_max_exact_limit)
        throw argument_error("threshold_connected_partition: exact limit " +
                             std::to_string(exact_limit) + " exceeds the maximum " +
                             std::to_string(connected_partition_max_exact_limit));
}

/// Exact solver for one component of at most connected_partition_max_exact_limit vertices,
/// as a series of memoised decision searches over vertex bitmasks (local vertices 0..k-1).
///
/// decide(m, need): can the connected set m be split into at least `need` connected groups,
/// each weighing between the threshold and the current cap? The group of m's pivot (its
/// heaviest vertex: fewest groups fit under a cap) is chosen among the connected subsets
/// containing it (each enumerated once, by the include/exclude extension scheme); the rest
/// splits into connected pieces decided recursively. Prunes, all cheap: a branch stops as soon
/// as its group exceeds the cap, or the count bound of the rest (vertices >= threshold plus
/// lighter weight / threshold, which only shrinks as the group grows) cannot reach `need`; a
/// rest with a piece that no count of groups within [threshold, cap] can weigh is no
/// candidate; a failed search is remembered as an upper bound for that set, a success as the
/// count reached with its group.
///
/// Stage 1 (no cap) tries need = count bound, bound - 1, ...; the first success is the
/// maximum count c. Without a cap, some optimal partition gives the pivot a group S from which
/// no other vertex v can move to a neighbouring group (S \ v connected and still >= threshold,
/// v adjacent to the rest): otherwise moving v keeps the count, so only such S are tried.
/// Stage 2 asks for c groups under the cap (heaviest group found - 1) until that fails or the
/// lower bound max(threshold, heaviest vertex, ceil(total / c)) is met. Caps only decrease,
/// so failures under a cap stay valid for the next, and those of stage 1 for every cap.
class cp_exact_solver {
public:
    /// Allocates the memo for components of up to max_k vertices (state bytes zeroed, the
    /// choices uninitialised); entries are reset through the touched list after each component.
    explicit cp_exact_solver(std::size_t max_k)
        : size_(std::size_t{1} << max_k),
          ub_free_(zeroed(size_)),
          ub_cap_(zeroed(size_)),
          lb_(zeroed(size_)),
          choice_(new std::uint32_t[size_]) {}

    /// Solves one component: adj[i] = bitmask of the neighbours of local vertex i, w[i] its
    /// weight; threshold > 0 and the component is connected with total >= threshold.
    /// Appends the groups (as local bitmasks) to out; states = decision searches run.
    void run(const std::vector<std::uint32_t>& adj, const std::vector<std::int64_t>& w,
             std::int64_t threshold, std::vector<std::uint32_t>& out, std::size_t& states) {
        adj_ = adj.data();
        w_ = w.data();
        t_ = threshold;
        const int k = static_cast<int>(adj.size());
        heavy_ = 0;
        std::int64_t total = 0, heaviest = 0;
        for (int i = 0; i < k; ++i) {
            if (w_[i] >= t_) heavy_ |= std::uint32_t{1} << i;
            total += w_[i];
            heaviest = std::max(heaviest, w_[i]);
        }
        states_ = 0;
        const std::uint32_t full = (std::uint32_t{1} << k) - 1;
        // Stage 1: the maximum count, without a cap.
        capped_ = false;
        cap_ = total;
        int count = bound_of(full);
        while (!decide(full, count)) --count;  // count 1 (the whole component) always succeeds
        std::vector<std::uint32_t> best;
        reconstruct(full, best);
        std::int64_t hi = max_weight(best);
        // Stage 2: the smallest cap that still allows `count` groups; hi is always feasible.
        const std::int64_t lo = std::max({t_, heaviest, ceil_div(total, count)});
        capped_ = true;
        while (hi > lo) {
            // Caps only decrease, so every failure stays valid; usually a single search fails.
            cap_ = hi - 1;
            for (std::uint32_t m : touched_) lb_[m] = 0;  // successes were for a larger cap
            const bool ok = decide(full, count);
            if (!ok) break;
            best.clear();
            reconstruct(full, best);
            hi = max_weight(best);
        }
        out.insert(out.end(), best.begin(), best.end());
        states = states_;
        for (std::uint32_t m : touched_) {
            ub_free_[m] = ub_cap_[m] = lb_[m] = 0;
        }
        touched_.clear();
    }

private:
    // Bytes allocated zeroed (calloc: pages the search never touches cost nothing). The
    // failure bounds are stored as `none - bound`, so zero means no bound.
    static constexpr int none = 127;
    struct free_deleter {
        void operator()(std::int8_t* p) const { std::free(p); }
    };
    using bytes = std::unique_ptr<std::int8_t[], free_deleter>;
    static bytes zeroed(std::size_t n) {
        auto* p = static_cast<std::int8_t*>(std::calloc(n, 1));
        if (!p) throw std::bad_alloc();
        return bytes(p);
    }

    static int popcount(std::uint32_t x) { return __builtin_popcount(x); }
    static std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return a / b + (a % b != 0); }
    static int lowest(std::uint32_t x) { return __builtin_ctz(x); }

    std::int64_t weight_of(std::uint32_t m) const {
        std::int64_t s = 0;
        for (; m; m &= m - 1) s += w_[lowest(m)];
        return s;
    }

    std::int64_t max_weight(const std::vector<std::uint32_t>& groups) const {
        std::int64_t mx = 0;
        for (std::uint32_t g : groups) mx = std::max(mx, weight_of(g));
        return mx;
    }

    /// Count bound: each group holds a vertex of weight >= threshold or gathers at least the
    /// threshold from lighter vertices. Never grows when the set shrinks.
    int bound_of(std::uint32_t m) const {
        std::int64_t light = 0;
        for (std::uint32_t x = m & ~heavy_; x; x &= x - 1) light += w_[lowest(x)];
        return popcount(m & heavy_) + static_cast<int>(light / t_);
    }

    /// Whether a set of weight wt could be split into groups weighing between the threshold
    /// and the cap: some count c with c * threshold <= wt <= c * cap. Under a tight cap this
    /// rejects most rests early (e.g. threshold 38, cap 50: nothing in 51..75).
    bool splittable(std::int64_t wt) const {
        if (wt < t_) return false;
        if (!capped_ || wt <= cap_) return true;
        return ceil_div(wt, cap_) <= wt / t_;
    }

    /// The count bound of m sharpened by the failures remembered for it.
    int known_bound(std::uint32_t m) const {
        int b = bound_of(m);
        b = std::min(b, none - ub_free_[m]);
        if (capped_) b = std::min(b, none - ub_cap_[m]);
        return b;
    }

    std::uint32_t piece_of(std::uint32_t seed, std::uint32_t within) const {
        std::uint32_t piece = seed, frontier = seed;
        while (frontier) {
            const int v = lowest(frontier);
            frontier &= frontier - 1;
            const std::uint32_t fresh = adj_[v] & within & ~piece;
            piece |= fresh;
            frontier |= fresh;
        }
        return piece;
    }

    void touch(std::uint32_t m) {
        if (ub_free_[m] == 0 && ub_cap_[m] == 0 && lb_[m] == 0) touched_.push_back(m);
    }

    struct frame {
        std::uint32_t m;
        int need;
        std::int64_t light_m;  // weight of the vertices of m lighter than the threshold
        bool found;
        std::uint32_t pivot;  // the vertex whose group is chosen
    };

    /// The vertex whose group is enumerated: the heaviest (fewest groups fit under a cap and
    /// the rest loses most weight), ties to the fewest neighbours in m, then the lowest index.
    int pivot_of(std::uint32_t m) const {
        int best = lowest(m), best_deg = popcount(adj_[best] & m);
        for (std::uint32_t x = m & (m - 1); x; x &= x - 1) {
            const int v = lowest(x);
            const int deg = popcount(adj_[v] & m);
            if (w_[v] > w_[best] || (w_[v] == w_[best] && deg < best_deg)) {
                best = v;
                best_deg = deg;
            }
        }
        return best;
    }

    bool decide(std::uint32_t m, int need) {
        if (lb_[m] >= need) return true;
        if (known_bound(m) < need) return false;
        ++states_;
        frame f{m, need, 0, false, 0};
        for (std::uint32_t x = m & ~heavy_; x; x &= x - 1) f.light_m += w_[lowest(x)];
        const int lv = pivot_of(m);
        f.pivot = std::uint32_t{1} << lv;
        extend(f, f.pivot, adj_[lv] & m, 0, w_[lv], w_[lv] < t_ ? w_[lv] : 0);
        if (f.found) return true;
        // Every branch that could reach `need` was searched.
        touch(m);
        std::int8_t& ub = capped_ ? ub_cap_[m] : ub_free_[m];
        ub = static_cast<std::int8_t>(none - std::min(none - ub, need - 1));
        return false;
    }

    /// Visits connected set s (containing the pivot of f.m) and its extensions by
    /// vertices of ext, never using the excluded vertices x.
    void extend(frame& f, std::uint32_t s, std::uint32_t ext, std::uint32_t x, std::int64_t ws,
                std::int64_t light_s) {
        if (ws > cap_) return;
        const std::uint32_t r = f.m & ~s;
        // Count bound for s and every superset of s.
        if (1 + popcount(r & heavy_) + static_cast<int>((f.light_m - light_s) / t_) < f.need) return;
        if (ws >= t_ && candidate(f, s, ws, r)) {
            f.found = true;
            return;
        }
        while (ext) {
            const std::uint32_t v = ext & (~ext + 1);
            ext ^= v;
            const int vi = lowest(v);
            const std::uint32_t next = (ext | (adj_[vi] & f.m)) & ~(s | v | x);
            extend(f, s | v, next, x, ws + w_[vi], light_s + (w_[vi] < t_ ? w_[vi] : 0));
            if (f.found) return;
            x |= v;  // later branches exclude v: each connected set is visited once
        }
    }

    /// True when s (weight ws >= threshold) as the group of the pivot and the rest r
    /// reach f.need groups; records the choice.
    bool candidate(frame& f, std::uint32_t s, std::int64_t ws, std::uint32_t r) {
        if (!r) {
            if (f.need > 1) return false;
            touch(f.m);
            lb_[f.m] = 1;
            choice_[f.m] = s;
            return true;
        }
        if (!capped_) {
            // Stage 1 exchange argument: skip s if a vertex could leave it for a neighbouring group.
            for (std::uint32_t y = s & ~f.pivot; y; y &= y - 1) {
                const int v = lowest(y);
                const std::uint32_t rest = s & ~(std::uint32_t{1} << v);
                if (ws - w_[v] >= t_ && (adj_[v] & r) && piece_of(rest & (~rest + 1), rest) == rest)
                    return false;
            }
        }
        std::uint32_t pieces[32];
        int bounds[32];
        int n = 0, sum = 0;
        for (std::uint32_t rest = r; rest;) {
            const std::uint32_t p = piece_of(rest & (~rest + 1), rest);
            if (!splittable(weight_of(p))) return false;
            pieces[n] = p;
            sum += bounds[n] = known_bound(p);
            ++n;
            rest &= ~p;
        }
        if (1 + sum < f.need) return false;
        int reached = 1;
        for (int i = 0; i < n; ++i) {
            sum -= bounds[i];
            const int need = std::max(1, f.need - reached - sum);
            if (!decide(pieces[i], need)) return false;
            reached += lb_[pieces[i]];
        }
        touch(f.m);
        lb_[f.m] = static_cast<std::int8_t>(reached);
        choice_[f.m] = s;
        return true;
    }

    /// Appends the recorded groups of m: each connected piece of m starts with the group chosen
    /// for it, and the rest of the piece is reconstructed the same way.
    void reconstruct(std::uint32_t m, std::vector<std::uint32_t>& out) const {
        while (m) {
            const std::uint32_t piece = piece_of(m & (~m + 1), m);
            m &= ~piece;
            const std::uint32_t g = choice_[piece];
            out.push_back(g);
            reconstruct(piece & ~g, out);
        }
    }

    std::size_t size_;
    bytes ub_free_;  // proven bound on the count without a cap
    bytes ub_cap_;   // proven bound on the count under the current cap
    bytes lb_;       // count reached by choice_ under the current cap
    std::unique_ptr<std::uint32_t[]> choice_;
    std::vector<std::uint32_t> touched_;
    const std::uint32_t* adj_ = nullptr;
    const std::int64_t* w_ = nullptr;
    std::int64_t t_ = 1;
    std::int64_t cap_ = 0;
    bool capped_ = false;
    std::uint32_t heavy_ = 0;
    std::size_t states_ = 0;
};

/// Spanning-tree heuristic for one connected component `comp` (ascending global indices) with
/// threshold > 0 and total >= threshold. Appends groups (global indices, unsorted) to out.
/// BFS tree rooted at a peripheral vertex; bottom-up, a vertex whose accumulated uncut subtree
/// reaches the threshold is cut off with it as a group (connected through tree edges, weight
/// >= threshold). The uncut part around the root (< threshold) is then absorbed vertex by
/// vertex, breadth first, each vertex joining the lightest group it is adjacent to, which
/// keeps every group connected. Some group exists: with no cut the root's subtree would be the
/// whole component, whose weight reaches the threshold. O(V + E) for the component.
inline void cp_heuristic(const cp_graph& g, const std::vector<std::int64_t>& w,
                         const std::vector<std::size_t>& comp, std::int64_t threshold,
                         std::vector<std::size_t>& mark,  // size n, scratch, all npos on entry
                         std::vector<std::vector<std::size_t>>& out) {
    constexpr std::size_t npos = static_cast<std::size_t>(-1);
    const std::size_t k = comp.size();
    // mark[v] = position of v in BFS order while building the tree
    std::vector<std::size_t> order;
    order.reserve(k);
    auto bfs = [&](std::size_t root, std::vector<std::size_t>& parent) {
        order.clear();
        order.push_back(root);
        mark[root] = 0;
        parent.assign(k, npos);
        for (std::size_t head = 0; head < order.size(); ++head) {
            const std::size_t u = order[head];
            for (std::size_t e = g.offsets[u]; e < g.offsets[u + 1]; ++e) {
                const std::size_t v = g.targets[e];
                if (mark[v] != npos) continue;
                mark[v] = order.size();
                parent[order.size()] = head;
                order.push_back(v);
            }
        }
    };
    std::vector<std::size_t> parent;
    bfs(comp.front(), parent);
    const std::size_t root = order.back();  // farthest from comp.front(): peripheral
    for (std::size_t v : order) mark[v] = npos;
    bfs(root, parent);
    // positions from here on: index into order
    std::vector<std::int64_t> acc(k);
    std::vector<char> cut(k, 0);
    for (std::size_t i = 0; i < k; ++i) acc[i] = w[order[i]];
    for (std::size_t i = k; i-- > 0;) {
        if (acc[i] >= threshold) {
            cut[i] = 1;
        } else if (i > 0) {
            acc[parent[i]] += acc[i];
        }
    }
    std::vector<std::size_t> group(k, npos);
    std::vector<std::int64_t> gw;
    for (std::size_t i = 0; i < k; ++i) {
        if (cut[i]) {
            group[i] = gw.size();
            gw.push_back(acc[i]);
        } else if (i > 0) {
            group[i] = group[parent[i]];
        }
    }
    // Absorb the uncut part around the root (group npos).
    std::vector<std::size_t> queue;
    std::vector<char> queued(k, 0);
    for (std::size_t i = 0; i < k; ++i) {
        if (group[i] != npos) continue;
        for (std::size_t e = g.offsets[order[i]]; e < g.offsets[order[i] + 1]; ++e)
            if (group[mark[g.targets[e]]] != npos) {
                queue.push_back(i);
                queued[i] = 1;
                break;
            }
    }
    for (std::size_t head = 0; head < queue.size(); ++head) {
        const std::size_t i = queue[head];
        const std::size_t u = order[i];
        std::size_t best = npos;
        for (std::size_t e = g.offsets[u]; e < g.offsets[u + 1]; ++e) {
            const std::size_t gj = group[mark[g.targets[e]]];
            if (gj != npos && (best == npos || gw[gj] < gw[best] || (gw[gj] == gw[best] && gj < best)))
                best = gj;
        }
        group[i] = best;  // never npos: i was queued next to a grouped vertex
        gw[best] += w[u];
        for (std::size_t e = g.offsets[u]; e < g.offsets[u + 1]; ++e) {
            const std::size_t j = mark[g.targets[e]];
            if (group[j] == npos && !queued[j]) {
                queued[j] = 1;
                queue.push_back(j);
            }
        }
    }
    const std::size_t first = out.size();
    out.resize(first + gw.size());
    for (std::size_t i = 0; i < k; ++i) out[first + group[i]].push_back(order[i]);
    for (std::size_t v : order) mark[v] = npos;
}

inline connected_partition_result cp_run(std::size_t n, const std::vector<std::int64_t>& w,
                                         const cp_graph& g, std::int64_t threshold,
                                         std::size_t exact_limit) {
    constexpr std::size_t npos = static_cast<std::size_t>(-1);
    connected_partition_result res;
    // Connected components, each listed ascending; components ordered by smallest vertex.
    std::vector<std::size_t> comp_of(n, npos);
    std::vector<std::vector<std::size_t>> comps;
    std::size_t largest_exact = 0;
    for (std::size_t s = 0; s < n; ++s) {
        if (comp_of[s] != npos) continue;
        std::vector<std::size_t> c{s};
        comp_of[s] = comps.size();
        for (std::size_t head = 0; head < c.size(); ++head) {
            const std::size_t u = c[head];
            for (std::size_t e = g.offsets[u]; e < g.offsets[u + 1]; ++e) {
                const std::size_t v = g.targets[e];
                if (comp_of[v] == npos) {
                    comp_of[v] = comps.size();
                    c.push_back(v);
                }
            }
        }
        std::sort(c.begin(), c.end());
        if (c.size() <= exact_limit) largest_exact = std::max(largest_exact, c.size());
        comps.push_back(std::move(c));
    }
    std::unique_ptr<cp_exact_solver> solver;
    std::vector<std::size_t> local(n, npos);  // global -> local index; reused as BFS marks
    std::vector<std::vector<std::size_t>> found;
    std::vector<std::uint32_t> adj, masks;
    std::vector<std::int64_t> lw;
    for (const auto& c : comps) {
        partition_component_stats st;
        st.smallest_vertex = c.front();
        st.vertices = c.size();
        std::int64_t light = 0;
        for (std::size_t v : c) {
            st.weight += w[v];
            if (w[v] >= threshold) ++st.group_bound;
            else light += w[v];
        }
        st.group_bound = threshold == 0 ? c.size()
                                        : st.group_bound + static_cast<std::size_t>(light / threshold);
        found.clear();
        if (st.weight < threshold) {
            st.method = partition_method::uncovered;
            res.uncovered.insert(res.uncovered.end(), c.begin(), c.end());
        } else if (threshold == 0) {
            // Singletons reach the maximum count n, and no partition has a group lighter than
            // its heaviest vertex.
            st.method = partition_method::trivial;
            for (std::size_t v : c) found.push_back({v});
        } else if (st.weight - threshold < threshold || c.size() == 1) {
            // Two groups would need 2 * threshold (written without overflow): the whole
            // component is the only partition.
            st.method = partition_method::trivial;
            found.push_back(c);
        } else if (c.size() <= exact_limit) {
            st.method = partition_method::exact;
            if (!solver) solver.reset(new cp_exact_solver(largest_exact));
            const std::size_t k = c.size();
            for (std::size_t i = 0; i < k; ++i) local[c[i]] = i;
            adj.assign(k, 0);
            lw.resize(k);
            for (std::size_t i = 0; i < k; ++i) {
                lw[i] = w[c[i]];
                for (std::size_t e = g.offsets[c[i]]; e < g.offsets[c[i] + 1]; ++e)
                    adj[i] |= std::uint32_t{1} << local[g.targets[e]];
            }
            for (std::size_t i = 0; i < k; ++i) local[c[i]] = npos;
            masks.clear();
            solver->run(adj, lw, threshold, masks, st.states);
            for (std::uint32_t m : masks) {
                std::vector<std::size_t> grp;
                for (; m; m &= m - 1) grp.push_back(c[static_cast<std::size_t>(__builtin_ctz(m))]);
                found.push_back(std::move(grp));
            }
        } else {
            st.method = partition_method::heuristic;
            res.optimal = false;
            cp_heuristic(g, w, c, threshold, local, found);
        }
        for (auto& grp : found) {
            std::sort(grp.begin(), grp.end());
            partition_group pg;
            for (std::size_t v : grp) pg.weight += w[v];
            pg.members = std::move(grp);
            st.max_group_weight = std::max(st.max_group_weight, pg.weight);
            res.groups.push_back(std::move(pg));
        }
        st.groups = found.size();
        res.components.push_back(st);
    }
    std::sort(res.groups.begin(), res.groups.end(),
              [](const partition_group& a, const partition_group& b) {
                  return a.members.front() < b.members.front();
              });
    std::sort(res.uncovered.begin(), res.uncovered.end());
    return res;
}

}  // namespace detail

/// Threshold connected partition of an undirected graph given as an edge list.
///
/// For each connected component whose total weight reaches `threshold`, splits it into groups
/// such that every group induces a connected subgraph and weighs at least `threshold`, and
/// every vertex of the component lies in exactly one group; the number of groups is maximised
/// and, among partitions with that many groups, the weight of the heaviest group is minimised.
/// Vertices of components lighter than `threshold` are reported as uncovered. Threshold 0 puts
/// every vertex in a group of its own (optimal for any size).
///
/// Components of at most `exact_limit` vertices are solved exactly by memoised decision
/// searches over connected vertex subsets (see detail::cp_exact_solver: first the maximum
/// count, then decreasing caps on the group weight). Larger components use a
/// spanning-tree heuristic (bottom-up subtree cutting on a BFS tree from a peripheral vertex,
/// then the light remainder around the root absorbed into adjacent groups); its result is
/// always a valid partition but `optimal` becomes false. Components whose total is below
/// 2 * threshold are a single group regardless of size. The result is deterministic: groups
/// sorted by their smallest member, each group's members ascending.
///
/// Complexity: O(n + m) for validation, components and the heuristic (plus O(n log n) sorting).
/// The exact path for a component of k vertices reserves O(2^k) memory (7 bytes per subset,
/// allocated zeroed once per call for the largest exact component) and, in the worst case,
/// takes O(k * 3^k) time per decision search (every subset times every connected subset of it
/// containing its pivot); there are at most (count bound - maximum count + 1) searches for the
/// count and (number of improvements of the heaviest group + 1) for the cap. The pruning
/// makes 20-vertex paths, 4x5 grids and complete graphs take well under a millisecond to a
/// few milliseconds in practice; adversarial dense 20-vertex cases with weights close to the
/// threshold have been seen to take up to about 0.35 s.
///
/// @param n           number of candidates, indices 0..n-1
/// @param weights     weight of each candidate, size n, each >= 0
/// @param edges       undirected edges; self loops ignored, duplicates allowed
/// @param threshold   minimum weight of a group, >= 0
/// @param exact_limit largest component solved exactly, at most connected_partition_max_exact_limit
/// @return groups, uncovered vertices, whether every component was solved optimally, and
///         per-component statistics
/// @throws argument_error weights.size() != n, a negative weight, a negative threshold, an
///         endpoint outside 0..n-1, an exact limit above the maximum, or weights summing past
///         INT64_MAX
///
/// Example:
/// @code
///   // path 0-1-2-3 with weights 2,1,1,2 and threshold 3: groups {0,1} and {2,3}
///   auto r = furong::threshold_connected_partition(4, {2, 1, 1, 2}, {{0, 1}, {1, 2}, {2, 3}}, 3);
///   // r.groups[0].members == {0, 1}, r.groups[1].members == {2, 3}, r.optimal == true
/// @endcode
inline connected_partition_result threshold_connected_partition(
    std::size_t n, const std::vector<std::int64_t>& weights,
    const std::vector<std::pair<std::size_t, std::size_t>>& edges, std::int64_t threshold,
    std::size_t exact_limit = connected_partition_default_exact_limit) {
    if (weights.size() != n)
        throw argument_error("threshold_connected_partition: " + std::to_string(weights.size()) +
                             " weights for " + std::to_string(n) + " candidates");
    detail::cp_check_scalars(threshold, exact_limit);
    detail::cp_checked_total(weights);
    detail::cp_graph g;
    g.offsets.assign(n + 1, 0);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        for (std::size_t end : {edges[i].first, edges[i].second})
            if (end >= n)
                throw argument_error("threshold_connected_partition: edge " + std::to_string(i) +
                                     " has endpoint " + std::to_string(end) +
                                     " outside 0.." + (n ? std::to_string(n - 1) : std::string("-1")));
        if (edges[i].first == edges[i].second) continue;
        ++g.offsets[edges[i].first + 1];
        ++g.offsets[edges[i].second + 1];
    }
    for (std::size_t v = 0; v < n; ++v) g.offsets[v + 1] += g.offsets[v];
    g.targets.resize(g.offsets[n]);
    std::vector<std::size_t> fill(g.offsets.begin(), g.offsets.end() - 1);
    for (const auto& e : edges) {
        if (e.first == e.second) continue;
        g.targets[fill[e.first]++] = e.second;
        g.targets[fill[e.second]++] = e.first;
    }
    return detail::cp_run(n, weights, g, threshold, exact_limit);
}

/// Threshold connected partition of a graph given as adjacency lists: adjacency[v] lists the
/// neighbours of v (one direction suffices, the graph is made symmetric; self loops ignored,
/// duplicates allowed). Same semantics, complexity and errors as the edge-list overload, with
/// n = weights.size(); adjacency.size() != weights.size() -> argument_error.
///
/// @param weights     weight of each candidate, each >= 0
/// @param adjacency   neighbour list per candidate, size weights.size()
/// @param threshold   minimum weight of a group, >= 0
/// @param exact_limit largest component solved exactly
///
/// Example:
/// @code
///   auto r = furong::threshold_connected_partition({5, 5, 1}, {{1}, {2}, {}}, 5);
///   // groups {0} (5) and {1, 2} (6)
/// @endcode
inline connected_partition_result threshold_connected_partition(
    const std::vector<std::int64_t>& weights, const std::vector<std::vector<std::size_t>>& adjacency,
    std::int64_t threshold, std::size_t exact_limit = connected_partition_default_exact_limit) {
    const std::size_t n = weights.size();
    if (adjacency.size() != n)
        throw argument_error("threshold_connected_partition: " + std::to_string(n) +
                             " weights for " + std::to_string(adjacency.size()) + " adjacency lists");
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    for (std::size_t v = 0; v < n; ++v)
        for (std::size_t u : adjacency[v]) edges.emplace_back(v, u);
    return threshold_connected_partition(n, weights, edges, threshold, exact_limit);
}

}  // namespace furong
