#include <furong/io/csv.hpp>

#include <catch2/catch.hpp>

#include <sstream>

using furong::input_error;
using furong::io::csv_reader;
using furong::io::csv_writer;

namespace {
// Runs `f` and returns the input_error it throws (fails the test if it throws none).
template <class F>
input_error error_of(F&& f) {
    try {
        f();
    } catch (const input_error& e) {
        return e;
    }
    FAIL("expected an input_error");
    throw;  // unreachable
}
}  // namespace

TEST_CASE("csv reader parses quoted fields, CRLF and blank lines") {
    csv_reader r("\xEF\xBB\xBF" "a,b,c\r\n1,\"x,y\",\"he said \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",\n", "t.csv");
    REQUIRE(r.header() == std::vector<std::string>{"a", "b", "c"});
    REQUIRE(r.next());
    CHECK(r.line() == 2);
    CHECK(r[1] == "x,y");
    CHECK(r[2] == "he said \"hi\"");
    REQUIRE(r.next());
    CHECK(r.line() == 4);
    CHECK(r[1] == "two\nlines");
    CHECK(r[2].empty());
    CHECK_FALSE(r.next());
}

TEST_CASE("csv reader positions every error") {
    SECTION("empty file") {
        auto e = error_of([] { csv_reader("", "e.csv"); });
        CHECK(e.file() == "e.csv");
        CHECK(e.line() == 1);
        CHECK(std::string(e.what()).find("empty file") != std::string::npos);
    }
    SECTION("ragged row") {
        csv_reader r("a,b\n1,2\n3\n", "r.csv");
        REQUIRE(r.next());
        auto e = error_of([&] { r.next(); });
        CHECK(e.line() == 3);
        CHECK(e.column() == 2);
        CHECK(std::string(e.what()).find("expected 2 fields") != std::string::npos);
    }
    SECTION("too many fields") {
        csv_reader r("a,b\n1,2,3\n", "r.csv");
        auto e = error_of([&] { r.next(); });
        CHECK(e.line() == 2);
        CHECK(e.column() == 3);
    }
    SECTION("invalid UTF-8 names line and column") {
        auto e = error_of([] { csv_reader("a,b\n1,x\xC3\x28y\n", "u.csv"); });
        CHECK(e.line() == 2);
        CHECK(e.column() == 4);
        CHECK(std::string(e.what()).find("UTF-8") != std::string::npos);
        CHECK(std::string(e.what()).find("--encoding gb18030") != std::string::npos);  // the hint for Excel's GBK
    }
    SECTION("overlong and surrogate encodings are not UTF-8") {
        CHECK_THROWS_AS(csv_reader("a\n\xC0\xAF\n", "u.csv"), input_error);
        CHECK_THROWS_AS(csv_reader("a\n\xED\xA0\x80\n", "u.csv"), input_error);
        CHECK_NOTHROW(csv_reader("a\n芙蓉\n", "u.csv"));
    }
    SECTION("unterminated quote") {
        csv_reader r("a\n\"open\n", "q.csv");
        CHECK_THROWS_AS(r.next(), input_error);
    }
    SECTION("stray quote in an unquoted field") {
        csv_reader r("a\nx\"y\n", "q.csv");
        CHECK_THROWS_AS(r.next(), input_error);
    }
    SECTION("duplicate column") {
        auto e = error_of([] { csv_reader("a,b,a\n", "d.csv"); });
        CHECK(e.column() == 3);
    }
    SECTION("missing required column") {
        csv_reader r("a,b\n", "m.csv");
        auto e = error_of([&] { r.require_column("id"); });
        CHECK(std::string(e.what()).find("missing required column 'id'") != std::string::npos);
    }
}

TEST_CASE("csv typed fields") {
    csv_reader r("n,x,d\n-3,1e400,2025-02-30\n12,2.5,2024-02-29\nabc,nan,2024-1-1\n", "f.csv");
    REQUIRE(r.next());
    CHECK_THROWS_AS(r.integer(0, 0, 100), input_error);  // negative
    CHECK_THROWS_AS(r.number(1), input_error);           // overflow to infinity
    auto e = error_of([&] { r.day(2); });                // impossible date
    CHECK(e.line() == 2);
    CHECK(e.column() == 3);
    CHECK(std::string(e.what()).find("no such day") != std::string::npos);
    REQUIRE(r.next());
    CHECK(r.integer(0, 0, 100) == 12);
    CHECK(r.number(1) == 2.5);
    CHECK(furong::to_iso(r.day(2)) == "2024-02-29");
    REQUIRE(r.next());
    CHECK_THROWS_AS(r.integer(0, 0, 100), input_error);  // not a number
    CHECK_THROWS_AS(r.number(1), input_error);           // NaN
    CHECK_THROWS_AS(r.day(2), input_error);              // not zero-padded
}

TEST_CASE("csv writer quotes only what needs quoting and reads back") {
    std::ostringstream out;
    csv_writer w(out);
    std::vector<std::string> row{"plain", "a,b", "say \"x\"", "two\nlines", " padded", ""};
    w.row({"c1", "c2", "c3", "c4", "c5", "c6"});
    w.row(row);
    CHECK(out.str().substr(0, 24) == "c1,c2,c3,c4,c5,c6\nplain,");
    csv_reader r(out.str(), "w.csv");
    REQUIRE(r.next());
    CHECK(r.fields() == row);
}

TEST_CASE("csv limits: columns, field, record and file size, each a positioned error", "[csv][limits]") {
    furong::io::csv_limits small;
    small.columns = 3;
    small.field_bytes = 8;
    small.record_bytes = 20;
    small.file_bytes = 64;
    auto e = error_of([&] { csv_reader("a,b,c,d\n", "t.csv", small); });
    CHECK(e.line() == 1);
    CHECK(e.column() == 4);
    CHECK(std::string(e.what()).find("limit of 3 columns") != std::string::npos);
    e = error_of([&] { csv_reader r("a,b\n1,123456789\n", "t.csv", small); r.next(); });
    CHECK(e.line() == 2);
    CHECK(e.column() == 2);
    CHECK(std::string(e.what()).find("field longer") != std::string::npos);
    e = error_of([&] { csv_reader r("a,b,c\n1234567,1234567,1234567\n", "t.csv", small); r.next(); });
    CHECK(e.line() == 2);
    CHECK(std::string(e.what()).find("record longer") != std::string::npos);
    e = error_of([&] { csv_reader(std::string(65, 'a'), "t.csv", small); });
    CHECK(std::string(e.what()).find("limit of 64 bytes per file") != std::string::npos);
}

TEST_CASE("a header of 100,000 columns is refused in linear time", "[csv][limits]") {
    std::string header;
    for (int i = 0; i < 100000; ++i) header += (i ? ",c" : "c") + std::to_string(i);
    furong::io::csv_limits wide;
    wide.columns = 200000;  // past the default: the duplicate check itself must be linear
    csv_reader r(header + "\n", "t.csv", wide);
    CHECK(r.header().size() == 100000);
    auto e = error_of([&] { csv_reader(header + ",c5\n", "t.csv", wide); });
    CHECK(e.column() == 100001);
    CHECK(std::string(e.what()).find("'c5' appears twice") != std::string::npos);
    e = error_of([&] { csv_reader(header + "\n", "t.csv"); });  // the default limit
    CHECK(e.column() == furong::io::csv_limits{}.columns + 1);
}

TEST_CASE("a second byte order mark is named", "[csv]") {
    auto e = error_of([] { csv_reader("\xEF\xBB\xBF\xEF\xBB\xBF" "id\n1\n", "t.csv"); });
    CHECK(e.line() == 1);
    CHECK(std::string(e.what()).find("byte order mark (BOM") != std::string::npos);
}

TEST_CASE("csv writer guards formulas and every text reads back unchanged", "[csv][privacy]") {
    const std::vector<std::string> row{"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx",
                                       "'quoted", "''two", "-1", "-3.5", "1e5", "-", "=", "-inf", "a=b", ""};
    std::ostringstream out;
    csv_writer w(out);
    std::vector<std::string> header;
    for (std::size_t i = 0; i < row.size(); ++i) header.push_back("c" + std::to_string(i));
    w.row(header);
    w.row(row);
    csv_reader r(out.str(), "w.csv");
    REQUIRE(r.next());
    CHECK(r.fields() == row);
    // No written field starts with a formula character; negative numbers stay numbers.
    const std::string text = out.str();
    const std::string line = text.substr(text.find('\n') + 1);
    CHECK(line.rfind("\"'=HYPERLINK", 0) == 0);
    CHECK(line.find(",'+1+1,") != std::string::npos);
    CHECK(line.find(",'-2+3,") != std::string::npos);
    CHECK(line.find(",'@SUM(A1),") != std::string::npos);
    CHECK(line.find(",-1,-3.5,1e5,'-,'=,'-inf,a=b,") != std::string::npos);
    CHECK(line.find(",''quoted,'''two,") != std::string::npos);
    CHECK(furong::io::looks_like_formula("=1"));
    CHECK_FALSE(furong::io::looks_like_formula("-12"));
    CHECK_FALSE(furong::io::looks_like_formula("name"));
}
