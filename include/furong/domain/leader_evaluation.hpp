#pragma once
/// @file
/// Neighbour-leader (邻长) evaluation: which leaders to commend and which to adjust, by a
/// documented rule over the ledger on an as-of day, and the attribution of ledger items,
/// return visits and households to leaders that the rule reads. Both are written here once;
/// the bindings, the Python facade, the report and the CLI only call them.
///
/// ## Attribution (attribute_to_leaders)
/// - The leaders evaluated on day d are the people holding a `neighbour_leader` role active
///   on d (as_of without a day: every `neighbour_leader` role, whatever its dates).
/// - Households reached by a leader: the distinct households with a `contact` link active on
///   d to a neighbourhood in which the leader holds a `neighbour_leader` role active on d
///   (without a day: every contact link and role). A household linked to a neighbourhood
///   with two leaders counts for both.
/// - An item counts for its owner (专人跟进, the item's dedicated follower) when the owner is
///   an evaluated leader and the item was raised on or before d; otherwise for no leader.
///   Return visits count with their item. (The ledger does not record the household that
///   raised an item, so a leader answers for the items they own, not for their
///   neighbourhood's compound.)
///
/// ## Evidence per leader on day d (leader_evidence_of)
/// Over the leader's items raised on or before d whose status on d is not dismissed
/// (duplicate, not_responsible, withdrawn):
/// - `items`; `due_items`: those with due < d; `closed_on_time`: of the due items, those done
///   (resolved or closed) on d whose resolution day (ledger::resolution_day) is <= due.
/// - `resolved_items`: items done on d resolved at least `visit_days` days before d (their
///   visit window is over); `visited_on_time`: of them, those with a return visit (any
///   outcome) dated in [resolution, resolution + visit_days].
/// - `overdue`: items overdue on d (ledger::overdue: open family, due < d).
/// - `complaints`: `unsatisfied` return visits dated on or before d.
/// Rates: closure_rate = closed_on_time / due_items, visit_rate = visited_on_time /
/// resolved_items, overdue_rate = overdue / items, complaint_rate = complaints / items; a
/// rate without a denominator is NaN (no evidence either way).
///
/// ## The decision (assess_leader), thresholds in leader_thresholds
/// 1. Fewer than `min_items` items: no decision (too little evidence).
/// 2. Adjust when ANY adjust threshold is breached: closure_rate < adjust_closure_rate,
///    visit_rate < adjust_visit_rate, households < adjust_households, overdue_rate >
///    adjust_overdue_rate, complaint_rate > adjust_complaint_rate (a NaN rate breaches nothing).
/// 3. Otherwise commend when ALL commend thresholds are met: closure_rate >=
///    commend_closure_rate, visit_rate >= commend_visit_rate, households >=
///    commend_households, overdue_rate <= commend_overdue_rate, complaint_rate <=
///    commend_complaint_rate (a NaN rate meets nothing).
/// 4. Otherwise no decision.
/// The reasons name every breached (adjust) or unmet (no decision) criterion with its value
/// and threshold. `score` is the number of the five commend criteria met (0..5), a summary
/// for reading and ordering; the decision is the rule above.
/// Why these criteria: the seed's goal for neighbour leaders is "every household has a
/// contact, every matter an owner, every case an answer": households reached, items closed
/// by their due date, return visits after closing, no overdue work, few complaints.
///
/// The seed's figures (374 commended, 424 adjusted) are outcomes, not parameters: no
/// threshold here selects a number of leaders. The bundled dataset is generated so that
/// this rule with the default thresholds yields them on 2025-12-31 (docs/dataset.md).
///
/// Example:
/// @code
///   furong::snapshot s(net);
///   auto ev = furong::evaluate_leaders(s, led, furong::date(2025, 12, 31));   // default thresholds
///   for (const auto& a : ev.leaders) if (a.decision == furong::leader_decision::adjust) ...;
/// @endcode

#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/kinds.hpp>
#include <furong/domain/ledger.hpp>
#include <furong/snapshot.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace furong {

/// The thresholds of the evaluation (see the file comment). Every one can be changed; none
/// of them is a number of leaders.
struct leader_thresholds {
    std::size_t min_items = 5;            ///< fewer attributed items: no decision
    int visit_days = 14;                  ///< a return visit is on time within this many days of resolution
    double commend_closure_rate = 0.9;    ///< commend needs closure_rate >= this
    double commend_visit_rate = 0.9;      ///< commend needs visit_rate >= this
    std::size_t commend_households = 10;  ///< commend needs households >= this
    double commend_overdue_rate = 0.0;    ///< commend needs overdue_rate <= this
    double commend_complaint_rate = 0.1;  ///< commend needs complaint_rate <= this
    double adjust_closure_rate = 0.5;     ///< adjust when closure_rate < this
    double adjust_visit_rate = 0.5;       ///< adjust when visit_rate < this
    std::size_t adjust_households = 1;    ///< adjust when households < this
    double adjust_overdue_rate = 0.25;    ///< adjust when overdue_rate > this
    double adjust_complaint_rate = 0.3;   ///< adjust when complaint_rate > this

    /// Throws argument_error for a negative visit_days or a NaN threshold. O(1).
    void check() const {
        if (visit_days < 0) throw argument_error("leader evaluation: visit_days must be >= 0");
        for (double x : {commend_closure_rate, commend_visit_rate, commend_overdue_rate, commend_complaint_rate,
                         adjust_closure_rate, adjust_visit_rate, adjust_overdue_rate, adjust_complaint_rate})
            if (std::isnan(x)) throw argument_error("leader evaluation: a threshold is NaN");
    }
};

/// The leader of an item attributed to no leader.
inline constexpr std::uint32_t no_leader = 0xFFFFFFFFu;

/// Which ledger items and households count for which leader (see the file comment).
struct leader_attribution {
    std::vector<std::string> leaders;            ///< evaluated leaders, sorted by person id
    std::vector<std::size_t> households;         ///< households reached, per leader
    std::vector<std::uint32_t> leader_of_item;   ///< per item: index into leaders, or no_leader
};

/// What the ledger says about one leader on the as-of day (see the file comment).
struct leader_evidence {
    std::string leader;
    std::size_t households = 0;
    std::size_t items = 0;
    std::size_t due_items = 0;
    std::size_t closed_on_time = 0;
    std::size_t resolved_items = 0;
    std::size_t visited_on_time = 0;
    std::size_t overdue = 0;
    std::size_t complaints = 0;
};

/// The decision about one leader.
enum class leader_decision : std::uint8_t { none, commend, adjust };
namespace detail {
inline constexpr const char* leader_decision_names[] = {"", "commend", "adjust"};
}
/// "", "commend" or "adjust". O(1).
inline const char* to_string(leader_decision d) { return detail::leader_decision_names[static_cast<int>(d)]; }

/// One leader's evidence, rates, score, decision and its reasons.
struct leader_assessment {
    leader_evidence evidence;
    double closure_rate = std::numeric_limits<double>::quiet_NaN();
    double visit_rate = std::numeric_limits<double>::quiet_NaN();
    double overdue_rate = std::numeric_limits<double>::quiet_NaN();
    double complaint_rate = std::numeric_limits<double>::quiet_NaN();
    int score = 0;  ///< commend criteria met, 0..5
    leader_decision decision = leader_decision::none;
    std::vector<std::string> reasons;
};

/// Every leader's assessment (best first: score descending, then person id) and the
/// leaders to commend and to adjust (person ids, sorted).
struct leader_evaluation {
    std::vector<leader_assessment> leaders;
    std::vector<std::string> commend, adjust;
};

namespace detail {
inline double ratio(std::size_t num, std::size_t den) {
    return den ? static_cast<double>(num) / static_cast<double>(den) : std::numeric_limits<double>::quiet_NaN();
}
inline std::string criterion(const char* name, double value, const char* op, double threshold) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s %.3g %s %.3g", name, value, op, threshold);
    return buf;
}
}  // namespace detail

/// The leaders, their households and the leader of each item on `when` (see the file
/// comment). Complexity: O(R + L + I + H log H) for R roles, L links, I items and H
/// (leader, household) pairs.
inline leader_attribution attribute_to_leaders(const snapshot& s, const ledger& led, as_of when) {
    leader_attribution out;
    // Leaders per neighbourhood on the day.
    std::vector<std::pair<index_t, index_t>> org_person;  // (neighbourhood, person)
    for (const auto& r : s.roles().rows)
        if (r.kind == role_kind::neighbour_leader && when.admits(r.valid)) org_person.emplace_back(r.org, r.person);
    std::sort(org_person.begin(), org_person.end());
    org_person.erase(std::unique(org_person.begin(), org_person.end()), org_person.end());
    for (const auto& op : org_person) out.leaders.emplace_back(s.person_id(op.second));
    std::sort(out.leaders.begin(), out.leaders.end());
    out.leaders.erase(std::unique(out.leaders.begin(), out.leaders.end()), out.leaders.end());
    std::unordered_map<std::string_view, std::uint32_t> slot;
    for (std::uint32_t k = 0; k < out.leaders.size(); ++k) slot.emplace(out.leaders[k], k);
    // Households reached: (leader slot, household) pairs, counted once each.
    std::vector<std::pair<std::uint32_t, index_t>> reached;
    for (const auto& l : s.links().rows) {
        if (l.kind != link_kind::contact || !when.admits(l.valid)) continue;
        auto lo = std::lower_bound(org_person.begin(), org_person.end(), std::make_pair(l.target, index_t{0}));
        for (; lo != org_person.end() && lo->first == l.target; ++lo)
            reached.emplace_back(slot.at(s.person_id(lo->second)), l.source);
    }
    std::sort(reached.begin(), reached.end());
    reached.erase(std::unique(reached.begin(), reached.end()), reached.end());
    out.households.assign(out.leaders.size(), 0);
    for (const auto& p : reached) ++out.households[p.first];
    // Items: their owner, when an evaluated leader, for items raised by the day.
    out.leader_of_item.assign(led.size(), no_leader);
    for (std::uint32_t i = 0; i < led.size(); ++i) {
        if (when.day && led.raised_day(i) > *when.day) continue;
        auto it = slot.find(led.owner(i));
        if (it != slot.end()) out.leader_of_item[i] = it->second;
    }
    return out;
}

/// The last day anything happens in the ledger (raised dates, events, visits); the
/// reference day of an evaluation without an as-of day. O(items + events + visits).
inline std::optional<day_t> ledger_last_day(const ledger& led) {
    std::optional<day_t> last;
    auto see = [&](day_t d) { if (!last || d > *last) last = d; };
    for (std::uint32_t i = 0; i < led.size(); ++i) {
        see(led.raised_day(i));
        for (const auto& e : led.events(i)) see(day_of(e.first));
        for (const auto& v : led.visits(i)) see(day_of(v.first));
    }
    return last;
}

/// The evidence of every attributed leader on `day` (see the file comment), in the order
/// of `at.leaders`. Complexity: O(I + visits of the attributed items).
inline std::vector<leader_evidence> leader_evidence_of(const ledger& led, const leader_attribution& at, day_t day,
                                                       int visit_days) {
    if (visit_days < 0) throw argument_error("leader evaluation: visit_days must be >= 0");
    if (at.leader_of_item.size() != led.size()) throw argument_error("leader evaluation: attribution of another ledger");
    std::vector<leader_evidence> out(at.leaders.size());
    for (std::size_t k = 0; k < out.size(); ++k) {
        out[k].leader = at.leaders[k];
        out[k].households = at.households[k];
    }
    std::vector<char> is_overdue(led.size(), 0);
    if (!led.empty())
        for (auto i : led.overdue(date_of(day))) is_overdue[i] = 1;
    for (std::uint32_t i = 0; i < led.size(); ++i) {
        auto k = at.leader_of_item[i];
        if (k == no_leader || led.raised_day(i) > day) continue;
        auto st = led.status_on(i, day);
        if (!st || family_of(*st) == status_family::dismissed) continue;
        auto& e = out[k];
        ++e.items;
        auto res = led.resolution_day(i, day);
        if (led.due_day(i) < day) {
            ++e.due_items;
            if (res && *res <= led.due_day(i)) ++e.closed_on_time;
        }
        auto visits = led.visits(i);
        if (res && *res + visit_days <= day) {
            ++e.resolved_items;
            for (const auto& v : visits) {
                day_t vd = day_of(v.first);
                if (vd >= *res && vd <= *res + visit_days) { ++e.visited_on_time; break; }
            }
        }
        e.overdue += is_overdue[i];
        for (const auto& v : visits)
            if (day_of(v.first) <= day && v.second == visit_outcome::unsatisfied) ++e.complaints;
    }
    return out;
}

/// Applies the rule of the file comment to one leader's evidence. O(1).
inline leader_assessment assess_leader(const leader_evidence& e, const leader_thresholds& t) {
    leader_assessment a;
    a.evidence = e;
    a.closure_rate = detail::ratio(e.closed_on_time, e.due_items);
    a.visit_rate = detail::ratio(e.visited_on_time, e.resolved_items);
    a.overdue_rate = detail::ratio(e.overdue, e.items);
    a.complaint_rate = detail::ratio(e.complaints, e.items);
    const double hh = static_cast<double>(e.households);
    // Commend criteria (NaN comparisons are false: no evidence meets nothing).
    bool c_closure = a.closure_rate >= t.commend_closure_rate;
    bool c_visit = a.visit_rate >= t.commend_visit_rate;
    bool c_house = e.households >= t.commend_households;
    bool c_overdue = a.overdue_rate <= t.commend_overdue_rate;
    bool c_complaint = a.complaint_rate <= t.commend_complaint_rate;
    a.score = int(c_closure) + int(c_visit) + int(c_house) + int(c_overdue) + int(c_complaint);
    if (e.items < t.min_items) {
        a.reasons.push_back("too little evidence: " + std::to_string(e.items) + " items < " +
                            std::to_string(t.min_items));
        return a;
    }
    // Adjust criteria (NaN comparisons are false: no evidence breaches nothing).
    if (a.closure_rate < t.adjust_closure_rate)
        a.reasons.push_back(detail::criterion("closure_rate", a.closure_rate, "<", t.adjust_closure_rate));
    if (a.visit_rate < t.adjust_visit_rate)
        a.reasons.push_back(detail::criterion("visit_rate", a.visit_rate, "<", t.adjust_visit_rate));
    if (e.households < t.adjust_households)
        a.reasons.push_back(detail::criterion("households", hh, "<", static_cast<double>(t.adjust_households)));
    if (a.overdue_rate > t.adjust_overdue_rate)
        a.reasons.push_back(detail::criterion("overdue_rate", a.overdue_rate, ">", t.adjust_overdue_rate));
    if (a.complaint_rate > t.adjust_complaint_rate)
        a.reasons.push_back(detail::criterion("complaint_rate", a.complaint_rate, ">", t.adjust_complaint_rate));
    if (!a.reasons.empty()) {
        a.decision = leader_decision::adjust;
        return a;
    }
    if (a.score == 5) {
        a.decision = leader_decision::commend;
        a.reasons.push_back("all commend thresholds met");
        return a;
    }
    if (!c_closure) a.reasons.push_back(detail::criterion("closure_rate", a.closure_rate, "<", t.commend_closure_rate));
    if (!c_visit) a.reasons.push_back(detail::criterion("visit_rate", a.visit_rate, "<", t.commend_visit_rate));
    if (!c_house)
        a.reasons.push_back(detail::criterion("households", hh, "<", static_cast<double>(t.commend_households)));
    if (!c_overdue) a.reasons.push_back(detail::criterion("overdue_rate", a.overdue_rate, ">", t.commend_overdue_rate));
    if (!c_complaint)
        a.reasons.push_back(detail::criterion("complaint_rate", a.complaint_rate, ">", t.commend_complaint_rate));
    return a;
}

/// Assesses every leader (assess_leader) and orders them best first (score descending,
/// then person id). O(L log L).
inline leader_evaluation evaluate_evidence(const std::vector<leader_evidence>& evidence, const leader_thresholds& t) {
    t.check();
    leader_evaluation out;
    out.leaders.reserve(evidence.size());
    for (const auto& e : evidence) out.leaders.push_back(assess_leader(e, t));
    std::sort(out.leaders.begin(), out.leaders.end(), [](const leader_assessment& a, const leader_assessment& b) {
        return a.score != b.score ? a.score > b.score : a.evidence.leader < b.evidence.leader;
    });
    for (const auto& a : out.leaders) {
        if (a.decision == leader_decision::commend) out.commend.push_back(a.evidence.leader);
        if (a.decision == leader_decision::adjust) out.adjust.push_back(a.evidence.leader);
    }
    std::sort(out.commend.begin(), out.commend.end());
    std::sort(out.adjust.begin(), out.adjust.end());
    return out;
}

/// The evaluation of the neighbour leaders on `when` (see the file comment): attribution,
/// evidence, decision. Without a day, every role and link counts and the evidence is read
/// on the ledger's last day (ledger_last_day). Reads only the snapshot and the ledger, both
/// immutable, so it may run without any lock.
/// Complexity: O(R + L + I + visits + H log H + leaders log leaders).
inline leader_evaluation evaluate_leaders(const snapshot& s, const ledger& led, as_of when,
                                          const leader_thresholds& t = {}) {
    t.check();
    auto at = attribute_to_leaders(s, led, when);
    day_t day = when.day ? *when.day : ledger_last_day(led).value_or(0);
    return evaluate_evidence(leader_evidence_of(led, at, day, t.visit_days), t);
}

}  // namespace furong
