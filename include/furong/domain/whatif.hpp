#pragma once
/// @file
/// What-if: what changes when organisations or people leave on a date. The network is
/// compared with its copy without them (edit/without.hpp) on that date: the coverage audit
/// (domain/coverage_audit.hpp), the single points of failure among neighbour leaders
/// (critical_people), the joint-branch and property plans (domain/plans.hpp) and, when
/// asked, the optimal co-building total (domain/co_building.hpp).
///
/// Both networks have the same organisation and person indices (without() never deletes a
/// row), so every index in the result names the same organisation before and after.
///
/// Example:
/// @code
///   furong::whatif_result r = furong::whatif(net, {"nb-wenyilu-01-001"}, furong::date(2025, 6, 1));
///   std::cout << r.households_without_contact.after - r.households_without_contact.before
///             << " more households without a contact\n";
/// @endcode

#include <furong/domain/co_building.hpp>
#include <furong/algorithm/dominators.hpp>
#include <furong/dates.hpp>
#include <furong/domain/coverage_audit.hpp>
#include <furong/domain/plans.hpp>
#include <furong/edit/without.hpp>
#include <furong/network.hpp>
#include <furong/snapshot.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace furong {

/// How one list of the audit changes: its size before and after, the organisations that
/// enter it (`added`, in index order), those that leave it (`restored`) and, for the
/// three-party gaps only, compounds in the list both times that now miss another party
/// (`changed`).
struct gap_change {
    std::size_t before = 0, after = 0;
    std::vector<index_t> added, restored, changed;
};

/// The size of a plan: groups, joint groups (more than one compound), uncovered candidates.
struct plan_summary {
    std::size_t groups = 0, joint = 0, uncovered = 0;
    bool optimal = true;
};

/// Options of whatif().
struct whatif_options {
    std::int64_t branch_threshold = 3;     ///< party members a branch needs (plan_branches)
    std::int64_t min_households = 300;     ///< households an area needs (plan_property_areas)
    bool co_building = true;               ///< also compare the optimal co-building totals
};

/// The result of whatif().
struct whatif_result {
    date when;
    std::vector<std::string> removed;  ///< the ids as given
    gap_change households_without_contact, compounds_without_branch, compounds_without_pairing,
        buildings_without_leader, grids_without_worker, three_party_gaps;
    std::uint64_t single_contact_before = 0, single_contact_after = 0;  ///< households hanging on one leader
    std::size_t critical_people_before = 0, critical_people_after = 0;
    std::vector<index_t> new_critical_people;  ///< person indices, ordered by person id
    plan_summary branch_before, branch_after, property_before, property_after;
    std::optional<double> co_building_before, co_building_after;  ///< empty unless options.co_building
};

namespace detail {
inline gap_change compare_lists(const std::vector<index_t>& a, const std::vector<index_t>& b) {
    gap_change g;
    g.before = a.size();
    g.after = b.size();
    std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(g.added));
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(g.restored));
    return g;
}

inline gap_change compare_three_party(const std::vector<three_party_gap>& a, const std::vector<three_party_gap>& b) {
    gap_change g;
    g.before = a.size();
    g.after = b.size();
    std::size_t i = 0, j = 0;  // both lists are in compound index order
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a[i].compound < b[j].compound)) {
            g.restored.push_back(a[i++].compound);
        } else if (i == a.size() || b[j].compound < a[i].compound) {
            g.added.push_back(b[j++].compound);
        } else {
            if (a[i].missing_branch != b[j].missing_branch ||
                a[i].missing_owners_committee != b[j].missing_owners_committee ||
                a[i].missing_property_company != b[j].missing_property_company)
                g.changed.push_back(b[j].compound);
            ++i;
            ++j;
        }
    }
    return g;
}

inline plan_summary summarise(const plan_result& p) {
    plan_summary s;
    s.groups = p.groups.size();
    for (const auto& g : p.groups) s.joint += g.compounds.size() > 1;
    s.uncovered = p.uncovered.size();
    s.optimal = p.optimal;
    return s;
}
}  // namespace detail

/// Compares `net` with without(net, ids, when) on `when` (see the file comment).
///
/// Complexity: one copy of the link and role tables (without()), two snapshots, and on each
/// of them the audit and critical_people (O(V + E + roles)), the two plans (see
/// plan_branches()) and, with options.co_building, co_building() (a min-cost flow).
///
/// @throws unknown_id_error naming the first id that is neither an organisation nor a
///         person; argument_error when `when` is not a date
inline whatif_result whatif(const network& net, const std::vector<std::string>& ids, date when,
                            const whatif_options& options = {}) {
    if (when.is_special()) throw argument_error("whatif: the date the removal takes effect is required");
    const network after_net = without(net, ids, when);
    const snapshot before(net), after(after_net);
    const as_of day(when);
    whatif_result r;
    r.when = when;
    r.removed = ids;

    const audit_report a0 = audit(before, day), a1 = audit(after, day);
    r.households_without_contact = detail::compare_lists(a0.households_without_contact, a1.households_without_contact);
    r.compounds_without_branch = detail::compare_lists(a0.compounds_without_branch, a1.compounds_without_branch);
    r.compounds_without_pairing = detail::compare_lists(a0.compounds_without_pairing, a1.compounds_without_pairing);
    r.buildings_without_leader = detail::compare_lists(a0.buildings_without_leader, a1.buildings_without_leader);
    r.grids_without_worker = detail::compare_lists(a0.grids_without_worker, a1.grids_without_worker);
    r.three_party_gaps = detail::compare_three_party(a0.three_party_gaps, a1.three_party_gaps);

    const critical_people_result c0 = critical_people(before, day), c1 = critical_people(after, day);
    r.single_contact_before = c0.single_contact_households;
    r.single_contact_after = c1.single_contact_households;
    r.critical_people_before = c0.people.size();
    r.critical_people_after = c1.people.size();
    std::vector<index_t> p0 = c0.people, p1 = c1.people;
    std::sort(p0.begin(), p0.end());
    std::sort(p1.begin(), p1.end());
    std::set_difference(p1.begin(), p1.end(), p0.begin(), p0.end(), std::back_inserter(r.new_critical_people));
    std::sort(r.new_critical_people.begin(), r.new_critical_people.end(),
              [&](index_t x, index_t y) { return after.person_id(x) < after.person_id(y); });

    r.branch_before = detail::summarise(plan_branches(before, day, options.branch_threshold));
    r.branch_after = detail::summarise(plan_branches(after, day, options.branch_threshold));
    r.property_before = detail::summarise(plan_property_areas(before, day, options.min_households));
    r.property_after = detail::summarise(plan_property_areas(after, day, options.min_households));

    if (options.co_building) {
        co_building_options o;
        o.when = day;
        r.co_building_before = co_building(before, o).total_score;
        r.co_building_after = co_building(after, o).total_score;
    }
    return r;
}

}  // namespace furong
