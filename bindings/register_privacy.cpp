// furong._core.privacy: scoped views, pseudonymised copies and small-count suppression
// (docs/privacy.md). The rules live in edit/view.hpp, edit/redact.hpp and
// domain/suppression.hpp; this file converts only.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/domain/suppression.hpp>
#include <furong/edit/redact.hpp>
#include <furong/edit/view.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

namespace py = pybind11;

namespace furong::python {

void register_privacy(py::module_& m) {
    auto sub = m.def_submodule("privacy", "Residents' data: scoped views, pseudonyms, small-count suppression.");
    sub.def("view", [](const py_network& n, const std::string& org) {
        // A copy of the tables (copy-on-write) and of the ledger pointer: nothing else can
        // reach them, so the GIL can go while the view is built.
        const py_network copy{n.net, n.cached, n.ledger};
        network_with_ledger v;
        {
            py::gil_scoped_release release;
            v = view(copy.net, copy.ledger.get(), org);
        }
        return py_network{std::move(v.net), nullptr, std::move(v.ledger)};
    }, py::arg("net"), py::arg("org"),
       "The network (and its ledger) restricted to the subtree of `org` (C++ furong::view).");
    sub.def("redact", [](const py_network& n, const py::bytes& key, const std::vector<std::string>& keep) {
        const py_network copy{n.net, n.cached, n.ledger};
        const std::string k = key;
        network_with_ledger r;
        {
            py::gil_scoped_release release;
            r = redact(copy.net, copy.ledger.get(), k, keep);
        }
        return py_network{std::move(r.net), nullptr, std::move(r.ledger)};
    }, py::arg("net"), py::arg("key"), py::arg("keep") = std::vector<std::string>{},
       "A pseudonymised copy: names and notes removed, person and household ids keyed pseudonyms (C++ furong::redact).");
    sub.def("pseudonym", [](const py::bytes& key, const std::string& id, const std::string& prefix) {
        return pseudonym(std::string(key), id, prefix);
    }, py::arg("key"), py::arg("id"), py::arg("prefix"),
       "prefix + 16 hex digits of HMAC-SHA256(key, id); the key needs >= 16 bytes.");
    sub.def("suppress", [](const std::vector<std::vector<std::int64_t>>& counts, std::int64_t threshold) {
        const suppressed_table t = suppress(counts, threshold);
        const auto R = static_cast<py::ssize_t>(t.rows + 1), C = static_cast<py::ssize_t>(t.cols + 1);
        py::array_t<std::int64_t> values({R, C});
        py::array_t<std::uint8_t> hidden({R, C});
        auto v = values.mutable_unchecked<2>();
        auto h = hidden.mutable_unchecked<2>();
        for (py::ssize_t r = 0; r < R; ++r)
            for (py::ssize_t c = 0; c < C; ++c) {
                v(r, c) = t.values[t.at(static_cast<std::size_t>(r), static_cast<std::size_t>(c))];
                h(r, c) = static_cast<std::uint8_t>(t.hidden[t.at(static_cast<std::size_t>(r), static_cast<std::size_t>(c))]);
            }
        py::dict out;
        out["values"] = values;
        out["hidden"] = hidden;
        return out;
    }, py::arg("counts"), py::arg("threshold") = 5,
       "The table with its totals (last row and column) and what to hide: 0 shown, 1 primary, 2 secondary.");
    sub.attr("min_key_bytes") = min_pseudonym_key_bytes;
    sub.attr("outside_prefix") = std::string(outside_prefix);
}

}  // namespace furong::python
