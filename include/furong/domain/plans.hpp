#pragma once
/// @file
/// The two plans of the district over a snapshot: joint party branches (单独建、联合建) and
/// district-wide property areas (片区大物业). Which compounds are candidates, what they weigh
/// and what scope groups them is decided here; the grouping itself is the generic
/// threshold connected partition of algorithm/connected_partition.hpp. Writing a plan back
/// into a network is edit/apply_plan.hpp; the policy checks are domain/policies.hpp.
///
/// Both plans are the threshold connected partition of connected_partition.hpp applied per
/// scope (a community for branches, a street for property areas): candidates are compounds,
/// adjacency is the active `adjacent` links between two candidates of the same scope (either
/// direction), and each group must reach a threshold weight.
///
/// Example:
/// @code
///   furong::snapshot s(net);
///   furong::plan_result branches = furong::plan_branches(s, furong::date(2025, 6, 1));
///   furong::plan_result areas = furong::plan_property_areas(s, furong::date(2025, 6, 1), 300);
///   for (const auto& g : branches.groups)
///       std::cout << (g.compounds.size() == 1 ? "own branch " : "joint branch ") << g.weight << "\n";
/// @endcode

#include <furong/algorithm/connected_partition.hpp>
#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/kinds.hpp>
#include <furong/network.hpp>
#include <furong/snapshot.hpp>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace furong {

/// One planned group: compounds (ascending indices) of one scope and their total weight.
struct plan_group {
    index_t scope = no_index;  ///< the community (branches) or street (property areas); no_index: none
    std::vector<index_t> compounds;
    std::int64_t weight = 0;
};

/// Result of plan_branches() and plan_property_areas().
struct plan_result {
    std::vector<plan_group> groups;  ///< by scope index (no scope last), then smallest compound
    std::vector<index_t> uncovered;  ///< candidates in components below the threshold, ascending
    bool optimal = true;             ///< every component solved exactly (or trivially)
    std::int64_t threshold = 0;
    std::size_t candidates = 0;            ///< compounds considered
    std::size_t scopes = 0;                ///< scopes with at least one candidate
    std::size_t components = 0;            ///< connected components over all scopes
    std::size_t heuristic_components = 0;  ///< of them, solved by the heuristic (not proven)
    std::size_t largest_component = 0;     ///< vertices of the largest component
};

namespace detail {

/// Plans candidates bucketed by scope. `scope_of(c)` returns the scope of compound c, or
/// nullopt to skip it (not a candidate); `weight_of(c)` its weight (>= 0). O(C log C + sum
/// over candidates of their out-degree) plus the partition of each scope.
template <class ScopeOf, class WeightOf>
plan_result plan_by_scope(const snapshot& s, as_of when, std::int64_t threshold, std::size_t exact_limit,
                          ScopeOf scope_of, WeightOf weight_of) {
    plan_result res;
    res.threshold = threshold;
    std::vector<std::pair<index_t, index_t>> bucket;  // (scope, compound)
    for (index_t c : s.of_kind(org_kind::compound))
        if (std::optional<index_t> sc = scope_of(c)) bucket.emplace_back(*sc, c);
    std::sort(bucket.begin(), bucket.end());  // no_index (no scope) sorts last
    res.candidates = bucket.size();

    const auto& g = s.graph();
    std::vector<index_t> local(s.size(), no_index);
    std::vector<std::int64_t> w;
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    for (std::size_t lo = 0; lo < bucket.size();) {
        std::size_t hi = lo;
        while (hi < bucket.size() && bucket[hi].first == bucket[lo].first) ++hi;
        const index_t scope = bucket[lo].first;
        const std::size_t k = hi - lo;
        w.assign(k, 0);
        edges.clear();
        for (std::size_t i = 0; i < k; ++i) local[bucket[lo + i].second] = static_cast<index_t>(i);
        for (std::size_t i = 0; i < k; ++i) {
            const index_t c = bucket[lo + i].second;
            w[i] = weight_of(c);
            // Each adjacent link is seen once, from its source; both ends must be candidates
            // of this scope, so links to other scopes or to non-candidates are ignored.
            for (auto [e, end] = boost::out_edges(c, g); e != end; ++e) {
                const edge_data& d = g[*e];
                if (d.kind != edge_kind(link_kind::adjacent) || !when.admits(d.valid)) continue;
                const index_t t = boost::target(*e, g);
                if (local[t] != no_index) edges.emplace_back(i, local[t]);
            }
        }
        connected_partition_result r = threshold_connected_partition(k, w, edges, threshold, exact_limit);
        for (auto& pg : r.groups) {
            plan_group out;
            out.scope = scope;
            out.weight = pg.weight;
            out.compounds.reserve(pg.members.size());
            for (std::size_t m : pg.members) out.compounds.push_back(bucket[lo + m].second);
            res.groups.push_back(std::move(out));
        }
        for (std::size_t m : r.uncovered) res.uncovered.push_back(bucket[lo + m].second);
        res.optimal = res.optimal && r.optimal;
        ++res.scopes;
        res.components += r.components.size();
        for (const auto& st : r.components) {
            if (st.method == partition_method::heuristic) ++res.heuristic_components;
            res.largest_component = std::max(res.largest_component, st.vertices);
        }
        for (std::size_t i = 0; i < k; ++i) local[bucket[lo + i].second] = no_index;
        lo = hi;
    }
    std::sort(res.uncovered.begin(), res.uncovered.end());
    return res;
}

inline void check_plan_threshold(std::int64_t threshold, const char* what, const char* name) {
    if (threshold < 0)
        throw argument_error(std::string(what) + ": " + name + " must be >= 0, got " + std::to_string(threshold));
}

inline bool has_active_in_link(const snapshot& s, index_t v, link_kind k, as_of when) {
    const auto& g = s.graph();
    for (auto [e, end] = boost::in_edges(v, g); e != end; ++e) {
        const edge_data& d = g[*e];
        if (d.kind == edge_kind(k) && when.admits(d.valid)) return true;
    }
    return false;
}

}  // namespace detail

/// Joint party branches: which compounds build a branch alone and which jointly (单独建、联合建).
///
/// Per community, the candidates are the compounds whose parent is that community; adjacency
/// is every `adjacent` link active on `when` between two of them (either direction); the
/// weight of a compound is its party_members (missing = 0). Each community is split by
/// threshold_connected_partition(): a singleton group is a compound that builds its own
/// branch, a larger group a joint branch, and compounds whose connected component has fewer
/// than `threshold` party members are `uncovered` (the community party committee covers them
/// directly). Groups never cross a community. Compounds without a parent community are
/// planned together as one scope (no_index). `optimal` is true when every component was
/// solved exactly (components of at most `exact_limit` compounds).
///
/// Complexity: O(V + C log C + sum of the candidates' out-degrees) to gather the candidates
/// and their adjacency (V organisations, C compounds), plus threshold_connected_partition()
/// per community: linear for the heuristic, O(k 3^k) worst case for an exact component of k
/// compounds (milliseconds in practice for k <= 20). Memory O(V) for one index map.
///
/// @param s           snapshot to plan on
/// @param when        links active on this day (an empty as_of: every link, whatever its dates)
/// @param threshold   party members a branch needs (3 by the party rules), >= 0
/// @param exact_limit largest component solved exactly (<= connected_partition_max_exact_limit)
/// @throws argument_error for a negative threshold or an exact limit above the maximum
///
/// Example:
/// @code
///   auto plan = furong::plan_branches(furong::snapshot(net), furong::date(2025, 6, 1));
///   std::size_t joint = std::count_if(plan.groups.begin(), plan.groups.end(),
///                                     [](const auto& g) { return g.compounds.size() > 1; });
/// @endcode
inline plan_result plan_branches(const snapshot& s, as_of when, std::int64_t threshold = 3,
                                 std::size_t exact_limit = connected_partition_default_exact_limit) {
    detail::check_plan_threshold(threshold, "plan_branches", "threshold");
    const auto& pm = s.organisations().party_members;
    return detail::plan_by_scope(
        s, when, threshold, exact_limit,
        [&](index_t c) -> std::optional<index_t> {
            const index_t p = s.parent(c);
            return p != no_index && s.kind(p) == org_kind::community ? p : no_index;
        },
        [&](index_t c) { return static_cast<std::int64_t>(std::max<std::int32_t>(pm[c], 0)); });
}

/// District-wide property areas (片区大物业): which adjacent old compounds without property
/// management share one professional provider.
///
/// Per street, the candidates are the compounds of type `old` under it with no `serves` link
/// active on `when`; adjacency is every active `adjacent` link between two candidates of the
/// same street (either direction); the weight is households (missing = 0); the threshold is
/// `min_households`. A group is one area for one provider; uncovered compounds are in
/// clusters too small for one. Old compounds under no street form one scope (no_index).
///
/// Complexity: as plan_branches(), plus O(depth + in-degree) per compound to find its street
/// and its serves links.
///
/// @param s              snapshot to plan on
/// @param when           links active on this day (an empty as_of: every link)
/// @param min_households households an area needs, >= 0
/// @param exact_limit    largest component solved exactly
/// @throws argument_error for a negative min_households or an exact limit above the maximum
inline plan_result plan_property_areas(const snapshot& s, as_of when, std::int64_t min_households = 300,
                                       std::size_t exact_limit = connected_partition_default_exact_limit) {
    detail::check_plan_threshold(min_households, "plan_property_areas", "min_households");
    const auto& o = s.organisations();
    return detail::plan_by_scope(
        s, when, min_households, exact_limit,
        [&](index_t c) -> std::optional<index_t> {
            if (o.compound_types[c] != compound_type::old) return std::nullopt;
            if (detail::has_active_in_link(s, c, link_kind::serves, when)) return std::nullopt;
            return s.ancestor_of_kind(c, org_kind::street);
        },
        [&](index_t c) { return static_cast<std::int64_t>(std::max<std::int32_t>(o.households[c], 0)); });
}

}  // namespace furong
