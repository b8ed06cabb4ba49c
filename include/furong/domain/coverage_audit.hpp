#pragma once
/// @file
/// Coverage audit (a domain rule): on a date, every gap in "every household has a contact, every matter an
/// owner" (户户有人联、事事有人管), by organisation, with totals per street and a summary.
///
/// Gaps (each list sorted by index):
/// - households_without_contact: no active contact link to a neighbourhood that has an active
///   neighbour_leader;
/// - compounds_without_branch: no valid party branch (domain/three_party.hpp: a child branch
///   or one covering it through an active covers link, whose compounds have at least 3 party
///   members together);
/// - compounds_without_pairing: no active pairing link with the compound as target;
/// - buildings_without_leader: no active building_leader; grids_without_worker: no active
///   grid_worker;
/// - three_party_gaps: compounds whose three-party linkage (three_party_linkages() of
///   domain/three_party.hpp, the one rule) is not complete, with the parties missing and
///   whether one person holds both offices ("one shoulder", 一肩挑). The same compounds fail
///   the policy check `three_party_complete` (domain/policies.hpp).
///
/// Example:
/// @code
/// furong::audit_report r = furong::audit(s, furong::date(2025, 6, 1));
/// std::cout << r.summary.households_without_contact << " households without a contact\n";
/// @endcode

#include <furong/algorithm/reachability.hpp>
#include <furong/dates.hpp>
#include <furong/domain/three_party.hpp>
#include <furong/kinds.hpp>
#include <furong/snapshot.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace furong {

/// A compound missing at least one party of the three-party linkage.
struct three_party_gap {
    index_t compound = no_index;
    bool missing_branch = false;
    bool missing_owners_committee = false;
    bool missing_property_company = false;
    bool one_shoulder = false;  ///< a branch secretary also chairs an owners' committee
};

/// Counts of one street (or of the whole district in the summary).
struct audit_counts {
    std::uint64_t households = 0, households_without_contact = 0;
    std::uint64_t compounds = 0, compounds_without_branch = 0, compounds_without_pairing = 0;
    std::uint64_t buildings = 0, buildings_without_leader = 0;
    std::uint64_t grids = 0, grids_without_worker = 0;
    std::uint64_t three_party_gaps = 0, one_shoulder = 0;
};

/// Totals of one street; `street == no_index` collects organisations under no street.
struct street_audit {
    index_t street = no_index;
    audit_counts counts;
};

/// Totals and coverage ratios (1 - gaps / total, 1 when there is nothing to cover).
struct audit_summary {
    audit_counts counts;
    double contact_coverage = 1, branch_coverage = 1, pairing_coverage = 1, building_leader_coverage = 1,
           grid_worker_coverage = 1, three_party_coverage = 1;
};

/// The result of audit().
struct audit_report {
    as_of when;
    std::vector<index_t> households_without_contact, compounds_without_branch, compounds_without_pairing,
        buildings_without_leader, grids_without_worker;
    std::vector<three_party_gap> three_party_gaps;
    std::vector<street_audit> streets;  ///< in street index order, then the no-street row if any
    audit_summary summary;
};

namespace detail {
inline double coverage_ratio(std::uint64_t gaps, std::uint64_t total) {
    return total == 0 ? 1.0 : 1.0 - static_cast<double>(gaps) / static_cast<double>(total);
}

/// Maps an organisation to its street's row through the pre-order intervals of the streets,
/// remembering the last interval hit (organisations of one kind come in near pre-order).
class street_locator {
public:
    explicit street_locator(const snapshot& s) : s_(s) {
        for (index_t st : s.of_kind(org_kind::street)) streets_.push_back({s.label(st).pre, s.label(st).end, 0});
        std::sort(streets_.begin(), streets_.end(), [](const auto& a, const auto& b) { return a.pre < b.pre; });
        std::vector<index_t> ids(s.of_kind(org_kind::street).begin(), s.of_kind(org_kind::street).end());
        for (auto& r : streets_) {  // row = position of the street in index order
            index_t st = s.preorder()[r.pre];
            r.row = static_cast<std::uint32_t>(std::lower_bound(ids.begin(), ids.end(), st) - ids.begin());
        }
    }
    std::size_t rows() const noexcept { return streets_.size() + 1; }  ///< last row: no street
    std::uint32_t row(index_t v) const noexcept {
        const std::uint32_t p = s_.label(v).pre;
        if (last_ < streets_.size() && streets_[last_].pre <= p && p < streets_[last_].end) return streets_[last_].row;
        auto it = std::upper_bound(streets_.begin(), streets_.end(), p, [](std::uint32_t x, const auto& r) { return x < r.pre; });
        if (it == streets_.begin()) return static_cast<std::uint32_t>(streets_.size());
        --it;
        if (p >= it->end) return static_cast<std::uint32_t>(streets_.size());
        last_ = static_cast<std::size_t>(it - streets_.begin());
        return it->row;
    }

private:
    struct range {
        std::uint32_t pre, end, row;
    };
    const snapshot& s_;
    std::vector<range> streets_;
    mutable std::size_t last_ = static_cast<std::size_t>(-1);
};
}  // namespace detail

/// Adds the counts of streets (or of shards: districts, provinces) and derives the coverage
/// ratios, so that one machine and a roll-up over shards (furong.spark) share one sum.
/// Time O(rows). Example: `summarise({a.summary.counts, b.summary.counts})` is the summary of
/// two networks audited apart.
inline audit_summary summarise(const std::vector<audit_counts>& rows) {
    audit_summary sm;
    auto& t = sm.counts;
    for (const auto& c : rows) {
        t.households += c.households;
        t.households_without_contact += c.households_without_contact;
        t.compounds += c.compounds;
        t.compounds_without_branch += c.compounds_without_branch;
        t.compounds_without_pairing += c.compounds_without_pairing;
        t.buildings += c.buildings;
        t.buildings_without_leader += c.buildings_without_leader;
        t.grids += c.grids;
        t.grids_without_worker += c.grids_without_worker;
        t.three_party_gaps += c.three_party_gaps;
        t.one_shoulder += c.one_shoulder;
    }
    sm.contact_coverage = detail::coverage_ratio(t.households_without_contact, t.households);
    sm.branch_coverage = detail::coverage_ratio(t.compounds_without_branch, t.compounds);
    sm.pairing_coverage = detail::coverage_ratio(t.compounds_without_pairing, t.compounds);
    sm.building_leader_coverage = detail::coverage_ratio(t.buildings_without_leader, t.buildings);
    sm.grid_worker_coverage = detail::coverage_ratio(t.grids_without_worker, t.grids);
    sm.three_party_coverage = detail::coverage_ratio(t.three_party_gaps, t.compounds);
    return sm;
}

/// The coverage audit on the as-of date (no date: every link and role whatever its dates).
/// Time O(V + E + roles): one pass over the roles sets a flag byte per organisation, then one
/// pass over the households (their out-edges), the three-party linkages of the compounds
/// (three_party_linkages()), the compounds' in-edges (pairing), buildings and grids; memory
/// O(V) plus the gap lists. No allocation per household.
inline audit_report audit(const snapshot& s, as_of when = {}) {
    enum : std::uint8_t { has_neighbour_leader = 1, has_building_leader = 2, has_grid_worker = 4 };
    const std::size_t n = s.size();
    const detail::csr_view g(s.graph());
    std::vector<std::uint8_t> flags(n, 0);
    for (const auto& row : s.roles().rows) {
        if (!when.admits(row.valid)) continue;
        switch (row.kind) {
            case role_kind::neighbour_leader: flags[row.org] |= has_neighbour_leader; break;
            case role_kind::building_leader: flags[row.org] |= has_building_leader; break;
            case role_kind::grid_worker: flags[row.org] |= has_grid_worker; break;
            default: break;
        }
    }
    auto active_edge = [&](const edge_data& d, link_kind k) { return d.kind == edge_kind(k) && when.admits(d.valid); };

    audit_report r;
    r.when = when;
    detail::street_locator loc(s);
    std::vector<audit_counts> per(loc.rows());

    // Households: one pass over their out-edges.
    for (index_t h : s.of_kind(org_kind::household)) {
        const bool ok = g.each_out(h, [&](const edge_data& d, index_t t) {
            return active_edge(d, link_kind::contact) && (flags[t] & has_neighbour_leader) != 0;
        });
        auto& c = per[loc.row(h)];
        ++c.households;
        if (!ok) {
            ++c.households_without_contact;
            r.households_without_contact.push_back(h);
        }
    }

    // Compounds: the three-party rule (branch, committee, company, one shoulder) and pairing.
    const std::vector<three_party_linkage> linkage = three_party_linkages(s, when);
    for (index_t c : s.of_kind(org_kind::compound)) {
        const three_party_linkage& t = linkage[c];
        const bool pairing = g.each_in(c, [&](const edge_data& d, index_t) { return active_edge(d, link_kind::pairing); });
        auto& cnt = per[loc.row(c)];
        ++cnt.compounds;
        if (t.one_shoulder) ++cnt.one_shoulder;
        if (!t.branch) {
            ++cnt.compounds_without_branch;
            r.compounds_without_branch.push_back(c);
        }
        if (!pairing) {
            ++cnt.compounds_without_pairing;
            r.compounds_without_pairing.push_back(c);
        }
        if (!t.complete()) {
            ++cnt.three_party_gaps;
            r.three_party_gaps.push_back({c, !t.branch, !t.owners_committee, !t.property_company, t.one_shoulder});
        }
    }

    for (index_t b : s.of_kind(org_kind::building)) {
        auto& cnt = per[loc.row(b)];
        ++cnt.buildings;
        if (!(flags[b] & has_building_leader)) {
            ++cnt.buildings_without_leader;
            r.buildings_without_leader.push_back(b);
        }
    }
    for (index_t gr : s.of_kind(org_kind::grid)) {
        auto& cnt = per[loc.row(gr)];
        ++cnt.grids;
        if (!(flags[gr] & has_grid_worker)) {
            ++cnt.grids_without_worker;
            r.grids_without_worker.push_back(gr);
        }
    }

    // Per-street rows and the summary.
    auto streets = s.of_kind(org_kind::street);
    for (std::size_t i = 0; i < per.size(); ++i) {
        const auto& c = per[i];
        const bool no_street = i == per.size() - 1;
        if (!no_street || c.households || c.compounds || c.buildings || c.grids)
            r.streets.push_back({no_street ? no_index : streets[i], c});
    }
    r.summary = summarise(per);
    return r;
}

}  // namespace furong
