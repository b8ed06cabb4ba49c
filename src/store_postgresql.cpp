// The PostgreSQL connection of the store (include/furong/store/sql.hpp) over libpq.
//
// Statements run with PQexecParams (parameters in text format, `$1..$n` natively; integers
// are sent as int8, reals as float8, texts and NULL untyped so that the server infers their
// type from the statement). Queries stream their rows in libpq's single-row mode, so that
// reading 10^6 rows needs the memory of one row; when another statement runs on the
// connection before the rows are read to the end, the rest is read into memory first.
// Bulk inserts are COPY ... FROM STDIN in text format. Transactions: SERIALIZABLE
// read-write for writes, a REPEATABLE READ read-only snapshot for reads; commits are
// durable (synchronous_commit on for the session). Errors map by SQLSTATE (docs/store.md).
//
// Built without libpq (FURONG_WITH_POSTGRESQL=OFF, or no libpq found), open_postgresql
// throws store_error saying so.

#include <furong/error.hpp>
#include <furong/store/sql.hpp>

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#ifndef FURONG_WITHOUT_POSTGRESQL
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <limits>
#include <memory>
#include <system_error>
#include <utility>

#include <libpq-fe.h>
#endif

namespace furong::sql {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    return true;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decoded(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

/// `url` without its password, which goes to `secrets` (as written and percent-decoded):
/// postgresql://user:secret@host/db?password=x&sslmode=require becomes
/// postgresql://user@host/db?sslmode=require; a keyword/value string loses its password=...
std::string without_password(const std::string& url, std::vector<std::string>& secrets) {
    auto keep = [&](std::string_view secret) {
        if (secret.empty()) return;
        secrets.emplace_back(secret);
        std::string decoded = percent_decoded(secret);
        if (decoded != secret) secrets.push_back(decoded);
    };
    std::string_view scheme;
    for (std::string_view s : {"postgresql://", "postgres://"})
        if (starts_with_nocase(url, s)) scheme = s;
    if (!scheme.empty()) {
        std::string rest = url.substr(scheme.size());
        // The user information ends at the last '@' before the query (host and database
        // names hold no '@'; an unencoded password may hold '/' or '?').
        std::size_t query = rest.find('?');
        std::size_t at = rest.rfind('@', query == std::string::npos ? std::string::npos : query);
        if (at == std::string::npos) at = rest.rfind('@');
        if (at != std::string::npos) {
            std::size_t colon = rest.find(':');
            if (colon < at) {
                keep(std::string_view(rest).substr(colon + 1, at - colon - 1));
                rest.erase(colon, at - colon);
            }
        }
        query = rest.find('?', rest.rfind('@') == std::string::npos ? 0 : rest.rfind('@'));
        if (query != std::string::npos) {
            std::string kept;
            std::string_view params = std::string_view(rest).substr(query + 1);
            while (!params.empty()) {
                std::size_t amp = params.find('&');
                std::string_view param = params.substr(0, amp);
                params = amp == std::string_view::npos ? std::string_view() : params.substr(amp + 1);
                std::size_t eq = param.find('=');
                if (lower(param.substr(0, eq)) == "password") {
                    if (eq != std::string_view::npos) keep(param.substr(eq + 1));
                    continue;
                }
                if (!kept.empty()) kept += '&';
                kept += param;
            }
            rest.erase(query);
            if (!kept.empty()) rest += "?" + kept;
        }
        return std::string(scheme) + rest;
    }
    // A keyword/value string: host=... password=secret dbname=...
    std::string out;
    std::size_t i = 0;
    while (i < url.size()) {
        std::size_t start = i;
        while (i < url.size() && std::isspace(static_cast<unsigned char>(url[i]))) ++i;
        std::size_t key_start = i;
        while (i < url.size() && url[i] != '=' && !std::isspace(static_cast<unsigned char>(url[i]))) ++i;
        std::string key = lower(std::string_view(url).substr(key_start, i - key_start));
        while (i < url.size() && std::isspace(static_cast<unsigned char>(url[i]))) ++i;
        if (i < url.size() && url[i] == '=') ++i;
        while (i < url.size() && std::isspace(static_cast<unsigned char>(url[i]))) ++i;
        std::size_t value_start = i;
        std::string value;
        if (i < url.size() && url[i] == '\'') {
            for (++i; i < url.size() && url[i] != '\''; ++i) {
                if (url[i] == '\\' && i + 1 < url.size()) ++i;
                value += url[i];
            }
            if (i < url.size()) ++i;
        } else {
            while (i < url.size() && !std::isspace(static_cast<unsigned char>(url[i]))) value += url[i++];
        }
        if (key == "password") {
            keep(value);
            keep(std::string_view(url).substr(value_start, i - value_start));
        } else {
            out.append(url, start, i - start);
        }
        if (i == start) ++i;  // never loop in place
    }
    std::size_t first = out.find_first_not_of(" \t\n");
    return first == std::string::npos ? std::string() : out.substr(first);
}

}  // namespace

#ifdef FURONG_WITHOUT_POSTGRESQL

std::unique_ptr<connection> open_postgresql(const std::string& url, int /*busy_timeout_ms*/) {
    std::vector<std::string> secrets;
    throw store_error(without_password(url, secrets), "this furong was built without PostgreSQL (libpq)");
}

#else

namespace {

constexpr const char* copy_refused = "COPY with STDIN or STDOUT does not run as a statement (bulk inserts: insert_many)";
constexpr Oid int8_oid = 20;    // pg_type.h: INT8OID
constexpr Oid float8_oid = 701;  // pg_type.h: FLOAT8OID

void append_integer(std::string& out, std::int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

/// The shortest text that reads back as the same double (PostgreSQL's spelling of the
/// special values).
void append_real(std::string& out, double v) {
    if (std::isnan(v)) {
        out += "NaN";
    } else if (std::isinf(v)) {
        out += v > 0 ? "Infinity" : "-Infinity";
    } else {
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, r.ptr);
    }
}

/// libpq's message on one line (errors end up in one-line reasons of the command line).
std::string trimmed(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

/// The parameters of one statement as libpq wants them: values in text format, types.
struct parameters {
    std::vector<std::string> texts;
    std::vector<const char*> values;
    std::vector<Oid> types;
};

class pg_connection;

/// The rows of one query, read from the connection in single-row mode.
class pg_rows final : public rows {
public:
    pg_rows(pg_connection* owner, PGresult* first, bool streaming);
    ~pg_rows() override;
    pg_rows(const pg_rows&) = delete;
    pg_rows& operator=(const pg_rows&) = delete;

    bool next() override;
    int column_count() const override { return columns_; }
    bool is_null(int column) const override { return PQgetisnull(row(column), 0, column) != 0; }
    std::int64_t integer(int column) const override;
    double real(int column) const override;
    std::string_view text(int column) const override {
        const PGresult* r = row(column);
        return {PQgetvalue(r, 0, column), static_cast<std::size_t>(PQgetlength(r, 0, column))};
    }

    /// Another statement is about to run on the connection: reads the remaining rows into
    /// memory and lets go of the connection. A failure is kept for next() to report.
    void buffer_rest() noexcept;
    /// The connection closes: the rows end here.
    void orphan() noexcept;

private:
    const PGresult* row(int column) const;
    void release() noexcept;
    [[noreturn]] void not_a(const char* what, int column) const;

    pg_connection* owner_;
    std::string location_;
    PGresult* current_;       ///< the current row (single-row result), or null
    bool first_pending_;      ///< current_ is the first row, not yet returned by next()
    int columns_;
    std::deque<PGresult*> buffered_;
    std::exception_ptr error_;
};

/// A COPY ... FROM STDIN in progress.
class pg_bulk final : public bulk_insert {
public:
    pg_bulk(pg_connection* owner, std::string location, std::size_t columns)
        : owner_(owner), location_(std::move(location)), columns_(columns) {
        buf_.reserve(1 << 18);
    }
    ~pg_bulk() override { abort(); }
    pg_bulk(const pg_bulk&) = delete;
    pg_bulk& operator=(const pg_bulk&) = delete;
    void add_row(const std::vector<value>& row) override;
    void finish() override;
    /// Ends the COPY without inserting anything (the transaction, if any, is then aborted).
    void abort() noexcept;

private:
    void flush();
    pg_connection* owner_;
    std::string location_;
    std::size_t columns_;
    std::string buf_;
};

class pg_connection final : public connection {
public:
    pg_connection(const std::string& url, int busy_timeout_ms);
    ~pg_connection() override {
        if (active_) active_->orphan();
        if (copy_) copy_->abort();
        PQfinish(conn_);
    }
    pg_connection(const pg_connection&) = delete;
    pg_connection& operator=(const pg_connection&) = delete;

    dialect kind() const noexcept override { return dialect::postgresql; }
    const std::string& location() const noexcept override { return location_; }

    void script(std::string_view sql) override {
        ready();
        result r(PQexec(conn_, std::string(sql).c_str()));
        check(r.get());
    }

    std::int64_t execute(std::string_view sql, const std::vector<value>& params) override {
        ready();
        parameters p = bind(params);
        result r(PQexecParams(conn_, std::string(sql).c_str(), static_cast<int>(p.values.size()), p.types.data(),
                              p.values.data(), nullptr, nullptr, 0));
        check(r.get());
        const char* n = PQcmdTuples(r.get());
        std::int64_t changed = 0;
        std::from_chars(n, n + std::strlen(n), changed);
        return changed;
    }

    std::unique_ptr<rows> query(std::string_view sql, const std::vector<value>& params) override {
        ready();
        parameters p = bind(params);
        if (!PQsendQueryParams(conn_, std::string(sql).c_str(), static_cast<int>(p.values.size()), p.types.data(),
                               p.values.data(), nullptr, nullptr, 0))
            fail_connection("cannot send the query");
        PQsetSingleRowMode(conn_);
        PGresult* first = PQgetResult(conn_);
        ExecStatusType status = first ? PQresultStatus(first) : PGRES_FATAL_ERROR;
        if (status == PGRES_SINGLE_TUPLE) {
            auto out = std::make_unique<pg_rows>(this, first, true);
            active_ = out.get();
            return out;
        }
        // No rows (PGRES_TUPLES_OK, PGRES_COMMAND_OK) or an error: the query is over.
        drain();
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return std::make_unique<pg_rows>(this, first, false);
        if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
            PQclear(first);
            throw store_error(location_, copy_refused);
        }
        raise(first);
    }

    std::unique_ptr<bulk_insert> insert_many(std::string_view table, const std::vector<std::string>& columns) override {
        ready();
        if (table.empty() || columns.empty())
            throw store_error(location_, "bulk insert: no table or no columns named");
        for (const auto& c : columns)
            if (c.empty()) throw store_error(location_, "bulk insert: an empty column name");
        std::string sql = "COPY " + identifier(table) + " (";
        for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + identifier(columns[i]);
        sql += ") FROM STDIN";
        result r(PQexec(conn_, sql.c_str()));
        if (!r.get() || PQresultStatus(r.get()) != PGRES_COPY_IN) {
            check(r.get());
            throw store_error(location_, "bulk insert: the server did not start the copy");
        }
        auto out = std::make_unique<pg_bulk>(this, location_, columns.size());
        copy_ = out.get();
        return out;
    }

    void begin(bool write) override {
        ready();
        if (PQtransactionStatus(conn_) != PQTRANS_IDLE) throw store_error(location_, "a transaction is already open");
        // Reads: one consistent snapshot that never waits and never conflicts (like a read
        // transaction of SQLite's WAL mode); writes: serialisable, checked at commit.
        run(write ? "BEGIN ISOLATION LEVEL SERIALIZABLE, READ WRITE" : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        began_ = true;
    }

    void commit() override {
        ready();
        switch (PQtransactionStatus(conn_)) {
        case PQTRANS_IDLE: throw store_error(location_, "commit without an open transaction");
        case PQTRANS_INERROR:
            began_ = false;
            run("ROLLBACK");
            throw store_error(location_, "the transaction failed earlier and was rolled back; nothing was committed");
        default: break;
        }
        began_ = false;
        result r(PQexec(conn_, "COMMIT"));
        if (PQstatus(conn_) != CONNECTION_OK)
            throw store_error(location_, "the connection to the server was lost during commit: the transaction may or may "
                                         "not have been committed (" + message(r.get()) + ")");
        check(r.get());
        if (std::string_view(PQcmdStatus(r.get())) == "ROLLBACK")
            throw store_error(location_, "the server rolled the transaction back; nothing was committed");
    }

    void rollback() noexcept override {
        began_ = false;
        if (!conn_ || PQstatus(conn_) != CONNECTION_OK) return;
        if (active_) active_->buffer_rest();
        if (copy_) copy_->abort();
        if (PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
    }

    bool in_transaction() const noexcept override {
        auto s = PQtransactionStatus(conn_);
        // ACTIVE: a query is streaming its rows, inside the transaction begin() opened or not.
        return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || (s == PQTRANS_ACTIVE && began_);
    }

    // For the rows and the bulk insert.
    PGconn* raw() const noexcept { return conn_; }
    void rows_done(pg_rows* r) noexcept {
        if (active_ == r) active_ = nullptr;
    }
    void copy_done(pg_bulk* b) noexcept {
        if (copy_ == b) copy_ = nullptr;
    }
    /// Reads and drops the remaining results of the statement in flight (a COPY that
    /// statement started is ended first: it would never end otherwise).
    void drain() noexcept {
        while (PGresult* r = PQgetResult(conn_)) {
            ExecStatusType s = PQresultStatus(r);
            PQclear(r);
            if (!leave_copy(s) || PQstatus(conn_) != CONNECTION_OK) break;
        }
    }
    /// Ends the COPY a statement outside insert_many started; false when that cannot be done.
    bool leave_copy(ExecStatusType s) noexcept {
        if (s == PGRES_COPY_IN) return PQputCopyEnd(conn_, "COPY FROM STDIN runs only through insert_many") == 1;
        if (s == PGRES_COPY_OUT) {
            char* data = nullptr;
            int n;
            while ((n = PQgetCopyData(conn_, &data, 0)) > 0) PQfreemem(data);
            return n == -1;
        }
        return s != PGRES_COPY_BOTH;
    }
    /// The error a failed result stands for (and frees the result).
    std::exception_ptr error_of(PGresult* r) const noexcept;
    [[noreturn]] void raise(PGresult* r) const { std::rethrow_exception(error_of(r)); }
    [[noreturn]] void fail_connection(const std::string& doing) const {
        throw store_error(location_, doing + ": " + scrub(trimmed(PQerrorMessage(conn_))));
    }
    std::string scrub(std::string text) const {
        for (const auto& s : secrets_)
            for (std::size_t at = text.find(s); at != std::string::npos; at = text.find(s, at + 3))
                text.replace(at, s.size(), "***");
        return text;
    }

private:
    struct clear_result {
        void operator()(PGresult* r) const noexcept { PQclear(r); }
    };
    using result = std::unique_ptr<PGresult, clear_result>;

    /// Before every statement: the connection is alive and free (rows still streaming are
    /// read into memory; an open bulk insert must be finished first).
    void ready() {
        if (PQstatus(conn_) != CONNECTION_OK)
            throw store_error(location_, "the connection to the server is lost (" + scrub(trimmed(PQerrorMessage(conn_))) +
                                             "); open the store again");
        if (active_) active_->buffer_rest();
        if (copy_) throw store_error(location_, "a bulk insert is in progress on this connection: finish it first");
    }

    void run(const char* sql) {
        result r(PQexec(conn_, sql));
        check(r.get());
    }

    /// Throws the mapped error unless `r` succeeded.
    void check(PGresult* r) {
        ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY) return;
        if (s == PGRES_COPY_IN || s == PGRES_COPY_OUT || s == PGRES_COPY_BOTH) {
            if (leave_copy(s)) drain();
            throw store_error(location_, copy_refused);
        }
        std::rethrow_exception(error_of_copy(r));
    }
    std::exception_ptr error_of_copy(const PGresult* r) const noexcept;

    std::string message(const PGresult* r) const {
        const char* m = r ? PQresultErrorMessage(r) : nullptr;
        if (!m || !*m) m = PQerrorMessage(conn_);
        return scrub(trimmed(m ? m : ""));
    }

    parameters bind(const std::vector<value>& params) const {
        parameters p;
        p.texts.resize(params.size());
        p.values.resize(params.size(), nullptr);
        p.types.resize(params.size(), 0);
        for (std::size_t i = 0; i < params.size(); ++i) {
            const value& v = params[i];
            if (auto n = std::get_if<std::int64_t>(&v)) {
                append_integer(p.texts[i], *n);
                p.values[i] = p.texts[i].c_str();
                p.types[i] = int8_oid;
            } else if (auto d = std::get_if<double>(&v)) {
                append_real(p.texts[i], *d);
                p.values[i] = p.texts[i].c_str();
                p.types[i] = float8_oid;
            } else if (auto s = std::get_if<std::string>(&v)) {
                if (s->find('\0') != std::string::npos)
                    throw store_error(location_, "parameter $" + std::to_string(i + 1) + " holds a NUL character, which "
                                                 "PostgreSQL texts cannot store");
                p.values[i] = s->c_str();
            }
        }
        return p;
    }

    /// A table or column name as the statement would read it unquoted (folded to lower
    /// case), quoted so that reserved words work too; "schema.table" names both parts.
    static std::string identifier(std::string_view name) {
        std::string out;
        while (true) {
            std::size_t dot = name.front() == '"' ? name.find('.', name.find('"', 1)) : name.find('.');
            std::string_view part = name.substr(0, dot);
            if (!part.empty() && part.front() == '"') {
                out += part;
            } else {
                out += '"';
                for (char c : part) {
                    if (c == '"') out += '"';
                    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                }
                out += '"';
            }
            if (dot == std::string_view::npos) break;
            out += '.';
            name = name.substr(dot + 1);
            if (name.empty()) break;
        }
        return out;
    }

    PGconn* conn_ = nullptr;
    std::string location_;
    std::vector<std::string> secrets_;
    pg_rows* active_ = nullptr;  ///< rows still reading from the connection
    pg_bulk* copy_ = nullptr;    ///< the bulk insert in progress
    bool began_ = false;         ///< begin() opened the transaction now in progress
};

pg_connection::pg_connection(const std::string& url, int busy_timeout_ms) {
    location_ = without_password(url, secrets_);
    // Defaults the URL may override (it is expanded last): a bounded wait for the server,
    // dead connections noticed within about a minute, UTF-8 texts.
    const char* keys[] = {"connect_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count",
                          "fallback_application_name", "client_encoding", "dbname", nullptr};
    const char* values[] = {"10", "30", "10", "3", "furong", "UTF8", url.c_str(), nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (!conn_) throw store_error(location_, "cannot connect: out of memory");
    if (PQstatus(conn_) != CONNECTION_OK) {
        std::string why = scrub(trimmed(PQerrorMessage(conn_)));
        PQfinish(conn_);
        conn_ = nullptr;
        throw store_error(location_, "cannot connect: " + why);
    }
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    // Durable commits whatever the server's or the role's default; lock waits bounded by the
    // busy timeout (0 would mean "forever" to PostgreSQL: at least 1 ms); reals that read
    // back exactly (servers before 12).
    int lock_ms = busy_timeout_ms > 0 ? busy_timeout_ms : 1;
    std::string setup = "SET synchronous_commit = on; SET lock_timeout = " + std::to_string(lock_ms) +
                        "; SET extra_float_digits = 3; SET client_min_messages = warning";
    try {
        run(setup.c_str());
    } catch (...) {
        PQfinish(conn_);
        conn_ = nullptr;
        throw;
    }
}

std::exception_ptr pg_connection::error_of(PGresult* r) const noexcept {
    std::exception_ptr e = error_of_copy(r);
    PQclear(r);
    return e;
}

std::exception_ptr pg_connection::error_of_copy(const PGresult* r) const noexcept {
    try {
        if (PQstatus(conn_) != CONNECTION_OK)
            return std::make_exception_ptr(
                store_error(location_, "the connection to the server was lost: " + message(r)));
        const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
        const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
        const char* detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : nullptr;
        std::string code = state ? state : "";
        std::string text = primary ? scrub(primary) : message(r);
        if (detail && *detail) text += " (" + scrub(detail) + ")";
        if (!code.empty()) text += " [SQLSTATE " + code + "]";
        if (code == "40001" || code == "40P01")  // serialization_failure, deadlock_detected
            return std::make_exception_ptr(store_conflict_error(location_, text));
        if (code == "55P03" || code == "57014")  // lock_not_available (lock_timeout), query_canceled
            return std::make_exception_ptr(store_busy_error(location_, text));
        return std::make_exception_ptr(store_error(location_, text));
    } catch (...) {
        return std::current_exception();
    }
}

// ---- rows

pg_rows::pg_rows(pg_connection* owner, PGresult* first, bool streaming)
    : owner_(streaming ? owner : nullptr), location_(owner->location()), current_(first),
      first_pending_(streaming), columns_(first ? PQnfields(first) : 0) {
    if (!streaming) {
        PQclear(current_);
        current_ = nullptr;
    }
}

pg_rows::~pg_rows() {
    release();
    for (PGresult* r : buffered_) PQclear(r);
    PQclear(current_);
}

void pg_rows::release() noexcept {
    if (!owner_) return;
    owner_->drain();
    owner_->rows_done(this);
    owner_ = nullptr;
}

void pg_rows::orphan() noexcept {
    for (PGresult* r : buffered_) PQclear(r);
    buffered_.clear();
    owner_ = nullptr;
}

void pg_rows::buffer_rest() noexcept {
    if (!owner_) return;
    try {
        while (PGresult* r = PQgetResult(owner_->raw())) {
            switch (PQresultStatus(r)) {
            case PGRES_SINGLE_TUPLE: buffered_.push_back(r); break;
            case PGRES_TUPLES_OK: PQclear(r); break;
            default:
                if (!error_) error_ = owner_->error_of(r);
                else PQclear(r);
            }
        }
    } catch (...) {
        error_ = std::current_exception();
        owner_->drain();
    }
    owner_->rows_done(this);
    owner_ = nullptr;
}

bool pg_rows::next() {
    if (first_pending_) {
        first_pending_ = false;
        return true;
    }
    PQclear(current_);
    current_ = nullptr;
    if (!buffered_.empty()) {
        current_ = buffered_.front();
        buffered_.pop_front();
        return true;
    }
    if (error_) {
        auto e = error_;
        error_ = nullptr;
        std::rethrow_exception(e);
    }
    if (!owner_) return false;
    PGresult* r = PQgetResult(owner_->raw());
    if (r && PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
        current_ = r;
        return true;
    }
    pg_connection* owner = owner_;
    owner_->drain();
    owner_->rows_done(this);
    owner_ = nullptr;
    if (!r || PQresultStatus(r) == PGRES_TUPLES_OK) {
        PQclear(r);
        return false;
    }
    owner->raise(r);
}

const PGresult* pg_rows::row(int column) const {
    if (!current_) throw store_error(location_, "no current row (call next() first)");
    if (column < 0 || column >= columns_)
        throw store_error(location_, "column " + std::to_string(column) + " out of range (the query has " +
                                         std::to_string(columns_) + " columns)");
    return current_;
}

void pg_rows::not_a(const char* what, int column) const {
    throw store_error(location_, "column " + std::to_string(column) + " ('" + std::string(text(column)) + "') is not " +
                                     what);
}

std::int64_t pg_rows::integer(int column) const {
    const PGresult* r = row(column);
    if (PQgetisnull(r, 0, column)) return 0;
    const char* s = PQgetvalue(r, 0, column);
    const char* end = s + PQgetlength(r, 0, column);
    std::int64_t v = 0;
    auto res = std::from_chars(s, end, v);
    if (res.ec == std::errc() && res.ptr == end) return v;
    if (end - s == 1 && (*s == 't' || *s == 'f')) return *s == 't';  // boolean
    // A numeric or real that holds a whole number.
    double d = 0;
    auto rd = std::from_chars(s, end, d);
    if (rd.ec == std::errc() && rd.ptr == end && std::floor(d) == d && d >= -9.2233720368547758e18 &&
        d < 9.2233720368547758e18)
        return static_cast<std::int64_t>(d);
    not_a("an integer", column);
}

double pg_rows::real(int column) const {
    const PGresult* r = row(column);
    if (PQgetisnull(r, 0, column)) return 0.0;
    const char* s = PQgetvalue(r, 0, column);
    const char* end = s + PQgetlength(r, 0, column);
    double d = 0;
    auto res = std::from_chars(s, end, d);
    if (res.ec == std::errc() && res.ptr == end) return d;
    std::string_view t(s, static_cast<std::size_t>(end - s));
    if (t == "Infinity") return std::numeric_limits<double>::infinity();
    if (t == "-Infinity") return -std::numeric_limits<double>::infinity();
    if (t == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (res.ec == std::errc::result_out_of_range) return std::strtod(std::string(t).c_str(), nullptr);
    not_a("a number", column);
}

// ---- bulk insert

void pg_bulk::add_row(const std::vector<value>& row) {
    if (!owner_) throw store_error(location_, "bulk insert used after finish()");
    if (row.size() != columns_)
        throw store_error(location_, "bulk insert: a row of " + std::to_string(row.size()) + " values for " +
                                                  std::to_string(columns_) + " columns");
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (i) buf_ += '\t';
        const value& v = row[i];
        if (std::holds_alternative<std::monostate>(v)) {
            buf_ += "\\N";
        } else if (auto n = std::get_if<std::int64_t>(&v)) {
            append_integer(buf_, *n);
        } else if (auto d = std::get_if<double>(&v)) {
            append_real(buf_, *d);
        } else {
            const std::string& s = std::get<std::string>(v);
            std::size_t run = 0;  // start of the characters not yet copied
            for (std::size_t k = 0; k < s.size(); ++k) {
                const char* esc = nullptr;
                switch (s[k]) {
                case '\\': esc = "\\\\"; break;
                case '\t': esc = "\\t"; break;
                case '\n': esc = "\\n"; break;
                case '\r': esc = "\\r"; break;
                case '\0':
                    throw store_error(location_, "bulk insert: a text holds a NUL character, which "
                                                          "PostgreSQL texts cannot store");
                default: continue;
                }
                buf_.append(s, run, k - run);
                buf_ += esc;
                run = k + 1;
            }
            buf_.append(s, run, std::string::npos);
        }
    }
    buf_ += '\n';
    if (buf_.size() >= (1u << 18)) flush();
}

void pg_bulk::flush() {
    if (buf_.empty()) return;
    if (PQputCopyData(owner_->raw(), buf_.data(), static_cast<int>(buf_.size())) != 1)
        owner_->fail_connection("bulk insert: cannot send rows");
    buf_.clear();
}

void pg_bulk::finish() {
    if (!owner_) throw store_error(location_, "bulk insert finished twice");
    flush();
    if (PQputCopyEnd(owner_->raw(), nullptr) != 1) owner_->fail_connection("bulk insert: cannot end the copy");
    PGresult* r = PQgetResult(owner_->raw());
    pg_connection* owner = owner_;
    owner_->drain();
    owner_->copy_done(this);
    owner_ = nullptr;
    if (r && PQresultStatus(r) == PGRES_COMMAND_OK) {
        PQclear(r);
        return;
    }
    owner->raise(r);
}

void pg_bulk::abort() noexcept {
    if (!owner_) return;
    if (PQstatus(owner_->raw()) == CONNECTION_OK) {
        PQputCopyEnd(owner_->raw(), "bulk insert abandoned");
        owner_->drain();
    }
    owner_->copy_done(this);
    owner_ = nullptr;
}

}  // namespace

std::unique_ptr<connection> open_postgresql(const std::string& url, int busy_timeout_ms) {
    return std::make_unique<pg_connection>(url, busy_timeout_ms);
}

#endif  // FURONG_WITHOUT_POSTGRESQL

}  // namespace furong::sql
