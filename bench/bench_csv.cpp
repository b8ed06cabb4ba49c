// The CSV reader alone and the loaders built on it, on a dataset directory:
//   - per file: csv_reader over the file's text (UTF-8 check, every field found; the text is
//     read from disk before the clock starts), in MB/s on one core;
//   - the whole directory as furong.load reads it: io::load_network, then load_ledger_dir
//     checked against the network (every field typed and checked, the ledger built).
// bench/bench_csv.py writes the 10^6-item ledger directory and runs pandas, pyarrow and
// polars on the same files (docs/performance.md, "CSV reader").
//
// Usage: bench_csv [--repeat N] DIR      (best of N, default 3)
//        bench_csv --tiny                 (a small directory of its own, for CTest)

#include <furong/io/csv.hpp>
#include <furong/io/ledger_files.hpp>
#include <furong/io/network_files.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A small dataset in the layout of bench_ledger.py (quoted fields included).
void write_tiny(const fs::path& d, int n) {
    fs::create_directories(d);
    std::ofstream o(d / "organisations.csv");
    o << "id,kind,name,parent\nfurong,district,Furong,\ns0,street,S0,furong\nm0,community,M0,s0\n";
    for (int c = 0; c < 20; ++c) o << "C" << c << ",compound,\"Compound, " << c << "\",m0\n";
    std::ofstream p(d / "people.csv");
    p << "id,name\n";
    for (int k = 0; k < 50; ++k) p << "P" << k << ",P" << k << "\n";
    std::ofstream s(d / "sla.csv");
    s << "category,days,unit\nnoise,10,calendar\n*,15,working\n";
    std::ofstream l(d / "ledger.csv"), e(d / "ledger_events.csv"), v(d / "visits.csv");
    l << "id,compound,category,summary,source,raised,owner,due,meeting\n";
    e << "item,date,status\n";
    v << "item,date,outcome\n";
    for (int i = 0; i < n; ++i) {
        const int day = 1 + i % 28;
        char date[11], later[11];
        std::snprintf(date, sizeof date, "2025-01-%02d", day);
        std::snprintf(later, sizeof later, "2025-02-%02d", day);
        l << "L" << i << ",C" << i % 20 << "," << (i % 2 ? "noise" : "parking") << ","
          << (i % 5 ? "demand " + std::to_string(i) : "\"said \"\"fix it\"\", twice\"") << ",survey," << date << ",P"
          << i % 50 << "," << (i % 4 ? "" : later) << ",\n";
        e << "L" << i << "," << date << ",assigned\nL" << i << "," << later << ",resolved\n";
        v << "L" << i << "," << later << ",satisfied\n";
    }
}

}  // namespace

int main(int argc, char** argv) {
    fs::path dir;
    bool tiny = false;
    int repeat = 3;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--tiny") tiny = true;
        else if (a == "--repeat" && i + 1 < argc) repeat = std::atoi(argv[++i]);
        else dir = a;
    }
    if (tiny) {
        dir = fs::temp_directory_path() / ("furong_bench_csv_" + std::to_string(std::random_device{}()));
        write_tiny(dir, 2000);
        repeat = 1;
    }
    if (dir.empty()) {
        std::cerr << "usage: bench_csv [--repeat N] DIR | bench_csv --tiny\n";
        return 2;
    }
    std::uintmax_t total = 0;
    std::size_t fields = 0;
    for (const char* name : {"organisations.csv", "people.csv", "ledger.csv", "ledger_events.csv", "visits.csv"}) {
        if (!fs::exists(dir / name)) continue;
        const std::string text = slurp(dir / name);
        double best = 1e300, best_cpu = 1e300;
        for (int k = 0; k < repeat; ++k) {
            std::string copy = text;  // the reader owns (and may unescape) its text
            auto t0 = std::chrono::steady_clock::now();
            const double c0 = cpu_seconds();
            furong::io::csv_reader r(std::move(copy), name);
            std::size_t n = 0, bytes = 0;
            while (r.next()) {
                n += r.fields().size();
                for (auto f : r.fields()) bytes += f.size();
            }
            best = std::min(best, seconds_since(t0));
            best_cpu = std::min(best_cpu, cpu_seconds() - c0);
            fields = n + (bytes == 0);
        }
        total += text.size();
        std::printf("bench_csv file=%s mb=%.1f fields=%zu scan_s=%.4f scan_cpu_s=%.4f mb_per_s=%.0f mb_per_cpu_s=%.0f\n",
                    name, text.size() / 1e6, fields, best, best_cpu, text.size() / 1e6 / best, text.size() / 1e6 / best_cpu);
    }
    double best = 1e300, best_cpu = 1e300;
    std::size_t items = 0;
    std::uintmax_t all_bytes = 0;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".csv") all_bytes += e.file_size();
    for (int k = 0; k < repeat; ++k) {
        auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpu_seconds();
        furong::network net = furong::io::load_network(dir);
        furong::ledger_data led = furong::load_ledger_dir(dir, furong::reference_checker::of(net));
        best = std::min(best, seconds_since(t0));
        best_cpu = std::min(best_cpu, cpu_seconds() - c0);
        items = led.items.size();
    }
    std::printf("bench_csv load items=%zu mb=%.1f load_s=%.3f load_cpu_s=%.3f mb_per_s=%.0f\n", items, all_bytes / 1e6,
                best, best_cpu, all_bytes / 1e6 / best);
    if (tiny) fs::remove_all(dir);
    return items > 0 ? 0 : 1;
}
