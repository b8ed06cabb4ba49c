#pragma once
/// @file
/// Dates: strict ISO 8601 parsing (YYYY-MM-DD, real calendar days only) and inclusive validity
/// intervals. Dates are boost::gregorian::date at the API; intervals store day numbers so
/// that "active on d" is two integer comparisons in the hot loops of the queries.

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace furong {

using date = boost::gregorian::date;

namespace detail {
/// The one check of an ISO date: exactly `YYYY-MM-DD`, years 1400..9999, a real calendar
/// day. Fills year, month, day and returns nullptr, or returns the reason it is not one.
inline const char* check_iso_date(std::string_view s, int& year, int& month, int& day) noexcept {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return "expected a date YYYY-MM-DD";
    int parts[3] = {0, 0, 0};
    const int starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p)
        for (int i = 0; i < lengths[p]; ++i) {
            char c = s[static_cast<std::size_t>(starts[p] + i)];
            if (c < '0' || c > '9') return "expected a date YYYY-MM-DD";
            parts[p] = parts[p] * 10 + (c - '0');
        }
    if (parts[0] < 1400) return "year before 1400 is outside the supported range";
    if (parts[1] < 1 || parts[1] > 12) return "month must be 01..12";
    const bool leap = (parts[0] % 4 == 0 && parts[0] % 100 != 0) || parts[0] % 400 == 0;
    static constexpr int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (parts[2] < 1 || parts[2] > days_in_month[parts[1] - 1] + (parts[1] == 2 && leap))
        return "no such day in that month";
    year = parts[0];
    month = parts[1];
    day = parts[2];
    return nullptr;
}
}  // namespace detail

/// Parses exactly `YYYY-MM-DD` (years 1400..9999, a real calendar day: 2025-02-30 is rejected).
/// Returns std::nullopt and, when `why` is given, a reason, for anything else.
inline std::optional<date> parse_iso_date(std::string_view s, std::string* why = nullptr) {
    int y = 0, m = 0, d = 0;
    if (const char* reason = detail::check_iso_date(s, y, m, d)) {
        if (why) *why = reason;
        return std::nullopt;
    }
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(d));
}

/// Formats a date as YYYY-MM-DD; an empty string for a special value (open bound).
inline std::string to_iso(date d) {
    if (d.is_special()) return std::string();
    auto ymd = d.year_month_day();
    char buf[11];
    unsigned y = ymd.year, m = ymd.month, dd = ymd.day;
    buf[0] = char('0' + y / 1000 % 10); buf[1] = char('0' + y / 100 % 10);
    buf[2] = char('0' + y / 10 % 10);   buf[3] = char('0' + y % 10);
    buf[4] = '-'; buf[5] = char('0' + m / 10); buf[6] = char('0' + m % 10);
    buf[7] = '-'; buf[8] = char('0' + dd / 10); buf[9] = char('0' + dd % 10);
    return std::string(buf, 10);
}

/// Day number of a date (Julian day), the integer the snapshot compares.
using day_t = std::int32_t;
inline day_t day_of(date d) { return static_cast<day_t>(d.day_number()); }
/// The last day of the supported range (9999-12-31; the first is 1400-01-01): a date
/// computed past it (a due date from an SLA) is an error, not a silently odd date.
inline day_t last_supported_day() {
    static const day_t last = static_cast<day_t>(date(9999, 12, 31).day_number());
    return last;
}
/// Parses a date as parse_iso_date does (same rule, same reasons in `why`) straight to its
/// day number, without a date object: the loaders' path for millions of dates. O(1).
inline std::optional<day_t> parse_iso_day(std::string_view s, const char** why = nullptr) noexcept {
    int y = 0, m = 0, d = 0;
    if (const char* reason = detail::check_iso_date(s, y, m, d)) {
        if (why) *why = reason;
        return std::nullopt;
    }
    // The Julian day number of the proleptic Gregorian calendar, as date::day_number().
    const int a = (14 - m) / 12, yy = y + 4800 - a, mm = m + 12 * a - 3;
    return static_cast<day_t>(d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045);
}
/// parse_iso_day, remembering the last days parsed on this thread by their text: the
/// loaders read millions of dates that fall on a few thousand days. Same results and reasons.
inline std::optional<day_t> parse_iso_day_cached(std::string_view s, const char** why = nullptr) noexcept {
    if (s.size() != 10) return parse_iso_day(s, why);
    struct slot {
        std::uint64_t head = 0;
        std::uint16_t tail = 0;
        bool used = false;
        day_t day = 0;
    };
    thread_local slot memo[4096];
    std::uint64_t head = 0;
    std::uint16_t tail = 0;
    std::memcpy(&head, s.data(), 8);
    std::memcpy(&tail, s.data() + 8, 2);
    slot& m = memo[((head ^ (std::uint64_t{tail} << 48)) * 0x9E3779B97F4A7C15ull) >> 52];
    if (m.used && m.head == head && m.tail == tail) return m.day;
    auto d = parse_iso_day(s, why);
    if (d) m = {head, tail, true, *d};
    return d;
}
inline date date_of(day_t day) {
    return date(boost::gregorian::gregorian_calendar::from_day_number(
        static_cast<boost::gregorian::gregorian_calendar::date_int_type>(day)));
}

/// An inclusive validity interval [since, until]; either bound may be open.
/// A link or role is active on day d when since <= d <= until.
struct validity {
    static constexpr day_t open_since = std::numeric_limits<day_t>::min();
    static constexpr day_t open_until = std::numeric_limits<day_t>::max();
    day_t since = open_since;
    day_t until = open_until;

    /// Builds from dates; a special (not_a_date_time) date means an open bound.
    static validity between(date since, date until) {
        validity v;
        if (!since.is_special()) v.since = day_of(since);
        if (!until.is_special()) v.until = day_of(until);
        return v;
    }
    bool active_on(day_t d) const noexcept { return since <= d && d <= until; }
    bool active_on(date d) const { return active_on(day_of(d)); }
    /// True after an end date was set before the start: the interval holds no day.
    bool empty() const noexcept { return since > until; }
    bool always() const noexcept { return since == open_since && until == open_until; }
    date since_date() const { return since == open_since ? date() : date_of(since); }
    date until_date() const { return until == open_until ? date() : date_of(until); }
    friend bool operator==(const validity& a, const validity& b) { return a.since == b.since && a.until == b.until; }
};

/// The as-of filter every query takes: a day, or "all links whatever their dates".
struct as_of {
    std::optional<day_t> day;
    as_of() = default;
    as_of(date d) : day(d.is_special() ? std::optional<day_t>() : std::optional<day_t>(day_of(d))) {}  // NOLINT: implicit on purpose
    bool admits(const validity& v) const noexcept { return !day || v.active_on(*day); }
};

}  // namespace furong
