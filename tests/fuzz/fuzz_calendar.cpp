// libFuzzer target: calendar.csv (working days and holidays), read by io::load_ledger_dir.

#include "fuzz_support.hpp"

#include <furong/io/ledger_files.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto dir = furong::fuzz::scratch() / "calendar";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    furong::fuzz::put(dir, "calendar.csv", data, size);
    furong::fuzz::expect_typed([&] { (void)furong::load_ledger_dir(dir); });
    return 0;
}
