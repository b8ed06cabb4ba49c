#pragma once
// One registration function per area; module.cpp calls them in order.

#include <pybind11/pybind11.h>

namespace furong::python {
void register_errors(pybind11::module_& m);
void register_network(pybind11::module_& m);
void register_synth(pybind11::module_& m);
void register_reachability(pybind11::module_& m);
void register_planning(pybind11::module_& m);
void register_matching(pybind11::module_& m);
}  // namespace furong::python
