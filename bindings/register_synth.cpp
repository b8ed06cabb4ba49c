// furong._core.synth: the synthetic city generator. Its options struct is bound once as
// CityOptions (one read-write property per field, the one table of option names); city()
// sets keyword arguments on it by name, so adding an option to synth::city_options is one
// .def_readwrite line here.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/synth.hpp>

#include <pybind11/stl.h>

namespace py = pybind11;

namespace furong::python {

void register_synth(py::module_& m) {
    auto sub = m.def_submodule("synth", "Synthetic cities of any size (see furong.synth.city).");
    using o = synth::city_options;
    py::class_<o> options(sub, "CityOptions",
        "Knobs of the generator (C++ furong::synth::city_options); every field is a keyword of furong.synth.city.");
    options.def(py::init<>())
        .def_readwrite("households", &o::households)
        .def_readwrite("seed", &o::seed)
        .def_readwrite("household_nodes", &o::household_nodes)
        .def_readwrite("households_per_street", &o::households_per_street)
        .def_readwrite("households_per_community", &o::households_per_community)
        .def_readwrite("compound_min_households", &o::compound_min_households)
        .def_readwrite("compound_mean_households", &o::compound_mean_households)
        .def_readwrite("compound_max_households", &o::compound_max_households)
        .def_readwrite("building_min_households", &o::building_min_households)
        .def_readwrite("building_max_households", &o::building_max_households)
        .def_readwrite("households_per_grid", &o::households_per_grid)
        .def_readwrite("households_per_area", &o::households_per_area)
        .def_readwrite("households_per_group", &o::households_per_group)
        .def_readwrite("households_per_neighbourhood", &o::households_per_neighbourhood)
        .def_readwrite("share_old", &o::share_old)
        .def_readwrite("share_commercial", &o::share_commercial)
        .def_readwrite("share_work_unit", &o::share_work_unit)
        .def_readwrite("share_resettlement", &o::share_resettlement)
        .def_readwrite("party_share_min", &o::party_share_min)
        .def_readwrite("party_share_max", &o::party_share_max)
        .def_readwrite("uncovered_share", &o::uncovered_share)
        .def_readwrite("owners_committee_share", &o::owners_committee_share)
        .def_readwrite("property_share", &o::property_share)
        .def_readwrite("old_property_share", &o::old_property_share)
        .def_readwrite("contact_share", &o::contact_share)
        .def_readwrite("pairing_share", &o::pairing_share)
        .def_readwrite("extra_adjacent_share", &o::extra_adjacent_share)
        .def_readwrite("agencies", &o::agencies)
        .def_readwrite("units_per_250k_households", &o::units_per_250k_households)
        .def_readwrite("people", &o::people)
        .def_readwrite("vacancy_share", &o::vacancy_share)
        .def_readwrite("one_shoulder_share", &o::one_shoulder_share)
        .def_readwrite("resources", &o::resources)
        .def_readwrite("need_share", &o::need_share)
        .def_readwrite("first_date", &o::first_date)
        .def_readwrite("last_date", &o::last_date)
        .def_readwrite("ended_share", &o::ended_share)
        .def("validate", [](const o& opts) { synth::validate(opts); },
             "Checks the options as city() does; raises ArgumentError naming the bad option.");
    // The option names: every property of the class (the table above).
    py::list names;
    py::object property = py::module_::import("builtins").attr("property");
    for (auto item : options.attr("__dict__").cast<py::dict>())
        if (py::isinstance(item.second, property)) names.append(item.first);
    names.attr("sort")();
    options.attr("OPTIONS") = py::tuple(names);

    sub.def("city", [](bool progress, py::kwargs kwargs) {
        py::object holder = py::module_::import("furong._core").attr("synth").attr("CityOptions")();
        py::tuple known = holder.attr("OPTIONS");
        std::string unknown;
        for (auto item : kwargs) {
            bool found = false;
            for (auto n : known) found = found || n.equal(item.first);
            if (!found) unknown += (unknown.empty() ? "" : ", ") + py::str(item.first).cast<std::string>();
        }
        if (!unknown.empty()) throw argument_error("unknown synth.city option(s): " + unknown);
        for (auto item : kwargs) py::setattr(holder, item.first, item.second);
        o opts = holder.cast<o>();
        synth::validate(opts);
        py::object bar;
        if (progress) {
            bar = py::module_::import("furong._progress").attr("Progress")(100, "generating city");
            opts.progress = [&bar](double done) {
                py::gil_scoped_acquire hold;  // the generator runs without the GIL
                int target = static_cast<int>(done * 100);
                int now = bar.attr("done").cast<int>();
                if (target > now) bar.attr("update")(target - now);
            };
        }
        network net;
        {
            py::gil_scoped_release release;  // generation reads only `opts`, a local copy
            net = synth::city(opts);
        }
        if (progress) bar.attr("close")();
        return py_network{std::move(net), nullptr};
    }, py::kw_only(), py::arg("progress") = false,
       "Generates a synthetic city: keywords are the fields of CityOptions (see furong.synth.city).");
}

}  // namespace furong::python
