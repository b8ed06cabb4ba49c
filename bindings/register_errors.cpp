// Translates C++ exceptions into Python, one rule per class:
// - furong's own hierarchy (error.hpp) becomes the furong.FurongError subclasses defined in
//   furong/_errors.py (so that they can also derive from ValueError or KeyError);
// - Boost.Date_Time's bad_year / bad_month / bad_day_of_month (std::out_of_range) mean an
//   impossible date: furong.ArgumentError (a ValueError), never IndexError;
// - io_error and std::filesystem::filesystem_error: furong.FileError (an OSError with errno,
//   strerror, filename);
// - pybind11's cast_error (a value of the wrong type inside a call): ArgumentTypeError (a
//   TypeError); std::bad_alloc: OutOfMemoryError (a MemoryError); Python errors already set
//   pass through as they were (furong/_errors.py turns bare TypeError/OverflowError raised by
//   pybind11's argument conversion into ArgumentTypeError/ArgumentOverflowError);
// - any other std::exception is a bug in furong (the library throws only its own classes):
//   furong.InternalError, "internal error (a bug)", like OpenTimelineIO does.
#include "register.hpp"

#include <furong/error.hpp>

#include <boost/date_time/gregorian/greg_date.hpp>

#include <filesystem>
#include <new>
#include <stdexcept>
#include <string>

namespace py = pybind11;

namespace furong::python {

namespace {
void raise(const char* cls_name, const std::string& message, py::dict attributes = py::dict()) {
    py::object cls = py::module_::import("furong._errors").attr(cls_name);
    py::object instance = cls(py::str(message));
    for (auto item : attributes) instance.attr(item.first) = item.second;
    PyErr_SetObject(cls.ptr(), instance.ptr());
}
void raise_file_error(const std::string& path, int code, const std::string& message) {
    py::object cls = py::module_::import("furong._errors").attr("FileError");
    py::object instance = cls(code, py::str(message), py::str(path));
    PyErr_SetObject(cls.ptr(), instance.ptr());
}
}  // namespace

void register_errors(py::module_& m) {
    // A test hook: throws a C++ exception of the named class, so that the tests can check
    // each rule of the translation below (no real input reaches the "bug" cases).
    m.def("_throw", [](const std::string& what) {
        if (what == "argument_error") throw argument_error("bad argument");
        if (what == "input_error") throw input_error("f.csv", 2, 3, "expected a date");
        if (what == "bad_day_of_month") (void)boost::gregorian::date(2025, 2, 30);
        if (what == "out_of_range") throw std::out_of_range("vector index 7 out of range");
        if (what == "invalid_argument") throw std::invalid_argument("stoi");
        if (what == "bad_alloc") throw std::bad_alloc();
        if (what == "io_error") throw io_error("/x/y.csv", 28, "cannot write", "No space left on device");
        if (what == "filesystem_error")
            throw std::filesystem::filesystem_error("cannot create", "/x", std::make_error_code(std::errc::read_only_file_system));
        if (what == "store_conflict_error") throw store_conflict_error("d.sqlite", "item 'L1' changed meanwhile");
        if (what == "cast_error") throw py::cast_error("Unable to cast");
        throw argument_error("_throw: unknown exception name '" + what + "'");
    }, py::arg("what"));

    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const input_error& e) {
            py::dict a;
            a["file"] = e.file();
            a["line"] = e.line();
            a["column"] = e.column();
            a["reason"] = e.message();
            raise("InputError", e.what(), a);
        } catch (const unknown_id_error& e) {
            py::dict a;
            a["id"] = e.id();
            raise("UnknownIdError", e.what(), a);
        } catch (const argument_error& e) {
            raise("ArgumentError", e.what());
        } catch (const model_error& e) {
            raise("ModelError", e.what());
        } catch (const io_error& e) {
            raise_file_error(e.path(), e.code(), e.what());
        } catch (const store_error& e) {
            // The most derived class first: busy, conflict and version are store errors too.
            const char* cls = dynamic_cast<const store_busy_error*>(&e)       ? "StoreBusyError"
                              : dynamic_cast<const store_conflict_error*>(&e) ? "ConflictError"
                              : dynamic_cast<const store_version_error*>(&e)  ? "StoreVersionError"
                                                                               : "StoreError";
            py::dict a;
            a["location"] = e.location();
            raise(cls, e.what(), a);
        } catch (const error& e) {
            raise("FurongError", e.what());
        } catch (const std::filesystem::filesystem_error& e) {
            raise_file_error(e.path1().string(), e.code().value(), e.what());
        } catch (const boost::gregorian::bad_day_of_month& e) {
            raise("ArgumentError", std::string("impossible date: ") + e.what());
        } catch (const boost::gregorian::bad_month& e) {
            raise("ArgumentError", std::string("impossible date: ") + e.what());
        } catch (const boost::gregorian::bad_year& e) {
            raise("ArgumentError", std::string("impossible date: ") + e.what());
        } catch (const py::cast_error& e) {
            raise("ArgumentTypeError", std::string("wrong argument type: ") + e.what());
        } catch (const py::builtin_exception&) {
            throw;  // pybind11's own (cast_error, value_error, stop_iteration...): its translator
        } catch (const py::error_already_set&) {
            throw;  // a Python exception passing through C++: restored as it was
        } catch (const std::bad_alloc&) {
            raise("OutOfMemoryError", "out of memory (nothing was changed)");
        } catch (const std::exception& e) {
            raise("InternalError", std::string("internal error (a bug in furong, please report it): ") + e.what());
        }
    });
}

}  // namespace furong::python
