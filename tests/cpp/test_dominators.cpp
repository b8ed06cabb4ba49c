// Single points of failure: the dominator tree and critical() against brute force (remove
// each organisation in turn and see which targets a plain BFS no longer reaches), on small
// random networks; the people-level variant on a hand-built network.
#include "random_network.hpp"

#include <catch2/catch.hpp>

#include <furong/algorithm/dominators.hpp>
#include <furong/algorithm/escalation.hpp>

#include <deque>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace furong;

namespace {

using furong::test::random_network;

/// Targets reachable from src over admitted edges, with `removed` taken out (BFS written here).
std::vector<char> brute_reach(const network& net, index_t src, index_t removed, const std::set<edge_kind_t>& kinds,
                              std::optional<day_t> day, bool undirected) {
    const std::size_t n = net.organisation_count();
    std::vector<std::vector<index_t>> adj(n);
    auto ok = [&](edge_kind_t k, const validity& v) { return kinds.count(k) && (!day || v.active_on(*day)); };
    auto add = [&](index_t a, index_t b) {
        adj[a].push_back(b);
        if (undirected) adj[b].push_back(a);
    };
    for (index_t i = 0; i < n; ++i)
        if (net.parent(i) != no_index && ok(hierarchy_edge, validity{})) add(net.parent(i), i);
    for (const auto& l : net.links().rows)
        if (!l.valid.empty() && ok(edge_kind(l.kind), l.valid)) add(l.source, l.target);
    std::vector<char> seen(n, 0);
    if (src == removed) return seen;
    std::deque<index_t> q{src};
    seen[src] = 1;
    while (!q.empty()) {
        index_t u = q.front();
        q.pop_front();
        for (index_t v : adj[u])
            if (!seen[v] && v != removed) {
                seen[v] = 1;
                q.push_back(v);
            }
    }
    return seen;
}

}  // namespace

TEST_CASE("critical and immediate_dominators agree with brute force", "[dominators]") {
    std::mt19937 rng(5);
    const std::vector<std::string> names{"hierarchy", "pairing", "member",  "serves",   "represents", "covers",
                                         "in_grid",   "contact", "adjacent", "supports", "liaison"};
    const std::vector<org_kind> target_kinds{org_kind::household, org_kind::compound, org_kind::neighbourhood,
                                             org_kind::building};
    for (int round = 0; round < 80; ++round) {
        network net = random_network(rng, 1 + round % 3);
        snapshot s(net);
        const auto n = static_cast<index_t>(s.size());
        std::vector<std::string> via{"hierarchy"};
        std::set<edge_kind_t> kinds{hierarchy_edge};
        for (std::size_t k = 1; k < names.size(); ++k)
            if (std::uniform_int_distribution<int>(0, 1)(rng)) {
                via.push_back(names[k]);
                kinds.insert(parse_edge_kind(names[k]));
            }
        std::optional<day_t> day;
        if (round % 2) day = 2460700 + std::uniform_int_distribution<int>(0, 10)(rng);
        const bool undirected = round % 3 == 2;
        as_of when;
        if (day) when = as_of(date_of(*day));
        auto f = edge_filter::parse(via, when, undirected);
        index_t src = round % 4 == 0 ? std::uniform_int_distribution<index_t>(0, n - 1)(rng) : 0;
        const org_kind tk = target_kinds[static_cast<std::size_t>(round) % target_kinds.size()];

        auto base = brute_reach(net, src, no_index, kinds, day, undirected);
        // dominated[v] = targets (and all vertices) that become unreachable when v is removed.
        std::vector<std::vector<char>> lost(n);
        std::map<index_t, std::uint64_t> expected;
        std::uint64_t reachable_targets = 0, all_targets = 0;
        for (index_t v = 0; v < n; ++v) {
            if (net.kind(v) == tk) {
                ++all_targets;
                if (base[v] && v != src) ++reachable_targets;
            }
            if (v == src || !base[v]) continue;
            auto without = brute_reach(net, src, v, kinds, day, undirected);
            lost[v].assign(n, 0);
            std::uint64_t cut = 0;
            for (index_t t = 0; t < n; ++t)
                if (base[t] && !without[t] && t != v) {
                    lost[v][t] = 1;
                    if (net.kind(t) == tk) ++cut;
                }
            if (cut) expected[v] = cut;
        }
        auto r = critical(s, src, f, tk);
        std::map<index_t, std::uint64_t> got;
        for (std::size_t i = 0; i < r.orgs.size(); ++i) {
            got[r.orgs[i]] = r.cut_off[i];
            if (i) REQUIRE(r.cut_off[i - 1] >= r.cut_off[i]);
        }
        REQUIRE(got == expected);
        REQUIRE(r.targets_reachable == reachable_targets);
        REQUIRE(r.targets_unreachable == all_targets - reachable_targets - (net.kind(src) == tk ? 1 : 0));

        // idom(w): the strict dominator of w that every other strict dominator of w dominates.
        auto idom = immediate_dominators(s, src, f);
        for (index_t w = 0; w < n; ++w) {
            if (w == src || !base[w]) {
                REQUIRE(idom[w] == no_index);
                continue;
            }
            std::vector<index_t> doms{src};
            for (index_t v = 0; v < n; ++v)
                if (v != src && v != w && !lost[v].empty() && lost[v][w]) doms.push_back(v);
            index_t expect = no_index;
            for (index_t d : doms) {
                bool deepest = true;
                for (index_t o : doms)
                    if (o != d && o != src && !(lost[o].size() && lost[o][d])) deepest = false;
                if (deepest) expect = d;
            }
            REQUIRE(idom[w] == expect);
        }
    }
}

TEST_CASE("dominators on a deep chain do not overflow the stack", "[dominators]") {
    network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("s", org_kind::street, "S", "d");
    net.add_organisation("c", org_kind::community, "C", "s");
    for (int i = 0; i < 30000; ++i) net.add_organisation("k" + std::to_string(i), org_kind::compound, "", "c");
    for (int i = 0; i + 1 < 30000; ++i)
        net.add_link("k" + std::to_string(i), "k" + std::to_string(i + 1), link_kind::adjacent);
    snapshot s(net);
    auto f = edge_filter::parse({"adjacent"});
    auto r = critical(s, s.index_of("k0"), f, org_kind::compound);
    REQUIRE(r.orgs.size() == 29998);
    CHECK(s.id(r.orgs[0]) == "k1");
    CHECK(r.cut_off[0] == 29998);
    auto idom = immediate_dominators(s, s.index_of("k0"), f);
    CHECK(idom[s.index_of("k29999")] == s.index_of("k29998"));
}

TEST_CASE("critical people: sole neighbour leaders", "[dominators]") {
    network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("s", org_kind::street, "S", "d");
    net.add_organisation("c", org_kind::community, "C", "s");
    net.add_organisation("a", org_kind::area, "A", "c");
    net.add_organisation("g", org_kind::group, "G", "a");
    net.add_organisation("n1", org_kind::neighbourhood, "N1", "g");
    net.add_organisation("n2", org_kind::neighbourhood, "N2", "g");
    net.add_organisation("n3", org_kind::neighbourhood, "N3", "g");
    net.add_organisation("k", org_kind::compound, "K", "c");
    for (int i = 1; i <= 5; ++i) net.add_organisation("h" + std::to_string(i), org_kind::household, "", "k");
    for (auto p : {"alice", "bob", "carol"}) net.add_person(p, p);
    net.add_role("alice", "n1", role_kind::neighbour_leader);
    net.add_role("bob", "n2", role_kind::neighbour_leader);
    net.add_role("carol", "n2", role_kind::neighbour_leader, validity::between(date(2025, 1, 1), date(2025, 3, 31)));
    net.add_link("h1", "n1", link_kind::contact);  // alice alone
    net.add_link("h2", "n1", link_kind::contact);  // alice alone
    net.add_link("h3", "n2", link_kind::contact);  // bob (+ carol in Q1 2025)
    net.add_link("h4", "n1", link_kind::contact);  // alice and bob: no single point
    net.add_link("h4", "n2", link_kind::contact);
    net.add_link("h5", "n3", link_kind::contact);  // n3 has no leader: no contact at all
    snapshot s(net);

    auto r = critical_people(s, date(2025, 6, 1));
    REQUIRE(r.people.size() == 2);
    CHECK(s.person_id(r.people[0]) == "alice");
    CHECK(r.households[0] == 2);
    CHECK(s.person_id(r.people[1]) == "bob");
    CHECK(r.households[1] == 1);
    CHECK(r.single_contact_households == 3);

    auto q1 = critical_people(s, date(2025, 2, 1));  // carol shares n2 with bob
    REQUIRE(q1.people.size() == 1);
    CHECK(q1.households[0] == 2);
}
