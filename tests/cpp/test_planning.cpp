// Planning: joint branches, district-wide property areas, policy checks, what-if copies and
// writing plans back.
#include <furong/domain/plans.hpp>
#include <furong/domain/policies.hpp>
#include <furong/domain/whatif.hpp>
#include <furong/edit/apply_plan.hpp>
#include <furong/edit/without.hpp>
#include <furong/io/network_files.hpp>
#include <furong/io/policies_file.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using furong::date;
using furong::index_t;
using furong::link_kind;
using furong::org_kind;

namespace {

// furong > s1 > c1 (k1..k5), c2 (k6, k7); s2 > c3 (k8, k9)
// adjacency: k1-k2-k3-k4 chain, k5 isolated, k4-k6 crosses communities (ignored), k6-k7, k8-k9.
furong::network small_district() {
    furong::network net;
    net.add_organisation("furong", org_kind::district, "D");
    net.add_organisation("s1", org_kind::street, "S1", "furong");
    net.add_organisation("s2", org_kind::street, "S2", "furong");
    net.add_organisation("c1", org_kind::community, "C1", "s1");
    net.add_organisation("c2", org_kind::community, "C2", "s1");
    net.add_organisation("c3", org_kind::community, "C3", "s2");
    const int party[] = {2, 1, 1, 2, 5, 1, 1, 0, 4};
    const int households[] = {100, 150, 120, 200, 90, 300, 50, 310, 20};
    const char* types[] = {"old", "old", "old", "commercial", "old", "old", "work_unit", "old", "resettlement"};
    const char* parents[] = {"c1", "c1", "c1", "c1", "c1", "c2", "c2", "c3", "c3"};
    for (int i = 0; i < 9; ++i) {
        std::string id = "k" + std::to_string(i + 1);
        auto k = net.add_organisation(id, org_kind::compound, id, parents[i]);
        net.set_party_members(k, party[i]);
        net.set_households(k, households[i]);
        net.set_compound_type(k, *furong::parse_compound_type(types[i]));
    }
    net.add_link("k1", "k2", link_kind::adjacent);
    net.add_link("k3", "k2", link_kind::adjacent);  // either direction
    net.add_link("k3", "k4", link_kind::adjacent);
    net.add_link("k4", "k6", link_kind::adjacent);  // across communities: ignored by branches
    net.add_link("k6", "k7", link_kind::adjacent);
    net.add_link("k8", "k9", link_kind::adjacent);
    return net;
}

std::vector<std::vector<std::string>> group_ids(const furong::snapshot& s, const furong::plan_result& r) {
    std::vector<std::vector<std::string>> out;
    for (const auto& g : r.groups) {
        std::vector<std::string> ids;
        for (index_t c : g.compounds) ids.emplace_back(s.id(c));
        out.push_back(ids);
    }
    return out;
}

std::vector<std::string> ids_of(const furong::snapshot& s, const std::vector<index_t>& v) {
    std::vector<std::string> out;
    for (index_t c : v) out.emplace_back(s.id(c));
    return out;
}

}  // namespace

TEST_CASE("plan_branches splits each community and never crosses one", "[planning]") {
    auto net = small_district();
    furong::snapshot s(net);
    auto r = furong::plan_branches(s, furong::as_of{});
    // c1: chain k1(2)-k2(1)-k3(1)-k4(2) -> {k1,k2} {k3,k4}; k5(5) alone. c2: k6+k7 = 2 < 3.
    // c3: k8(0)-k9(4) -> one group.
    using V = std::vector<std::vector<std::string>>;
    CHECK(group_ids(s, r) == V{{"k1", "k2"}, {"k3", "k4"}, {"k5"}, {"k8", "k9"}});
    CHECK(ids_of(s, r.uncovered) == std::vector<std::string>{"k6", "k7"});
    CHECK(r.optimal);
    CHECK(r.threshold == 3);
    CHECK(r.candidates == 9);
    CHECK(r.scopes == 3);
    CHECK(r.groups[0].scope == s.index_of("c1"));
    CHECK(r.groups[0].weight == 3);
    CHECK(r.groups[2].weight == 5);
}

TEST_CASE("plan_branches reads the adjacency of the as-of date", "[planning]") {
    auto net = small_district();
    net.add_link("k5", "k4", link_kind::adjacent, furong::validity::between(date(2025, 1, 1), date(2025, 12, 31)));
    furong::snapshot s(net);
    auto before = furong::plan_branches(s, date(2024, 6, 1));
    auto during = furong::plan_branches(s, date(2025, 6, 1));
    CHECK(group_ids(s, before) == group_ids(s, furong::plan_branches(furong::snapshot(small_district()), date(2024, 6, 1))));
    // With k5 joined to the chain the count stays 3 but the heaviest group can be lighter:
    // {k1,k2} {k3,k4} {k5}: max 5 either way; the plan is still optimal and valid.
    CHECK(during.optimal);
    CHECK(during.groups.size() == 4);
}

TEST_CASE("plan_branches threshold 0 and argument errors", "[planning]") {
    auto net = small_district();
    furong::snapshot s(net);
    auto r = furong::plan_branches(s, furong::as_of{}, 0);
    CHECK(r.groups.size() == 9);
    CHECK(r.uncovered.empty());
    CHECK_THROWS_AS(furong::plan_branches(s, furong::as_of{}, -1), furong::argument_error);
    CHECK_THROWS_WITH(furong::plan_property_areas(s, furong::as_of{}, -5), Catch::Contains("min_households"));
    CHECK_THROWS_AS(furong::plan_branches(s, furong::as_of{}, 3, 40), furong::argument_error);
}

TEST_CASE("plan_property_areas groups old compounds without a serves link per street", "[planning]") {
    auto net = small_district();
    net.add_organisation("pc1", org_kind::property_company, "PC", "s1");
    net.add_link("pc1", "k5", link_kind::serves);
    net.add_link("pc1", "k2", link_kind::serves, furong::validity::between(date(2020, 1, 1), date(2023, 12, 31)));
    furong::snapshot s(net);
    auto r = furong::plan_property_areas(s, date(2025, 1, 1), 300);
    // s1 candidates: k1(100) k2(150) k3(120) [k4 commercial, k5 served] k6(300); edges k1-k2,
    // k2-k3 (k4 is not a candidate, so k3-k4-k6 does not join k6). s2: k8(310) (k9 resettlement).
    using V = std::vector<std::vector<std::string>>;
    CHECK(group_ids(s, r) == V{{"k1", "k2", "k3"}, {"k6"}, {"k8"}});
    CHECK(r.uncovered.empty());
    CHECK(r.groups[0].scope == s.index_of("s1"));
    CHECK(r.groups[0].weight == 370);
    // While pc1 still served k2, k1 and k3 were cut apart and too small.
    auto early = furong::plan_property_areas(s, date(2022, 1, 1), 300);
    CHECK(group_ids(s, early) == V{{"k6"}, {"k8"}});
    CHECK(ids_of(s, early.uncovered) == std::vector<std::string>{"k1", "k3"});
}

TEST_CASE("policy_gaps applies one policy per compound type", "[planning]") {
    auto net = small_district();
    // k4 commercial: a valid branch (3 party members), committee and company -> three-party
    // complete (with its 2 party members the branch would not be valid: see the test below).
    net.set_party_members(net.index_of("k4"), 3);
    net.add_organisation("br4", org_kind::branch, "B", "k4");
    net.add_organisation("oc4", org_kind::owners_committee, "OC", "k4");
    net.add_organisation("pc1", org_kind::property_company, "PC", "s1");
    net.add_link("br4", "k4", link_kind::covers);
    net.add_link("oc4", "k4", link_kind::represents);
    net.add_link("pc1", "k4", link_kind::serves);
    net.add_link("pc1", "k1", link_kind::serves);
    // k7 work unit: paired, no income plan. k9 resettlement: self-governance child team.
    net.add_organisation("ag", org_kind::agency, "A", "furong");
    net.add_link("ag", "k7", link_kind::pairing, furong::validity::between(date(2024, 1, 1), date()));
    auto t = net.add_organisation("t9", org_kind::team, "k9自治委员会", "k9");
    net.add_person("p1", "P");
    net.add_role(net.person_index("p1"), t, furong::role_kind::team_member,
                 furong::validity::between(date(2024, 3, 1), date()));
    furong::snapshot s(net);

    auto names = [&](const std::vector<furong::policy_gap>& gaps) {
        std::vector<std::string> out;
        for (const auto& g : gaps)
            out.push_back(std::string(s.id(g.compound)) + ":" + std::string(furong::name_of(g.check)) + ":" +
                          std::string(furong::name_of(g.status)));
        return out;
    };
    const auto table = furong::policy_table::defaults();
    auto gaps = furong::policy_gaps(s, date(2025, 6, 15), table);
    CHECK(names(gaps) == std::vector<std::string>{
                             "k2:property_coverage:failed", "k3:property_coverage:failed",
                             "k4:monthly_joint_meetings:unknown", "k5:property_coverage:failed",
                             "k6:property_coverage:failed", "k7:public_income_plan:failed",
                             "k8:property_coverage:failed"});
    // Before the pairing and the team: both fail too.
    auto early = names(furong::policy_gaps(s, date(2023, 6, 15), table));
    CHECK(std::count(early.begin(), early.end(), "k7:responsible_unit_paired:failed") == 1);
    CHECK(std::count(early.begin(), early.end(), "k9:self_governance_team:failed") == 1);

    // Meetings: March..May 2025 needed for 2025-06-15 (months = 3).
    const index_t k4 = s.index_of("k4");
    std::vector<furong::joint_meeting> m{{k4, date(2025, 3, 9)}, {k4, date(2025, 4, 30)}, {k4, date(2025, 6, 1)}};
    auto with_gap = names(furong::policy_gaps(s, date(2025, 6, 15), table, &m));
    CHECK(std::count(with_gap.begin(), with_gap.end(), "k4:monthly_joint_meetings:failed") == 1);
    m.push_back({k4, date(2025, 5, 31)});
    auto complete = names(furong::policy_gaps(s, date(2025, 6, 15), table, &m));
    CHECK(std::count(complete.begin(), complete.end(), "k4:monthly_joint_meetings:failed") == 0);
    CHECK(std::count(complete.begin(), complete.end(), "k4:monthly_joint_meetings:unknown") == 0);

    // An edited table and an attribute.
    furong::policy_table custom;
    custom.checks[static_cast<std::size_t>(furong::compound_type::work_unit)] = {furong::policy_check::public_income_plan};
    net.set_org_attribute(net.index_of("k7"), "public_income_plan", "停车位出租收益用于小区维修");
    CHECK(furong::policy_gaps(furong::snapshot(net), date(2025, 6, 15), custom).empty());
    custom.meeting_months = 0;
    CHECK_THROWS_AS(furong::policy_gaps(s, date(2025, 6, 15), custom), furong::argument_error);
}

TEST_CASE("without ends the links and roles of removed organisations and people", "[planning]") {
    auto net = small_district();
    net.add_organisation("pc1", org_kind::property_company, "PC", "s1");
    net.add_link("pc1", "k1", link_kind::serves);
    net.add_link("pc1", "k2", link_kind::serves, furong::validity::between(date(2026, 1, 1), date()));
    net.add_person("p1", "P");
    net.add_person("p2", "Q");
    net.add_role("p1", "pc1", furong::role_kind::property_manager);
    net.add_organisation("g1", org_kind::grid, "G", "c1");
    net.add_role("p2", "g1", furong::role_kind::grid_worker);

    auto after = furong::without(net, {"pc1", "p2"}, date(2025, 6, 1));
    const auto& l = after.links().rows;
    const auto serves1 = l[l.size() - 2], serves2 = l[l.size() - 1];
    CHECK(serves1.valid.until == furong::day_of(date(2025, 5, 31)));
    CHECK(serves2.valid.empty());  // had not started: never active
    CHECK(after.roles().rows[0].valid.until == furong::day_of(date(2025, 5, 31)));
    CHECK(after.roles().rows[1].valid.until == furong::day_of(date(2025, 5, 31)));
    // The original is untouched; other links are untouched.
    CHECK(net.links().rows[net.links().rows.size() - 2].valid.always());
    CHECK(after.links().rows[0].valid.always());
    // Planning on the copy sees k1 without property management.
    auto areas = furong::plan_property_areas(furong::snapshot(after), date(2025, 6, 1), 300);
    auto before = furong::plan_property_areas(furong::snapshot(net), date(2025, 6, 1), 300);
    CHECK(areas.candidates == before.candidates + 1);

    CHECK_THROWS_AS(furong::without(net, {"pc1", "nobody"}, date(2025, 6, 1)), furong::unknown_id_error);
    CHECK_THROWS_WITH(furong::without(net, {"nobody"}, date(2025, 6, 1)), Catch::Contains("'nobody'"));
    CHECK_THROWS_AS(furong::without(net, {"pc1"}, date()), furong::argument_error);
}

TEST_CASE("apply_branch_plan keeps matching branches and adds the others", "[planning]") {
    auto net = small_district();
    net.add_organisation("br5", org_kind::branch, "B5", "k5");
    net.add_link("br5", "k5", link_kind::covers);
    net.add_organisation("brj", org_kind::branch, "BJ", "c1");
    net.add_link("brj", "k1", link_kind::covers);
    net.add_link("brj", "k2", link_kind::covers);
    net.add_link("brj", "k3", link_kind::covers);
    const auto plan = furong::plan_branches(furong::snapshot(net), furong::as_of{});
    std::vector<std::vector<index_t>> groups;
    for (const auto& g : plan.groups) groups.push_back(g.compounds);
    auto added = furong::apply_branch_plan(net, groups, date(2026, 1, 1));
    CHECK(added == std::vector<std::string>{"br-c1-joint", "br-c1-joint-2", "br-c3-joint"});
    // Old joint links ended, br5 kept.
    for (const auto& l : net.links().rows)
        if (l.kind == link_kind::covers && net.id(l.source) == "brj") CHECK(l.valid.until == furong::day_of(date(2025, 12, 31)));
    furong::snapshot s(net);
    auto again = furong::plan_branches(s, date(2026, 1, 1));
    groups.clear();
    for (const auto& g : again.groups) groups.push_back(g.compounds);
    CHECK(furong::apply_branch_plan(net, groups, date(2026, 1, 1)).empty());  // idempotent
    auto gaps = furong::apply_property_plan(net, {{net.index_of("k1"), net.index_of("k2")}}, date(2026, 1, 1));
    CHECK(gaps == std::vector<std::string>{"pc-area-s1"});
    CHECK_THROWS_AS(furong::apply_branch_plan(net, {{net.index_of("c1")}}, date(2026, 1, 1)), furong::model_error);
    CHECK_THROWS_AS(furong::apply_branch_plan(net, {{net.index_of("k1")}, {net.index_of("k1")}}, date(2026, 1, 1)),
                    furong::model_error);
}

TEST_CASE("bundled district: both plans are valid partitions", "[planning]") {
    const furong::network net = furong::io::load_network(FURONG_DATASET_DIR);
    furong::snapshot s(net);
    const date day(2025, 6, 1);
    for (int which = 0; which < 2; ++which) {
        auto r = which == 0 ? furong::plan_branches(s, day) : furong::plan_property_areas(s, day, 300);
        INFO("plan " << which);
        CHECK(r.candidates > 0);
        std::set<index_t> seen(r.uncovered.begin(), r.uncovered.end());
        for (const auto& g : r.groups) {
            CHECK(g.weight >= r.threshold);
            for (index_t c : g.compounds) CHECK(seen.insert(c).second);
            // connected through active adjacent links inside the group
            std::set<index_t> in(g.compounds.begin(), g.compounds.end()), reached{g.compounds.front()};
            std::vector<index_t> stack{g.compounds.front()};
            const auto& gr = s.graph();
            while (!stack.empty()) {
                index_t u = stack.back();
                stack.pop_back();
                auto visit = [&](index_t v) {
                    if (in.count(v) && reached.insert(v).second) stack.push_back(v);
                };
                for (auto [e, end] = boost::out_edges(u, gr); e != end; ++e)
                    if (gr[*e].kind == furong::edge_kind(link_kind::adjacent) && gr[*e].valid.active_on(day)) visit(boost::target(*e, gr));
                for (auto [e, end] = boost::in_edges(u, gr); e != end; ++e)
                    if (gr[*e].kind == furong::edge_kind(link_kind::adjacent) && gr[*e].valid.active_on(day)) visit(boost::source(*e, gr));
            }
            CHECK(reached.size() == g.compounds.size());
        }
        CHECK(seen.size() == r.candidates);
    }
    auto b = furong::plan_branches(s, day);
    CHECK(b.candidates == 1173);
    auto p = furong::plan_property_areas(s, day, 300);
    CHECK(p.candidates == 495);
    auto gaps = furong::policy_gaps(s, day);
    CHECK(!gaps.empty());
}

// ---- the moved rules: policies on the three-party rule, refused edits, what-if, the policy file ----

TEST_CASE("three_party_complete is the three-party rule: own branches count, weak branches do not", "[planning][policies]") {
    // The case of issue 10: a commercial compound with its own branch (5 party members, no
    // covers link), an owners' committee and a property company passes; the same compound
    // covered by a joint branch of 2 party members fails.
    furong::network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("s", org_kind::street, "S", "d");
    net.add_organisation("pc", org_kind::property_company, "PC", "s");
    net.add_organisation("c", org_kind::community, "C", "s");
    net.add_organisation("jb", org_kind::branch, "Joint", "c");
    for (const char* k : {"own", "weak"}) {
        net.add_organisation(k, org_kind::compound, k, "c");
        net.set_compound_type(net.index_of(k), furong::compound_type::commercial);
        net.add_organisation(std::string("oc-") + k, org_kind::owners_committee, "OC", k);
        net.add_link(std::string("oc-") + k, k, link_kind::represents);
        net.add_link("pc", k, link_kind::serves);
    }
    net.add_organisation("br", org_kind::branch, "Own", "own");
    net.set_party_members(net.index_of("own"), 5);
    net.set_party_members(net.index_of("weak"), 2);
    net.add_link("jb", "weak", link_kind::covers);
    furong::snapshot s(net);
    furong::policy_table t;
    t.checks[static_cast<std::size_t>(furong::compound_type::commercial)] = {furong::policy_check::three_party_complete};
    const auto gaps = furong::policy_gaps(s, date(2025, 6, 1), t);
    REQUIRE(gaps.size() == 1);
    CHECK(s.id(gaps[0].compound) == "weak");
    CHECK(gaps[0].check == furong::policy_check::three_party_complete);
    CHECK(gaps[0].status == furong::check_status::failed);
}

TEST_CASE("policy_table_from_names and joint_meetings_of", "[planning][policies]") {
    auto t = furong::policy_table_from_names({{"old", {"property_coverage", "self_governance_team"}}}, 4);
    CHECK(t.meeting_months == 4);
    CHECK(t.checks[static_cast<std::size_t>(furong::compound_type::old)].size() == 2);
    CHECK(t.checks[static_cast<std::size_t>(furong::compound_type::commercial)].empty());
    CHECK_THROWS_WITH(furong::policy_table_from_names({{"villa", {}}}), Catch::Contains("villa"));
    CHECK_THROWS_WITH(furong::policy_table_from_names({{"none", {}}}), Catch::Contains("'none'"));
    CHECK_THROWS_WITH(furong::policy_table_from_names({{"old", {"has_garden"}}}), Catch::Contains("has_garden"));

    auto net = small_district();
    furong::snapshot s(net);
    furong::meeting_book book;
    book.add_meeting({"m1", furong::meeting_kind::joint, date(2025, 3, 2), "k4", ""});
    book.add_meeting({"m2", furong::meeting_kind::night_talk, date(2025, 3, 2), "k4", "noise"});
    book.add_meeting({"m3", furong::meeting_kind::joint, date(2025, 3, 2), "c1", ""});     // not a compound
    book.add_meeting({"m4", furong::meeting_kind::joint, date(2025, 3, 2), "nobody", ""});  // unknown
    auto m = furong::joint_meetings_of(s, book);
    REQUIRE(m.size() == 1);
    CHECK(s.id(m[0].compound) == "k4");
}

TEST_CASE("a refused plan changes nothing", "[planning][edit]") {
    auto net = small_district();
    net.add_organisation("brj", org_kind::branch, "BJ", "c1");
    net.add_link("brj", "k1", link_kind::covers);
    const auto revision = net.revision();
    const auto orgs = net.organisation_count();
    const auto links = net.links().rows;
    auto unchanged = [&] {
        CHECK(net.revision() == revision);
        CHECK(net.organisation_count() == orgs);
        REQUIRE(net.links().rows.size() == links.size());
        for (std::size_t k = 0; k < links.size(); ++k) CHECK(net.links().rows[k].valid.until == links[k].valid.until);
    };
    const index_t k1 = net.index_of("k1"), k2 = net.index_of("k2"), c1 = net.index_of("c1");
    // A valid first group, then a bad one: the first group is not written either, and the
    // covers link of brj to k1 (replace = true) is not ended.
    CHECK_THROWS_AS(furong::apply_branch_plan(net, {{k1, k2}, {c1}}, date(2026, 1, 1)), furong::model_error);
    unchanged();
    CHECK_THROWS_AS(furong::apply_branch_plan(net, {{k1}, {k2, k1}}, date(2026, 1, 1)), furong::model_error);
    unchanged();
    CHECK_THROWS_AS(furong::apply_branch_plan(net, {{k1}, {}}, date(2026, 1, 1)), furong::model_error);
    unchanged();
    CHECK_THROWS_AS(furong::apply_branch_plan(net, {{k1}}, date()), furong::argument_error);
    unchanged();
    CHECK_THROWS_AS(furong::apply_property_plan(net, {{k1, k2}, {c1}}, date(2026, 1, 1)), furong::model_error);
    unchanged();
    CHECK_THROWS_AS(furong::apply_property_plan(net, {{k1}, {}}, date(2026, 1, 1)), furong::model_error);
    unchanged();
    // Accepted, the same plan is written.
    CHECK(furong::apply_property_plan(net, {{k1, k2}}, date(2026, 1, 1)) == std::vector<std::string>{"pc-area-s1"});
    CHECK(net.organisation_count() == orgs + 1);
}

TEST_CASE("whatif compares the audit, the leaders and the plans before and after", "[planning][whatif]") {
    auto net = small_district();
    net.add_organisation("a1", org_kind::area, "A", "c1");
    net.add_organisation("g1", org_kind::group, "G", "a1");
    net.add_organisation("n1", org_kind::neighbourhood, "N", "g1");
    net.add_organisation("b1", org_kind::building, "B", "k1");
    net.add_organisation("h1", org_kind::household, "H1", "b1");
    net.add_organisation("h2", org_kind::household, "H2", "b1");
    net.add_link("h1", "n1", link_kind::contact);
    net.add_link("h2", "n1", link_kind::contact);
    net.add_person("p1", "P1");
    net.add_role("p1", "n1", furong::role_kind::neighbour_leader);
    net.add_organisation("pc1", org_kind::property_company, "PC", "s1");
    net.add_link("pc1", "k1", link_kind::serves);

    furong::whatif_options o;
    o.co_building = false;
    auto r = furong::whatif(net, {"p1", "pc1"}, date(2025, 6, 1), o);
    furong::snapshot s(net);
    CHECK(r.households_without_contact.before == 0);
    CHECK(r.households_without_contact.after == 2);
    CHECK(ids_of(s, r.households_without_contact.added) == std::vector<std::string>{"h1", "h2"});
    CHECK(r.households_without_contact.restored.empty());
    CHECK(r.single_contact_before == 2);
    CHECK(r.single_contact_after == 0);
    CHECK(r.critical_people_before == 1);
    CHECK(r.new_critical_people.empty());
    // k1 loses its property company: one more old candidate for the property plan, and its
    // three-party gap changes (already missing the branch, now the company too).
    CHECK(ids_of(s, r.three_party_gaps.changed) == std::vector<std::string>{"k1"});
    CHECK(r.three_party_gaps.before == r.three_party_gaps.after);
    CHECK_FALSE(r.co_building_before.has_value());
    CHECK(r.removed == std::vector<std::string>{"p1", "pc1"});
    CHECK(r.branch_before.groups == r.branch_after.groups);

    o.co_building = true;
    auto with = furong::whatif(net, {"p1"}, date(2025, 6, 1), o);
    REQUIRE(with.co_building_before.has_value());
    CHECK(*with.co_building_before == *with.co_building_after);  // no providers: 0 both times

    CHECK_THROWS_AS(furong::whatif(net, {"ghost"}, date(2025, 6, 1)), furong::unknown_id_error);
    CHECK_THROWS_AS(furong::whatif(net, {"p1"}, date()), furong::argument_error);
}

TEST_CASE("read_policy_file: the shipped table and positioned errors", "[planning][io]") {
    const auto shipped = furong::read_policy_file(FURONG_DATASET_DIR "/../../data/policies.csv");
    CHECK(shipped.table.checks == furong::policy_table::defaults().checks);
    for (const auto& row : shipped.rows) CHECK_FALSE(row.description.empty());

    furong::test::scratch_dir dir;
    auto error_of = [&](const std::string& text) -> furong::input_error {
        dir.write("p.csv", text);
        try {
            furong::read_policy_file(dir.path() / "p.csv", "p.csv");
        } catch (const furong::input_error& e) {
            return e;
        }
        FAIL("no input_error for " << text);
        throw;
    };
    auto e = error_of("compound_type,check,description\nold,has_garden,x\n");
    CHECK(e.file() == "p.csv");
    CHECK(e.line() == 2);
    CHECK(e.column() == 2);
    CHECK_THAT(e.what(), Catch::Contains("has_garden") && Catch::Contains("property_coverage"));
    e = error_of("check,compound_type\nproperty_coverage,villa\n");
    CHECK(e.line() == 2);
    CHECK(e.column() == 2);
    CHECK_THAT(e.what(), Catch::Contains("villa"));
    e = error_of("compound_type,check\nnone,property_coverage\n");
    CHECK(e.column() == 1);
    e = error_of("compound_type,description\nold,x\n");
    CHECK(e.line() == 1);
    CHECK_THAT(e.what(), Catch::Contains("check"));
    CHECK_THROWS_AS(furong::read_policy_file(dir.path() / "absent.csv"), furong::input_error);

    dir.write("q.csv", "compound_type,check\nold,self_governance_team\nold,property_coverage\n");
    auto f = furong::read_policy_file(dir.path() / "q.csv");
    CHECK(f.rows.size() == 2);
    CHECK(f.rows[0].description.empty());
    CHECK(f.table.checks[static_cast<std::size_t>(furong::compound_type::old)] ==
          std::vector<furong::policy_check>{furong::policy_check::self_governance_team, furong::policy_check::property_coverage});
}

TEST_CASE("read_meeting_book reads meetings with the ledger's reader", "[planning][io]") {
    furong::test::scratch_dir dir;
    dir.write("meetings.csv", "id,kind,date,org,theme\nm1,joint,2025-03-02,k4,\nm2,night_talk,2025-03-03,c1,noise\n");
    auto book = furong::read_meeting_book(dir.path());
    CHECK(book.meetings().size() == 2);
    CHECK(furong::read_meeting_book(dir.path() / "meetings.csv").meetings().size() == 2);
    auto net = small_district();
    auto joint = furong::read_joint_meetings(dir.path(), furong::snapshot(net));
    REQUIRE(joint.size() == 1);
    CHECK(joint[0].day == date(2025, 3, 2));
    dir.write("meetings.csv", "id,kind,date,org,theme\nm1,joint,2025-02-30,k4,\n");
    try {
        furong::read_meeting_book(dir.path());
        FAIL("a bad date was accepted");
    } catch (const furong::input_error& e) {
        CHECK(e.line() == 2);
        CHECK(e.column() == 3);
    }
    CHECK_THROWS_AS(furong::read_meeting_book(dir.path() / "other.csv"), furong::argument_error);
    furong::test::scratch_dir empty;
    CHECK_THROWS_AS(furong::read_meeting_book(empty.path()), furong::input_error);
}
