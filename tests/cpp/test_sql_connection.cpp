// The contract of sql::connection (include/furong/store/sql.hpp), run against every backend
// this build can reach: PostgreSQL when FURONG_TEST_POSTGRESQL holds a server's URL
// (tools/postgres.sh starts a throw-away one; tools/test.sh sets the variable), SQLite when
// the build has its connection (FURONG_TEST_SQLITE_CONNECTION). Every test works in tables
// of its own (PostgreSQL: a schema of its own, dropped at the end; SQLite: a scratch file).
//
// The figures of the PostgreSQL connection (COPY and reading rows per second) come from the
// hidden case "[sql-perf]": furong_tests "[sql-perf]".
#include "support.hpp"

#include <furong/error.hpp>
#include <furong/store/sql.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

using namespace furong;
using sql::value;

namespace {

/// One backend for one test: opens connections onto the same fresh, empty database.
class backend {
public:
    virtual ~backend() = default;
    virtual std::string name() const = 0;
    virtual std::unique_ptr<sql::connection> open(int busy_timeout_ms = 5000) = 0;
};

const char* postgresql_url() {
    const char* url = std::getenv("FURONG_TEST_POSTGRESQL");
    return url && *url ? url : nullptr;
}

std::string random_suffix() {
    static std::mt19937_64 rng(std::random_device{}());
    return std::to_string(rng() % 1000000000000ULL);
}

/// A schema of its own on the test server, dropped with everything in it at the end.
class postgresql_backend : public backend {
public:
    explicit postgresql_backend(std::string url) : url_(std::move(url)), schema_("furong_test_" + random_suffix()) {
        auto c = sql::open_postgresql(url_, 5000);
        c->script("CREATE SCHEMA " + schema_);
    }
    ~postgresql_backend() override {
        try {
            auto c = sql::open_postgresql(url_, 5000);
            c->script("DROP SCHEMA " + schema_ + " CASCADE");
        } catch (...) {
        }
    }
    std::string name() const override { return "postgresql"; }
    std::unique_ptr<sql::connection> open(int busy_timeout_ms = 5000) override {
        auto c = sql::open_postgresql(url_, busy_timeout_ms);
        c->script("SET search_path TO " + schema_);
        return c;
    }
    const std::string& url() const { return url_; }

private:
    std::string url_;
    std::string schema_;
};

#ifdef FURONG_TEST_SQLITE_CONNECTION
/// A fresh database file in a scratch directory.
class sqlite_backend : public backend {
public:
    std::string name() const override { return "sqlite"; }
    std::unique_ptr<sql::connection> open(int busy_timeout_ms = 5000) override {
        return sql::open_sqlite((dir_.path() / "store.sqlite").string(), true, busy_timeout_ms);
    }

private:
    furong::test::scratch_dir dir_;
};
#endif

/// Runs `test` once per reachable backend, each on a fresh database, as a section named
/// after the backend.
void for_each_backend(const std::function<void(backend&)>& test) {
    bool any = false;
    if (const char* url = postgresql_url()) {
        any = true;
        DYNAMIC_SECTION("postgresql") {
            postgresql_backend b(url);
            test(b);
        }
    } else {
        WARN("PostgreSQL part skipped: FURONG_TEST_POSTGRESQL is not set (bash tools/postgres.sh start)");
    }
#ifdef FURONG_TEST_SQLITE_CONNECTION
    any = true;
    DYNAMIC_SECTION("sqlite") {
        sqlite_backend b;
        test(b);
    }
#endif
    if (!any) SUCCEED("no backend reachable");
}

std::int64_t count(sql::connection& c, const std::string& table) {
    auto r = c.query("SELECT COUNT(*) FROM " + table);
    REQUIRE(r->next());
    return r->integer(0);
}

/// The awkward values: NULL, integer limits, exact reals, texts that need escaping.
std::vector<std::vector<value>> awkward_rows() {
    const std::int64_t lo = std::numeric_limits<std::int64_t>::min();
    const std::int64_t hi = std::numeric_limits<std::int64_t>::max();
    return {
        {std::int64_t{1}, std::monostate{}, std::monostate{}, std::monostate{}},
        {std::int64_t{2}, lo, 0.1, std::string("")},
        {std::int64_t{3}, hi, -1e300, std::string("tab\there")},
        {std::int64_t{4}, std::int64_t{0}, 1e-300, std::string("new\nline and\r\nwindows line")},
        {std::int64_t{5}, std::int64_t{-1}, 3.141592653589793, std::string("back\\slash at the end\\")},
        {std::int64_t{6}, lo + 1, 5e-324, std::string("quotes ' \" '' and $1 and ; --")},
        {std::int64_t{7}, hi - 1, 9007199254740993.0, std::string("社区网格员：夜话回访，满意。")},
        {std::int64_t{8}, std::int64_t{42}, -2.5e-7, std::string("\\N")},
        {std::int64_t{9}, std::int64_t{7}, 123456789.125, std::string("\\.\n\\.")},
        {std::int64_t{10}, std::int64_t{-42}, 1.5, std::string("NULL")},
    };
}

void check_awkward(sql::connection& c, const std::string& table) {
    auto expected = awkward_rows();
    auto r = c.query("SELECT id, i, r, s FROM " + table + " ORDER BY id");
    REQUIRE(r->column_count() == 4);
    for (const auto& want : expected) {
        REQUIRE(r->next());
        INFO("row " << std::get<std::int64_t>(want[0]));
        CHECK(r->integer(0) == std::get<std::int64_t>(want[0]));
        if (std::holds_alternative<std::monostate>(want[1])) {
            CHECK(r->is_null(1));
            CHECK(r->is_null(2));
            CHECK(r->is_null(3));
            continue;
        }
        CHECK_FALSE(r->is_null(1));
        CHECK_FALSE(r->is_null(3));
        CHECK(r->integer(1) == std::get<std::int64_t>(want[1]));
        double d = std::get<double>(want[2]);
        CHECK(r->real(2) == d);
        CHECK(std::string(r->text(3)) == std::get<std::string>(want[3]));
    }
    CHECK_FALSE(r->next());
    CHECK_FALSE(r->next());
}

const char* awkward_table = "CREATE TABLE vals (id BIGINT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, s TEXT)";

}  // namespace

TEST_CASE("sql connection: script, execute and query round-trip NULL, integers, reals and texts", "[sql]") {
    for_each_backend([](backend& b) {
        auto c = b.open();
        c->script(awkward_table);
        for (const auto& row : awkward_rows())
            CHECK(c->execute("INSERT INTO vals (id, i, r, s) VALUES ($1, $2, $3, $4)", row) == 1);
        check_awkward(*c, "vals");

        // Parameters in WHERE clauses; an empty text is not NULL.
        auto r = c->query("SELECT id FROM vals WHERE s = $1", {std::string("")});
        REQUIRE(r->next());
        CHECK(r->integer(0) == 2);
        CHECK_FALSE(r->next());
        CHECK(count(*c, "vals WHERE s IS NULL") == 1);
        r = c->query("SELECT id, s FROM vals WHERE i = $1", {std::numeric_limits<std::int64_t>::min()});
        REQUIRE(r->next());
        CHECK(r->integer(0) == 2);
        CHECK(r->text(1).empty());
        CHECK_FALSE(r->is_null(1));
        r = c->query("SELECT s FROM vals WHERE s = $1", {std::string("社区网格员：夜话回访，满意。")});
        REQUIRE(r->next());
        CHECK(r->text(0) == "社区网格员：夜话回访，满意。");

        // execute counts the changed rows.
        CHECK(c->execute("UPDATE vals SET s = $1 WHERE id > $2", {std::string("x"), std::int64_t{7}}) == 3);
        CHECK(c->execute("DELETE FROM vals WHERE id = $1", {std::int64_t{999}}) == 0);

        // A query without rows; a statement run as a query.
        r = c->query("SELECT id FROM vals WHERE id < 0");
        CHECK(r->column_count() == 1);
        CHECK_FALSE(r->next());

        // A script of several statements.
        c->script("CREATE TABLE a (x BIGINT); INSERT INTO a (x) VALUES (1); INSERT INTO a (x) VALUES (2);");
        CHECK(count(*c, "a") == 2);
    });
}

TEST_CASE("sql connection: insert_many of 100,000 rows, then count, checksum and every value", "[sql]") {
    for_each_backend([](backend& b) {
        auto c = b.open();
        c->script(awkward_table);
        {  // The awkward values through the bulk path.
            auto bulk = c->insert_many("vals", {"id", "i", "r", "s"});
            for (const auto& row : awkward_rows()) bulk->add_row(row);
            bulk->finish();
        }
        check_awkward(*c, "vals");

        c->script("CREATE TABLE items (id BIGINT PRIMARY KEY, k BIGINT, w DOUBLE PRECISION, s TEXT)");
        const std::int64_t n = 100000;
        auto text_of = [](std::int64_t i) {
            switch (i % 5) {
            case 0: return "条目" + std::to_string(i);
            case 1: return "a\tb\\c\nd" + std::to_string(i);
            case 2: return std::string();
            default: return "item-" + std::to_string(i);
            }
        };
        std::int64_t k_sum = 0;
        std::int64_t s_len = 0;
        c->begin(true);
        auto bulk = c->insert_many("items", {"id", "k", "w", "s"});
        for (std::int64_t i = 0; i < n; ++i) {
            std::int64_t k = (i * 7919) % 1000003 - 500000;
            k_sum += k;
            std::string s = text_of(i);
            s_len += static_cast<std::int64_t>(s.size());
            bulk->add_row({i, k, static_cast<double>(i) / 8.0, i % 7 == 3 ? value{} : value{s}});
            if (i % 7 == 3) s_len -= static_cast<std::int64_t>(s.size());
        }
        bulk->finish();
        c->commit();

        auto r = c->query("SELECT COUNT(*), SUM(k), COUNT(s), SUM(w) FROM items");
        REQUIRE(r->next());
        CHECK(r->integer(0) == n);
        CHECK(r->integer(1) == k_sum);
        CHECK(r->integer(2) == n - (n + 3) / 7);
        CHECK(r->real(3) == Approx(static_cast<double>(n - 1) * n / 2 / 8.0));
        // Every row as written (the bytes of each text: LENGTH counts characters).
        r = c->query("SELECT id, k, w, s FROM items ORDER BY id");
        std::int64_t i = 0, len = 0, bad = 0;
        while (r->next()) {
            if (r->integer(0) != i || r->real(2) != static_cast<double>(i) / 8.0) ++bad;
            if (i % 7 == 3) {
                if (!r->is_null(3)) ++bad;
            } else if (r->text(3) != text_of(i)) {
                ++bad;
            }
            len += static_cast<std::int64_t>(r->text(3).size());
            ++i;
        }
        CHECK(i == n);
        CHECK(bad == 0);
        CHECK(len == s_len);
    });
}

TEST_CASE("sql connection: table and column names as unquoted SQL reads them", "[sql]") {
    for_each_backend([](backend& b) {
        auto c = b.open();
        c->script("CREATE TABLE Ledger_Items (ID BIGINT, Name TEXT, \"order\" BIGINT)");
        auto bulk = c->insert_many("Ledger_Items", {"ID", "Name", "order"});
        bulk->add_row({std::int64_t{1}, std::string("one"), std::int64_t{3}});
        bulk->finish();
        auto r = c->query("SELECT id, NAME, \"order\" FROM ledger_items");
        REQUIRE(r->next());
        CHECK(r->integer(0) == 1);
        CHECK(r->text(1) == "one");
        CHECK(r->integer(2) == 3);
    });
}

TEST_CASE("sql connection: a statement while a query's rows are still being read", "[sql]") {
    for_each_backend([](backend& b) {
        auto c = b.open();
        c->script("CREATE TABLE src (id BIGINT); CREATE TABLE dst (id BIGINT)");
        auto bulk = c->insert_many("src", {"id"});
        for (std::int64_t i = 0; i < 1000; ++i) bulk->add_row({i});
        bulk->finish();
        c->begin(true);
        auto r = c->query("SELECT id FROM src ORDER BY id");
        std::int64_t seen = 0;
        while (r->next()) {
            CHECK(r->integer(0) == seen);
            c->execute("INSERT INTO dst (id) VALUES ($1)", {r->integer(0) * 2});
            ++seen;
        }
        c->commit();
        CHECK(seen == 1000);
        CHECK(count(*c, "dst") == 1000);
        // Rows dropped before their end leave the connection usable.
        r = c->query("SELECT id FROM src");
        REQUIRE(r->next());
        r.reset();
        CHECK(count(*c, "src") == 1000);
    });
}

TEST_CASE("sql connection: begin, commit and rollback as seen from a second connection", "[sql]") {
    for_each_backend([](backend& b) {
        auto a = b.open();
        auto other = b.open();
        a->script("CREATE TABLE t (id BIGINT PRIMARY KEY, v TEXT)");
        CHECK_FALSE(a->in_transaction());

        a->begin(true);
        CHECK(a->in_transaction());
        a->execute("INSERT INTO t (id, v) VALUES ($1, $2)", {std::int64_t{1}, std::string("one")});
        CHECK(count(*a, "t") == 1);
        CHECK(count(*other, "t") == 0);  // not committed yet
        a->commit();
        CHECK_FALSE(a->in_transaction());
        CHECK(count(*other, "t") == 1);

        a->begin(true);
        a->execute("INSERT INTO t (id, v) VALUES ($1, $2)", {std::int64_t{2}, std::string("two")});
        {  // a bulk insert dropped without finish() is part of what the rollback undoes
            auto bulk = a->insert_many("t", {"id", "v"});
            bulk->add_row({std::int64_t{3}, std::string("three")});
        }
        a->rollback();
        CHECK_FALSE(a->in_transaction());
        CHECK(count(*a, "t") == 1);
        CHECK(count(*other, "t") == 1);
        a->rollback();  // nothing open: harmless

        // A read transaction sees one snapshot.
        other->begin(false);
        CHECK(count(*other, "t") == 1);
        a->execute("INSERT INTO t (id, v) VALUES ($1, $2)", {std::int64_t{4}, std::string("four")});
        CHECK(count(*other, "t") == 1);
        other->commit();
        CHECK(count(*other, "t") == 2);

        // A failed statement leaves a usable connection; errors are store_errors.
        CHECK_THROWS_AS(a->execute("INSERT INTO t (id, v) VALUES ($1, $2)", {std::int64_t{1}, std::string("dup")}),
                        store_error);
        CHECK_THROWS_AS(a->query("SELEKT 1"), store_error);
        CHECK_THROWS_AS(a->script("CREATE TABLE t (id BIGINT)"), store_error);
        CHECK(count(*a, "t") == 2);
    });
}

TEST_CASE("sql connection: two writers change the same row, exactly one gets a conflict", "[sql]") {
    for_each_backend([](backend& b) {
        auto a = b.open();
        auto c = b.open();
        a->script("CREATE TABLE t (id BIGINT PRIMARY KEY, v BIGINT)");
        a->execute("INSERT INTO t (id, v) VALUES (1, 0)");
        // Both read, then both write what they read plus one. SQLite's write transactions
        // take the lock at begin (the second would wait, not conflict): there, both start
        // as readers and the conflict comes when the second one writes.
        bool write = a->kind() == sql::dialect::postgresql;
        int conflicts = 0;
        a->begin(write);
        c->begin(write);
        auto read = [](sql::connection& x) {
            auto r = x.query("SELECT v FROM t WHERE id = 1");
            REQUIRE(r->next());
            return r->integer(0);
        };
        std::int64_t va = read(*a);
        std::int64_t vc = read(*c);
        a->execute("UPDATE t SET v = $1 WHERE id = 1", {va + 1});
        a->commit();
        try {
            c->execute("UPDATE t SET v = $1 WHERE id = 1", {vc + 1});
            c->commit();
        } catch (const store_conflict_error& e) {
            ++conflicts;
            CHECK(std::string(e.what()).find(e.location()) == 0);
            c->rollback();
        }
        CHECK(conflicts == 1);
        CHECK_FALSE(c->in_transaction());
        CHECK(read(*c) == 1);
    });
}

TEST_CASE("sql connection: concurrent writers retrying conflicts lose no update", "[sql]") {
    for_each_backend([](backend& b) {
        {
            auto c = b.open();
            c->script("CREATE TABLE counter (id BIGINT PRIMARY KEY, v BIGINT)");
            c->execute("INSERT INTO counter (id, v) VALUES (1, 0)");
        }
        const int writers = 4, increments = 25;
        std::atomic<int> retries{0}, failures{0};
        std::vector<std::unique_ptr<sql::connection>> conns;
        for (int w = 0; w < writers; ++w) conns.push_back(b.open(10000));
        std::vector<std::thread> threads;
        for (int w = 0; w < writers; ++w)
            threads.emplace_back([&, w] {
                auto& c = *conns[w];
                for (int i = 0; i < increments; ++i) {
                    for (int attempt = 0;; ++attempt) {
                        try {
                            c.begin(true);
                            auto r = c.query("SELECT v FROM counter WHERE id = 1");
                            r->next();
                            std::int64_t v = r->integer(0);
                            r.reset();
                            c.execute("UPDATE counter SET v = $1 WHERE id = 1", {v + 1});
                            c.commit();
                            break;
                        } catch (const store_conflict_error&) {
                            c.rollback();
                            ++retries;
                        } catch (const store_busy_error&) {
                            c.rollback();
                            ++retries;
                        } catch (...) {
                            c.rollback();
                            ++failures;
                            return;
                        }
                        if (attempt > 1000) {
                            ++failures;
                            return;
                        }
                    }
                }
            });
        for (auto& t : threads) t.join();
        CHECK(failures == 0);
        auto c = b.open();
        auto r = c->query("SELECT v FROM counter WHERE id = 1");
        REQUIRE(r->next());
        CHECK(r->integer(0) == writers * increments);
    });
}

TEST_CASE("sql connection: a row locked past the busy timeout is a store_busy_error", "[sql]") {
    for_each_backend([](backend& b) {
        auto a = b.open();
        auto c = b.open(300);
        a->script("CREATE TABLE t (id BIGINT PRIMARY KEY, v BIGINT)");
        a->execute("INSERT INTO t (id, v) VALUES (1, 0)");
        a->begin(true);
        a->execute("UPDATE t SET v = 1 WHERE id = 1");
        auto start = std::chrono::steady_clock::now();
        CHECK_THROWS_AS(([&] {
                            c->begin(true);
                            c->execute("UPDATE t SET v = 2 WHERE id = 1");
                        }()),
                        store_busy_error);
        double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        CHECK(waited >= 0.25);
        CHECK(waited < 5.0);
        c->rollback();
        a->commit();
        // Once the lock is gone the same write goes through.
        c->begin(true);
        CHECK(c->execute("UPDATE t SET v = 2 WHERE id = 1") == 1);
        c->commit();
    });
}

// ---- PostgreSQL only

namespace {

/// The test server's URL with another database, a user and a password put in.
std::string with_parts(const std::string& url, const std::string& userinfo, const std::string& database) {
    std::string rest = url.substr(url.find("://") + 3);
    rest = rest.substr(rest.find('@') + 1);  // host:port/db
    rest = rest.substr(0, rest.find('/'));
    return "postgresql://" + userinfo + "@" + rest + "/" + database;
}

void check_refused(const std::string& url, const std::string& secret, const std::string& says) {
    INFO(url);
    try {
        sql::open_postgresql(url, 1000);
        FAIL("opened");
    } catch (const store_busy_error&) {
        FAIL("a busy error");
    } catch (const store_error& e) {
        std::string what = e.what();
        INFO(what);
        CHECK(what.find(secret) == std::string::npos);
        CHECK(e.location().find(secret) == std::string::npos);
        CHECK(what.find(says) != std::string::npos);
    }
}

}  // namespace

TEST_CASE("postgresql: refused, unknown and malformed locations are store_errors without the password", "[sql]") {
    const char* url = postgresql_url();
    if (!url) {
        WARN("skipped: FURONG_TEST_POSTGRESQL is not set (bash tools/postgres.sh start)");
        return;
    }
    check_refused("postgresql://postgres:s3cr3t-pw@127.0.0.1:1/furong_test", "s3cr3t-pw", "refused");
    check_refused(with_parts(url, "postgres:s3cr3t-pw", "furong_no_such_database"), "s3cr3t-pw", "does not exist");
    check_refused(with_parts(url, "no_such_role:s3cr3t-pw", "furong_test"), "s3cr3t-pw", "no_such_role");
    check_refused("postgresql://postgres:s3cr3t-pw@127.0.0.1:notaport/furong_test", "s3cr3t-pw", "notaport");
    check_refused("postgresql://postgres:s3cr3t-pw@127.0.0.1:1/furong_test?password=0ther-pw&sslmode=disable",
                  "0ther-pw", "refused");
    check_refused("postgresql://postgres@127.0.0.1:1/furong_test?sslmode=nonsense&password=s3cr3t-pw", "s3cr3t-pw",
                  "sslmode");
    check_refused("host=127.0.0.1 port=1 password='s3cr3t pw' dbname=furong_test", "s3cr3t", "refused");

    // A role that must give its password (tools/postgres.sh makes it): the wrong password is
    // refused, the right one opens, and neither is ever shown.
    try {
        auto c = sql::open_postgresql(with_parts(url, "furong_auth_test:furong-auth-test", "furong_test"), 1000);
        CHECK(c->location() == with_parts(url, "furong_auth_test", "furong_test"));
        check_refused(with_parts(url, "furong_auth_test:wr0ng-pw", "furong_test"), "wr0ng-pw",
                      "password authentication failed");
    } catch (const store_error& e) {
        WARN("the password part skipped: the server has no role furong_auth_test (" << e.what() << ")");
    }

    // The location names the server without the password.
    try {
        sql::open_postgresql("postgresql://ward:pa%40ss@127.0.0.1:1/district?sslmode=disable&password=x", 1000);
        FAIL("opened");
    } catch (const store_error& e) {
        CHECK(e.location() == "postgresql://ward@127.0.0.1:1/district?sslmode=disable");
        CHECK(std::string(e.what()).find("pa@ss") == std::string::npos);
    }
    postgresql_backend b(url);
    auto c = b.open();
    CHECK(c->kind() == sql::dialect::postgresql);
    CHECK(c->location() == url);
}

TEST_CASE("postgresql: read transactions are read-only, commits are durable and checked", "[sql]") {
    const char* url = postgresql_url();
    if (!url) {
        WARN("skipped: FURONG_TEST_POSTGRESQL is not set (bash tools/postgres.sh start)");
        return;
    }
    postgresql_backend b(url);
    auto c = b.open();
    c->script("CREATE TABLE t (id BIGINT PRIMARY KEY)");
    auto r = c->query("SHOW synchronous_commit");
    REQUIRE(r->next());
    CHECK(r->text(0) == "on");

    c->begin(false);
    try {
        c->execute("INSERT INTO t (id) VALUES (1)");
        FAIL("wrote in a read transaction");
    } catch (const store_conflict_error&) {
        FAIL("a conflict");
    } catch (const store_error& e) {
        CHECK(std::string(e.what()).find("read-only") != std::string::npos);
        CHECK(std::string(e.what()).find("25006") != std::string::npos);
    }
    // The failed transaction cannot be committed: it is rolled back, and said so.
    CHECK_THROWS_AS(c->commit(), store_error);
    CHECK_FALSE(c->in_transaction());
    CHECK_THROWS_AS(c->commit(), store_error);  // none open
    c->begin(true);
    CHECK_THROWS_AS(c->begin(true), store_error);  // already open
    c->rollback();

    r = c->query("SELECT 1");
    // A bulk insert must be finished before the next statement.
    auto bulk = c->insert_many("t", {"id"});
    CHECK_THROWS_AS(c->execute("SELECT 1"), store_error);
    bulk->finish();
    CHECK_THROWS_AS(bulk->finish(), store_error);
    CHECK(count(*c, "t") == 0);
    // Values a column does not take: the server's message, at finish().
    bulk = c->insert_many("t", {"id"});
    bulk->add_row({std::string("not a number")});
    CHECK_THROWS_WITH(bulk->finish(), Catch::Contains("not a number"));
    CHECK_THROWS_AS(c->insert_many("no_such_table", {"id"}), store_error);
    CHECK_THROWS_AS(c->execute("SELECT $1", {std::string("nul\0byte", 8)}), store_error);
    CHECK(count(*c, "t") == 0);
    // COPY as a statement is refused and leaves the connection usable.
    CHECK_THROWS_AS(c->script("COPY t (id) FROM STDIN"), store_error);
    CHECK_THROWS_AS(c->execute("COPY t (id) TO STDOUT"), store_error);
    CHECK_THROWS_AS(c->query("COPY t (id) FROM STDIN"), store_error);
    CHECK(count(*c, "t") == 0);
    // After an error inside a transaction PostgreSQL refuses everything but the rollback.
    c->begin(true);
    CHECK_THROWS_AS(c->execute("SELEKT"), store_error);
    CHECK_THROWS_WITH(c->execute("INSERT INTO t (id) VALUES (1)"), Catch::Contains("25P02"));
    c->rollback();
    c->execute("INSERT INTO t (id) VALUES (1)");
    CHECK(count(*c, "t") == 1);
}

TEST_CASE("postgresql: a connection whose server process ends reports a clear store_error", "[sql]") {
    const char* url = postgresql_url();
    if (!url) {
        WARN("skipped: FURONG_TEST_POSTGRESQL is not set (bash tools/postgres.sh start)");
        return;
    }
    postgresql_backend b(url);
    auto killer = b.open();
    auto pid_of = [](sql::connection& c) {
        auto r = c.query("SELECT pg_backend_pid()");
        REQUIRE(r->next());
        return r->integer(0);
    };
    auto terminate = [&](std::int64_t pid) {
        auto r = killer->query("SELECT pg_terminate_backend($1::int, 5000)", {pid});
        REQUIRE(r->next());
        CHECK(r->text(0) == "t");
    };

    SECTION("between statements, inside a transaction") {
        auto c = b.open();
        c->script("CREATE TABLE t (id BIGINT)");
        c->begin(true);
        c->execute("INSERT INTO t (id) VALUES (1)");
        terminate(pid_of(*c));
        try {
            c->execute("INSERT INTO t (id) VALUES (2)");
            FAIL("the statement went through");
        } catch (const store_error& e) {
            INFO(e.what());
            CHECK(std::string(e.what()).find("connection") != std::string::npos);
        }
        CHECK_FALSE(c->in_transaction());
        CHECK_THROWS_WITH(c->commit(), Catch::Contains("lost"));
        CHECK_THROWS_AS(c->query("SELECT 1"), store_error);
        CHECK_THROWS_AS(c->insert_many("t", {"id"}), store_error);
        c->rollback();  // never throws
        CHECK(count(*killer, "t") == 0);
    }
    SECTION("while rows stream in") {
        auto c = b.open();
        std::int64_t pid = pid_of(*c);
        auto r = c->query("SELECT g, repeat('x', 100) FROM generate_series(1, 5000000) g");
        for (int i = 0; i < 10; ++i) REQUIRE(r->next());
        terminate(pid);
        std::int64_t more = 0;
        CHECK_THROWS_AS(([&] {
                            while (r->next()) ++more;
                        }()),
                        store_error);
        CHECK(more < 4999990);
        CHECK_FALSE(r->next());
        CHECK_THROWS_AS(c->execute("SELECT 1"), store_error);
    }
    SECTION("during a bulk insert") {
        auto c = b.open();
        c->script("CREATE TABLE t (id BIGINT)");
        std::int64_t pid = pid_of(*c);
        auto bulk = c->insert_many("t", {"id"});
        for (std::int64_t i = 0; i < 1000; ++i) bulk->add_row({i});
        terminate(pid);
        CHECK_THROWS_AS(([&] {
                            for (std::int64_t i = 0; i < 1000000; ++i) bulk->add_row({i});
                            bulk->finish();
                        }()),
                        store_error);
        bulk.reset();
        CHECK_THROWS_AS(c->execute("SELECT 1"), store_error);
        CHECK(count(*killer, "t") == 0);
    }
}

TEST_CASE("postgresql: the server process of a connection killed (SIGKILL) mid-query", "[sql]") {
    const char* url = postgresql_url();
    if (!url) {
        WARN("skipped: FURONG_TEST_POSTGRESQL is not set (bash tools/postgres.sh start)");
        return;
    }
    postgresql_backend b(url);
    auto c = b.open();
    std::int64_t pid = 0;
    {
        auto r = c->query("SELECT pg_backend_pid(), inet_server_addr() = '127.0.0.1'");
        REQUIRE(r->next());
        pid = r->integer(0);
        // Only a server on this machine, and only the process that serves this connection.
        std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline");
        std::string title;
        std::getline(cmdline, title, '\0');
        if (r->text(1) != "t" || title.rfind("postgres:", 0) != 0) {
            WARN("skipped: the server's processes are not on this machine");
            return;
        }
    }
    auto r = c->query("SELECT g, repeat('x', 100) FROM generate_series(1, 5000000) g");
    REQUIRE(r->next());
    REQUIRE(::kill(static_cast<pid_t>(pid), SIGKILL) == 0);
    CHECK_THROWS_AS(([&] {
                        while (r->next()) {
                        }
                    }()),
                    store_error);
    CHECK_THROWS_WITH(c->execute("SELECT 1"), Catch::Contains("lost"));
    c->rollback();
    r.reset();
    c.reset();
    // The server restarts its processes after the crash (crash recovery): wait for it, so that
    // what follows finds it again.
    bool back = false;
    for (int i = 0; i < 300 && !back; ++i) {
        try {
            auto again = sql::open_postgresql(url, 1000);
            again->script("SELECT 1");
            back = true;
        } catch (const store_error&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
    }
    REQUIRE(back);
}

TEST_CASE("postgresql: figures of COPY and of reading rows", "[.][sql-perf]") {
    const char* url = postgresql_url();
    if (!url) {
        WARN("skipped: FURONG_TEST_POSTGRESQL is not set (bash tools/postgres.sh start)");
        return;
    }
    postgresql_backend b(url);
    auto c = b.open();
    c->script("CREATE TABLE items (id BIGINT, compound TEXT, category TEXT, raised TEXT, w DOUBLE PRECISION)");
    const std::int64_t n = 1000000;
    using clock = std::chrono::steady_clock;
    auto t0 = clock::now();
    c->begin(true);
    auto bulk = c->insert_many("items", {"id", "compound", "category", "raised", "w"});
    std::vector<value> row(5);
    for (std::int64_t i = 0; i < n; ++i) {
        row[0] = i;
        row[1] = "compound-" + std::to_string(i % 977);
        row[2] = std::string(i % 3 ? "repair" : "环境卫生");
        row[3] = std::string("2024-05-17");
        row[4] = static_cast<double>(i) * 0.25;
        bulk->add_row(row);
    }
    bulk->finish();
    c->commit();
    double copy_s = std::chrono::duration<double>(clock::now() - t0).count();

    t0 = clock::now();
    auto r = c->query("SELECT id, compound, category, raised, w FROM items");
    std::int64_t rows = 0, sum = 0;
    std::size_t bytes = 0;
    while (r->next()) {
        sum += r->integer(0);
        bytes += r->text(1).size() + r->text(2).size() + r->text(3).size();
        sum += static_cast<std::int64_t>(r->real(4));
        ++rows;
    }
    double read_s = std::chrono::duration<double>(clock::now() - t0).count();
    CHECK(rows == n);
    std::cout << "postgresql: COPY " << n << " rows in " << copy_s << " s (" << static_cast<long>(n / copy_s)
              << " rows/s); read " << rows << " rows in " << read_s << " s (" << static_cast<long>(rows / read_s)
              << " rows/s; " << bytes << " text bytes)\n";
}
