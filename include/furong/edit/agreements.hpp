#pragma once
/// @file
/// Applying co-building agreements to a network: the pairing links chosen by
/// domain/agreements.hpp (agreement_changes) are added, all or nothing.

#include <furong/domain/agreements.hpp>
#include <furong/network.hpp>

#include <cstddef>
#include <utility>
#include <vector>

namespace furong {

/// Adds one pairing link (provider -> compound) per interval of `changes[k].added`.
/// All or nothing: the links are added to a copy of `net` (cheap: tables are shared until
/// written), so that every check of network::add_link applies, and the copy replaces `net`
/// only when every link was added. On a throw (unknown_id_error for an unknown provider or
/// compound, model_error for kinds that may not be paired) `net` is unchanged.
/// @return the number of links added. Complexity: O(links added + the copied link table).
inline std::size_t apply_agreement_changes(network& net, const std::vector<agreement_change>& changes) {
    network work = net;
    std::size_t added = 0;
    for (const auto& c : changes)
        for (const auto& v : c.added) {
            work.add_link(c.span.provider, c.span.compound, link_kind::pairing, v);
            ++added;
        }
    if (added) net = std::move(work);
    return added;
}

}  // namespace furong
