// The one rule of three-party linkage (domain/three_party.hpp) on hand-built compounds,
// including the two cases that the audit and the policy check once judged differently.
#include <catch2/catch.hpp>

#include <furong/domain/three_party.hpp>

using namespace furong;

namespace {

/// District d > street s > community c with compounds: own (own branch, 5 party members, no
/// covers link), weak (covered by joint branch jb, 2 party members), none (nothing); each
/// represented by a committee and served by company pc.
network compounds() {
    network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("s", org_kind::street, "S", "d");
    net.add_organisation("pc", org_kind::property_company, "PC", "s");
    net.add_organisation("c", org_kind::community, "C", "s");
    net.add_organisation("jb", org_kind::branch, "Joint", "c");
    for (auto k : {"own", "weak", "none"}) {
        net.add_organisation(k, org_kind::compound, k, "c");
        net.set_compound_type(net.index_of(k), compound_type::commercial);
        net.add_organisation(std::string("oc-") + k, org_kind::owners_committee, "OC", k);
    }
    net.add_organisation("br", org_kind::branch, "Own branch", "own");
    net.set_party_members(net.index_of("own"), 5);
    net.set_party_members(net.index_of("weak"), 2);
    net.add_link("jb", "weak", link_kind::covers);
    for (auto k : {"own", "weak"}) {
        net.add_link(std::string("oc-") + k, k, link_kind::represents);
        net.add_link("pc", k, link_kind::serves, validity::between(date(2025, 1, 1), date(2025, 6, 30)));
    }
    net.add_person("p1", "P1");
    net.add_role("p1", "br", role_kind::branch_secretary);
    net.add_role("p1", "oc-own", role_kind::owners_chair, validity::between(date(2025, 3, 1), date()));
    return net;
}

}  // namespace

TEST_CASE("three-party linkage: own branch counts, a branch without enough members does not", "[three_party]") {
    network net = compounds();
    snapshot s(net);
    auto t = three_party_linkages(s, date(2025, 4, 1));
    const auto own = t[s.index_of("own")], weak = t[s.index_of("weak")], none = t[s.index_of("none")];
    CHECK(own.branch);
    CHECK(own.owners_committee);
    CHECK(own.property_company);
    CHECK(own.complete());
    CHECK(own.one_shoulder);
    CHECK_FALSE(weak.branch);  // jb serves 2 party members only
    CHECK(weak.owners_committee);
    CHECK(weak.property_company);
    CHECK_FALSE(weak.complete());
    CHECK_FALSE(none.branch);
    CHECK_FALSE(none.owners_committee);
    CHECK_FALSE(none.complete());
    CHECK_FALSE(t[s.index_of("jb")].complete());  // not a compound: all false
}

TEST_CASE("three-party linkage follows the dates of links and roles", "[three_party]") {
    network net = compounds();
    snapshot s(net);
    const index_t own = s.index_of("own");
    CHECK_FALSE(three_party_linkages(s, date(2024, 12, 31))[own].property_company);
    CHECK_FALSE(three_party_linkages(s, date(2025, 2, 1))[own].one_shoulder);  // chair from March
    CHECK(three_party_linkages(s, as_of{})[own].complete());                    // no date: every link counts

    // A third party member in the joint branch's compounds makes it valid.
    net.set_party_members(net.index_of("weak"), 3);
    snapshot s2(net);
    CHECK(three_party_linkages(s2, date(2025, 4, 1))[s2.index_of("weak")].complete());
}

TEST_CASE("joint meetings expect compounds linked on the first and last day of the month", "[three_party]") {
    network net = compounds();
    snapshot s(net);
    auto ids = [&](const std::vector<index_t>& v) {
        std::vector<std::string> out;
        for (index_t i : v) out.emplace_back(s.id(i));
        return out;
    };
    CHECK(ids(joint_meeting_compounds(s, 2025, 3)) == std::vector<std::string>{"own"});
    CHECK(joint_meeting_compounds(s, 2025, 7).empty());  // the company left on 2025-06-30
    CHECK(ids(joint_meeting_compounds(s, 2025, 6)) == std::vector<std::string>{"own"});
    CHECK_THROWS_AS(joint_meeting_compounds(s, 2025, 13), argument_error);
}
