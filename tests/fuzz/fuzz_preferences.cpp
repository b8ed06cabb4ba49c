// libFuzzer target: preferences.csv, read and checked against a small network (the
// organisations of tests/fuzz/network.csv, a slice of the bundled dataset).

#include "fuzz_support.hpp"

#include <furong/io/network_files.hpp>
#include <furong/io/preferences_file.hpp>
#include <furong/snapshot.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const furong::snapshot net = [] {
        const auto dir = furong::fuzz::scratch() / "base";
        std::filesystem::create_directories(dir);
        std::filesystem::copy_file(FURONG_FUZZ_DIR "/network.csv", dir / "organisations.csv",
                                   std::filesystem::copy_options::overwrite_existing);
        return furong::snapshot(furong::io::load_network(dir));
    }();
    const auto path = furong::fuzz::scratch() / "preferences.csv";
    furong::fuzz::put(furong::fuzz::scratch(), "preferences.csv", data, size);
    furong::fuzz::expect_typed([&] { (void)furong::io::load_preferences(path, net); });
    return 0;
}
