#pragma once
/// @file
/// Reading preferences.csv (`from,to,rank`, extra columns ignored), the ranked preferences of
/// the stable co-building matching, against a snapshot. Every complaint is an input_error
/// naming the file, the line, the column and what was expected, like the other readers of
/// io/; the rules themselves (sides, duplicate ranks) are those of
/// domain/stable_co_building.hpp, applied here with the position of the row at fault.
///
/// Example:
/// @code
/// furong::snapshot snap(net);
/// furong::preference_problem pp = furong::io::load_preferences(dir / "preferences.csv", snap);
/// @endcode

#include <furong/domain/stable_co_building.hpp>
#include <furong/io/csv.hpp>
#include <furong/snapshot.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace furong::io {

/// The rows of a preferences.csv file with the line each row came from.
struct preference_file {
    std::string file;                 ///< the name messages use
    std::vector<preference_row> rows;
    std::vector<std::size_t> lines;   ///< 1-based line of each row
    std::size_t from_column = 0, to_column = 1, rank_column = 2;  ///< 0-based
};

/// Reads the rows of preferences.csv (`from,to,rank`, extra columns ignored), resolving ids
/// against `s`. Checks the CSV, the ids and that each rank is an integer >= 1; the rest is
/// checked by preferences_of_file(). O(file size).
/// @throws input_error naming the file, the line and the column.
inline preference_file read_preference_file(const std::filesystem::path& path, const snapshot& s) {
    io::csv_reader r = io::csv_reader::open(path);
    preference_file f;
    f.file = r.file();
    f.from_column = r.require_column("from");
    f.to_column = r.require_column("to");
    f.rank_column = r.require_column("rank");
    while (r.next()) {
        const std::string from(r.text(f.from_column));
        const std::string to(r.text(f.to_column));
        auto fi = s.find(from);
        if (!fi) r.fail(f.from_column, "unknown organisation id '" + from + "'");
        auto ti = s.find(to);
        if (!ti) r.fail(f.to_column, "unknown organisation id '" + to + "'");
        f.rows.push_back({*fi, *ti, r.integer(f.rank_column, 1, 0x7FFFFFFF)});
        f.lines.push_back(r.line());
    }
    return f;
}

/// Checks the rows of a preferences file (see preferences_from_rows()) and builds the problem.
/// @throws input_error naming the file, the line and the column (a repeat names the line of
///   the row it repeats).
inline preference_problem preferences_of_file(const preference_file& f, const snapshot& s) {
    auto column_of = [&](const char* name) -> std::size_t {
        return std::string_view(name) == "from" ? f.from_column
               : std::string_view(name) == "to" ? f.to_column
                                                : f.rank_column;
    };
    return preferences_from_rows(s, f.rows, [&](std::size_t k, const char* col, const std::string& message,
                                                std::size_t earlier) {
        throw input_error(f.file, f.lines[k], column_of(col) + 1,
                          "column '" + std::string(col) + "': " + message +
                              (earlier < f.lines.size() ? " (first on line " + std::to_string(f.lines[earlier]) + ")"
                                                        : ""));
    });
}

/// Reads preferences.csv (`from,to,rank`, extra columns ignored) against a snapshot.
///
/// @param path the file; messages call it by its file name.
/// @throws input_error naming the file, the line and the column: a missing column, an
///   unknown id, a `from` that is neither a compound nor a provider, a `to` of the wrong
///   side, a rank that is not an integer >= 1, a rank or a `to` repeated for one `from`
///   (naming the line of the first), and every CSV problem (quoting, UTF-8, ragged rows).
///
/// Complexity: O(file size + V + n log n), n rows.
inline preference_problem load_preferences(const std::filesystem::path& path, const snapshot& s) {
    return preferences_of_file(read_preference_file(path, s), s);
}

}  // namespace furong::io
