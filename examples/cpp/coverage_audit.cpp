// The coverage audit (户户有人联): on a date, which households have no contact with a
// neighbourhood that has a neighbour leader, which compounds lack a party branch, a pairing
// or one of the three parties; totals per street.
//
//   coverage_audit python/furong/datasets/furong [YYYY-MM-DD]
#include <furong/domain/coverage_audit.hpp>
#include <furong/furong.hpp>

#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: coverage_audit DIR [YYYY-MM-DD]\n";
        return 2;
    }
    try {
        const furong::network net = furong::io::load_network(argv[1]);
        const furong::snapshot snap(net);
        std::string why;
        const auto day = furong::parse_iso_date(argc > 2 ? argv[2] : "2025-10-24", &why);
        if (!day) {
            std::cerr << "bad date: " << why << "\n";
            return 2;
        }
        const furong::audit_report r = furong::audit(snap, *day);  // O(V + E + roles)
        const auto& s = r.summary;
        std::printf("audit on %s\n", furong::to_iso(*day).c_str());
        std::printf("  households without contact: %llu of %llu (coverage %.2f%%)\n",
                    static_cast<unsigned long long>(s.counts.households_without_contact),
                    static_cast<unsigned long long>(s.counts.households), 100 * s.contact_coverage);
        std::printf("  compounds without branch:   %llu of %llu (coverage %.2f%%)\n",
                    static_cast<unsigned long long>(s.counts.compounds_without_branch),
                    static_cast<unsigned long long>(s.counts.compounds), 100 * s.branch_coverage);
        std::printf("  compounds without pairing:  %llu (coverage %.2f%%)\n",
                    static_cast<unsigned long long>(s.counts.compounds_without_pairing), 100 * s.pairing_coverage);
        std::printf("  three-party gaps:           %zu (one shoulder in %llu)\n", r.three_party_gaps.size(),
                    static_cast<unsigned long long>(s.counts.one_shoulder));
        std::printf("%-18s %10s %12s %10s\n", "street", "households", "no contact", "compounds");
        for (const furong::street_audit& st : r.streets) {
            const std::string name = st.street == furong::no_index ? "(no street)" : std::string(snap.id(st.street));
            std::printf("%-18s %10llu %12llu %10llu\n", name.c_str(),
                        static_cast<unsigned long long>(st.counts.households),
                        static_cast<unsigned long long>(st.counts.households_without_contact),
                        static_cast<unsigned long long>(st.counts.compounds));
        }
        if (!r.households_without_contact.empty())
            std::cout << "first household without contact: " << snap.id(r.households_without_contact.front()) << "\n";
        return s.counts.households > 0 ? 0 : 1;
    } catch (const furong::error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
