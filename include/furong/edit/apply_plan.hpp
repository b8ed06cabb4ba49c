#pragma once
/// @file
/// Writing a plan (domain/plans.hpp) back into a network: new branches with their covers
/// links, new district-wide property companies with their serves links. Every check runs
/// before the first change, so a refused plan leaves the network as it was.
///
/// Example:
/// @code
///   furong::plan_result p = furong::plan_branches(furong::snapshot(net), furong::date(2025, 6, 1));
///   std::vector<std::vector<furong::index_t>> groups;
///   for (const auto& g : p.groups) groups.push_back(g.compounds);
///   auto added = furong::apply_branch_plan(net, groups, furong::date(2026, 1, 1));
/// @endcode

#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/kinds.hpp>
#include <furong/network.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace furong {

namespace detail {
inline std::string fresh_id(const network& net, const std::string& base) {
    if (!net.find(base)) return base;
    for (std::size_t i = 2;; ++i) {
        std::string id = base + "-" + std::to_string(i);
        if (!net.find(id)) return id;
    }
}
}  // namespace detail

/// Writes a branch plan into `net` from `since` on. For each group (compound indices of
/// `net`): when an existing branch's active covers links on `since` are exactly the group's
/// compounds, it is kept; otherwise a new branch is added - under the compound for a single
/// compound (id `br-<compound>`), under the compounds' community for a joint branch (id
/// `br-<community>-joint`), suffixed `-2`, `-3`... when taken - with a covers link to each
/// compound since `since`. Before that, when `replace` is true, every other covers link to a
/// planned compound active on `since` ends on `since` - 1.
///
/// Complexity: O(L + G log G + sum of group sizes) for L links and G groups.
/// @return ids of the branches added, in group order
/// @throws argument_error when `since` is not a date; model_error when a group is empty,
///         names a non-compound or a compound already in another group. Nothing is changed
///         then (strong guarantee: every edit is made on a copy that replaces `net` at the end).
inline std::vector<std::string> apply_branch_plan(network& net, const std::vector<std::vector<index_t>>& groups, date since,
                                                  bool replace = true) {
    if (since.is_special()) throw argument_error("apply_branch_plan: the date the plan takes effect is required");
    const day_t d = day_of(since);
    std::vector<index_t> group_of(net.organisation_count(), no_index);
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        if (groups[gi].empty()) throw model_error("apply_branch_plan: group " + std::to_string(gi) + " is empty");
        for (index_t c : groups[gi]) {
            if (c >= net.organisation_count() || net.kind(c) != org_kind::compound)
                throw model_error("apply_branch_plan: group " + std::to_string(gi) + " holds a non-compound");
            if (group_of[c] != no_index)
                throw model_error("apply_branch_plan: compound '" + std::string(net.id(c)) + "' is in two groups");
            group_of[c] = static_cast<index_t>(gi);
        }
    }
    // Every check above ran before the first change; the edits below go to a copy (it shares
    // the tables until written) that replaces `net` only when all of them succeeded, so a
    // refused plan (an edit the network rejects) changes nothing either.
    network out = net;
    // What each branch covers on `since`, to keep branches that already match a group.
    const auto links = net.links().rows;  // copy: the edits below may reallocate
    std::vector<std::vector<index_t>> covered(net.organisation_count());
    for (const auto& l : links)
        if (l.kind == link_kind::covers && l.valid.active_on(d)) covered[l.source].push_back(l.target);
    std::vector<index_t> kept(groups.size(), no_index);
    for (index_t b = 0; b < covered.size(); ++b) {
        auto& cv = covered[b];
        if (cv.empty()) continue;
        std::sort(cv.begin(), cv.end());
        cv.erase(std::unique(cv.begin(), cv.end()), cv.end());
        const index_t gi = group_of[cv.front()];
        if (gi == no_index || kept[gi] != no_index || cv.size() != groups[gi].size()) continue;
        std::vector<index_t> want = groups[gi];
        std::sort(want.begin(), want.end());
        if (want == cv) kept[gi] = b;
    }
    if (replace)
        for (std::size_t k = 0; k < links.size(); ++k) {
            const auto& l = links[k];
            if (l.kind != link_kind::covers || !l.valid.active_on(d) || group_of[l.target] == no_index) continue;
            if (kept[group_of[l.target]] == l.source) continue;
            out.end_link(k, d - 1);
        }
    std::vector<std::string> added;
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        if (kept[gi] != no_index) continue;
        const auto& grp = groups[gi];
        index_t parent = grp.front();
        std::string base = "br-" + std::string(out.id(grp.front()));
        std::string name = std::string(out.name(grp.front())) + "\xE5\x85\x9A\xE6\x94\xAF\xE9\x83\xA8";  // 党支部
        if (grp.size() > 1) {
            const index_t cm = out.parent(grp.front());
            if (cm != no_index) {
                parent = cm;
                base = "br-" + std::string(out.id(cm)) + "-joint";
            }
            name = std::string(out.name(grp.front())) + "\xE7\xAD\x89\xE8\x81\x94\xE5\x90\x88\xE5\x85\x9A\xE6\x94\xAF\xE9\x83\xA8";  // 等联合党支部
        }
        std::string id = detail::fresh_id(out, base);
        const index_t b = out.add_organisation(id, org_kind::branch, name, out.id(parent));
        for (index_t c : grp) out.add_link(b, c, link_kind::covers, validity::between(since, date()));
        added.push_back(std::move(id));
    }
    net = std::move(out);
    return added;
}

/// Writes a property-area plan into `net` from `since` on: for each group, a new
/// property_company (a district-wide property, 片区大物业) under the group's street (or the
/// district root when the compounds have no street), id `pc-area-<street>`, suffixed when
/// taken, with a serves link to each compound since `since`.
///
/// Complexity: O(sum of group sizes * depth).
/// @return ids of the companies added, in group order
/// @throws argument_error when `since` is not a date; model_error when a group is empty,
///         names a non-compound, or a compound is under neither a street nor the district.
///         Nothing is changed then (every check runs first; the edits go to a copy).
inline std::vector<std::string> apply_property_plan(network& net, const std::vector<std::vector<index_t>>& groups, date since) {
    if (since.is_special()) throw argument_error("apply_property_plan: the date the plan takes effect is required");
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        if (groups[gi].empty()) throw model_error("apply_property_plan: group " + std::to_string(gi) + " is empty");
        for (index_t c : groups[gi])
            if (c >= net.organisation_count() || net.kind(c) != org_kind::compound)
                throw model_error("apply_property_plan: group " + std::to_string(gi) + " holds a non-compound");
    }
    // Every parent is found before the first change: a refused plan changes nothing.
    std::vector<index_t> parents;
    parents.reserve(groups.size());
    for (const auto& grp : groups) {
        index_t parent = no_index;
        for (index_t a = grp.front(); a != no_index; a = net.parent(a))
            if (net.kind(a) == org_kind::street) { parent = a; break; }
        if (parent == no_index)
            for (index_t a = grp.front(); a != no_index; a = net.parent(a))
                if (net.kind(a) == org_kind::district) { parent = a; break; }
        if (parent == no_index) throw model_error("apply_property_plan: compound '" + std::string(net.id(grp.front())) +
                                                  "' is under neither a street nor the district");
        parents.push_back(parent);
    }
    // The edits go to a copy (it shares the tables until written) that replaces `net` only
    // when every one of them succeeded.
    network out = net;
    std::vector<std::string> added;
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        const index_t parent = parents[gi];
        std::string id = detail::fresh_id(out, "pc-area-" + std::string(out.id(parent)));
        std::string name = std::string(out.name(parent)) + "\xE7\x89\x87\xE5\x8C\xBA\xE5\xA4\xA7\xE7\x89\xA9\xE4\xB8\x9A";  // 片区大物业
        const index_t pc = out.add_organisation(id, org_kind::property_company, name, out.id(parent));
        for (index_t c : groups[gi]) out.add_link(pc, c, link_kind::serves, validity::between(since, date()));
        added.push_back(std::move(id));
    }
    net = std::move(out);
    return added;
}

}  // namespace furong
