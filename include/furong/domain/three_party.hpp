#pragma once
/// @file
/// Three-party linkage (三方联动) of a compound, the one definition every part of furong uses:
/// the coverage audit's gaps, the `three_party_complete` policy check and the compounds
/// expected at the monthly joint meetings.
///
/// On a date, a compound has
/// - a **party branch** when a branch that is its child (built alone, 单独建) or that covers it
///   through an active covers link (built jointly, 联合建) is a *valid* branch: the compounds
///   that branch serves on the date (its parent compound plus the compounds it covers) have at
///   least `branch_min_party_members` (3) party members together (a missing count is 0);
/// - an **owners' committee** when an owners_committee represents it through an active
///   represents link;
/// - a **property company** when a property company serves it through an active serves link;
/// - **one shoulder** (一肩挑) when a person is, on the date, branch secretary of one of its
///   branches (child or covering, valid or not) and owners' committee chair of one of the
///   committees that represent it.
/// The linkage is complete when it has all three parties; one shoulder is reported beside it.
///
/// "Active" means active on the as-of date; an empty as_of admits every link and role
/// whatever its dates (the one meaning of as_of across furong).
///
/// Example:
/// @code
/// auto linkage = furong::three_party_linkages(snap, furong::date(2025, 6, 1));
/// if (!linkage[snap.index_of("cp-1")].complete()) std::cout << "three-party gap\n";
/// @endcode

#include <furong/dates.hpp>
#include <furong/kinds.hpp>
#include <furong/snapshot.hpp>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace furong {

/// Party members a branch needs among the compounds it serves (a branch needs at least 3 full
/// party members).
inline constexpr std::int64_t branch_min_party_members = 3;

/// The three parties of one compound on a date, and whether one person holds both offices.
struct three_party_linkage {
    bool branch = false;            ///< a valid party branch (own or covering)
    bool owners_committee = false;  ///< an active represents link from an owners' committee
    bool property_company = false;  ///< an active serves link from a property company
    bool one_shoulder = false;      ///< a branch secretary also chairs a representing committee
    /// All three parties present.
    constexpr bool complete() const noexcept { return branch && owners_committee && property_company; }
};

/// For each branch (indexed by organisation; false for other kinds): whether it is valid on the
/// date, i.e. the compounds it serves have at least branch_min_party_members party members.
///
/// Time O(B + covers links of the branches + the compounds each serves log) for B branches;
/// memory O(V) bytes.
inline std::vector<std::uint8_t> valid_branches(const snapshot& s, as_of when) {
    std::vector<std::uint8_t> valid(s.size(), 0);
    const auto& g = s.graph();
    const auto& pm = s.organisations().party_members;
    std::vector<index_t> served;
    for (index_t b : s.of_kind(org_kind::branch)) {
        served.clear();
        const index_t p = s.parent(b);
        if (p != no_index && s.kind(p) == org_kind::compound) served.push_back(p);
        for (auto [e, end] = boost::out_edges(b, g); e != end; ++e) {
            const edge_data& d = g[*e];
            if (d.kind == edge_kind(link_kind::covers) && when.admits(d.valid))
                served.push_back(static_cast<index_t>(boost::target(*e, g)));
        }
        std::sort(served.begin(), served.end());
        served.erase(std::unique(served.begin(), served.end()), served.end());
        std::int64_t members = 0;
        for (index_t c : served) members += std::max<std::int32_t>(pm[c], 0);
        valid[b] = members >= branch_min_party_members;
    }
    return valid;
}

/// The three-party linkage of every compound on the date, indexed by organisation (entries of
/// other kinds stay all false).
///
/// Time O(V + E_c + R_c): one pass over the branches (valid_branches), then over each
/// compound's children and in-edges and the roles of its branches and committees; memory O(V).
inline std::vector<three_party_linkage> three_party_linkages(const snapshot& s, as_of when) {
    std::vector<three_party_linkage> out(s.size());
    const std::vector<std::uint8_t> valid = valid_branches(s, when);
    const auto& g = s.graph();
    const auto& rr = s.roles().rows;
    std::vector<index_t> branches, chairs;
    for (index_t c : s.of_kind(org_kind::compound)) {
        branches.clear();
        chairs.clear();
        three_party_linkage& t = out[c];
        for (index_t ch : s.children(c))
            if (s.kind(ch) == org_kind::branch) branches.push_back(ch);
        for (auto [e, end] = boost::in_edges(c, g); e != end; ++e) {
            const edge_data& d = g[*e];
            if (d.kind == hierarchy_edge || !when.admits(d.valid)) continue;
            const auto src = static_cast<index_t>(boost::source(*e, g));
            switch (static_cast<link_kind>(d.kind)) {
                case link_kind::covers: branches.push_back(src); break;
                case link_kind::represents:
                    t.owners_committee = true;
                    for (index_t k : s.roles_in(src))
                        if (rr[k].kind == role_kind::owners_chair && when.admits(rr[k].valid)) chairs.push_back(rr[k].person);
                    break;
                case link_kind::serves: t.property_company = true; break;
                default: break;
            }
        }
        for (index_t b : branches) {
            t.branch |= valid[b] != 0;
            if (chairs.empty() || t.one_shoulder) continue;
            for (index_t k : s.roles_in(b))
                if (rr[k].kind == role_kind::branch_secretary && when.admits(rr[k].valid) &&
                    std::find(chairs.begin(), chairs.end(), rr[k].person) != chairs.end()) {
                    t.one_shoulder = true;
                    break;
                }
        }
    }
    return out;
}

/// The compounds expected at the monthly joint (three-party) meeting of a month: those whose
/// three-party linkage is complete on the first and on the last day of the month. Sorted by
/// index.
///
/// Time: two calls of three_party_linkages. @throws argument_error for a month outside 1..12
/// or a year outside 1400..9999.
inline std::vector<index_t> joint_meeting_compounds(const snapshot& s, int year, int month) {
    if (month < 1 || month > 12) throw argument_error("joint_meeting_compounds: month must be 1..12, got " + std::to_string(month));
    if (year < 1400 || year > 9999) throw argument_error("joint_meeting_compounds: year must be 1400..9999, got " + std::to_string(year));
    const date first(static_cast<unsigned short>(year), static_cast<unsigned short>(month), 1);
    const auto a = three_party_linkages(s, first);
    const auto b = three_party_linkages(s, first.end_of_month());
    std::vector<index_t> out;
    for (index_t c : s.of_kind(org_kind::compound))
        if (a[c].complete() && b[c].complete()) out.push_back(c);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace furong
