// The store (一个台账, kept current by many offices): import a dataset directory into a SQLite
// file, record a new resident demand and its assignment in one transaction (checked by the
// ledger's own rules), try a transition the rules refuse, and read the item's history with
// its author and time.
//
//   store_followup python/furong/datasets/furong [STORE_FILE]
#include <furong/furong.hpp>
#include <furong/store/store.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: store_followup DIR [STORE_FILE]\n";
        return 2;
    }
    namespace fs = std::filesystem;
    const fs::path location = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / "furong-store-example.sqlite";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(location.string() + suffix);
    try {
        auto s = furong::store::create(location.string(), argv[1], "importer");
        const furong::dataset before = s.load();
        if (before.ledger.items.empty()) {
            std::cerr << "the dataset has no ledger\n";
            return 1;
        }
        // A new item in the compound of the first recorded one, for the same owner.
        furong::item_record item = before.ledger.items.record(0);
        item.id = "example-1";
        item.summary = "楼道灯不亮";
        item.source = furong::item_source::night_talk;
        item.raised = furong::date(2025, 12, 1);
        item.due = furong::date();  // from the SLA table
        item.meeting.clear();
        {
            auto tx = s.begin("grid worker");
            tx.add_item(item);
            tx.change_status(item.id, furong::item_status::assigned, furong::date(2025, 12, 2), "to the owner");
            const auto info = tx.commit();
            std::printf("committed transaction %lld by %s at %s\n", static_cast<long long>(info.transaction),
                        info.author.c_str(), info.committed_at.c_str());
        }
        {
            // Closing an item that was never resolved is not a documented transition: the event
            // is refused with the reason, and nothing is written.
            auto tx = s.begin("grid worker");
            try {
                tx.change_status(item.id, furong::item_status::closed, furong::date(2025, 12, 3));
                tx.commit();
                std::cerr << "the store accepted an undocumented transition\n";
                return 1;
            } catch (const furong::error& e) {
                std::printf("refused: %s\n", e.what());
            }
        }
        for (const auto& h : s.history(item.id))
            std::printf("%s %s by %s: %s %s\n", h.committed_at.c_str(), std::string(furong::name_of(h.what)).c_str(),
                        h.author.c_str(), furong::to_iso(h.day).c_str(),
                        h.status ? std::string(furong::name_of(*h.status)).c_str() : "");
        const auto state = s.item(item.id);
        const furong::dataset after = s.load();
        std::printf("%zu items before, %zu after; %s is %s (version %lld); store check: %s\n",
                    before.ledger.items.size(), after.ledger.items.size(), state.id.c_str(),
                    std::string(furong::name_of(state.status)).c_str(), static_cast<long long>(state.version),
                    s.check().ok() ? "ok" : "problems");
        return after.ledger.items.size() == before.ledger.items.size() + 1 && s.check().ok() ? 0 : 1;
    } catch (const furong::error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
