#pragma once
/// @file
/// China's official working-day calendar: the public holidays and make-up (調休) workdays
/// announced each year by the General Office of the State Council in its notice "关于 YYYY
/// 年部分节假日安排的通知" (国务院办公厅关于YYYY年部分节假日安排的通知), for every year from
/// `official_first_year` to `official_last_year`.
///
/// The data below is written by hand from the notices (one block per notice, with the month
/// it was issued), not generated from another library; tests/python/test_calendar.py checks
/// every day of every year against the PyPI package chinesecalendar as an independent
/// reference. A holiday span lists every day the notice gives off (weekends inside the span
/// included); a make-up workday is a Saturday or Sunday the notice makes a working day. A
/// make-up day announced in one year's notice may fall in the December before (2006, 2007,
/// 2008, 2012, 2019), and belongs to that notice here.
///
/// Adding a year: append its notice's block to `official_entries`, raise
/// `official_last_year`, add the year to the reference test; nothing else changes.
/// The calendar is queried through `working_calendar` (domain/calendar.hpp), which layers
/// calendar.csv over it: a calendar.csv entry > the official calendar > Monday to Friday.

#include <furong/dates.hpp>

#include <cstdint>
#include <vector>

namespace furong {

/// First and last year whose official notice is shipped. A day outside these years is not
/// "covered": the calendar falls back to Monday-Friday there, and due dates counted across
/// it are marked provisional (see working_calendar::covers).
inline constexpr int official_first_year = 2005;
/// 2027's notice had not been published when this table was last updated (2026-12; the
/// reference package chinesecalendar 1.11.0 ends with 2026 as well).
inline constexpr int official_last_year = 2026;

/// One line of a notice: days [first, last] (inclusive) are holidays, or make-up workdays.
struct official_entry {
    std::uint16_t y1;
    std::uint8_t m1, d1;
    std::uint16_t y2;
    std::uint8_t m2, d2;
    bool workday;  ///< false: holidays (days off); true: make-up workdays
};

namespace detail {
constexpr official_entry off(int y1, int m1, int d1, int y2, int m2, int d2) {
    return {static_cast<std::uint16_t>(y1), static_cast<std::uint8_t>(m1), static_cast<std::uint8_t>(d1),
            static_cast<std::uint16_t>(y2), static_cast<std::uint8_t>(m2), static_cast<std::uint8_t>(d2), false};
}
constexpr official_entry off(int y, int m, int d) { return off(y, m, d, y, m, d); }
constexpr official_entry work(int y, int m, int d) {
    return {static_cast<std::uint16_t>(y), static_cast<std::uint8_t>(m), static_cast<std::uint8_t>(d),
            static_cast<std::uint16_t>(y), static_cast<std::uint8_t>(m), static_cast<std::uint8_t>(d), true};
}
}  // namespace detail

// clang-format off
/// The notices, oldest first. Holidays: off(from, to); make-up workdays: work(day).
inline constexpr official_entry official_entries[] = {
    // 2005: 国务院办公厅关于2005年部分节假日安排的通知 (issued December 2004).
    detail::off(2005, 1, 1, 2005, 1, 3),                                          // New Year
    detail::off(2005, 2, 9, 2005, 2, 15), detail::work(2005, 2, 5), detail::work(2005, 2, 6),    // Spring Festival
    detail::off(2005, 5, 1, 2005, 5, 7), detail::work(2005, 4, 30), detail::work(2005, 5, 8),    // Labour Day week
    detail::off(2005, 10, 1, 2005, 10, 7), detail::work(2005, 10, 8), detail::work(2005, 10, 9), // National Day week
    // 2006: notice issued December 2005 (New Year's make-up day falls in 2005).
    detail::off(2006, 1, 1, 2006, 1, 3), detail::work(2005, 12, 31),
    detail::off(2006, 1, 29, 2006, 2, 4), detail::work(2006, 1, 28), detail::work(2006, 2, 5),
    detail::off(2006, 5, 1, 2006, 5, 7), detail::work(2006, 4, 29), detail::work(2006, 4, 30),
    detail::off(2006, 10, 1, 2006, 10, 7), detail::work(2006, 9, 30), detail::work(2006, 10, 8),
    // 2007: notice issued December 2006 (two make-up days before New Year).
    detail::off(2007, 1, 1, 2007, 1, 3), detail::work(2006, 12, 30), detail::work(2006, 12, 31),
    detail::off(2007, 2, 18, 2007, 2, 24), detail::work(2007, 2, 17), detail::work(2007, 2, 25),
    detail::off(2007, 5, 1, 2007, 5, 7), detail::work(2007, 4, 28), detail::work(2007, 4, 29),
    detail::off(2007, 10, 1, 2007, 10, 7), detail::work(2007, 9, 29), detail::work(2007, 9, 30),
    // 2008: notice issued December 2007, the first year under the revised national
    // holiday regulations (Qingming, Dragon Boat and Mid-Autumn added; Labour Day week ended).
    detail::off(2007, 12, 30, 2008, 1, 1), detail::work(2007, 12, 29),
    detail::off(2008, 2, 6, 2008, 2, 12), detail::work(2008, 2, 2), detail::work(2008, 2, 3),
    detail::off(2008, 4, 4, 2008, 4, 6),
    detail::off(2008, 5, 1, 2008, 5, 3), detail::work(2008, 5, 4),
    detail::off(2008, 6, 7, 2008, 6, 9),
    detail::off(2008, 9, 13, 2008, 9, 15),
    detail::off(2008, 9, 29, 2008, 10, 5), detail::work(2008, 9, 27), detail::work(2008, 9, 28),
    // 2009: notice issued December 2008.
    detail::off(2009, 1, 1, 2009, 1, 3), detail::work(2009, 1, 4),
    detail::off(2009, 1, 25, 2009, 1, 31), detail::work(2009, 1, 24), detail::work(2009, 2, 1),
    detail::off(2009, 4, 4, 2009, 4, 6),
    detail::off(2009, 5, 1, 2009, 5, 3),
    detail::off(2009, 5, 28, 2009, 5, 30), detail::work(2009, 5, 31),
    detail::off(2009, 10, 1, 2009, 10, 8), detail::work(2009, 9, 27), detail::work(2009, 10, 10),  // with Mid-Autumn
    // 2010: notice issued December 2009.
    detail::off(2010, 1, 1, 2010, 1, 3),
    detail::off(2010, 2, 13, 2010, 2, 19), detail::work(2010, 2, 20), detail::work(2010, 2, 21),
    detail::off(2010, 4, 3, 2010, 4, 5),
    detail::off(2010, 5, 1, 2010, 5, 3),
    detail::off(2010, 6, 14, 2010, 6, 16), detail::work(2010, 6, 12), detail::work(2010, 6, 13),
    detail::off(2010, 9, 22, 2010, 9, 24), detail::work(2010, 9, 19), detail::work(2010, 9, 25),
    detail::off(2010, 10, 1, 2010, 10, 7), detail::work(2010, 9, 26), detail::work(2010, 10, 9),
    // 2011: notice issued December 2010.
    detail::off(2011, 1, 1, 2011, 1, 3),
    detail::off(2011, 2, 2, 2011, 2, 8), detail::work(2011, 1, 30), detail::work(2011, 2, 12),
    detail::off(2011, 4, 3, 2011, 4, 5), detail::work(2011, 4, 2),
    detail::off(2011, 4, 30, 2011, 5, 2),
    detail::off(2011, 6, 4, 2011, 6, 6),
    detail::off(2011, 9, 10, 2011, 9, 12),
    detail::off(2011, 10, 1, 2011, 10, 7), detail::work(2011, 10, 8), detail::work(2011, 10, 9),
    // 2012: notice issued December 2011 (New Year's make-up day falls in 2011).
    detail::off(2012, 1, 1, 2012, 1, 3), detail::work(2011, 12, 31),
    detail::off(2012, 1, 22, 2012, 1, 28), detail::work(2012, 1, 21), detail::work(2012, 1, 29),
    detail::off(2012, 4, 2, 2012, 4, 4), detail::work(2012, 3, 31), detail::work(2012, 4, 1),
    detail::off(2012, 4, 29, 2012, 5, 1), detail::work(2012, 4, 28),
    detail::off(2012, 6, 22, 2012, 6, 24),
    detail::off(2012, 9, 30, 2012, 10, 7), detail::work(2012, 9, 29),  // with Mid-Autumn
    // 2013: notice issued December 2012.
    detail::off(2013, 1, 1, 2013, 1, 3), detail::work(2013, 1, 5), detail::work(2013, 1, 6),
    detail::off(2013, 2, 9, 2013, 2, 15), detail::work(2013, 2, 16), detail::work(2013, 2, 17),
    detail::off(2013, 4, 4, 2013, 4, 6), detail::work(2013, 4, 7),
    detail::off(2013, 4, 29, 2013, 5, 1), detail::work(2013, 4, 27), detail::work(2013, 4, 28),
    detail::off(2013, 6, 10, 2013, 6, 12), detail::work(2013, 6, 8), detail::work(2013, 6, 9),
    detail::off(2013, 9, 19, 2013, 9, 21), detail::work(2013, 9, 22),
    detail::off(2013, 10, 1, 2013, 10, 7), detail::work(2013, 9, 29), detail::work(2013, 10, 12),
    // 2014: notice issued December 2013.
    detail::off(2014, 1, 1),
    detail::off(2014, 1, 31, 2014, 2, 6), detail::work(2014, 1, 26), detail::work(2014, 2, 8),
    detail::off(2014, 4, 5, 2014, 4, 7),
    detail::off(2014, 5, 1, 2014, 5, 3), detail::work(2014, 5, 4),
    detail::off(2014, 5, 31, 2014, 6, 2),
    detail::off(2014, 9, 6, 2014, 9, 8),
    detail::off(2014, 10, 1, 2014, 10, 7), detail::work(2014, 9, 28), detail::work(2014, 10, 11),
    // 2015: notice issued December 2014, and the State Council's notice of May 2015 on the
    // holiday for the 70th anniversary of the victory in the War of Resistance (3 September).
    detail::off(2015, 1, 1, 2015, 1, 3), detail::work(2015, 1, 4),
    detail::off(2015, 2, 18, 2015, 2, 24), detail::work(2015, 2, 15), detail::work(2015, 2, 28),
    detail::off(2015, 4, 4, 2015, 4, 6),
    detail::off(2015, 5, 1, 2015, 5, 3),
    detail::off(2015, 6, 20, 2015, 6, 22),
    detail::off(2015, 9, 3, 2015, 9, 5), detail::work(2015, 9, 6),
    detail::off(2015, 9, 26, 2015, 9, 27),
    detail::off(2015, 10, 1, 2015, 10, 7), detail::work(2015, 10, 10),
    // 2016: notice issued December 2015.
    detail::off(2016, 1, 1, 2016, 1, 3),
    detail::off(2016, 2, 7, 2016, 2, 13), detail::work(2016, 2, 6), detail::work(2016, 2, 14),
    detail::off(2016, 4, 2, 2016, 4, 4),
    detail::off(2016, 4, 30, 2016, 5, 2),
    detail::off(2016, 6, 9, 2016, 6, 11), detail::work(2016, 6, 12),
    detail::off(2016, 9, 15, 2016, 9, 17), detail::work(2016, 9, 18),
    detail::off(2016, 10, 1, 2016, 10, 7), detail::work(2016, 10, 8), detail::work(2016, 10, 9),
    // 2017: notice issued December 2016 (New Year's holiday starts in 2016).
    detail::off(2016, 12, 31, 2017, 1, 2),
    detail::off(2017, 1, 27, 2017, 2, 2), detail::work(2017, 1, 22), detail::work(2017, 2, 4),
    detail::off(2017, 4, 2, 2017, 4, 4), detail::work(2017, 4, 1),
    detail::off(2017, 4, 29, 2017, 5, 1),
    detail::off(2017, 5, 28, 2017, 5, 30), detail::work(2017, 5, 27),
    detail::off(2017, 10, 1, 2017, 10, 8), detail::work(2017, 9, 30),  // with Mid-Autumn
    // 2018: notice issued November 2017 (New Year's holiday starts in 2017).
    detail::off(2017, 12, 30, 2018, 1, 1),
    detail::off(2018, 2, 15, 2018, 2, 21), detail::work(2018, 2, 11), detail::work(2018, 2, 24),
    detail::off(2018, 4, 5, 2018, 4, 7), detail::work(2018, 4, 8),
    detail::off(2018, 4, 29, 2018, 5, 1), detail::work(2018, 4, 28),
    detail::off(2018, 6, 16, 2018, 6, 18),
    detail::off(2018, 9, 22, 2018, 9, 24),
    detail::off(2018, 10, 1, 2018, 10, 7), detail::work(2018, 9, 29), detail::work(2018, 9, 30),
    // 2019: notice issued December 2018; Labour Day as revised by the notice of March 2019
    // (four days, 1-4 May).
    detail::off(2018, 12, 30, 2019, 1, 1), detail::work(2018, 12, 29),
    detail::off(2019, 2, 4, 2019, 2, 10), detail::work(2019, 2, 2), detail::work(2019, 2, 3),
    detail::off(2019, 4, 5, 2019, 4, 7),
    detail::off(2019, 5, 1, 2019, 5, 4), detail::work(2019, 4, 28), detail::work(2019, 5, 5),
    detail::off(2019, 6, 7, 2019, 6, 9),
    detail::off(2019, 9, 13, 2019, 9, 15),
    detail::off(2019, 10, 1, 2019, 10, 7), detail::work(2019, 9, 29), detail::work(2019, 10, 12),
    // 2020: notice issued November 2019; the Spring Festival as extended to 2 February by the
    // notice of 27 January 2020 (epidemic), which also cancelled the make-up Saturday 1 February.
    detail::off(2020, 1, 1),
    detail::off(2020, 1, 24, 2020, 2, 2), detail::work(2020, 1, 19),
    detail::off(2020, 4, 4, 2020, 4, 6),
    detail::off(2020, 5, 1, 2020, 5, 5), detail::work(2020, 4, 26), detail::work(2020, 5, 9),
    detail::off(2020, 6, 25, 2020, 6, 27), detail::work(2020, 6, 28),
    detail::off(2020, 10, 1, 2020, 10, 8), detail::work(2020, 9, 27), detail::work(2020, 10, 10),  // with Mid-Autumn
    // 2021: notice issued November 2020.
    detail::off(2021, 1, 1, 2021, 1, 3),
    detail::off(2021, 2, 11, 2021, 2, 17), detail::work(2021, 2, 7), detail::work(2021, 2, 20),
    detail::off(2021, 4, 3, 2021, 4, 5),
    detail::off(2021, 5, 1, 2021, 5, 5), detail::work(2021, 4, 25), detail::work(2021, 5, 8),
    detail::off(2021, 6, 12, 2021, 6, 14),
    detail::off(2021, 9, 19, 2021, 9, 21), detail::work(2021, 9, 18),
    detail::off(2021, 10, 1, 2021, 10, 7), detail::work(2021, 9, 26), detail::work(2021, 10, 9),
    // 2022: notice issued October 2021.
    detail::off(2022, 1, 1, 2022, 1, 3),
    detail::off(2022, 1, 31, 2022, 2, 6), detail::work(2022, 1, 29), detail::work(2022, 1, 30),
    detail::off(2022, 4, 3, 2022, 4, 5), detail::work(2022, 4, 2),
    detail::off(2022, 4, 30, 2022, 5, 4), detail::work(2022, 4, 24), detail::work(2022, 5, 7),
    detail::off(2022, 6, 3, 2022, 6, 5),
    detail::off(2022, 9, 10, 2022, 9, 12),
    detail::off(2022, 10, 1, 2022, 10, 7), detail::work(2022, 10, 8), detail::work(2022, 10, 9),
    // 2023: notice issued December 2022 (New Year's holiday starts in 2022).
    detail::off(2022, 12, 31, 2023, 1, 2),
    detail::off(2023, 1, 21, 2023, 1, 27), detail::work(2023, 1, 28), detail::work(2023, 1, 29),
    detail::off(2023, 4, 5),
    detail::off(2023, 4, 29, 2023, 5, 3), detail::work(2023, 4, 23), detail::work(2023, 5, 6),
    detail::off(2023, 6, 22, 2023, 6, 24), detail::work(2023, 6, 25),
    detail::off(2023, 9, 29, 2023, 10, 6), detail::work(2023, 10, 7), detail::work(2023, 10, 8),  // with Mid-Autumn
    // 2024: 国办发明电〔2023〕7号 (October 2023).
    detail::off(2024, 1, 1),
    detail::off(2024, 2, 10, 2024, 2, 17), detail::work(2024, 2, 4), detail::work(2024, 2, 18),
    detail::off(2024, 4, 4, 2024, 4, 6), detail::work(2024, 4, 7),
    detail::off(2024, 5, 1, 2024, 5, 5), detail::work(2024, 4, 28), detail::work(2024, 5, 11),
    detail::off(2024, 6, 10),
    detail::off(2024, 9, 15, 2024, 9, 17), detail::work(2024, 9, 14),
    detail::off(2024, 10, 1, 2024, 10, 7), detail::work(2024, 9, 29), detail::work(2024, 10, 12),
    // 2025: 国办发明电〔2024〕12号 (November 2024), the first year with the revised regulations
    // (Spring Festival Eve and 2 May added).
    detail::off(2025, 1, 1),
    detail::off(2025, 1, 28, 2025, 2, 4), detail::work(2025, 1, 26), detail::work(2025, 2, 8),
    detail::off(2025, 4, 4, 2025, 4, 6),
    detail::off(2025, 5, 1, 2025, 5, 5), detail::work(2025, 4, 27),
    detail::off(2025, 5, 31, 2025, 6, 2),
    detail::off(2025, 10, 1, 2025, 10, 8), detail::work(2025, 9, 28), detail::work(2025, 10, 11),  // with Mid-Autumn
    // 2026: 国办发明电〔2025〕7号 (November 2025).
    detail::off(2026, 1, 1, 2026, 1, 3), detail::work(2026, 1, 4),
    detail::off(2026, 2, 15, 2026, 2, 23), detail::work(2026, 2, 14), detail::work(2026, 2, 28),
    detail::off(2026, 4, 4, 2026, 4, 6),
    detail::off(2026, 5, 1, 2026, 5, 5), detail::work(2026, 5, 9),
    detail::off(2026, 6, 19, 2026, 6, 21),
    detail::off(2026, 9, 25, 2026, 9, 27),
    detail::off(2026, 10, 1, 2026, 10, 7), detail::work(2026, 9, 20), detail::work(2026, 10, 10),
};
// clang-format on

/// The official calendar as a dense table: for each day of [first_day, last_day] (1 January of
/// the first year .. 31 December of the last), 1 for a working day and 0 for a day off.
/// Built once (thread-safe static) from `official_entries`. O(days) to build, ~8k days.
struct official_table {
    day_t first_day = 0, last_day = -1;
    std::vector<std::uint8_t> working;  ///< one entry per day of [first_day, last_day]

    static const official_table& get() {
        static const official_table t = build();
        return t;
    }

private:
    static official_table build() {
        official_table t;
        t.first_day = day_of(date(official_first_year, 1, 1));
        t.last_day = day_of(date(official_last_year, 12, 31));
        t.working.resize(static_cast<std::size_t>(t.last_day - t.first_day) + 1);
        for (day_t d = t.first_day; d <= t.last_day; ++d) {
            // Monday to Friday by the Julian day number (JDN 0 was a Monday).
            int w = static_cast<int>((static_cast<std::int64_t>(d) + 1) % 7);
            t.working[static_cast<std::size_t>(d - t.first_day)] = (w != 0 && w != 6) ? 1 : 0;
        }
        for (const auto& e : official_entries) {
            day_t a = day_of(date(e.y1, e.m1, e.d1)), b = day_of(date(e.y2, e.m2, e.d2));
            for (day_t d = a; d <= b; ++d)
                if (d >= t.first_day && d <= t.last_day)
                    t.working[static_cast<std::size_t>(d - t.first_day)] = e.workday ? 1 : 0;
        }
        return t;
    }
};

}  // namespace furong
