#pragma once
// The CSV reader as it was before the fast one (one character at a time into std::string
// fields), kept as the reference the fast reader is compared with on random text: the same
// fields, lines and errors (file, line, column, message). Test code only.

#include <furong/io/csv.hpp>

namespace furong::test {
using io::csv_limits;

/// Returns the byte offset of the first invalid UTF-8 sequence, or npos. O(n).
inline std::size_t reference_find_invalid_utf8(std::string_view s) {
    std::size_t i = 0, n = s.size();
    while (i < n) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        std::size_t len;
        std::uint32_t cp;
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else return i;
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return i;
        i += len;
    }
    return std::string_view::npos;
}

class reference_csv_reader {
public:
    /// Opens `path`; `display_name` is what messages call the file (default: the file name).
    /// The file is read whole (at most `limits.file_bytes`, checked by its size first and
    /// while reading, so a device or a growing file cannot exceed it). O(file size).
    static reference_csv_reader open(const std::filesystem::path& path, std::string display_name = {},
                           const csv_limits& limits = {}) {
        if (display_name.empty()) display_name = path.filename().string();
        std::error_code ec;
        auto size = std::filesystem::file_size(path, ec);
        if (!ec && size > limits.file_bytes) throw too_large(display_name, size, limits);
        std::ifstream in(path, std::ios::binary);
        if (!in) throw input_error(display_name, 0, 0, "cannot open file " + path.string());
        std::string text;
        if (!ec) text.reserve(static_cast<std::size_t>(size));
        char buf[1 << 16];
        while (in.read(buf, sizeof buf) || in.gcount() > 0) {
            text.append(buf, static_cast<std::size_t>(in.gcount()));
            if (text.size() > limits.file_bytes) throw too_large(display_name, text.size(), limits);
        }
        if (in.bad()) throw input_error(display_name, 0, 0, "cannot read file " + path.string());
        return reference_csv_reader(std::move(text), std::move(display_name), limits);
    }

    /// Parses `text` (the whole file) named `file` in messages; reads the header row.
    /// Column names are checked unique in O(columns) (a hash set).
    reference_csv_reader(std::string text, std::string file, const csv_limits& limits = {})
        : text_(std::move(text)), file_(std::move(file)), limits_(limits) {
        if (text_.size() > limits_.file_bytes) throw too_large(file_, text_.size(), limits_);
        if (text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;  // BOM
        if (text_.size() >= pos_ + 3 && text_.compare(pos_, 3, "\xEF\xBB\xBF") == 0)
            throw input_error(file_, 1, 1, "a second byte order mark (BOM, U+FEFF) after the first: expected one BOM at most");
        if (auto bad = reference_find_invalid_utf8(text_); bad != std::string_view::npos) {
            std::size_t line = 1, col = 1;
            for (std::size_t i = 0; i < bad; ++i) {
                if (text_[i] == '\n') { ++line; col = 1; }
                else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
            }
            // Excel on Chinese Windows saves "CSV" in the ANSI code page, GBK: say how to load it.
            throw input_error(file_, line, col,
                              "invalid UTF-8 byte sequence (expected UTF-8 text; if the file is GBK/GB18030 "
                              "(Excel on Chinese Windows) load it with encoding='gb18030' / --encoding gb18030)");
        }
        if (!read_record(header_)) throw input_error(file_, 1, 0, "empty file: expected a header row");
        header_line_ = line_;
        std::unordered_set<std::string_view> seen;
        seen.reserve(header_.size());
        for (std::size_t i = 0; i < header_.size(); ++i) {
            if (header_[i].empty()) throw input_error(file_, line_, i + 1, "empty column name in the header row");
            if (!seen.insert(header_[i]).second)
                throw input_error(file_, line_, i + 1, "column '" + header_[i] + "' appears twice in the header");
        }
    }

    const csv_limits& limits() const noexcept { return limits_; }

    const std::string& file() const noexcept { return file_; }
    const std::vector<std::string>& header() const noexcept { return header_; }

    /// Index of a column, if the header has it.
    std::optional<std::size_t> column(std::string_view name) const {
        for (std::size_t i = 0; i < header_.size(); ++i)
            if (header_[i] == name) return i;
        return std::nullopt;
    }
    /// Index of a column the format requires; throws input_error (line of the header) if absent.
    std::size_t require_column(std::string_view name) const {
        if (auto c = column(name)) return *c;
        throw input_error(file_, header_line_, 0, "missing required column '" + std::string(name) + "'");
    }

    /// Advances to the next record; false at the end. Throws on a ragged row or bad quoting.
    bool next() {
        if (!read_record(fields_)) return false;
        if (fields_.size() != header_.size())
            throw input_error(file_, line_, std::min(fields_.size(), header_.size()) + 1,
                              "expected " + std::to_string(header_.size()) + " fields as in the header, found " +
                                  std::to_string(fields_.size()));
        return true;
    }

    /// The line the current record starts on (1-based).
    std::size_t line() const noexcept { return line_; }
    const std::vector<std::string>& fields() const noexcept { return fields_; }
    const std::string& operator[](std::size_t col) const { return fields_[col]; }

    /// Throws input_error at the current line and column `col` (0-based index).
    [[noreturn]] void fail(std::size_t col, const std::string& message) const {
        throw input_error(file_, line_, col + 1, "column '" + header_[col] + "': " + message);
    }

    /// A required, non-empty text field.
    const std::string& text(std::size_t col) const {
        if (fields_[col].empty()) fail(col, "expected a value, found an empty field");
        return fields_[col];
    }
    /// An integer in [lo, hi]; empty gives `if_empty` (or an error when that is nullopt).
    std::int64_t integer(std::size_t col, std::int64_t lo, std::int64_t hi,
                         std::optional<std::int64_t> if_empty = std::nullopt) const {
        const std::string& f = fields_[col];
        if (f.empty()) {
            if (if_empty) return *if_empty;
            fail(col, "expected an integer, found an empty field");
        }
        std::int64_t v = 0;
        auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
        if (ec != std::errc() || ptr != f.data() + f.size())
            fail(col, "expected an integer, found '" + f + "'");
        if (v < lo || v > hi)
            fail(col, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                          ", found " + f);
        return v;
    }
    /// A finite number >= lo; empty is an error.
    double number(std::size_t col, double lo = -std::numeric_limits<double>::infinity()) const {
        const std::string& f = fields_[col];
        if (f.empty()) fail(col, "expected a number, found an empty field");
        double v = 0;
        // std::from_chars for double is missing from some standard libraries; strtod with a
        // full-consumption check is strict enough and locale-independent for plain decimals.
        char* end = nullptr;
        v = std::strtod(f.c_str(), &end);
        if (end != f.c_str() + f.size() || f.find_first_of(" \t") != std::string::npos)
            fail(col, "expected a number, found '" + f + "'");
        if (!std::isfinite(v)) fail(col, "expected a finite number, found '" + f + "'");
        if (v < lo) fail(col, "expected a number of at least " + std::to_string(lo) + ", found " + f);
        return v;
    }
    /// A date YYYY-MM-DD; empty gives a special date (an open bound) unless `required`.
    date day(std::size_t col, bool required = false) const {
        const std::string& f = fields_[col];
        if (f.empty()) {
            if (required) fail(col, "expected a date YYYY-MM-DD, found an empty field");
            return date();
        }
        std::string why;
        auto d = parse_iso_date(f, &why);
        if (!d) fail(col, why + ", found '" + f + "'");
        return *d;
    }

private:
    static input_error too_large(const std::string& file, std::uintmax_t size, const csv_limits& limits) {
        return input_error(file, 0, 0, "file of " + std::to_string(size) + " bytes exceeds the limit of " +
                                           std::to_string(limits.file_bytes) + " bytes per file");
    }
    /// Checks the bounds of the field being read (bytes) and of the record (fields, bytes).
    void check_bounds(const std::string& field, std::size_t fields, std::size_t record_start) const {
        if (field.size() > limits_.field_bytes)
            throw input_error(file_, line_, fields + 1, "field longer than the limit of " +
                                                           std::to_string(limits_.field_bytes) + " bytes");
        if (pos_ - record_start > limits_.record_bytes)
            throw input_error(file_, line_, fields + 1, "record longer than the limit of " +
                                                           std::to_string(limits_.record_bytes) + " bytes");
    }
    bool read_record(std::vector<std::string>& out) {
        out.clear();
        // Skip completely empty lines between records.
        while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
            if (text_[pos_] == '\n') ++next_line_;
            ++pos_;
        }
        if (pos_ >= text_.size()) return false;
        line_ = next_line_;
        const std::size_t record_start = pos_;
        std::string field;
        std::size_t field_start_col = 1, col_in_line = 1;
        for (;;) {
            field.clear();
            field_start_col = col_in_line;
            if (pos_ < text_.size() && text_[pos_] == '"') {
                ++pos_;
                ++col_in_line;
                for (;;) {
                    if (pos_ >= text_.size())
                        throw input_error(file_, line_, out.size() + 1, "unterminated quoted field (expected a closing \")");
                    char c = text_[pos_++];
                    ++col_in_line;
                    if (c == '"') {
                        if (pos_ < text_.size() && text_[pos_] == '"') { field += '"'; ++pos_; ++col_in_line; continue; }
                        break;
                    }
                    if (c == '\n') { ++next_line_; col_in_line = 1; }
                    field += c;
                    if ((field.size() & 0xFFF) == 0) check_bounds(field, out.size(), record_start);
                }
                if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
                    throw input_error(file_, next_line_, out.size() + 1,
                                      "expected a comma or the end of the line after a closing quote");
            } else {
                while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
                    if (text_[pos_] == '"')
                        throw input_error(file_, line_, out.size() + 1,
                                          "a quote inside an unquoted field (expected the field to be quoted as a whole)");
                    field += text_[pos_++];
                    ++col_in_line;
                    if ((field.size() & 0xFFF) == 0) check_bounds(field, out.size(), record_start);
                }
            }
            (void)field_start_col;
            check_bounds(field, out.size(), record_start);
            if (!field.empty() && field.front() == '\'') field.erase(0, 1);  // the writer's formula guard
            if (out.size() >= limits_.columns)
                throw input_error(file_, line_, out.size() + 1, "more than the limit of " +
                                                                    std::to_string(limits_.columns) + " columns");
            out.push_back(field);
            if (pos_ >= text_.size()) return true;
            char c = text_[pos_++];
            ++col_in_line;
            if (c == ',') continue;
            if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
            ++next_line_;
            return true;
        }
    }

    std::string text_;
    std::string file_;
    csv_limits limits_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1, next_line_ = 1, header_line_ = 1;
    std::vector<std::string> header_;
    std::vector<std::string> fields_;
};

}  // namespace furong::test
