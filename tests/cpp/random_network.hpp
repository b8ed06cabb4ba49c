#pragma once
// A small random city for the reachability and dominator tests: every kind, links of every
// kind with random dates, random roles. Shared so that both suites test the same shapes.

#include <furong/algorithm/escalation.hpp>
#include <furong/network.hpp>

#include <map>
#include <random>
#include <string>
#include <vector>

namespace furong::test {

/// A small random city: every kind, links of every kind with random dates, random roles.
inline network random_network(std::mt19937& rng, int scale = 2) {
    network net;
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    int next = 0;
    auto add = [&](org_kind k, const std::string& parent) {
        std::string id = std::string(name_of(k)) + "-" + std::to_string(next++);
        net.add_organisation(id, k, id, parent);
        return id;
    };
    std::string d = add(org_kind::district, "");
    std::map<org_kind, std::vector<std::string>> of;
    auto put = [&](org_kind k, const std::string& parent) {
        auto id = add(k, parent);
        of[k].push_back(id);
        return id;
    };
    for (int i = 0, n = pick(1, 2); i < n; ++i) put(org_kind::agency, d);
    put(org_kind::alliance, d);
    for (int s = 0, ns = pick(1, scale); s < ns; ++s) {
        auto st = put(org_kind::street, d);
        put(org_kind::unit, pick(0, 1) ? st : d);
        put(org_kind::property_company, pick(0, 1) ? st : d);
        for (int c = 0, nc = pick(1, scale); c < nc; ++c) {
            auto cm = put(org_kind::community, st);
            put(org_kind::grid, cm);
            if (pick(0, 2) == 0) put(org_kind::branch, cm);  // joint branch
            if (pick(0, 2) == 0) put(org_kind::team, cm);
            auto ar = put(org_kind::area, cm);
            for (int g = 0, ng = pick(1, 2); g < ng; ++g) {
                auto gr = put(org_kind::group, ar);
                for (int h = 0, nh = pick(1, 2); h < nh; ++h) put(org_kind::neighbourhood, gr);
            }
            for (int p = 0, np = pick(1, scale + 1); p < np; ++p) {
                auto cp = put(org_kind::compound, cm);
                net.set_party_members(net.index_of(cp), pick(0, 4));
                if (pick(0, 1)) put(org_kind::branch, cp);
                if (pick(0, 1)) put(org_kind::owners_committee, cp);
                for (int b = 0, nb = pick(0, 2); b < nb; ++b) {
                    auto bd = put(org_kind::building, cp);
                    for (int h = 0, nh = pick(1, 3); h < nh; ++h) put(org_kind::household, bd);
                }
                for (int h = 0, nh = pick(0, 2); h < nh; ++h) put(org_kind::household, cp);
            }
        }
    }
    auto any = [&](org_kind k) -> const std::string* {
        auto& v = of[k];
        return v.empty() ? nullptr : &v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
    };
    auto random_validity = [&]() {
        validity v;
        if (pick(0, 2) == 0) v.since = 2460700 + pick(0, 10);
        if (pick(0, 2) == 0) v.until = 2460700 + pick(0, 10);
        if (v.since > v.until) std::swap(v.since, v.until);
        return v;
    };
    const int nlinks = pick(5, 25 * scale);
    for (int i = 0; i < nlinks; ++i) {
        auto k = static_cast<link_kind>(pick(0, static_cast<int>(link_kind_count) - 1));
        const auto& rule = detail::link_endpoints[static_cast<std::size_t>(k)];
        std::vector<org_kind> srcs, tgts;
        for (std::size_t j = 0; j < org_kind_count; ++j) {
            if (rule.sources & (1u << j)) srcs.push_back(static_cast<org_kind>(j));
            if (rule.targets & (1u << j)) tgts.push_back(static_cast<org_kind>(j));
        }
        auto a = any(srcs[static_cast<std::size_t>(pick(0, static_cast<int>(srcs.size()) - 1))]);
        auto b = any(tgts[static_cast<std::size_t>(pick(0, static_cast<int>(tgts.size()) - 1))]);
        if (!a || !b || *a == *b) continue;
        net.add_link(*a, *b, k, random_validity());
    }
    // Roles: leaders on most neighbourhoods, buildings and grids, some with dates.
    int person = 0;
    for (auto k : {org_kind::neighbourhood, org_kind::building, org_kind::grid, org_kind::branch,
                   org_kind::owners_committee, org_kind::group, org_kind::area, org_kind::community}) {
        for (const auto& o : of[k]) {
            int nr = pick(0, 2);
            for (int r = 0; r < nr; ++r) {
                std::string pid = "p" + std::to_string(person++);
                net.add_person(pid, pid);
                net.add_role(net.person_index(pid), net.index_of(o), *responsible_role(k), random_validity());
            }
        }
    }
    return net;
}

}  // namespace furong::test
