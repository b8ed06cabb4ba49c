#pragma once
/// @file
/// Reading a policy table (一类一策): CSV `compound_type,check,description`, one check per
/// row (columns found by name, in any order; `description` optional; extra columns ignored).
/// Every problem is a furong::input_error naming the file, the line, the column and what was
/// expected, like every other reader of the library. The shipped table is
/// python/furong/data/policies.csv (the same checks as policy_table::defaults()).
///
/// Joint meetings for the meeting check are read by the ledger's meetings reader
/// (io/ledger_files.hpp, read_meetings_file()), not here: read_joint_meetings() only calls it.
///
/// Example:
/// @code
///   furong::policy_file f = furong::read_policy_file("my_policies.csv");
///   auto gaps = furong::policy_gaps(furong::snapshot(net), furong::date(2025, 6, 1), f.table);
/// @endcode

#include <furong/domain/policies.hpp>
#include <furong/error.hpp>
#include <furong/io/csv.hpp>
#include <furong/io/ledger_files.hpp>
#include <furong/snapshot.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace furong {

/// One row of a policy file.
struct policy_row {
    compound_type type = compound_type::none;
    policy_check check = policy_check::three_party_complete;
    std::string description;
};

/// A policy file: its rows in file order and the table they make.
struct policy_file {
    std::vector<policy_row> rows;
    policy_table table;
};

/// Reads a policy file. O(file size).
/// @param path          the CSV file
/// @param display_name  what messages call the file (default: its path as given)
/// @throws input_error for a missing or unreadable file, a missing column, an unknown compound
///         type (or `none`) or an unknown check, with its line and column
inline policy_file read_policy_file(const std::filesystem::path& path, std::string display_name = {}) {
    if (display_name.empty()) display_name = path.string();
    auto r = io::csv_reader::open(path, display_name);
    const std::size_t c_type = r.require_column("compound_type"), c_check = r.require_column("check");
    const auto c_desc = r.column("description");
    policy_file out;
    for (auto& v : out.table.checks) v.clear();
    while (r.next()) {
        policy_row row;
        const std::string t(r.text(c_type));
        auto type = parse_compound_type(t);
        if (!type || *type == compound_type::none) {
            std::string valid;
            for (std::size_t k = 1; k < detail::compound_type_names.size(); ++k)
                valid += (k > 1 ? ", " : "") + std::string(detail::compound_type_names[k]);
            r.fail(c_type, "unknown compound type '" + t + "' (expected one of " + valid + ")");
        }
        const std::string c(r.text(c_check));
        auto check = parse_policy_check(c);
        if (!check) r.fail(c_check, "unknown check '" + c + "' (expected one of " + join_names(detail::policy_check_names) + ")");
        row.type = *type;
        row.check = *check;
        if (c_desc) row.description = r[*c_desc];
        out.table.checks[static_cast<std::size_t>(row.type)].push_back(row.check);
        out.rows.push_back(std::move(row));
    }
    return out;
}

/// The joint meetings the meeting check counts (joint_meetings_of()) of a meetings.csv, or of
/// DIR/meetings.csv, read by the ledger's meetings reader (read_meetings_file(): its rules and
/// positioned errors). @throws input_error from the reader, a missing file included.
inline std::vector<joint_meeting> read_joint_meetings(const std::filesystem::path& path, const snapshot& s) {
    return joint_meetings_of(s, read_meetings_file(path));
}

}  // namespace furong
