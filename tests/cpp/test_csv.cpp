#include <furong/io/csv.hpp>

#include "reference_csv.hpp"

#include <catch2/catch.hpp>

#include <random>
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
    CHECK(std::vector<std::string>(r.fields().begin(), r.fields().end()) == row);
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
    CHECK(std::vector<std::string>(r.fields().begin(), r.fields().end()) == row);
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

namespace {
// What a reader made of a text: the header and every record (line, fields) up to the end,
// or up to the error, which ends the list as (file, line, column, message).
struct outcome {
    std::vector<std::string> header;
    std::vector<std::pair<std::size_t, std::vector<std::string>>> records;
    std::string error;
    bool operator==(const outcome& o) const { return header == o.header && records == o.records && error == o.error; }
};
std::string describe(const input_error& e) {
    return e.file() + ":" + std::to_string(e.line()) + ":" + std::to_string(e.column()) + ": " + e.what();
}
template <class Reader>
outcome read_all(const std::string& text, const furong::io::csv_limits& limits) {
    outcome o;
    try {
        Reader r(text, "t.csv", limits);
        o.header = r.header();
        while (r.next()) o.records.emplace_back(r.line(), std::vector<std::string>(r.fields().begin(), r.fields().end()));
    } catch (const input_error& e) {
        o.error = describe(e);
    }
    return o;
}
std::string show(const outcome& o) {
    std::string s = "error=" + o.error + " header=" + std::to_string(o.header.size()) + " records=" + std::to_string(o.records.size());
    return s;
}
// Random CSV-like text from pieces that matter to the grammar: separators, quotes, both
// line ends, the formula guard, multi-byte and invalid UTF-8, a BOM, and long runs.
std::string random_text(std::mt19937_64& rng, bool long_runs) {
    static const std::vector<std::string> pieces{
        "a", "b", "xy", "1", ",", ",", ",", "\"", "\"", "\"\"", "\n", "\n", "\r\n", "\r", "'", " ", "芙蓉",
        "\xC3", "\xED\xA0\x80", "\xF0\x9F\x98\x80", "\"a,b\"", "\"x\ny\"", "\"q\"\"q\"", ",\n", "\n\n"};
    std::string t;
    if (rng() % 8 == 0) t += "\xEF\xBB\xBF";
    const std::size_t n = rng() % 60;
    for (std::size_t i = 0; i < n; ++i) {
        if (long_runs && rng() % 10 == 0) {
            const std::size_t len = 3000 + rng() % 7000;
            if (rng() % 2) t += '"' + std::string(len, rng() % 3 ? 'z' : '"') + '"';
            else t += std::string(len, 'z');
            continue;
        }
        // Mostly clean pieces, so that many texts parse far before an error (if any).
        std::size_t k = rng() % pieces.size();
        if (k >= 17 && k <= 19 && rng() % 4) k = 0;
        t += pieces[k];
    }
    return t;
}
// Rows of a fixed width built from valid fields (quoted ones with commas, quotes and line
// breaks among them), sometimes with one random piece dropped in: errors come late, if at all.
std::string random_table(std::mt19937_64& rng, bool long_runs) {
    static const std::vector<std::string> fields{"", "a", "xy", "'x", "''", "\"a,b\"", "\"x\ny\"", "\"x\r\ny\"",
                                                 "\"q\"\"q\"", "\"\"", "\"\"\"\"", "芙蓉", "2025-01-31", "-1.5"};
    static const std::vector<std::string> ends{"\n", "\n", "\r\n", "\r", "\n\n"};
    std::string t;
    const std::size_t cols = 1 + rng() % 5, rows = rng() % 12;
    for (std::size_t r = 0; r <= rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            if (c) t += ',';
            if (r == 0) t += "h" + std::to_string(c);
            else if (long_runs && rng() % 6 == 0) t += '"' + std::string(3000 + rng() % 7000, rng() % 2 ? 'z' : '\n') + '"';
            else t += fields[rng() % fields.size()];
        }
        t += ends[rng() % ends.size()];
    }
    if (rng() % 3 == 0) {
        static const std::string noise[] = {"\"", ",", "\n", "x\"", "\xC3", "\r"};
        t.insert(rng() % (t.size() + 1), noise[rng() % std::size(noise)]);
    }
    return t;
}
}  // namespace

TEST_CASE("the fast reader reads random text exactly as the reference reader does", "[csv][random]") {
    std::mt19937_64 rng(20261203);
    std::size_t errors = 0, clean = 0;
    for (int iter = 0; iter < 40000; ++iter) {
        const bool long_runs = iter % 20 == 0;
        const std::string text = iter % 2 ? random_table(rng, long_runs) : random_text(rng, long_runs);
        furong::io::csv_limits limits;
        if (iter % 3 == 0) {
            limits.columns = 1 + rng() % 8;
            limits.field_bytes = long_runs ? 4000 + rng() % 8000 : 1 + rng() % 12;
            limits.record_bytes = long_runs ? 4000 + rng() % 16000 : 1 + rng() % 30;
        }
        const outcome fast = read_all<csv_reader>(text, limits);
        const outcome ref = read_all<furong::test::reference_csv_reader>(text, limits);
        if (!(fast == ref)) {
            INFO("iteration " << iter << " fast: " << show(fast) << " reference: " << show(ref));
            REQUIRE(fast == ref);
        }
        (fast.error.empty() ? clean : errors) += 1;
    }
    // Both kinds of outcome are common, so that both paths were compared.
    CHECK(clean > 5000);
    CHECK(errors > 5000);
}

TEST_CASE("the UTF-8 check agrees with the byte-at-a-time reference", "[csv][random]") {
    std::mt19937_64 rng(7);
    for (int iter = 0; iter < 20000; ++iter) {
        std::string s;
        const std::size_t n = rng() % 80;
        for (std::size_t i = 0; i < n; ++i) {
            const auto r = rng() % 16;
            // Long ASCII stretches (the 16-byte path), then one byte of any value.
            s += r < 12 ? static_cast<char>('a' + r) : static_cast<char>(rng() % 256);
        }
        REQUIRE(furong::detail::find_invalid_utf8(s) == furong::test::reference_find_invalid_utf8(s));
    }
}

TEST_CASE("random tables written by csv_writer read back unchanged", "[csv][random]") {
    std::mt19937_64 rng(99);
    const std::string alphabet[] = {"a", "Z", "0", ",", "\"", "\n", "\r\n", "'", "=", "-", " ", "芙"};
    for (int iter = 0; iter < 2000; ++iter) {
        const std::size_t cols = 1 + rng() % 6, rows = rng() % 8;
        std::vector<std::vector<std::string>> table;
        std::ostringstream out;
        csv_writer w(out);
        std::vector<std::string> header;
        for (std::size_t c = 0; c < cols; ++c) header.push_back("c" + std::to_string(c));
        w.row(header);
        for (std::size_t i = 0; i < rows; ++i) {
            std::vector<std::string> row;
            for (std::size_t c = 0; c < cols; ++c) {
                std::string f;
                const std::size_t len = rng() % 7;
                for (std::size_t k = 0; k < len; ++k) f += alphabet[rng() % std::size(alphabet)];
                row.push_back(f);
            }
            // A row of one empty field is an empty line, which readers skip: keep one character.
            if (cols == 1 && row[0].empty()) row[0] = "x";
            w.row(row);
            table.push_back(row);
        }
        csv_reader r(out.str(), "w.csv");
        std::vector<std::vector<std::string>> back;
        while (r.next()) back.emplace_back(r.fields().begin(), r.fields().end());
        REQUIRE(back == table);
    }
}

TEST_CASE("fields survive moving the reader", "[csv]") {
    csv_reader r("a,b\nx,\"y\"\"z\"\n", "m.csv");  // a short text: the string keeps it inline
    REQUIRE(r.next());
    csv_reader moved(std::move(r));
    CHECK(moved[0] == "x");
    CHECK(moved[1] == "y\"z");
    CHECK_FALSE(moved.next());
}
