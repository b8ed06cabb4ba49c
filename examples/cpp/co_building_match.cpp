// Co-building pairing (结对共建): which agency or Pioneer unit should pair with which compound.
// The rule is furong::co_building (domain/co_building.hpp): providers with a capacity,
// score(p, c) = sum over the resources that p offers and c needs of priority(c, r) *
// amount(p, r), pairings active on the date kept; the optimum is an exact min-cost flow
// (algorithm/matching.hpp). The same call answers furong.match.co_building in Python. Then
// the stable matching of preferences.csv when the directory has one.
//
//   co_building_match python/furong/datasets/furong [YYYY-MM-DD]
#include <furong/furong.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: co_building_match DIR [YYYY-MM-DD]\n";
        return 2;
    }
    try {
        const furong::network net = furong::io::load_network(argv[1]);
        const furong::snapshot snap(net);
        const auto day = furong::parse_iso_date(argc > 2 ? argv[2] : "2025-10-24");
        if (!day) {
            std::cerr << "bad date\n";
            return 2;
        }
        furong::co_building_options o;
        o.when = *day;
        const furong::co_building_result r = furong::co_building(snap, o);
        o.cover_first = true;
        const furong::co_building_result rc = furong::co_building(snap, o);

        std::printf("%zu providers, %zu compounds, %zu eligible pairs, %zu kept\n", r.providers, r.compounds,
                    r.stats.eligible_used, r.kept.size());
        std::printf("optimal: %zu new pairs, total score %.1f, %d compounds covered, %zu unmatched\n", r.pairs.size(),
                    r.total_score, r.compounds_covered, r.unmatched.size());
        std::printf("cover first: %zu new pairs, total score %.1f, %d compounds covered\n", rc.pairs.size(),
                    rc.total_score, rc.compounds_covered);
        std::vector<furong::co_building_pair> best = r.pairs;
        std::stable_sort(best.begin(), best.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
        for (std::size_t i = 0; i < std::min<std::size_t>(5, best.size()); ++i) {
            std::cout << "  " << snap.id(best[i].provider) << " -> " << snap.id(best[i].compound) << "  score "
                      << best[i].score << ":";
            for (std::size_t k = best[i].reasons_begin; k < best[i].reasons_end; ++k)
                std::cout << ' ' << r.resources[r.reasons[k].resource] << ' ' << r.reasons[k].priority << 'x'
                          << r.reasons[k].amount;
            std::cout << '\n';
        }

        const std::filesystem::path prefs = std::filesystem::path(argv[1]) / "preferences.csv";
        if (std::filesystem::exists(prefs)) {
            const furong::preference_problem pp = furong::io::load_preferences(prefs, snap);
            const furong::stable_co_building_result sm = furong::stable_co_building(pp);
            std::vector<furong::assigned_pair> assignment;
            for (const auto& p : sm.pairs) assignment.push_back({p.compound, p.provider});
            std::printf("stable matching (compound-optimal): %zu pairs, %zu unmatched, %zu blocking pairs\n",
                        sm.pairs.size(), sm.unmatched.size(),
                        furong::co_building_blocking_pairs(snap, pp, assignment).size());
        }
        return rc.compounds_covered >= r.compounds_covered ? 0 : 1;
    } catch (const furong::error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
