// Co-building pairing (結對共建) with the pure algorithm of matching.hpp: providers (agencies
// and Pioneer units) with a capacity, compounds, and a score for each eligible pair; the
// optimal capacitated pairing is an exact min-cost flow.
//
// This program adapts the network onto the algorithm's plain indices itself: score(p, c) =
// sum over the resources that p offers and c needs of priority(c, r) * amount(p, r);
// pairings active on the date are kept. (domain/co_building.hpp does the same adaptation with
// explanations for every pair.)
//
//   co_building_match python/furong/datasets/furong [YYYY-MM-DD]
#include <furong/algorithm/matching.hpp>
#include <furong/furong.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <unordered_map>
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
        const furong::as_of when(*day);

        // Providers and compounds get dense numbers 0..P-1 and 0..C-1.
        std::vector<furong::index_t> providers, compounds;
        std::unordered_map<furong::index_t, int> provider_no, compound_no;
        for (auto kind : {furong::org_kind::agency, furong::org_kind::unit})
            for (furong::index_t v : snap.of_kind(kind)) {
                provider_no[v] = static_cast<int>(providers.size());
                providers.push_back(v);
            }
        for (furong::index_t v : snap.of_kind(furong::org_kind::compound)) {
            compound_no[v] = static_cast<int>(compounds.size());
            compounds.push_back(v);
        }

        furong::pairing_problem pb;
        pb.client_count = static_cast<int>(compounds.size());
        pb.max_per_client = 1;
        for (furong::index_t v : providers) {
            const std::int32_t cap = snap.organisations().capacities[v];
            pb.provider_capacity.push_back(cap < 0 ? 1 : cap);  // unset capacity: one compound
        }

        // Scores from offers x needs, per shared resource.
        std::map<std::string, std::vector<std::pair<int, double>>> offers;  // resource -> (provider, amount)
        for (const auto& o : snap.resources().offers)
            if (auto it = provider_no.find(o.provider); it != provider_no.end())
                offers[o.resource].push_back({it->second, o.amount});
        std::map<std::pair<int, int>, double> score;
        for (const auto& n : snap.resources().needs) {
            auto c = compound_no.find(n.compound);
            auto o = offers.find(n.resource);
            if (c == compound_no.end() || o == offers.end()) continue;
            for (const auto& [p, amount] : o->second) score[{p, c->second}] += n.priority * amount;
        }
        for (const auto& [pc, s] : score)
            if (s > 0) pb.eligible.push_back({pc.first, pc.second, s});

        // Active pairings are kept: they use capacity and are never proposed again.
        for (const auto& l : snap.links().rows) {
            if (l.kind != furong::link_kind::pairing || !when.admits(l.valid)) continue;
            auto p = provider_no.find(l.source);
            auto c = compound_no.find(l.target);
            if (p != provider_no.end() && c != compound_no.end()) pb.kept.push_back({p->second, c->second});
        }
        std::sort(pb.kept.begin(), pb.kept.end(), [](const auto& a, const auto& b) {
            return std::make_pair(a.provider, a.client) < std::make_pair(b.provider, b.client);
        });
        pb.kept.erase(std::unique(pb.kept.begin(), pb.kept.end(),
                                  [](const auto& a, const auto& b) { return a.provider == b.provider && a.client == b.client; }),
                      pb.kept.end());

        const furong::pairing_result r = furong::optimal_pairing(pb);
        furong::pairing_options cover;
        cover.cover_first = true;
        const furong::pairing_result rc = furong::optimal_pairing(pb, cover);

        std::printf("%zu providers, %zu compounds, %zu eligible pairs, %zu kept\n", providers.size(),
                    compounds.size(), pb.eligible.size(), pb.kept.size());
        std::printf("optimal: %zu new pairs, total score %.1f, %d compounds covered\n", r.pairs.size(),
                    r.total_score, r.clients_covered);
        std::printf("cover first: %zu new pairs, total score %.1f, %d compounds covered\n", rc.pairs.size(),
                    rc.total_score, rc.clients_covered);
        std::vector<furong::pairing_edge> best = r.pairs;
        std::sort(best.begin(), best.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
        for (std::size_t i = 0; i < std::min<std::size_t>(5, best.size()); ++i)
            std::cout << "  " << snap.id(providers[best[i].provider]) << " -> " << snap.id(compounds[best[i].client])
                      << "  score " << best[i].score << "\n";
        return rc.clients_covered >= r.clients_covered ? 0 : 1;
    } catch (const furong::error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
