#pragma once
/// @file
/// Loading and saving a network as a directory of CSV files (format: docs/data-format.md):
/// organisations.csv (required), links.csv, people.csv, roles.csv, offers.csv, needs.csv.

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
network load_network(const std::filesystem::path& dir);

/// Writes the network files into `dir` (created if needed), so that load_network(dir)
/// gives back the same data, extra columns included. Links and roles whose interval is
/// empty (ended before they began) are not written.
void save_network(const network& net, const std::filesystem::path& dir);

}  // namespace furong::io
