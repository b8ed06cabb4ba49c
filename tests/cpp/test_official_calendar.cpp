// The official calendar (State Council notices) under calendar.csv: precedence, coverage,
// the constant-time counts against day-by-day loops, and provisional due dates.
#include <catch2/catch.hpp>

#include <furong/domain/calendar.hpp>
#include <furong/domain/ledger.hpp>
#include <furong/domain/official_calendar.hpp>

#include <random>

namespace {

using furong::date;
using furong::day_of;
using furong::day_t;
namespace g = boost::gregorian;

// Day-by-day references, through Boost's weekday and the calendar's own is_working_day.
long loop_between(const furong::working_calendar& cal, day_t a, day_t b) {
    long n = 0;
    if (b >= a) {
        for (day_t d = a + 1; d <= b; ++d) n += cal.is_working_day(d) ? 1 : 0;
        return n;
    }
    for (day_t d = b; d < a; ++d) n += cal.is_working_day(d) ? 1 : 0;
    return -n;
}
day_t loop_add(const furong::working_calendar& cal, day_t start, int n) {
    day_t d = start;
    int step = n >= 0 ? 1 : -1;
    for (int left = n >= 0 ? n : -n; left > 0;) {
        d += step;
        if (cal.is_working_day(d)) --left;
    }
    return d;
}

}  // namespace

TEST_CASE("official calendar: notices of 2025 and 2026", "[official_calendar]") {
    furong::working_calendar cal;  // official by default
    CHECK_FALSE(cal.is_working_day(date(2026, 1, 1)));    // New Year, Thursday
    CHECK_FALSE(cal.is_working_day(date(2026, 1, 2)));    // Friday, in lieu
    CHECK(cal.is_working_day(date(2026, 1, 4)));          // make-up Sunday
    CHECK_FALSE(cal.is_working_day(date(2026, 2, 23)));   // Spring Festival, Monday
    CHECK(cal.is_working_day(date(2026, 2, 28)));         // make-up Saturday
    CHECK(cal.is_working_day(date(2025, 9, 28)));         // make-up Sunday
    CHECK_FALSE(cal.is_working_day(date(2025, 10, 8)));   // National Day + Mid-Autumn
    CHECK(cal.is_working_day(date(2005, 12, 31)));        // 2006's notice: Saturday worked for 3 Jan
    CHECK_FALSE(cal.is_working_day(date(2015, 9, 3)));    // the 70th anniversary holiday
    CHECK(cal.is_working_day(date(2015, 9, 6)));
    CHECK_FALSE(cal.is_working_day(date(2020, 1, 31)));   // the 2020 extension
    CHECK_FALSE(cal.is_working_day(date(2020, 2, 1)));    // its make-up Saturday cancelled
    // The example: raised Thursday 2025-12-11, 15 working days: 2026-01-04, not New Year.
    furong::sla_table sla;
    CHECK(sla.due("any", date(2025, 12, 11), cal) == date(2026, 1, 4));
    furong::working_calendar plain(furong::calendar_base::weekdays);
    CHECK(sla.due("any", date(2025, 12, 11), plain) == date(2026, 1, 1));
}

TEST_CASE("official calendar: every entry is well formed", "[official_calendar]") {
    for (const auto& e : furong::official_entries) {
        date a(e.y1, e.m1, e.d1), b(e.y2, e.m2, e.d2);
        REQUIRE(a <= b);
        REQUIRE(b - a <= g::date_duration(10));  // no span longer than the 2020 Spring Festival
        if (e.workday) {
            REQUIRE(a == b);
            auto w = a.day_of_week().as_number();
            REQUIRE((w == 0 || w == 6));  // a make-up workday is a weekend day
        }
        REQUIRE(a.year() >= furong::official_first_year);
        REQUIRE(b.year() <= furong::official_last_year);
    }
}

TEST_CASE("calendar.csv entries take precedence over the official calendar", "[official_calendar]") {
    furong::working_calendar cal;
    cal.add_workday(date(2026, 1, 1));   // a district that works on New Year's Day
    cal.add_holiday(date(2026, 1, 4));   // and skips the make-up Sunday
    cal.add_holiday(date(2030, 3, 4));   // beyond the official years
    CHECK(cal.is_working_day(date(2026, 1, 1)));
    CHECK_FALSE(cal.is_working_day(date(2026, 1, 4)));
    CHECK_FALSE(cal.is_working_day(date(2030, 3, 4)));
    CHECK(cal.is_working_day(date(2030, 3, 5)));
    CHECK(cal.listed(date(2026, 1, 1)) == furong::calendar_kind::workday);
    CHECK_FALSE(cal.listed(date(2026, 1, 2)).has_value());  // official, not listed
    CHECK(cal.holidays().size() == 2);
    furong::working_calendar other;
    CHECK(cal != other);
    CHECK(other != furong::working_calendar(furong::calendar_base::weekdays));
}

TEST_CASE("coverage: the official years, and everything for a weekdays-only calendar", "[official_calendar]") {
    furong::working_calendar cal;
    CHECK(cal.covers(date(2005, 1, 1)));
    CHECK(cal.covers(date(furong::official_last_year, 12, 31)));
    CHECK_FALSE(cal.covers(date(2004, 12, 31)));
    CHECK_FALSE(cal.covers(date(furong::official_last_year + 1, 1, 1)));
    CHECK(furong::working_calendar::last_covered() == date(furong::official_last_year, 12, 31));
    CHECK(cal.covers(day_of(date(2026, 12, 30)), day_of(date(2026, 12, 31))));
    CHECK_FALSE(cal.covers(day_of(date(2026, 12, 30)), day_of(date(2027, 1, 1))));
    CHECK(cal.covers(day_of(date(2027, 1, 2)), day_of(date(2027, 1, 1))));  // empty range
    furong::working_calendar plain(furong::calendar_base::weekdays);
    CHECK(plain.covers(date(2040, 1, 1)));
}

TEST_CASE("prefix counts and add_working_days agree with day-by-day loops", "[official_calendar]") {
    std::mt19937 rng(7);
    for (int variant = 0; variant < 3; ++variant) {
        furong::working_calendar cal(variant == 2 ? furong::calendar_base::weekdays : furong::calendar_base::official);
        if (variant >= 1) {  // listed days inside, before and after the official years
            for (int k = 0; k < 60; ++k) {
                date d = date(2000, 1, 1) + g::days(static_cast<long>(rng() % (40 * 366)));
                if (rng() % 2) { if (!cal.listed(d)) cal.add_holiday(d); }
                else if (!cal.listed(d)) cal.add_workday(d);
            }
        }
        const day_t lo = day_of(date(2000, 1, 1)), span = 40 * 366;
        for (int k = 0; k < 4000; ++k) {
            day_t a = lo + static_cast<day_t>(rng() % span);
            day_t b = a + static_cast<day_t>(rng() % 120) - 60;
            REQUIRE(cal.working_days_between(a, b) == loop_between(cal, a, b));
            int n = static_cast<int>(rng() % 81) - 40;
            REQUIRE(cal.add_working_days(a, n) == loop_add(cal, a, n));
            if (cal.is_working_day(b))
                REQUIRE(cal.add_working_days(a, static_cast<int>(cal.working_days_between(a, b))) == b);
        }
        // Whole-year counts across the table's edges and far from them.
        for (int y : {1999, 2004, 2005, 2026, 2027, 2100})
            REQUIRE(cal.working_days_between(day_of(date(y, 1, 1)), day_of(date(y + 1, 1, 1))) ==
                    loop_between(cal, day_of(date(y, 1, 1)), day_of(date(y + 1, 1, 1))));
    }
}

TEST_CASE("a long run of listed holidays is skipped by add_working_days", "[official_calendar]") {
    furong::working_calendar cal;
    for (date d(2030, 1, 1); d <= date(2030, 6, 30); d += g::days(1)) cal.add_holiday(d);
    CHECK(cal.add_working_days(date(2029, 12, 31), 1) == date(2030, 7, 1));
    CHECK(cal.add_working_days(date(2030, 7, 1), -1) == date(2029, 12, 31));
    CHECK(cal.working_days_between(date(2029, 12, 31), date(2030, 7, 1)) == 1);
}

TEST_CASE("ledger: due dates counted beyond the last official year are provisional", "[official_calendar]") {
    furong::working_calendar cal;
    furong::sla_table sla;
    sla.set("parking", {20, furong::sla_unit::calendar});
    furong::ledger_builder b(cal, sla);
    int y = furong::official_last_year;
    auto item = [](std::string id, std::string cat, date raised, date due) {
        return furong::item_record{id, "c1", cat, "s", furong::item_source::survey, "p1", raised, due, ""};
    };
    b.add_item(item("in", "noise", date(y, 6, 1), date()), 1);                  // inside the year
    b.add_item(item("across", "noise", date(y, 12, 20), date()), 2);            // counts into y + 1
    b.add_item(item("explicit", "noise", date(y, 12, 20), date(y + 1, 2, 1)), 3);  // written: not provisional
    b.add_item(item("calendar", "parking", date(y, 12, 20), date()), 4);        // calendar days: no holidays
    b.add_item(item("zero_day", "noise", date(y, 12, 31), date()), 5);
    auto L = b.build();
    REQUIRE(L.size() == 5);
    CHECK_FALSE(L.due_provisional(0));
    CHECK(L.due_provisional(1));
    CHECK(L.due(1).year() == y + 1);
    CHECK_FALSE(L.due_provisional(2));
    CHECK_FALSE(L.due_provisional(3));
    CHECK(L.due_provisional(4));
}
