#pragma once
/// @file
/// Subtrees of the hierarchy, the one walk behind `Network.to_dot`, `furong.dot.subtree` and
/// the sunburst of `furong.plot.hierarchy`: the organisations under a root, down to a number
/// of levels, counting only the kinds shown (the others are looked through: their children
/// still appear, joined to the nearest shown ancestor).

#include <furong/kinds.hpp>
#include <furong/snapshot.hpp>

#include <bitset>
#include <cstdint>
#include <optional>
#include <vector>

namespace furong {

/// A set of organisation kinds: bit k is `static_cast<org_kind>(k)`.
using org_kind_set = std::bitset<org_kind_count>;

/// Every organisation kind.
inline org_kind_set all_org_kinds() { return org_kind_set().set(); }

/// The rows of a subtree, in hierarchy pre-order (children in index order).
struct subtree_rows {
    std::vector<index_t> node;          ///< organisation index
    std::vector<std::uint32_t> level;   ///< shown levels below the start node (the start is 0)
    std::vector<index_t> shown_parent;  ///< nearest shown ancestor in the subtree; no_index for a start node
    std::size_t size() const noexcept { return node.size(); }
};

/// The organisations under `root` (itself included; `no_index`: under every root of the
/// hierarchy, each a start node), down to `max_levels` levels of the kinds in `shown`
/// (std::nullopt: no limit). A start node is always shown; organisations of other kinds are
/// looked through. The subtree of v is the pre-order slice [label(v).pre, label(v).end) of
/// the snapshot, so the walk reads one contiguous range and skips a whole pruned subtree in
/// one step.
///
/// @param s the snapshot
/// @param root a start node, or no_index for every root
/// @param max_levels levels of shown kinds below the start node; std::nullopt: no limit
/// @param shown kinds shown
/// @throws argument_error when `root` is out of range
///
/// Complexity: O(k) for the k organisations of the pre-order slices visited (at most the
/// size of the subtree; pruned subtrees cost O(1) each), O(depth) extra space.
///
/// Example:
///   auto rows = furong::subtree(snap, snap.index_of("st-wenyilu"), 1, furong::all_org_kinds());
///   // rows.node[0] is the street, the others its children (level 1)
inline subtree_rows subtree(const snapshot& s, index_t root, std::optional<std::uint32_t> max_levels,
                            const org_kind_set& shown) {
    if (root != no_index && root >= s.size())
        throw argument_error("organisation index " + std::to_string(root) + " out of range");
    subtree_rows out;
    const auto& order = s.preorder();
    // Shown ancestors of the current position: (node, end of its pre-order slice).
    std::vector<std::pair<index_t, std::uint32_t>> up;
    auto walk = [&](index_t start) {
        const std::uint32_t first = s.label(start).pre, last = s.label(start).end;
        up.clear();
        for (std::uint32_t p = first; p < last;) {
            const index_t v = order[p];
            while (!up.empty() && up.back().second <= p) up.pop_back();
            const bool is_start = p == first;
            if (!is_start && !shown.test(static_cast<std::size_t>(s.kind(v)))) {
                ++p;  // looked through: its children follow in pre-order
                continue;
            }
            const auto level = static_cast<std::uint32_t>(up.size());
            out.node.push_back(v);
            out.level.push_back(level);
            out.shown_parent.push_back(up.empty() ? no_index : up.back().first);
            if (max_levels && level >= *max_levels) {
                p = s.label(v).end;  // nothing below is shown: skip the whole subtree
                continue;
            }
            up.emplace_back(v, s.label(v).end);
            ++p;
        }
    };
    if (root != no_index) {
        walk(root);
    } else {
        for (index_t r : s.roots()) walk(r);
    }
    return out;
}

}  // namespace furong
