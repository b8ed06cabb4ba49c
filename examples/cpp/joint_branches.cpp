// Planning: which small compounds build a party branch jointly (联合建) because they have
// fewer than 3 party members each, and which adjacent old compounds without property
// management share one district-wide property provider (片区大物业). Both are threshold
// connected partitions per scope (domain/plans.hpp over algorithm/connected_partition.hpp).
//
//   joint_branches python/furong/datasets/furong [YYYY-MM-DD]
#include <furong/domain/plans.hpp>
#include <furong/furong.hpp>

#include <cstdio>
#include <iostream>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: joint_branches DIR [YYYY-MM-DD]\n";
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

        const furong::plan_result b = furong::plan_branches(snap, *day, 3);
        std::size_t joint = 0, joint_compounds = 0;
        const furong::plan_group* example = nullptr;
        for (const auto& g : b.groups)
            if (g.compounds.size() > 1) {
                ++joint;
                joint_compounds += g.compounds.size();
                if (!example) example = &g;
            }
        std::printf("branches: %zu candidates in %zu communities -> %zu branches (%zu alone, %zu joint for %zu "
                    "compounds); %zu compounds covered directly by the community; optimal: %s\n",
                    b.candidates, b.scopes, b.groups.size(), b.groups.size() - joint, joint, joint_compounds,
                    b.uncovered.size(), b.optimal ? "yes" : "no");
        if (example) {
            std::cout << "  e.g. a joint branch in " << snap.id(example->scope) << " (" << example->weight
                      << " party members):";
            for (auto c : example->compounds) std::cout << ' ' << snap.id(c);
            std::cout << "\n";
        }

        const furong::plan_result p = furong::plan_property_areas(snap, *day, 300);
        std::size_t covered = 0;
        for (const auto& g : p.groups) covered += g.compounds.size();
        std::printf("property areas: %zu old compounds without property -> %zu areas covering %zu; %zu in clusters "
                    "under 300 households\n", p.candidates, p.groups.size(), covered, p.uncovered.size());
        return b.candidates > 0 ? 0 : 1;
    } catch (const furong::error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
