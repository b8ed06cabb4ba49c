// Working-day calendar, SLA table and schedule rules, checked against day-by-day loops.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <furong/domain/calendar.hpp>
#include <furong/io/ledger_files.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include <unistd.h>

namespace {

using furong::date;
using furong::day_of;

// Independent working-day test through Boost's own weekday, not the day-number shortcut.
bool ref_working(const std::set<long>& hol, const std::set<long>& work, date d) {
    long k = d.day_number();
    if (hol.count(k)) return false;
    if (work.count(k)) return true;
    auto w = d.day_of_week().as_number();
    return w != 0 && w != 6;
}

date ref_add(const std::set<long>& hol, const std::set<long>& work, date start, int n) {
    date d = start;
    int step = n >= 0 ? 1 : -1;
    int left = n >= 0 ? n : -n;
    while (left > 0) {
        d += boost::gregorian::days(step);
        if (ref_working(hol, work, d)) --left;
    }
    return d;
}

using furong::test::fresh_dir;
using furong::test::write;

}  // namespace

TEST_CASE("weekday arithmetic agrees with Boost", "[calendar]") {
    for (date d(2023, 1, 1); d <= date(2027, 12, 31); d += boost::gregorian::days(1))
        REQUIRE(furong::detail::weekday_of(day_of(d)) == d.day_of_week().as_number());
}

TEST_CASE("make-up workday on a weekend and holidays (National Day 2025)", "[calendar]") {
    furong::working_calendar cal;
    for (int d = 1; d <= 8; ++d) cal.add_holiday(date(2025, 10, d));
    cal.add_workday(date(2025, 9, 28));   // Sunday
    cal.add_workday(date(2025, 10, 11));  // Saturday
    CHECK(cal.is_working_day(date(2025, 9, 28)));
    CHECK_FALSE(cal.is_working_day(date(2025, 9, 27)));  // plain Saturday
    CHECK_FALSE(cal.is_working_day(date(2025, 10, 1)));  // Wednesday holiday
    CHECK(cal.is_working_day(date(2025, 10, 9)));
    CHECK(cal.is_working_day(date(2025, 10, 11)));
    // Friday 26 Sep + 1 working day = the make-up Sunday 28 Sep.
    CHECK(cal.add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28));
    // Sunday 28 Sep + 2 = Monday 29, Tuesday 30; + 3 skips the whole holiday to Thursday 9 Oct.
    CHECK(cal.add_working_days(date(2025, 9, 28), 3) == date(2025, 10, 9));
    CHECK(cal.add_working_days(date(2025, 10, 9), 2) == date(2025, 10, 11));
    CHECK(cal.add_working_days(date(2025, 10, 9), 0) == date(2025, 10, 9));
    CHECK(cal.add_working_days(date(2025, 10, 9), -1) == date(2025, 9, 30));
}

TEST_CASE("working-day arithmetic against a day-by-day loop on random calendars", "[calendar]") {
    for (unsigned seed = 0; seed < 60; ++seed) {
        std::mt19937 rng(seed);
        furong::working_calendar cal(furong::calendar_base::weekdays);  // the reference is Mon-Fri
        std::set<long> hol, work;
        date base(2024, 1, 1);
        for (int k = 0; k < 40; ++k) {
            date d = base + boost::gregorian::days(static_cast<long>(rng() % 500));
            bool as_hol = rng() % 2;
            if (as_hol && !work.count(d.day_number())) { cal.add_holiday(d); hol.insert(d.day_number()); }
            if (!as_hol && !hol.count(d.day_number())) { cal.add_workday(d); work.insert(d.day_number()); }
        }
        for (int k = 0; k < 200; ++k) {
            date s = base + boost::gregorian::days(static_cast<long>(rng() % 520) - 10);
            int n = static_cast<int>(rng() % 91) - 30;
            REQUIRE(cal.is_working_day(s) == ref_working(hol, work, s));
            date got = cal.add_working_days(s, n);
            REQUIRE(got == ref_add(hol, work, s, n));
            // Between counts agree with the loop and invert add_working_days.
            long between = cal.working_days_between(s, got);
            REQUIRE(between == n);
        }
    }
}

TEST_CASE("the fixed example of working_days_between", "[calendar]") {
    furong::working_calendar cal;
    for (int d = 1; d <= 8; ++d) cal.add_holiday(date(2025, 10, d));
    cal.add_workday(date(2025, 9, 28));
    cal.add_workday(date(2025, 10, 11));
    // (26 Sep, 12 Oct]: 28, 29, 30 Sep, 9, 10, 11 Oct = 6.
    CHECK(cal.working_days_between(date(2025, 9, 26), date(2025, 10, 12)) == 6);
}

TEST_CASE("a date listed with both kinds is refused", "[calendar]") {
    furong::working_calendar cal;
    cal.add_holiday(date(2025, 5, 1));
    cal.add_holiday(date(2025, 5, 1));  // same kind twice: fine
    CHECK_THROWS_AS(cal.add_workday(date(2025, 5, 1)), furong::argument_error);
    CHECK(cal.holidays().size() == 1);
}

TEST_CASE("SLA table with default, calendar and working units", "[calendar]") {
    furong::working_calendar cal;
    cal.add_holiday(date(2025, 5, 5));
    furong::sla_table sla;
    sla.set("fire_safety", {3, furong::sla_unit::working});
    sla.set("noise", {10, furong::sla_unit::calendar});
    // Friday 2 May + 3 working days: Tue 6 (Mon 5 holiday), Wed 7, Thu 8.
    CHECK(sla.due("fire_safety", date(2025, 5, 2), cal) == date(2025, 5, 8));
    CHECK(sla.due("noise", date(2025, 5, 2), cal) == date(2025, 5, 12));
    CHECK(sla.rule("parking") == furong::sla_table::builtin_default);
    CHECK(sla.due("parking", date(2025, 5, 2), cal) == cal.add_working_days(date(2025, 5, 2), 15));
    sla.set("*", {20, furong::sla_unit::calendar});
    CHECK(sla.due("parking", date(2025, 5, 2), cal) == date(2025, 5, 22));
    CHECK_THROWS_AS(sla.set("x", {-1, furong::sla_unit::calendar}), furong::argument_error);
}

TEST_CASE("schedule rules against brute force", "[calendar][schedule]") {
    auto brute_nth = [](int n, int wd, date from, date to) {
        std::vector<date> out;
        for (date d = from; d <= to; d += boost::gregorian::days(1)) {
            if (d.day_of_week().as_number() != wd) continue;
            int nth = (d.day() - 1) / 7 + 1;
            if (nth == n) out.push_back(d);
        }
        return out;
    };
    auto brute_last = [](int wd, date from, date to) {
        std::vector<date> out;
        for (date d = from; d <= to; d += boost::gregorian::days(1))
            if (d.day_of_week().as_number() == wd && (d + boost::gregorian::days(7)).month() != d.month()) out.push_back(d);
        return out;
    };
    date from(2024, 2, 10), to(2026, 11, 20);
    for (int wd = 0; wd < 7; ++wd) {
        for (int n = 1; n <= 5; ++n) REQUIRE(furong::schedule_rule::nth_weekday(n, wd).dates(from, to) == brute_nth(n, wd, from, to));
        REQUIRE(furong::schedule_rule::last_weekday(wd).dates(from, to) == brute_last(wd, from, to));
    }
    auto r = furong::schedule_rule::parse("second Tuesday of every month");
    auto ds = r.dates(date(2025, 1, 1), date(2025, 3, 31));
    REQUIRE(ds == std::vector<date>{date(2025, 1, 14), date(2025, 2, 11), date(2025, 3, 11)});
    CHECK(furong::schedule_rule::parse(r.describe()) == r);
    auto every = furong::schedule_rule::parse("every 2 weeks from 2025-01-07");
    auto e = every.dates(date(2025, 1, 10), date(2025, 2, 20));
    REQUIRE(e == std::vector<date>{date(2025, 1, 21), date(2025, 2, 4), date(2025, 2, 18)});
    CHECK(furong::schedule_rule::parse(every.describe()) == every);
    CHECK(furong::schedule_rule::parse("last fri").dates(date(2025, 10, 1), date(2025, 10, 31)) ==
          std::vector<date>{date(2025, 10, 31)});
    CHECK(furong::schedule_rule::parse("every week from 2025-01-07").dates(date(2025, 1, 1), date(2025, 1, 14)).size() == 2);
    CHECK_THROWS_AS(furong::schedule_rule::parse("sixth monday"), furong::argument_error);
    CHECK_THROWS_AS(furong::schedule_rule::parse("every 0 weeks from 2025-01-07"), furong::argument_error);
    CHECK_THROWS_AS(furong::schedule_rule::parse("second funday"), furong::argument_error);
}

TEST_CASE("calendar.csv and sla.csv bad input is positioned", "[calendar][files]") {
    auto expect = [](const std::filesystem::path& dir, const std::string& file, std::size_t line, std::size_t col,
                     const std::string& fragment) {
        try {
            furong::load_ledger_dir(dir);
            FAIL("expected an input_error");
        } catch (const furong::input_error& e) {
            CHECK(e.file() == file);
            CHECK(e.line() == line);
            CHECK(e.column() == col);
            CHECK_THAT(e.what(), Catch::Contains(fragment));
        }
    };
    {
        auto d = fresh_dir("both");
        write(d, "calendar.csv", "date,kind\n2025-10-01,holiday\n2025-09-28,workday\n2025-10-01,holiday\n2025-10-01,workday\n");
        expect(d, "calendar.csv", 5, 1, "listed as a holiday on line 2");
    }
    {
        auto d = fresh_dir("impossible");
        write(d, "calendar.csv", "kind,date\nholiday,2025-02-29\n");
        expect(d, "calendar.csv", 2, 2, "no such day");
    }
    {
        auto d = fresh_dir("kind");
        write(d, "calendar.csv", "date,kind\n2025-02-03,vacation\n");
        expect(d, "calendar.csv", 2, 2, "expected one of holiday, workday");
    }
    {
        auto d = fresh_dir("unit");
        write(d, "sla.csv", "category,days,unit\nnoise,5,calendar\nfire_safety,3,weeks\n");
        expect(d, "sla.csv", 3, 3, "unknown SLA unit 'weeks'");
    }
    {
        auto d = fresh_dir("days");
        write(d, "sla.csv", "category,days,unit\nnoise,-5,calendar\n");
        expect(d, "sla.csv", 2, 2, "expected an integer from 0 to 3650");
    }
    {
        auto d = fresh_dir("dupcat");
        write(d, "sla.csv", "category,days,unit\nnoise,5,calendar\nnoise,6,calendar\n");
        expect(d, "sla.csv", 3, 1, "listed twice");
    }
    {
        auto d = fresh_dir("ok");
        write(d, "calendar.csv", "date,kind\n2025-10-01,holiday\n2025-10-01,holiday\n2025-09-28,workday\n");
        write(d, "sla.csv", "category,days,unit\n*,20,calendar\nnoise,5,working\n");
        auto data = furong::load_ledger_dir(d);
        CHECK(data.calendar.holidays().size() == 1);
        CHECK(data.calendar.is_working_day(date(2025, 9, 28)));
        CHECK(data.sla.rule("parking") == furong::sla_rule{20, furong::sla_unit::calendar});
        CHECK(data.sla.rule("noise") == furong::sla_rule{5, furong::sla_unit::working});
    }
}

TEST_CASE("a due date past 9999-12-31 is an error, not an odd date", "[calendar][limits]") {
    furong::working_calendar cal;
    furong::sla_table sla;
    sla.set("*", {3650, furong::sla_unit::calendar});
    sla.set("w", {10, furong::sla_unit::working});
    CHECK(sla.due("x", date(9990, 1, 1), cal) == date(9999, 12, 30));
    CHECK_THROWS_AS(sla.due("x", date(9999, 12, 31), cal), furong::argument_error);
    CHECK_THROWS_AS(sla.due("w", date(9999, 12, 25), cal), furong::argument_error);
    CHECK(sla.due("w", date(9999, 12, 1), cal) == date(9999, 12, 15));

    furong::test::scratch_dir dir;
    dir.write("sla.csv", "category,days,unit\n*,3650,calendar\n");
    dir.write("ledger.csv", "id,compound,category,summary,source,raised,owner,due,meeting\n"
                            "L1,C1,noise,loud,survey,9999-12-31,p1,,\n");
    try {
        (void)furong::load_ledger_dir(dir.path());
        FAIL("no error");
    } catch (const furong::input_error& e) {
        CHECK(e.file() == "ledger.csv");
        CHECK(e.line() == 2);
        CHECK(std::string(e.what()).find("9999-12-31, the last supported date") != std::string::npos);
    }
}
