// Load a dataset directory, count organisations by kind, and ask the hierarchy questions
// that need no algorithm header: is one organisation above another, what is the street of a
// household, who are the children of a community.
//
//   load_and_query python/furong/datasets/furong
#include <furong/furong.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: load_and_query DIR\n";
        return 2;
    }
    try {
        const furong::network net = furong::io::load_network(argv[1]);
        const furong::snapshot snap(net);  // immutable, query-ready view

        std::cout << "organisations: " << snap.size() << "\n";
        for (std::size_t k = 0; k < furong::org_kind_count; ++k) {
            const auto kind = static_cast<furong::org_kind>(k);
            const std::size_t n = snap.of_kind(kind).size();
            if (n) std::cout << "  " << furong::name_of(kind) << ": " << n << "\n";
        }

        // O(1) ancestor test on pre-order interval labels.
        const auto households = snap.of_kind(furong::org_kind::household);
        if (households.empty()) return 1;
        const furong::index_t root = snap.roots()[0];
        const furong::index_t h = households[0];
        const bool above = snap.is_ancestor(root, h);
        std::cout << snap.id(root) << " is above " << snap.id(h) << ": " << std::boolalpha << above << "\n";

        // The street of that household, and the chain up to the root.
        const furong::index_t street = snap.ancestor_of_kind(h, furong::org_kind::street);
        std::cout << "street of " << snap.id(h) << ": " << snap.id(street) << " (" << snap.name(street) << ")\n";
        std::cout << "chain:";
        for (furong::index_t v = h; v != furong::no_index; v = snap.parent(v)) std::cout << ' ' << snap.id(v);
        std::cout << "\n";

        const furong::index_t community = snap.ancestor_of_kind(h, furong::org_kind::community);
        std::cout << snap.id(community) << " has " << snap.children(community).size() << " children\n";
        return above && !snap.is_ancestor(h, root) ? 0 : 1;
    } catch (const furong::error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
