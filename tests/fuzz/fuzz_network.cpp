// libFuzzer target: the CSV network directory. The first byte picks the file the rest of the
// input becomes (organisations, links, people, roles, offers, needs); the directory holds
// that file only, and io::load_network reads it (absent files are empty).

#include "fuzz_support.hpp"

#include <furong/io/network_files.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* const files[] = {"organisations.csv", "links.csv", "people.csv",
                                        "roles.csv",         "offers.csv", "needs.csv"};
    if (size == 0) return 0;
    const auto dir = furong::fuzz::scratch() / "network";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    furong::fuzz::put(dir, files[data[0] % 6], data + 1, size - 1);
    furong::fuzz::expect_typed([&] { (void)furong::io::load_network(dir); });
    return 0;
}
