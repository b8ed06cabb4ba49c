// The ledger (台账) follow-up: load the ledger files of a dataset directory, checking every
// reference against the network, and list what is overdue and what needs a return visit
// (定期回访) on a date, with the backlog a month before and on the date.
//
//   ledger_followup python/furong/datasets/furong [YYYY-MM-DD]
#include <furong/furong.hpp>
#include <furong/io/ledger_files.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: ledger_followup DIR [YYYY-MM-DD]\n";
        return 2;
    }
    try {
        const furong::network net = furong::io::load_network(argv[1]);
        const furong::snapshot snap(net);
        const auto day = furong::parse_iso_date(argc > 2 ? argv[2] : "2025-12-31");
        if (!day) {
            std::cerr << "bad date\n";
            return 2;
        }

        // References are checked against the network: an unknown compound or owner is an
        // input_error naming file, line and column.
        const furong::ledger_data data = furong::load_ledger_dir(argv[1], furong::reference_checker::of(net));
        const furong::ledger& led = data.items;

        const auto overdue = led.overdue(*day);        // one pass over flat arrays
        const auto visits = led.visit_due(*day, 30);   // no return visit for 30 days
        std::printf("%zu items; on %s: %zu overdue, %zu due for a return visit\n", led.size(),
                    furong::to_iso(*day).c_str(), overdue.size(), visits.size());

        std::map<std::string, std::size_t> by_category;
        for (auto i : overdue) ++by_category[led.category(i)];
        for (const auto& [category, n] : by_category) std::printf("  %-22s %zu overdue\n", category.c_str(), n);

        // The longest overdue first: days past due.
        auto sorted = overdue;
        std::sort(sorted.begin(), sorted.end(), [&](auto a, auto b) { return led.due_day(a) < led.due_day(b); });
        for (std::size_t k = 0; k < std::min<std::size_t>(5, sorted.size()); ++k) {
            const auto i = sorted[k];
            std::cout << "  " << led.id(i) << " " << led.compound(i) << " " << led.category(i) << " owner "
                      << led.owner(i) << ", " << (furong::day_of(*day) - led.due_day(i)) << " days past due\n";
        }
        const auto backlog = led.backlog(*day - boost::gregorian::days(30), *day);
        std::printf("backlog: %zu open (%zu overdue) a month before, %zu open (%zu overdue) on the day\n",
                    backlog.front().open, backlog.front().overdue, backlog.back().open, backlog.back().overdue);
        return led.size() > 0 ? 0 : 1;
    } catch (const furong::error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
