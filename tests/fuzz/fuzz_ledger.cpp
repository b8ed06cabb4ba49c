// libFuzzer target: the ledger files. The first byte picks the file the rest of the input
// becomes (ledger, ledger_events, visits, sla, meetings, attendance, agreements, commitments);
// io::load_ledger_dir reads the directory holding that file only (absent files are empty).

#include "fuzz_support.hpp"

#include <furong/io/ledger_files.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* const files[] = {"ledger.csv",   "ledger_events.csv", "visits.csv",     "sla.csv",
                                        "meetings.csv", "attendance.csv",    "agreements.csv", "commitments.csv"};
    if (size == 0) return 0;
    const auto dir = furong::fuzz::scratch() / "ledger";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    furong::fuzz::put(dir, files[data[0] % 8], data + 1, size - 1);
    furong::fuzz::expect_typed([&] { (void)furong::load_ledger_dir(dir); });
    return 0;
}
