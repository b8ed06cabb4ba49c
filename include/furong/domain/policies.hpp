#pragma once
/// @file
/// One policy per compound type (一类一策): the named checks each type must pass, and the
/// checks each compound fails on a date. The three-party check is the one rule of
/// domain/three_party.hpp (the same set of compounds as the audit's three-party gaps).
///
/// Example:
/// @code
///   furong::snapshot s(net);
///   for (const auto& g : furong::policy_gaps(s, furong::date(2025, 6, 1)))
///       std::cout << s.id(g.compound) << " " << furong::name_of(g.check) << "\n";
/// @endcode

#include <furong/dates.hpp>
#include <furong/domain/three_party.hpp>
#include <furong/error.hpp>
#include <furong/kinds.hpp>
#include <furong/domain/meetings.hpp>
#include <furong/snapshot.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace furong {

/// The named checks a policy may list (one policy per compound type, 一类一策).
enum class policy_check : std::uint8_t {
    three_party_complete,    ///< the three-party linkage is complete (domain/three_party.hpp)
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

/// Checks per compound type by name ({"commercial", {"three_party_complete", ...}}): the table a
/// planner passes from Python or a program. `none` is not a policy type.
/// @throws argument_error naming an unknown compound type or check (and the valid names)
inline policy_table policy_table_from_names(const std::vector<std::pair<std::string, std::vector<std::string>>>& checks,
                                            int meeting_months = 3) {
    policy_table table;
    table.meeting_months = meeting_months;
    for (const auto& [type, names] : checks) {
        auto t = parse_compound_type(type);
        if (!t || *t == compound_type::none)
            throw argument_error("unknown compound type '" + type + "' in the policy table (expected one of " +
                                 join_names(detail::compound_type_names) + ")");
        for (const auto& name : names) {
            auto c = parse_policy_check(name);
            if (!c)
                throw argument_error("unknown policy check '" + name + "' (expected one of " +
                                     join_names(detail::policy_check_names) + ")");
            table.checks[static_cast<std::size_t>(*t)].push_back(*c);
        }
    }
    return table;
}

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

/// The joint meetings of a meeting book that the meeting check counts: kind `joint`, held by
/// an organisation of the snapshot that is a compound (others are ignored), in book order.
/// O(M) id look-ups for M meetings.
inline std::vector<joint_meeting> joint_meetings_of(const snapshot& s, const meeting_book& book) {
    std::vector<joint_meeting> out;
    for (const auto& m : book.meetings()) {
        if (m.kind != meeting_kind::joint) continue;
        if (auto i = s.find(m.org); i && s.kind(*i) == org_kind::compound) out.push_back({*i, m.day});
    }
    return out;
}

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
/// - three_party_complete: three_party_linkages() (domain/three_party.hpp, the one rule) says
///   the compound's linkage is complete: a valid party branch (own or covering, with at least
///   3 party members), an owners' committee and a property company - exactly the compounds
///   the coverage audit does not list among its three-party gaps;
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
/// number of meetings, plus three_party_linkages() when a policy lists that check. Memory O(V) bytes.
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

    // The three-party rule, computed once when some policy lists it.
    bool wants_three_party = false;
    for (const auto& checks : table.checks)
        for (policy_check k : checks) wants_three_party |= k == policy_check::three_party_complete;
    const std::vector<three_party_linkage> linkage =
        wants_three_party ? three_party_linkages(s, when) : std::vector<three_party_linkage>();

    std::vector<policy_gap> out;
    for (index_t c : s.of_kind(org_kind::compound)) {
        const auto& checks = table.checks[static_cast<std::size_t>(o.compound_types[c])];
        if (checks.empty()) continue;
        bool company = false, pairing = false, team = false;
        for (auto [e, end] = boost::in_edges(c, g); e != end; ++e) {
            const edge_data& d = g[*e];
            if (d.kind == hierarchy_edge || !when.admits(d.valid)) continue;
            switch (static_cast<link_kind>(d.kind)) {
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
                    st = linkage[c].complete() ? check_status::passed : check_status::failed;
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

}  // namespace furong
