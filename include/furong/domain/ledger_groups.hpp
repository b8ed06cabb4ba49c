#pragma once
/// @file
/// Groupings of ledger items for the per-group questions (closure times, open and overdue
/// counts): by a field of the item (compound, category, owner, source, meeting) or by the
/// street or community above the item's compound in the network.
///
/// Example:
/// @code
///   auto by = furong::parse_ledger_grouping("street").value();
///   auto st = furong::closure_stats_by(net, data.items, furong::date(2025, 12, 31), by);
/// @endcode

#include <furong/domain/ledger.hpp>
#include <furong/network.hpp>
#include <furong/snapshot.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace furong {

/// How ledger items are grouped. street and community: the organisation of that kind above
/// the item's compound ("" when there is none).
enum class ledger_grouping : std::uint8_t { street, community, compound, category, owner, source, meeting };

namespace detail {
inline constexpr std::array<std::string_view, 7> ledger_grouping_names{"street", "community", "compound", "category",
                                                                       "owner",  "source",    "meeting"};
}  // namespace detail

constexpr std::string_view name_of(ledger_grouping g) { return detail::ledger_grouping_names[static_cast<std::size_t>(g)]; }
inline std::optional<ledger_grouping> parse_ledger_grouping(std::string_view s) {
    return detail::parse_name<ledger_grouping>(detail::ledger_grouping_names, s);
}
/// The grouping named `s`; throws argument_error listing the names otherwise.
inline ledger_grouping ledger_grouping_of(std::string_view s) {
    if (auto g = parse_ledger_grouping(s)) return *g;
    throw argument_error("unknown grouping '" + std::string(s) + "' (expected one of " +
                         join_names(detail::ledger_grouping_names) + ")");
}

/// The id of the organisation of `kind` above each compound of the ledger ("" when none),
/// by compound id. `Net` is a network or a snapshot (anything with find, parent, kind and
/// id); pass a snapshot to run without the Python GIL. O(compounds x depth).
template <class Net>
std::unordered_map<std::string, std::string> compound_groups(const Net& net, const ledger& L, org_kind kind) {
    std::unordered_map<std::string, std::string> out;
    for (const auto& c : L.compounds()) {
        std::string group;
        if (auto i = net.find(c))
            for (index_t k = *i; k != no_index; k = net.parent(k))
                if (net.kind(k) == kind) { group = std::string(net.id(k)); break; }
        out.emplace(c, std::move(group));
    }
    return out;
}

namespace detail {
inline std::optional<item_field> item_field_of(ledger_grouping g) {
    switch (g) {
        case ledger_grouping::compound: return item_field::compound;
        case ledger_grouping::category: return item_field::category;
        case ledger_grouping::owner: return item_field::owner;
        case ledger_grouping::source: return item_field::source;
        case ledger_grouping::meeting: return item_field::meeting;
        default: return std::nullopt;
    }
}
inline org_kind area_of(ledger_grouping g) { return g == ledger_grouping::street ? org_kind::street : org_kind::community; }
}  // namespace detail

/// Closure statistics of `L` on `as_of` per group (ledger::closure_stats). `Net`: a network
/// or a snapshot. O(n + m log m).
template <class Net>
std::map<std::string, closure_stat> closure_stats_by(const Net& net, const ledger& L, date as_of, ledger_grouping by) {
    if (auto f = detail::item_field_of(by)) return L.closure_stats(as_of, *f);
    return L.closure_stats(as_of, compound_groups(net, L, detail::area_of(by)));
}

/// Open and overdue counts on `d` per street, community or compound (groups with open
/// items). Throws argument_error for another grouping. `Net`: a network or a snapshot. O(n).
template <class Net>
std::map<std::string, open_overdue> open_overdue_by(const Net& net, const ledger& L, date d, ledger_grouping by) {
    if (by == ledger_grouping::compound) return L.open_overdue_by(d);
    if (by != ledger_grouping::street && by != ledger_grouping::community)
        throw argument_error("unknown grouping '" + std::string(name_of(by)) +
                             "' (expected street, community or compound)");
    auto groups = compound_groups(net, L, detail::area_of(by));
    return L.open_overdue_by(d, &groups);
}

}  // namespace furong
