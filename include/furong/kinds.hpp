#pragma once
/// @file
/// Organisation, link and role kinds, and the attribute enumerations, each with one table
/// that maps names to values and, for organisation kinds, the kinds each may sit under.
/// The CSV reader, the nesting rules, the docs and the Python enums all read these tables.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace furong {

/// Kinds of organisation (nodes of the network). See docs/domain.md for the Chinese terms.
enum class org_kind : std::uint8_t {
    district, agency, street, community, compound, branch, grid, building, household,
    owners_committee, property_company, unit, alliance, team, area, group, neighbourhood
};
inline constexpr std::size_t org_kind_count = 17;

/// Kinds of dated link between organisations.
enum class link_kind : std::uint8_t {
    pairing,     ///< agency or unit -> compound (co-building, 结对共建)
    member,      ///< unit -> alliance (the Pioneer Community)
    serves,      ///< property_company -> compound
    represents,  ///< owners_committee -> compound
    covers,      ///< branch -> compound it covers (a joint branch covers several)
    in_grid,     ///< building -> grid
    contact,     ///< household -> neighbourhood (neighbour team)
    adjacent,    ///< compound -> compound (neighbouring compounds, for joint planning)
    supports,    ///< team -> compound or community it serves (volunteer teams)
    liaison      ///< agency -> street or community it is the liaison of (区直部门联系点)
};
inline constexpr std::size_t link_kind_count = 10;

/// Kinds of dated role a person holds in an organisation.
enum class role_kind : std::uint8_t {
    community_secretary, branch_secretary, owners_chair, property_manager, grid_worker,
    building_leader, area_leader, group_leader, neighbour_leader, volunteer, team_member,
    team_leader, unit_contact
};
inline constexpr std::size_t role_kind_count = 13;

/// Compound types, one policy per type (一类一策). `none` for non-compounds or unknown.
enum class compound_type : std::uint8_t { none, commercial, work_unit, old, resettlement };
inline constexpr std::size_t compound_type_count = 5;

/// Types of resident unit (驻区单位). `none` for non-units or unknown.
enum class unit_type : std::uint8_t {
    none, provincial_agency, university, research_institute, state_enterprise, business
};
inline constexpr std::size_t unit_type_count = 6;

namespace detail {
inline constexpr std::array<std::string_view, org_kind_count> org_kind_names{
    "district", "agency", "street", "community", "compound", "branch", "grid", "building",
    "household", "owners_committee", "property_company", "unit", "alliance", "team", "area",
    "group", "neighbourhood"};
inline constexpr std::array<std::string_view, link_kind_count> link_kind_names{
    "pairing", "member", "serves", "represents", "covers", "in_grid", "contact", "adjacent",
    "supports", "liaison"};
inline constexpr std::array<std::string_view, role_kind_count> role_kind_names{
    "community_secretary", "branch_secretary", "owners_chair", "property_manager", "grid_worker",
    "building_leader", "area_leader", "group_leader", "neighbour_leader", "volunteer",
    "team_member", "team_leader", "unit_contact"};
inline constexpr std::array<std::string_view, compound_type_count> compound_type_names{
    "", "commercial", "work_unit", "old", "resettlement"};
inline constexpr std::array<std::string_view, unit_type_count> unit_type_names{
    "", "provincial_agency", "university", "research_institute", "state_enterprise", "business"};

// The Chinese terms (Simplified, as Changsha's planners write them) of each kind, in the
// order of the name tables above: one place for the report, the CLI, the docs and Python
// (furong._core.ORG_KIND_TERMS and its siblings).
inline constexpr std::array<std::string_view, org_kind_count> org_kind_terms{
    "区", "区直机关党组织", "街道", "社区", "小区", "小区党支部", "网格", "楼栋",
    "户", "业主委员会", "物业公司", "驻区单位", "芙蓉先锋共同体", "志愿队伍", "片",
    "组", "邻"};
inline constexpr std::array<std::string_view, link_kind_count> link_kind_terms{
    "结对共建", "共同体成员", "物业服务", "业委会代表", "党支部覆盖", "所属网格", "联系户", "相邻",
    "志愿服务", "联系点"};
inline constexpr std::array<std::string_view, role_kind_count> role_kind_terms{
    "社区党委书记", "小区党支部书记", "业委会主任", "物业经理", "网格员",
    "楼栋长", "片长", "组长", "邻长", "志愿者",
    "队员", "队长", "单位联络员"};
inline constexpr std::array<std::string_view, compound_type_count> compound_type_terms{
    "", "商住小区", "单位小区", "老旧小区", "安置小区"};
inline constexpr std::array<std::string_view, unit_type_count> unit_type_terms{
    "", "省直机关", "高校", "科研院所", "国有企业", "企业"};

template <class Enum, std::size_t N>
constexpr std::optional<Enum> parse_name(const std::array<std::string_view, N>& names,
                                         std::string_view text) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == text) return static_cast<Enum>(i);
    return std::nullopt;
}

constexpr std::uint32_t bit(org_kind k) { return 1u << static_cast<unsigned>(k); }

/// For each kind, the set of kinds its parent may have (bit mask); 0 means "must be a root".
inline constexpr std::array<std::uint32_t, org_kind_count> allowed_parents{
    /*district*/ 0,
    /*agency*/ bit(org_kind::district),
    /*street*/ bit(org_kind::district),
    /*community*/ bit(org_kind::street),
    /*compound*/ bit(org_kind::community),
    /*branch*/ bit(org_kind::compound) | bit(org_kind::community),
    /*grid*/ bit(org_kind::community),
    /*building*/ bit(org_kind::compound),
    /*household*/ bit(org_kind::building) | bit(org_kind::compound),
    /*owners_committee*/ bit(org_kind::compound),
    /*property_company*/ bit(org_kind::street) | bit(org_kind::district),
    /*unit*/ bit(org_kind::street) | bit(org_kind::district),
    /*alliance*/ bit(org_kind::district),
    /*team*/ bit(org_kind::community) | bit(org_kind::compound),
    /*area*/ bit(org_kind::community),
    /*group*/ bit(org_kind::area),
    /*neighbourhood*/ bit(org_kind::group)};
}  // namespace detail

constexpr std::string_view name_of(org_kind k) { return detail::org_kind_names[static_cast<std::size_t>(k)]; }
constexpr std::string_view name_of(link_kind k) { return detail::link_kind_names[static_cast<std::size_t>(k)]; }
constexpr std::string_view name_of(role_kind k) { return detail::role_kind_names[static_cast<std::size_t>(k)]; }
constexpr std::string_view name_of(compound_type k) { return detail::compound_type_names[static_cast<std::size_t>(k)]; }
constexpr std::string_view name_of(unit_type k) { return detail::unit_type_names[static_cast<std::size_t>(k)]; }

/// The Chinese term of a kind (Simplified), e.g. term_of(org_kind::compound) == "小区".
constexpr std::string_view term_of(org_kind k) { return detail::org_kind_terms[static_cast<std::size_t>(k)]; }
constexpr std::string_view term_of(link_kind k) { return detail::link_kind_terms[static_cast<std::size_t>(k)]; }
constexpr std::string_view term_of(role_kind k) { return detail::role_kind_terms[static_cast<std::size_t>(k)]; }
constexpr std::string_view term_of(compound_type k) { return detail::compound_type_terms[static_cast<std::size_t>(k)]; }
constexpr std::string_view term_of(unit_type k) { return detail::unit_type_terms[static_cast<std::size_t>(k)]; }

/// Parses a kind name; std::nullopt when the name is not in the table.
constexpr std::optional<org_kind> parse_org_kind(std::string_view s) { return detail::parse_name<org_kind>(detail::org_kind_names, s); }
constexpr std::optional<link_kind> parse_link_kind(std::string_view s) { return detail::parse_name<link_kind>(detail::link_kind_names, s); }
constexpr std::optional<role_kind> parse_role_kind(std::string_view s) { return detail::parse_name<role_kind>(detail::role_kind_names, s); }
constexpr std::optional<compound_type> parse_compound_type(std::string_view s) { return detail::parse_name<compound_type>(detail::compound_type_names, s); }
constexpr std::optional<unit_type> parse_unit_type(std::string_view s) { return detail::parse_name<unit_type>(detail::unit_type_names, s); }

/// True when an organisation of kind `child` may sit directly under one of kind `parent`.
constexpr bool may_nest(org_kind child, org_kind parent) {
    return (detail::allowed_parents[static_cast<std::size_t>(child)] & detail::bit(parent)) != 0;
}
/// True when `k` must be a root (has no parent): only the district.
constexpr bool is_root_kind(org_kind k) { return detail::allowed_parents[static_cast<std::size_t>(k)] == 0; }

namespace detail {
constexpr std::uint32_t bits() { return 0; }
template <class... More>
constexpr std::uint32_t bits(org_kind k, More... more) { return bit(k) | bits(more...); }

/// For each link kind, the kinds its source and its target may have.
struct endpoint_rule { std::uint32_t sources, targets; };
inline constexpr std::array<endpoint_rule, link_kind_count> link_endpoints{{
    /*pairing*/ {bits(org_kind::agency, org_kind::unit), bits(org_kind::compound)},
    /*member*/ {bits(org_kind::unit, org_kind::agency), bits(org_kind::alliance)},
    /*serves*/ {bits(org_kind::property_company), bits(org_kind::compound)},
    /*represents*/ {bits(org_kind::owners_committee), bits(org_kind::compound)},
    /*covers*/ {bits(org_kind::branch), bits(org_kind::compound)},
    /*in_grid*/ {bits(org_kind::building), bits(org_kind::grid)},
    /*contact*/ {bits(org_kind::household), bits(org_kind::neighbourhood)},
    /*adjacent*/ {bits(org_kind::compound), bits(org_kind::compound)},
    /*supports*/ {bits(org_kind::team), bits(org_kind::compound, org_kind::community)},
    /*liaison*/ {bits(org_kind::agency), bits(org_kind::street, org_kind::community)},
}};

/// For each role kind, the kinds of organisation it may be held in.
inline constexpr std::array<std::uint32_t, role_kind_count> role_orgs{
    /*community_secretary*/ bits(org_kind::community),
    /*branch_secretary*/ bits(org_kind::branch),
    /*owners_chair*/ bits(org_kind::owners_committee),
    /*property_manager*/ bits(org_kind::property_company),
    /*grid_worker*/ bits(org_kind::grid),
    /*building_leader*/ bits(org_kind::building),
    /*area_leader*/ bits(org_kind::area),
    /*group_leader*/ bits(org_kind::group),
    /*neighbour_leader*/ bits(org_kind::neighbourhood),
    /*volunteer*/ bits(org_kind::compound, org_kind::team, org_kind::community),
    /*team_member*/ bits(org_kind::team),
    /*team_leader*/ bits(org_kind::team),
    /*unit_contact*/ bits(org_kind::unit, org_kind::agency)};

/// Names of the kinds in a mask, for messages ("agency or unit").
inline std::string kinds_in(std::uint32_t mask) {
    std::string out;
    for (std::size_t i = 0; i < org_kind_count; ++i)
        if (mask & (1u << i)) {
            if (!out.empty()) out += " or ";
            out += org_kind_names[i];
        }
    return out.empty() ? std::string("none (a root)") : out;
}
}  // namespace detail

/// True when a link of kind `k` may run from an organisation of kind `s` to one of kind `t`.
constexpr bool link_allowed(link_kind k, org_kind s, org_kind t) {
    const auto& r = detail::link_endpoints[static_cast<std::size_t>(k)];
    return (r.sources & detail::bit(s)) && (r.targets & detail::bit(t));
}
/// True when a role of kind `r` may be held in an organisation of kind `k`.
constexpr bool role_allowed(role_kind r, org_kind k) {
    return (detail::role_orgs[static_cast<std::size_t>(r)] & detail::bit(k)) != 0;
}

/// Comma-separated list of every non-empty name in a table, for "expected one of ..." messages.
template <std::size_t N>
std::string join_names(const std::array<std::string_view, N>& names) {
    std::string out;
    for (auto n : names) {
        if (n.empty()) continue;
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

namespace detail {
/// The enum that field `col` of a reader's current row names in `names`; otherwise the reader
/// fails at that field (input_error: file, line, column) with the names it expected. O(N).
template <class Enum, class Reader, std::size_t N>
Enum enum_field(const Reader& r, std::size_t col, const std::array<std::string_view, N>& names, const char* what) {
    const std::string_view f = r.text(col);
    if (auto v = parse_name<Enum>(names, f)) return *v;
    r.fail(col, std::string("unknown ") + what + " '" + std::string(f) + "' (expected one of " + join_names(names) + ")");
}
}  // namespace detail

}  // namespace furong
