#pragma once
/// @file
/// The working-day calendar of the ledger, the SLA table that turns a category into a due
/// date, and schedule rules ("the second Tuesday of every month") for planned meetings.
///
/// Working days: Monday to Friday, minus listed holidays, plus listed make-up workdays
/// (weekend days made working days, as around the Spring Festival and National Day).
/// "raised + N working days" is the N-th working day after the raised day (N = 0 gives the
/// raised day itself, whatever it is).
///
/// Example:
/// @code
///   furong::working_calendar cal;
///   cal.add_holiday(furong::date(2025, 10, 1));
///   cal.add_workday(furong::date(2025, 9, 28));               // a Sunday made a workday
///   furong::date due = cal.add_working_days(furong::date(2025, 9, 26), 1);  // 2025-09-28
///   furong::sla_table sla;                                    // default: 15 working days
///   sla.set("fire_safety", {3, furong::sla_unit::working});
///   furong::date d2 = sla.due("fire_safety", furong::date(2025, 9, 26), cal);
/// @endcode

#include <furong/dates.hpp>
#include <furong/domain/official_calendar.hpp>
#include <furong/error.hpp>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furong {

namespace detail {
/// Day of week of a day number (Julian day): 0 = Sunday .. 6 = Saturday. JDN 0 was a Monday,
/// so (jdn + 1) mod 7 is 0 on Sundays; integer arithmetic avoids a date conversion per day.
constexpr int weekday_of(day_t day) noexcept {
    int r = static_cast<int>((static_cast<std::int64_t>(day) + 1) % 7);
    return r < 0 ? r + 7 : r;
}
}  // namespace detail

/// Kind of a calendar override listed in calendar.csv.
enum class calendar_kind : std::uint8_t { holiday, workday };

/// What a working_calendar falls back to for a day that calendar.csv does not list.
enum class calendar_base : std::uint8_t {
    official,  ///< China's official calendar (domain/official_calendar.hpp), then Monday-Friday
    weekdays,  ///< Monday-Friday only (no official data)
};

/// Working-day calendar. The status of a day, first rule that applies:
/// 1. listed in calendar.csv (a holiday or a make-up workday),
/// 2. the official calendar (State Council notices, official_first_year..official_last_year),
///    unless the calendar was built with calendar_base::weekdays,
/// 3. Monday to Friday.
/// A date may be listed twice with the same kind; listing it with both kinds is an error.
///
/// Coverage: a day is *covered* when the official calendar knows it (its year is one of the
/// shipped notices). Outside, rule 3 is a guess, so due dates counted across an uncovered day
/// are provisional (ledger::due_provisional). A weekdays-only calendar claims nothing and
/// covers every day.
class working_calendar {
public:
    /// The official calendar under calendar.csv (the default everywhere furong reads a ledger).
    working_calendar() : working_calendar(calendar_base::official) {}
    explicit working_calendar(calendar_base base) : base_(base) { rebuild(); }

    calendar_base base() const noexcept { return base_; }

    /// Lists `d` as a holiday. Throws argument_error when `d` is already a listed workday.
    /// Complexity: O(k + table days) per call (sorted insert, then the tables are rebuilt).
    void add_holiday(date d) { add(d, calendar_kind::holiday); }
    /// Lists `d` as a make-up workday. Throws argument_error when `d` is a listed holiday.
    void add_workday(date d) { add(d, calendar_kind::workday); }

    /// Lists `d` with `kind`. @param d a real date (not special). Throws argument_error on a
    /// conflict with the other kind; a repeat of the same kind is accepted and ignored.
    void add(date d, calendar_kind kind) {
        if (d.is_special()) throw argument_error("calendar: a holiday or workday needs a real date");
        day_t day = day_of(d);
        auto& mine = kind == calendar_kind::holiday ? holidays_ : workdays_;
        const auto& other = kind == calendar_kind::holiday ? workdays_ : holidays_;
        if (std::binary_search(other.begin(), other.end(), day))
            throw argument_error("calendar: " + to_iso(d) + " is listed both as a holiday and as a workday");
        auto it = std::lower_bound(mine.begin(), mine.end(), day);
        if (it != mine.end() && *it == day) return;
        mine.insert(it, day);
        rebuild();
    }

    /// The listed (calendar.csv) override of a day, if any.
    std::optional<calendar_kind> listed(date d) const {
        day_t day = day_of(d);
        if (std::binary_search(holidays_.begin(), holidays_.end(), day)) return calendar_kind::holiday;
        if (std::binary_search(workdays_.begin(), workdays_.end(), day)) return calendar_kind::workday;
        return std::nullopt;
    }

    /// True when `day` is a working day. O(1): one table lookup or weekday arithmetic.
    bool is_working_day(day_t day) const noexcept {
        if (day >= lo_ && day <= hi_) return work_[static_cast<std::size_t>(day - lo_)] != 0;
        int w = detail::weekday_of(day);
        return w != 0 && w != 6;
    }
    bool is_working_day(date d) const { return is_working_day(day_of(d)); }

    /// True when the status of `day` is known from the official calendar (its year is one of
    /// the shipped notices), or when the calendar is weekdays-only (it claims nothing). O(1).
    bool covers(day_t day) const noexcept {
        if (base_ == calendar_base::weekdays) return true;
        const auto& t = official_table::get();
        return day >= t.first_day && day <= t.last_day;
    }
    bool covers(date d) const { return covers(day_of(d)); }
    /// True when every day of [a, b] is covered (true for an empty range, b < a). O(1).
    bool covers(day_t a, day_t b) const noexcept { return b < a || (covers(a) && covers(b)); }
    /// The first and last covered days of an official calendar (2005-01-01 ..
    /// official_last_year-12-31).
    static date first_covered() { return date_of(official_table::get().first_day); }
    static date last_covered() { return date_of(official_table::get().last_day); }

    /// The n-th working day after `start` (n > 0), the |n|-th working day before it (n < 0),
    /// or `start` itself (n == 0). Complexity: O(log |n|) through the prefix counts.
    /// Example: Friday + 1 = the next Monday unless Monday is a holiday.
    day_t add_working_days(day_t start, int n) const {
        if (n == 0) return start;
        // W(d) = working days before d is non-decreasing and grows by 1 exactly on working
        // days, so the answer is the smallest d > start with W(d + 1) - W(start + 1) >= n (n > 0),
        // or the largest d < start with W(start) - W(d) >= |n| (n < 0). Every 7 consecutive
        // days outside the tables hold 5 working days, so doubling the step finds a bound.
        if (n > 0) {
            const std::int64_t base = before(static_cast<std::int64_t>(start) + 1);
            std::int64_t lo = start, hi = static_cast<std::int64_t>(start) + n;  // lo fails, search hi
            while (before(hi + 1) - base < n) { lo = hi; hi = start + 2 * (hi - start); }
            while (hi - lo > 1) {
                std::int64_t mid = lo + (hi - lo) / 2;
                (before(mid + 1) - base >= n ? hi : lo) = mid;
            }
            return static_cast<day_t>(hi);
        }
        const std::int64_t m = -static_cast<std::int64_t>(n);
        const std::int64_t top = before(start);
        std::int64_t hi = start, lo = static_cast<std::int64_t>(start) - m;  // hi fails, search lo
        while (top - before(lo) < m) { hi = lo; lo = start - 2 * (start - lo); }
        while (hi - lo > 1) {
            std::int64_t mid = lo + (hi - lo) / 2;
            (top - before(mid) >= m ? lo : hi) = mid;
        }
        return static_cast<day_t>(lo);
    }
    date add_working_days(date start, int n) const { return date_of(add_working_days(day_of(start), n)); }

    /// Number of working days d with a < d <= b; when b < a, minus the number with
    /// b <= d < a. So for a working day b, add_working_days(a, working_days_between(a, b)) == b.
    /// O(1): two prefix counts.
    long working_days_between(day_t a, day_t b) const {
        if (b >= a) return static_cast<long>(before(static_cast<std::int64_t>(b) + 1) - before(static_cast<std::int64_t>(a) + 1));
        return -static_cast<long>(before(a) - before(b));
    }
    long working_days_between(date a, date b) const { return working_days_between(day_of(a), day_of(b)); }

    /// Listed holidays and workdays, ascending (what calendar.csv holds).
    std::vector<date> holidays() const { return dates(holidays_); }
    std::vector<date> workdays() const { return dates(workdays_); }
    /// True when calendar.csv lists nothing (the official calendar is not counted).
    bool empty() const noexcept { return holidays_.empty() && workdays_.empty(); }

    friend bool operator==(const working_calendar& a, const working_calendar& b) {
        return a.base_ == b.base_ && a.holidays_ == b.holidays_ && a.workdays_ == b.workdays_;
    }
    friend bool operator!=(const working_calendar& a, const working_calendar& b) { return !(a == b); }

private:
    static std::vector<date> dates(const std::vector<day_t>& v) {
        std::vector<date> out;
        out.reserve(v.size());
        for (day_t d : v) out.push_back(date_of(d));
        return out;
    }
    /// Monday-Friday days in [0, d) for any d (floor arithmetic on the Julian day number;
    /// JDN 0 was a Monday, so each block of 7 from 0 is Mon..Sun).
    static std::int64_t weekdays_before(std::int64_t d) noexcept {
        std::int64_t q = d >= 0 ? d / 7 : -((-d + 6) / 7);
        std::int64_t r = d - 7 * q;  // 0..6, days of the partial week from Monday
        return 5 * q + std::min<std::int64_t>(r, 5);
    }
    /// Working days before d, counted from JDN 0 (a consistent origin, only differences
    /// matter): the Monday-Friday count corrected by the table's differences up to d.
    std::int64_t before(std::int64_t d) const noexcept {
        std::int64_t k = d <= lo_ ? 0 : d > static_cast<std::int64_t>(hi_) + 1 ? static_cast<std::int64_t>(hi_) - lo_ + 1 : d - lo_;
        return weekdays_before(d) + (k == 0 ? 0 : delta_[static_cast<std::size_t>(k)]);
    }
    // Dense tables over [lo, hi], the union of the official years (unless weekdays-only) and
    // the listed days: work_ says whether each day works, so is_working_day is a lookup (SLA
    // due dates are computed for every item on load); delta_[k] = (working days - weekdays)
    // over [lo, lo + k), so that counting working days between two days is O(1).
    void rebuild() {
        lo_ = 1; hi_ = 0;
        const auto& t = official_table::get();
        bool off = base_ == calendar_base::official;
        auto widen = [&](day_t a, day_t b) {
            if (lo_ > hi_) { lo_ = a; hi_ = b; return; }
            lo_ = std::min(lo_, a); hi_ = std::max(hi_, b);
        };
        if (off) widen(t.first_day, t.last_day);
        if (!holidays_.empty()) widen(holidays_.front(), holidays_.back());
        if (!workdays_.empty()) widen(workdays_.front(), workdays_.back());
        work_.clear(); delta_.clear();
        if (lo_ > hi_) { delta_.assign(1, 0); return; }
        std::size_t n = static_cast<std::size_t>(hi_ - lo_) + 1;
        work_.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            day_t d = lo_ + static_cast<day_t>(i);
            int w = detail::weekday_of(d);
            work_[i] = (w != 0 && w != 6) ? 1 : 0;
            if (off && d >= t.first_day && d <= t.last_day) work_[i] = t.working[static_cast<std::size_t>(d - t.first_day)];
        }
        for (day_t d : holidays_) work_[static_cast<std::size_t>(d - lo_)] = 0;
        for (day_t d : workdays_) work_[static_cast<std::size_t>(d - lo_)] = 1;
        delta_.assign(n + 1, 0);
        for (std::size_t i = 0; i < n; ++i) {
            int w = detail::weekday_of(lo_ + static_cast<day_t>(i));
            delta_[i + 1] = delta_[i] + work_[i] - ((w != 0 && w != 6) ? 1 : 0);
        }
    }
    calendar_base base_ = calendar_base::official;
    std::vector<day_t> holidays_, workdays_;  // sorted, unique (calendar.csv)
    day_t lo_ = 1, hi_ = 0;
    std::vector<std::uint8_t> work_;     // 1 working, 0 off, per day of [lo, hi]
    std::vector<std::int32_t> delta_;    // prefix of (working - weekday) over [lo, lo + k)
};

/// Unit of an SLA: calendar days or working days.
enum class sla_unit : std::uint8_t { calendar, working };

namespace detail {
inline constexpr std::array<std::string_view, 2> sla_unit_names{"calendar", "working"};
inline constexpr std::array<std::string_view, 2> calendar_kind_names{"holiday", "workday"};
}  // namespace detail
constexpr std::string_view name_of(sla_unit u) { return detail::sla_unit_names[static_cast<std::size_t>(u)]; }
constexpr std::string_view name_of(calendar_kind k) { return detail::calendar_kind_names[static_cast<std::size_t>(k)]; }
inline std::optional<sla_unit> parse_sla_unit(std::string_view s) {
    for (std::size_t i = 0; i < detail::sla_unit_names.size(); ++i)
        if (detail::sla_unit_names[i] == s) return static_cast<sla_unit>(i);
    return std::nullopt;
}
inline std::optional<calendar_kind> parse_calendar_kind(std::string_view s) {
    for (std::size_t i = 0; i < detail::calendar_kind_names.size(); ++i)
        if (detail::calendar_kind_names[i] == s) return static_cast<calendar_kind>(i);
    return std::nullopt;
}

/// Time allowed to handle an item of a category.
struct sla_rule {
    int days = 15;                       ///< 0..3650
    sla_unit unit = sla_unit::working;
    friend bool operator==(const sla_rule& a, const sla_rule& b) { return a.days == b.days && a.unit == b.unit; }
    friend bool operator!=(const sla_rule& a, const sla_rule& b) { return !(a == b); }
};

/// SLA per category with a default for categories not listed.
/// The documented default is **15 working days** (about three calendar weeks, the usual
/// reply period of the 12345 hotline); sla.csv may override it with the category `*`.
class sla_table {
public:
    static constexpr sla_rule builtin_default{15, sla_unit::working};
    /// The category name that sets the default in sla.csv.
    static constexpr std::string_view default_category = "*";

    /// Sets the rule of a category (`*` sets the default). Throws argument_error for days
    /// outside 0..3650 or an empty category.
    void set(const std::string& category, sla_rule rule) {
        if (rule.days < 0 || rule.days > 3650) throw argument_error("sla: days must be 0..3650");
        if (category.empty()) throw argument_error("sla: empty category");
        if (category == default_category) { default_ = rule; has_default_ = true; return; }
        rules_[category] = rule;
    }
    /// The rule of a category, or the default.
    sla_rule rule(std::string_view category) const {
        auto it = rules_.find(std::string(category));
        return it == rules_.end() ? default_ : it->second;
    }
    /// Due date of an item of `category` raised on `raised`. O(log days) for working days.
    /// Throws argument_error when the due date would fall after 9999-12-31 (the last
    /// supported date).
    date due(std::string_view category, date raised, const working_calendar& cal) const {
        return date_of(due(rule(category), day_of(raised), cal));
    }
    static day_t due(sla_rule r, day_t raised, const working_calendar& cal) {
        const day_t last = last_supported_day();
        if (raised > last || last - raised < r.days)  // even working days: at least r.days calendar days
            throw argument_error("the due date of an item raised on " + to_iso(date_of(raised)) + " with an SLA of " +
                                 std::to_string(r.days) + " days falls after 9999-12-31, the last supported date");
        day_t d = r.unit == sla_unit::calendar ? raised + r.days : cal.add_working_days(raised, r.days);
        if (d > last)
            throw argument_error("the due date of an item raised on " + to_iso(date_of(raised)) + " with an SLA of " +
                                 std::to_string(r.days) + " working days falls after 9999-12-31, the last supported date");
        return d;
    }
    const std::map<std::string, sla_rule>& rules() const noexcept { return rules_; }
    sla_rule default_rule() const noexcept { return default_; }
    /// True when the default was set explicitly (so that save writes the `*` row back).
    bool default_set() const noexcept { return has_default_; }

    friend bool operator==(const sla_table& a, const sla_table& b) {
        return a.rules_ == b.rules_ && a.default_ == b.default_ && a.has_default_ == b.has_default_;
    }

private:
    std::map<std::string, sla_rule> rules_;
    sla_rule default_ = builtin_default;
    bool has_default_ = false;
};

/// A rule producing planned meeting dates:
/// - nth weekday of every month ("second tuesday": n = 1..5; a month without a fifth such
///   day has no date for n = 5),
/// - last weekday of every month ("last friday"),
/// - every N weeks from an anchor date ("every 2 weeks from 2025-01-07").
/// Built on Boost.Date_Time's nth_kday_of_month and last_kday_of_month.
///
/// Example:
/// @code
///   auto r = furong::schedule_rule::parse("second tuesday");
///   auto ds = r.dates(furong::date(2025, 1, 1), furong::date(2025, 3, 31));
///   // 2025-01-14, 2025-02-11, 2025-03-11
/// @endcode
class schedule_rule {
public:
    enum class kind : std::uint8_t { nth_weekday, last_weekday, every_n_weeks };

    /// @param n 1..5 @param weekday 0 = Sunday .. 6 = Saturday
    static schedule_rule nth_weekday(int n, int weekday) {
        if (n < 1 || n > 5) throw argument_error("schedule: n must be 1..5");
        check_weekday(weekday);
        return schedule_rule(kind::nth_weekday, n, weekday, date());
    }
    /// @param weekday 0 = Sunday .. 6 = Saturday
    static schedule_rule last_weekday(int weekday) {
        check_weekday(weekday);
        return schedule_rule(kind::last_weekday, 0, weekday, date());
    }
    /// Every `n` weeks (n >= 1) on the anchor's weekday, the anchor included.
    static schedule_rule every_n_weeks(int n, date anchor) {
        if (n < 1) throw argument_error("schedule: every N weeks needs N >= 1");
        if (anchor.is_special()) throw argument_error("schedule: every N weeks needs an anchor date");
        return schedule_rule(kind::every_n_weeks, n, anchor.day_of_week().as_number(), anchor);
    }

    /// Parses "second tuesday", "2nd tue", "last friday", "every week from 2025-01-07",
    /// "every 2 weeks from 2025-01-07" (case-insensitive). Throws argument_error otherwise.
    static schedule_rule parse(std::string_view text) {
        std::vector<std::string> w;
        std::string cur;
        for (char c : text) {
            if (c == ' ' || c == '\t') { if (!cur.empty()) w.push_back(cur); cur.clear(); }
            else cur += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        if (!cur.empty()) w.push_back(cur);
        auto bad = [&]() -> schedule_rule {
            throw argument_error("schedule: cannot read '" + std::string(text) +
                                 "' (expected e.g. 'second tuesday', 'last friday' or 'every 2 weeks from 2025-01-07')");
        };
        // Optional trailing "of every month".
        if (w.size() == 5 && w[2] == "of" && w[3] == "every" && w[4] == "month") w.resize(2);
        if (w.size() == 2) {
            int wd = parse_weekday(w[1]);
            if (wd < 0) return bad();
            if (w[0] == "last") return last_weekday(wd);
            static const char* ords[5][2] = {{"first", "1st"}, {"second", "2nd"}, {"third", "3rd"},
                                             {"fourth", "4th"}, {"fifth", "5th"}};
            for (int i = 0; i < 5; ++i)
                if (w[0] == ords[i][0] || w[0] == ords[i][1]) return nth_weekday(i + 1, wd);
            return bad();
        }
        if (w.size() == 4 && w[0] == "every" && w[1] == "week" && w[2] == "from") {
            auto d = parse_iso_date(w[3]);
            if (!d) return bad();
            return every_n_weeks(1, *d);
        }
        if (w.size() == 5 && w[0] == "every" && w[2] == "weeks" && w[3] == "from") {
            int n = 0;
            for (char c : w[1]) {
                if (c < '0' || c > '9' || n > 1000) return bad();
                n = n * 10 + (c - '0');
            }
            auto d = parse_iso_date(w[4]);
            if (!d || n < 1) return bad();
            return every_n_weeks(n, *d);
        }
        return bad();
    }

    /// The canonical text of the rule (parse(describe()) == *this).
    std::string describe() const {
        static const char* ords[5] = {"first", "second", "third", "fourth", "fifth"};
        static const char* days[7] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
        switch (kind_) {
            case kind::nth_weekday: return std::string(ords[n_ - 1]) + " " + days[weekday_];
            case kind::last_weekday: return std::string("last ") + days[weekday_];
            case kind::every_n_weeks:
                return n_ == 1 ? "every week from " + to_iso(anchor_)
                               : "every " + std::to_string(n_) + " weeks from " + to_iso(anchor_);
        }
        return {};
    }

    /// Planned dates in [from, to], ascending. Complexity: O(months) or O(weeks in range).
    std::vector<date> dates(date from, date to) const {
        std::vector<date> out;
        if (from.is_special() || to.is_special() || to < from) return out;
        namespace g = boost::gregorian;
        if (kind_ == kind::every_n_weeks) {
            day_t a = day_of(anchor_), f = day_of(from), t = day_of(to), step = 7 * n_;
            day_t first = a;
            if (f > a) first = a + ((f - a + step - 1) / step) * step;
            for (day_t d = first; d <= t; d += step) out.push_back(date_of(d));
            return out;
        }
        auto wd = g::greg_weekday(static_cast<unsigned short>(weekday_));
        int y = from.year(), m = from.month();
        for (;;) {
            std::optional<date> d;
            auto month = g::greg_month(static_cast<unsigned short>(m));
            if (kind_ == kind::last_weekday) {
                d = g::last_kday_of_month(wd, month).get_date(static_cast<unsigned short>(y));
            } else if (n_ <= 4) {
                d = g::nth_kday_of_month(static_cast<g::nth_kday_of_month::week_num>(n_), wd, month)
                        .get_date(static_cast<unsigned short>(y));
            } else {
                // Boost's "fifth" falls back to the last one; a fifth Tuesday that does not
                // exist should give no meeting, not a repeat of the fourth.
                date l = g::last_kday_of_month(wd, month).get_date(static_cast<unsigned short>(y));
                if (l.day() > 28) d = l;
            }
            if (d && *d >= from && *d <= to) out.push_back(*d);
            if (y > to.year() || (y == to.year() && m >= to.month())) break;
            if (++m > 12) { m = 1; ++y; }
        }
        return out;
    }

    kind rule_kind() const noexcept { return kind_; }
    int n() const noexcept { return n_; }
    int weekday() const noexcept { return weekday_; }
    date anchor() const { return anchor_; }
    friend bool operator==(const schedule_rule& a, const schedule_rule& b) {
        return a.kind_ == b.kind_ && a.n_ == b.n_ && a.weekday_ == b.weekday_ && a.anchor_ == b.anchor_;
    }

private:
    schedule_rule(kind k, int n, int wd, date anchor) : kind_(k), n_(n), weekday_(wd), anchor_(anchor) {}
    static void check_weekday(int wd) {
        if (wd < 0 || wd > 6) throw argument_error("schedule: weekday must be 0 (Sunday) .. 6 (Saturday)");
    }
    static int parse_weekday(const std::string& s) {
        static const char* full[7] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
        for (int i = 0; i < 7; ++i) {
            std::string f = full[i];
            if (s == f || s == f + "s" || s == f.substr(0, 3)) return i;
        }
        return -1;
    }
    kind kind_;
    int n_;
    int weekday_;
    date anchor_;
};

}  // namespace furong
