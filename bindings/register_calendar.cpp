// The working-day calendar: the submodule furong._core.calendar (issue 15).
// The rules live in include/furong/domain/calendar.hpp (precedence calendar.csv > official >
// Monday-Friday, coverage) and domain/official_calendar.hpp (the State Council notices); this
// file only converts numpy arrays of days since 1970-01-01 (int64) and back.
// python/furong/calendar.py turns dates into these arrays and applies the provisional policy.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/domain/calendar.hpp>
#include <furong/domain/official_calendar.hpp>
#include <furong/io/ledger_files.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

namespace py = pybind11;

namespace furong::python {

namespace {

constexpr std::int64_t unix_epoch_day = 2440588;  // Julian day number of 1970-01-01
using days_in = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

// Days since 1970 -> calendar days, refusing days outside the supported years 1400..9999.
day_t to_day(std::int64_t e, const char* what) {
    static const std::int64_t first = day_of(date(1400, 1, 1)), last = last_supported_day();
    std::int64_t d = e + unix_epoch_day;
    if (d < first || d > last)
        throw argument_error(std::string(what) + ": a day outside 1400-01-01..9999-12-31 (days since 1970: " +
                             std::to_string(e) + ")");
    return static_cast<day_t>(d);
}
std::int64_t to_epoch(day_t d) { return static_cast<std::int64_t>(d) - unix_epoch_day; }

py::array_t<bool> bool_array(const std::vector<char>& v) {
    py::array_t<bool> a(static_cast<py::ssize_t>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) a.mutable_data()[i] = v[i] != 0;
    return a;
}
void same_size(const days_in& a, const days_in& b, const char* what) {
    if (a.ndim() != 1 || b.ndim() != 1 || a.size() != b.size())
        throw argument_error(std::string(what) + ": two one-dimensional arrays of the same length expected");
}

}  // namespace

void register_calendar(py::module_& m) {
    auto sub = m.def_submodule("calendar",
        "The working-day calendar: calendar.csv over China's official calendar over Monday-Friday.");
    sub.attr("OFFICIAL_FIRST_YEAR") = official_first_year;
    sub.attr("OFFICIAL_LAST_YEAR") = official_last_year;

    py::class_<working_calendar>(sub, "Calendar",
        "A working-day calendar. Days are int64 numpy arrays of days since 1970-01-01; every method returns the "
        "answer and whether it is provisional (it depends on a day the official calendar does not cover).")
        .def(py::init([](bool official) {
                 return working_calendar(official ? calendar_base::official : calendar_base::weekdays);
             }), py::arg("official") = true,
             "An empty calendar over the official one (official=False: over Monday-Friday only).")
        .def("add", [](working_calendar& c, const std::string& day, const std::string& kind) {
                 auto d = parse_iso_date(day);
                 if (!d) throw argument_error("calendar: bad date '" + day + "' (expected YYYY-MM-DD)");
                 auto k = parse_calendar_kind(kind);
                 if (!k) throw argument_error("calendar: bad kind '" + kind + "' (expected holiday or workday)");
                 c.add(*d, *k);
             }, py::arg("day"), py::arg("kind"), "Lists a day as a holiday or a workday (a calendar.csv row).")
        .def_property_readonly("official", [](const working_calendar& c) { return c.base() == calendar_base::official; })
        .def_property_readonly("holidays", [](const working_calendar& c) {
                 std::vector<std::string> out;
                 for (auto d : c.holidays()) out.push_back(to_iso(d));
                 return out;
             }, "Listed holidays (calendar.csv), ISO dates ascending.")
        .def_property_readonly("workdays", [](const working_calendar& c) {
                 std::vector<std::string> out;
                 for (auto d : c.workdays()) out.push_back(to_iso(d));
                 return out;
             }, "Listed make-up workdays (calendar.csv), ISO dates ascending.")
        .def("is_workday", [](const working_calendar& c, const days_in& days) {
                 auto v = days.unchecked<1>();
                 std::vector<char> work(static_cast<std::size_t>(v.shape(0))), prov(work.size());
                 for (py::ssize_t i = 0; i < v.shape(0); ++i) {
                     day_t d = to_day(v(i), "is_workday");
                     work[static_cast<std::size_t>(i)] = c.is_working_day(d);
                     prov[static_cast<std::size_t>(i)] = !c.covers(d);
                 }
                 return py::make_tuple(bool_array(work), bool_array(prov));
             }, py::arg("days"), "(working?, provisional?) per day. O(1) per day.")
        .def("add_workdays", [](const working_calendar& c, const days_in& days, const days_in& n) {
                 same_size(days, n, "add_workdays");
                 auto v = days.unchecked<1>();
                 auto k = n.unchecked<1>();
                 std::vector<std::int64_t> out(static_cast<std::size_t>(v.shape(0)));
                 std::vector<char> prov(out.size());
                 for (py::ssize_t i = 0; i < v.shape(0); ++i) {
                     day_t d = to_day(v(i), "add_workdays");
                     if (k(i) < -1000000 || k(i) > 1000000)
                         throw argument_error("add_workdays: n must be within -1000000..1000000, got " + std::to_string(k(i)));
                     day_t r = c.add_working_days(d, static_cast<int>(k(i)));
                     to_day(to_epoch(r), "add_workdays: the result");
                     out[static_cast<std::size_t>(i)] = to_epoch(r);
                     // The days counted: (d, r] forwards, [r, d) backwards.
                     prov[static_cast<std::size_t>(i)] = r >= d ? !c.covers(d + 1, r) : !c.covers(r, d - 1);
                 }
                 return py::make_tuple(to_numpy(std::move(out)), bool_array(prov));
             }, py::arg("days"), py::arg("n"),
             "(the n-th working day after each day (before it for n < 0), provisional?). O(log abs(n)) per day.")
        .def("workdays_between", [](const working_calendar& c, const days_in& a, const days_in& b) {
                 same_size(a, b, "workdays_between");
                 auto x = a.unchecked<1>();
                 auto y = b.unchecked<1>();
                 std::vector<std::int64_t> out(static_cast<std::size_t>(x.shape(0)));
                 std::vector<char> prov(out.size());
                 for (py::ssize_t i = 0; i < x.shape(0); ++i) {
                     day_t s = to_day(x(i), "workdays_between"), e = to_day(y(i), "workdays_between");
                     out[static_cast<std::size_t>(i)] = c.working_days_between(s, e);
                     prov[static_cast<std::size_t>(i)] = e >= s ? !c.covers(s + 1, e) : !c.covers(e, s - 1);
                 }
                 return py::make_tuple(to_numpy(std::move(out)), bool_array(prov));
             }, py::arg("start"), py::arg("end"),
             "(working days in (start, end] (minus those in [end, start) when end < start), provisional?). O(1) per pair.")
        .def("covers", [](const working_calendar& c, const days_in& days) {
                 auto v = days.unchecked<1>();
                 std::vector<char> out(static_cast<std::size_t>(v.shape(0)));
                 for (py::ssize_t i = 0; i < v.shape(0); ++i) out[static_cast<std::size_t>(i)] = c.covers(to_day(v(i), "covers"));
                 return bool_array(out);
             }, py::arg("days"), "Whether the official calendar knows each day (always True for official=False).")
        .def("__repr__", [](const working_calendar& c) {
                 return "<furong._core.calendar.Calendar " + std::string(c.base() == calendar_base::official ? "official" : "weekdays") +
                        " + " + std::to_string(c.holidays().size()) + " listed holidays, " +
                        std::to_string(c.workdays().size()) + " listed workdays>";
             });

    sub.def("calendar_of", [](const py_network& n) {
        return n.ledger ? n.ledger->calendar : working_calendar();
    }, py::arg("net"), "A copy of the calendar the network's ledger uses (its calendar.csv over the official one).");
}

}  // namespace furong::python
