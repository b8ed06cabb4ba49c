#pragma once
/// @file
/// Reachability over a snapshot: O(1) ancestor tests (one and in batches), point-to-point
/// fewest-hops paths over chosen edge kinds on a date (bidirectional BFS), and the set of
/// organisations reachable within k hops (BFS).
///
/// Edge kinds: "hierarchy" is the parent -> child edge; a link kind is followed from its
/// source to its target. `undirected` follows every chosen edge both ways.
///
/// Example:
/// @code
/// furong::snapshot s(net);
/// auto f = furong::edge_filter::parse({"hierarchy", "pairing"}, furong::date(2025, 6, 1));
/// if (auto p = furong::reachable(s, s.index_of("agency-1"), s.index_of("hh-42"), f, 4))
///     std::cout << p->hops << " hops\n";                       // p->path: src .. dst
/// furong::reach_result r = furong::reach(s, s.index_of("street-1"), f, 2);
/// // r.nodes[i] is r.hops[i] edges from street-1, in BFS order (street-1 first, at 0)
/// @endcode

#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/network.hpp>
#include <furong/snapshot.hpp>

#include <algorithm>
#include <bitset>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace furong {

/// Which edges a traversal may follow: a set of edge kinds (hierarchy_edge or a link kind),
/// the as-of day (a link must be active on it; no day admits every link), and whether edges
/// are followed both ways. Hierarchy edges have no dates and are always active.
struct edge_filter {
    std::bitset<edge_kind_count> kinds;
    as_of when;
    bool undirected = false;

    /// True when an edge of this data may be followed. O(1).
    bool admits(const edge_data& e) const noexcept { return kinds[e.kind] && when.admits(e.valid); }

    /// Builds a filter from edge kind names ("hierarchy", "pairing", ...).
    /// @throws argument_error on an unknown name or an empty list.
    template <class Names = std::vector<std::string>>
    static edge_filter parse(const Names& via, as_of when = {}, bool undirected = false) {
        edge_filter f;
        for (const auto& name : via) f.kinds.set(parse_edge_kind(std::string_view(name)));
        if (f.kinds.none()) throw argument_error("via names no edge kind (expected hierarchy or a link kind)");
        f.when = when;
        f.undirected = undirected;
        return f;
    }
    static edge_filter parse(std::initializer_list<std::string_view> via, as_of when = {}, bool undirected = false) {
        return parse<std::initializer_list<std::string_view>>(via, when, undirected);
    }
    /// Hierarchy edges only (parent -> child).
    static edge_filter hierarchy(bool undirected = false) {
        edge_filter f;
        f.kinds.set(hierarchy_edge);
        f.undirected = undirected;
        return f;
    }
};

/// A fewest-hops path: `hops` edges, `path` the hops + 1 organisations from source to target.
struct path_result {
    std::uint32_t hops = 0;
    std::vector<index_t> path;
};

/// Organisations reachable from a source, in BFS order: nodes[i] lies hops[i] edges away.
struct reach_result {
    std::vector<index_t> nodes;
    std::vector<std::uint32_t> hops;
};

namespace detail {

/// The edges of the snapshot graph through Boost.Graph's public interface only (out_edges,
/// in_edges, source, target, g[e]): for a compressed sparse row graph each call inlines to
/// the same array loads as reading the rows directly, without depending on Boost's private
/// members. Cheap to construct (one reference).
struct csr_view {
    const csr_graph& g;

    explicit csr_view(const csr_graph& graph) : g(graph) {}

    /// Out-degree and in-degree of v. O(1).
    std::uint64_t out_degree(index_t v) const { return boost::out_degree(v, g); }
    std::uint64_t in_degree(index_t v) const { return boost::in_degree(v, g); }

    /// Calls f(data, target) for each out-edge of v until f returns true; returns whether it
    /// stopped. O(out-degree).
    template <class F>
    bool each_out(index_t v, F&& f) const {
        for (auto [e, end] = boost::out_edges(v, g); e != end; ++e)
            if (f(g[*e], boost::target(*e, g))) return true;
        return false;
    }
    /// Calls f(data, source) for each in-edge of v until f returns true; returns whether it
    /// stopped. O(in-degree).
    template <class F>
    bool each_in(index_t v, F&& f) const {
        for (auto [e, end] = boost::in_edges(v, g); e != end; ++e)
            if (f(g[*e], boost::source(*e, g))) return true;
        return false;
    }

    /// Calls f(w) for each neighbour w of v over admitted edges: out-edges when `forward`, in-edges
    /// otherwise, both when the filter is undirected. Stops early when f returns true; returns
    /// whether it stopped. O(degree).
    template <class F>
    bool for_each(index_t v, const edge_filter& flt, bool forward, F&& f) const {
        if (forward || flt.undirected)
            if (each_out(v, [&](const edge_data& d, index_t w) { return flt.admits(d) && f(w); })) return true;
        if (!forward || flt.undirected)
            if (each_in(v, [&](const edge_data& d, index_t w) { return flt.admits(d) && f(w); })) return true;
        return false;
    }
};

/// Vertex -> value map for a traversal (a BFS parent). Open addressing while few vertices are
/// seen, a dense array once more than n/16 are: a point query touching k vertices costs O(k)
/// time and memory, not O(V), and a full traversal still runs on a flat array.
class visit_map {
public:
    static constexpr index_t absent = no_index;

    explicit visit_map(std::size_t n) : n_(n) {
        keys_.assign(64, absent);
        vals_.resize(64);
    }

    index_t get(index_t v) const noexcept {
        if (dense_) return dense_vals_[v];
        std::size_t mask = keys_.size() - 1;
        for (std::size_t h = hash(v) & mask;; h = (h + 1) & mask) {
            if (keys_[h] == v) return vals_[h];
            if (keys_[h] == absent) return absent;
        }
    }
    bool contains(index_t v) const noexcept { return get(v) != absent; }

    /// Stores `value` (not `absent`) for v when v is new; returns whether it was new.
    bool insert(index_t v, index_t value) {
        if (dense_) {
            if (dense_vals_[v] != absent) return false;
            dense_vals_[v] = value;
            return true;
        }
        std::size_t mask = keys_.size() - 1;
        std::size_t h = hash(v) & mask;
        for (; keys_[h] != absent; h = (h + 1) & mask)
            if (keys_[h] == v) return false;
        keys_[h] = v;
        vals_[h] = value;
        if (++size_ * 2 > keys_.size()) grow();
        return true;
    }

private:
    static std::size_t hash(index_t v) noexcept {
        return static_cast<std::size_t>((static_cast<std::uint64_t>(v) * 0x9E3779B97F4A7C15ull) >> 20);
    }
    void grow() {
        std::vector<index_t> keys, vals;
        keys.swap(keys_);
        vals.swap(vals_);
        if (size_ * 16 > n_) {  // many vertices seen: a dense array is smaller and faster
            dense_vals_.assign(n_, absent);
            for (std::size_t i = 0; i < keys.size(); ++i)
                if (keys[i] != absent) dense_vals_[keys[i]] = vals[i];
            dense_ = true;
            return;
        }
        keys_.assign(keys.size() * 2, absent);
        vals_.resize(keys.size() * 2);
        std::size_t mask = keys_.size() - 1;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (keys[i] == absent) continue;
            std::size_t h = hash(keys[i]) & mask;
            while (keys_[h] != absent) h = (h + 1) & mask;
            keys_[h] = keys[i];
            vals_[h] = vals[i];
        }
    }

    std::size_t n_;
    std::size_t size_ = 0;
    bool dense_ = false;
    std::vector<index_t> keys_, vals_, dense_vals_;
};

/// @throws argument_error when `i` is not an organisation index of `s`.
inline void check_index(const snapshot& s, index_t i) {
    if (i >= s.size())
        throw argument_error("organisation index " + std::to_string(i) + " out of range (the snapshot has " +
                             std::to_string(s.size()) + ")");
}

/// The hop limit as an unsigned bound (none: no bound). @throws argument_error when negative.
inline std::uint64_t hop_limit(std::optional<std::int64_t> max_hops) {
    if (!max_hops) return std::numeric_limits<std::uint64_t>::max();
    if (*max_hops < 0) throw argument_error("max_hops must be >= 0, got " + std::to_string(*max_hops));
    return static_cast<std::uint64_t>(*max_hops);
}

}  // namespace detail

/// True when `a` lies strictly above `b` in the hierarchy. O(1): two interval-label loads.
/// @throws argument_error for an index out of range.
inline bool is_ancestor(const snapshot& s, index_t a, index_t b) {
    detail::check_index(s, a);
    detail::check_index(s, b);
    return s.is_ancestor(a, b);
}

/// Batch ancestor test: out[i] = is_ancestor(a[i], b[i]) for i < count, over indices of any
/// integer type (a numpy int64 or int32 array is read in place). One pass: each index is
/// bounds-checked as it is read (an out-of-range index is clamped for the load and reported
/// after the pass), with software prefetch of the labels, since random pairs over a large
/// city miss the cache. On an error `out` holds unspecified values. Pure reads of an
/// immutable snapshot: safe to call from several threads, and without the Python GIL.
/// @throws argument_error for an index out of range (the first one, after the pass).
template <class I>
inline void is_ancestor(const snapshot& s, const I* a, const I* b, std::size_t count, bool* out) {
    static_assert(std::is_integral_v<I>, "indices are integers");
    if (count == 0) return;
    using U = std::make_unsigned_t<std::common_type_t<I, index_t>>;
    const auto n = static_cast<U>(s.size());
    if (n == 0) detail::check_index(s, static_cast<index_t>(a[0]));
    const U last = n - 1;
    const interval_label* lab = &s.label(0);
    constexpr std::size_t ahead = 16;
    bool bad = false;
    for (std::size_t i = 0; i < count; ++i) {
        if (i + ahead < count) {  // a clamped address never faults, even for a bad index
            __builtin_prefetch(lab + std::min(static_cast<U>(a[i + ahead]), last));
            __builtin_prefetch(lab + std::min(static_cast<U>(b[i + ahead]), last));
        }
        const U ua = static_cast<U>(a[i]), ub = static_cast<U>(b[i]);  // negative: huge, out of range
        bad |= (ua > last) | (ub > last);
        const interval_label la = lab[std::min(ua, last)];
        const std::uint32_t pb = lab[std::min(ub, last)].pre;
        out[i] = (la.pre < pb) & (pb < la.end);
    }
    if (!bad) return;
    for (std::size_t i = 0; i < count; ++i)
        for (I v : {a[i], b[i]})
            if (static_cast<U>(v) > last)
                throw argument_error("organisation index " + std::to_string(v) + " out of range (the snapshot has " +
                                     std::to_string(s.size()) + ")");
}

/// Is there a path from `src` to `dst` over the edges `f` admits, with at most `max_hops`
/// edges (none: no limit)? Returns a fewest-hops path, or std::nullopt. `src == dst` is a
/// path of 0 hops.
///
/// Bidirectional breadth-first search: whole levels are expanded from the side with the
/// smaller frontier; the first vertex seen from both sides lies on a fewest-hops path.
/// Time O(V' + E') and memory O(V') where V', E' are the vertices and edges the two searches
/// touch (at worst the whole graph; usually far less than one full BFS).
/// @throws argument_error for an index out of range or a negative max_hops.
inline std::optional<path_result> reachable(const snapshot& s, index_t src, index_t dst, const edge_filter& f,
                                            std::optional<std::int64_t> max_hops = std::nullopt) {
    detail::check_index(s, src);
    detail::check_index(s, dst);
    const std::uint64_t limit = detail::hop_limit(max_hops);
    if (src == dst) return path_result{0, {src}};
    if (limit == 0 || f.kinds.none()) return std::nullopt;

    const detail::csr_view g(s.graph());
    detail::visit_map fwd(s.size()), bwd(s.size());  // vertex -> BFS parent (itself for the root)
    fwd.insert(src, src);
    bwd.insert(dst, dst);
    std::vector<index_t> ff{src}, bf{dst}, next;
    std::uint64_t df = 0, db = 0;
    index_t meet = no_index;
    // Invariant: no vertex is in both searches, so the distance exceeds df + db.
    while (!ff.empty() && !bf.empty() && df + db < limit) {
        const bool forward = ff.size() <= bf.size();
        auto& frontier = forward ? ff : bf;
        auto& mine = forward ? fwd : bwd;
        const auto& other = forward ? bwd : fwd;
        next.clear();
        for (index_t u : frontier) {
            bool met = g.for_each(u, f, forward, [&](index_t v) {
                if (!mine.insert(v, u)) return false;
                if (other.contains(v)) {
                    meet = v;
                    return true;
                }
                next.push_back(v);
                return false;
            });
            if (met) break;
        }
        if (meet != no_index) break;
        frontier.swap(next);
        ++(forward ? df : db);
    }
    if (meet == no_index) return std::nullopt;

    path_result r;
    for (index_t v = meet;; v = fwd.get(v)) {
        r.path.push_back(v);
        if (v == src) break;
    }
    std::reverse(r.path.begin(), r.path.end());
    for (index_t v = meet; v != dst;) {
        v = bwd.get(v);
        r.path.push_back(v);
    }
    r.hops = static_cast<std::uint32_t>(r.path.size() - 1);
    return r;
}

namespace detail {

/// The vertices a full traversal has seen: open addressing while few are (a point query
/// touching k vertices costs O(k)), one bit per vertex once more than n/64 are (n/8 bytes:
/// 1.4 MB for 11 M organisations, which stays in cache where a 4-byte map would not).
class seen_set {
public:
    explicit seen_set(std::size_t n, bool dense = false) : n_(n), dense_(dense) {
        if (dense)
            bits_.assign((n + 63) / 64, 0);
        else
            keys_.assign(64, no_index);
    }

    bool dense() const noexcept { return dense_; }
    bool contains(index_t v) const noexcept {
        if (dense_) return (bits_[v >> 6] >> (v & 63)) & 1u;
        const std::size_t mask = keys_.size() - 1;
        for (std::size_t h = hash(v) & mask;; h = (h + 1) & mask) {
            if (keys_[h] == v) return true;
            if (keys_[h] == no_index) return false;
        }
    }
    /// Adds v; returns whether it was new.
    bool insert(index_t v) {
        if (dense_) {
            std::uint64_t& w = bits_[v >> 6];
            const std::uint64_t b = std::uint64_t{1} << (v & 63);
            if (w & b) return false;
            w |= b;
            return true;
        }
        const std::size_t mask = keys_.size() - 1;
        std::size_t h = hash(v) & mask;
        for (; keys_[h] != no_index; h = (h + 1) & mask)
            if (keys_[h] == v) return false;
        keys_[h] = v;
        if (++size_ * 2 > keys_.size()) grow();
        return true;
    }
    /// The bit words (dense only): word w holds vertices 64w .. 64w + 63.
    const std::vector<std::uint64_t>& words() const noexcept { return bits_; }

private:
    static std::size_t hash(index_t v) noexcept {
        return static_cast<std::size_t>((static_cast<std::uint64_t>(v) * 0x9E3779B97F4A7C15ull) >> 20);
    }
    void grow() {
        std::vector<index_t> keys;
        keys.swap(keys_);
        if (size_ * 64 > n_) {
            bits_.assign((n_ + 63) / 64, 0);
            for (index_t k : keys)
                if (k != no_index) bits_[k >> 6] |= std::uint64_t{1} << (k & 63);
            dense_ = true;
            return;
        }
        keys_.assign(keys.size() * 2, no_index);
        const std::size_t mask = keys_.size() - 1;
        for (index_t k : keys) {
            if (k == no_index) continue;
            std::size_t h = hash(k) & mask;
            while (keys_[h] != no_index) h = (h + 1) & mask;
            keys_[h] = k;
        }
    }

    std::size_t n_;
    std::size_t size_ = 0;
    bool dense_ = false;
    std::vector<index_t> keys_;
    std::vector<std::uint64_t> bits_;
};

/// True when `f` admits every edge of the graph (all kinds, no date): the search then never
/// reads the edge data, only the CSR target (and source) arrays.
inline bool admits_all(const edge_filter& f) noexcept { return f.kinds.all() && !f.when.day; }

/// Calls g(w) for each neighbour w of v over the edges f admits (out-edges, and in-edges when
/// undirected); `All` skips the filter (admits_all(f) holds). Stops when g returns true.
template <bool All, class G>
inline bool each_neighbour(const csr_graph& gr, index_t v, const edge_filter& f, bool in_dir, G&& g) {
    if (!in_dir || f.undirected)
        for (auto [e, end] = boost::out_edges(v, gr); e != end; ++e)
            if ((All || f.admits(gr[*e])) && g(boost::target(*e, gr))) return true;
    if (in_dir || f.undirected)
        for (auto [e, end] = boost::in_edges(v, gr); e != end; ++e)
            if ((All || f.admits(gr[*e])) && g(boost::source(*e, gr))) return true;
    return false;
}

/// reach() for one filter specialisation. Top-down levels append in discovery order; a level
/// expanded bottom-up appends in index order.
/// `mode`: 0 top-down only, 1 direction-optimising, 2 bottom-up on every level (tests).
template <bool All>
inline void reach_levels(const snapshot& s, index_t src, const edge_filter& f, std::uint64_t limit, int mode,
                         reach_result& r) {
    const csr_graph& g = s.graph();
    const std::size_t n = s.size();
    const bool allow_bottom_up = mode != 0;
    seen_set seen(n, mode == 2);
    r.nodes.push_back(src);
    seen.insert(src);
    // Beamer's heuristic (Beamer, Asanovic, Patterson 2012): go bottom-up when the edges out of
    // the frontier exceed those of the unvisited vertices / alpha, back top-down when the
    // frontier falls below n / beta.
    constexpr std::uint64_t alpha = 14, beta = 24;
    // 64-bit sums: the graph's edge counts are 32-bit (csr_graph) and twice one may not fit.
    const std::uint64_t total_edges = std::uint64_t{boost::num_edges(g)} * (f.undirected ? 2 : 1);
    auto degree = [&](index_t v) -> std::uint64_t {
        const std::uint64_t out = boost::out_degree(v, g);
        return f.undirected ? out + boost::in_degree(v, g) : out;
    };
    std::uint64_t unvisited_edges = total_edges - degree(src);
    std::vector<std::uint64_t> in_frontier;  // bottom-up only: bit per vertex of the current level
    std::vector<std::uint32_t> level_start{0, 1};  // level d is nodes[level_start[d], level_start[d + 1])
    std::size_t level_begin = 0;
    bool bottom_up = false;
    for (std::uint32_t d = 0; d < limit && level_begin < r.nodes.size(); ++d) {
        const std::size_t level_end = r.nodes.size();
        const std::size_t frontier = level_end - level_begin;
        if (mode == 2) {
            bottom_up = true;
        } else if (allow_bottom_up && seen.dense()) {
            if (!bottom_up) {
                std::uint64_t frontier_edges = 0;
                for (std::size_t i = level_begin; i < level_end; ++i) frontier_edges += degree(r.nodes[i]);
                bottom_up = frontier_edges > unvisited_edges / alpha;
            } else {
                bottom_up = frontier * beta >= n;
            }
        }
        if (bottom_up) {
            in_frontier.assign((n + 63) / 64, 0);
            for (std::size_t i = level_begin; i < level_end; ++i) {
                const index_t v = r.nodes[i];
                in_frontier[v >> 6] |= std::uint64_t{1} << (v & 63);
            }
            const std::vector<std::uint64_t>& words = seen.words();
            const auto is_frontier = [&](index_t w) { return ((in_frontier[w >> 6] >> (w & 63)) & 1u) != 0; };
            for (std::size_t wi = 0; wi < words.size(); ++wi) {
                std::uint64_t todo = ~words[wi];
                if (wi + 1 == words.size() && n % 64) todo &= (std::uint64_t{1} << (n % 64)) - 1;
                while (todo) {
                    const auto v = static_cast<index_t>(wi * 64 + static_cast<std::size_t>(__builtin_ctzll(todo)));
                    todo &= todo - 1;
                    // a parent in the frontier: an edge into v (or out of v when undirected)
                    if (each_neighbour<All>(g, v, f, true, is_frontier)) r.nodes.push_back(v);
                }
            }
            for (std::size_t i = level_end; i < r.nodes.size(); ++i) seen.insert(r.nodes[i]);
        } else {
            for (std::size_t i = level_begin; i < level_end; ++i)
                each_neighbour<All>(g, r.nodes[i], f, false, [&](index_t v) {
                    if (seen.insert(v)) r.nodes.push_back(v);
                    return false;
                });
        }
        if (allow_bottom_up)
            for (std::size_t i = level_end; i < r.nodes.size(); ++i) unvisited_edges -= degree(r.nodes[i]);
        level_start.push_back(static_cast<std::uint32_t>(r.nodes.size()));
        level_begin = level_end;
    }
    r.hops.resize(r.nodes.size());
    for (std::size_t d = 0; d + 1 < level_start.size(); ++d)
        std::fill(r.hops.begin() + level_start[d], r.hops.begin() + level_start[d + 1], static_cast<std::uint32_t>(d));
}

}  // namespace detail

/// How reach() expands its levels.
enum class bfs_direction {
    optimising,  ///< top-down, bottom-up on the levels where that scans fewer edges (default)
    top_down,    ///< every level from the frontier's edges (the plain BFS)
    bottom_up,   ///< every level bottom-up, O(V) per level (to test and measure the bottom-up step)
};

/// Every organisation reachable from `src` over the edges `f` admits within `max_hops` edges
/// (none: no limit), with its hop distance, by hop count (src first, at 0).
///
/// Direction-optimising breadth-first search: a level is expanded top-down (the frontier's
/// edges; its vertices in discovery order) or, once a search has reached many vertices and the
/// frontier's edges outnumber the unvisited vertices' edges / 14, bottom-up (each unvisited
/// vertex looks for a neighbour in the frontier; that level's vertices come in index order).
/// The set of vertices and their hop counts do not depend on the direction.
/// Time O(V' + E') for the V' vertices reached and the E' edges leaving them (a bottom-up
/// level also scans the unvisited vertices' edges); memory O(V') (a hash set while few
/// vertices are reached, one bit per vertex beyond V/64, and the result).
/// @throws argument_error for an index out of range or a negative max_hops.
inline reach_result reach(const snapshot& s, index_t src, const edge_filter& f,
                          std::optional<std::int64_t> max_hops = std::nullopt,
                          bfs_direction direction = bfs_direction::optimising) {
    detail::check_index(s, src);
    const std::uint64_t limit = detail::hop_limit(max_hops);
    reach_result r;
    const int mode = direction == bfs_direction::top_down ? 0 : direction == bfs_direction::optimising ? 1 : 2;
    if (detail::admits_all(f))
        detail::reach_levels<true>(s, src, f, limit, mode, r);
    else
        detail::reach_levels<false>(s, src, f, limit, mode, r);
    return r;
}

}  // namespace furong
