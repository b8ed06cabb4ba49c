// Planning (`_core.plan`): joint branches, property areas, the threshold connected partition
// on plain inputs, policy checks, the policy file reader, what-if, the network "without"
// some ids and writing plans back (see furong.plan). Conversion only: every rule lives in
// include/furong/domain, edit or io. Results are bound types holding the snapshot they were
// computed on, so ids are made only when Python asks for them.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/algorithm/connected_partition.hpp>
#include <furong/domain/plans.hpp>
#include <furong/domain/policies.hpp>
#include <furong/domain/whatif.hpp>
#include <furong/edit/apply_plan.hpp>
#include <furong/edit/without.hpp>
#include <furong/io/policies_file.hpp>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace furong::python {

namespace {

py::list org_ids(const snapshot& s, const std::vector<index_t>& v) {
    py::list out;
    for (index_t i : v) out.append(id_str(s.id(i)));
    return out;
}

/// A plan_result with the snapshot its indices refer to.
struct py_plan {
    std::shared_ptr<const snapshot> s;
    plan_result r;
};

/// A policy_gaps() result with its snapshot.
struct py_policy_gaps {
    std::shared_ptr<const snapshot> s;
    std::vector<policy_gap> gaps;
};

/// A whatif() result with the snapshot of the network before (same indices as after).
struct py_whatif {
    std::shared_ptr<const snapshot> s;
    whatif_result r;
};

std::vector<std::vector<index_t>> groups_of(const network& net, const std::vector<std::vector<std::string>>& groups) {
    std::vector<std::vector<index_t>> out;
    out.reserve(groups.size());
    for (const auto& g : groups) {
        std::vector<index_t> v;
        for (const auto& id : g) v.push_back(net.index_of(id));
        out.push_back(std::move(v));
    }
    return out;
}

py::dict plan_summary_dict(const plan_summary& p) {
    py::dict d;
    d["groups"] = p.groups;
    d["joint"] = p.joint;
    d["uncovered"] = p.uncovered;
    d["optimal"] = p.optimal;
    return d;
}

py::dict gap_change_dict(const snapshot& s, const gap_change& g, bool with_changed) {
    py::dict d;
    d["before"] = g.before;
    d["after"] = g.after;
    d["new"] = org_ids(s, g.added);
    if (with_changed) d["changed"] = org_ids(s, g.changed);
    d["restored"] = org_ids(s, g.restored);
    return d;
}

py::dict whatif_dict(const py_whatif& w) {
    const snapshot& s = *w.s;
    const whatif_result& r = w.r;
    py::dict audit;
    audit["households_without_contact"] = gap_change_dict(s, r.households_without_contact, false);
    audit["compounds_without_branch"] = gap_change_dict(s, r.compounds_without_branch, false);
    audit["compounds_without_pairing"] = gap_change_dict(s, r.compounds_without_pairing, false);
    audit["buildings_without_leader"] = gap_change_dict(s, r.buildings_without_leader, false);
    audit["grids_without_worker"] = gap_change_dict(s, r.grids_without_worker, false);
    audit["three_party_gaps"] = gap_change_dict(s, r.three_party_gaps, true);
    py::dict spof;
    spof["before"] = r.single_contact_before;
    spof["after"] = r.single_contact_after;
    spof["people_before"] = r.critical_people_before;
    spof["people_after"] = r.critical_people_after;
    py::list people;
    for (index_t p : r.new_critical_people) people.append(id_str(s.person_id(p)));
    spof["new_people"] = people;
    auto before_after = [](py::object a, py::object b) {
        py::dict d;
        d["before"] = a;
        d["after"] = b;
        return d;
    };
    auto opt = [](const std::optional<double>& v) { return v ? py::object(py::float_(*v)) : py::object(py::none()); };
    py::dict out;
    out["as_of"] = py::str(to_iso(r.when));
    out["removed"] = py::cast(r.removed);
    out["audit"] = audit;
    out["single_points_of_failure"] = spof;
    out["branch_plan"] = before_after(plan_summary_dict(r.branch_before), plan_summary_dict(r.branch_after));
    out["property_plan"] = before_after(plan_summary_dict(r.property_before), plan_summary_dict(r.property_after));
    out["co_building_total"] = before_after(opt(r.co_building_before), opt(r.co_building_after));
    return out;
}

}  // namespace

void register_planning(py::module_& m) {
    auto sub = m.def_submodule("plan", "Planning: joint branches, property areas, policies, what-if (see furong.plan).");

    sub.attr("CHECKS") = [] {
        py::list out;
        for (auto n : detail::policy_check_names) out.append(std::string(n));
        return py::tuple(out);
    }();

    // ---- plans ----
    py::class_<py_plan>(sub, "PlanResult", "A joint-branch or property-area plan (furong.plan.Plan converts it).")
        .def_property_readonly("groups", [](const py_plan& p) {
            py::list out;
            for (const auto& g : p.r.groups) out.append(org_ids(*p.s, g.compounds));
            return out;
        }, "Compound ids of each group (ascending index order).")
        .def_property_readonly("weights", [](const py_plan& p) {
            std::vector<std::int64_t> w;
            for (const auto& g : p.r.groups) w.push_back(g.weight);
            return to_numpy(std::move(w));
        }, "Total weight of each group (int64 array).")
        .def_property_readonly("scopes", [](const py_plan& p) {
            py::list out;
            for (const auto& g : p.r.groups)
                out.append(g.scope == no_index ? py::object(py::none()) : py::object(id_str(p.s->id(g.scope))));
            return out;
        }, "Community (branches) or street (property areas) id of each group; None: no scope.")
        .def_property_readonly("uncovered", [](const py_plan& p) { return org_ids(*p.s, p.r.uncovered); })
        .def_property_readonly("optimal", [](const py_plan& p) { return p.r.optimal; })
        .def_property_readonly("threshold", [](const py_plan& p) { return p.r.threshold; })
        .def_property_readonly("candidates", [](const py_plan& p) { return p.r.candidates; })
        .def_property_readonly("components", [](const py_plan& p) { return p.r.components; })
        .def_property_readonly("heuristic_components", [](const py_plan& p) { return p.r.heuristic_components; })
        .def_property_readonly("largest_component", [](const py_plan& p) { return p.r.largest_component; });

    sub.def("branches", [](py_network& n, const date& when, std::int64_t threshold, std::size_t exact_limit) {
        py_plan out{n.snap(), {}};
        {
            py::gil_scoped_release release;  // reads only the immutable snapshot we hold a reference to
            out.r = plan_branches(*out.s, when, threshold, exact_limit);
        }
        return out;
    }, py::arg("net"), py::arg("as_of"), py::arg("threshold") = 3, py::arg("exact_limit") = 20);

    sub.def("property_areas", [](py_network& n, const date& when, std::int64_t min_households, std::size_t exact_limit) {
        py_plan out{n.snap(), {}};
        {
            py::gil_scoped_release release;  // reads only the immutable snapshot we hold a reference to
            out.r = plan_property_areas(*out.s, when, min_households, exact_limit);
        }
        return out;
    }, py::arg("net"), py::arg("as_of"), py::arg("min_households") = 300, py::arg("exact_limit") = 20);

    py::class_<connected_partition_result>(sub, "PartitionResult", "A threshold connected partition of plain inputs.")
        .def_property_readonly("groups", [](const connected_partition_result& r) {
            py::list out;
            for (const auto& g : r.groups) out.append(py::cast(g.members));
            return out;
        }, "Candidate positions of each group.")
        .def_property_readonly("weights", [](const connected_partition_result& r) {
            std::vector<std::int64_t> w;
            for (const auto& g : r.groups) w.push_back(g.weight);
            return to_numpy(std::move(w));
        })
        .def_property_readonly("uncovered", [](const connected_partition_result& r) { return py::cast(r.uncovered); })
        .def_property_readonly("optimal", [](const connected_partition_result& r) { return r.optimal; });

    sub.def("partition", [](const std::vector<std::int64_t>& weights,
                            const std::vector<std::pair<std::size_t, std::size_t>>& edges, std::int64_t threshold,
                            std::size_t exact_limit) {
        connected_partition_result r;
        {
            py::gil_scoped_release release;  // plain C++ vectors, copied in by the casters
            r = threshold_connected_partition(weights.size(), weights, edges, threshold, exact_limit);
        }
        return r;
    }, py::arg("weights"), py::arg("edges"), py::arg("threshold"), py::arg("exact_limit") = 20);

    // ---- policies ----
    py::class_<policy_file>(sub, "PolicyFile", "A policy table read by read_policies (rows in file order).")
        .def_property_readonly("compound_type", [](const policy_file& f) {
            py::list out;
            for (const auto& r : f.rows) out.append(std::string(name_of(r.type)));
            return out;
        })
        .def_property_readonly("check", [](const policy_file& f) {
            py::list out;
            for (const auto& r : f.rows) out.append(std::string(name_of(r.check)));
            return out;
        })
        .def_property_readonly("description", [](const policy_file& f) {
            py::list out;
            for (const auto& r : f.rows) out.append(r.description);
            return out;
        });

    sub.def("read_policies", [](const std::filesystem::path& path) { return read_policy_file(path); }, py::arg("path"),
            "Reads a policy CSV (compound_type,check,description); InputError with file, line and column.");

    py::class_<py_policy_gaps>(sub, "PolicyGaps", "Checks of their type's policy that compounds fail.")
        .def_property_readonly("compound", [](const py_policy_gaps& g) {
            py::list out;
            for (const auto& x : g.gaps) out.append(id_str(g.s->id(x.compound)));
            return out;
        })
        .def_property_readonly("compound_type", [](const py_policy_gaps& g) {
            py::list out;
            for (const auto& x : g.gaps) out.append(std::string(name_of(g.s->organisations().compound_types[x.compound])));
            return out;
        })
        .def_property_readonly("check", [](const py_policy_gaps& g) {
            py::list out;
            for (const auto& x : g.gaps) out.append(std::string(name_of(x.check)));
            return out;
        })
        .def_property_readonly("status", [](const py_policy_gaps& g) {
            py::list out;
            for (const auto& x : g.gaps) out.append(std::string(name_of(x.status)));
            return out;
        })
        .def("__len__", [](const py_policy_gaps& g) { return g.gaps.size(); });

    sub.def("policy_gaps", [](py_network& n, const date& when,
                              const std::vector<std::pair<std::string, std::vector<std::string>>>& checks,
                              int meeting_months, std::optional<std::filesystem::path> meetings_path,
                              std::optional<std::vector<std::string>> meeting_kinds,
                              std::optional<std::vector<std::string>> meeting_orgs,
                              std::optional<std::vector<date>> meeting_days) {
        const policy_table table = policy_table_from_names(checks, meeting_months);
        py_policy_gaps out{n.snap(), {}};
        std::vector<joint_meeting> meetings;
        bool have_meetings = false;
        if (meetings_path) {
            meetings = read_joint_meetings(*meetings_path, *out.s);
            have_meetings = true;
        } else if (meeting_orgs) {  // a table of meetings from Python: the same rows as meetings.csv
            if (!meeting_kinds || !meeting_days || meeting_kinds->size() != meeting_orgs->size() ||
                meeting_days->size() != meeting_orgs->size())
                throw argument_error("policy_gaps: meeting kinds, organisations and dates differ in length");
            meeting_book book;
            for (std::size_t k = 0; k < meeting_orgs->size(); ++k) {
                auto kind = parse_meeting_kind((*meeting_kinds)[k]);
                if (!kind) continue;  // other kinds of meeting do not count
                if ((*meeting_days)[k].is_special())
                    throw argument_error("policy_gaps: meeting " + std::to_string(k) + " has no date (expected YYYY-MM-DD)");
                book.add_meeting({"m" + std::to_string(k), *kind, (*meeting_days)[k], (*meeting_orgs)[k], ""});
            }
            meetings = joint_meetings_of(*out.s, book);
            have_meetings = true;
        }
        {
            py::gil_scoped_release release;  // reads only the immutable snapshot and local vectors
            out.gaps = policy_gaps(*out.s, when, table, have_meetings ? &meetings : nullptr);
        }
        return out;
    }, py::arg("net"), py::arg("as_of"), py::arg("checks"), py::arg("meeting_months") = 3,
       py::arg("meetings_path") = py::none(), py::arg("meeting_kinds") = py::none(), py::arg("meeting_orgs") = py::none(),
       py::arg("meeting_days") = py::none());

    // ---- what-if and edits ----
    py::class_<py_whatif>(sub, "WhatIf", "What changes when organisations or people leave (see furong.plan.whatif).")
        .def_property_readonly("as_of", [](const py_whatif& w) { return w.r.when; })
        .def_property_readonly("removed", [](const py_whatif& w) { return py::cast(w.r.removed); })
        .def_property_readonly("co_building_before", [](const py_whatif& w) { return w.r.co_building_before; })
        .def_property_readonly("co_building_after", [](const py_whatif& w) { return w.r.co_building_after; })
        .def("to_dict", &whatif_dict, "The furong.plan.whatif dict.");

    sub.def("whatif", [](py_network& n, const std::vector<std::string>& ids, const date& when, bool co_building) {
        whatif_options o;
        o.co_building = co_building;
        py_whatif out{n.snap(), {}};
        const network copy = n.net;  // a private copy (shares the tables until written): safe without the GIL
        {
            py::gil_scoped_release release;  // works on the copy and new snapshots only
            out.r = whatif(copy, ids, when, o);
        }
        return out;
    }, py::arg("net"), py::arg("ids"), py::arg("as_of"), py::arg("co_building") = true);

    sub.def("without", [](py_network& n, const std::vector<std::string>& ids, const date& when) {
        const network copy = n.net;  // a private copy taken with the GIL held
        network out;
        {
            py::gil_scoped_release release;  // edits the private copy only
            out = without(copy, ids, when);
        }
        return py_network{std::move(out), nullptr, n.ledger};  // ledger keyed by ids, which all stay
    }, py::arg("net"), py::arg("ids"), py::arg("as_of"));

    sub.def("apply_branch_plan", [](py_network& n, const std::vector<std::vector<std::string>>& groups, const date& since,
                                    bool replace) {
        return apply_branch_plan(n.net, groups_of(n.net, groups), since, replace);
    }, py::arg("net"), py::arg("groups"), py::arg("since"), py::arg("replace") = true);

    sub.def("apply_property_plan", [](py_network& n, const std::vector<std::vector<std::string>>& groups, const date& since) {
        return apply_property_plan(n.net, groups_of(n.net, groups), since);
    }, py::arg("net"), py::arg("groups"), py::arg("since"));
}

}  // namespace furong::python
