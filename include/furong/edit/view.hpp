#pragma once
/// @file
/// Scoped views (PIPL: each office sees what its duty needs): the network restricted to the
/// subtree of one organisation. A view is a new, ordinary network (with its ledger), so every
/// query - audit, reach, escalation, match, plan, ledger - runs on it unchanged and can only
/// answer from what the view holds; an id outside is unknown to it.
///
/// What a view holds (docs/privacy.md):
/// - the organisations of the scope (scope_members: the subtree, and a grid's buildings),
///   with their names, counts and attributes;
/// - their ancestors outside the scope as bare ids (id and kind: no name, no counts, no
///   attributes), so that the hierarchy still has its root;
/// - the links with both ends inside, with their attributes; a link with one end outside
///   keeps its kind and dates, and its outside end becomes a placeholder organisation
///   `outside:<kind>:<n>` (no name, counts or attributes; the kinds and dates of the roles
///   held in it, held by the placeholder person `outside:person`): "an outside party";
/// - the people holding a role inside, their roles inside (roles held outside are dropped);
/// - offers of providers inside, needs of compounds inside;
/// - the ledger: items of compounds inside with their events and visits; meetings held by an
///   organisation inside, their attendance, agreements and commitments. An item's owner or an
///   attendee from outside becomes the placeholder person `outside:person` (or an
///   `outside:<kind>:<n>` organisation); a meeting reference outside is cleared.
/// Every attribute value copied that names an organisation or a person outside the view is
/// cleared, so no outside id leaks through a free-form column.

#include <furong/error.hpp>
#include <furong/io/ledger_files.hpp>
#include <furong/kinds.hpp>
#include <furong/network.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furong {

/// A network together with its ledger (null when it has none): what a view or a redaction
/// returns.
struct network_with_ledger {
    network net;
    std::shared_ptr<const ledger_data> ledger;
};

/// The id prefix of placeholder organisations and people in a view.
inline constexpr std::string_view outside_prefix = "outside:";

namespace detail {

/// Organisations in an order where every parent comes before its children (breadth first
/// from the roots, children in index order), and the children lists. O(V).
struct hierarchy_order {
    std::vector<std::vector<index_t>> children;
    std::vector<index_t> roots;
    explicit hierarchy_order(const network& net) : children(net.organisation_count()) {
        for (index_t i = 0; i < net.organisation_count(); ++i) {
            const index_t p = net.parent(i);
            if (p == no_index) roots.push_back(i);
            else children[p].push_back(i);
        }
    }
    /// The subtree of each start, parents first. O(size of the subtrees).
    std::vector<index_t> below(const std::vector<index_t>& starts) const {
        std::vector<index_t> out(starts);
        for (std::size_t k = 0; k < out.size(); ++k)
            for (index_t c : children[out[k]]) out.push_back(c);
        return out;
    }
};

/// The fields of organisation `i` to re-create it elsewhere; each free-form attribute goes
/// through `value` (returning std::nullopt drops it). O(attributes).
inline network::organisation_fields org_fields(
    const network& net, index_t i,
    const std::function<std::optional<std::string>(std::string_view name, std::string_view value)>& value) {
    const auto& t = net.organisations();
    network::organisation_fields f;
    if (t.kinds[i] == org_kind::compound) f.compound = t.compound_types[i];
    if (t.kinds[i] == org_kind::unit) f.unit = t.unit_types[i];
    if (t.households[i] >= 0) f.households = t.households[i];
    if (t.party_members[i] >= 0) f.party_members = t.party_members[i];
    if (t.capacities[i] >= 0) f.capacity = t.capacities[i];
    for (std::size_t c = 0; c < t.extra.names().size(); ++c) {
        auto v = t.extra.get(c, i);
        if (v.empty()) continue;
        if (auto kept = value(t.extra.names()[c], v)) f.extra.emplace_back(t.extra.names()[c], std::move(*kept));
    }
    return f;
}

/// Copies the free-form attributes of row `from` of `src` to row `to` through `set`, each
/// value passed through `value` (std::nullopt drops it).
template <class Set>
void copy_attributes(const attribute_columns& src, std::size_t from, std::size_t to,
                     const std::function<std::optional<std::string>(std::string_view, std::string_view)>& value,
                     Set set) {
    for (std::size_t c = 0; c < src.names().size(); ++c) {
        auto v = src.get(c, from);
        if (v.empty()) continue;
        if (auto kept = value(src.names()[c], v)) set(to, src.names()[c], std::move(*kept));
    }
}

}  // namespace detail

/// The organisations a scope rooted at `root` holds: its subtree and, for a grid, the
/// subtrees of the buildings linked to it by `in_grid` (on any date): a grid worker's
/// buildings and their households sit under their compounds, not under the grid. The one
/// definition of "inside" for views, scoped store handles and PostgreSQL roles.
/// Complexity: O(V + L).
inline std::vector<std::uint8_t> scope_members(const network& net, index_t root) {
    const detail::hierarchy_order h(net);
    std::vector<index_t> starts{root};
    if (net.kind(root) == org_kind::grid)
        for (const auto& l : net.links().rows)
            if (l.kind == link_kind::in_grid && l.target == root && net.kind(l.source) == org_kind::building)
                starts.push_back(l.source);
    std::vector<std::uint8_t> inside(net.organisation_count(), 0);
    for (index_t i : h.below(starts)) inside[i] = 1;
    return inside;
}

/// The view of `net` (and its ledger, may be null) scoped to `org_id` (scope_members: its
/// subtree, and a grid's buildings).
///
/// @param net the whole network
/// @param source_ledger its ledger, or nullptr
/// @param org_id the root of the scope (a street, a community, a grid...)
/// @throws unknown_id_error when `org_id` is not an organisation of `net`
///
/// Complexity: O(V + L + R + P + ledger rows) for V organisations, L links, R roles, P
/// people.
///
/// Example:
/// @code
///   auto v = furong::view(net, &ledger, "st-wenyilu");
///   auto audit = furong::coverage_audit(furong::snapshot(v.net), {});  // Wenyilu alone
/// @endcode
inline network_with_ledger view(const network& net, const ledger_data* source_ledger, std::string_view org_id) {
    const index_t root = net.index_of(org_id);
    const detail::hierarchy_order h(net);
    const std::vector<std::uint8_t> inside = scope_members(net, root);
    std::vector<std::uint8_t> ancestor(net.organisation_count(), 0);
    std::vector<index_t> up;  // strict ancestors of the root, nearest first
    for (index_t a = net.parent(root); a != no_index; a = net.parent(a)) up.push_back(a);
    // Every organisation, parents first; the ancestors of the members (outside) are bare.
    const std::vector<index_t> all = h.below(h.roots);
    for (index_t i : all)
        if (inside[i])
            for (index_t a = net.parent(i); a != no_index && !inside[a] && !ancestor[a]; a = net.parent(a)) ancestor[a] = 1;
    std::vector<std::uint8_t> person_in(net.person_count(), 0);
    for (const auto& r : net.roles().rows)
        if (inside[r.org]) person_in[r.person] = 1;

    // A value naming an organisation or a person outside the view is cleared.
    const auto visible_org = [&](std::string_view id) {
        auto i = net.find(id);
        return !i || inside[*i] || ancestor[*i];
    };
    const auto visible_person = [&](std::string_view id) {
        auto p = net.find_person(id);
        return !p || person_in[*p];
    };
    const std::function<std::optional<std::string>(std::string_view, std::string_view)> clean =
        [&](std::string_view, std::string_view v) -> std::optional<std::string> {
        if (!visible_org(v) || !visible_person(v)) return std::nullopt;
        return std::string(v);
    };

    network out;
    for (index_t i : all) {
        const index_t p = net.parent(i);
        const std::string_view parent = p == no_index ? std::string_view() : net.id(p);
        if (ancestor[i]) out.add_organisation(net.id(i), net.kind(i), "", parent);
        else if (inside[i]) out.add_organisation(net.id(i), net.kind(i), net.name(i), parent, detail::org_fields(net, i, clean));
    }
    // Placeholders: one per outside organisation met, numbered in order of appearance
    // ("outside:<kind>:<n>"), under the nearest strict ancestor that may hold it (never
    // inside the scope, so subtree counts stay true), else a root. It keeps the kinds and
    // dates of the roles held in it, by the placeholder person, so that the answers about
    // the inside (does a household's neighbourhood have a leader today?) stay those of the
    // whole network.
    const std::string outside_person = std::string(outside_prefix) + "person";
    std::vector<std::string> placeholder_of(net.organisation_count());
    std::vector<std::size_t> per_kind(org_kind_count, 0);
    std::vector<std::vector<std::size_t>> roles_in;  // role rows per organisation, built on first use
    const auto placeholder = [&](index_t o) -> const std::string& {
        if (!placeholder_of[o].empty()) return placeholder_of[o];
        const org_kind k = net.kind(o);
        std::string id = std::string(outside_prefix) + std::string(name_of(k)) + ":" +
                         std::to_string(++per_kind[static_cast<std::size_t>(k)]);
        std::string_view parent;
        for (index_t a : up)
            if (may_nest(k, net.kind(a))) {
                parent = net.id(a);
                break;
            }
        out.add_organisation(id, k, "", parent);
        if (roles_in.empty()) {
            roles_in.resize(net.organisation_count());
            for (std::size_t r = 0; r < net.roles().rows.size(); ++r) roles_in[net.roles().rows[r].org].push_back(r);
        }
        for (std::size_t r : roles_in[o]) {
            if (!out.find_person(outside_person)) out.add_person(outside_person, "");
            out.add_role(outside_person, id, net.roles().rows[r].kind, net.roles().rows[r].valid);
        }
        return placeholder_of[o] = std::move(id);
    };
    const auto& links = net.links();
    for (std::size_t k = 0; k < links.rows.size(); ++k) {
        const auto& l = links.rows[k];
        const bool s = inside[l.source], t = inside[l.target];
        if (!s && !t) continue;
        if (s && t) {
            auto row = out.add_link(net.id(l.source), net.id(l.target), l.kind, l.valid);
            detail::copy_attributes(links.extra, k, row, clean, [&](std::size_t r, std::string_view n, std::string v) {
                out.set_link_attribute(r, n, std::move(v));
            });
        } else {
            const std::string src = s ? std::string(net.id(l.source)) : placeholder(l.source);
            const std::string dst = t ? std::string(net.id(l.target)) : placeholder(l.target);
            out.add_link(src, dst, l.kind, l.valid);
        }
    }
    const auto& people = net.people();
    for (index_t p = 0; p < net.person_count(); ++p) {
        if (!person_in[p]) continue;
        const index_t q = out.add_person(net.person_id(p), net.person_name(p));
        detail::copy_attributes(people.extra, p, q, clean, [&](std::size_t r, std::string_view n, std::string v) {
            out.set_person_attribute(static_cast<index_t>(r), n, std::move(v));
        });
    }
    const auto& roles = net.roles();
    for (std::size_t k = 0; k < roles.rows.size(); ++k) {
        const auto& r = roles.rows[k];
        if (!inside[r.org]) continue;
        auto row = out.add_role(net.person_id(r.person), net.id(r.org), r.kind, r.valid);
        detail::copy_attributes(roles.extra, k, row, clean, [&](std::size_t x, std::string_view n, std::string v) {
            out.set_role_attribute(x, n, std::move(v));
        });
    }
    const auto& res = net.resources();
    for (std::size_t k = 0; k < res.offers.size(); ++k) {
        const auto& o = res.offers[k];
        if (!inside[o.provider]) continue;
        out.add_offer(out.index_of(net.id(o.provider)), o.resource, o.amount);
        detail::copy_attributes(res.offer_extra, k, out.resources().offers.size() - 1, clean,
                                [&](std::size_t x, std::string_view n, std::string v) { out.set_offer_attribute(x, n, std::move(v)); });
    }
    for (std::size_t k = 0; k < res.needs.size(); ++k) {
        const auto& d = res.needs[k];
        if (!inside[d.compound]) continue;
        out.add_need(out.index_of(net.id(d.compound)), d.resource, d.priority);
        detail::copy_attributes(res.need_extra, k, out.resources().needs.size() - 1, clean,
                                [&](std::size_t x, std::string_view n, std::string v) { out.set_need_attribute(x, n, std::move(v)); });
    }
    if (!source_ledger) return {std::move(out), nullptr};

    // ---- the ledger ----
    const auto org_inside = [&](const std::string& id) {
        auto i = net.find(id);
        return i && inside[*i];
    };
    const auto person_or_placeholder = [&](const std::string& id) -> std::string {
        auto p = net.find_person(id);
        if (p && person_in[*p]) return id;
        if (!out.find_person(outside_person)) out.add_person(outside_person, "");
        return outside_person;
    };
    // An organisation or person reference: kept when visible, else a placeholder.
    const auto party_ref = [&](const std::string& id) -> std::string {
        if (auto i = net.find(id)) return inside[*i] || ancestor[*i] ? id : placeholder(*i);
        return person_or_placeholder(id);
    };
    auto d = std::make_shared<ledger_data>();
    d->calendar = source_ledger->calendar;
    d->sla = source_ledger->sla;
    for (const auto& m : source_ledger->meetings.meetings())
        if (org_inside(m.org)) d->meetings.add_meeting(m);
    for (const auto& a : source_ledger->meetings.attendance())
        if (d->meetings.contains(a.meeting)) d->meetings.add_attendance({a.meeting, a.side, party_ref(a.attendee)});
    for (const auto& a : source_ledger->meetings.agreements())
        if (d->meetings.contains(a.meeting) && org_inside(a.compound)) {
            auto b = a;
            b.provider = party_ref(a.provider);
            d->meetings.add_agreement(std::move(b));
        }
    for (const auto& c : source_ledger->meetings.commitments())
        if (d->meetings.contains(c.meeting)) {
            auto b = c;
            b.provider = party_ref(c.provider);
            d->meetings.add_commitment(std::move(b));
        }
    const furong::ledger& items = source_ledger->items;
    ledger_builder b(d->calendar, d->sla);
    std::vector<std::uint32_t> kept;
    for (std::uint32_t i = 0; i < items.size(); ++i) {
        if (!org_inside(items.compound(i))) continue;
        item_record r = items.record(i);
        r.owner = person_or_placeholder(r.owner);
        if (!r.meeting.empty() && !d->meetings.contains(r.meeting)) r.meeting.clear();
        b.add_item(r);
        kept.push_back(i);
    }
    for (auto i : kept)
        for (const auto& [day, status] : items.events(i)) b.add_event(items.id(i), day, status);
    for (auto i : kept)
        for (const auto& [day, outcome] : items.visits(i)) b.add_visit(items.id(i), day, outcome);
    d->items = b.build();
    return {std::move(out), std::move(d)};
}

/// The view of a network without a ledger. See the overload above.
inline network view(const network& net, std::string_view org_id) { return view(net, nullptr, org_id).net; }

}  // namespace furong
