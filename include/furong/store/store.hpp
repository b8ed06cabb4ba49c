#pragma once
/// @file
/// The governance store: a dataset (network, ledger, preferences, policies) kept in a
/// database, SQLite (a file, the embedded default) or PostgreSQL (a URL), written by
/// transactions of checked domain events, with the author and time of every change.
/// docs/store.md describes the schema, the backends and the contracts below.
///
/// ## Contracts
/// - **Same data as the CSV files.** `store::create(location, dir)` loads and checks `dir`
///   with the CSV readers (io::load_network, load_ledger_dir, the preferences and policies
///   readers) before writing anything, then imports it in one transaction. `load()` returns
///   the objects those readers return for `dir` (network, ledger_data, preferences,
///   policies), built through the same checked builders (network edits, ledger_builder);
///   `export_to(dir2)` writes the files back, rows and columns in their imported order
///   (CSV -> store -> CSV is byte for byte for files written by furong's savers).
/// - **Checked events.** Every event of a transaction is checked by the rule that checks
///   the CSV files (one rule, one place): a status change or a visit is replayed with the
///   item's recorded events through ledger_builder; a link, role, person or organisation
///   goes through furong::network's checked edits on the stored network. A refused event
///   throws (model_error, unknown_id_error, argument_error, store_conflict_error), writes
///   nothing and leaves the transaction usable.
/// - **Durable commits.** When transaction::commit() returns, the transaction survives a
///   crash or a power cut (SQLite: WAL with synchronous=FULL; PostgreSQL: synchronous
///   commit). A process killed at any moment loses at most the transaction in flight.
/// - **Writers.** A write transaction holds the store's write lock from begin() to
///   commit() or rollback, so writers take turns (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
///   serialisable transaction that first locks the meta table in SHARE ROW EXCLUSIVE mode); a writer that
///   waits longer than the busy timeout gets store_busy_error and nothing was written;
///   retrying is safe. Readers never wait for writers (SQLite WAL snapshots; PostgreSQL
///   REPEATABLE READ read-only snapshots).
/// - **Conflicts (optimistic).** An event on an item may carry an `expectation`: the
///   status and/or the version (count of recorded events and visits, item_state::version)
///   the writer saw when it read the item. When the item has changed since, the event
///   throws store_conflict_error naming the item and writes nothing: of two writers changing
///   the same item from the same state, one wins and the other gets the conflict (no lost
///   update, no silent overwrite).
/// - **History.** Rows are never deleted: a change closes the old row version
///   (`removed_tx`) and adds the new one, each stamped with its transaction (author, UTC
///   time). `history(item)` lists an item's changes; `load(D)` / `export_to(dir, D)` give
///   the state as recorded at the end of day D (UTC transaction time).
///
/// Threads: one store object (and its transaction) is used by one thread at a time; open
/// one store object per thread or process (they coordinate through the database).
///
/// Example:
/// @code
///   auto s = furong::store::create("district.sqlite", "data/furong", "import");
///   {
///       auto tx = s.begin("grid worker p00155");
///       tx.change_status("lg-00001", furong::item_status::resolved, furong::date(2025, 5, 2), "fixed");
///       tx.commit();
///   }
///   furong::dataset d = s.load();                 // Network + ledger, as from the CSV files
///   s.export_to("/tmp/out");                      // the CSV files back
/// @endcode

#include <furong/dates.hpp>
#include <furong/domain/ledger.hpp>
#include <furong/domain/meetings.hpp>
#include <furong/io/ledger_files.hpp>
#include <furong/io/policies_file.hpp>
#include <furong/kinds.hpp>
#include <furong/network.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace furong {

/// One row of preferences.csv, by id (a snapshot turns it into a preference_row).
struct preference_record {
    std::string from, to;
    std::int64_t rank = 0;
    friend bool operator==(const preference_record& a, const preference_record& b) {
        return a.from == b.from && a.to == b.to && a.rank == b.rank;
    }
};

/// Everything a dataset directory holds, as the CSV readers give it.
struct dataset {
    network net;
    ledger_data ledger;
    bool has_ledger = false;                         ///< the dataset has ledger files (export writes all nine)
    std::vector<preference_record> preferences;      ///< preferences.csv in file order
    bool has_preferences = false;                    ///< the dataset has preferences.csv
    std::optional<policy_file> policies;             ///< policies.csv, when the dataset has one (else the defaults apply)
};

/// Options of store::open.
struct store_options {
    int busy_timeout_ms = 5000;   ///< how long a writer waits for the write lock before store_busy_error
    bool read_only = false;       ///< open for reading only (a write transaction throws store_error)
    bool create_if_missing = false;  ///< open() creates an empty store (no dataset) when none exists
    /// The id of an organisation: the handle reads and writes only inside its subtree
    /// (docs/privacy.md, "Scopes"). load() gives furong::view of the dataset; every event
    /// outside it is refused with store_error; history() and item() know only items of
    /// compounds inside; transactions() and check() need an unscoped handle. Empty: the whole
    /// store.
    std::string scope;
};

/// The state of one ledger item as recorded now (for an `expectation`).
struct item_state {
    std::string id;
    item_status status = item_status::open;  ///< after every recorded event and visit
    std::int64_t version = 0;                ///< number of recorded events and visits
};

/// What a writer expects an item to be when its event is applied (optimistic concurrency).
/// Empty members are not checked.
struct expectation {
    std::optional<item_status> status;
    std::optional<std::int64_t> version;
};

/// One change of a ledger item, with its transaction.
struct history_entry {
    enum class change : std::uint8_t { raised, status, visit };
    std::int64_t transaction = 0;
    std::string author;
    std::string committed_at;  ///< UTC ISO 8601, e.g. 2025-05-02T09:14:03.123456Z
    change what = change::raised;
    date day;                                ///< raised date, event date or visit date
    std::optional<item_status> status;       ///< for change::status
    std::optional<visit_outcome> outcome;    ///< for change::visit
    std::string note;                        ///< the note of a status change ("" if none)
};
constexpr std::string_view name_of(history_entry::change c) {
    return c == history_entry::change::raised ? "raised" : c == history_entry::change::status ? "status" : "visit";
}

/// A committed transaction.
struct commit_info {
    std::int64_t transaction = 0;
    std::string author;
    std::string committed_at;  ///< UTC ISO 8601
    std::string summary;       ///< one line per event
};

/// The result of store::check(): empty problems = the store is sound.
struct check_report {
    std::vector<std::string> problems;
    bool ok() const noexcept { return problems.empty(); }
};

class store {
public:
    class transaction;

    /// Imports the dataset directory `dataset_dir` (organisations.csv required; every other
    /// file optional) into a new store at `location` (a SQLite file path, created, or a
    /// postgresql:// URL of an empty database), in one transaction by `author`.
    /// All-or-nothing: the directory is loaded and checked by the CSV readers first (their
    /// input_error names file, line and column); a failure afterwards leaves no store (a
    /// SQLite file this call created is removed). O(size of the dataset); batched inserts.
    /// @throws input_error for a bad dataset; store_error when `location` already holds a
    ///         store or other data, or cannot be written (full disk, read-only...).
    static store create(const std::string& location, const std::filesystem::path& dataset_dir, std::string author,
                        const store_options& options = {});

    /// Opens an existing store, migrating an older schema (after a backup copy).
    /// @throws store_error (missing, corrupt or truncated file, refused connection),
    ///         store_version_error (newer schema, or not a furong store), store_busy_error.
    static store open(const std::string& location, const store_options& options = {});

    store(store&&) noexcept;
    store& operator=(store&&) noexcept;
    ~store();

    /// The location as given (a path or a URL without its password).
    const std::string& location() const noexcept;

    /// The dataset as recorded now, or as recorded at the end of day `recorded_by` (UTC),
    /// equal to what the CSV readers give for the exported directory. One ordered scan per
    /// table in one read transaction. O(rows).
    /// @throws store_error when the stored rows fail the model's checks (see check()).
    dataset load(std::optional<date> recorded_by = {});

    /// The network alone (as in load(), without the ledger): fewer tables to read. O(network).
    network load_network(std::optional<date> recorded_by = {});

    /// Writes the dataset's CSV files into `dir` (atomically, like every furong save:
    /// io::atomic_dir), as recorded now or at the end of day `recorded_by`: the six network
    /// files, the nine ledger files when the dataset has a ledger, preferences.csv and
    /// policies.csv when it has them. Rows and columns keep their stored order. O(rows).
    /// @throws io_error (writing), store_error (reading).
    void export_to(const std::filesystem::path& dir, std::optional<date> recorded_by = {});

    /// Starts a write transaction by `author` (a person id or a name; required). Takes the
    /// write lock, waiting up to the busy timeout. One transaction per store object at a time.
    /// @throws argument_error for an empty author or when a transaction is already open;
    ///         store_busy_error; store_error (read-only store).
    transaction begin(std::string author);

    /// The changes of a ledger item (raised, each status change with its note, each visit),
    /// in the order they were recorded (transaction, then date, events before visits, then
    /// file order). @throws unknown_id_error("ledger item"). O(changes of the item).
    std::vector<history_entry> history(std::string_view item_id);

    /// An item's status and version as recorded now (for an expectation).
    /// @throws unknown_id_error("ledger item"). O(changes of the item).
    item_state item(std::string_view item_id);

    /// The transactions, oldest first (id, author, time, summary). O(transactions).
    std::vector<commit_info> transactions();

    /// Integrity check: the database's own check (SQLite integrity_check and
    /// foreign_key_check), the schema version, one current version per row, and a full
    /// load through the model's checks. Never throws for a damaged store: every problem is a
    /// line of the report. O(size of the store).
    check_report check();

    /// The schema version of the store (schema::current_version after open()).
    int schema_version();

    /// PostgreSQL row-level security for one scope (docs/privacy.md): creates the login role
    /// `role` when missing, lets it SELECT the store's tables, and records the organisations
    /// of the scope of `org` (furong::scope_members, as they are now) as what it may see. Policies (created once, for every role) then
    /// give such a role only the rows inside its scope: organisations of the subtree, links
    /// with both ends inside, roles inside and the people holding them, the ledger items,
    /// events and visits of compounds inside, meetings held inside with their attendance,
    /// agreements and commitments; nothing of the other tables. Roles without a scope and
    /// the store's owner see every row. Call again after the subtree changes.
    /// @throws store_error on SQLite or on an unscoped-only operation; unknown_id_error for `org`;
    ///         argument_error for a role name that is not a plain identifier.
    void grant_scope(std::string_view org, std::string_view role);

    struct impl;

private:
    explicit store(std::unique_ptr<impl> p);
    std::unique_ptr<impl> p_;
};

/// A write transaction of domain events (RAII: destroyed without commit() = rolled back).
/// Each event is checked before it writes (see "Checked events" in the file comment); a
/// refused event throws, writes nothing and leaves the transaction usable.
class store::transaction {
public:
    transaction(transaction&&) noexcept;
    transaction& operator=(transaction&&) = delete;
    ~transaction();

    // ---- ledger ----
    /// Adds a ledger item (an empty `due` = raised + the category's SLA). Checked like a
    /// ledger.csv row: required fields, the due date, a unique id (ledger_builder); the
    /// compound names a compound and the owner a person of the network; the meeting, when
    /// given, exists. @throws model_error, unknown_id_error.
    void add_item(const item_record& item);

    /// Records a status event of `item` on `day` with a free-text note (kept in the history,
    /// not in ledger_events.csv). Allowed only as the ledger's transition table says
    /// (domain/ledger.hpp), replayed with the item's recorded events and visits.
    /// @throws model_error ("item 'L7': forbidden transition from resolved to withdrawn on
    ///         2025-05-02: ..."), unknown_id_error, store_conflict_error (expectation).
    void change_status(std::string_view item, item_status to, date day, std::string note = {},
                       const expectation& expected = {});

    /// Records a return visit of `item` on `day` (an unsatisfied visit reopens a resolved
    /// item). @throws model_error (e.g. dated before the item was raised), unknown_id_error,
    /// store_conflict_error (expectation).
    void record_visit(std::string_view item, date day, visit_outcome outcome, const expectation& expected = {});

    // ---- network ----
    /// Adds an organisation (network::add_organisation with its fields).
    void add_organisation(std::string_view id, org_kind kind, std::string_view name, std::string_view parent_id,
                          const network::organisation_fields& fields = {});
    /// Adds a person with free-form attributes (network::add_person).
    void add_person(std::string_view id, std::string_view name,
                    const std::vector<std::pair<std::string, std::string>>& attributes = {});
    /// Adds a link active over `valid` (network::add_link).
    void add_link(std::string_view source, std::string_view target, link_kind kind, validity valid = {});
    /// Ends, on `last_day` (inclusive), every link source -> target of `kind` still active
    /// after that day (network::end_link). @throws model_error when there is none.
    void end_link(std::string_view source, std::string_view target, link_kind kind, date last_day);
    /// Gives a person a role (network::add_role).
    void add_role(std::string_view person, std::string_view org, role_kind role, validity valid = {});
    /// Ends, on `last_day`, every such role still active after that day (network::end_role).
    /// @throws model_error when there is none.
    void end_role(std::string_view person, std::string_view org, role_kind role, date last_day);

    // ---- meetings ----
    /// Records a meeting and its attendance (checked like meetings.csv and attendance.csv:
    /// meeting_book::check, the organisation and attendee references).
    void record_meeting(const meeting& m, const std::vector<attendance_record>& attendance = {});

    /// Commits durably (see the file comment) and returns what was committed. Afterwards the
    /// transaction is finished. @throws store_error (e.g. disk full): nothing was written.
    commit_info commit();
    /// Rolls back everything of the transaction. Never throws.
    void rollback() noexcept;

    /// The id the transaction will have in transactions().
    std::int64_t id() const noexcept;
    const std::string& author() const noexcept;

private:
    friend class store;
    explicit transaction(store::impl& s);
    store::impl* s_;
};

}  // namespace furong
