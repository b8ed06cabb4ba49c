#pragma once
/// @file
/// Single points of failure. An organisation v dominates a target t (from a source) when every
/// path from the source to t over the chosen edges passes through v: losing v cuts t off.
/// The dominator tree is computed with the Lengauer-Tarjan algorithm (simple version, path
/// compression, iterative so deep trees cannot overflow the stack) on the filtered graph
/// reachable from the source; the targets each organisation cuts off are subtree counts in
/// that tree. A people-level variant finds neighbour leaders who are the only contact of a
/// household.
///
/// Example:
/// @code
/// auto f = furong::edge_filter::parse({"hierarchy", "contact"}, furong::date(2025, 6, 1), true);
/// furong::critical_result r = furong::critical(s, s.index_of("district"), f, furong::org_kind::household);
/// // r.orgs[0] cuts off r.cut_off[0] households, the most of any organisation
/// @endcode

#include <furong/algorithm/reachability.hpp>
#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/kinds.hpp>
#include <furong/snapshot.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace furong {

/// The result of critical().
struct critical_result {
    /// Organisations whose loss cuts off at least one target, most targets first (ties by index).
    std::vector<index_t> orgs;
    /// cut_off[i]: targets that every path from the source to them passes through orgs[i]
    /// (orgs[i] itself not counted, even when it is a target).
    std::vector<std::uint64_t> cut_off;
    std::uint64_t targets_reachable = 0;    ///< targets reached from the source (not the source)
    std::uint64_t targets_unreachable = 0;  ///< targets not reached even with nothing removed
};

namespace detail {

/// Lengauer-Tarjan on the graph reachable from `source`; fills the DFS numbering.
/// vertex[i]: organisation with DFS number i; dfn[v]: number of v or no_index; idom in numbers.
struct dominator_numbering {
    std::vector<index_t> vertex, dfn, idom;
};

inline dominator_numbering lengauer_tarjan(const snapshot& s, index_t source, const edge_filter& f) {
    check_index(s, source);
    const csr_view g(s.graph());
    const std::size_t n = s.size();
    constexpr index_t none = no_index;
    dominator_numbering out;
    auto& vertex = out.vertex;
    auto& dfn = out.dfn;
    dfn.assign(n, none);
    std::vector<index_t> parent;

    // Iterative depth-first numbering. Each frame walks the out-edges, then (undirected) the
    // in-edges, with Boost.Graph's own edge iterators.
    using out_it = csr_graph::out_edge_iterator;
    using in_it = csr_graph::in_edge_iterator;
    const csr_graph& gr = s.graph();
    const bool both = f.undirected;
    struct frame {
        index_t v;
        out_it oi, oe;
        in_it ii, ie;
    };
    auto make_frame = [&](index_t v) {
        frame fr;
        fr.v = v;
        std::tie(fr.oi, fr.oe) = boost::out_edges(v, gr);
        if (both) std::tie(fr.ii, fr.ie) = boost::in_edges(v, gr);
        else fr.ii = fr.ie = in_it();
        return fr;
    };
    std::vector<frame> stack;
    dfn[source] = 0;
    vertex.push_back(source);
    parent.push_back(none);
    stack.push_back(make_frame(source));
    while (!stack.empty()) {
        frame& fr = stack.back();
        const index_t v = fr.v;
        index_t next = none;
        while (fr.oi != fr.oe) {
            const auto e = *fr.oi++;
            const index_t w = boost::target(e, gr);
            if (dfn[w] == none && f.admits(gr[e])) {
                next = w;
                break;
            }
        }
        if (next == none && both)
            while (fr.ii != fr.ie) {
                const auto e = *fr.ii++;
                const index_t w = boost::source(e, gr);
                if (dfn[w] == none && f.admits(gr[e])) {
                    next = w;
                    break;
                }
            }
        if (next == none) {
            stack.pop_back();
            continue;
        }
        dfn[next] = static_cast<index_t>(vertex.size());
        parent.push_back(dfn[v]);
        vertex.push_back(next);
        stack.push_back(make_frame(next));
    }

    const std::size_t m = vertex.size();
    std::vector<index_t> semi(m), label(m), ancestor(m, none), bucket_head(m, none), bucket_next(m, none);
    auto& idom = out.idom;
    idom.assign(m, none);
    std::iota(semi.begin(), semi.end(), index_t{0});
    std::iota(label.begin(), label.end(), index_t{0});
    std::vector<index_t> path;
    auto eval = [&](index_t v) {
        if (ancestor[v] == none) return v;
        // Iterative path compression: climb while the ancestor has an ancestor, then fold
        // labels back down from the top.
        path.clear();
        for (index_t x = v; ancestor[ancestor[x]] != none; x = ancestor[x]) path.push_back(x);
        while (!path.empty()) {
            index_t y = path.back();
            path.pop_back();
            index_t a = ancestor[y];
            if (semi[label[a]] < semi[label[y]]) label[y] = label[a];
            ancestor[y] = ancestor[a];
        }
        return label[v];
    };
    for (std::size_t i = m; i-- > 1;) {
        const auto w = static_cast<index_t>(i);
        g.for_each(vertex[w], f, false, [&](index_t pv) {  // predecessors of w over admitted edges
            index_t v = dfn[pv];
            if (v != none) {
                index_t u = eval(v);
                if (semi[u] < semi[w]) semi[w] = semi[u];
            }
            return false;
        });
        bucket_next[w] = bucket_head[semi[w]];
        bucket_head[semi[w]] = w;
        const index_t p = parent[w];
        ancestor[w] = p;
        for (index_t v = bucket_head[p]; v != none; v = bucket_next[v]) {
            index_t u = eval(v);
            idom[v] = semi[u] < semi[v] ? u : p;
        }
        bucket_head[p] = none;
    }
    for (std::size_t i = 1; i < m; ++i)
        if (idom[i] != semi[i]) idom[i] = idom[idom[i]];
    return out;
}
}  // namespace detail

/// Immediate dominators from `source` over the edges `f` admits: idom[v] for every
/// organisation v, no_index for the source itself and for organisations it cannot reach.
/// Lengauer-Tarjan with path compression: time O(E' log V'), memory O(V) (one index per
/// organisation to number the reached ones, plus a few per reached one).
/// @throws argument_error for an index out of range.
inline std::vector<index_t> immediate_dominators(const snapshot& s, index_t source, const edge_filter& f) {
    auto num = detail::lengauer_tarjan(s, source, f);
    std::vector<index_t> idom(s.size(), no_index);
    for (std::size_t i = 1; i < num.vertex.size(); ++i) idom[num.vertex[i]] = num.vertex[num.idom[i]];
    return idom;
}

/// The organisations whose loss cuts at least one organisation of `target_kind` off from
/// `source` over the edges `f` admits, each with how many it cuts off. The source itself is
/// never listed; a target is listed only when other targets depend on it. Time O(E' log V')
/// (dominator tree) + O(V' log V') (sorting the answer), memory O(V).
/// @throws argument_error for an index out of range.
inline critical_result critical(const snapshot& s, index_t source, const edge_filter& f,
                                org_kind target_kind = org_kind::household) {
    auto num = detail::lengauer_tarjan(s, source, f);
    const std::size_t m = num.vertex.size();
    std::vector<std::uint64_t> count(m, 0);
    for (std::size_t i = 0; i < m; ++i) count[i] = s.kind(num.vertex[i]) == target_kind ? 1 : 0;
    // idom(w) has a smaller DFS number than w: one backward sweep accumulates subtree counts.
    for (std::size_t i = m; i-- > 1;) count[num.idom[i]] += count[i];

    critical_result r;
    const std::uint64_t source_is_target = s.kind(source) == target_kind ? 1 : 0;
    r.targets_reachable = count.empty() ? 0 : count[0] - source_is_target;
    r.targets_unreachable = s.of_kind(target_kind).size() - r.targets_reachable - source_is_target;
    std::vector<std::pair<std::uint64_t, index_t>> rows;
    for (std::size_t i = 1; i < m; ++i) {
        std::uint64_t strict = count[i] - (s.kind(num.vertex[i]) == target_kind ? 1 : 0);
        if (strict > 0) rows.emplace_back(strict, num.vertex[i]);
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    r.orgs.reserve(rows.size());
    r.cut_off.reserve(rows.size());
    for (const auto& [c, v] : rows) {
        r.orgs.push_back(v);
        r.cut_off.push_back(c);
    }
    return r;
}

/// The result of critical_people().
struct critical_people_result {
    /// People who are the only active neighbour leader of some household's contacts, most
    /// households first (ties by index).
    std::vector<index_t> people;
    std::vector<std::uint64_t> households;  ///< households[i]: households only people[i] reaches
    std::uint64_t single_contact_households = 0;  ///< households with exactly one leader in all
};

/// People whose roles are the only contact for some households: a household whose active
/// contact neighbourhoods have, taken together, exactly one active neighbour_leader depends on
/// that person alone. Time O(V + E + roles), memory O(V + people).
inline critical_people_result critical_people(const snapshot& s, as_of when = {}) {
    constexpr index_t none = no_index, many = no_index - 1;
    const std::size_t n = s.size();
    std::vector<index_t> sole(n, none);  // per neighbourhood: none, one person, or many
    const auto& rows = s.roles().rows;
    for (const auto& row : rows) {
        if (row.kind != role_kind::neighbour_leader || !when.admits(row.valid)) continue;
        index_t& x = sole[row.org];
        x = x == none ? row.person : (x == row.person ? x : many);
    }
    std::vector<std::uint64_t> per_person(s.people().size(), 0);
    critical_people_result r;
    const detail::csr_view g(s.graph());
    for (index_t h : s.of_kind(org_kind::household)) {
        index_t who = none;
        g.each_out(h, [&](const edge_data& d, index_t t) {
            if (d.kind != edge_kind(link_kind::contact) || !when.admits(d.valid)) return false;
            index_t x = sole[t];
            if (x == none) return false;
            who = who == none ? x : (who == x ? who : many);
            return who == many;
        });
        if (who != none && who != many) {
            ++per_person[who];
            ++r.single_contact_households;
        }
    }
    std::vector<std::pair<std::uint64_t, index_t>> out;
    for (std::size_t p = 0; p < per_person.size(); ++p)
        if (per_person[p]) out.emplace_back(per_person[p], static_cast<index_t>(p));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (const auto& [c, p] : out) {
        r.people.push_back(p);
        r.households.push_back(c);
    }
    return r;
}

}  // namespace furong
