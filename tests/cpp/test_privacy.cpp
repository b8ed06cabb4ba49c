// Residents' data: SHA-256 / HMAC vectors, scoped views, pseudonymised copies, suppression.
#include <catch2/catch.hpp>

#include <furong/algorithm/reachability.hpp>
#include <furong/detail/sha256.hpp>
#include <furong/domain/coverage_audit.hpp>
#include <furong/domain/suppression.hpp>
#include <furong/edit/redact.hpp>
#include <furong/edit/view.hpp>
#include <furong/snapshot.hpp>

#include "random_network.hpp"

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace furong;

namespace {

std::string hex(std::string_view s) { return detail::to_hex(detail::sha256_of(s)); }
std::string hmac(std::string_view k, std::string_view m) { return detail::to_hex(detail::hmac_sha256(k, m)); }

/// The ids of `v`, without the placeholders of a view ("outside:<kind>": an outside party,
/// which a query on a view may name, though never by its id).
std::set<std::string> ids_of(const snapshot& s, const std::vector<index_t>& v) {
    std::set<std::string> out;
    for (index_t i : v)
        if (s.id(i).rfind(outside_prefix, 0) != 0) out.emplace(s.id(i));
    return out;
}

/// The ids of `v` that lie in `inside`.
std::set<std::string> inside_only(const std::set<std::string>& inside, const std::set<std::string>& v) {
    std::set<std::string> out;
    for (const auto& id : v)
        if (inside.count(id)) out.insert(id);
    return out;
}

}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180 examples", "[privacy]") {
    CHECK(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // Lengths around the padding boundary (55, 56, 64 bytes) against an incremental feed.
    for (std::size_t n : {55u, 56u, 63u, 64u, 65u, 119u, 120u}) {
        const std::string s(n, 'x');
        detail::sha256 h;
        for (char c : s) h.update(std::string_view(&c, 1));
        CHECK(detail::to_hex(h.finish()) == hex(s));
    }
}

TEST_CASE("HMAC-SHA256 matches RFC 4231", "[privacy]") {
    CHECK(hmac(std::string(20, '\x0b'), "Hi There") == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(hmac("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(hmac(std::string(20, '\xaa'), std::string(50, '\xdd')) ==
          "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    CHECK(hmac(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First") ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("pseudonyms: stable per key, different across keys, keys of 16 bytes or more", "[privacy]") {
    const std::string k1 = "0123456789abcdef", k2 = "0123456789abcdeg";
    CHECK(pseudonym(k1, "p00001", "p-") == pseudonym(k1, "p00001", "p-"));
    CHECK(pseudonym(k1, "p00001", "p-") != pseudonym(k2, "p00001", "p-"));
    CHECK(pseudonym(k1, "p00001", "p-") != pseudonym(k1, "p00002", "p-"));
    CHECK(pseudonym(k1, "p00001", "p-").size() == 2 + 16);
    CHECK(pseudonym(k1, "p00001", "p-") == "p-" + hmac(k1, "p00001").substr(0, 16));
    CHECK_THROWS_AS(pseudonym("short", "p00001", "p-"), argument_error);
}

TEST_CASE("a view holds nothing outside its scope and answers like the whole network inside it", "[privacy]") {
    for (unsigned seed = 1; seed <= 40; ++seed) {
        std::mt19937 rng(seed);
        const network net = test::random_network(rng, 3);
        for (index_t root = 0; root < net.organisation_count(); ++root) {
            const auto k = net.kind(root);
            if (k != org_kind::street && k != org_kind::community && k != org_kind::compound && k != org_kind::grid)
                continue;
            const network v = view(net, net.id(root));
            // Inside: under the root, or (a grid) under a building linked to it by in_grid.
            std::set<index_t> starts{root};
            if (k == org_kind::grid)
                for (const auto& l : net.links().rows)
                    if (l.kind == link_kind::in_grid && l.target == root) starts.insert(l.source);
            std::set<std::string> inside, ancestors;
            for (index_t i = 0; i < net.organisation_count(); ++i)
                for (index_t a = i; a != no_index; a = net.parent(a))
                    if (starts.count(a)) {
                        inside.emplace(net.id(i));
                        break;
                    }
            for (index_t i = 0; i < net.organisation_count(); ++i)
                if (inside.count(std::string(net.id(i))))
                    for (index_t a = net.parent(i); a != no_index; a = net.parent(a))
                        if (!inside.count(std::string(net.id(a)))) ancestors.emplace(net.id(a));
            // Organisations: inside, bare ancestors, placeholders; nothing else.
            for (index_t i = 0; i < v.organisation_count(); ++i) {
                const std::string id(v.id(i));
                if (inside.count(id)) {
                    CHECK(v.name(i) == net.name(net.index_of(id)));
                } else if (ancestors.count(id)) {
                    CHECK(v.name(i).empty());
                } else {
                    REQUIRE(id.rfind("outside:", 0) == 0);
                    CHECK(v.name(i).empty());
                    const bool under_ancestor = v.parent(i) == no_index || ancestors.count(std::string(v.id(v.parent(i)))) > 0;
                    CHECK(under_ancestor);
                }
            }
            CHECK(v.organisation_count() >= inside.size() + ancestors.size());
            // People: exactly those with a role inside; roles: exactly those held inside.
            std::set<std::string> holders;
            std::size_t roles_inside = 0;
            for (const auto& r : net.roles().rows)
                if (inside.count(std::string(net.id(r.org)))) {
                    holders.emplace(net.person_id(r.person));
                    ++roles_inside;
                }
            std::set<std::string> people;
            for (index_t p = 0; p < v.person_count(); ++p)
                if (v.person_id(p) != "outside:person") people.emplace(v.person_id(p));
            CHECK(people == holders);
            std::size_t roles_in_view = 0;
            for (const auto& r : v.roles().rows) {
                const bool placeholder = v.id(r.org).rfind(outside_prefix, 0) == 0;
                CHECK(placeholder == (v.person_id(r.person) == "outside:person"));
                roles_in_view += placeholder ? 0 : 1;
            }
            CHECK(roles_in_view == roles_inside);
            // Links: every link touching the scope, with the outside end replaced.
            std::size_t touching = 0;
            for (const auto& l : net.links().rows)
                touching += (inside.count(std::string(net.id(l.source))) || inside.count(std::string(net.id(l.target)))) ? 1 : 0;
            CHECK(v.links().rows.size() == touching);
            for (const auto& l : v.links().rows)
                CHECK((inside.count(std::string(v.id(l.source))) || inside.count(std::string(v.id(l.target)))));
            // Queries: what the whole network says inside the scope, the view says.
            const snapshot sv(v), sn(net);
            const auto f = edge_filter::parse(std::vector<std::string>{"hierarchy", "contact", "covers", "in_grid"});
            CHECK(ids_of(sv, reach(sv, sv.index_of(net.id(root)), f).nodes) ==
                  inside_only(inside, ids_of(sn, reach(sn, root, f).nodes)));
            const auto a = audit(sn), b = audit(sv);
            CHECK(ids_of(sv, b.households_without_contact) == inside_only(inside, ids_of(sn, a.households_without_contact)));
            CHECK(ids_of(sv, b.buildings_without_leader) == inside_only(inside, ids_of(sn, a.buildings_without_leader)));
            CHECK(ids_of(sv, b.grids_without_worker) == inside_only(inside, ids_of(sn, a.grids_without_worker)));
            if (k == org_kind::street || k == org_kind::community) {
                CHECK(ids_of(sv, b.compounds_without_pairing) ==
                      inside_only(inside, ids_of(sn, a.compounds_without_pairing)));
            }
        }
    }
    network net;
    net.add_organisation("d", org_kind::district, "D");
    CHECK_THROWS_AS(view(net, "nowhere"), unknown_id_error);
}

TEST_CASE("a redacted copy keeps every count and hides names and ids", "[privacy]") {
    std::mt19937 rng(7);
    network net = test::random_network(rng, 3);
    for (index_t p = 0; p < net.person_count(); ++p) {
        net.set_person_attribute(p, "birth_year", "1960");
        net.set_person_attribute(p, "note", "lives with " + std::string(net.person_id(p)));
    }
    const std::string key = "a key of sixteen+";
    const auto r = redact(net, nullptr, key, {"birth_year"});
    const network& out = r.net;
    REQUIRE(out.organisation_count() == net.organisation_count());
    REQUIRE(out.person_count() == net.person_count());
    CHECK(out.links().rows.size() == net.links().rows.size());
    CHECK(out.roles().rows.size() == net.roles().rows.size());
    for (index_t p = 0; p < out.person_count(); ++p) {
        CHECK(out.person_name(p).empty());
        CHECK(out.person_id(p) == pseudonym(key, net.person_id(p), "p-"));
        CHECK(out.people().extra.get("birth_year", p) == "1960");
        CHECK(out.people().extra.get("note", p).empty());
    }
    for (index_t i = 0; i < out.organisation_count(); ++i)
        if (out.kind(i) == org_kind::household) {
            CHECK(std::string(out.id(i)).rfind("h-", 0) == 0);
            CHECK(out.name(i).empty());
        }
    const snapshot a(net), b(out);
    const auto x = audit(a), y = audit(b);
    CHECK(x.households_without_contact.size() == y.households_without_contact.size());
    CHECK(x.compounds_without_branch.size() == y.compounds_without_branch.size());
    CHECK(x.buildings_without_leader.size() == y.buildings_without_leader.size());
    CHECK(x.three_party_gaps.size() == y.three_party_gaps.size());
    CHECK_THROWS_AS(redact(net, nullptr, "short", {}), argument_error);
    CHECK_THROWS_WITH(redact(net, nullptr, key, {"no_such"}), Catch::Contains("no attribute 'no_such'"));
}

TEST_CASE("small-count suppression: primary cells, partners in every line, totals, errors", "[privacy]") {
    const auto t = suppress({{12, 3}, {20, 9}}, 5);
    CHECK(t.values[t.at(0, 2)] == 15);
    CHECK(t.values[t.at(2, 2)] == 44);
    CHECK(t.hidden[t.at(0, 1)] == suppression::primary);
    // Random tables: exactly the small counts are primary, and every line (row or column of
    // the full table, totals included) holding a hidden count holds at least two.
    std::mt19937 rng(3);
    for (int round = 0; round < 300; ++round) {
        const int R = std::uniform_int_distribution<int>(1, 5)(rng), C = std::uniform_int_distribution<int>(1, 5)(rng);
        std::vector<std::vector<std::int64_t>> counts(static_cast<std::size_t>(R));
        for (auto& row : counts)
            for (int c = 0; c < C; ++c) row.push_back(std::uniform_int_distribution<int>(0, 15)(rng));
        const auto s = suppress(counts, 5);
        for (std::size_t r = 0; r <= s.rows; ++r)
            for (std::size_t c = 0; c <= s.cols; ++c) {
                const auto v = s.values[s.at(r, c)];
                CHECK((s.hidden[s.at(r, c)] == suppression::primary) == (v > 0 && v < 5));
            }
        for (std::size_t r = 0; r <= s.rows; ++r) {
            int n = 0;
            for (std::size_t c = 0; c <= s.cols; ++c) n += s.is_hidden(r, c);
            CHECK(n != 1);
        }
        for (std::size_t c = 0; c <= s.cols; ++c) {
            int n = 0;
            for (std::size_t r = 0; r <= s.rows; ++r) n += s.is_hidden(r, c);
            CHECK(n != 1);
        }
    }
    CHECK_THROWS_AS(suppress({{1, 2}, {3}}, 5), argument_error);
    CHECK_THROWS_AS(suppress({{-1}}, 5), argument_error);
    CHECK_THROWS_AS(suppress({{1}}, 0), argument_error);
    const auto empty = suppress({}, 5);
    CHECK(empty.values.size() == 1);
}
