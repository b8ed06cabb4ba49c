#pragma once
/// @file
/// Planning tools over a snapshot: joint party branches (單獨建、聯合建), district-wide
/// property areas (片區大物業), one policy per compound type (一類一策), and the network
/// "without" some organisations or people, for what-if questions.
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

/// Joint party branches: which compounds build a branch alone and which jointly (單獨建、聯合建).
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

/// District-wide property areas (片區大物業): which adjacent old compounds without property
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

// ---- one policy per compound type ---------------------------------------------------------

/// The named checks a policy may list (one policy per compound type, 一類一策).
enum class policy_check : std::uint8_t {
    three_party_complete,    ///< active covers (branch), represents (owners' committee) and serves links
    monthly_joint_meetings,  ///< a joint meeting in each of the last N whole months before the date
    responsible_unit_paired, ///< an active pairing link from an agency or unit
    public_income_plan,      ///< organisation attribute `public_income_plan` not empty
    property_coverage,       ///< an active serves link (own company or a district-wide area)
    self_governance_team     ///< a self-governance team supports the compound (see policy_gaps)
};
inline constexpr std::size_t policy_check_count = 6;

namespace detail {
inline constexpr std::array<std::string_view, policy_check_count> policy_check_names{
    "three_party_complete", "monthly_joint_meetings", "responsible_unit_paired", "public_income_plan",
    "property_coverage", "self_governance_team"};
inline constexpr std::array<std::string_view, 3> check_status_names{"passed", "failed", "unknown"};
}  // namespace detail

constexpr std::string_view name_of(policy_check c) { return detail::policy_check_names[static_cast<std::size_t>(c)]; }
constexpr std::optional<policy_check> parse_policy_check(std::string_view s) {
    return detail::parse_name<policy_check>(detail::policy_check_names, s);
}

/// Outcome of one check. `unknown`: the data to decide is missing (no meetings loaded, or no
/// date to count months back from).
enum class check_status : std::uint8_t { passed, failed, unknown };
constexpr std::string_view name_of(check_status c) { return detail::check_status_names[static_cast<std::size_t>(c)]; }

/// The checks of each compound type (indexed by compound_type; `none` is normally empty),
/// and the months the meeting check looks back.
struct policy_table {
    std::array<std::vector<policy_check>, compound_type_count> checks;
    int meeting_months = 3;

    /// The shipped policy (python/furong/data/policies.csv says the same): commercial -
    /// three_party_complete, monthly_joint_meetings; work_unit - responsible_unit_paired,
    /// public_income_plan; old - property_coverage; resettlement - self_governance_team.
    static policy_table defaults() {
        policy_table t;
        t.checks[static_cast<std::size_t>(compound_type::commercial)] = {policy_check::three_party_complete,
                                                                         policy_check::monthly_joint_meetings};
        t.checks[static_cast<std::size_t>(compound_type::work_unit)] = {policy_check::responsible_unit_paired,
                                                                        policy_check::public_income_plan};
        t.checks[static_cast<std::size_t>(compound_type::old)] = {policy_check::property_coverage};
        t.checks[static_cast<std::size_t>(compound_type::resettlement)] = {policy_check::self_governance_team};
        return t;
    }
};

/// A check a compound did not pass (status failed or unknown).
struct policy_gap {
    index_t compound = no_index;
    policy_check check = policy_check::three_party_complete;
    check_status status = check_status::failed;
};

/// A joint (three-party) meeting of a compound on a day, as read from meetings.csv.
struct joint_meeting {
    index_t compound = no_index;
    date day;
};

/// True when a team counts as a self-governance team: its name contains "自治" or its
/// attribute `team_type` is `self_governance`.
inline bool is_self_governance_team(const snapshot& s, index_t team) {
    if (s.kind(team) != org_kind::team) return false;
    if (s.name(team).find("\xE8\x87\xAA\xE6\xB2\xBB") != std::string_view::npos) return true;  // 自治
    return s.organisations().extra.get("team_type", team) == "self_governance";
}

/// The checks of its type's policy that each compound fails on `when`.
///
/// Checks (links and roles "active" = active on `when`; an empty as_of admits everything):
/// - three_party_complete: an active covers link from a branch, an active represents link from
///   an owners' committee and an active serves link from a property company;
/// - monthly_joint_meetings: a joint meeting of the compound in each of the
///   `table.meeting_months` whole calendar months before the month of `when` (as_of
///   2025-06-15, months 3: March, April and May 2025); `unknown` when `meetings` is null (no
///   meetings loaded) or `when` is empty;
/// - responsible_unit_paired: an active pairing link (from an agency or a unit);
/// - public_income_plan: the organisation attribute (extra column) `public_income_plan` is
///   not empty;
/// - property_coverage: an active serves link (an own company or a district-wide area);
/// - self_governance_team: a self-governance team (is_self_governance_team()) with an active
///   supports link to the compound, or a child team of the compound with at least one active
///   role (a team nobody serves in does not count).
///
/// Complexity: O(V + roles + M + sum over compounds of their in-degree and children), M the
/// number of meetings. Memory O(V) bytes.
///
/// @return gaps ordered by compound index, then in the order of the type's checks; passed
///         checks are not listed
/// @throws argument_error when table.meeting_months is outside 1..24, or a meeting names an organisation
///         index outside the snapshot
inline std::vector<policy_gap> policy_gaps(const snapshot& s, as_of when, const policy_table& table = policy_table::defaults(),
                                           const std::vector<joint_meeting>* meetings = nullptr) {
    if (table.meeting_months < 1 || table.meeting_months > 24)
        throw argument_error("policy_gaps: meeting_months must be 1..24, got " + std::to_string(table.meeting_months));
    const std::size_t n = s.size();
    const auto& o = s.organisations();
    const auto& g = s.graph();

    // Teams with an active role (for child teams).
    std::vector<std::uint8_t> staffed(n, 0);
    for (const auto& row : s.roles().rows)
        if (s.kind(row.org) == org_kind::team && when.admits(row.valid)) staffed[row.org] = 1;

    // Months of the window with a joint meeting, per compound, as a bit mask (bit 0: oldest).
    const bool meetings_known = meetings != nullptr && when.day.has_value();
    const int window = table.meeting_months;
    const std::uint32_t all_months = (std::uint32_t{1} << window) - 1;
    std::vector<std::uint32_t> months_met;
    if (meetings_known) {
        months_met.assign(n, 0);
        const date d = date_of(*when.day);
        const int first_month = static_cast<int>(d.year()) * 12 + static_cast<int>(d.month()) - 1 - window;
        for (const auto& m : *meetings) {
            if (m.compound >= n)
                throw argument_error("policy_gaps: meeting of organisation index " + std::to_string(m.compound) + " out of range");
            if (m.day.is_special()) continue;
            const int mi = static_cast<int>(m.day.year()) * 12 + static_cast<int>(m.day.month()) - 1 - first_month;
            if (mi >= 0 && mi < window) months_met[m.compound] |= std::uint32_t{1} << mi;
        }
    }

    std::vector<policy_gap> out;
    for (index_t c : s.of_kind(org_kind::compound)) {
        const auto& checks = table.checks[static_cast<std::size_t>(o.compound_types[c])];
        if (checks.empty()) continue;
        bool branch = false, committee = false, company = false, pairing = false, team = false;
        for (auto [e, end] = boost::in_edges(c, g); e != end; ++e) {
            const edge_data& d = g[*e];
            if (d.kind == hierarchy_edge || !when.admits(d.valid)) continue;
            switch (static_cast<link_kind>(d.kind)) {
                case link_kind::covers: branch = true; break;
                case link_kind::represents: committee = true; break;
                case link_kind::serves: company = true; break;
                case link_kind::pairing: pairing = true; break;
                case link_kind::supports:
                    if (is_self_governance_team(s, boost::source(*e, g))) team = true;
                    break;
                default: break;
            }
        }
        for (index_t ch : s.children(c))
            if (staffed[ch] && is_self_governance_team(s, ch)) team = true;
        for (policy_check k : checks) {
            check_status st = check_status::passed;
            switch (k) {
                case policy_check::three_party_complete:
                    st = branch && committee && company ? check_status::passed : check_status::failed;
                    break;
                case policy_check::monthly_joint_meetings:
                    if (!meetings_known) st = check_status::unknown;
                    else st = (months_met[c] & all_months) == all_months ? check_status::passed : check_status::failed;
                    break;
                case policy_check::responsible_unit_paired:
                    st = pairing ? check_status::passed : check_status::failed;
                    break;
                case policy_check::public_income_plan:
                    st = o.extra.get("public_income_plan", c).empty() ? check_status::failed : check_status::passed;
                    break;
                case policy_check::property_coverage:
                    st = company ? check_status::passed : check_status::failed;
                    break;
                case policy_check::self_governance_team:
                    st = team ? check_status::passed : check_status::failed;
                    break;
            }
            if (st != check_status::passed) out.push_back({c, k, st});
        }
    }
    return out;
}

// ---- what-if -----------------------------------------------------------------------------

/// A copy of `net` without some organisations or people, from `when` on: every link touching
/// a removed organisation (as source or target) and every role held in it end on `when` - 1,
/// and so does every role of a removed person. Rows are never deleted (indices stay valid);
/// links or roles that had not started by then become empty (never active). Organisations
/// under a removed one are not removed (remove them too to model a cascade).
///
/// Each id is looked up first as an organisation, then as a person (an id naming both
/// removes both).
///
/// Complexity: O(L + R + |ids|) for L links and R roles, plus the copy of the link and role
/// tables the edits trigger (the other tables stay shared with `net`).
///
/// @throws unknown_id_error naming the first id that is neither an organisation nor a person
///         (nothing is changed then); argument_error when `when` is not a date
///
/// Example:
/// @code
///   furong::network after = furong::without(net, {"pc-01", "p00042"}, furong::date(2025, 6, 1));
/// @endcode
inline network without(const network& net, const std::vector<std::string>& ids, date when) {
    if (when.is_special()) throw argument_error("without: the date the removal takes effect is required");
    std::vector<std::uint8_t> org_gone(net.organisation_count(), 0), person_gone(net.person_count(), 0);
    for (const auto& id : ids) {
        const auto o = net.find(id);
        const auto p = net.find_person(id);
        if (!o && !p) throw unknown_id_error(id, "organisation or person");
        if (o) org_gone[*o] = 1;
        if (p) person_gone[*p] = 1;
    }
    network out = net;
    const day_t last = day_of(when) - 1;
    const auto& links = net.links().rows;
    for (std::size_t k = 0; k < links.size(); ++k)
        if ((org_gone[links[k].source] || org_gone[links[k].target]) && links[k].valid.until > last)
            out.end_link(k, last);
    const auto& roles = net.roles().rows;
    for (std::size_t k = 0; k < roles.size(); ++k)
        if ((org_gone[roles[k].org] || person_gone[roles[k].person]) && roles[k].valid.until > last)
            out.end_role(k, last);
    return out;
}

// ---- writing a plan back -------------------------------------------------------------------

namespace detail {
inline std::string fresh_id(const network& net, const std::string& base) {
    if (!net.find(base)) return base;
    for (std::size_t i = 2;; ++i) {
        std::string id = base + "-" + std::to_string(i);
        if (!net.find(id)) return id;
    }
}
}  // namespace detail

/// Writes a branch plan into `net` from `since` on. For each group (compound indices of
/// `net`): when an existing branch's active covers links on `since` are exactly the group's
/// compounds, it is kept; otherwise a new branch is added - under the compound for a single
/// compound (id `br-<compound>`), under the compounds' community for a joint branch (id
/// `br-<community>-joint`), suffixed `-2`, `-3`... when taken - with a covers link to each
/// compound since `since`. Before that, when `replace` is true, every other covers link to a
/// planned compound active on `since` ends on `since` - 1.
///
/// Complexity: O(L + G log G + sum of group sizes) for L links and G groups.
/// @return ids of the branches added, in group order
/// @throws argument_error when `since` is not a date; model_error when a group is empty,
///         names a non-compound or a compound already in another group
inline std::vector<std::string> apply_branch_plan(network& net, const std::vector<std::vector<index_t>>& groups, date since,
                                                  bool replace = true) {
    if (since.is_special()) throw argument_error("apply_branch_plan: the date the plan takes effect is required");
    const day_t d = day_of(since);
    std::vector<index_t> group_of(net.organisation_count(), no_index);
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        if (groups[gi].empty()) throw model_error("apply_branch_plan: group " + std::to_string(gi) + " is empty");
        for (index_t c : groups[gi]) {
            if (c >= net.organisation_count() || net.kind(c) != org_kind::compound)
                throw model_error("apply_branch_plan: group " + std::to_string(gi) + " holds a non-compound");
            if (group_of[c] != no_index)
                throw model_error("apply_branch_plan: compound '" + std::string(net.id(c)) + "' is in two groups");
            group_of[c] = static_cast<index_t>(gi);
        }
    }
    // What each branch covers on `since`, to keep branches that already match a group.
    const auto links = net.links().rows;  // copy: the edits below may reallocate
    std::vector<std::vector<index_t>> covered(net.organisation_count());
    for (const auto& l : links)
        if (l.kind == link_kind::covers && l.valid.active_on(d)) covered[l.source].push_back(l.target);
    std::vector<index_t> kept(groups.size(), no_index);
    for (index_t b = 0; b < covered.size(); ++b) {
        auto& cv = covered[b];
        if (cv.empty()) continue;
        std::sort(cv.begin(), cv.end());
        cv.erase(std::unique(cv.begin(), cv.end()), cv.end());
        const index_t gi = group_of[cv.front()];
        if (gi == no_index || kept[gi] != no_index || cv.size() != groups[gi].size()) continue;
        std::vector<index_t> want = groups[gi];
        std::sort(want.begin(), want.end());
        if (want == cv) kept[gi] = b;
    }
    if (replace)
        for (std::size_t k = 0; k < links.size(); ++k) {
            const auto& l = links[k];
            if (l.kind != link_kind::covers || !l.valid.active_on(d) || group_of[l.target] == no_index) continue;
            if (kept[group_of[l.target]] == l.source) continue;
            net.end_link(k, d - 1);
        }
    std::vector<std::string> added;
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        if (kept[gi] != no_index) continue;
        const auto& grp = groups[gi];
        index_t parent = grp.front();
        std::string base = "br-" + std::string(net.id(grp.front()));
        std::string name = std::string(net.name(grp.front())) + "\xE5\x85\x9A\xE6\x94\xAF\xE9\x83\xA8";  // 党支部
        if (grp.size() > 1) {
            const index_t cm = net.parent(grp.front());
            if (cm != no_index) {
                parent = cm;
                base = "br-" + std::string(net.id(cm)) + "-joint";
            }
            name = std::string(net.name(grp.front())) + "\xE7\xAD\x89\xE8\x81\x94\xE5\x90\x88\xE5\x85\x9A\xE6\x94\xAF\xE9\x83\xA8";  // 等联合党支部
        }
        std::string id = detail::fresh_id(net, base);
        const index_t b = net.add_organisation(id, org_kind::branch, name, net.id(parent));
        for (index_t c : grp) net.add_link(b, c, link_kind::covers, validity::between(since, date()));
        added.push_back(std::move(id));
    }
    return added;
}

/// Writes a property-area plan into `net` from `since` on: for each group, a new
/// property_company (a district-wide property, 片區大物業) under the group's street (or the
/// district root when the compounds have no street), id `pc-area-<street>`, suffixed when
/// taken, with a serves link to each compound since `since`.
///
/// Complexity: O(sum of group sizes * depth).
/// @return ids of the companies added, in group order
/// @throws argument_error when `since` is not a date; model_error when a group is empty or
///         names a non-compound
inline std::vector<std::string> apply_property_plan(network& net, const std::vector<std::vector<index_t>>& groups, date since) {
    if (since.is_special()) throw argument_error("apply_property_plan: the date the plan takes effect is required");
    std::vector<std::string> added;
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        if (groups[gi].empty()) throw model_error("apply_property_plan: group " + std::to_string(gi) + " is empty");
        for (index_t c : groups[gi])
            if (c >= net.organisation_count() || net.kind(c) != org_kind::compound)
                throw model_error("apply_property_plan: group " + std::to_string(gi) + " holds a non-compound");
    }
    for (const auto& grp : groups) {
        index_t parent = no_index;
        for (index_t a = grp.front(); a != no_index; a = net.parent(a))
            if (net.kind(a) == org_kind::street) { parent = a; break; }
        if (parent == no_index)
            for (index_t a = grp.front(); a != no_index; a = net.parent(a))
                if (net.kind(a) == org_kind::district) { parent = a; break; }
        if (parent == no_index) throw model_error("apply_property_plan: compound '" + std::string(net.id(grp.front())) +
                                                  "' is under neither a street nor the district");
        std::string id = detail::fresh_id(net, "pc-area-" + std::string(net.id(parent)));
        std::string name = std::string(net.name(parent)) + "\xE7\x89\x87\xE5\x8C\xBA\xE5\xA4\xA7\xE7\x89\xA9\xE4\xB8\x9A";  // 片区大物业
        const index_t pc = net.add_organisation(id, org_kind::property_company, name, net.id(parent));
        for (index_t c : grp) net.add_link(pc, c, link_kind::serves, validity::between(since, date()));
        added.push_back(std::move(id));
    }
    return added;
}

}  // namespace furong
