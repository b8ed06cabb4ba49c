// The private extension module furong._core. The public package furong re-exports it.
#include "register.hpp"

PYBIND11_MODULE(_core, m) {
    m.doc() = "furong compiled core (private: use the furong package)";
    furong::python::register_errors(m);
    furong::python::register_network(m);
    furong::python::register_synth(m);
    furong::python::register_reachability(m);
    furong::python::register_planning(m);
    furong::python::register_matching(m);
    furong::python::register_ledger(m);
    furong::python::register_evaluation(m);
    furong::python::register_store(m);
    furong::python::register_privacy(m);
    furong::python::register_calendar(m);
}
