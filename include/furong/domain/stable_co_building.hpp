#pragma once
/// @file
/// Stable co-building matching (the domain rule over preferences): compounds rank providers
/// (agencies and units), providers rank compounds; the checks of those preferences, the
/// stable matching by the generic deferred acceptance of algorithm/stable_matching.hpp with
/// each side's rank of its partner, why a compound that ranks somebody is left unmatched,
/// and the check and blocking pairs of any assignment. No file I/O (preferences.csv is read
/// by io/preferences_file.hpp).
///
/// Rules (docs/matching.md):
///  - `from` is a compound ranking a provider or a provider ranking a compound; ranks are
///    integers >= 1, unique per `from`, gaps allowed; a `from` ranks a `to` at most once;
///  - a pair is acceptable when each side ranks the other; a provider takes at most its
///    capacity (unset = 1), a compound at most one provider;
///  - an unmatched compound that ranks somebody is `providers_prefer_others` when some
///    provider it ranks ranks it back and has a capacity > 0, else `no_acceptable_provider`;
///    a compound that ranks nobody is not listed.
///
/// Example:
/// @code
/// furong::snapshot snap(net);
/// furong::preference_problem pp = furong::io::load_preferences("dir/preferences.csv", snap);
/// furong::stable_co_building_result r = furong::stable_co_building(pp);
/// for (const auto& p : r.pairs) std::cout << snap.id(p.compound) << " <- " << snap.id(p.provider) << '\n';
/// @endcode

#include <furong/algorithm/stable_matching.hpp>
#include <furong/domain/co_building.hpp>
#include <furong/snapshot.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace furong {

/// One preference: organisation `from` ranks `to` at `rank` (1 = most preferred).
struct preference_row {
    index_t from = no_index;
    index_t to = no_index;
    std::int64_t rank = 0;
};

/// A stable-matching problem over a snapshot: problem compound j is organisation
/// compounds[j], problem provider i is providers[i] (every compound and every agency and
/// unit of the snapshot, in index order; capacity as in co_building: unset = 1).
struct preference_problem {
    std::vector<index_t> compounds;
    std::vector<index_t> providers;
    stable_matching_problem problem;
};

/// Builds the stable-matching problem from preference rows, checking them. `fail(k, column,
/// message, earlier)` must throw; it is called for the first bad row k (0-based, in row
/// order) with the column at fault ("from", "to" or "rank") and, for a repeat, the row it
/// repeats (else `earlier` is SIZE_MAX).
///
/// Rules (docs/matching.md): `from` is a compound ranking a provider, or a provider
/// (agency or unit) ranking a compound; ranks are integers >= 1, unique per `from`; gaps are
/// allowed (only the order counts); a `from` ranks a `to` at most once. A pair is
/// acceptable when each side ranks the other. O(V + n log n) for n rows.
template <class Fail>
preference_problem preferences_from_rows(const snapshot& s, const std::vector<preference_row>& rows, Fail&& fail) {
    auto fail_at = [&](std::size_t k, const char* col, const std::string& message) {
        fail(k, col, message, static_cast<std::size_t>(-1));
        throw argument_error("preferences: the failure handler returned");  // it must throw
    };
    preference_problem out;
    co_building_instance slots_holder;
    const detail::co_building_slots sl = detail::make_slots(s, slots_holder);
    out.compounds = std::move(slots_holder.compounds);
    out.providers = std::move(slots_holder.providers);
    const org_table& orgs = s.organisations();
    out.problem.provider_capacity.resize(out.providers.size());
    for (std::size_t p = 0; p < out.providers.size(); ++p) {
        const std::int32_t cap = orgs.capacities[out.providers[p]];
        out.problem.provider_capacity[p] = cap < 0 ? 1 : static_cast<int>(cap);
    }
    out.problem.client_prefs.resize(out.compounds.size());
    out.problem.provider_prefs.resize(out.providers.size());

    // (side, from slot, rank, to slot, row): side 0 = compound ranks provider.
    struct entry { int side, from; std::int64_t rank; int to; std::size_t row; };
    std::vector<entry> e;
    e.reserve(rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const preference_row& r = rows[k];
        if (r.from >= s.size()) fail_at(k, "from", "organisation index " + std::to_string(r.from) + " out of range");
        if (r.to >= s.size()) fail_at(k, "to", "organisation index " + std::to_string(r.to) + " out of range");
        if (r.rank < 1) fail_at(k, "rank", "a rank is an integer >= 1 (1 = most preferred), found " + std::to_string(r.rank));
        if (sl.compound_slot[r.from] >= 0) {
            if (sl.provider_slot[r.to] < 0)
                fail_at(k, "to", "compound '" + std::string(s.id(r.from)) + "' may only rank providers (agency or unit), not " +
                                  detail::org_text(s, r.to));
            e.push_back({0, sl.compound_slot[r.from], r.rank, sl.provider_slot[r.to], k});
        } else if (sl.provider_slot[r.from] >= 0) {
            if (sl.compound_slot[r.to] < 0)
                fail_at(k, "to", std::string(name_of(s.kind(r.from))) + " '" + std::string(s.id(r.from)) +
                                  "' may only rank compounds, not " + detail::org_text(s, r.to));
            e.push_back({1, sl.provider_slot[r.from], r.rank, sl.compound_slot[r.to], k});
        } else {
            fail_at(k, "from", "only compounds and providers (agency or unit) rank, not " + detail::org_text(s, r.from));
        }
    }
    // Duplicates: the same rank twice, or the same `to` twice, for one `from`. The error goes
    // to the earliest row that repeats an earlier one.
    std::size_t bad = rows.size(), bad_first = 0;
    const char* bad_col = "rank";
    auto check = [&](auto less, auto same, const char* col) {
        std::vector<std::size_t> ord(e.size());
        for (std::size_t k = 0; k < ord.size(); ++k) ord[k] = k;
        std::sort(ord.begin(), ord.end(), [&](std::size_t a, std::size_t b) {
            if (less(e[a], e[b])) return true;
            if (less(e[b], e[a])) return false;
            return e[a].row < e[b].row;
        });
        for (std::size_t k = 1; k < ord.size(); ++k)
            if (same(e[ord[k]], e[ord[k - 1]]) && e[ord[k]].row < bad) {
                bad = e[ord[k]].row;
                bad_first = e[ord[k - 1]].row;
                bad_col = col;
            }
        return ord;
    };
    check([](const entry& a, const entry& b) {
              return std::tie(a.side, a.from, a.to) < std::tie(b.side, b.from, b.to);
          },
          [](const entry& a, const entry& b) { return a.side == b.side && a.from == b.from && a.to == b.to; }, "to");
    const std::vector<std::size_t> ord = check(
        [](const entry& a, const entry& b) {
            return std::tie(a.side, a.from, a.rank) < std::tie(b.side, b.from, b.rank);
        },
        [](const entry& a, const entry& b) { return a.side == b.side && a.from == b.from && a.rank == b.rank; }, "rank");
    if (bad < rows.size()) {
        const preference_row& r = rows[bad];
        if (std::string_view(bad_col) == "rank")
            fail(bad, "rank", "'" + std::string(s.id(r.from)) + "' gives rank " + std::to_string(r.rank) + " twice",
                 bad_first);
        fail(bad, "to", "'" + std::string(s.id(r.from)) + "' ranks '" + std::string(s.id(r.to)) + "' twice", bad_first);
        throw argument_error("preferences: the failure handler returned");  // it must throw
    }
    for (std::size_t k : ord) {
        const entry& x = e[k];
        (x.side == 0 ? out.problem.client_prefs : out.problem.provider_prefs)[static_cast<std::size_t>(x.from)].push_back(x.to);
    }
    return out;
}

/// One pair of a stable co-building matching, with each side's rank of the other (the
/// 1-based position of the partner in its own list).
struct stable_co_building_pair {
    index_t compound = no_index;
    index_t provider = no_index;
    std::int64_t compound_rank = 0;  ///< position of the provider in the compound's list
    std::int64_t provider_rank = 0;  ///< position of the compound in the provider's list
};

/// The output of stable_co_building().
struct stable_co_building_result {
    proposing_side side = proposing_side::clients;
    std::vector<stable_co_building_pair> pairs;     ///< by compound index
    std::vector<co_building_unmatched> unmatched;  ///< compounds that rank somebody but got nobody, by index
    std::size_t proposals = 0;                      ///< proposals made by deferred acceptance
};

/// Why compound slot `c` of `pp`, left unmatched by a stable matching, got nobody (see the
/// rules above); `c` must rank somebody. O(length of c's list x length of the lists it names).
inline unmatched_why stable_unmatched_why(const preference_problem& pp, std::size_t c) {
    const stable_matching_problem& pb = pp.problem;
    for (int q : pb.client_prefs[c]) {
        const auto& back = pb.provider_prefs[static_cast<std::size_t>(q)];
        if (pb.provider_capacity[static_cast<std::size_t>(q)] > 0 &&
            std::find(back.begin(), back.end(), static_cast<int>(c)) != back.end())
            return unmatched_why::providers_prefer_others;
    }
    return unmatched_why::no_acceptable_provider;
}

/// The stable co-building matching of checked preferences: compound-optimal (compounds
/// propose, the default) or provider-optimal; every pair with both ranks; every compound
/// that ranks somebody and got nobody with why.
///
/// Complexity: stable_matching() (O(L log K + P + C), L = total list length, K = largest
/// capacity) plus O(L) for the ranks and the reasons of the unmatched.
inline stable_co_building_result stable_co_building(const preference_problem& pp,
                                                    proposing_side side = proposing_side::clients) {
    const stable_matching_result m = stable_matching(pp.problem, side);
    stable_co_building_result r;
    r.side = side;
    r.proposals = m.proposals;
    for (std::size_t c = 0; c < pp.compounds.size(); ++c) {
        const auto& prefs = pp.problem.client_prefs[c];
        const int p = m.provider_of[c];
        if (p < 0) {
            if (!prefs.empty()) r.unmatched.push_back({pp.compounds[c], stable_unmatched_why(pp, c)});
            continue;
        }
        const auto& back = pp.problem.provider_prefs[static_cast<std::size_t>(p)];
        r.pairs.push_back({pp.compounds[c], pp.providers[static_cast<std::size_t>(p)],
                           std::find(prefs.begin(), prefs.end(), p) - prefs.begin() + 1,
                           std::find(back.begin(), back.end(), static_cast<int>(c)) - back.begin() + 1});
    }
    return r;
}

/// One row of an assignment to audit: `compound` gets `provider`.
struct assigned_pair {
    index_t compound = no_index;
    index_t provider = no_index;
};

/// Checks an assignment against checked preferences and returns it per compound slot of
/// `pp` (a provider slot or -1), the form blocking_pairs() takes.
///
/// @throws argument_error naming the row ("assignment: row k: ..."): a compound that is not
///   a compound, a provider that is not an agency or unit, a compound assigned twice, a pair
///   that does not rank each other, a provider given more compounds than its capacity.
///
/// Complexity: O(V + n + sum over the rows of the lengths of both lists), n rows.
inline std::vector<int> checked_assignment(const snapshot& s, const preference_problem& pp,
                                           const std::vector<assigned_pair>& rows) {
    std::vector<int> cslot(s.size(), -1), pslot(s.size(), -1);
    for (std::size_t c = 0; c < pp.compounds.size(); ++c) cslot[pp.compounds[c]] = static_cast<int>(c);
    for (std::size_t p = 0; p < pp.providers.size(); ++p) pslot[pp.providers[p]] = static_cast<int>(p);
    std::vector<int> assignment(pp.compounds.size(), -1), load(pp.providers.size(), 0);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const index_t ci = rows[k].compound, pi = rows[k].provider;
        const std::string where = "assignment: row " + std::to_string(k) + ": ";
        if (ci >= s.size() || pi >= s.size()) throw argument_error(where + "organisation index out of range");
        if (cslot[ci] < 0) throw argument_error(where + detail::org_text(s, ci) + " is not a compound");
        if (pslot[pi] < 0) throw argument_error(where + detail::org_text(s, pi) + " is not a provider (agency or unit)");
        const int c = cslot[ci], p = pslot[pi];
        const std::string cid(s.id(ci)), pid(s.id(pi));
        if (assignment[static_cast<std::size_t>(c)] >= 0)
            throw argument_error(where + "compound '" + cid + "' is assigned twice");
        const auto& cl = pp.problem.client_prefs[static_cast<std::size_t>(c)];
        const auto& pl = pp.problem.provider_prefs[static_cast<std::size_t>(p)];
        if (std::find(cl.begin(), cl.end(), p) == cl.end() || std::find(pl.begin(), pl.end(), c) == pl.end())
            throw argument_error(where + "'" + cid + "' and '" + pid + "' do not both rank each other");
        const int cap = pp.problem.provider_capacity[static_cast<std::size_t>(p)];
        if (++load[static_cast<std::size_t>(p)] > cap)
            throw argument_error(where + "'" + pid + "' gets more compounds than its capacity " + std::to_string(cap));
        assignment[static_cast<std::size_t>(c)] = p;
    }
    return assignment;
}

/// The pairs (compound, provider) that block an assignment under checked preferences (see
/// blocking_pairs() of algorithm/stable_matching.hpp), sorted by compound then provider
/// index; empty when the assignment is stable.
///
/// @throws argument_error as checked_assignment() does.
///
/// Complexity: checked_assignment() plus O(L + P + C + B log B), B blocking pairs.
inline std::vector<assigned_pair> co_building_blocking_pairs(const snapshot& s, const preference_problem& pp,
                                                             const std::vector<assigned_pair>& assignment) {
    const std::vector<blocking_pair> bp = blocking_pairs(pp.problem, checked_assignment(s, pp, assignment));
    std::vector<assigned_pair> out;
    out.reserve(bp.size());
    for (const blocking_pair& b : bp)
        out.push_back({pp.compounds[static_cast<std::size_t>(b.client)], pp.providers[static_cast<std::size_t>(b.provider)]});
    return out;
}

}  // namespace furong
