// furong._core.synth_city: the synthetic city generator, with every option as a keyword.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/synth.hpp>

#include <pybind11/stl.h>

namespace py = pybind11;

namespace furong::python {

namespace {
template <class T>
void take(py::dict& kw, const char* name, T& field) {
    if (!kw.contains(name)) return;
    field = kw[name].cast<T>();
    kw.attr("pop")(name);
}
}  // namespace

void register_synth(py::module_& m) {
    m.def("synth_city", [](std::int64_t households, std::uint64_t seed, bool household_nodes, bool progress, py::kwargs kwargs) {
        synth::city_options o;
        o.households = households;
        o.seed = seed;
        o.household_nodes = household_nodes;
        py::dict kw(kwargs);
        take(kw, "households_per_street", o.households_per_street);
        take(kw, "households_per_community", o.households_per_community);
        take(kw, "compound_min_households", o.compound_min_households);
        take(kw, "compound_mean_households", o.compound_mean_households);
        take(kw, "compound_max_households", o.compound_max_households);
        take(kw, "building_min_households", o.building_min_households);
        take(kw, "building_max_households", o.building_max_households);
        take(kw, "households_per_grid", o.households_per_grid);
        take(kw, "households_per_area", o.households_per_area);
        take(kw, "households_per_group", o.households_per_group);
        take(kw, "households_per_neighbourhood", o.households_per_neighbourhood);
        take(kw, "share_old", o.share_old);
        take(kw, "share_commercial", o.share_commercial);
        take(kw, "share_work_unit", o.share_work_unit);
        take(kw, "share_resettlement", o.share_resettlement);
        take(kw, "party_share_min", o.party_share_min);
        take(kw, "party_share_max", o.party_share_max);
        take(kw, "uncovered_share", o.uncovered_share);
        take(kw, "owners_committee_share", o.owners_committee_share);
        take(kw, "property_share", o.property_share);
        take(kw, "old_property_share", o.old_property_share);
        take(kw, "contact_share", o.contact_share);
        take(kw, "pairing_share", o.pairing_share);
        take(kw, "extra_adjacent_share", o.extra_adjacent_share);
        take(kw, "agencies", o.agencies);
        take(kw, "units_per_250k_households", o.units_per_250k_households);
        take(kw, "people", o.people);
        take(kw, "vacancy_share", o.vacancy_share);
        take(kw, "one_shoulder_share", o.one_shoulder_share);
        take(kw, "resources", o.resources);
        take(kw, "need_share", o.need_share);
        take(kw, "first_date", o.first_date);
        take(kw, "last_date", o.last_date);
        take(kw, "ended_share", o.ended_share);
        if (!kw.empty()) {
            std::string names;
            for (auto item : kw) names += (names.empty() ? "" : ", ") + py::str(item.first).cast<std::string>();
            throw argument_error("unknown synth.city option(s): " + names);
        }
        synth::validate(o);
        py::object bar;
        if (progress) {
            bar = py::module_::import("furong._progress").attr("Progress")(100, "generating city");
            o.progress = [&bar](double done) {
                py::gil_scoped_acquire hold;  // the generator runs without the GIL
                int target = static_cast<int>(done * 100);
                int now = bar.attr("done").cast<int>();
                if (target > now) bar.attr("update")(target - now);
            };
        }
        network net;
        {
            py::gil_scoped_release release;  // pure C++ generation; the callback retakes the GIL
            net = synth::city(o);
        }
        if (progress) bar.attr("close")();
        return py_network{std::move(net), nullptr};
    }, py::arg("households") = 100000, py::arg("seed") = 1, py::arg("household_nodes") = true,
       py::arg("progress") = false, "Generates a synthetic city (see furong.synth.city).");
}

}  // namespace furong::python
