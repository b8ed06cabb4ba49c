// Planning: joint branches, property areas, the threshold connected partition on plain
// inputs, policy checks, what-if copies and writing plans back (see furong.plan).
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/algorithm/connected_partition.hpp>
#include <furong/algorithm/planning.hpp>

#include <pybind11/stl.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace furong::python {

namespace {

py::str id_str(std::string_view id) { return py::str(id.data(), id.size()); }

py::dict plan_dict(const snapshot& s, const plan_result& r) {
    py::list groups, weights, scopes, uncovered;
    for (const auto& g : r.groups) {
        py::list members;
        for (index_t c : g.compounds) members.append(id_str(s.id(c)));
        groups.append(members);
        weights.append(py::int_(g.weight));
        scopes.append(g.scope == no_index ? py::object(py::none()) : py::object(id_str(s.id(g.scope))));
    }
    for (index_t c : r.uncovered) uncovered.append(id_str(s.id(c)));
    py::dict out;
    out["groups"] = groups;
    out["weights"] = weights;
    out["scopes"] = scopes;
    out["uncovered"] = uncovered;
    out["optimal"] = r.optimal;
    out["threshold"] = r.threshold;
    out["candidates"] = r.candidates;
    out["components"] = r.components;
    out["heuristic_components"] = r.heuristic_components;
    out["largest_component"] = r.largest_component;
    return out;
}

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

}  // namespace

void register_planning(py::module_& m) {
    m.attr("POLICY_CHECKS") = [] {
        py::list out;
        for (auto n : detail::policy_check_names) out.append(std::string(n));
        return out;
    }();

    m.def("plan_branches", [](py_network& n, const date& when, std::int64_t threshold, std::size_t exact_limit) {
        auto s = n.snap();
        plan_result r;
        {
            py::gil_scoped_release release;  // reads only the immutable snapshot we hold a reference to
            r = plan_branches(*s, when, threshold, exact_limit);
        }
        return plan_dict(*s, r);
    }, py::arg("net"), py::arg("as_of"), py::arg("threshold") = 3, py::arg("exact_limit") = 20);

    m.def("plan_property_areas", [](py_network& n, const date& when, std::int64_t min_households, std::size_t exact_limit) {
        auto s = n.snap();
        plan_result r;
        {
            py::gil_scoped_release release;  // reads only the immutable snapshot we hold a reference to
            r = plan_property_areas(*s, when, min_households, exact_limit);
        }
        return plan_dict(*s, r);
    }, py::arg("net"), py::arg("as_of"), py::arg("min_households") = 300, py::arg("exact_limit") = 20);

    m.def("threshold_partition", [](const std::vector<std::int64_t>& weights,
                                    const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                                    std::int64_t threshold, std::size_t exact_limit) {
        connected_partition_result r;
        {
            py::gil_scoped_release release;  // plain C++ vectors, copied in by the casters
            r = threshold_connected_partition(weights.size(), weights, edges, threshold, exact_limit);
        }
        py::list groups, gw, uncovered;
        for (const auto& g : r.groups) {
            groups.append(py::cast(g.members));
            gw.append(py::int_(g.weight));
        }
        py::dict out;
        out["groups"] = groups;
        out["weights"] = gw;
        out["uncovered"] = py::cast(r.uncovered);
        out["optimal"] = r.optimal;
        return out;
    }, py::arg("weights"), py::arg("edges"), py::arg("threshold"), py::arg("exact_limit") = 20);

    m.def("policy_gaps", [](py_network& n, const date& when, const std::map<std::string, std::vector<std::string>>& checks,
                            int meeting_months, const std::optional<std::vector<std::string>>& meeting_orgs,
                            const std::optional<std::vector<date>>& meeting_days) {
        policy_table table;
        table.meeting_months = meeting_months;
        for (const auto& [type, names] : checks) {
            auto t = parse_compound_type(type);
            if (!t || *t == compound_type::none)
                throw argument_error("unknown compound type '" + type + "' in the policy table (expected one of " +
                                     join_names(detail::compound_type_names) + ")");
            for (const auto& name : names) {
                auto c = parse_policy_check(name);
                if (!c)
                    throw argument_error("unknown policy check '" + name + "' (expected one of " +
                                         join_names(detail::policy_check_names) + ")");
                table.checks[static_cast<std::size_t>(*t)].push_back(*c);
            }
        }
        auto s = n.snap();
        std::vector<joint_meeting> meetings;
        const bool have_meetings = meeting_orgs.has_value();
        if (have_meetings) {
            if (!meeting_days || meeting_days->size() != meeting_orgs->size())
                throw argument_error("policy_gaps: meeting organisations and dates differ in length");
            for (std::size_t k = 0; k < meeting_orgs->size(); ++k)
                if (auto i = s->find((*meeting_orgs)[k]); i && s->kind(*i) == org_kind::compound)
                    meetings.push_back({*i, (*meeting_days)[k]});  // meetings of unknown compounds are ignored
        }
        std::vector<policy_gap> gaps;
        {
            py::gil_scoped_release release;  // reads only the immutable snapshot and local vectors
            gaps = policy_gaps(*s, when, table, have_meetings ? &meetings : nullptr);
        }
        py::list compound, ctype, check, status;
        for (const auto& g : gaps) {
            compound.append(id_str(s->id(g.compound)));
            ctype.append(std::string(name_of(s->organisations().compound_types[g.compound])));
            check.append(std::string(name_of(g.check)));
            status.append(std::string(name_of(g.status)));
        }
        py::dict out;
        out["compound"] = compound;
        out["compound_type"] = ctype;
        out["check"] = check;
        out["status"] = status;
        return out;
    }, py::arg("net"), py::arg("as_of"), py::arg("checks"), py::arg("meeting_months") = 3,
       py::arg("meeting_orgs") = py::none(), py::arg("meeting_days") = py::none());

    m.def("without", [](py_network& n, const std::vector<std::string>& ids, const date& when) {
        network out;
        {
            py::gil_scoped_release release;  // copies and edits a private network
            out = without(n.net, ids, when);
        }
        return py_network{std::move(out), nullptr, n.ledger};  // ledger keyed by ids, which all stay
    }, py::arg("net"), py::arg("ids"), py::arg("as_of"));

    m.def("apply_branch_plan", [](py_network& n, const std::vector<std::vector<std::string>>& groups, const date& since,
                                  bool replace) {
        return apply_branch_plan(n.net, groups_of(n.net, groups), since, replace);
    }, py::arg("net"), py::arg("groups"), py::arg("since"), py::arg("replace") = true);

    m.def("apply_property_plan", [](py_network& n, const std::vector<std::vector<std::string>>& groups, const date& since) {
        return apply_property_plan(n.net, groups_of(n.net, groups), since);
    }, py::arg("net"), py::arg("groups"), py::arg("since"));
}

}  // namespace furong::python
