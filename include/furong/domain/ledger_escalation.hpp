#pragma once
/// @file
/// The next escalation step of a ledger item open for too long (Ledger.open_longer_than):
/// on the escalation path of the item's compound (compound -> branch -> community -> street
/// -> district, algorithm/escalation.hpp) the step after the highest one whose responsible
/// people include the item's owner; when the owner holds none of them (a grid worker, an
/// owners' chair), the step after the compound. None at the top of the path.
///
/// Example:
/// @code
///   auto path = furong::escalation_path(snap, snap.index_of("cp-1"), furong::date(2025, 12, 31));
///   const furong::escalation_step* next = furong::next_escalation_step(path, net.find_person("p-7"));
/// @endcode

#include <furong/algorithm/escalation.hpp>

#include <algorithm>
#include <optional>

namespace furong {

/// The step to escalate to (see the file comment), or nullptr when there is none.
/// @param owner the owner's person index (nullopt: not a person of the network).
/// Complexity: O(steps x holders per step).
inline const escalation_step* next_escalation_step(const escalation_result& path, std::optional<index_t> owner) {
    std::size_t at = 0;
    if (owner)
        for (std::size_t k = 0; k < path.steps.size(); ++k) {
            const auto& h = path.steps[k].holders;
            if (std::find(h.begin(), h.end(), *owner) != h.end()) at = k;
        }
    return at + 1 < path.steps.size() ? &path.steps[at + 1] : nullptr;
}

}  // namespace furong
