#pragma once
/// @file
/// The versioned schema of a governance store, written once for both backends
/// (docs/store.md describes every table), and the migration runner.
///
/// Layout (version 1):
/// - `meta(key, value)`: `schema_version`, `network_revision` (bumped by every network edit,
///   so that a process knows when its cached network is stale), `created_at`.
/// - `transactions(id, author, committed_at, summary)`: one row per committed write;
///   `committed_at` is a UTC ISO 8601 timestamp (`2025-05-02T09:14:03.123456Z`).
/// - `file_columns(file, position, name)`: the header of each CSV file of the dataset, in
///   file order (known and free-form columns), so that an export writes the columns back in
///   their order. A file without rows here was absent from the imported directory.
/// - One table per CSV file: organisations, links, people, roles, offers, needs,
///   preferences, policies, calendar, sla, meetings, attendance, agreements, commitments,
///   items (ledger.csv), item_events (ledger_events.csv, plus a `note`), visits. Each row has
///   `pos` (its place in the file), `added_tx` (the transaction that recorded it) and
///   `removed_tx` (NULL while current; the transaction that removed or replaced it), so the
///   state as recorded by a day is a plain filter. The network tables (organisations ...
///   sla) have a surrogate `row_id` and may hold several versions of one `pos` (an update
///   closes the old version and inserts the new one with the same pos); the ledger and
///   meeting tables are append-only facts whose `pos` is the key.
/// - Free-form columns of a row (extra CSV columns) are one `extra` text per row: the
///   non-empty (name, value) pairs, each as `<bytes>:<text>` (encode_extra / decode_extra).
///   Dates are ISO `YYYY-MM-DD` text (NULL = empty), enumerations their names.
///
/// Migrations: opening a store of an older version backs it up (SQLite: `VACUUM INTO
/// <file>.v<old>.bak`) and runs every step from its version to schema_version in one write
/// transaction; a newer version, or a database without the `meta` table, is a
/// store_version_error and nothing is changed.

#include <furong/store/sql.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace furong::schema {

/// The version this furong writes and reads.
inline constexpr int current_version = 1;

/// The statements that create the tables of the current version (no indexes), for a dialect.
std::string create_tables_sql(sql::dialect d);
/// The statements that create the indexes (run after a bulk import: building an index once
/// over sorted data is faster than maintaining it row by row).
std::string create_indexes_sql(sql::dialect d);

/// One step of the migration chain: turns a store of version `from` into version `from + 1`
/// (inside the migration's transaction; it must not commit).
struct migration {
    int from = 0;
    std::string description;
    std::function<void(sql::connection&)> apply;
};

/// The built-in steps (empty while version 1 is the only version).
const std::vector<migration>& migrations();

/// The schema version of an open store. O(1).
/// @throws store_version_error "not a furong store" when the database has no meta table or
///         no schema_version.
int version_of(sql::connection& c);

/// True when the database holds no table at all (a new file, an empty PostgreSQL schema).
bool is_empty_database(sql::connection& c);

/// Brings the store at `c` to `target` (default current_version) with `steps`: nothing when
/// it is current; store_version_error naming both versions when it is newer, or when no
/// step leads from its version; otherwise a backup (SQLite: `<file>.v<old>.bak`, written
/// before anything changes) and every step plus the new version in one write transaction.
/// Returns the version the store had. `read_only` refuses a needed migration.
int upgrade(sql::connection& c, const std::vector<migration>& steps = migrations(), int target = current_version,
            bool read_only = false);

/// The backup file an upgrade of a SQLite store from version `old` writes.
std::string backup_path(const std::string& location, int old);

/// Encodes free-form (name, value) pairs into one text (`<bytes>:<text>` each); "" for none.
std::string encode_extra(const std::vector<std::pair<std::string, std::string>>& pairs);
/// The pairs of encode_extra. @throws store_error("store", ...) on a malformed text.
std::vector<std::pair<std::string, std::string>> decode_extra(std::string_view text);

}  // namespace furong::schema
