// Translates the C++ exception hierarchy into furong.FurongError subclasses, which are
// defined in Python (furong/_errors.py) so that they can also derive from ValueError or
// KeyError. Boost.Date_Time's bad_day_of_month and friends derive from std::out_of_range;
// they become ArgumentError (a ValueError), never IndexError.
#include "register.hpp"

#include <furong/error.hpp>

#include <boost/date_time/gregorian/greg_date.hpp>

namespace py = pybind11;

namespace furong::python {

namespace {
void raise(const char* cls_name, const std::exception& e, py::dict attributes = py::dict()) {
    py::object cls = py::module_::import("furong._errors").attr(cls_name);
    py::object instance = cls(py::str(e.what()));
    for (auto item : attributes) instance.attr(item.first) = item.second;
    PyErr_SetObject(cls.ptr(), instance.ptr());
}
}  // namespace

void register_errors(py::module_&) {
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const input_error& e) {
            py::dict a;
            a["file"] = e.file();
            a["line"] = e.line();
            a["column"] = e.column();
            a["reason"] = e.message();
            raise("InputError", e, a);
        } catch (const unknown_id_error& e) {
            py::dict a;
            a["id"] = e.id();
            raise("UnknownIdError", e, a);
        } catch (const argument_error& e) {
            raise("ArgumentError", e);
        } catch (const model_error& e) {
            raise("ModelError", e);
        } catch (const error& e) {
            raise("FurongError", e);
        } catch (const std::out_of_range& e) {
            // Boost.Date_Time signals impossible dates this way.
            raise("ArgumentError", e);
        }
    });
}

}  // namespace furong::python
