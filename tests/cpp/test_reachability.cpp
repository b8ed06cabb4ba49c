// Reachability: ancestor tests, point-to-point paths and k-hop reach against a plain BFS
// written here independently of the library (adjacency built from the network tables, not
// from the snapshot graph), on small random networks; escalation paths; error paths.
#include "random_network.hpp"

#include <catch2/catch.hpp>

#include <furong/algorithm/escalation.hpp>
#include <furong/algorithm/reachability.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace furong;

namespace {

using furong::test::random_network;

/// Reference graph built from the network tables: (from, to, kind, validity) per edge.
struct ref_edge {
    index_t from, to;
    edge_kind_t kind;
    validity valid;
};
std::vector<ref_edge> reference_edges(const network& net) {
    std::vector<ref_edge> out;
    for (index_t i = 0; i < net.organisation_count(); ++i)
        if (net.parent(i) != no_index) out.push_back({net.parent(i), i, hierarchy_edge, validity{}});
    for (const auto& l : net.links().rows)
        if (!l.valid.empty()) out.push_back({l.source, l.target, edge_kind(l.kind), l.valid});
    return out;
}
bool admitted(const ref_edge& e, const std::set<edge_kind_t>& kinds, std::optional<day_t> day) {
    return kinds.count(e.kind) && (!day || (e.valid.since <= *day && *day <= e.valid.until));
}
/// Plain BFS distances (-1: unreachable) over a list of edges.
std::vector<long> reference_bfs(std::size_t n, const std::vector<ref_edge>& edges, index_t src,
                                const std::set<edge_kind_t>& kinds, std::optional<day_t> day, bool undirected) {
    std::vector<std::vector<index_t>> adj(n);
    for (const auto& e : edges)
        if (admitted(e, kinds, day)) {
            adj[e.from].push_back(e.to);
            if (undirected) adj[e.to].push_back(e.from);
        }
    std::vector<long> dist(n, -1);
    std::deque<index_t> q{src};
    dist[src] = 0;
    while (!q.empty()) {
        index_t u = q.front();
        q.pop_front();
        for (index_t v : adj[u])
            if (dist[v] < 0) {
                dist[v] = dist[u] + 1;
                q.push_back(v);
            }
    }
    return dist;
}
bool edge_exists(const std::vector<ref_edge>& edges, index_t a, index_t b, const std::set<edge_kind_t>& kinds,
                 std::optional<day_t> day, bool undirected) {
    for (const auto& e : edges)
        if (admitted(e, kinds, day) && ((e.from == a && e.to == b) || (undirected && e.from == b && e.to == a)))
            return true;
    return false;
}

}  // namespace

TEST_CASE("is_ancestor agrees with walking the parent chain", "[reachability]") {
    std::mt19937 rng(7);
    for (int round = 0; round < 20; ++round) {
        network net = random_network(rng);
        snapshot s(net);
        const auto n = static_cast<index_t>(s.size());
        std::vector<index_t> as, bs;
        for (index_t a = 0; a < n; ++a)
            for (index_t b = 0; b < n; ++b) {
                bool expected = false;
                for (index_t x = net.parent(b); x != no_index; x = net.parent(x))
                    if (x == a) expected = true;
                REQUIRE(is_ancestor(s, a, b) == expected);
                as.push_back(a);
                bs.push_back(b);
            }
        std::unique_ptr<bool[]> out(new bool[as.size()]);
        is_ancestor(s, as.data(), bs.data(), as.size(), out.get());
        for (std::size_t i = 0; i < as.size(); ++i) REQUIRE(out[i] == s.is_ancestor(as[i], bs[i]));
    }
}

TEST_CASE("reachable and reach agree with a reference BFS", "[reachability]") {
    std::mt19937 rng(11);
    const std::vector<std::string> kind_names{"hierarchy", "pairing", "member",  "serves",   "represents", "covers",
                                              "in_grid",   "contact", "adjacent", "supports", "liaison"};
    for (int round = 0; round < 60; ++round) {
        network net = random_network(rng, 1 + round % 3);
        snapshot s(net);
        const auto edges = reference_edges(net);
        const auto n = static_cast<index_t>(s.size());
        for (int q = 0; q < 12; ++q) {
            std::vector<std::string> via;
            std::set<edge_kind_t> kinds;
            for (std::size_t k = 0; k < kind_names.size(); ++k)
                if (std::uniform_int_distribution<int>(0, 2)(rng) == 0 || (k == 0 && q % 2 == 0)) {
                    via.push_back(kind_names[k]);
                    kinds.insert(parse_edge_kind(kind_names[k]));
                }
            if (via.empty()) {
                via.push_back("contact");
                kinds.insert(edge_kind(link_kind::contact));
            }
            std::optional<day_t> day;
            if (q % 3 != 0) day = 2460700 + std::uniform_int_distribution<int>(-1, 11)(rng);
            const bool undirected = q % 4 == 1 || q % 4 == 2;
            as_of when;
            if (day) when = as_of(date_of(*day));
            auto f = edge_filter::parse(via, when, undirected);
            std::optional<std::int64_t> limit;
            if (q % 2 == 1) limit = std::uniform_int_distribution<int>(0, 5)(rng);
            index_t src = std::uniform_int_distribution<index_t>(0, n - 1)(rng);
            if (q % 3 == 0) src = 0;  // the district: many targets reachable
            auto dist = reference_bfs(n, edges, src, kinds, day, undirected);

            // reach: exactly the vertices within the limit, with their distances, whichever
            // direction the levels are expanded in (the same set, level by level).
            auto r = reach(s, src, f, limit);
            for (auto dir : {bfs_direction::top_down, bfs_direction::bottom_up}) {
                auto o = reach(s, src, f, limit, dir);
                REQUIRE(o.nodes.size() == r.nodes.size());
                REQUIRE(o.hops == r.hops);
                std::vector<std::pair<std::uint32_t, index_t>> x, y;
                for (std::size_t i = 0; i < r.nodes.size(); ++i) {
                    x.emplace_back(r.hops[i], r.nodes[i]);
                    y.emplace_back(o.hops[i], o.nodes[i]);
                }
                std::sort(x.begin(), x.end());
                std::sort(y.begin(), y.end());
                REQUIRE(x == y);
                REQUIRE(o.nodes.front() == src);
            }
            std::map<index_t, long> got;
            for (std::size_t i = 0; i < r.nodes.size(); ++i) {
                REQUIRE(got.count(r.nodes[i]) == 0);
                got[r.nodes[i]] = r.hops[i];
                if (i) REQUIRE(r.hops[i - 1] <= r.hops[i]);
            }
            for (index_t v = 0; v < n; ++v) {
                bool expect = dist[v] >= 0 && (!limit || dist[v] <= *limit);
                REQUIRE(static_cast<bool>(got.count(v)) == expect);
                if (expect) REQUIRE(got[v] == dist[v]);
            }
            // reachable: to every vertex (a few per network to keep it quick).
            for (int t = 0; t < 8; ++t) {
                index_t dst = std::uniform_int_distribution<index_t>(0, n - 1)(rng);
                auto p = reachable(s, src, dst, f, limit);
                bool expect = dist[dst] >= 0 && (!limit || dist[dst] <= *limit);
                REQUIRE(static_cast<bool>(p) == expect);
                if (!p) continue;
                REQUIRE(static_cast<long>(p->hops) == dist[dst]);
                REQUIRE(p->path.size() == p->hops + 1);
                REQUIRE(p->path.front() == src);
                REQUIRE(p->path.back() == dst);
                for (std::size_t i = 0; i + 1 < p->path.size(); ++i)
                    REQUIRE(edge_exists(edges, p->path[i], p->path[i + 1], kinds, day, undirected));
            }
        }
    }
}

TEST_CASE("reachable on a hand-built network", "[reachability]") {
    network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("ag", org_kind::agency, "Agency", "d");
    net.add_organisation("s", org_kind::street, "S", "d");
    net.add_organisation("c", org_kind::community, "C", "s");
    net.add_organisation("k", org_kind::compound, "K", "c");
    net.add_organisation("b", org_kind::building, "B", "k");
    net.add_organisation("h", org_kind::household, "H", "b");
    net.add_link("ag", "k", link_kind::pairing, validity::between(date(2025, 1, 1), date(2025, 6, 30)));
    snapshot s(net);
    auto H = s.index_of("h"), AG = s.index_of("ag"), D = s.index_of("d");

    auto hier = edge_filter::hierarchy();
    auto p = reachable(s, D, H, hier);
    REQUIRE(p);
    CHECK(p->hops == 5);
    CHECK(p->path == std::vector<index_t>{D, s.index_of("s"), s.index_of("c"), s.index_of("k"), s.index_of("b"), H});
    CHECK_FALSE(reachable(s, H, D, hier));                          // hierarchy runs downwards
    CHECK(reachable(s, H, D, edge_filter::hierarchy(true))->hops == 5);  // unless undirected
    CHECK_FALSE(reachable(s, D, H, hier, 4));
    CHECK(reachable(s, H, H, hier, 0)->hops == 0);

    auto via = edge_filter::parse({"hierarchy", "pairing"}, date(2025, 3, 1));
    CHECK(reachable(s, AG, H, via)->hops == 3);  // ag -> k -> b -> h
    auto later = edge_filter::parse({"hierarchy", "pairing"}, date(2025, 7, 1));
    CHECK_FALSE(reachable(s, AG, H, later));  // the pairing ended
    CHECK(reachable(s, AG, H, edge_filter::parse({"hierarchy", "pairing"}))->hops == 3);  // undated: all links

    auto r = reach(s, D, hier, 2);
    CHECK(r.nodes.size() == 4);  // d, ag, s, c
    CHECK(r.hops == std::vector<std::uint32_t>{0, 1, 1, 2});
}

TEST_CASE("bad arguments raise argument_error", "[reachability][errors]") {
    network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("s", org_kind::street, "S", "d");
    snapshot s(net);
    CHECK_THROWS_AS(edge_filter::parse({"hierarchy", "bogus"}), argument_error);
    CHECK_THROWS_WITH(edge_filter::parse({"bogus"}), Catch::Contains("bogus"));
    CHECK_THROWS_AS(edge_filter::parse(std::vector<std::string>{}), argument_error);
    auto f = edge_filter::hierarchy();
    CHECK_THROWS_AS(reachable(s, 0, 1, f, -1), argument_error);
    CHECK_THROWS_AS(reach(s, 0, f, -3), argument_error);
    CHECK_THROWS_AS(reachable(s, 0, 7, f), argument_error);
    CHECK_THROWS_AS(reach(s, 9, f), argument_error);
    CHECK_THROWS_AS(is_ancestor(s, 0, 2), argument_error);
    index_t a[] = {0, 5}, b[] = {1, 1};
    bool out[2] = {false, false};
    CHECK_THROWS_AS(is_ancestor(s, a, b, 2, out), argument_error);
    // signed indices (numpy's int64, read in place): a negative one is out of range too
    std::int64_t sa[] = {0, -1}, sb[] = {1, 1}, ok_a[] = {0, 1}, ok_b[] = {1, 0};
    CHECK_THROWS_WITH(is_ancestor(s, sa, sb, 2, out), Catch::Contains("-1"));
    std::int32_t big[] = {0, 2};
    CHECK_THROWS_AS(is_ancestor(s, big, big, 2, out), argument_error);
    is_ancestor(s, ok_a, ok_b, 2, out);
    CHECK((out[0] && !out[1]));
    CHECK_THROWS_AS(s.index_of("nope"), unknown_id_error);
    CHECK_THROWS_AS(escalation_path(s, 0), argument_error);  // a district does not escalate
}

TEST_CASE("escalation path of a household, building and compound", "[escalation]") {
    network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("ag", org_kind::agency, "Agency", "d");
    net.add_organisation("u", org_kind::unit, "Unit", "d");
    net.add_organisation("s", org_kind::street, "S", "d");
    net.add_organisation("c", org_kind::community, "C", "s");
    net.add_organisation("a", org_kind::area, "A", "c");
    net.add_organisation("g", org_kind::group, "G", "a");
    net.add_organisation("n", org_kind::neighbourhood, "N", "g");
    net.add_organisation("k", org_kind::compound, "K", "c");
    net.add_organisation("br", org_kind::branch, "Br", "k");
    net.add_organisation("b", org_kind::building, "B", "k");
    net.add_organisation("h1", org_kind::household, "H1", "b");
    net.add_organisation("h2", org_kind::household, "H2", "b");
    net.add_link("h1", "n", link_kind::contact);
    net.add_link("ag", "k", link_kind::pairing);
    net.add_link("u", "k", link_kind::pairing, validity::between(date(2024, 1, 1), date(2024, 12, 31)));
    for (auto p : {"p1", "p2", "p3", "p4", "p5", "p6", "p7"}) net.add_person(p, p);
    net.add_role("p1", "n", role_kind::neighbour_leader, validity::between(date(2025, 1, 1), date()));
    net.add_role("p2", "g", role_kind::group_leader);
    net.add_role("p3", "a", role_kind::area_leader);
    net.add_role("p4", "c", role_kind::community_secretary);
    net.add_role("p5", "br", role_kind::branch_secretary);
    net.add_role("p6", "b", role_kind::building_leader);
    net.add_role("p7", "ag", role_kind::unit_contact);
    snapshot s(net);
    auto ids = [&](const escalation_result& e) {
        std::vector<std::string> out;
        for (const auto& st : e.steps) out.emplace_back(s.id(st.org));
        return out;
    };

    auto e = escalation_path(s, s.index_of("h1"), date(2025, 6, 1));
    CHECK(e.via_contact);
    CHECK(ids(e) == std::vector<std::string>{"h1", "n", "g", "a", "c", "s", "d"});
    CHECK(e.steps[1].role == role_kind::neighbour_leader);
    CHECK(e.steps[1].holders == std::vector<index_t>{s.person_index("p1")});
    CHECK(e.staffed);
    REQUIRE(e.providers.size() == 1);  // the unit's pairing ended in 2024
    CHECK(s.id(e.providers[0].org) == "ag");
    CHECK(e.providers[0].holders == std::vector<index_t>{s.person_index("p7")});
    CHECK(s.id(e.compound) == "k");

    auto early = escalation_path(s, s.index_of("h1"), date(2024, 6, 1));
    CHECK(early.steps[1].holders.empty());  // the neighbour leader starts in 2025
    CHECK_FALSE(early.staffed);
    CHECK(early.providers.size() == 2);

    auto e2 = escalation_path(s, s.index_of("h2"), date(2025, 6, 1));
    CHECK_FALSE(e2.via_contact);
    CHECK(ids(e2) == std::vector<std::string>{"h2", "b", "k", "br", "c", "s", "d"});
    CHECK(e2.steps[1].holders == std::vector<index_t>{s.person_index("p6")});

    CHECK(ids(escalation_path(s, s.index_of("b"))) == std::vector<std::string>{"b", "k", "br", "c", "s", "d"});
    CHECK(ids(escalation_path(s, s.index_of("k"))) == std::vector<std::string>{"k", "br", "c", "s", "d"});
}
