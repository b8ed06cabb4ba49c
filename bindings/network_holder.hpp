#pragma once
// What a Python furong._core.Network holds: the mutable network and a cached snapshot that
// is rebuilt lazily after an edit, so queries called from Python stay cheap and current.
// Every binding file that queries the network takes a py_network&.

#include "casters.hpp"

#include <furong/kinds.hpp>
#include <furong/network.hpp>
#include <furong/snapshot.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furong {
struct ledger_data;  // ledger/ledger_files.hpp
}

namespace furong::python {

struct py_network {
    network net;
    std::shared_ptr<const snapshot> cached;
    std::shared_ptr<const ledger_data> ledger;  ///< ledger files loaded beside the network; null when none

    /// The snapshot of the current state (built on first use after an edit). O(V + E) then O(1).
    std::shared_ptr<const snapshot> snap() {
        if (!cached || cached->revision() != net.revision()) cached = std::make_shared<const snapshot>(net);
        return cached;
    }
};

/// Organisation indices from a str, a sequence of str, or an integer numpy array of indices.
/// @throws unknown_id_error for an unknown id, argument_error for an index out of range.
inline std::vector<index_t> indices_of(const snapshot& s, pybind11::handle ids) {
    namespace py = pybind11;
    std::vector<index_t> out;
    if (py::isinstance<py::str>(ids)) {
        out.push_back(s.index_of(ids.cast<std::string>()));
        return out;
    }
    if (py::isinstance<py::array>(ids) && py::array(py::reinterpret_borrow<py::object>(ids)).dtype().kind() != 'U' &&
        py::array(py::reinterpret_borrow<py::object>(ids)).dtype().kind() != 'O') {
        auto a = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(ids);
        if (!a) throw argument_error("expected an array of organisation indices");
        out.reserve(static_cast<std::size_t>(a.size()));
        const std::int64_t* p = a.data();
        for (py::ssize_t k = 0; k < a.size(); ++k) {
            if (p[k] < 0 || static_cast<std::uint64_t>(p[k]) >= s.size())
                throw argument_error("organisation index " + std::to_string(p[k]) + " out of range (0.." +
                                     std::to_string(s.size()) + ")");
            out.push_back(static_cast<index_t>(p[k]));
        }
        return out;
    }
    for (py::handle h : ids) {
        if (!py::isinstance<py::str>(h)) throw argument_error("expected organisation ids (str)");
        out.push_back(s.index_of(h.cast<std::string>()));
    }
    return out;
}

/// The enum named by `text`, or argument_error listing the names (the binding files' one
/// conversion of a kind, role, status... given as a str).
template <class Enum, std::size_t N>
Enum enum_arg(const std::array<std::string_view, N>& names, std::optional<Enum> (*parse)(std::string_view),
              const std::string& text, const char* what) {
    if (auto v = parse(text)) return *v;
    throw argument_error(std::string("unknown ") + what + " '" + text + "' (expected one of " + join_names(names) + ")");
}

/// An id as a Python str. O(length).
inline pybind11::str id_str(std::string_view id) { return pybind11::str(id.data(), id.size()); }

/// A numpy array that owns a moved-in std::vector (no copy).
template <class T>
pybind11::array_t<T> to_numpy(std::vector<T>&& v) {
    namespace py = pybind11;
    auto* heap = new std::vector<T>(std::move(v));
    py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array_t<T>(static_cast<py::ssize_t>(heap->size()), heap->data(), owner);
}

}  // namespace furong::python
