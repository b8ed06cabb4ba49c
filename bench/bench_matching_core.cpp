// Standalone timing of the pure matching algorithms on random instances (not part of the
// test suite). Build: g++ -std=c++17 -O2 -Iinclude bench/bench_matching_core.cpp -o /tmp/bmc
#include <chrono>
#include <ctime>
#include <cstdio>
#include <random>

#include "furong/algorithm/matching.hpp"
#include "furong/algorithm/stable_matching.hpp"

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

furong::pairing_problem random_pairing(int P, int C, int per_compound, int cap, unsigned seed) {
    std::mt19937 rng(seed);
    furong::pairing_problem pb;
    pb.provider_capacity.assign(P, cap);
    pb.compound_count = C;
    std::uniform_int_distribution<int> prov(0, P - 1);
    std::uniform_real_distribution<double> score(0.01, 1.0);
    std::vector<int> mark(P, -1);
    for (int c = 0; c < C; ++c) {
        for (int k = 0; k < per_compound; ++k) {
            int p = prov(rng);
            if (mark[p] == c) continue;
            mark[p] = c;
            pb.eligible.push_back({p, c, score(rng)});
        }
    }
    return pb;
}

void time_pairing(const char* name, const furong::pairing_problem& pb, bool cover_first) {
    auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    furong::pairing_options opt;
    opt.cover_first = cover_first;
    furong::pairing_result r = furong::optimal_pairing(pb, opt);
    std::printf("%-34s cover_first=%d edges=%zu pairs=%zu covered=%d score=%.3f searches=%zu settled=%zu "
                "reassign=%zu  %.1f ms (cpu %.1f ms)\n",
                name, int(cover_first), pb.eligible.size(), r.pairs.size(), r.compounds_covered, r.total_score,
                r.stats.searches, r.stats.nodes_settled, r.stats.reassignments, ms_since(t0),
                1000.0 * double(std::clock() - c0) / CLOCKS_PER_SEC);
}

furong::stable_matching_problem random_stable(int P, int C, int list_len, int cap, unsigned seed) {
    std::mt19937 rng(seed);
    furong::stable_matching_problem pb;
    pb.provider_capacity.assign(P, cap);
    pb.compound_prefs.resize(C);
    pb.provider_prefs.resize(P);
    std::uniform_int_distribution<int> prov(0, P - 1);
    std::vector<int> mark(P, -1);
    for (int c = 0; c < C; ++c) {
        while (static_cast<int>(pb.compound_prefs[c].size()) < std::min(list_len, P)) {
            int p = prov(rng);
            if (mark[p] == c) continue;
            mark[p] = c;
            pb.compound_prefs[c].push_back(p);
            pb.provider_prefs[p].push_back(c);
        }
    }
    for (auto& l : pb.provider_prefs) std::shuffle(l.begin(), l.end(), rng);
    return pb;
}

}  // namespace

int main() {
    time_pairing("200 x 1000 x 5", random_pairing(200, 1000, 5, 5, 1), false);
    time_pairing("200 x 1000 x 5", random_pairing(200, 1000, 5, 5, 1), true);
    time_pairing("200 x 1000 x 5 cap 3", random_pairing(200, 1000, 5, 3, 2), false);
    auto big = random_pairing(1000, 100000, 20, 100, 3);
    time_pairing("1000 x 100000 x 20 cap 100", big, false);
    time_pairing("1000 x 100000 x 20 cap 100", big, true);
    auto tight = random_pairing(1000, 100000, 20, 60, 4);
    time_pairing("1000 x 100000 x 20 cap 60", tight, false);
    big.max_per_compound = 3;
    time_pairing("1000 x 100000 x 20 cap 100 mpc 3", big, false);

    for (auto side : {furong::proposing_side::compounds, furong::proposing_side::providers}) {
        auto sp = random_stable(1000, 100000, 10, 100, 5);
        auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock();
        furong::stable_matching_result r = furong::stable_matching(sp, side);
        double t1 = ms_since(t0), cpu1 = 1000.0 * double(std::clock() - c0) / CLOCKS_PER_SEC;
        auto t2 = std::chrono::steady_clock::now();
        auto bp = furong::blocking_pairs(sp, r.provider_of);
        std::printf("stable 100000 x 10 (%s): matched=%d proposals=%zu %.1f ms (cpu %.1f ms); blocking_pairs=%zu %.1f ms\n",
                    side == furong::proposing_side::compounds ? "compounds" : "providers", r.matched,
                    r.proposals, t1, cpu1, bp.size(), ms_since(t2));
    }
}
