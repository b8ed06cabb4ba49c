// Timing of the matching algorithms on random instances: the pure cores (optimal_pairing,
// stable_matching, blocking_pairs) and co_building over a Furong-scale network (scores from
// offers x needs included). `--tiny` runs small sizes (CTest keeps it compiling and running).
// Build: cmake --build BUILD --target bench_matching_core; run BUILD/bench/bench_matching_core
// (figures: docs/performance.md, section Matching).
#include <chrono>
#include <cstring>
#include <string>
#include <ctime>
#include <cstdio>
#include <random>

#include "furong/domain/co_building.hpp"
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
    pb.client_count = C;
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
                name, int(cover_first), pb.eligible.size(), r.pairs.size(), r.clients_covered, r.total_score,
                r.stats.searches, r.stats.nodes_settled, r.stats.reassignments, ms_since(t0),
                1000.0 * double(std::clock() - c0) / CLOCKS_PER_SEC);
}

furong::stable_matching_problem random_stable(int P, int C, int list_len, int cap, unsigned seed) {
    std::mt19937 rng(seed);
    furong::stable_matching_problem pb;
    pb.provider_capacity.assign(P, cap);
    pb.client_prefs.resize(C);
    pb.provider_prefs.resize(P);
    std::uniform_int_distribution<int> prov(0, P - 1);
    std::vector<int> mark(P, -1);
    for (int c = 0; c < C; ++c) {
        while (static_cast<int>(pb.client_prefs[c].size()) < std::min(list_len, P)) {
            int p = prov(rng);
            if (mark[p] == c) continue;
            mark[p] = c;
            pb.client_prefs[c].push_back(p);
            pb.provider_prefs[p].push_back(c);
        }
    }
    for (auto& l : pb.provider_prefs) std::shuffle(l.begin(), l.end(), rng);
    return pb;
}

// A district of `P` providers (offering `offers` of `R` resources each, capacity `cap`) and
// `C` compounds (needing `needs` resources each) under 13 streets, with a pairing link for
// every 10th compound.
furong::network random_district(int P, int C, int R, int offers, int needs, int cap, unsigned seed) {
    std::mt19937 rng(seed);
    furong::network net;
    using furong::org_kind;
    net.add_organisation("d", org_kind::district, "D");
    for (int s = 0; s < 13; ++s) {
        net.add_organisation("s" + std::to_string(s), org_kind::street, "", "d");
        net.add_organisation("m" + std::to_string(s), org_kind::community, "", "s" + std::to_string(s));
    }
    std::uniform_int_distribution<int> res(0, R - 1), pri(1, 5), amt(1, 9), street(0, 12);
    for (int p = 0; p < P; ++p) {
        const bool agency = p % 4 == 0;
        auto i = net.add_organisation("p" + std::to_string(p), agency ? org_kind::agency : org_kind::unit, "",
                                      agency ? "d" : "s" + std::to_string(street(rng)));
        net.set_capacity(i, cap);
        for (int k = 0; k < offers; ++k) {
            const std::string r = "r" + std::to_string(res(rng));
            if (!net.resources().offer_keys.count(furong::resource_table::key(i, r))) net.add_offer(i, r, amt(rng));
        }
    }
    for (int c = 0; c < C; ++c) {
        auto i = net.add_organisation("c" + std::to_string(c), org_kind::compound, "", "m" + std::to_string(street(rng)));
        for (int k = 0; k < needs; ++k) {
            const std::string r = "r" + std::to_string(res(rng));
            if (!net.resources().need_keys.count(furong::resource_table::key(i, r))) net.add_need(i, r, pri(rng));
        }
        if (c % 10 == 0) net.add_link(net.index_of("p" + std::to_string(c % P)), i, furong::link_kind::pairing);
    }
    return net;
}

void time_co_building(const char* name, const furong::network& net, bool cover_first) {
    furong::snapshot s(net);
    furong::co_building_options o;
    o.cover_first = cover_first;
    auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    furong::co_building_instance inst = furong::co_building_problem(s, o);
    const double build_ms = ms_since(t0);
    auto t1 = std::chrono::steady_clock::now();
    const std::clock_t c1 = std::clock();
    furong::co_building_result r = furong::co_building(s, o);
    std::printf("%-34s cover_first=%d providers=%zu compounds=%zu eligible=%zu kept=%zu pairs=%zu covered=%d "
                "score=%.1f  co_building %.1f ms (cpu %.1f ms; of which building the problem %.1f ms)\n",
                name, int(cover_first), r.providers, r.compounds, inst.problem.eligible.size(), r.kept.size(),
                r.pairs.size(), r.compounds_covered, r.total_score, ms_since(t1),
                1000.0 * double(std::clock() - c1) / CLOCKS_PER_SEC, build_ms);
    (void)c0;
}

}  // namespace

int main(int argc, char** argv) {
    bool tiny = false;
    for (int k = 1; k < argc; ++k) tiny = tiny || std::strcmp(argv[k], "--tiny") == 0;
    if (tiny) {
        time_pairing("20 x 100 x 5", random_pairing(20, 100, 5, 5, 1), false);
        time_pairing("20 x 100 x 5", random_pairing(20, 100, 5, 5, 1), true);
        auto small = random_pairing(50, 2000, 10, 40, 3);
        time_pairing("50 x 2000 x 10 cap 40", small, false);
        small.max_per_client = 2;
        time_pairing("50 x 2000 x 10 cap 40 mpc 2", small, true);
        time_co_building("district 20 x 100", random_district(20, 100, 10, 4, 5, 5, 9), false);
        auto sp = random_stable(50, 2000, 5, 40, 5);
        furong::stable_matching_result r = furong::stable_matching(sp);
        std::printf("stable 2000 x 5: matched=%d blocking=%zu\n", r.matched, furong::blocking_pairs(sp, r.provider_of).size());
        return 0;
    }
    time_co_building("district 200 x 1000 (network)", random_district(200, 1000, 30, 10, 5, 5, 9), false);
    time_co_building("district 200 x 1000 (network)", random_district(200, 1000, 30, 10, 5, 5, 9), true);
    time_pairing("200 x 1000 x 5", random_pairing(200, 1000, 5, 5, 1), false);
    time_pairing("200 x 1000 x 5", random_pairing(200, 1000, 5, 5, 1), true);
    time_pairing("200 x 1000 x 5 cap 3", random_pairing(200, 1000, 5, 3, 2), false);
    auto big = random_pairing(1000, 100000, 20, 100, 3);
    time_pairing("1000 x 100000 x 20 cap 100", big, false);
    time_pairing("1000 x 100000 x 20 cap 100", big, true);
    auto tight = random_pairing(1000, 100000, 20, 60, 4);
    time_pairing("1000 x 100000 x 20 cap 60", tight, false);
    big.max_per_client = 3;
    time_pairing("1000 x 100000 x 20 cap 100 mpc 3", big, false);

    for (auto side : {furong::proposing_side::clients, furong::proposing_side::providers}) {
        auto sp = random_stable(1000, 100000, 10, 100, 5);
        auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock();
        furong::stable_matching_result r = furong::stable_matching(sp, side);
        double t1 = ms_since(t0), cpu1 = 1000.0 * double(std::clock() - c0) / CLOCKS_PER_SEC;
        auto t2 = std::chrono::steady_clock::now();
        auto bp = furong::blocking_pairs(sp, r.provider_of);
        std::printf("stable 100000 x 10 (%s): matched=%d proposals=%zu %.1f ms (cpu %.1f ms); blocking_pairs=%zu %.1f ms\n",
                    side == furong::proposing_side::clients ? "compounds" : "providers", r.matched,
                    r.proposals, t1, cpu1, bp.size(), ms_since(t2));
    }
}
