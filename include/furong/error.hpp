#pragma once
/// @file
/// The one exception hierarchy of the library. Every error derives from furong::error,
/// itself a std::runtime_error. Python maps each class to a furong.FurongError subclass
/// (ValueError, KeyError or OSError as noted).

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace furong {

/// Root of every error the library throws. Python: `furong.FurongError`.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad input read from a file (or a table given as an argument): names the file, the 1-based
/// line and column, and what was expected. Python: `furong.InputError` (a ValueError).
class input_error : public error {
public:
    input_error(std::string file, std::size_t line, std::size_t column, std::string message)
        : error(format(file, line, column, message)),
          file_(std::move(file)), line_(line), column_(column), message_(std::move(message)) {}

    const std::string& file() const noexcept { return file_; }
    std::size_t line() const noexcept { return line_; }      ///< 1-based; 0 when not known
    std::size_t column() const noexcept { return column_; }  ///< 1-based; 0 when not known
    const std::string& message() const noexcept { return message_; }

private:
    static std::string format(const std::string& file, std::size_t line, std::size_t column,
                              const std::string& message) {
        std::string out = file;
        if (line) out += ":" + std::to_string(line);
        if (line && column) out += ":" + std::to_string(column);
        return out + ": " + message;
    }
    std::string file_;
    std::size_t line_;
    std::size_t column_;
    std::string message_;
};

/// An id that names no organisation, person or item. Python: `furong.UnknownIdError`
/// (a KeyError).
class unknown_id_error : public error {
public:
    explicit unknown_id_error(std::string id, const std::string& what_kind = "organisation")
        : error("unknown " + what_kind + " id '" + id + "'"), id_(std::move(id)) {}
    const std::string& id() const noexcept { return id_; }

private:
    std::string id_;
};

/// An argument outside its domain: a negative hop limit, an unknown edge kind, a threshold
/// below zero. Python: `furong.ArgumentError` (a ValueError).
class argument_error : public error {
public:
    using error::error;
};

/// An edit that would make the model inconsistent: a duplicate id, a cycle, a kind nested
/// under a kind it may not sit under. Python: `furong.ModelError` (a ValueError).
class model_error : public error {
public:
    using error::error;
};

/// A failure of the operating system while reading or writing a file or directory (full
/// disk, read-only or missing directory, permission, a file where a directory should be):
/// names the path and the system's reason. Python: `furong.FileError` (an OSError, with
/// `errno`, `strerror` and `filename`).
class io_error : public error {
public:
    /// `doing` says what failed ("cannot create", "cannot write"...); `code` is the errno
    /// value (0 when the failure has no system code).
    io_error(std::string path, int code, const std::string& doing, const std::string& reason)
        : error(path + ": " + doing + ": " + reason), path_(std::move(path)), code_(code), reason_(reason) {}
    const std::string& path() const noexcept { return path_; }
    int code() const noexcept { return code_; }
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string path_;
    int code_;
    std::string reason_;
};

/// A failure of a governance store (store/): names the store's location and what happened
/// (a corrupt or truncated file, a full disk, a read-only store, a refused connection, a
/// store that is not a furong store), with the database's own message. Python:
/// `furong.StoreError` (an OSError).
class store_error : public error {
public:
    store_error(std::string location, const std::string& what)
        : error(location + ": " + what), location_(std::move(location)) {}
    const std::string& location() const noexcept { return location_; }

private:
    std::string location_;
};

/// The store stayed locked by another writer past the busy timeout; nothing was written.
/// Python: `furong.StoreBusyError`.
class store_busy_error : public store_error {
public:
    using store_error::store_error;
};

/// Another writer changed the same data after this transaction read it; nothing of this
/// transaction was written, and retrying it against the new state is safe. Python:
/// `furong.ConflictError`.
class store_conflict_error : public store_error {
public:
    using store_error::store_error;
};

/// The store's schema is newer than this furong (or the file is no furong store at all);
/// nothing was changed. Python: `furong.StoreVersionError`.
class store_version_error : public store_error {
public:
    using store_error::store_error;
};

}  // namespace furong
