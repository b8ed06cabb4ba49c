#pragma once
/// @file
/// Pseudonymised copies of a network and its ledger, for data that leaves the office (PIPL:
/// de-identified before research use; docs/privacy.md):
/// - people's names, households' names and the free-text summaries of ledger items are
///   removed;
/// - person ids become `p-` and household ids `h-` followed by 16 hex digits of
///   HMAC-SHA256(key, id): the same key gives the same pseudonym, so two exports made with
///   one key join; without the key an id cannot be recomputed from its pseudonym;
/// - free-form attributes of people, households and roles are dropped unless listed as kept;
///   a kept value (or any other attribute value) naming a person or a household is replaced
///   by its pseudonym;
/// - everything else (organisations other than households, links, roles, offers, needs,
///   meetings, agreements, commitments, events, visits) is copied, so every count the audit,
///   matching, plans and the ledger answer stays the same.

#include <furong/detail/sha256.hpp>
#include <furong/edit/view.hpp>
#include <furong/error.hpp>
#include <furong/network.hpp>

#include <algorithm>
#include <functional>
#include <optional>
#include <unordered_set>
#include <string>
#include <string_view>
#include <vector>

namespace furong {

/// The shortest key accepted for pseudonyms, in bytes.
inline constexpr std::size_t min_pseudonym_key_bytes = 16;

/// `prefix` + 16 hex digits (64 bits) of HMAC-SHA256(key, id). O(|key| + |id|).
/// @throws argument_error when the key is shorter than min_pseudonym_key_bytes.
inline std::string pseudonym(std::string_view key, std::string_view id, std::string_view prefix) {
    if (key.size() < min_pseudonym_key_bytes)
        throw argument_error("a pseudonym key needs at least " + std::to_string(min_pseudonym_key_bytes) +
                             " bytes, got " + std::to_string(key.size()));
    return std::string(prefix) + detail::to_hex(detail::hmac_sha256(key, id), 8);
}

/// A redacted copy of `net` and its ledger (may be null); see the file comment.
///
/// @param net the network; @param source_ledger its ledger, or nullptr
/// @param key the secret key (>= 16 bytes)
/// @param keep names of person, household or role attributes to keep
/// @throws argument_error for a short key, a name in `keep` that is no such attribute, or
///         two ids with one pseudonym (a 64-bit collision; use another key)
///
/// Complexity: O(V + L + R + P + ledger rows), one HMAC per person and household.
inline network_with_ledger redact(const network& net, const ledger_data* source_ledger, std::string_view key,
                                  const std::vector<std::string>& keep) {
    (void)pseudonym(key, "", "");  // checks the key before any work
    std::vector<std::string> known;
    const auto& orgs = net.organisations();
    for (const auto* cols : {&net.people().extra, &orgs.extra, &net.roles().extra})
        for (const auto& n : cols->names()) known.push_back(n);
    for (const auto& k : keep)
        if (std::find(known.begin(), known.end(), k) == known.end())
            throw argument_error("no attribute '" + k + "' to keep (people, household and role attributes: " +
                                 [&] {
                                     std::string s;
                                     for (const auto& n : known) s += (s.empty() ? "" : ", ") + n;
                                     return s.empty() ? std::string("none") : s;
                                 }() +
                                 ")");
    const auto kept = [&](std::string_view name) { return std::find(keep.begin(), keep.end(), name) != keep.end(); };

    std::vector<std::string> org_id(net.organisation_count()), person_id(net.person_count());
    std::unordered_set<std::string> used;
    const auto fresh = [&](std::string p, std::string_view of) {
        if (!used.insert(p).second)
            throw argument_error("two ids share the pseudonym '" + p + "' (one is '" + std::string(of) +
                                 "'); use another key");
        return p;
    };
    for (index_t i = 0; i < net.organisation_count(); ++i)
        org_id[i] = net.kind(i) == org_kind::household ? fresh(pseudonym(key, net.id(i), "h-"), net.id(i))
                                                       : std::string(net.id(i));
    for (index_t p = 0; p < net.person_count(); ++p) person_id[p] = fresh(pseudonym(key, net.person_id(p), "p-"), net.person_id(p));

    // Any reference to a person or a household, wherever it appears, becomes its pseudonym.
    const auto ref = [&](std::string_view v) -> std::string {
        if (auto i = net.find(v); i && net.kind(*i) == org_kind::household) return org_id[*i];
        if (auto p = net.find_person(v)) return person_id[*p];
        return std::string(v);
    };
    const std::function<std::optional<std::string>(std::string_view, std::string_view)> any_value =
        [&](std::string_view, std::string_view v) -> std::optional<std::string> { return ref(v); };
    const std::function<std::optional<std::string>(std::string_view, std::string_view)> kept_value =
        [&](std::string_view name, std::string_view v) -> std::optional<std::string> {
        if (!kept(name)) return std::nullopt;
        return ref(v);
    };

    network out;
    const detail::hierarchy_order h(net);
    for (index_t i : h.below(h.roots)) {
        const index_t p = net.parent(i);
        const bool household = net.kind(i) == org_kind::household;
        out.add_organisation(org_id[i], net.kind(i), household ? std::string_view() : net.name(i),
                             p == no_index ? std::string_view() : std::string_view(org_id[p]),
                             detail::org_fields(net, i, household ? kept_value : any_value));
    }
    const auto& links = net.links();
    for (std::size_t k = 0; k < links.rows.size(); ++k) {
        const auto& l = links.rows[k];
        auto row = out.add_link(org_id[l.source], org_id[l.target], l.kind, l.valid);
        detail::copy_attributes(links.extra, k, row, any_value,
                                [&](std::size_t r, std::string_view n, std::string v) { out.set_link_attribute(r, n, std::move(v)); });
    }
    for (index_t p = 0; p < net.person_count(); ++p) {
        const index_t q = out.add_person(person_id[p], "");
        detail::copy_attributes(net.people().extra, p, q, kept_value, [&](std::size_t r, std::string_view n, std::string v) {
            out.set_person_attribute(static_cast<index_t>(r), n, std::move(v));
        });
    }
    const auto& roles = net.roles();
    for (std::size_t k = 0; k < roles.rows.size(); ++k) {
        const auto& r = roles.rows[k];
        auto row = out.add_role(person_id[r.person], org_id[r.org], r.kind, r.valid);
        detail::copy_attributes(roles.extra, k, row, kept_value,
                                [&](std::size_t x, std::string_view n, std::string v) { out.set_role_attribute(x, n, std::move(v)); });
    }
    const auto& res = net.resources();
    for (std::size_t k = 0; k < res.offers.size(); ++k) {
        out.add_offer(out.index_of(org_id[res.offers[k].provider]), res.offers[k].resource, res.offers[k].amount);
        detail::copy_attributes(res.offer_extra, k, k, any_value,
                                [&](std::size_t x, std::string_view n, std::string v) { out.set_offer_attribute(x, n, std::move(v)); });
    }
    for (std::size_t k = 0; k < res.needs.size(); ++k) {
        out.add_need(out.index_of(org_id[res.needs[k].compound]), res.needs[k].resource, res.needs[k].priority);
        detail::copy_attributes(res.need_extra, k, k, any_value,
                                [&](std::size_t x, std::string_view n, std::string v) { out.set_need_attribute(x, n, std::move(v)); });
    }
    if (!source_ledger) return {std::move(out), nullptr};

    auto d = std::make_shared<ledger_data>();
    d->calendar = source_ledger->calendar;
    d->sla = source_ledger->sla;
    for (const auto& m : source_ledger->meetings.meetings()) d->meetings.add_meeting(m);
    for (const auto& a : source_ledger->meetings.attendance()) d->meetings.add_attendance({a.meeting, a.side, ref(a.attendee)});
    for (const auto& a : source_ledger->meetings.agreements()) d->meetings.add_agreement(a);
    for (const auto& c : source_ledger->meetings.commitments()) d->meetings.add_commitment(c);
    const furong::ledger& items = source_ledger->items;
    ledger_builder b(d->calendar, d->sla);
    for (std::uint32_t i = 0; i < items.size(); ++i) {
        item_record r = items.record(i);
        r.summary.clear();  // free text written about residents
        r.owner = ref(r.owner);
        b.add_item(r);
    }
    for (std::uint32_t i = 0; i < items.size(); ++i)
        for (const auto& [day, status] : items.events(i)) b.add_event(items.id(i), day, status);
    for (std::uint32_t i = 0; i < items.size(); ++i)
        for (const auto& [day, outcome] : items.visits(i)) b.add_visit(items.id(i), day, outcome);
    d->items = b.build();
    return {std::move(out), std::move(d)};
}

}  // namespace furong
