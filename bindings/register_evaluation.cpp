// _core.evaluation: the neighbour-leader evaluation and the attribution of ledger items to
// leaders. The rule lives in include/furong/domain/leader_evaluation.hpp; this file only
// converts arguments and results.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/domain/leader_evaluation.hpp>
#include <furong/io/ledger_files.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace py = pybind11;

namespace furong::python {

namespace {

const ledger& items_of(const std::shared_ptr<const ledger_data>& d) {
    static const ledger empty;
    return d ? d->items : empty;
}

template <class F>
py::array_t<std::int64_t> int_column(const leader_evaluation& ev, F field) {
    std::vector<std::int64_t> v;
    v.reserve(ev.leaders.size());
    for (const auto& a : ev.leaders) v.push_back(static_cast<std::int64_t>(field(a)));
    return to_numpy(std::move(v));
}

template <class F>
py::array_t<double> real_column(const leader_evaluation& ev, F field) {
    std::vector<double> v;
    v.reserve(ev.leaders.size());
    for (const auto& a : ev.leaders) v.push_back(field(a));
    return to_numpy(std::move(v));
}

// The columns of an evaluation, in the order of to_dict (and of the Python frame).
py::dict columns(const leader_evaluation& ev) {
    py::dict d;
    py::list leader, decision, reasons;
    for (const auto& a : ev.leaders) {
        leader.append(py::str(a.evidence.leader));
        decision.append(py::str(to_string(a.decision)));
        std::string r;
        for (const auto& x : a.reasons) r += (r.empty() ? "" : "; ") + x;
        reasons.append(py::str(r));
    }
    d["leader"] = leader;
    d["score"] = int_column(ev, [](const leader_assessment& a) { return a.score; });
    d["households"] = int_column(ev, [](const leader_assessment& a) { return a.evidence.households; });
    d["items"] = int_column(ev, [](const leader_assessment& a) { return a.evidence.items; });
    d["due_items"] = int_column(ev, [](const leader_assessment& a) { return a.evidence.due_items; });
    d["closed_on_time"] = int_column(ev, [](const leader_assessment& a) { return a.evidence.closed_on_time; });
    d["resolved_items"] = int_column(ev, [](const leader_assessment& a) { return a.evidence.resolved_items; });
    d["visited_on_time"] = int_column(ev, [](const leader_assessment& a) { return a.evidence.visited_on_time; });
    d["overdue_items"] = int_column(ev, [](const leader_assessment& a) { return a.evidence.overdue; });
    d["complaints"] = int_column(ev, [](const leader_assessment& a) { return a.evidence.complaints; });
    d["closure_rate"] = real_column(ev, [](const leader_assessment& a) { return a.closure_rate; });
    d["visit_rate"] = real_column(ev, [](const leader_assessment& a) { return a.visit_rate; });
    d["overdue_rate"] = real_column(ev, [](const leader_assessment& a) { return a.overdue_rate; });
    d["complaint_rate"] = real_column(ev, [](const leader_assessment& a) { return a.complaint_rate; });
    d["decision"] = decision;
    d["reasons"] = reasons;
    return d;
}

// One column of an evaluation (an object, not an accessor into a temporary dict).
py::object column(const leader_evaluation& ev, const char* name) {
    py::dict d = columns(ev);
    return d[name];
}

}  // namespace

void register_evaluation(py::module_& m) {
    auto sub = m.def_submodule(
        "evaluation",
        "Neighbour-leader evaluation and the attribution of ledger items to leaders "
        "(the rule: include/furong/domain/leader_evaluation.hpp, docs/ledger.md).");

    py::class_<leader_thresholds> th(sub, "Thresholds",
                                     "The documented thresholds of the leader evaluation (docs/ledger.md).");
    th.def(py::init<>())
        .def_readwrite("min_items", &leader_thresholds::min_items)
        .def_readwrite("visit_days", &leader_thresholds::visit_days)
        .def_readwrite("commend_closure_rate", &leader_thresholds::commend_closure_rate)
        .def_readwrite("commend_visit_rate", &leader_thresholds::commend_visit_rate)
        .def_readwrite("commend_households", &leader_thresholds::commend_households)
        .def_readwrite("commend_overdue_rate", &leader_thresholds::commend_overdue_rate)
        .def_readwrite("commend_complaint_rate", &leader_thresholds::commend_complaint_rate)
        .def_readwrite("adjust_closure_rate", &leader_thresholds::adjust_closure_rate)
        .def_readwrite("adjust_visit_rate", &leader_thresholds::adjust_visit_rate)
        .def_readwrite("adjust_households", &leader_thresholds::adjust_households)
        .def_readwrite("adjust_overdue_rate", &leader_thresholds::adjust_overdue_rate)
        .def_readwrite("adjust_complaint_rate", &leader_thresholds::adjust_complaint_rate)
        .def("to_dict", [](const leader_thresholds& t) {
            py::dict d;
            d["min_items"] = t.min_items;
            d["visit_days"] = t.visit_days;
            d["commend_closure_rate"] = t.commend_closure_rate;
            d["commend_visit_rate"] = t.commend_visit_rate;
            d["commend_households"] = t.commend_households;
            d["commend_overdue_rate"] = t.commend_overdue_rate;
            d["commend_complaint_rate"] = t.commend_complaint_rate;
            d["adjust_closure_rate"] = t.adjust_closure_rate;
            d["adjust_visit_rate"] = t.adjust_visit_rate;
            d["adjust_households"] = t.adjust_households;
            d["adjust_overdue_rate"] = t.adjust_overdue_rate;
            d["adjust_complaint_rate"] = t.adjust_complaint_rate;
            return d;
        }, "Every threshold by name, in declaration order.");

    py::class_<leader_attribution>(sub, "Attribution", "Which ledger items and households count for which leader.")
        .def_property_readonly("leaders", [](const leader_attribution& a) { return a.leaders; },
                               "Evaluated leaders (person ids), sorted.")
        .def_property_readonly("households", [](const leader_attribution& a) {
            return to_numpy(std::vector<std::int64_t>(a.households.begin(), a.households.end()));
        }, "Households reached, per leader.")
        .def_property_readonly("leader_of_item", [](const leader_attribution& a) {
            std::vector<std::int64_t> v;
            v.reserve(a.leader_of_item.size());
            for (auto k : a.leader_of_item) v.push_back(k == no_leader ? -1 : static_cast<std::int64_t>(k));
            return to_numpy(std::move(v));
        }, "Per ledger item (file order): the index into `leaders`, or -1.");

    py::class_<leader_evaluation>(sub, "Evaluation",
                                  "Per-leader evidence, rates, score, decision and reasons (best first).")
        .def_property_readonly("commend", [](const leader_evaluation& e) { return e.commend; },
                               "Leaders to commend (person ids, sorted).")
        .def_property_readonly("adjust", [](const leader_evaluation& e) { return e.adjust; },
                               "Leaders to adjust (person ids, sorted).")
        .def("__len__", [](const leader_evaluation& e) { return e.leaders.size(); })
        .def_property_readonly("leader", [](const leader_evaluation& e) { return column(e, "leader"); },
                               "Person ids, best first.")
        .def_property_readonly("decision", [](const leader_evaluation& e) { return column(e, "decision"); },
                               "\"commend\", \"adjust\" or \"\" per leader.")
        .def_property_readonly("reasons", [](const leader_evaluation& e) { return column(e, "reasons"); },
                               "The criteria behind each decision, joined by \"; \".")
        .def_property_readonly("score", [](const leader_evaluation& e) { return column(e, "score"); },
                               "Commend criteria met (0..5) per leader.")
        .def("to_dict", &columns,
             "Columns leader, score, households, items, due_items, closed_on_time, resolved_items, "
             "visited_on_time, overdue_items, complaints, closure_rate, visit_rate, overdue_rate, "
             "complaint_rate, decision, reasons (numpy arrays for numbers, lists of str).");

    sub.def("attribute", [](py_network& n, const date& as_of_day) {
        auto snap = n.snap();
        auto data = n.ledger;
        // Safe without the GIL: the snapshot and the ledger are immutable and shared_ptrs
        // held here keep them alive; the network itself is not read.
        py::gil_scoped_release release;
        return attribute_to_leaders(*snap, items_of(data), as_of(as_of_day));
    }, py::arg("net"), py::arg("as_of") = py::none(),
       "The leaders on as_of (None: every neighbour_leader role), their households and each item's leader.");

    sub.def("evaluate", [](py_network& n, const date& as_of_day, const std::optional<leader_thresholds>& t) {
        auto snap = n.snap();
        auto data = n.ledger;
        leader_thresholds th = t.value_or(leader_thresholds());
        // Safe without the GIL: as in attribute (immutable snapshot and ledger, held alive here).
        py::gil_scoped_release release;
        return evaluate_leaders(*snap, items_of(data), as_of(as_of_day), th);
    }, py::arg("net"), py::arg("as_of") = py::none(), py::arg("thresholds") = py::none(),
       "The neighbour-leader evaluation on as_of (None: every role and link; the ledger's last day).");
}

}  // namespace furong::python
