#pragma once
/// @file
/// Neighbour-leader (鄰長) evaluation: a documented, tunable score per leader from the ledger
/// and the contact links, and the leaders to commend and to adjust (the seed reports 374
/// commended and 424 adjusted).
///
/// ## The score (0..1 when the weights sum to 1)
///   score = w.coverage  * min(1, households / target_households)
///         + w.reporting * min(1, (items_raised / households) / target_items_per_household)
///         + w.speed     * speed
///         + w.visits    * min(1, visits_done / items_raised)
///         - w.overdue   * (overdue / items_raised)
/// where speed = clamp(1 - median_closure_days / slow_days, 0, 1). Without closed items,
/// speed is `neutral` (0.5 by default); without raised items, reporting is 0 and the visit
/// and overdue terms are `neutral` and 0. Why these terms: the seed's goal is "every
/// household has a contact, every matter an owner, every case an answer" - coverage,
/// reporting, and closing with return visits; overdue work counts against.
///
/// ## Selection
/// Either by counts (the `commend_count` best, the `adjust_count` worst; ties broken by
/// leader id) or by thresholds (score >= commend_min, score <= adjust_max). A leader who covers
/// no household is always adjusted when `adjust_uncovered` is set (the default).
///
/// Example:
/// @code
///   std::vector<furong::leader_record> recs = furong::leader_records(led, furong::date(2025, 12, 31),
///       [&](std::uint32_t i) { return std::optional<std::string>(std::string(led.owner(i))); },
///       households_per_leader);
///   furong::selection_rule rule; rule.commend_count = 374; rule.adjust_count = 424;
///   auto result = furong::evaluate_leaders(recs, {}, rule);
/// @endcode

#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/domain/ledger.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace furong {

/// What the evaluation knows about one leader.
struct leader_record {
    std::string leader;               ///< person id
    std::size_t households = 0;       ///< households whose contact is this leader
    std::size_t items_raised = 0;     ///< ledger items raised by (attributed to) them
    std::vector<double> closure_days; ///< raised -> resolution, for their resolved/closed items
    std::size_t visits_done = 0;      ///< return visits to their items
    std::size_t overdue = 0;          ///< their items overdue on the as-of date
};

/// Weights and targets of the score (see the file comment). All tunable.
struct evaluation_weights {
    double coverage = 0.25, reporting = 0.20, speed = 0.30, visits = 0.25, overdue = 0.20;
    double target_households = 15;            ///< a full neighbourhood of ~10-20 households
    double target_items_per_household = 0.3; ///< demands per household over the period
    double slow_days = 60;                    ///< a median closure this long scores 0 on speed
    double neutral = 0.5;                     ///< the speed / visits value without data
};

/// How to choose the leaders to commend and to adjust.
struct selection_rule {
    std::optional<std::size_t> commend_count;  ///< the k best (else the threshold)
    std::optional<std::size_t> adjust_count;   ///< the k worst (else the threshold)
    double commend_min = 0.75;
    double adjust_max = 0.35;
    bool adjust_uncovered = true;
};

/// One leader's score and its parts (each part before weighting).
struct leader_score {
    std::string leader;
    double score = 0, coverage = 0, reporting = 0, speed = 0, visits = 0, overdue = 0;
    double median_closure_days = std::numeric_limits<double>::quiet_NaN();
};

/// Scores (best first) and the selections (in score order).
struct evaluation_result {
    std::vector<leader_score> scores;
    std::vector<std::string> commend, adjust;
};

/// Scores one leader. O(k log k) for k closure times.
inline leader_score score_leader(const leader_record& r, const evaluation_weights& w = {}) {
    if (w.target_households <= 0 || w.target_items_per_household <= 0 || w.slow_days <= 0)
        throw argument_error("evaluation: targets and slow_days must be > 0");
    leader_score s;
    s.leader = r.leader;
    s.coverage = std::min(1.0, static_cast<double>(r.households) / w.target_households);
    double raised = static_cast<double>(r.items_raised);
    s.reporting = r.households ? std::min(1.0, raised / static_cast<double>(r.households) / w.target_items_per_household) : 0.0;
    if (!r.closure_days.empty()) {
        std::vector<double> v(r.closure_days);
        std::sort(v.begin(), v.end());
        s.median_closure_days = detail::percentile_sorted(v, 0.5);
        s.speed = std::clamp(1.0 - s.median_closure_days / w.slow_days, 0.0, 1.0);
    } else {
        s.speed = w.neutral;
    }
    s.visits = r.items_raised ? std::min(1.0, static_cast<double>(r.visits_done) / raised) : w.neutral;
    s.overdue = r.items_raised ? std::min(1.0, static_cast<double>(r.overdue) / raised) : 0.0;
    s.score = w.coverage * s.coverage + w.reporting * s.reporting + w.speed * s.speed + w.visits * s.visits -
              w.overdue * s.overdue;
    return s;
}

/// Scores every leader and selects those to commend and adjust (see the file comment).
/// Complexity: O(L log L + total closure times). Throws argument_error on duplicate leaders.
inline evaluation_result evaluate_leaders(const std::vector<leader_record>& records, const evaluation_weights& w = {},
                                          const selection_rule& rule = {}) {
    evaluation_result out;
    for (const auto& r : records) out.scores.push_back(score_leader(r, w));
    std::sort(out.scores.begin(), out.scores.end(), [](const leader_score& a, const leader_score& b) {
        return a.score > b.score || (a.score == b.score && a.leader < b.leader);
    });
    {
        std::vector<std::string> ids;
        for (const auto& r : records) ids.push_back(r.leader);
        std::sort(ids.begin(), ids.end());
        auto d = std::adjacent_find(ids.begin(), ids.end());
        if (d != ids.end()) throw argument_error("evaluation: leader '" + *d + "' listed twice");
    }
    std::unordered_map<std::string, std::size_t> households;
    for (const auto& r : records) households[r.leader] = r.households;
    const std::size_t n = out.scores.size();
    std::vector<char> commended(n, 0), adjusted(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        bool uncovered = rule.adjust_uncovered && households[out.scores[i].leader] == 0;
        if (uncovered) adjusted[i] = 1;
    }
    if (rule.commend_count) {
        std::size_t k = 0;
        for (std::size_t i = 0; i < n && k < *rule.commend_count; ++i)
            if (!adjusted[i]) { commended[i] = 1; ++k; }
    } else {
        for (std::size_t i = 0; i < n; ++i)
            if (!adjusted[i] && out.scores[i].score >= rule.commend_min) commended[i] = 1;
    }
    if (rule.adjust_count) {
        std::size_t k = 0;
        for (std::size_t i = 0; i < n; ++i) k += adjusted[i];
        for (std::size_t i = n; i-- > 0 && k < *rule.adjust_count;)
            if (!adjusted[i] && !commended[i]) { adjusted[i] = 1; ++k; }
    } else {
        for (std::size_t i = 0; i < n; ++i)
            if (!commended[i] && out.scores[i].score <= rule.adjust_max) adjusted[i] = 1;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (commended[i]) out.commend.push_back(out.scores[i].leader);
        if (adjusted[i]) out.adjust.push_back(out.scores[i].leader);
    }
    return out;
}

/// Builds the leader records from the ledger as of a day.
/// @param leader_of_item the leader an item is attributed to (its household's contact, or its
///        owner), nullopt for none. Called once per item.
/// @param households_of_leader households covered per leader; every leader listed here gets
///        a record, also without items; leaders only seen through items get households = 0.
/// Items raised after as_of and visits after as_of are ignored. O(items + visits).
inline std::vector<leader_record> leader_records(
    const ledger& led, date as_of, const std::function<std::optional<std::string>(std::uint32_t)>& leader_of_item,
    const std::map<std::string, std::size_t>& households_of_leader) {
    std::map<std::string, leader_record> recs;
    for (const auto& [leader, hh] : households_of_leader) {
        auto& r = recs[leader];
        r.leader = leader;
        r.households = hh;
    }
    day_t day = day_of(as_of);
    auto overdue = led.overdue(as_of);
    std::vector<char> is_overdue(led.size(), 0);
    for (auto i : overdue) is_overdue[i] = 1;
    for (std::uint32_t i = 0; i < led.size(); ++i) {
        if (led.raised_day(i) > day) continue;
        auto who = leader_of_item(i);
        if (!who) continue;
        auto& r = recs[*who];
        r.leader = *who;
        ++r.items_raised;
        if (auto res = led.resolution_day(i, day)) r.closure_days.push_back(static_cast<double>(*res - led.raised_day(i)));
        for (const auto& v : led.visits(i))
            if (day_of(v.first) <= day) ++r.visits_done;
        r.overdue += is_overdue[i];
    }
    std::vector<leader_record> out;
    out.reserve(recs.size());
    for (auto& kv : recs) out.push_back(std::move(kv.second));
    return out;
}

}  // namespace furong
