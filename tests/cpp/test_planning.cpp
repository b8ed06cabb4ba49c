// Planning: joint branches, district-wide property areas, policy checks, what-if copies and
// writing plans back.
#include <furong/algorithm/planning.hpp>
#include <furong/io/network_files.hpp>

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
    // k4 commercial: branch, committee and company -> three-party complete.
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
