// The answers a planner asks of a district, as JSON, straight from the C++ library: the
// coverage audit, the optimal co-building plan, the joint-branch and property-area plans and
// the ledger's follow-up queues and the neighbour-leader evaluation on one date. The Python package calls the same functions;
// tests/python/test_cpp_python_agree.py runs this program and compares the two.
//
//   district_answers python/furong/datasets/furong [YYYY-MM-DD]
#include <furong/furong.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace {

/// A JSON string (ids and names are UTF-8 without control characters; quote and backslash escaped).
std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

template <class Range, class F>
std::string array(const Range& r, F&& item) {
    std::string out = "[";
    bool first = true;
    for (const auto& x : r) {
        if (!first) out += ", ";
        first = false;
        out += item(x);
    }
    return out + "]";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: district_answers DIR [YYYY-MM-DD]\n";
        return 2;
    }
    try {
        const furong::network net = furong::io::load_network(argv[1]);
        const furong::snapshot snap(net);
        const auto day = furong::parse_iso_date(argc > 2 ? argv[2] : "2025-10-24");
        if (!day) {
            std::cerr << "bad date\n";
            return 2;
        }
        auto id = [&](furong::index_t i) { return json_string(snap.id(i)); };
        auto ids = [&](const std::vector<furong::index_t>& v) { return array(v, id); };
        auto count = [](std::uint64_t n) { return std::to_string(n); };

        const furong::audit_report audit = furong::audit(snap, *day);
        std::vector<furong::index_t> gaps;
        for (const auto& g : audit.three_party_gaps) gaps.push_back(g.compound);

        furong::co_building_options options;
        options.when = *day;
        const furong::co_building_result match = furong::co_building(snap, options);

        const furong::plan_result branches = furong::plan_branches(snap, *day, 3);
        const furong::plan_result areas = furong::plan_property_areas(snap, *day, 300);
        auto groups = [&](const furong::plan_result& p) {
            return array(p.groups, [&](const furong::plan_group& g) { return ids(g.compounds); });
        };

        const furong::ledger_data ledger = furong::load_ledger_dir(argv[1], furong::reference_checker::of(net));
        const furong::leader_evaluation leaders = furong::evaluate_leaders(snap, ledger.items, *day);
        auto strings = [](const std::vector<std::string>& v) { return array(v, [](const std::string& x) { return json_string(x); }); };
        auto item_ids = [&](const std::vector<std::uint32_t>& v) {
            return array(v, [&](std::uint32_t i) { return json_string(ledger.items.id(i)); });
        };

        std::cout.precision(17);  // scores round-trip
        std::cout << "{\n  \"as_of\": " << json_string(furong::to_iso(*day)) << ",\n";
        std::cout << "  \"audit\": {\"households\": " << count(audit.summary.counts.households)
                  << ", \"households_without_contact\": " << count(audit.summary.counts.households_without_contact)
                  << ", \"compounds_without_branch\": " << ids(audit.compounds_without_branch)
                  << ", \"compounds_without_pairing\": " << ids(audit.compounds_without_pairing)
                  << ", \"three_party_gaps\": " << ids(gaps)
                  << ", \"one_shoulder\": " << count(audit.summary.counts.one_shoulder) << "},\n";
        std::cout << "  \"match\": {\"pairs\": "
                  << array(match.pairs, [&](const furong::co_building_pair& p) { return "[" + id(p.provider) + ", " + id(p.compound) + "]"; })
                  << ", \"total_score\": " << match.total_score
                  << ", \"unmatched\": " << array(match.unmatched, [&](const furong::co_building_unmatched& u) { return id(u.compound); })
                  << "},\n";
        std::cout << "  \"plan\": {\"branches\": " << groups(branches) << ", \"property_areas\": " << groups(areas) << "},\n";
        std::cout << "  \"ledger\": {\"overdue\": " << item_ids(ledger.items.overdue(*day))
                  << ", \"visit_due\": " << item_ids(ledger.items.visit_due(*day, 30))
                  << ", \"commend\": " << strings(leaders.commend) << ", \"adjust\": " << strings(leaders.adjust) << "}\n}\n";
        return 0;
    } catch (const furong::error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
