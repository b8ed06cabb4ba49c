// Tests of furong::synth::city, the synthetic city generator.

#include <catch2/catch.hpp>

#include <furong/snapshot.hpp>
#include <furong/synth.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

using furong::index_t;
using furong::link_kind;
using furong::no_index;
using furong::org_kind;
using furong::role_kind;
namespace synth = furong::synth;

namespace {

synth::city_options options(std::int64_t households, std::uint64_t seed = 1) {
    synth::city_options o;
    o.households = households;
    o.seed = seed;
    return o;
}

std::int64_t count_kind(const furong::network& net, org_kind k) {
    std::int64_t n = 0;
    for (auto x : net.organisations().kinds) n += x == k;
    return n;
}

std::int64_t sum_households(const furong::network& net, org_kind k) {
    const auto& o = net.organisations();
    std::int64_t n = 0;
    for (std::size_t i = 0; i < o.size(); ++i)
        if (o.kinds[i] == k) n += o.households[i];
    return n;
}

bool same_network(const furong::network& a, const furong::network& b) {
    const auto &oa = a.organisations(), &ob = b.organisations();
    if (oa.size() != ob.size()) return false;
    for (std::size_t i = 0; i < oa.size(); ++i) {
        auto x = static_cast<index_t>(i);
        if (a.id(x) != b.id(x) || a.name(x) != b.name(x) || oa.kinds[i] != ob.kinds[i] ||
            oa.parents[i] != ob.parents[i] || oa.compound_types[i] != ob.compound_types[i] ||
            oa.unit_types[i] != ob.unit_types[i] || oa.households[i] != ob.households[i] ||
            oa.party_members[i] != ob.party_members[i] || oa.capacities[i] != ob.capacities[i])
            return false;
    }
    const auto &la = a.links().rows, &lb = b.links().rows;
    if (la.size() != lb.size()) return false;
    for (std::size_t i = 0; i < la.size(); ++i)
        if (la[i].source != lb[i].source || la[i].target != lb[i].target || la[i].kind != lb[i].kind ||
            !(la[i].valid == lb[i].valid))
            return false;
    if (a.person_count() != b.person_count()) return false;
    for (index_t p = 0; p < a.person_count(); ++p)
        if (a.person_id(p) != b.person_id(p) || a.person_name(p) != b.person_name(p)) return false;
    const auto &ra = a.roles().rows, &rb = b.roles().rows;
    if (ra.size() != rb.size()) return false;
    for (std::size_t i = 0; i < ra.size(); ++i)
        if (ra[i].person != rb[i].person || ra[i].org != rb[i].org || ra[i].kind != rb[i].kind ||
            !(ra[i].valid == rb[i].valid))
            return false;
    const auto &xa = a.resources(), &xb = b.resources();
    if (xa.offers.size() != xb.offers.size() || xa.needs.size() != xb.needs.size()) return false;
    for (std::size_t i = 0; i < xa.offers.size(); ++i)
        if (xa.offers[i].provider != xb.offers[i].provider || xa.offers[i].resource != xb.offers[i].resource ||
            xa.offers[i].amount != xb.offers[i].amount)
            return false;
    for (std::size_t i = 0; i < xa.needs.size(); ++i)
        if (xa.needs[i].compound != xb.needs[i].compound || xa.needs[i].resource != xb.needs[i].resource ||
            xa.needs[i].priority != xb.needs[i].priority)
            return false;
    return true;
}

/// Households with at least one contact link, and with one active on `day`.
std::pair<std::int64_t, std::int64_t> contacts(const furong::network& net, furong::day_t day) {
    std::vector<char> any(net.organisation_count(), 0), active(net.organisation_count(), 0);
    for (const auto& l : net.links().rows)
        if (l.kind == link_kind::contact) {
            any[l.source] = 1;
            if (l.valid.active_on(day)) ++active[l.source];
        }
    std::int64_t a = 0, b = 0;
    for (std::size_t i = 0; i < any.size(); ++i) {
        a += any[i];
        b += active[i] != 0;
    }
    return {a, b};
}

}  // namespace

TEST_CASE("synth: the same seed gives the same city, another seed another", "[synth]") {
    auto o = options(20000, 7);
    auto a = synth::city(o);
    auto b = synth::city(o);
    CHECK(same_network(a, b));
    CHECK(a.links().rows.size() > 20000);
    CHECK(a.roles().rows.size() > 1000);
    CHECK(!a.resources().needs.empty());

    auto c = synth::city(options(20000, 8));
    CHECK_FALSE(same_network(a, c));
    // Not only ids: the compounds themselves differ.
    std::vector<std::int32_t> ka, kc;
    for (std::size_t i = 0; i < a.organisation_count(); ++i)
        if (a.organisations().kinds[i] == org_kind::compound) ka.push_back(a.organisations().households[i]);
    for (std::size_t i = 0; i < c.organisation_count(); ++i)
        if (c.organisations().kinds[i] == org_kind::compound) kc.push_back(c.organisations().households[i]);
    CHECK(ka != kc);
}

TEST_CASE("synth: a golden fingerprint pins the output across platforms", "[synth]") {
    // Integer-only draws make the city identical everywhere; this hash of a small city
    // catches any change of the generator (update it deliberately when the model changes).
    auto net = synth::city(options(3000, 2025));
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
    const auto& o = net.organisations();
    for (std::size_t i = 0; i < o.size(); ++i) {
        for (char ch : net.id(static_cast<index_t>(i))) mix(static_cast<unsigned char>(ch));
        mix(static_cast<std::uint64_t>(o.kinds[i]));
        mix(o.parents[i]);
        mix(static_cast<std::uint64_t>(o.households[i]));
        mix(static_cast<std::uint64_t>(o.party_members[i]));
    }
    for (const auto& l : net.links().rows) {
        mix(l.source);
        mix(l.target);
        mix(static_cast<std::uint64_t>(l.kind));
        mix(static_cast<std::uint64_t>(static_cast<std::uint32_t>(l.valid.since)));
        mix(static_cast<std::uint64_t>(static_cast<std::uint32_t>(l.valid.until)));
    }
    for (const auto& r : net.roles().rows) {
        mix(r.person);
        mix(r.org);
        mix(static_cast<std::uint64_t>(r.valid.since));
    }
    INFO("fingerprint " << h << " orgs " << o.size() << " links " << net.links().rows.size());
    CHECK(o.size() == 3345u);
    CHECK(h == 5608171617621978531ull);
}

TEST_CASE("synth: household counts are exact at every level", "[synth]") {
    for (std::int64_t n : {0, 1, 10, 999, 100000}) {
        INFO("households " << n);
        auto net = synth::city(options(n, 3));
        CHECK(count_kind(net, org_kind::household) == n);
        CHECK(sum_households(net, org_kind::compound) == n);
        CHECK(sum_households(net, org_kind::building) == n);
        CHECK(sum_households(net, org_kind::community) == n);
        CHECK(sum_households(net, org_kind::street) == n);
        CHECK(net.organisations().households[net.index_of("furong")] == n);
        CHECK(count_kind(net, org_kind::district) == 1);
        CHECK(count_kind(net, org_kind::street) >= 1);
        if (n == 0) CHECK(count_kind(net, org_kind::compound) == 0);
        if (n > 0) CHECK(count_kind(net, org_kind::compound) >= 1);
        // Every building holds its households, and no building is empty.
        const auto& o = net.organisations();
        std::vector<std::int64_t> under(o.size(), 0);
        for (std::size_t i = 0; i < o.size(); ++i)
            if (o.kinds[i] == org_kind::household) ++under[o.parents[i]];
        bool buildings_ok = true;
        for (std::size_t i = 0; i < o.size(); ++i)
            if (o.kinds[i] == org_kind::building) buildings_ok &= under[i] == o.households[i] && under[i] > 0;
        CHECK(buildings_ok);
    }
}

TEST_CASE("synth: the district is the root of everything and nesting holds", "[synth]") {
    auto net = synth::city(options(100000, 11));
    furong::snapshot snap(net);
    REQUIRE(snap.roots().size() == 1);
    const index_t root = snap.roots()[0];
    CHECK(snap.kind(root) == org_kind::district);
    CHECK(snap.label(root).pre == 0);
    CHECK(snap.label(root).end == snap.size());

    bool nesting = true, households_ok = true, hoods_ok = true;
    std::int64_t households = 0;
    for (index_t i = 0; i < snap.size(); ++i) {
        index_t p = snap.parent(i);
        if (p != no_index) nesting &= furong::may_nest(snap.kind(i), snap.kind(p));
        if (snap.kind(i) == org_kind::household) {
            ++households;
            households_ok &= snap.ancestor_of_kind(i, org_kind::community) != no_index &&
                             snap.ancestor_of_kind(i, org_kind::compound) != no_index &&
                             snap.is_ancestor(root, i) && snap.depth(i) == 5;
        }
        if (snap.kind(i) == org_kind::neighbourhood)
            hoods_ok &= snap.ancestor_of_kind(i, org_kind::community) != no_index && snap.depth(i) == 5;
    }
    CHECK(nesting);
    CHECK(households_ok);
    CHECK(hoods_ok);
    CHECK(households == 100000);
    CHECK(snap.of_kind(org_kind::household).size() == 100000);

    bool links_ok = true, contact_local = true, grid_local = true;
    for (const auto& l : snap.links().rows) {
        links_ok &= furong::link_allowed(l.kind, snap.kind(l.source), snap.kind(l.target));
        if (l.kind == link_kind::contact)
            contact_local &= snap.ancestor_of_kind(l.source, org_kind::community) ==
                             snap.ancestor_of_kind(l.target, org_kind::community);
        if (l.kind == link_kind::in_grid)
            grid_local &= snap.ancestor_of_kind(l.source, org_kind::community) == snap.parent(l.target);
    }
    CHECK(links_ok);
    CHECK(contact_local);
    CHECK(grid_local);
}

TEST_CASE("synth: city proportions follow the model", "[synth]") {
    auto net = synth::city(options(300000, 5));
    const auto& o = net.organisations();
    std::int64_t compounds = count_kind(net, org_kind::compound);
    double mean = 300000.0 / static_cast<double>(compounds);
    CHECK(mean > 180);
    CHECK(mean < 330);
    CHECK(count_kind(net, org_kind::street) == 15);
    CHECK(count_kind(net, org_kind::community) > 80);
    CHECK(count_kind(net, org_kind::community) < 120);
    CHECK(count_kind(net, org_kind::agency) == 30);
    CHECK(count_kind(net, org_kind::unit) == 150);
    CHECK(count_kind(net, org_kind::alliance) == 1);
    double grids = static_cast<double>(count_kind(net, org_kind::grid));
    CHECK(grids > 300000 / 500.0);
    CHECK(grids < 300000 / 300.0);
    double hoods = static_cast<double>(count_kind(net, org_kind::neighbourhood));
    CHECK(hoods > 300000 / 22.0);
    CHECK(hoods < 300000 / 18.0);

    std::map<furong::compound_type, std::int64_t> types;
    std::int64_t small = 0, big = 0;
    for (std::size_t i = 0; i < o.size(); ++i)
        if (o.kinds[i] == org_kind::compound) {
            ++types[o.compound_types[i]];
            small += o.party_members[i] < 3;
            CHECK(o.households[i] >= 1);
            CHECK(o.households[i] <= 3000);
            CHECK(o.party_members[i] >= 0);
            big += o.households[i] >= 1000;
        }
    CHECK(types.count(furong::compound_type::none) == 0);
    auto share = [&](furong::compound_type t) { return static_cast<double>(types[t]) / static_cast<double>(compounds); };
    CHECK(share(furong::compound_type::old) == Approx(0.40).margin(0.07));
    CHECK(share(furong::compound_type::commercial) == Approx(0.30).margin(0.07));
    CHECK(share(furong::compound_type::work_unit) == Approx(0.15).margin(0.06));
    CHECK(share(furong::compound_type::resettlement) == Approx(0.15).margin(0.06));
    CHECK(small > 0);  // some compounds too small for their own branch
    CHECK(big > 0);

    // Party coverage: own branches for >= 3 members, joint branches for the rest, few gaps.
    std::vector<int> covered(o.size(), 0);
    std::map<index_t, std::vector<index_t>> covers;
    for (const auto& l : net.links().rows)
        if (l.kind == link_kind::covers) {
            ++covered[l.target];
            covers[l.source].push_back(l.target);
        }
    std::int64_t uncovered = 0, twice = 0;
    bool own_ok = true;
    for (std::size_t i = 0; i < o.size(); ++i)
        if (o.kinds[i] == org_kind::compound) {
            uncovered += covered[i] == 0;
            twice += covered[i] > 1;
            if (o.party_members[i] >= 3) own_ok &= covered[i] == 1;
        }
    CHECK(own_ok);
    CHECK(twice == 0);
    CHECK(uncovered > 0);
    CHECK(static_cast<double>(uncovered) < 0.1 * static_cast<double>(compounds));
    bool branches_ok = true;
    std::int64_t joint = 0;
    for (const auto& [b, ks] : covers) {
        if (o.kinds[o.parents[b]] == org_kind::compound) {
            branches_ok &= ks.size() == 1 && ks[0] == o.parents[b] && o.party_members[b] >= 3;
        } else {
            ++joint;
            std::int64_t party = 0;
            for (index_t k : ks) {
                party += o.party_members[k];
                branches_ok &= o.parents[k] == o.parents[b];  // covers compounds of its community
            }
            branches_ok &= ks.size() >= 2 && party >= 3 && party == o.party_members[b];
        }
    }
    CHECK(branches_ok);
    CHECK(joint > 0);

    // Pairing share, counted on the last day (ended pairings were taken over).
    const furong::day_t last = furong::day_of(synth::city_options{}.last_date);
    std::set<index_t> paired;
    for (const auto& l : net.links().rows)
        if (l.kind == link_kind::pairing && l.valid.active_on(last)) paired.insert(l.target);
    CHECK(static_cast<double>(paired.size()) / static_cast<double>(compounds) == Approx(0.40).margin(0.05));
    // Capacities cover the current pairings.
    std::map<index_t, std::int64_t> load;
    for (const auto& l : net.links().rows)
        if (l.kind == link_kind::pairing && l.valid.active_on(last)) ++load[l.source];
    bool capacity_ok = true;
    for (std::size_t i = 0; i < o.size(); ++i)
        if (o.kinds[i] == org_kind::agency || o.kinds[i] == org_kind::unit)
            capacity_ok &= o.capacities[i] >= 1 && o.capacities[i] >= load[static_cast<index_t>(i)];
    CHECK(capacity_ok);
}

TEST_CASE("synth: contact share is as asked", "[synth]") {
    const furong::day_t last = furong::day_of(synth::city_options{}.last_date);
    for (double s : {0.0, 0.5, 0.99, 1.0}) {
        INFO("contact_share " << s);
        auto o = options(100000, 21);
        o.contact_share = s;
        auto net = synth::city(o);
        auto [any, active] = contacts(net, last);
        CHECK(static_cast<double>(any) / 100000.0 == Approx(s).margin(0.006));
        CHECK(active == any);  // an ended contact was taken over the next day
        if (s == 1.0) CHECK(any == 100000);
        if (s == 0.0) CHECK(any == 0);
    }
}

TEST_CASE("synth: dates lie in the range and run forwards", "[synth]") {
    auto o = options(50000, 4);
    o.first_date = furong::date(2021, 3, 1);
    o.last_date = furong::date(2024, 12, 31);
    auto net = synth::city(o);
    const furong::day_t first = furong::day_of(o.first_date), last = furong::day_of(o.last_date);
    bool links_ok = true, roles_ok = true;
    std::int64_t ended_links = 0, ended_roles = 0;
    for (const auto& l : net.links().rows) {
        links_ok &= l.valid.since >= first && l.valid.since <= last && l.valid.since <= l.valid.until;
        if (l.valid.until != furong::validity::open_until) {
            ++ended_links;
            links_ok &= l.valid.until < last;
        }
    }
    for (const auto& r : net.roles().rows) {
        roles_ok &= r.valid.since >= first && r.valid.since <= last && r.valid.since <= r.valid.until;
        if (r.valid.until != furong::validity::open_until) {
            ++ended_roles;
            roles_ok &= r.valid.until < last;
        }
    }
    CHECK(links_ok);
    CHECK(roles_ok);
    CHECK(ended_links > 0);
    CHECK(ended_roles > 0);
    CHECK(static_cast<double>(ended_links) < 0.06 * static_cast<double>(net.links().rows.size()));
}

TEST_CASE("synth: posts are filled, with a few vacancies", "[synth]") {
    auto net = synth::city(options(100000, 9));
    furong::snapshot snap(net);
    const furong::as_of last(synth::city_options{}.last_date);
    auto filled = [&](org_kind k, role_kind r) {
        std::int64_t yes = 0;
        for (index_t i : snap.of_kind(k)) yes += snap.has_holder(i, r, last);
        return std::pair<std::int64_t, std::int64_t>(yes, static_cast<std::int64_t>(snap.of_kind(k).size()));
    };
    auto [cs, communities] = filled(org_kind::community, role_kind::community_secretary);
    CHECK(cs == communities);
    auto [gw, grids] = filled(org_kind::grid, role_kind::grid_worker);
    CHECK(gw == grids);
    auto [bs, branches] = filled(org_kind::branch, role_kind::branch_secretary);
    CHECK(bs == branches);
    auto [oc, committees] = filled(org_kind::owners_committee, role_kind::owners_chair);
    CHECK(oc == committees);
    CHECK(committees > 0);
    auto [pm, companies] = filled(org_kind::property_company, role_kind::property_manager);
    CHECK(pm == companies);
    CHECK(companies > 0);
    auto [nl, hoods] = filled(org_kind::neighbourhood, role_kind::neighbour_leader);
    CHECK(nl < hoods);  // a few vacancies
    CHECK(static_cast<double>(nl) / static_cast<double>(hoods) == Approx(0.98).margin(0.01));
    auto [al, areas] = filled(org_kind::area, role_kind::area_leader);
    CHECK(al <= areas);
    CHECK(al > areas / 2);

    // One shoulder: some branch secretaries also chair their compound's owners' committee.
    std::int64_t one_shoulder = 0;
    for (index_t oc_i : snap.of_kind(org_kind::owners_committee))
        snap.for_each_holder(oc_i, role_kind::owners_chair, last, [&](index_t p) {
            for (index_t r : snap.roles_of(p)) one_shoulder += snap.roles().rows[r].kind == role_kind::branch_secretary;
        });
    CHECK(one_shoulder > 0);

    // Offers and needs: from providers and compounds, resources from the list.
    const auto& res = net.resources();
    CHECK(!res.offers.empty());
    CHECK(!res.needs.empty());
    std::set<std::string> names;
    for (const auto& x : res.offers) {
        CHECK((net.kind(x.provider) == org_kind::agency || net.kind(x.provider) == org_kind::unit));
        names.insert(x.resource);
    }
    for (const auto& x : res.needs) names.insert(x.resource);
    CHECK(names.size() == 12);
    CHECK(names.count("elderly_canteen") == 1);
}

TEST_CASE("synth: switching people, resources or household nodes off keeps the rest", "[synth]") {
    auto o = options(30000, 13);
    auto full = synth::city(o);
    o.people = false;
    o.resources = false;
    auto bare = synth::city(o);
    CHECK(bare.person_count() == 0);
    CHECK(bare.roles().rows.empty());
    CHECK(bare.resources().offers.empty());
    CHECK(bare.resources().needs.empty());
    REQUIRE(bare.organisation_count() == full.organisation_count());
    bool same = true;
    for (index_t i = 0; i < full.organisation_count(); ++i) same &= full.id(i) == bare.id(i) && full.parent(i) == bare.parent(i);
    CHECK(same);
    CHECK(bare.links().rows.size() == full.links().rows.size());

    auto o2 = options(30000, 13);
    o2.household_nodes = false;
    auto no_h = synth::city(o2);
    CHECK(count_kind(no_h, org_kind::household) == 0);
    CHECK(sum_households(no_h, org_kind::compound) == 30000);
    CHECK(count_kind(no_h, org_kind::compound) == count_kind(full, org_kind::compound));
    CHECK(count_kind(no_h, org_kind::neighbourhood) == count_kind(full, org_kind::neighbourhood));
    std::int64_t contact = 0, pairing_full = 0, pairing_no_h = 0;
    for (const auto& l : no_h.links().rows) {
        contact += l.kind == link_kind::contact;
        pairing_no_h += l.kind == link_kind::pairing;
    }
    for (const auto& l : full.links().rows) pairing_full += l.kind == link_kind::pairing;
    CHECK(contact == 0);
    CHECK(pairing_no_h == pairing_full);
}

TEST_CASE("synth: progress is reported and reaches 1", "[synth]") {
    auto o = options(100000, 1);
    std::vector<double> seen;
    o.progress = [&](double f) { seen.push_back(f); };
    synth::city(o);
    REQUIRE(seen.size() >= 10);
    CHECK(seen.size() <= 60);
    CHECK(seen.back() == 1.0);
    bool increasing = true;
    for (std::size_t i = 1; i < seen.size(); ++i) increasing &= seen[i] > seen[i - 1];
    CHECK(increasing);
    CHECK(seen.front() >= 0.0);

    o.progress = [](double f) {
        if (f > 0.5) throw std::runtime_error("cancelled");
    };
    CHECK_THROWS_AS(synth::city(o), std::runtime_error);
}

TEST_CASE("synth: invalid options throw argument_error", "[synth]") {
    using furong::argument_error;
    auto bad = [](auto edit) {
        auto o = options(1000);
        edit(o);
        return o;
    };
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.households = -1; })), argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.households = synth::max_households + 1; })), argument_error);
    CHECK_NOTHROW(synth::validate(bad([](auto& o) { o.households = synth::max_households; })));
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.contact_share = 1.5; })), argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.contact_share = -0.01; })), argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.pairing_share = std::nan(""); })), argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.ended_share = std::numeric_limits<double>::infinity(); })),
                    argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.share_old = 2; })), argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) {
                        o.share_old = o.share_commercial = o.share_work_unit = o.share_resettlement = 0;
                    })),
                    argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.party_share_min = 0.1; })), argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.compound_min_households = 400; })), argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.building_max_households = 10; })), argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.households_per_street = 0; })), argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.households_per_neighbourhood = -5; })), argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.agencies = -1; })), argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.last_date = o.first_date; })), argument_error);
    CHECK_THROWS_AS(synth::city(bad([](auto& o) { o.first_date = furong::date(); })), argument_error);
    // The error is a furong::error and names the option.
    try {
        synth::city(bad([](auto& o) { o.contact_share = 3; }));
        FAIL("no throw");
    } catch (const furong::error& e) {
        CHECK(std::string(e.what()).find("contact_share") != std::string::npos);
    }
}

TEST_CASE("synth: odd but valid options work", "[synth]") {
    auto o = options(5000, 17);
    o.share_old = 1;
    o.share_commercial = o.share_work_unit = o.share_resettlement = 0;
    o.agencies = 0;
    o.units_per_250k_households = 0;
    o.households_per_neighbourhood = 1;
    o.building_min_households = o.building_max_households = 1;
    o.compound_min_households = o.compound_mean_households = o.compound_max_households = 100;
    auto net = synth::city(o);
    CHECK(count_kind(net, org_kind::household) == 5000);
    CHECK(count_kind(net, org_kind::building) == 5000);
    // Compounds of exactly 100, but for one remainder per community that cannot be split.
    CHECK(count_kind(net, org_kind::compound) >= 50);
    CHECK(count_kind(net, org_kind::compound) <= 50 + count_kind(net, org_kind::community));
    CHECK(count_kind(net, org_kind::agency) == 0);
    std::int64_t pairings = 0;
    for (const auto& l : net.links().rows) pairings += l.kind == link_kind::pairing;
    CHECK(pairings == 0);  // no providers: nothing to pair with
    bool all_old = true;
    for (std::size_t i = 0; i < net.organisation_count(); ++i)
        if (net.organisations().kinds[i] == org_kind::compound)
            all_old &= net.organisations().compound_types[i] == furong::compound_type::old;
    CHECK(all_old);
}

TEST_CASE("synth: the tables hold no spare capacity, and the city still takes edits", "[synth]") {
    furong::synth::city_options o;
    o.households = 30000;
    furong::network net = furong::synth::city(o);
    const auto& t = net.organisations();
    CHECK(t.kinds.capacity() == t.size());
    CHECK(t.parents.capacity() == t.size());
    CHECK(t.households.capacity() == t.size());
    CHECK(t.capacities.capacity() == t.size());
    CHECK(net.links().rows.capacity() == net.links().rows.size());
    CHECK(net.roles().rows.capacity() == net.roles().rows.size());

    const furong::snapshot before(net);
    const std::size_t n = net.organisation_count();
    const index_t h = net.add_organisation("h-new", org_kind::household, "", net.id(net.parent(net.index_of("h1"))));
    CHECK(h == n);
    CHECK(net.find("h1") == index_t{net.index_of("h1")});
    CHECK(net.id(h) == "h-new");
    CHECK(before.size() == n);  // the snapshot keeps its tables
    CHECK_FALSE(before.find("h-new"));
    net.shrink_to_fit();  // a second time, with a snapshot sharing the tables: copies, changes nothing visible
    CHECK(net.id(h) == "h-new");
    CHECK(net.organisations().kinds.capacity() == n + 1);
    CHECK(before.id(0) == net.id(0));
}
