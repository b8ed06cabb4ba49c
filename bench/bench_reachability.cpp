// bench_reachability: ancestor tests, the coverage audit, BFS reach, point-to-point paths and
// dominators on synthetic cities.
//
//   bench_reachability [--tiny] [--seed S] [--pairs N] [households...]
//
// Default sizes: 1000000 and 10000000 households (--tiny: 2000, for CTest). For each size it
// prints one machine-readable line:
//   bench_reachability households=... nodes=... edges=... generate_s=... snapshot_s=...
//     snapshot_bytes_per_node=... ancestor_ns=... ancestor_batch_ns=... audit_s=...
//     reach_all_s=... reach_all_top_down_s=... reach_all_nodes=... reach_hier_contact_s=... point_us=... critical_s=...
// Times are the best of several runs (wall clock; ancestor_batch_cpu_ns: thread CPU time,
// which leaves out time the scheduler gives to other processes on a shared machine). Queries: `pairs` random (a, b) pairs where b is a random
// organisation and a is, half the time, a random ancestor of b (so answers are mixed), else a
// random organisation. reach_all: BFS from the district over every edge kind, no date filter (direction-optimising; top_down: the plain BFS)
// (the graph bench_reachability.py hands to rustworkx). reach_hier_contact: undirected BFS over
// hierarchy + contact on the last date. point: mean time of 1000 reachable() queries between
// random households, undirected over hierarchy + contact. critical: dominators from the
// district over hierarchy + contact (households as targets).

#include <furong/domain/coverage_audit.hpp>
#include <furong/algorithm/dominators.hpp>
#include <furong/algorithm/reachability.hpp>
#include <furong/snapshot.hpp>
#include <furong/synth.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double cpu_now() {  // this thread's CPU time: the machine is shared, wall time counts others' work
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <class F>
double best_of(int runs, F&& f) {
    double best = 1e300;
    for (int r = 0; r < runs; ++r) {
        double t0 = now();
        f();
        best = std::min(best, now() - t0);
    }
    return best;
}

template <class F>
double best_cpu_of(int runs, F&& f) {
    double best = 1e300;
    for (int r = 0; r < runs; ++r) {
        double t0 = cpu_now();
        f();
        best = std::min(best, cpu_now() - t0);
    }
    return best;
}

volatile std::uint64_t sink;  // keeps results alive

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::int64_t> sizes;
    std::uint64_t seed = 1;
    std::size_t pairs = 1000000;
    bool tiny = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--tiny") tiny = true;
        else if (a == "--seed" && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--pairs" && i + 1 < argc) pairs = std::strtoull(argv[++i], nullptr, 10);
        else sizes.push_back(std::strtoll(a.c_str(), nullptr, 10));
    }
    if (tiny) {
        sizes = {2000};
        pairs = 10000;
    }
    if (sizes.empty()) sizes = {1000000, 10000000};

    for (std::int64_t households : sizes) {
        furong::synth::city_options o;
        o.households = households;
        o.seed = seed;
        o.resources = false;
        double t0 = now();
        auto net = std::make_unique<furong::network>(furong::synth::city(o));
        double generate_s = now() - t0;
        t0 = now();
        furong::snapshot s(*net);
        double snapshot_s = now() - t0;
        const auto n = static_cast<furong::index_t>(s.size());
        const double bytes_per_node = static_cast<double>(s.derived_bytes() + s.table_bytes()) / n;

        // Query pairs: b uniform; a an ancestor of b half the time, else uniform.
        std::mt19937_64 rng(seed);
        std::uniform_int_distribution<furong::index_t> any(0, n - 1);
        std::vector<furong::index_t> qa(pairs), qb(pairs);
        for (std::size_t i = 0; i < pairs; ++i) {
            qb[i] = any(rng);
            if (rng() & 1) {
                std::vector<furong::index_t> chain;
                for (auto x = s.parent(qb[i]); x != furong::no_index; x = s.parent(x)) chain.push_back(x);
                qa[i] = chain.empty() ? any(rng) : chain[rng() % chain.size()];
            } else {
                qa[i] = any(rng);
            }
        }
        std::uint64_t trues = 0;
        double scalar = best_of(9, [&] {
            std::uint64_t c = 0;
            for (std::size_t i = 0; i < pairs; ++i) c += s.is_ancestor(qa[i], qb[i]);
            trues = c;
            sink = c;
        });
        std::unique_ptr<bool[]> out(new bool[pairs]);
        auto run_batch = [&] {
            furong::is_ancestor(s, qa.data(), qb.data(), pairs, out.get());
            sink = out[pairs / 2];
        };
        double batch = best_of(9, run_batch);
        double batch_cpu = best_cpu_of(9, run_batch);

        const furong::date last(2025, 6, 30);
        furong::audit_report rep;
        double audit_s = best_of(3, [&] { rep = furong::audit(s, last); });

        auto all = furong::edge_filter::parse({"hierarchy", "pairing", "member", "serves", "represents", "covers",
                                               "in_grid", "contact", "adjacent", "supports", "liaison"});
        const furong::index_t district = s.index_of("furong");
        std::size_t reached = 0;
        double reach_all_s = best_of(3, [&] { reached = furong::reach(s, district, all).nodes.size(); });
        double reach_all_top_down_s = best_of(3, [&] {
            sink = furong::reach(s, district, all, std::nullopt, furong::bfs_direction::top_down).nodes.size();
        });
        auto hc = furong::edge_filter::parse({"hierarchy", "contact"}, last, true);
        double reach_hc_s = best_of(3, [&] { sink = furong::reach(s, district, hc).nodes.size(); });

        auto hh = s.of_kind(furong::org_kind::household);
        std::uniform_int_distribution<std::size_t> anyh(0, hh.size() - 1);
        const int points = 1000;
        std::uint64_t hops = 0;
        double point_s = best_of(1, [&] {
            for (int i = 0; i < points; ++i) {
                auto p = furong::reachable(s, hh[anyh(rng)], hh[anyh(rng)], hc);
                hops += p ? p->hops : 0;
            }
        });

        double critical_s = best_of(1, [&] { sink = furong::critical(s, district, hc).orgs.size(); });

        std::printf(
            "bench_reachability households=%lld nodes=%u edges=%llu generate_s=%.2f snapshot_s=%.2f "
            "snapshot_bytes_per_node=%.1f pairs=%zu true_share=%.3f ancestor_ns=%.2f ancestor_batch_ns=%.2f ancestor_batch_cpu_ns=%.2f "
            "audit_s=%.3f households_without_contact=%zu reach_all_s=%.4f reach_all_top_down_s=%.4f reach_all_nodes=%zu "
            "reach_hier_contact_s=%.3f point_us=%.1f point_mean_hops=%.2f critical_s=%.3f\n",
            static_cast<long long>(households), n, static_cast<unsigned long long>(num_edges(s.graph())), generate_s,
            snapshot_s, bytes_per_node, pairs, static_cast<double>(trues) / static_cast<double>(pairs),
            scalar * 1e9 / static_cast<double>(pairs), batch * 1e9 / static_cast<double>(pairs),
            batch_cpu * 1e9 / static_cast<double>(pairs), audit_s,
            rep.households_without_contact.size(), reach_all_s, reach_all_top_down_s, reached, reach_hc_s, point_s * 1e6 / points,
            static_cast<double>(hops) / points, critical_s);
        std::fflush(stdout);
    }
    return 0;
}
