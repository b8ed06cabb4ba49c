#pragma once
/// @file
/// Escalation path of a resident's demand: the chain of organisations it climbs from a
/// household, building or compound up to the district, each with the people holding the
/// responsible role on the as-of date, and the providers (agencies, units) paired with the
/// compound (four-party linkage).
///
/// - household with an active contact link: household -> neighbourhood (neighbour_leader)
///   -> group (group_leader) -> area (area_leader) -> community (community_secretary) ->
///   street -> district (the neighbour team, 芙蓉万家).
/// - household without one: household -> building (building_leader) -> compound -> branch
///   (branch_secretary) -> community -> street -> district (the five-level structure).
/// - building: building -> compound -> branch -> community -> street -> district.
/// - compound: compound -> branch -> community -> street -> district.
///
/// Example:
/// @code
/// auto e = furong::escalation_path(s, s.index_of("hh-1"), furong::date(2025, 6, 1));
/// for (const auto& step : e.steps) std::cout << s.id(step.org) << " " << step.holders.size() << "\n";
/// @endcode

#include <furong/algorithm/reachability.hpp>
#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/kinds.hpp>
#include <furong/snapshot.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furong {

/// One step of an escalation path.
struct escalation_step {
    index_t org = no_index;
    org_kind kind = org_kind::district;
    /// The role responsible at this step (std::nullopt for kinds without one: household,
    /// compound, street, district).
    std::optional<role_kind> role;
    /// People holding `role` in `org` on the as-of date, sorted, without repeats.
    std::vector<index_t> holders;
    /// How the step was reached: "start", "contact", "hierarchy", "branch" or "pairing".
    std::string_view via;
};

/// The result of escalation_path().
struct escalation_result {
    std::vector<escalation_step> steps;      ///< from the start organisation up to the root
    index_t compound = no_index;             ///< the compound of the start (no_index if none)
    std::vector<escalation_step> providers;  ///< agencies and units paired with the compound
    bool via_contact = false;                ///< a household reached its neighbour team
    /// True when every step with a role has at least one holder (providers not counted).
    bool staffed = true;
};

/// The responsible role of an organisation kind, if it has one.
inline std::optional<role_kind> responsible_role(org_kind k) noexcept {
    switch (k) {
        case org_kind::neighbourhood: return role_kind::neighbour_leader;
        case org_kind::group: return role_kind::group_leader;
        case org_kind::area: return role_kind::area_leader;
        case org_kind::community: return role_kind::community_secretary;
        case org_kind::branch: return role_kind::branch_secretary;
        case org_kind::building: return role_kind::building_leader;
        case org_kind::grid: return role_kind::grid_worker;
        case org_kind::owners_committee: return role_kind::owners_chair;
        case org_kind::property_company: return role_kind::property_manager;
        case org_kind::agency:
        case org_kind::unit: return role_kind::unit_contact;
        case org_kind::team: return role_kind::team_leader;
        default: return std::nullopt;
    }
}

namespace detail {
inline escalation_step make_step(const snapshot& s, index_t org, as_of when, std::string_view via) {
    escalation_step st;
    st.org = org;
    st.kind = s.kind(org);
    st.role = responsible_role(st.kind);
    st.via = via;
    if (st.role) {
        s.for_each_holder(org, *st.role, when, [&](index_t p) { st.holders.push_back(p); });
        std::sort(st.holders.begin(), st.holders.end());
        st.holders.erase(std::unique(st.holders.begin(), st.holders.end()), st.holders.end());
    }
    return st;
}

/// Branches of compound `c` on the date: its child branches, then branches covering it through
/// an active covers link. O(children + in-degree).
inline std::vector<index_t> branches_of(const snapshot& s, index_t c, as_of when) {
    std::vector<index_t> out;
    for (index_t ch : s.children(c))
        if (s.kind(ch) == org_kind::branch) out.push_back(ch);
    const csr_view g(s.graph());
    g.each_in(c, [&](const edge_data& d, index_t src) {
        if (d.kind == edge_kind(link_kind::covers) && when.admits(d.valid)) out.push_back(src);
        return false;
    });
    std::vector<index_t> uniq;
    for (index_t b : out)
        if (std::find(uniq.begin(), uniq.end(), b) == uniq.end()) uniq.push_back(b);
    return uniq;
}
}  // namespace detail

/// The escalation path of `org` (a household, building or compound) on the as-of date (no
/// date: every role and link whatever its dates). Where several candidates exist (contact
/// links, branches) the first one with an active holder is taken, else the first one.
/// Time O(depth * roles per organisation + degree of the start and its compound).
/// @throws argument_error for an index out of range or an organisation of another kind.
inline escalation_result escalation_path(const snapshot& s, index_t org, as_of when = {}) {
    detail::check_index(s, org);
    const org_kind k = s.kind(org);
    if (k != org_kind::household && k != org_kind::building && k != org_kind::compound)
        throw argument_error("escalation_path starts from a household, building or compound, not " +
                             std::string(name_of(k)) + " '" + std::string(s.id(org)) + "'");
    escalation_result r;
    r.compound = s.ancestor_of_kind(org, org_kind::compound);
    r.steps.push_back(detail::make_step(s, org, when, "start"));

    auto pick_staffed = [&](const std::vector<index_t>& cands, role_kind role) {
        for (index_t c : cands)
            if (s.has_holder(c, role, when)) return c;
        return cands.empty() ? no_index : cands.front();
    };
    auto climb = [&](index_t from) {  // ancestors of `from`, a branch after each compound
        for (index_t a = s.parent(from); a != no_index; a = s.parent(a)) {
            r.steps.push_back(detail::make_step(s, a, when, "hierarchy"));
            if (s.kind(a) == org_kind::compound) {
                index_t b = pick_staffed(detail::branches_of(s, a, when), role_kind::branch_secretary);
                if (b != no_index) r.steps.push_back(detail::make_step(s, b, when, "branch"));
            }
        }
    };

    index_t start_of_climb = org;
    if (k == org_kind::household) {
        std::vector<index_t> hoods;
        const detail::csr_view g(s.graph());
        g.each_out(org, [&](const edge_data& d, index_t t) {
            if (d.kind == edge_kind(link_kind::contact) && when.admits(d.valid)) hoods.push_back(t);
            return false;
        });
        index_t hood = pick_staffed(hoods, role_kind::neighbour_leader);
        if (hood != no_index) {
            r.via_contact = true;
            r.steps.push_back(detail::make_step(s, hood, when, "contact"));
            start_of_climb = hood;
        }
    } else if (k == org_kind::compound) {
        index_t b = pick_staffed(detail::branches_of(s, org, when), role_kind::branch_secretary);
        if (b != no_index) r.steps.push_back(detail::make_step(s, b, when, "branch"));
    }
    climb(start_of_climb);

    for (const auto& st : r.steps)
        if (st.role && st.holders.empty()) r.staffed = false;

    if (r.compound != no_index) {
        const detail::csr_view g(s.graph());
        std::vector<index_t> seen;
        g.each_in(r.compound, [&](const edge_data& d, index_t p) {
            if (d.kind == edge_kind(link_kind::pairing) && when.admits(d.valid) &&
                std::find(seen.begin(), seen.end(), p) == seen.end()) {
                seen.push_back(p);
                r.providers.push_back(detail::make_step(s, p, when, "pairing"));
            }
            return false;
        });
    }
    return r;
}

}  // namespace furong
