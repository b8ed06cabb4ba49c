#pragma once
/// @file
/// The one narrow interface between the store and a database: a connection that runs SQL
/// with positional parameters, reads rows, bulk-inserts and delimits transactions. Two
/// implementations: SQLite (src/store_sqlite.cpp, the embedded default) and PostgreSQL
/// (src/store_postgresql.cpp, libpq). Everything above it (schema, import, export, events,
/// history) is written once against this interface.
///
/// SQL passed here uses `$1, $2, ...` for parameters in both dialects (SQLite binds them by
/// name), and the common subset of SQL both understand; where they differ, the caller asks
/// dialect().
///
/// Errors: every failure is a furong::store_error (error.hpp) naming the location:
/// store_busy_error when the database stays locked past the busy timeout,
/// store_conflict_error when a concurrent transaction changed the same rows first
/// (SQLite SQLITE_BUSY_SNAPSHOT, PostgreSQL SQLSTATE 40001 / 40P01), plain store_error for
/// everything else (corrupt or truncated file, full disk, read-only, refused connection),
/// with the database's own message.
///
/// Threads: a connection is used by one thread at a time (like a std::vector).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace furong::sql {

enum class dialect { sqlite, postgresql };

/// A parameter or a cell: NULL, an integer, a real number or a text.
using value = std::variant<std::monostate, std::int64_t, double, std::string>;

/// The rows of a query, read forwards. Column indices are 0-based.
class rows {
public:
    virtual ~rows() = default;
    /// Moves to the next row; false after the last.
    virtual bool next() = 0;
    virtual int column_count() const = 0;
    virtual bool is_null(int column) const = 0;
    virtual std::int64_t integer(int column) const = 0;
    virtual double real(int column) const = 0;
    /// Valid until the next call of next(). A NULL reads as the empty text (both backends).
    virtual std::string_view text(int column) const = 0;
};

/// Inserts many rows into one table as fast as the backend allows (SQLite: one prepared
/// statement; PostgreSQL: COPY FROM STDIN). finish() must be called; rows are part of the
/// connection's current transaction.
class bulk_insert {
public:
    virtual ~bulk_insert() = default;
    virtual void add_row(const std::vector<value>& row) = 0;
    virtual void finish() = 0;
};

class connection {
public:
    virtual ~connection() = default;
    virtual dialect kind() const noexcept = 0;
    /// The location as the user gave it (a path or a URL without its password).
    virtual const std::string& location() const noexcept = 0;

    /// Runs statements without parameters or results (DDL, PRAGMA, a migration script).
    virtual void script(std::string_view sql) = 0;
    /// Runs one statement; returns the number of rows it changed.
    virtual std::int64_t execute(std::string_view sql, const std::vector<value>& params = {}) = 0;
    /// Runs one query and returns its rows.
    virtual std::unique_ptr<rows> query(std::string_view sql, const std::vector<value>& params = {}) = 0;
    virtual std::unique_ptr<bulk_insert> insert_many(std::string_view table, const std::vector<std::string>& columns) = 0;

    /// Starts a transaction. `write` = true takes the write lock at once (SQLite BEGIN
    /// IMMEDIATE, waiting up to the busy timeout; PostgreSQL SERIALIZABLE read-write), so
    /// that what it reads stays true until commit. `write` = false reads one consistent
    /// snapshot (SQLite BEGIN DEFERRED in WAL mode; PostgreSQL REPEATABLE READ READ ONLY);
    /// the store ends it with rollback(). Inside a transaction the store also uses
    /// `SAVEPOINT furong_event` / `RELEASE` / `ROLLBACK TO` (through script()), so that a
    /// failed statement of one event can be undone without ending the transaction.
    virtual void begin(bool write) = 0;
    /// Commits durably: when it returns, the transaction survives a power cut (SQLite WAL
    /// with synchronous=FULL; PostgreSQL synchronous_commit on).
    virtual void commit() = 0;
    /// Rolls back; never throws (used on error paths).
    virtual void rollback() noexcept = 0;
    virtual bool in_transaction() const noexcept = 0;
};

/// Opens `location`: "postgresql://..." or "postgres://..." (libpq connection URI) opens
/// PostgreSQL, anything else is a SQLite file path (created when `create` is true).
/// `read_only` opens a SQLite file read-only (PostgreSQL: the store simply never writes).
/// @throws store_error naming the location when it cannot be opened.
std::unique_ptr<connection> open(const std::string& location, bool create, int busy_timeout_ms = 5000,
                                 bool read_only = false);

/// True when `location` names a PostgreSQL database (a postgresql:// or postgres:// URL).
bool is_postgresql_location(const std::string& location);

/// The two backends behind open() (src/store_sqlite.cpp, src/store_postgresql.cpp). A build
/// without libpq (FURONG_WITH_POSTGRESQL=OFF) has an open_postgresql that throws store_error
/// saying so.
std::unique_ptr<connection> open_sqlite(const std::string& path, bool create, int busy_timeout_ms,
                                        bool read_only = false);
std::unique_ptr<connection> open_postgresql(const std::string& url, int busy_timeout_ms);

}  // namespace furong::sql
