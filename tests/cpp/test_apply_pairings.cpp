// Tests of furong::apply_pairings (edit/apply_pairings.hpp): pairs become pairing links from
// a day on; a refused apply (unknown id, wrong kind, a pair twice, a pair already paired, no
// start day) changes nothing.
#include <furong/domain/co_building.hpp>
#include <furong/edit/apply_pairings.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace furong;

namespace {

network pairing_network() {
    network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("s", org_kind::street, "S", "d");
    net.add_organisation("m", org_kind::community, "M", "s");
    for (const char* c : {"c1", "c2", "c3"}) net.add_organisation(c, org_kind::compound, c, "m");
    net.add_organisation("a", org_kind::agency, "A", "d");
    net.add_organisation("u", org_kind::unit, "U", "s");
    net.add_link(net.index_of("u"), net.index_of("c3"), link_kind::pairing,
                 validity::between(date(2025, 1, 1), date(2025, 12, 31)));
    return net;
}

// Applies and expects a refusal of type E whose message holds `text`; checks nothing changed.
template <class E>
void refused(const std::vector<pairing_to_add>& pairs, date since, const char* text) {
    network net = pairing_network();
    const auto links = net.links().rows.size();
    const auto revision = net.revision();
    try {
        apply_pairings(net, pairs, since);
        FAIL("expected a refusal");
    } catch (const E& e) {
        CHECK_THAT(e.what(), Catch::Contains(text));
    }
    CHECK(net.links().rows.size() == links);
    CHECK(net.revision() == revision);
}

}  // namespace

TEST_CASE("apply_pairings: adds pairing links from the day on", "[apply_pairings]") {
    network net = pairing_network();
    CHECK(apply_pairings(net, {{"a", "c1"}, {"u", "c2"}, {"u", "c3"}}, date(2026, 1, 1)) == 3);
    const auto& rows = net.links().rows;
    REQUIRE(rows.size() == 4);
    CHECK(rows[1].source == net.index_of("a"));
    CHECK(rows[1].target == net.index_of("c1"));
    CHECK(rows[1].kind == link_kind::pairing);
    CHECK(rows[1].valid == validity::between(date(2026, 1, 1), date()));
    CHECK(rows[3].source == net.index_of("u"));
    // The new pairs are kept by the next plan on that day.
    co_building_options o;
    o.when = date(2026, 1, 1);
    CHECK(co_building(snapshot(net), o).kept.size() == 3);
    CHECK(apply_pairings(net, {}, date(2026, 1, 1)) == 0);
}

TEST_CASE("apply_pairings: all or nothing", "[apply_pairings]") {
    const date day(2025, 11, 1);
    // The unknown id comes after three good pairs: none of them is added.
    refused<unknown_id_error>({{"a", "c1"}, {"a", "c2"}, {"u", "c1"}, {"a", "nowhere"}}, day, "'nowhere'");
    refused<unknown_id_error>({{"ghost", "c1"}}, day, "'ghost'");
    refused<argument_error>({{"a", "c1"}, {"c1", "a"}}, day, "pairs[1] (c1, a): a pairing runs from an agency or unit");
    refused<argument_error>({{"a", "m"}}, day, "not from agency to community");
    refused<argument_error>({{"a", "c1"}, {"u", "c2"}, {"a", "c1"}}, day, "pairs[2] (a, c1) repeats pairs[0]");
    refused<argument_error>({{"a", "c1"}, {"u", "c3"}}, day, "pairs[1] 'u' already pairs 'c3'");
    refused<argument_error>({{"a", "c1"}}, date(), "since is required");
    // A pairing that ended before the new one begins is no obstacle.
    network net = pairing_network();
    CHECK(apply_pairings(net, {{"u", "c3"}}, date(2026, 1, 1)) == 1);
    // An end before the start is refused.
    network net2 = pairing_network();
    CHECK_THROWS_AS(apply_pairings(net2, {{"a", "c1"}}, date(2026, 1, 1), date(2025, 1, 1)), argument_error);
    CHECK(net2.links().rows.size() == 1);
}
