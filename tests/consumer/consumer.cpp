// A program that uses furong as an outside project would: load a directory, snapshot it,
// and print what it found. Built by CTest against the installed package and as a subdirectory.
#include <furong/furong.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: consumer DIR\n";
        return 2;
    }
    try {
        furong::network net = furong::io::load_network(argv[1]);
        furong::snapshot snap(net);
        std::cout << "organisations " << snap.size() << ", households "
                  << snap.of_kind(furong::org_kind::household).size() << "\n";
        return snap.size() > 0 ? 0 : 1;
    } catch (const furong::error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
