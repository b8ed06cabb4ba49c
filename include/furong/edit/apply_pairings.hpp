#pragma once
/// @file
/// Applying a co-building plan: adding its (provider, compound) pairs to a network as
/// `pairing` links from a day on. All or nothing: every pair is checked first (known ids,
/// kinds, no pair twice, no pair already paired on the new link's days, a start day), then
/// the links are added; a refused apply leaves the network unchanged.
///
/// Example:
/// @code
/// furong::co_building_result r = furong::co_building(furong::snapshot(net), o);
/// std::vector<furong::pairing_to_add> add;
/// for (const auto& p : r.pairs) add.push_back({std::string(snap.id(p.provider)), std::string(snap.id(p.compound))});
/// furong::apply_pairings(net, add, furong::date(2025, 11, 1));
/// @endcode

#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/kinds.hpp>
#include <furong/network.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace furong {

/// One pairing to add: the provider (agency or unit) and the compound, by id.
struct pairing_to_add {
    std::string provider;
    std::string compound;
};

/// Adds every pair of `pairs` to `net` as a pairing link provider -> compound, active from
/// `since` (required) to `until` (inclusive; not a date = open-ended), in list order.
///
/// Checks, before any change:
///  - `since` is a date and `until`, when given, is not before it (argument_error);
///  - every id names an organisation (unknown_id_error naming the id);
///  - every provider is an agency or a unit and every compound a compound (argument_error
///    naming the entry);
///  - no pair is listed twice (argument_error naming both entries);
///  - no pair is already joined by a pairing link active on one of the new link's days
///    (argument_error naming the entry).
/// A refused apply changes nothing.
///
/// @return the number of links added (pairs.size()).
///
/// Complexity: O(n log n + L) for n pairs and L links of the network.
inline std::size_t apply_pairings(network& net, const std::vector<pairing_to_add>& pairs, date since,
                                  date until = date()) {
    const std::string fn = "apply_pairings: ";
    if (since.is_special()) throw argument_error(fn + "since is required (the day the new pairings begin)");
    const validity valid = validity::between(since, until);
    if (valid.empty())
        throw argument_error(fn + "until " + to_iso(until) + " is before since " + to_iso(since));
    auto entry = [&](std::size_t k) { return fn + "pairs[" + std::to_string(k) + "] "; };

    // Ids and kinds.
    std::vector<std::pair<index_t, index_t>> idx(pairs.size());
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        const auto p = net.find(pairs[k].provider);
        if (!p) throw unknown_id_error(pairs[k].provider);
        const auto c = net.find(pairs[k].compound);
        if (!c) throw unknown_id_error(pairs[k].compound);
        if (!link_allowed(link_kind::pairing, net.kind(*p), net.kind(*c)))
            throw argument_error(entry(k) + "(" + pairs[k].provider + ", " + pairs[k].compound +
                                 "): a pairing runs from an agency or unit to a compound, not from " +
                                 std::string(name_of(net.kind(*p))) + " to " + std::string(name_of(net.kind(*c))));
        idx[k] = {*p, *c};
    }
    // The same pair twice.
    std::vector<std::size_t> order(pairs.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return idx[a] != idx[b] ? idx[a] < idx[b] : a < b;
    });
    for (std::size_t k = 1; k < order.size(); ++k)
        if (idx[order[k]] == idx[order[k - 1]])
            throw argument_error(entry(order[k]) + "(" + pairs[order[k]].provider + ", " + pairs[order[k]].compound +
                                 ") repeats pairs[" + std::to_string(order[k - 1]) + "]");
    // Already paired on one of the new link's days.
    for (const link_record& l : net.links().rows) {
        if (l.kind != link_kind::pairing || l.valid.empty()) continue;
        if (l.valid.until < valid.since || valid.until < l.valid.since) continue;
        const auto key = std::make_pair(l.source, l.target);
        auto it = std::lower_bound(order.begin(), order.end(), key,
                                   [&](std::size_t a, const std::pair<index_t, index_t>& b) { return idx[a] < b; });
        if (it != order.end() && idx[*it] == key)
            throw argument_error(entry(*it) + "'" + pairs[*it].provider + "' already pairs '" + pairs[*it].compound +
                                 "' on days from " + to_iso(since) + " on");
    }
    // Every check passed: add. network::add_link re-checks what was checked above, so it
    // cannot refuse now.
    for (const auto& [p, c] : idx) net.add_link(p, c, link_kind::pairing, valid);
    return pairs.size();
}

}  // namespace furong
