#pragma once
/// @file
/// Co-building agreements (结对共建) and the pairing links they make: which spans of pairing
/// the agreements signed by a day make (meeting_book::pairings), and, against a network,
/// which pairing links each span creates, renews or keeps. The change itself is made by
/// edit/agreements.hpp.
///
/// ## The rule
/// For each span (provider, compound, [since, until]) of the agreements, take the pairing
/// links of the network from the provider to the compound (every one that holds a day,
/// whatever its dates). The days of the span that no such link covers are the links to
/// add, one per maximal run of uncovered days. The span is
/// - `kept` when nothing is to add (links cover it all);
/// - `created` when something is to add and no link overlaps or touches the span (no link
///   ending the day before it starts or starting the day after it ends);
/// - `renewed` when something is to add and a link overlaps or touches it.
///
/// Example:
/// @code
///   auto spans = data.meetings.pairings(furong::date(2025, 12, 31));
///   auto changes = furong::agreement_changes(net, spans);
///   furong::apply_agreement_changes(net, changes);   // edit/agreements.hpp, all or nothing
/// @endcode

#include <furong/dates.hpp>
#include <furong/domain/meetings.hpp>
#include <furong/network.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

namespace furong {

/// What the agreements do to the pairing links of one span (see the file comment).
enum class agreement_action : std::uint8_t { kept, created, renewed };

namespace detail {
inline constexpr std::array<std::string_view, 3> agreement_action_names{"kept", "created", "renewed"};
}  // namespace detail

constexpr std::string_view name_of(agreement_action a) {
    return detail::agreement_action_names[static_cast<std::size_t>(a)];
}

/// One span of pairing and the links it needs.
struct agreement_change {
    pairing_span span;
    agreement_action action = agreement_action::kept;
    std::vector<validity> added;  ///< pairing links to add (uncovered runs of days), ascending
};

/// The links each span needs, in the order of `spans`.
/// @param net the network whose pairing links count (a provider or compound it does not
///        know has none: the whole span is to add, and the edit will refuse it).
/// Complexity: O(L + S log S + sum over spans of k log k) for L links, S spans, k links of
/// the span's pair.
inline std::vector<agreement_change> agreement_changes(const network& net, const std::vector<pairing_span>& spans) {
    // Existing pairing intervals per (source, target) index pair.
    std::map<std::pair<index_t, index_t>, std::vector<std::pair<std::int64_t, std::int64_t>>> existing;
    for (const auto& r : net.links().rows)
        if (r.kind == link_kind::pairing && !r.valid.empty())
            existing[{r.source, r.target}].emplace_back(r.valid.since, r.valid.until);
    for (auto& kv : existing) std::sort(kv.second.begin(), kv.second.end());
    static const std::vector<std::pair<std::int64_t, std::int64_t>> none;

    std::vector<agreement_change> out;
    out.reserve(spans.size());
    for (const auto& s : spans) {
        agreement_change c;
        c.span = s;
        const auto* have = &none;
        auto p = net.find(s.provider), q = net.find(s.compound);
        if (p && q) {
            auto it = existing.find({*p, *q});
            if (it != existing.end()) have = &it->second;
        }
        // 64-bit arithmetic: open bounds are the extremes of day_t, and a +-1 must not wrap.
        const std::int64_t a = s.valid.since, b = s.valid.until;
        bool touching = false;
        std::int64_t cur = a;
        for (const auto& [x, y] : *have) {
            if (x <= b + 1 && y >= a - 1) touching = true;
            if (y < cur || x > b || cur > b) continue;
            if (x > cur) c.added.push_back({static_cast<day_t>(cur), static_cast<day_t>(x - 1)});
            cur = std::max(cur, y + 1);
        }
        if (cur <= b) c.added.push_back({static_cast<day_t>(cur), static_cast<day_t>(b)});
        c.action = c.added.empty() ? agreement_action::kept : touching ? agreement_action::renewed
                                                                        : agreement_action::created;
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace furong
