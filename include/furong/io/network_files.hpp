#pragma once
/// @file
/// Loading and saving a network as a directory of CSV files (format: docs/data-format.md):
/// organisations.csv (required), links.csv, people.csv, roles.csv, offers.csv, needs.csv.

#include <furong/io/atomic_dir.hpp>
#include <furong/network.hpp>

#include <filesystem>

namespace furong::io {

/// Loads the network files of `dir`. All-or-nothing: every file is parsed and checked before
/// anything is built, and the result is a new network, so a failed load changes nothing.
/// O(total size of the files).
/// @throws input_error naming file, line, column and what was expected, for a missing
///         organisations.csv or column, an unknown kind or role, a duplicate id, an unknown
///         parent or endpoint, a cycle, a wrong nesting, a bad date or count, invalid UTF-8,
///         a ragged row or an empty file.
/// An interrupted save of `dir` is finished first (atomic_dir.hpp), and the files are read
/// under a shared lock, so a concurrent save is seen whole or not at all.
network load_network(const std::filesystem::path& dir);

/// The six files a saved network consists of (all written by every save).
inline constexpr const char* network_file_names[] = {"organisations.csv", "links.csv", "people.csv",
                                                     "roles.csv", "offers.csv", "needs.csv"};

/// Writes the six network files into the save `tx` (to be committed by the caller, maybe
/// with other files: see save_network). Links and roles whose interval is empty (ended
/// before they began) are not written. O(size of the network).
/// @throws io_error naming the file on any write failure.
void write_network_files(const network& net, atomic_dir& tx);

/// Writes the network files into `dir` (created if needed), so that load_network(dir)
/// gives back the same data, extra columns included; atomic and durable (atomic_dir.hpp):
/// a kill at any moment leaves the old six files or the new six. Other files of `dir` are
/// left alone. O(size of the network).
/// @throws io_error naming the path (full disk, read-only directory, permission, not a
///         directory); the old files are then unchanged.
void save_network(const network& net, const std::filesystem::path& dir);

}  // namespace furong::io
