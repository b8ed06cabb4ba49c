#pragma once
// One registration function per area; module.cpp calls them in order.

#include <pybind11/pybind11.h>

#include <filesystem>
#include <memory>

namespace furong {
class network;
struct ledger_data;
}  // namespace furong

namespace furong::python {
struct py_network;
void register_errors(pybind11::module_& m);
void register_network(pybind11::module_& m);
void register_synth(pybind11::module_& m);
void register_reachability(pybind11::module_& m);
void register_planning(pybind11::module_& m);
void register_matching(pybind11::module_& m);
void register_ledger(pybind11::module_& m);
void register_evaluation(pybind11::module_& m);
void register_store(pybind11::module_& m);
void register_privacy(pybind11::module_& m);
void register_calendar(pybind11::module_& m);
/// The ledger files of `dir` checked against `net` (null when there are none); throws input_error.
std::shared_ptr<const ledger_data> load_ledger_beside(const network& net, const std::filesystem::path& dir);
/// Writes the ledger files of `n` into `dir` when it holds a ledger.
}  // namespace furong::python
