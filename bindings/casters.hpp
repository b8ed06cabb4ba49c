#pragma once
// Type casters shared by every binding file: boost::gregorian::date <-> datetime.date.
// A Python str in ISO form (YYYY-MM-DD) is accepted too, parsed strictly; None is the
// special "not a date" value that means an open bound or "no as-of filter".

#include <furong/dates.hpp>
#include <furong/error.hpp>

#include <pybind11/pybind11.h>

#include <datetime.h>

namespace pybind11::detail {

template <>
struct type_caster<boost::gregorian::date> {
public:
    // Accepts a date, an ISO string or None; returns a date or None (an open bound).
    PYBIND11_TYPE_CASTER(boost::gregorian::date, io_name("datetime.date | str | None", "datetime.date | None"));

    bool load(handle src, bool) {
        if (!PyDateTimeAPI) PyDateTime_IMPORT;
        if (src.is_none()) {
            value = boost::gregorian::date();
            return true;
        }
        if (PyDate_Check(src.ptr())) {
            // A datetime.datetime is a date too; its time of day is ignored.
            int y = PyDateTime_GET_YEAR(src.ptr()), m = PyDateTime_GET_MONTH(src.ptr()), d = PyDateTime_GET_DAY(src.ptr());
            if (y < 1400) throw furong::argument_error("dates before the year 1400 are not supported");
            value = boost::gregorian::date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                                           static_cast<unsigned short>(d));
            return true;
        }
        if (PyUnicode_Check(src.ptr())) {
            std::string text = src.cast<std::string>();
            std::string why;
            auto d = furong::parse_iso_date(text, &why);
            if (!d) throw furong::argument_error("bad date '" + text + "': " + why);
            value = *d;
            return true;
        }
        return false;
    }

    static handle cast(const boost::gregorian::date& d, return_value_policy, handle) {
        if (!PyDateTimeAPI) PyDateTime_IMPORT;
        if (d.is_special()) return none().release();
        auto ymd = d.year_month_day();
        return PyDate_FromDate(ymd.year, ymd.month, ymd.day);
    }
};

}  // namespace pybind11::detail
