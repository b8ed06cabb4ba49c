// The governance store on SQLite at the scale: the bundled district with a ledger of
// 10^6 items (3 events and 1 visit each on average, compounds and owners of the district).
// Measures, in one run:
//   - the batched import of the directory (store::create): items per second;
//   - opening the store into a ready Network + ledger (store::open + load) against loading
//     the same directory from CSV (io::load_network + load_ledger_dir): the ratio;
//   - the latency of single-event commits (one status change per transaction) with
//     synchronous=FULL: median and p99.
// The work directory must be on a real disk (fsync); the default is the system temp dir.
//
// Run: bench_store [--tiny] [items=1000000] [work_dir]
//      bench_store --load STORE; bench_store --import DIR STORE (one step alone, for profiles)
//   --tiny: 2,000 items and 20 commits (CTest keeps the benchmark compiling and running).
#include <furong/io/ledger_files.hpp>
#include <furong/io/network_files.hpp>
#include <furong/store/store.hpp>
#include <furong/synth.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#ifndef FURONG_DATASET_DIR
#define FURONG_DATASET_DIR "python/furong/datasets/furong"
#endif

namespace {

namespace fs = std::filesystem;

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
double cpu_ms() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

/// The bundled network files (or, for --tiny, a synthetic town of 3,000 households) plus a
/// generated ledger of `n` items.
void generate(const fs::path& dir, std::size_t n, bool tiny) {
    fs::create_directories(dir);
    const fs::path src = FURONG_DATASET_DIR;
    if (tiny) {
        furong::synth::city_options o;
        o.households = 3000;
        furong::io::save_network(furong::synth::city(o), dir);
    } else {
        for (const char* f : furong::io::network_file_names) fs::copy_file(src / f, dir / f, fs::copy_options::overwrite_existing);
    }
    for (const char* f : {"sla.csv", "calendar.csv"}) fs::copy_file(src / f, dir / f, fs::copy_options::overwrite_existing);
    auto net = furong::io::load_network(dir);
    std::vector<std::string> compounds, people;
    for (furong::index_t i = 0; i < net.organisation_count(); ++i)
        if (net.kind(i) == furong::org_kind::compound) compounds.emplace_back(net.id(i));
    for (furong::index_t p = 0; p < net.person_count(); ++p) people.emplace_back(net.person_id(p));
    std::mt19937 rng(42);
    const char* cats[] = {"fire_safety", "facility_renovation", "noise", "property_dispute", "elderly_care", "environment", "parking"};
    const char* sources[] = {"survey", "grid_patrol", "night_talk", "return_visit", "hotline", "other"};
    std::ofstream items(dir / "ledger.csv"), events(dir / "ledger_events.csv"), visits(dir / "visits.csv");
    items << "id,compound,category,summary,source,raised,owner,due,meeting\n";
    events << "item,date,status\n";
    visits << "item,date,outcome\n";
    const furong::day_t start = furong::day_of(furong::date(2024, 1, 1));
    for (std::size_t i = 0; i < n; ++i) {
        std::string id = "L" + std::to_string(1000000 + i);
        furong::day_t raised = start + static_cast<furong::day_t>(rng() % 730);
        std::string due = rng() % 4 == 0 ? furong::to_iso(furong::date_of(raised + 5 + static_cast<int>(rng() % 40))) : "";
        items << id << ',' << compounds[rng() % compounds.size()] << ',' << cats[rng() % 7] << ",demand " << i % 977 << ','
              << sources[rng() % 6] << ',' << furong::to_iso(furong::date_of(raised)) << ',' << people[rng() % people.size()]
              << ',' << due << ",\n";
        auto ev = [&](furong::day_t d, const char* s) { events << id << ',' << furong::to_iso(furong::date_of(d)) << ',' << s << '\n'; };
        auto vi = [&](furong::day_t d, const char* o) { visits << id << ',' << furong::to_iso(furong::date_of(d)) << ',' << o << '\n'; };
        furong::day_t a = raised + 1 + static_cast<int>(rng() % 3), b = a + 1 + static_cast<int>(rng() % 10),
                      c = b + 1 + static_cast<int>(rng() % 40);
        switch (rng() % 20) {
            case 0: case 1: case 2: ev(a, "assigned"); ev(b, "in_progress"); ev(c, "assigned"); vi(c + 10, "no_answer"); break;
            case 3: case 4: case 5: ev(a, "assigned"); ev(b, "resolved"); vi(b + (c - b) / 2, "satisfied"); ev(c, "closed"); break;
            case 6: ev(a, "assigned"); ev(b, "in_progress"); ev(c, "duplicate"); vi(c + 5, "satisfied"); break;
            case 7: ev(a, "assigned"); ev(b, "in_progress"); ev(c, "resolved"); vi(c + 7, "unsatisfied"); break;
            case 8: break;  // still open, never touched: the commit benchmark assigns these
            default: ev(a, "assigned"); ev(b, "in_progress"); ev(c, "resolved"); vi(c + 5, "satisfied"); break;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    bool tiny = false;
    if (argc == 3 && std::string(argv[1]) == "--load") {  // profiling: open + load an existing store
        auto t = std::chrono::steady_clock::now();
        auto d = furong::store::open(argv[2]).load();
        std::printf("open + load: %.0f ms, %zu items\n", ms_since(t), d.ledger.items.size());
        return 0;
    }
    if (argc == 4 && std::string(argv[1]) == "--import") {  // profiling: import an existing directory
        std::filesystem::remove(argv[3]);
        auto t = std::chrono::steady_clock::now();
        double c0 = cpu_ms();
        furong::store::create(argv[3], argv[2], "bench");
        std::printf("import: %.0f ms wall, %.0f ms cpu\n", ms_since(t), cpu_ms() - c0);
        return 0;
    }
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--tiny") tiny = true;
        else args.push_back(a);
    }
    std::size_t n = tiny ? 2000 : 1000000;
    if (!args.empty()) n = std::strtoul(args[0].c_str(), nullptr, 10);
    fs::path work = args.size() > 1 ? fs::path(args[1]) : fs::temp_directory_path() / "furong_bench_store";
    const int commits = tiny ? 20 : 300;
    fs::remove_all(work);
    fs::path dir = work / "dataset", db = work / "district.sqlite";

    auto t0 = std::chrono::steady_clock::now();
    generate(dir, n, tiny);
    std::printf("generate: %s + %zu items: %.0f ms\n", tiny ? "a town of 3,000 households" : "bundled district", n, ms_since(t0));

    // CSV: the ready Network + ledger from the directory.
    t0 = std::chrono::steady_clock::now();
    double c0 = cpu_ms();
    auto net = furong::io::load_network(dir);
    auto led = furong::load_ledger_dir(dir, furong::reference_checker::of(net));
    double csv_ms = ms_since(t0), csv_cpu = cpu_ms() - c0;
    std::printf("CSV load (network + ledger): %.0f ms wall, %.0f ms cpu; %zu items, %zu events, %zu visits\n", csv_ms, csv_cpu,
                led.items.size(), led.items.event_count(), led.items.visit_count());

    // Import: the network alone first, to separate its share.
    {
        fs::path netdir = work / "network_only", netdb = work / "network_only.sqlite";
        fs::create_directories(netdir);
        for (const char* f : furong::io::network_file_names) fs::copy_file(dir / f, netdir / f);
        t0 = std::chrono::steady_clock::now();
        furong::store::create(netdb.string(), netdir, "bench");
        std::printf("import of the network alone: %.0f ms\n", ms_since(t0));
        fs::remove_all(netdir);
        fs::remove(netdb);
    }
    t0 = std::chrono::steady_clock::now();
    c0 = cpu_ms();
    auto s = furong::store::create(db.string(), dir, "bench");
    double import_ms = ms_since(t0), import_cpu = cpu_ms() - c0;
    std::printf("import (check with the CSV readers + batched inserts + indexes, one transaction): %.0f ms wall, %.0f ms cpu: "
                "%.0f items/s (whole directory)\n",
                import_ms, import_cpu, static_cast<double>(n) / (import_ms / 1000.0));
    std::printf("store file: %.1f MB\n", static_cast<double>(fs::file_size(db)) / 1e6);

    // Open into a ready Network + ledger.
    double open_ms = 0, open_cpu = 0;
    {
        furong::store s2 = furong::store::open(db.string());  // warm the page cache once
        (void)s2.load();
    }
    t0 = std::chrono::steady_clock::now();
    c0 = cpu_ms();
    {
        auto s2 = furong::store::open(db.string());
        auto d = s2.load();
        open_ms = ms_since(t0);
        open_cpu = cpu_ms() - c0;
        if (!(d.ledger == led)) {
            std::printf("ERROR: the store's ledger differs from the CSV ledger\n");
            return 1;
        }
    }
    std::printf("open + load (network + ledger): %.0f ms wall, %.0f ms cpu; CSV / store = %.2f (wall), %.2f (cpu)\n", open_ms,
                open_cpu, csv_ms / open_ms, csv_cpu / open_cpu);

    // Single-event commits: one status change per transaction, durable.
    std::vector<std::string> open_items;
    for (std::uint32_t i = 0; i < led.items.size() && open_items.size() < static_cast<std::size_t>(commits); ++i)
        if (led.items.events(i).empty() && led.items.visits(i).empty()) open_items.emplace_back(led.items.id(i));
    std::vector<double> lat;
    for (const auto& id : open_items) {
        auto t = std::chrono::steady_clock::now();
        auto tx = s.begin("bench");
        tx.change_status(id, furong::item_status::assigned, furong::date(2026, 1, 5), "bench");
        tx.commit();
        lat.push_back(ms_since(t));
    }
    std::sort(lat.begin(), lat.end());
    if (!lat.empty()) {
        auto pct = [&](double q) { return lat[std::min(lat.size() - 1, static_cast<std::size_t>(q * static_cast<double>(lat.size())))]; };
        std::printf("single-event commit (synchronous=FULL), %zu commits: median %.2f ms, p99 %.2f ms, max %.2f ms\n",
                    lat.size(), pct(0.5), pct(0.99), lat.back());
    }
    if (!std::getenv("FURONG_BENCH_KEEP")) fs::remove_all(work);
    return 0;
}
