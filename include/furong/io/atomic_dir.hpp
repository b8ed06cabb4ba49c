#pragma once
/// @file
/// Atomic, durable saves of a directory of files: every writer of the library (network,
/// ledger) goes through `atomic_dir`, so that a save interrupted at any moment (a kill, a
/// power cut after the data reached the disk's cache flush) leaves either the old complete
/// set of files or the new complete set, never a mixture, a truncated file or a stale file.
///
/// How (docs/reliability.md, "Durability"):
/// 1. `atomic_dir(dir)` creates `dir` if needed, takes an exclusive lock on it (flock; one
///    save at a time, loads wait) and first finishes or discards an earlier interrupted save
///    (`recover_dir`).
/// 2. `write(name, body)` writes the new content of `name` to `.furong-tmp.<name>` in `dir`,
///    checks every write and the close, and fsyncs the file; `remove(name)` schedules a file
///    the saved data no longer has.
/// 3. `commit()` fsyncs `dir`, writes the journal `.furong-tmp.journal` (one line per
///    rename or removal, then `end`), fsyncs it and renames it to `.furong-journal`: that
///    rename is the commit point. Then each temporary is renamed onto its name, each
///    scheduled file is removed, `dir` is fsynced and the journal is removed.
/// 4. `recover_dir(dir)` (run by every load and every save): a journal present means a
///    committed save; its renames and removals are redone (each is idempotent) and the
///    journal removed. Temporaries without a journal belong to an uncommitted save and are
///    removed (by a save; a load just ignores them, it never reads them).
/// "Complete" means: every file one save wrote, with the content of that save, and none of
/// the files it removed. Files the save neither writes nor removes are left alone.
///
/// Every failure of the system is an io_error naming the path; nothing returns normally
/// after a failed write. POSIX only (open/write/fsync/rename/flock).
///
/// Example:
/// @code
///   furong::io::atomic_dir tx("/data/district");
///   tx.write("a.csv", [](std::ostream& out) { out << "id\n1\n"; });
///   tx.remove("old.csv");
///   tx.commit();  // all of it, or (killed before the journal's rename) none of it
/// @endcode

#include <furong/error.hpp>

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace furong::io {

/// Prefix of the temporaries of a save in progress; a load never reads such a file.
inline constexpr const char* temp_prefix = ".furong-tmp.";
/// Name of the commit record of a save (present only between commit point and its end).
inline constexpr const char* journal_name = ".furong-journal";

/// One save of a directory: files written to temporaries, then all renamed into place at
/// commit. Not committed (an exception, a destructor before commit): the temporaries are
/// removed and the directory keeps its old content. Not copyable; one thread.
class atomic_dir {
public:
    /// Creates `dir` (and its parents) if needed, locks it and recovers an earlier
    /// interrupted save. O(entries of dir). @throws io_error naming the path on any failure.
    explicit atomic_dir(std::filesystem::path dir);
    atomic_dir(const atomic_dir&) = delete;
    atomic_dir& operator=(const atomic_dir&) = delete;
    ~atomic_dir();

    /// Writes the new content of file `name` (a plain file name) through `body` into a
    /// temporary, checking every write, the flush and the close, and fsyncs it. A name
    /// written twice keeps the second content. O(bytes written).
    /// @throws io_error (full disk, permission...) naming the file; argument_error for a
    ///         name with a '/' or starting with the temporary prefix.
    void write(const std::string& name, const std::function<void(std::ostream&)>& body);

    /// Schedules file `name` for removal at commit (nothing happens if it does not exist).
    void remove(const std::string& name);

    /// Makes every write and removal visible at once, durably (see the file comment).
    /// O(files). @throws io_error; a failure before the commit point leaves the old files.
    void commit();

    const std::filesystem::path& dir() const noexcept { return dir_; }

private:
    std::filesystem::path dir_;
    int dir_fd_ = -1;
    std::vector<std::string> written_;
    std::vector<std::string> removed_;
    bool committed_ = false;
};

/// Finishes a committed but interrupted save of `dir` (journal present) or, when `discard`
/// is true, removes the temporaries of an uncommitted one. No-op when `dir` holds neither.
/// Takes the directory's exclusive lock while it works. O(entries of dir).
/// @throws io_error when the journal is present but cannot be completed (no permission).
void recover_dir(const std::filesystem::path& dir, bool discard = false);

/// A shared lock on a directory held while its files are read, so that a load never reads
/// half of a save made by another process at the same time. A directory that cannot be
/// opened is not locked (the load reports the missing files itself).
class dir_read_lock {
public:
    explicit dir_read_lock(const std::filesystem::path& dir);
    dir_read_lock(const dir_read_lock&) = delete;
    dir_read_lock& operator=(const dir_read_lock&) = delete;
    ~dir_read_lock();

private:
    int fd_ = -1;
};

}  // namespace furong::io
