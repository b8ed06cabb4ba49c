// The thread-safety contract of network.hpp and snapshot.hpp, under load: one writer edits a
// network and publishes copies; other threads copy a shared const network and edit their own
// copies at the same time (copy-on-write of shared tables), build snapshots, query shared
// snapshots and save copies to disk. Every answer is compared with a single-threaded replay.
// Built and run under ThreadSanitizer by the sanitizer job (tests/CMakeLists.txt).

#include "random_network.hpp"

#include <furong/io/network_files.hpp>
#include <furong/network.hpp>
#include <furong/snapshot.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace furong;

namespace {

/// Edit number k: a new household under a compound, a renamed compound, a new count.
void edit(network& net, int k) {
    index_t compound = no_index;
    int seen = 0;
    for (index_t i = 0; i < net.organisation_count(); ++i)
        if (net.kind(i) == org_kind::compound && seen++ == k % 3) compound = i;
    if (compound == no_index) throw std::logic_error("the test network has too few compounds");
    net.add_organisation("extra-" + std::to_string(k), org_kind::household, "household " + std::to_string(k),
                         net.id(compound));
    net.set_name(compound, "compound renamed " + std::to_string(k));
    net.set_households(compound, k);
}

/// Everything a snapshot answers about the hierarchy, as text.
std::string snapshot_answer(const snapshot& s) {
    std::ostringstream out;
    out << s.revision() << ' ' << s.size() << ':';
    for (index_t v : s.preorder())
        out << ' ' << s.id(v) << '/' << s.name(v) << '/' << s.label(v).pre << '-' << s.label(v).end;
    return out.str();
}

/// The files save_network writes for `net`, concatenated.
std::string saved_answer(const network& net, const std::filesystem::path& dir) {
    io::save_network(net, dir);
    std::string all;
    for (const char* f : {"organisations.csv", "links.csv", "people.csv", "roles.csv"}) {
        std::ifstream in(dir / f, std::ios::binary);
        if (!in) continue;
        all += f;
        all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
}

std::string answer(const network& net, const std::filesystem::path& dir) {
    return snapshot_answer(snapshot(net)) + '\n' + saved_answer(net, dir);
}

struct record {
    int k;
    std::string text;
};

}  // namespace

TEST_CASE("threads edit, copy, snapshot, save and query; every answer matches a single-threaded run", "[threads]") {
    std::mt19937 rng(11);
    const network base = test::random_network(rng, 3);  // shared by every thread, never edited
    const int edits = 60;
    const auto root = std::filesystem::temp_directory_path() / ("furong-threads-" + std::to_string(std::random_device{}()));

    std::mutex m;  // guards `published`, `published_k` and `shots` (the contract: a network has one user at a time)
    network published = base;
    int published_k = -1;
    std::vector<std::shared_ptr<const snapshot>> shots;  // shared snapshots, read by many threads without a lock
    std::atomic<bool> done{false};

    // The writer edits its own network and publishes a copy and a snapshot after each edit.
    std::thread writer([&] {
        network w = base;
        for (int k = 0; k < edits; ++k) {
            edit(w, k);
            auto shot = std::make_shared<const snapshot>(w);
            std::lock_guard<std::mutex> lock(m);
            published = w;
            published_k = k;
            shots.push_back(std::move(shot));
        }
        done = true;
    });

    const int readers = 2, copiers = 2;
    std::vector<std::vector<record>> read(readers), edited(readers), copied(copiers), queried(readers);
    std::vector<std::thread> pool;
    for (int r = 0; r < readers; ++r)
        pool.emplace_back([&, r] {
            const auto dir = root / ("reader" + std::to_string(r));
            int rounds = 0;
            do {
                network copy;
                int k;
                std::shared_ptr<const snapshot> shot;
                {
                    std::lock_guard<std::mutex> lock(m);
                    copy = published;
                    k = published_k;
                    if (!shots.empty()) shot = shots[static_cast<std::size_t>(k) / 2];
                }
                read[r].push_back({k, answer(copy, dir)});  // the copy is ours: no lock needed
                if (shot) queried[r].push_back({static_cast<int>(shot->revision()), snapshot_answer(*shot)});
                // Edit the copy: its tables are shared with `published` and the writer's
                // snapshots until they move on, then ours alone (edited in place).
                edit(copy, 2000 + k);
                edited[r].push_back({k, answer(copy, dir)});
            } while (!done || ++rounds < 10);
        });
    for (int c = 0; c < copiers; ++c)
        pool.emplace_back([&, c] {
            // Copies of the shared const `base`, edited at the same time by the other copier and
            // compared while the writer's copies share the same tables.
            const auto dir = root / ("copier" + std::to_string(c));
            int k = 0;
            do {
                network mine = base;
                edit(mine, 1000 + c * 100 + k % 50);
                copied[c].push_back({c * 100 + k % 50, answer(mine, dir)});
                ++k;
            } while (!done || k < 5);
        });
    writer.join();
    for (auto& t : pool) t.join();

    // The single-threaded replay.
    std::map<int, std::string> expect_read, expect_edited, expect_copied;
    std::map<std::uint64_t, std::string> expect_shot;
    const auto dir = root / "replay";
    auto expect = [&](const network& net, int k) {
        expect_read[k] = answer(net, dir);
        network mine = net;
        edit(mine, 2000 + k);
        expect_edited[k] = answer(mine, dir);
    };
    expect(base, -1);
    network s = base;
    for (int k = 0; k < edits; ++k) {
        edit(s, k);
        expect(s, k);
        const snapshot shot(s);
        expect_shot[shot.revision()] = snapshot_answer(shot);
    }
    for (int c = 0; c < copiers; ++c)
        for (int j = 0; j < 50; ++j) {
            network mine = base;
            edit(mine, 1000 + c * 100 + j);
            expect_copied[c * 100 + j] = answer(mine, dir);
        }
    std::size_t checked = 0;
    for (const auto& rs : read)
        for (const auto& r : rs) {
            CHECK(r.text == expect_read.at(r.k));
            ++checked;
        }
    for (const auto& rs : edited)
        for (const auto& r : rs) {
            CHECK(r.text == expect_edited.at(r.k));
            ++checked;
        }
    for (const auto& rs : queried)
        for (const auto& r : rs) {
            CHECK(r.text == expect_shot.at(static_cast<std::uint64_t>(r.k)));
            ++checked;
        }
    for (const auto& rs : copied)
        for (const auto& r : rs) {
            CHECK(r.text == expect_copied.at(r.k));
            ++checked;
        }
    CHECK(checked > 60);
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
}
