// The SQLite backend of the store: one file, WAL journal, synchronous=FULL, foreign keys on,
// a busy timeout for writers, BEGIN IMMEDIATE for write transactions, and every SQLite error
// mapped to the store's error classes naming the file.

#include <furong/error.hpp>
#include <furong/store/sql.hpp>

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <cstdio>
#include <unordered_map>
#include <utility>
#include <vector>

namespace furong::sql {
namespace {

/// Prepared statement with the map from its `$k` parameters to sqlite's bind indices.
struct statement {
    sqlite3_stmt* stmt = nullptr;
    std::vector<int> index_of_param;  // param k (0-based) -> bind index (1-based), 0 = unused
    bool in_use = false;              // a rows object is reading it
    bool cached = true;
};

class sqlite_connection;

/// Throws the store error for a failed SQLite call (see sql.hpp for the classes).
[[noreturn]] void raise(const std::string& path, sqlite3* db, int rc, const std::string& doing, int busy_ms) {
    const int ext = db ? sqlite3_extended_errcode(db) : rc;
    const int primary = rc & 0xFF;
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const std::string what = doing.empty() ? std::string() : doing + ": ";
    if (ext == SQLITE_BUSY_SNAPSHOT)
        throw store_conflict_error(path, what + "another writer changed the store after this transaction read it (" + msg +
                                             "); nothing was written, retry");
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        throw store_busy_error(path, what + "the store is locked by another writer for more than " +
                                         std::to_string(busy_ms) + " ms (" + msg + "); nothing was written, retry later");
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        throw store_error(path, what + "the file is corrupt, truncated or not a database (" + msg + ")");
    if (primary == SQLITE_FULL) throw store_error(path, what + "disk full (" + msg + ")");
    if (primary == SQLITE_READONLY) throw store_error(path, what + "the store is read-only (" + msg + ")");
    if (primary == SQLITE_CANTOPEN) throw store_error(path, what + "cannot open the store file (" + msg + ")");
    if (primary == SQLITE_IOERR) {
        int e = db ? sqlite3_system_errno(db) : 0;
        if (e == ENOSPC) throw store_error(path, what + "disk full (" + msg + ")");
        throw store_error(path, what + "input/output error (" + msg + (e ? ": " + std::string(std::strerror(e)) : "") + ")");
    }
    throw store_error(path, what + msg);
}

class sqlite_rows : public rows {
public:
    sqlite_rows(sqlite_connection& c, statement* s) : c_(c), s_(s) {}
    ~sqlite_rows() override;
    bool next() override;
    int column_count() const override { return sqlite3_column_count(s_->stmt); }
    bool is_null(int col) const override { return sqlite3_column_type(s_->stmt, col) == SQLITE_NULL; }
    std::int64_t integer(int col) const override { return sqlite3_column_int64(s_->stmt, col); }
    double real(int col) const override { return sqlite3_column_double(s_->stmt, col); }
    std::string_view text(int col) const override {
        auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_->stmt, col));
        return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(s_->stmt, col))) : std::string_view();
    }

private:
    sqlite_connection& c_;
    statement* s_;
    bool done_ = false;
};

class sqlite_connection : public connection {
public:
    sqlite_connection(std::string path, sqlite3* db, int busy_ms, bool read_only)
        : path_(std::move(path)), db_(db), busy_ms_(busy_ms), read_only_(read_only) {}
    ~sqlite_connection() override {
        for (auto& [sql, s] : cache_) sqlite3_finalize(s.stmt);
        cache_.clear();
        sqlite3_close_v2(db_);
    }

    dialect kind() const noexcept override { return dialect::sqlite; }
    const std::string& location() const noexcept override { return path_; }

    void script(std::string_view sql) override {
        std::string text(sql);
        char* err = nullptr;
        int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
        if (err) sqlite3_free(err);
        if (rc != SQLITE_OK) fail(rc, "");
    }

    std::int64_t execute(std::string_view sql, const std::vector<value>& params) override {
        statement* s = prepare(sql);
        struct release {
            sqlite_connection* c; statement* s;
            ~release() { c->done_with(s); }
        } r{this, s};
        bind(s, params);
        int rc;
        while ((rc = sqlite3_step(s->stmt)) == SQLITE_ROW) {}
        if (rc != SQLITE_DONE) fail(rc, "");
        return sqlite3_changes64(db_);
    }

    std::unique_ptr<rows> query(std::string_view sql, const std::vector<value>& params) override {
        statement* s = prepare(sql);
        try {
            bind(s, params, true);
        } catch (...) {
            done_with(s);
            throw;
        }
        return std::make_unique<sqlite_rows>(*this, s);
    }

    std::unique_ptr<bulk_insert> insert_many(std::string_view table, const std::vector<std::string>& columns) override;

    void begin(bool write) override {
        if (in_tx_) throw store_error(path_, "a transaction is already open on this connection");
        if (write && read_only_) throw store_error(path_, "the store was opened read-only");
        script(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
        in_tx_ = true;
    }
    void commit() override {
        int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) {
            int ext = sqlite3_extended_errcode(db_);
            // A failed COMMIT may leave the transaction open (SQLITE_BUSY): roll it back so the
            // caller sees "nothing was written" and the connection stays usable.
            if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            in_tx_ = false;
            (void)ext;
            fail(rc, "commit");
        }
        in_tx_ = false;
    }
    void rollback() noexcept override {
        for (auto& [sql, s] : cache_) sqlite3_reset(s.stmt);
        if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        in_tx_ = false;
    }
    bool in_transaction() const noexcept override { return in_tx_ && !sqlite3_get_autocommit(db_); }

    [[noreturn]] void fail(int rc, const std::string& doing) {
        // An error inside a transaction may have rolled it back already (SQLITE_FULL,
        // SQLITE_IOERR...): track that so in_transaction() tells the truth.
        if (sqlite3_get_autocommit(db_)) in_tx_ = false;
        raise(path_, db_, rc, doing, busy_ms_);
    }

    statement* prepare(std::string_view sql) {
        auto it = cache_.find(std::string(sql));
        if (it != cache_.end() && !it->second.in_use) {
            it->second.in_use = true;
            return &it->second;
        }
        statement s;
        int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s.stmt,
                                    nullptr);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(s.stmt);
            fail(rc, "");
        }
        if (!s.stmt) throw store_error(path_, "empty SQL statement");
        int n = sqlite3_bind_parameter_count(s.stmt);
        for (int i = 1; i <= n; ++i) {
            const char* name = sqlite3_bind_parameter_name(s.stmt, i);
            if (!name || name[0] != '$') continue;
            int k = std::atoi(name + 1);
            if (k <= 0) continue;
            if (static_cast<int>(s.index_of_param.size()) < k) s.index_of_param.resize(static_cast<std::size_t>(k), 0);
            s.index_of_param[static_cast<std::size_t>(k - 1)] = i;
        }
        s.in_use = true;
        if (it != cache_.end()) {  // the cached one is busy (nested use): a private copy
            s.cached = false;
            auto* p = new statement(std::move(s));
            return p;
        }
        auto [pos, fresh] = cache_.emplace(std::string(sql), std::move(s));
        (void)fresh;
        return &pos->second;
    }

    void done_with(statement* s) noexcept {
        sqlite3_reset(s->stmt);
        sqlite3_clear_bindings(s->stmt);
        if (!s->cached) {
            sqlite3_finalize(s->stmt);
            delete s;
            return;
        }
        s->in_use = false;
    }

    void bind(statement* s, const std::vector<value>& params, bool copy = false) {
        if (params.size() < s->index_of_param.size())
            throw store_error(path_, "a statement needs " + std::to_string(s->index_of_param.size()) + " parameters, got " +
                                         std::to_string(params.size()));
        for (std::size_t k = 0; k < s->index_of_param.size(); ++k) {
            int i = s->index_of_param[k];
            if (!i) continue;
            const value& v = params[k];
            int rc;
            if (std::holds_alternative<std::monostate>(v)) rc = sqlite3_bind_null(s->stmt, i);
            else if (auto* n = std::get_if<std::int64_t>(&v)) rc = sqlite3_bind_int64(s->stmt, i, *n);
            else if (auto* d = std::get_if<double>(&v)) rc = sqlite3_bind_double(s->stmt, i, *d);
            else {
                const auto& t = std::get<std::string>(v);
                // execute() steps while `params` lives: no copy; a query's rows outlive its arguments.
                rc = sqlite3_bind_text64(s->stmt, i, t.data(), t.size(), copy ? SQLITE_TRANSIENT : SQLITE_STATIC, SQLITE_UTF8);
            }
            if (rc != SQLITE_OK) fail(rc, "");
        }
    }

    sqlite3* db() const noexcept { return db_; }

private:
    std::string path_;
    sqlite3* db_;
    int busy_ms_;
    bool read_only_;
    bool in_tx_ = false;
    std::unordered_map<std::string, statement> cache_;
};

sqlite_rows::~sqlite_rows() { c_.done_with(s_); }

bool sqlite_rows::next() {
    if (done_) return false;
    int rc = sqlite3_step(s_->stmt);
    if (rc == SQLITE_ROW) return true;
    done_ = true;
    if (rc != SQLITE_DONE) c_.fail(rc, "");
    return false;
}

/// One statement prepared once, bound and stepped per row (no cache lookup, no copies).
class sqlite_bulk : public bulk_insert {
public:
    sqlite_bulk(sqlite_connection& c, statement* s) : c_(c), s_(s) {}
    ~sqlite_bulk() override { c_.done_with(s_); }
    void add_row(const std::vector<value>& row) override {
        c_.bind(s_, row);
        int rc = sqlite3_step(s_->stmt);
        sqlite3_reset(s_->stmt);
        if (rc != SQLITE_DONE) c_.fail(rc, "");
    }
    void finish() override {}

private:
    sqlite_connection& c_;
    statement* s_;
};

std::unique_ptr<bulk_insert> sqlite_connection::insert_many(std::string_view table, const std::vector<std::string>& columns) {
    // Names quoted as SQL identifiers, as COPY does on PostgreSQL: a column may be a keyword.
    auto quoted = [](std::string_view name) {
        std::string q = "\"";
        for (char ch : name) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        return q + "\"";
    };
    std::string name;  // "schema.table" names both parts
    for (std::size_t from = 0;;) {
        std::size_t dot = table.find('.', from);
        name += quoted(table.substr(from, dot == std::string_view::npos ? std::string_view::npos : dot - from));
        if (dot == std::string_view::npos) break;
        name += '.';
        from = dot + 1;
    }
    std::string sql = "INSERT INTO " + name + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + quoted(columns[i]);
    sql += ") VALUES (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", $" : "$") + std::to_string(i + 1);
    sql += ")";
    return std::make_unique<sqlite_bulk>(*this, prepare(sql));
}

}  // namespace

std::unique_ptr<connection> open_sqlite(const std::string& path, bool create, int busy_timeout_ms, bool read_only) {
    if (busy_timeout_ms < 0) throw argument_error("busy_timeout_ms must be >= 0");
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
        if (!create) throw store_error(path, "no such store file (create one from a dataset directory first)");
    } else if (S_ISDIR(st.st_mode)) {
        throw store_error(path, "is a directory, not a store file");
    }
    int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
    if (create && !read_only) flags |= SQLITE_OPEN_CREATE;
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc == SQLITE_OK && read_only) {
        // A WAL store read from a read-only directory or file system: without its -shm file
        // SQLite cannot open it, unless told that nobody can change it (immutable), which is
        // true there. Only then, so that a read-only opening elsewhere still sees writers.
        if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) == SQLITE_CANTOPEN &&
            ::access(path.c_str(), W_OK) != 0) {
            sqlite3_close_v2(db);
            db = nullptr;
            std::string uri = "file:";
            for (char ch : path) {
                if (ch == '%' || ch == '?' || ch == '#') {
                    char buf[4];
                    std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(ch));
                    uri += buf;
                } else {
                    uri += ch;
                }
            }
            uri += "?immutable=1";
            rc = sqlite3_open_v2(uri.c_str(), &db, flags | SQLITE_OPEN_URI, nullptr);
        }
    }
    if (rc != SQLITE_OK) {
        try {
            raise(path, db, rc, "cannot open", busy_timeout_ms);
        } catch (...) {
            sqlite3_close_v2(db);
            throw;
        }
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, busy_timeout_ms);
    auto conn = std::make_unique<sqlite_connection>(path, db, busy_timeout_ms, read_only);
    // Reading the schema proves the file is a database (random bytes: SQLITE_NOTADB; a
    // truncated file: SQLITE_CORRUPT when a page is missing).
    conn->script("SELECT count(*) FROM sqlite_master");
    if (!read_only) {
        // WAL: readers never block the writer and a commit is one append to the log;
        // synchronous=FULL syncs the log at every commit, so a commit survives a power cut.
        auto mode = conn->query("PRAGMA journal_mode=WAL", {});
        mode->next();
    }
    conn->script("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    return conn;
}

}  // namespace furong::sql
