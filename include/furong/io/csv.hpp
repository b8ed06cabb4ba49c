#pragma once
/// @file
/// A strict CSV reader and writer (RFC 4180: quoted fields may hold commas, quotes and line
/// breaks; CRLF or LF). The reader knows where it is, so every complaint names the file, the
/// line, the column and what was expected. Every loader of the library is built on it.

#include <furong/dates.hpp>
#include <furong/detail/text_buffer.hpp>
#include <furong/error.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace furong {
namespace detail {
/// Returns the byte offset of the first invalid UTF-8 sequence, or npos. O(n); runs of
/// ASCII are skipped 16 bytes at a time (two 64-bit words with no high bit set).
inline std::size_t find_invalid_utf8(std::string_view s) {
    std::size_t i = 0, n = s.size();
    const char* d = s.data();
    while (i < n) {
        while (i + 16 <= n) {
            std::uint64_t a, b;
            std::memcpy(&a, d + i, 8);
            std::memcpy(&b, d + i + 8, 8);
            if ((a | b) & 0x8080808080808080ull) break;
            i += 16;
        }
        if (i >= n) break;
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

/// The bytes that end an unquoted CSV field or make it malformed: , " \r \n.
inline constexpr std::array<bool, 256> csv_stop = [] {
    std::array<bool, 256> t{};
    t[static_cast<unsigned char>(',')] = t[static_cast<unsigned char>('"')] = true;
    t[static_cast<unsigned char>('\r')] = t[static_cast<unsigned char>('\n')] = true;
    return t;
}();

/// Number of '\n' in [b, e), found with memchr (line breaks inside quoted fields are rare).
inline std::size_t count_newlines(const char* b, const char* e) {
    std::size_t k = 0;
    while (b < e) {
        const void* p = std::memchr(b, '\n', static_cast<std::size_t>(e - b));
        if (!p) break;
        ++k;
        b = static_cast<const char*>(p) + 1;
    }
    return k;
}
}  // namespace detail

namespace io {

/// The bounds every CSV file read by the library must keep, so that a small or hostile file
/// cannot take unbounded time or memory: passing one is an input_error naming the file, the
/// line and the column. Memory stays within a small multiple of the file (the text, plus
/// one record). Documented in docs/reliability.md, "Input limits".
struct csv_limits {
    std::uintmax_t file_bytes = std::uintmax_t(512) << 20;  ///< 512 MiB per file (checked before reading)
    std::size_t columns = 4096;                            ///< columns per file (header and rows)
    std::size_t field_bytes = std::size_t(1) << 20;        ///< 1 MiB per field
    std::size_t record_bytes = std::size_t(16) << 20;      ///< 16 MiB per record (a line, or lines joined by quotes)
};

/// Reads one CSV table record by record. The first record is the header; column names are
/// unique. Completely empty lines are skipped. Any malformed input throws furong::input_error.
///
/// Fields are views into the file's text, valid until the next call to next(): an
/// unquoted field or a quoted one without "" is not copied; a quoted field with "" is
/// unescaped once, in place (it only shrinks). Fields are found with a 256-entry table
/// of the bytes , " \r \n, quoted fields with memchr; the whole text is checked as
/// UTF-8 before the first record (ASCII 16 bytes at a time). Reading runs at several
/// hundred MB/s on one core (docs/performance.md, "CSV reader").
class csv_reader {
public:
    /// Opens `path`; `display_name` is what messages call the file (default: the file name).
    /// The file is read whole (at most `limits.file_bytes`, checked by its size first and
    /// while reading, so a device or a growing file cannot exceed it). O(file size).
    static csv_reader open(const std::filesystem::path& path, std::string display_name = {},
                           const csv_limits& limits = {}) {
        if (display_name.empty()) display_name = path.filename().string();
        std::error_code ec;
        auto size = std::filesystem::file_size(path, ec);
        if (!ec && size > limits.file_bytes) throw too_large(display_name, size, limits);
        std::ifstream in(path, std::ios::binary);
        if (!in) throw input_error(display_name, 0, 0, "cannot open file " + path.string());
        detail::text_buffer text;
        if (!ec && size > 0) {
            // One read of the expected size, then whatever a growing file added.
            text = detail::text_buffer::uninitialised(static_cast<std::size_t>(size));
            in.read(text.data(), static_cast<std::streamsize>(size));
            text.truncate(static_cast<std::size_t>(in.gcount()));
        }
        char buf[1 << 16];
        while (in && (in.read(buf, sizeof buf) || in.gcount() > 0)) {
            text.append(buf, static_cast<std::size_t>(in.gcount()));
            if (text.size() > limits.file_bytes) throw too_large(display_name, text.size(), limits);
        }
        if (in.bad()) throw input_error(display_name, 0, 0, "cannot read file " + path.string());
        return csv_reader(std::move(text), std::move(display_name), limits);
    }

    /// Parses `text` (the whole file) named `file` in messages; reads the header row.
    /// Column names are checked unique in O(columns) (a hash set).
    csv_reader(std::string text, std::string file, const csv_limits& limits = {})
        : csv_reader(detail::text_buffer(std::move(text)), std::move(file), limits) {}
    /// Parses `text` (the whole file, e.g. read by open) named `file` in messages.
    csv_reader(detail::text_buffer text, std::string file, const csv_limits& limits = {})
        : text_(std::move(text)), file_(std::move(file)), limits_(limits) {
        const std::string_view all = text_.view();
        if (all.size() > limits_.file_bytes) throw too_large(file_, all.size(), limits_);
        if (all.size() >= 3 && all.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;  // BOM
        if (all.size() >= pos_ + 3 && all.compare(pos_, 3, "\xEF\xBB\xBF") == 0)
            throw input_error(file_, 1, 1, "a second byte order mark (BOM, U+FEFF) after the first: expected one BOM at most");
        if (auto bad = detail::find_invalid_utf8(all); bad != std::string_view::npos) {
            std::size_t line = 1, col = 1;
            for (std::size_t i = 0; i < bad; ++i) {
                if (all[i] == '\n') { ++line; col = 1; }
                else if ((static_cast<unsigned char>(all[i]) & 0xC0) != 0x80) ++col;
            }
            // Excel on Chinese Windows saves "CSV" in the ANSI code page, GBK: say how to load it.
            throw input_error(file_, line, col,
                              "invalid UTF-8 byte sequence (expected UTF-8 text; if the file is GBK/GB18030 "
                              "(Excel on Chinese Windows) load it with encoding='gb18030' / --encoding gb18030)");
        }
        if (!read_record(fields_)) throw input_error(file_, 1, 0, "empty file: expected a header row");
        header_.assign(fields_.begin(), fields_.end());
        fields_.clear();
        header_line_ = line_;
        std::unordered_set<std::string_view> seen;
        seen.reserve(header_.size());
        for (std::size_t i = 0; i < header_.size(); ++i) {
            if (header_[i].empty()) throw input_error(file_, line_, i + 1, "empty column name in the header row");
            if (!seen.insert(header_[i]).second)
                throw input_error(file_, line_, i + 1, "column '" + header_[i] + "' appears twice in the header");
        }
    }

    // The fields are views into text_: a move re-points them (a short string moves its
    // characters, not a buffer); a copy is not offered.
    csv_reader(csv_reader&& o) noexcept { *this = std::move(o); }
    csv_reader& operator=(csv_reader&& o) noexcept {
        if (this == &o) return *this;
        const char* old = o.text_.data();
        text_ = std::move(o.text_);
        file_ = std::move(o.file_);
        limits_ = o.limits_;
        pos_ = o.pos_; line_ = o.line_; next_line_ = o.next_line_; header_line_ = o.header_line_;
        header_ = std::move(o.header_);
        fields_ = std::move(o.fields_);
        for (auto& f : fields_) f = std::string_view(text_.data() + (f.data() - old), f.size());
        return *this;
    }
    csv_reader(const csv_reader&) = delete;
    csv_reader& operator=(const csv_reader&) = delete;

    const csv_limits& limits() const noexcept { return limits_; }

    const std::string& file() const noexcept { return file_; }
    const std::vector<std::string>& header() const noexcept { return header_; }
    /// The size of the file's text in bytes.
    std::size_t size_bytes() const noexcept { return text_.size(); }

    /// At most how many records are left (for reserving): the line breaks after the current
    /// position plus one, and no more than the bytes left / `min_record_bytes`, so that a
    /// file of empty lines reserves nothing much. O(bytes left), at memory speed.
    std::size_t records_left_bound(std::size_t min_record_bytes = 1) const {
        const std::size_t left = text_.size() - pos_;
        const auto lines = static_cast<std::size_t>(std::count(text_.data() + pos_, text_.data() + text_.size(), '\n')) + 1;
        return std::min(lines, left / std::max<std::size_t>(min_record_bytes, 1) + 1);
    }

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
    /// The views of the previous record are invalid afterwards.
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
    const std::vector<std::string_view>& fields() const noexcept { return fields_; }
    std::string_view operator[](std::size_t col) const { return fields_[col]; }

    /// Throws input_error at the current line and column `col` (0-based index).
    [[noreturn]] void fail(std::size_t col, const std::string& message) const {
        throw input_error(file_, line_, col + 1, "column '" + header_[col] + "': " + message);
    }

    /// A required, non-empty text field.
    std::string_view text(std::size_t col) const {
        if (fields_[col].empty()) fail(col, "expected a value, found an empty field");
        return fields_[col];
    }
    /// An integer in [lo, hi]; empty gives `if_empty` (or an error when that is nullopt).
    std::int64_t integer(std::size_t col, std::int64_t lo, std::int64_t hi,
                         std::optional<std::int64_t> if_empty = std::nullopt) const {
        const std::string_view f = fields_[col];
        if (f.empty()) {
            if (if_empty) return *if_empty;
            fail(col, "expected an integer, found an empty field");
        }
        std::int64_t v = 0;
        auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
        if (ec != std::errc() || ptr != f.data() + f.size())
            fail(col, "expected an integer, found '" + std::string(f) + "'");
        if (v < lo || v > hi)
            fail(col, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                          ", found " + std::string(f));
        return v;
    }
    /// A finite number >= lo; empty is an error.
    double number(std::size_t col, double lo = -std::numeric_limits<double>::infinity()) const {
        const std::string f(fields_[col]);  // strtod needs a terminated string
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
        const std::string_view f = fields_[col];
        if (f.empty()) {
            if (required) fail(col, "expected a date YYYY-MM-DD, found an empty field");
            return date();
        }
        std::string why;
        auto d = parse_iso_date(f, &why);
        if (!d) fail(col, why + ", found '" + std::string(f) + "'");
        return *d;
    }
    /// A date YYYY-MM-DD as its day number, as day() checks it (without the date object):
    /// nullopt for an empty field unless `required`.
    std::optional<day_t> day_number(std::size_t col, bool required = false) const {
        const std::string_view f = fields_[col];
        if (f.empty()) {
            if (required) fail(col, "expected a date YYYY-MM-DD, found an empty field");
            return std::nullopt;
        }
        const char* why = "";
        auto d = parse_iso_day_cached(f, &why);
        if (!d) fail(col, std::string(why) + ", found '" + std::string(f) + "'");
        return d;
    }

private:
    static input_error too_large(const std::string& file, std::uintmax_t size, const csv_limits& limits) {
        return input_error(file, 0, 0, "file of " + std::to_string(size) + " bytes exceeds the limit of " +
                                           std::to_string(limits.file_bytes) + " bytes per file");
    }
    [[noreturn]] void field_too_long(std::size_t fields) const {
        throw input_error(file_, line_, fields + 1, "field longer than the limit of " +
                                                       std::to_string(limits_.field_bytes) + " bytes");
    }
    [[noreturn]] void record_too_long(std::size_t fields) const {
        throw input_error(file_, line_, fields + 1, "record longer than the limit of " +
                                                       std::to_string(limits_.record_bytes) + " bytes");
    }
    /// The bounds while a long field is read: the limits are checked each time the field
    /// reaches a multiple of 4096 bytes (after unescaping), the record's bytes counted up to
    /// that point, so that a hostile field fails where and as it always did. Walks the raw
    /// bytes [b, e) of the field (content only); O(e - b), called for fields of 4096 bytes
    /// or more only.
    void check_long_field(std::size_t b, std::size_t e, bool quoted, std::size_t fields,
                          std::size_t record_start) const {
        const char* d = text_.data();
        std::size_t count = 0;
        for (std::size_t i = b; i < e;) {
            if (quoted && d[i] == '"') {  // a "" pair (the caller stops e at the closing quote)
                ++count;
                i += 2;
                continue;
            }
            ++count;
            ++i;
            if ((count & 0xFFF) == 0) {
                if (count > limits_.field_bytes) field_too_long(fields);
                if (i - record_start > limits_.record_bytes) record_too_long(fields);
            }
        }
    }
    bool read_record(std::vector<std::string_view>& out) {
        out.clear();
        char* const d = text_.data();
        const std::size_t n = text_.size();
        std::size_t pos = pos_;
        // Skip completely empty lines between records.
        while (pos < n && (d[pos] == '\n' || d[pos] == '\r')) {
            if (d[pos] == '\n') ++next_line_;
            ++pos;
        }
        pos_ = pos;
        if (pos >= n) return false;
        line_ = next_line_;
        const std::size_t record_start = pos;
        for (;;) {
            std::size_t fstart, flen;
            if (pos < n && d[pos] == '"') {
                fstart = ++pos;
                // Find the closing quote: the first " not followed by another ".
                std::size_t escapes = 0, close = n;
                for (std::size_t p = pos; p < n;) {
                    const void* q = std::memchr(d + p, '"', n - p);
                    if (!q) break;
                    const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(q) - d);
                    if (at + 1 < n && d[at + 1] == '"') { ++escapes; p = at + 2; continue; }
                    close = at;
                    break;
                }
                if (close - fstart >= 4096) check_long_field(fstart, close, true, out.size(), record_start);
                next_line_ += detail::count_newlines(d + fstart, d + close);
                if (close >= n) {
                    pos_ = n;
                    throw input_error(file_, line_, out.size() + 1, "unterminated quoted field (expected a closing \")");
                }
                pos = close + 1;
                if (pos < n && d[pos] != ',' && d[pos] != '\n' && d[pos] != '\r') {
                    pos_ = pos;
                    throw input_error(file_, next_line_, out.size() + 1,
                                      "expected a comma or the end of the line after a closing quote");
                }
                flen = close - fstart - escapes;
                if (escapes) {  // unescape in place: "" -> "
                    std::size_t w = fstart;
                    for (std::size_t r = fstart; r < close; ++r, ++w) {
                        d[w] = d[r];
                        if (d[r] == '"') ++r;
                    }
                }
            } else {
                fstart = pos;
                while (pos < n && !detail::csv_stop[static_cast<unsigned char>(d[pos])]) ++pos;
                if (pos - fstart >= 4096) check_long_field(fstart, pos, false, out.size(), record_start);
                if (pos < n && d[pos] == '"') {
                    pos_ = pos;
                    throw input_error(file_, line_, out.size() + 1,
                                      "a quote inside an unquoted field (expected the field to be quoted as a whole)");
                }
                flen = pos - fstart;
            }
            if (flen > limits_.field_bytes) field_too_long(out.size());
            if (pos - record_start > limits_.record_bytes) record_too_long(out.size());
            if (flen && d[fstart] == '\'') { ++fstart; --flen; }  // the writer's formula guard
            if (out.size() >= limits_.columns)
                throw input_error(file_, line_, out.size() + 1, "more than the limit of " +
                                                                    std::to_string(limits_.columns) + " columns");
            out.emplace_back(d + fstart, flen);
            if (pos >= n) { pos_ = pos; return true; }
            const char c = d[pos++];
            if (c == ',') continue;
            if (c == '\r' && pos < n && d[pos] == '\n') ++pos;
            ++next_line_;
            pos_ = pos;
            return true;
        }
    }

    detail::text_buffer text_;
    std::string file_;
    csv_limits limits_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1, next_line_ = 1, header_line_ = 1;
    std::vector<std::string> header_;
    std::vector<std::string_view> fields_;
};

/// True when a spreadsheet opening the CSV file would evaluate `f` as a formula (it starts
/// with = + - @, a tab or a carriage return) and it is not a plain number (negative numbers
/// stay numbers). O(|f|).
inline bool looks_like_formula(std::string_view f) {
    if (f.empty()) return false;
    const char c = f.front();
    if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r') return false;
    double v = 0;
    const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    return !(ec == std::errc() && end == f.data() + f.size() && std::isfinite(v));
}

/// Writes CSV rows, quoting a field only when it needs it (comma, quote, line break, or
/// leading/trailing space) so that files stay easy to read and diff.
///
/// Formula guard (CSV injection; docs/data-format.md): a field a spreadsheet would evaluate
/// (looks_like_formula) is written with a leading apostrophe, which spreadsheets show as
/// text; a field that itself starts with an apostrophe gets one more. csv_reader strips one
/// leading apostrophe from every field, so every text reads back unchanged.
class csv_writer {
public:
    explicit csv_writer(std::ostream& out) : out_(out) {}
    void row(const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i) out_ << ',';
            field(fields[i]);
        }
        out_ << '\n';
    }
    void field(std::string_view f) {
        if (looks_like_formula(f) || (!f.empty() && f.front() == '\'')) {
            std::string guarded;
            guarded.reserve(f.size() + 1);
            guarded += '\'';
            guarded += f;
            write(guarded);
            return;
        }
        write(f);
    }

private:
    void write(std::string_view f) {
        bool quote = f.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!f.empty() && (f.front() == ' ' || f.back() == ' '));
        if (!quote) { out_ << f; return; }
        out_ << '"';
        for (char c : f) {
            if (c == '"') out_ << '"';
            out_ << c;
        }
        out_ << '"';
    }

    std::ostream& out_;
};

}  // namespace io
}  // namespace furong
