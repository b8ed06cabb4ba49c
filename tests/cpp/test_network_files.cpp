#include "support.hpp"

#include <furong/io/network_files.hpp>
#include <furong/snapshot.hpp>

#include <catch2/catch.hpp>

using namespace furong;
using furong::test::scratch_dir;

namespace {
const char* orgs_ok =
    "id,kind,name,parent,compound_type,households,party_members,capacity,unit_type,ward\n"
    "d,district,芙蓉区,,,,,,,\n"
    "s,street,文艺路街道,d,,,,,,east\n"
    "c,community,识字里社区,s,,,,,,\n"
    "x,compound,\"Compound, old\",c,old,120,4,,,\n"
    "b,building,B1,x,,60,,,,\n"
    "h,household,,b,,,,,,\n"
    "n1,area,A,c,,,,,,\n"
    "g1,group,G,n1,,,,,,\n"
    "nb,neighbourhood,N,g1,,,,,,\n"
    "a,agency,Agency,d,,,,3,,\n"
    "u,unit,Unit,s,,,,2,university,\n";

// Loads `files` (name -> content) into a scratch dir and returns the input_error thrown.
input_error load_error(std::initializer_list<std::pair<const char*, std::string>> files) {
    scratch_dir dir;
    for (const auto& [name, text] : files) dir.write(name, text);
    try {
        io::load_network(dir.path());
    } catch (const input_error& e) {
        return e;
    }
    FAIL("expected an input_error");
    throw;
}

void check_error(const input_error& e, const char* file, std::size_t line, std::size_t column, const char* text) {
    INFO(e.what());
    CHECK(e.file() == file);
    CHECK(e.line() == line);
    CHECK(e.column() == column);
    CHECK(std::string(e.what()).find(text) != std::string::npos);
}
}  // namespace

TEST_CASE("a full directory loads and saves back the same data") {
    scratch_dir dir;
    dir.write("organisations.csv", orgs_ok);
    dir.write("links.csv", "source,target,kind,since,until,note\na,x,pairing,2024-01-01,,signed\nh,nb,contact,,,\nu,x,pairing,2023-01-01,2023-12-31,\n");
    dir.write("people.csv", "id,name,party_member\np1,张三,1\np2,李四,0\n");
    dir.write("roles.csv", "person,org,role,since,until\np1,nb,neighbour_leader,2024-01-01,\np2,b,building_leader,,\n");
    dir.write("offers.csv", "provider,resource,amount\na,fire_safety,2.5\nu,reading_corner,1\n");
    dir.write("needs.csv", "compound,resource,priority\nx,fire_safety,5\n");
    network n = io::load_network(dir.path());
    CHECK(n.organisation_count() == 11);
    CHECK(n.links().rows.size() == 3);
    CHECK(n.roles().rows.size() == 2);
    CHECK(n.organisations().extra.get("ward", n.index_of("s")) == "east");
    CHECK(n.links().extra.get("note", 0) == "signed");
    CHECK(n.organisations().households[n.index_of("x")] == 120);
    CHECK(n.organisations().unit_types[n.index_of("u")] == unit_type::university);
    CHECK(n.people().extra.get("party_member", 0) == "1");

    scratch_dir out;
    io::save_network(n, out.path());
    network m = io::load_network(out.path());
    scratch_dir again;
    io::save_network(m, again.path());
    for (auto f : {"organisations.csv", "links.csv", "people.csv", "roles.csv", "offers.csv", "needs.csv"}) {
        std::ifstream a(out.path() / f), b(again.path() / f);
        std::string ta((std::istreambuf_iterator<char>(a)), {}), tb((std::istreambuf_iterator<char>(b)), {});
        INFO(f);
        CHECK(ta == tb);
        CHECK(!ta.empty());
    }
    CHECK(m.organisation_count() == n.organisation_count());
    CHECK(m.resources().offers[0].amount == 2.5);
    CHECK(m.organisations().extra.get("ward", m.index_of("s")) == "east");
    CHECK(m.links().extra.get("note", 0) == "signed");
    CHECK(to_iso(m.links().rows[2].valid.until_date()) == "2023-12-31");
}

TEST_CASE("column order is free and parents may come after children") {
    scratch_dir dir;
    dir.write("organisations.csv", "parent,name,id,kind\ns,C,c,community\nd,S,s,street\n,D,d,district\n");
    network n = io::load_network(dir.path());
    snapshot s(n);
    CHECK(s.is_ancestor(s.index_of("d"), s.index_of("c")));
}

TEST_CASE("every kind of bad input names file, line and column") {
    const std::string head = "id,kind,name,parent\nd,district,D,\ns,street,S,d\n";
    SECTION("missing organisations.csv") {
        auto e = load_error({{"links.csv", "source,target,kind\n"}});
        check_error(e, "organisations.csv", 0, 0, "missing required file");
    }
    SECTION("missing column") {
        check_error(load_error({{"organisations.csv", "id,kind,name\nd,district,D\n"}}), "organisations.csv", 1, 0,
                    "missing required column 'parent'");
    }
    SECTION("unknown kind") {
        check_error(load_error({{"organisations.csv", head + "c,village,C,s\n"}}), "organisations.csv", 4, 2,
                    "unknown organisation kind 'village'");
    }
    SECTION("duplicate id") {
        check_error(load_error({{"organisations.csv", head + "s,street,S2,d\n"}}), "organisations.csv", 4, 1,
                    "duplicate organisation id 's'");
    }
    SECTION("unknown parent") {
        check_error(load_error({{"organisations.csv", head + "c,community,C,nowhere\n"}}), "organisations.csv", 4, 4,
                    "unknown parent id 'nowhere'");
    }
    SECTION("wrong nesting") {
        check_error(load_error({{"organisations.csv", head + "x,compound,X,s\n"}}), "organisations.csv", 4, 4,
                    "a compound sits under community, not under street 's'");
    }
    SECTION("cycle") {
        // The kinds nest acyclically, so a cycle of parents always breaks a nesting rule somewhere;
        // the error names the row where the loop closes.
        auto e = load_error({{"organisations.csv", "id,kind,name,parent\nc1,compound,C1,k\nk,community,K,c1\n"}});
        check_error(e, "organisations.csv", 3, 4, "a community sits under street, not under compound 'c1'");
    }
    SECTION("malformed and impossible dates") {
        check_error(load_error({{"organisations.csv", head}, {"links.csv", "source,target,kind,since\nd,s,liaison,2024-01-01\n"}}),
                    "links.csv", 2, 3, "a liaison link runs from agency");
        auto bad = head + "a,agency,A,d\n";
        check_error(load_error({{"organisations.csv", bad}, {"links.csv", "source,target,kind,since\na,s,liaison,2025-02-30\n"}}),
                    "links.csv", 2, 4, "no such day in that month");
        check_error(load_error({{"organisations.csv", bad}, {"links.csv", "source,target,kind,since\na,s,liaison,01/02/2025\n"}}),
                    "links.csv", 2, 4, "expected a date YYYY-MM-DD");
        check_error(load_error({{"organisations.csv", bad}, {"links.csv", "source,target,kind,since,until\na,s,liaison,2025-02-01,2025-01-01\n"}}),
                    "links.csv", 2, 5, "before since");
    }
    SECTION("unknown link endpoint and kind") {
        check_error(load_error({{"organisations.csv", head}, {"links.csv", "source,target,kind\nd,zz,liaison\n"}}),
                    "links.csv", 2, 2, "unknown organisation id 'zz'");
        check_error(load_error({{"organisations.csv", head}, {"links.csv", "source,target,kind\nd,s,friendship\n"}}),
                    "links.csv", 2, 3, "unknown link kind 'friendship'");
    }
    SECTION("negative and non-numeric counts") {
        check_error(load_error({{"organisations.csv", "id,kind,name,parent,households\nd,district,D,,\ns,street,S,d,-4\n"}}),
                    "organisations.csv", 3, 5, "expected an integer from 0");
        check_error(load_error({{"organisations.csv", "id,kind,name,parent,households\nd,district,D,,\ns,street,S,d,many\n"}}),
                    "organisations.csv", 3, 5, "expected an integer, found 'many'");
    }
    SECTION("attributes on the wrong kind") {
        check_error(load_error({{"organisations.csv", "id,kind,name,parent,capacity\nd,district,D,,\ns,street,S,d,3\n"}}),
                    "organisations.csv", 3, 5, "applies to agency or unit only");
    }
    SECTION("unknown role and role in the wrong kind") {
        auto files = [&](const std::string& roles) {
            return load_error({{"organisations.csv", head}, {"people.csv", "id,name\np,P\n"}, {"roles.csv", roles}});
        };
        check_error(files("person,org,role\np,s,emperor\n"), "roles.csv", 2, 3, "unknown role 'emperor'");
        check_error(files("person,org,role\np,s,grid_worker\n"), "roles.csv", 2, 3, "held in grid, not in street");
        check_error(files("person,org,role\nq,s,volunteer\n"), "roles.csv", 2, 1, "unknown person id 'q'");
    }
    SECTION("duplicate person") {
        check_error(load_error({{"organisations.csv", head}, {"people.csv", "id,name\np,P\np,Q\n"}}), "people.csv", 3, 1,
                    "duplicate person id 'p'");
    }
    SECTION("invalid UTF-8") {
        check_error(load_error({{"organisations.csv", head + "c,community,\xFF\xFE,s\n"}}), "organisations.csv", 4, 13,
                    "invalid UTF-8");
    }
    SECTION("ragged row") {
        check_error(load_error({{"organisations.csv", head + "c,community,C\n"}}), "organisations.csv", 4, 4,
                    "expected 4 fields");
    }
    SECTION("empty file") {
        check_error(load_error({{"organisations.csv", ""}}), "organisations.csv", 1, 0, "empty file");
    }
    SECTION("offers and needs") {
        auto orgs = head + "a,agency,A,d\nc,community,C,s\nx,compound,X,c\n";
        check_error(load_error({{"organisations.csv", orgs}, {"offers.csv", "provider,resource,amount\na,fire,-1\n"}}),
                    "offers.csv", 2, 3, "expected a number of at least");
        check_error(load_error({{"organisations.csv", orgs}, {"offers.csv", "provider,resource,amount\na,fire,inf\n"}}),
                    "offers.csv", 2, 3, "finite");
        check_error(load_error({{"organisations.csv", orgs}, {"offers.csv", "provider,resource,amount\nx,fire,1\n"}}),
                    "offers.csv", 2, 1, "a provider is an agency or a unit");
        check_error(load_error({{"organisations.csv", orgs}, {"needs.csv", "compound,resource,priority\nx,fire,7\n"}}),
                    "needs.csv", 2, 3, "expected an integer from 1 to 5");
        check_error(load_error({{"organisations.csv", orgs}, {"needs.csv", "compound,resource,priority\nx,fire,2\nx,fire,3\n"}}),
                    "needs.csv", 3, 2, "already needs 'fire'");
    }
}

TEST_CASE("a directory that does not exist is an input error") {
    CHECK_THROWS_AS(io::load_network("/nonexistent/furong/dir"), input_error);
}

#ifdef FURONG_DATASET_DIR
TEST_CASE("the bundled Furong dataset loads and has the real streets") {
    if (!std::filesystem::exists(std::filesystem::path(FURONG_DATASET_DIR) / "organisations.csv")) return;
    network n = io::load_network(FURONG_DATASET_DIR);
    snapshot s(n);
    CHECK(s.of_kind(org_kind::street).size() == 13);
    CHECK(s.of_kind(org_kind::district).size() == 1);
    index_t district = s.of_kind(org_kind::district)[0];
    for (index_t h : s.of_kind(org_kind::household)) REQUIRE(s.is_ancestor(district, h));
}
#endif
