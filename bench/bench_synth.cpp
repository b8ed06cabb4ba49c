// bench_synth: times furong::synth::city and furong::snapshot for cities of given sizes.
//
//   bench_synth [--seed S] [--no-people] [--no-households] [--dump-edges FILE] [households...]
//
// Default size: 1000000 households. For each size it prints one machine-readable line
//   bench_synth households=... nodes=... edges=... links=... people=... roles=...
//     generate_s=... snapshot_s=... peak_rss_mb=... table_bytes_per_node=...
//     derived_bytes_per_node=... model_bytes_per_node=... rss_delta_bytes_per_node=...
// where model = table + derived (the library's own accounting) and rss_delta is the growth
// of the resident set from before generating to after the snapshot (Linux /proc only).
// peak_rss_mb is VmHWM, reset before each size through /proc/self/clear_refs when allowed.
//
// --dump-edges FILE writes the snapshot's edges of the last size (hierarchy parent -> child
// and every link) for bench_synth_networkx.py: a little-endian header of two uint64
// (nodes, edges), then `edges` pairs of uint32 (source, target).

#include <furong/snapshot.hpp>
#include <furong/synth.hpp>

#include <boost/range/iterator_range.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

long status_kb(const char* field) {  // a "VmXXX:   123 kB" line of /proc/self/status, or -1
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string key = std::string(field) + ":";
    while (std::getline(in, line))
        if (line.compare(0, key.size(), key) == 0) return std::strtol(line.c_str() + key.size(), nullptr, 10);
    return -1;
}

void reset_peak() {
    std::ofstream out("/proc/self/clear_refs");
    if (out) out << "5";  // resets VmHWM to the current RSS (Linux >= 4.0)
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void dump_edges(const furong::snapshot& snap, const std::string& path) {
    const auto& g = snap.graph();
    std::vector<std::uint32_t> pairs;
    pairs.reserve(num_edges(g) * 2);
    for (auto e : boost::make_iterator_range(edges(g))) {
        pairs.push_back(static_cast<std::uint32_t>(source(e, g)));
        pairs.push_back(static_cast<std::uint32_t>(target(e, g)));
    }
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw std::runtime_error("cannot write " + path);
    // Header and values are written in host order; every platform this runs on is little-endian.
    std::uint64_t header[2] = {snap.size(), pairs.size() / 2};
    bool ok = std::fwrite(header, sizeof header, 1, f) == 1 &&
              std::fwrite(pairs.data(), sizeof(std::uint32_t), pairs.size(), f) == pairs.size();
    ok = std::fclose(f) == 0 && ok;
    if (!ok) throw std::runtime_error("error writing " + path);
}

}  // namespace

int main(int argc, char** argv) try {
    std::vector<std::int64_t> sizes;
    std::string dump;
    furong::synth::city_options base;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--dump-edges" && i + 1 < argc) dump = argv[++i];
        else if (a == "--seed" && i + 1 < argc) base.seed = std::stoull(argv[++i]);
        else if (a == "--tiny") sizes.push_back(2000);  // CTest: keeps the benchmark running
        else if (a == "--no-people") base.people = false;
        else if (a == "--no-households") base.household_nodes = false;
        else if (a == "-h" || a == "--help") {
            std::cout << "usage: bench_synth [--tiny] [--seed S] [--no-people] [--no-households] [--dump-edges FILE] "
                         "[households...]\n";
            return 0;
        } else sizes.push_back(std::stoll(a));
    }
    if (sizes.empty()) sizes.push_back(1000000);

    for (std::size_t s = 0; s < sizes.size(); ++s) {
        reset_peak();
        const long rss0 = status_kb("VmRSS");
        furong::synth::city_options o = base;
        o.households = sizes[s];
        auto t0 = std::chrono::steady_clock::now();
        furong::network net = furong::synth::city(o);
        const double generate_s = seconds_since(t0);
        t0 = std::chrono::steady_clock::now();
        furong::snapshot snap(net);
        const double snapshot_s = seconds_since(t0);
        const long rss1 = status_kb("VmRSS");
        const long peak = status_kb("VmHWM");

        const double nodes = static_cast<double>(snap.size());
        const double table = static_cast<double>(snap.table_bytes()), derived = static_cast<double>(snap.derived_bytes());
        std::printf(
            "bench_synth households=%lld nodes=%zu edges=%zu links=%zu people=%zu roles=%zu generate_s=%.6f "
            "snapshot_s=%.6f peak_rss_mb=%.1f table_bytes_per_node=%.1f derived_bytes_per_node=%.1f "
            "model_bytes_per_node=%.1f rss_delta_bytes_per_node=%.1f\n",
            static_cast<long long>(o.households), snap.size(), static_cast<std::size_t>(num_edges(snap.graph())),
            snap.links().rows.size(), snap.people().size(), snap.roles().rows.size(), generate_s, snapshot_s,
            peak / 1024.0, table / nodes, derived / nodes, (table + derived) / nodes,
            (rss1 - rss0) * 1024.0 / nodes);
        std::fflush(stdout);
        if (!dump.empty() && s + 1 == sizes.size()) {
            dump_edges(snap, dump);
            std::printf("bench_synth_dump file=%s nodes=%zu edges=%zu\n", dump.c_str(), snap.size(),
                        static_cast<std::size_t>(num_edges(snap.graph())));
        }
    }
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "bench_synth: %s\n", e.what());
    return 1;
}
