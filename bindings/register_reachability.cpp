// Reachability, escalation, single points of failure and the coverage audit. Each function
// takes the _core.Network, resolves ids with the GIL held, then runs the C++ query on the
// network's immutable snapshot without the GIL: a snapshot is never modified after it is
// built and we hold our own shared_ptr to it, so another Python thread editing the network
// meanwhile only makes a new snapshot and cannot touch this one.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/algorithm/coverage.hpp>
#include <furong/algorithm/dominators.hpp>
#include <furong/algorithm/escalation.hpp>
#include <furong/algorithm/reachability.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

namespace py = pybind11;

namespace furong::python {

namespace {

/// Edge kind names from a comma-separated str or a sequence of str.
std::vector<std::string> via_names(py::handle via) {
    std::vector<std::string> out;
    auto split = [&](const std::string& s) {
        std::size_t start = 0;
        while (true) {
            std::size_t comma = s.find(',', start);
            std::string part = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            auto b = part.find_first_not_of(" \t"), e = part.find_last_not_of(" \t");
            out.push_back(b == std::string::npos ? std::string() : part.substr(b, e - b + 1));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    };
    if (py::isinstance<py::str>(via)) {
        split(via.cast<std::string>());
        return out;
    }
    for (py::handle h : via) {
        if (!py::isinstance<py::str>(h)) throw argument_error("via: expected edge kind names (str)");
        out.push_back(h.cast<std::string>());
    }
    return out;
}

edge_filter make_filter(py::handle via, const date& when, bool undirected) {
    return edge_filter::parse(via_names(via), as_of(when), undirected);
}

index_t org_arg(const snapshot& s, py::handle v) {
    if (py::isinstance<py::str>(v)) return s.index_of(v.cast<std::string>());
    if (PyIndex_Check(v.ptr())) {  // int, numpy integer scalars
        auto i = py::int_(py::reinterpret_borrow<py::object>(v)).cast<std::int64_t>();
        if (i < 0 || static_cast<std::uint64_t>(i) >= s.size())
            throw argument_error("organisation index " + std::to_string(i) + " out of range");
        return static_cast<index_t>(i);
    }
    throw argument_error("expected an organisation id (str) or index (int)");
}

py::array_t<std::int64_t> as_int64(const std::vector<index_t>& v) {
    std::vector<std::int64_t> out(v.begin(), v.end());
    return to_numpy(std::move(out));
}

py::list person_ids(const snapshot& s, const std::vector<index_t>& people) {
    py::list out;
    for (index_t p : people) out.append(py::str(std::string(s.person_id(p))));
    return out;
}

py::dict step_dict(const snapshot& s, const escalation_step& st) {
    py::dict d;
    d["org"] = std::string(s.id(st.org));
    d["kind"] = std::string(name_of(st.kind));
    d["name"] = std::string(s.name(st.org));
    d["role"] = st.role ? py::object(py::str(std::string(name_of(*st.role)))) : py::object(py::none());
    d["holders"] = person_ids(s, st.holders);
    d["via"] = std::string(st.via);
    return d;
}

py::dict counts_dict(const audit_counts& c) {
    py::dict d;
    d["households"] = c.households;
    d["households_without_contact"] = c.households_without_contact;
    d["compounds"] = c.compounds;
    d["compounds_without_branch"] = c.compounds_without_branch;
    d["compounds_without_pairing"] = c.compounds_without_pairing;
    d["buildings"] = c.buildings;
    d["buildings_without_leader"] = c.buildings_without_leader;
    d["grids"] = c.grids;
    d["grids_without_worker"] = c.grids_without_worker;
    d["three_party_gaps"] = c.three_party_gaps;
    d["one_shoulder"] = c.one_shoulder;
    return d;
}

}  // namespace

void register_reachability(py::module_& m) {
    m.def("reach_is_ancestor", [](py_network& n, py::handle a, py::handle b) {
        auto s = n.snap();
        std::vector<index_t> ia = indices_of(*s, a), ib = indices_of(*s, b);
        if (ia.size() != ib.size())
            throw argument_error("is_ancestor: the two arrays differ in length (" + std::to_string(ia.size()) + " and " +
                                 std::to_string(ib.size()) + ")");
        py::array_t<bool> out(static_cast<py::ssize_t>(ia.size()));
        bool* o = out.mutable_data();
        {
            py::gil_scoped_release release;  // reads the immutable snapshot and our own vectors only
            is_ancestor(*s, ia.data(), ib.data(), ia.size(), o);
        }
        return out;
    }, py::arg("net"), py::arg("a"), py::arg("b"));

    m.def("reach_reachable", [](py_network& n, py::handle src, py::handle dst, py::handle via,
                                std::optional<std::int64_t> max_hops, const date& when, bool undirected) -> py::object {
        auto s = n.snap();
        index_t a = org_arg(*s, src), b = org_arg(*s, dst);
        edge_filter f = make_filter(via, when, undirected);
        std::optional<path_result> r;
        {
            py::gil_scoped_release release;  // immutable snapshot (see the file comment)
            r = reachable(*s, a, b, f, max_hops);
        }
        if (!r) return py::none();
        py::list path;
        for (index_t v : r->path) path.append(py::str(std::string(s->id(v))));
        return py::make_tuple(r->hops, path);
    }, py::arg("net"), py::arg("src"), py::arg("dst"), py::arg("via"), py::arg("max_hops") = py::none(),
       py::arg("as_of") = py::none(), py::arg("undirected") = false);

    m.def("reach_reach", [](py_network& n, py::handle src, py::handle via, std::optional<std::int64_t> max_hops,
                            const date& when, bool undirected) {
        auto s = n.snap();
        index_t a = org_arg(*s, src);
        edge_filter f = make_filter(via, when, undirected);
        reach_result r;
        std::vector<std::uint8_t> kinds;
        {
            py::gil_scoped_release release;  // immutable snapshot (see the file comment)
            r = reach(*s, a, f, max_hops);
            kinds.reserve(r.nodes.size());
            for (index_t v : r.nodes) kinds.push_back(static_cast<std::uint8_t>(s->kind(v)));
        }
        py::dict out;
        out["index"] = as_int64(r.nodes);
        out["hops"] = to_numpy(std::move(r.hops));
        out["kind"] = to_numpy(std::move(kinds));
        return out;
    }, py::arg("net"), py::arg("src"), py::arg("via"), py::arg("max_hops") = py::none(), py::arg("as_of") = py::none(),
       py::arg("undirected") = false);

    m.def("reach_ids", [](py_network& n, py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> idx) {
        auto s = n.snap();
        py::list out(static_cast<std::size_t>(idx.size()));
        const std::int64_t* p = idx.data();
        for (py::ssize_t k = 0; k < idx.size(); ++k) {
            if (p[k] < 0 || static_cast<std::uint64_t>(p[k]) >= s->size())
                throw argument_error("organisation index " + std::to_string(p[k]) + " out of range");
            auto id = s->id(static_cast<index_t>(p[k]));
            out[static_cast<std::size_t>(k)] = py::str(id.data(), id.size());
        }
        return out;
    }, py::arg("net"), py::arg("indices"), "Ids of organisation indices (a list of str).");

    m.def("reach_escalation_path", [](py_network& n, py::handle org, const date& when) {
        auto s = n.snap();
        index_t o = org_arg(*s, org);
        escalation_result r = escalation_path(*s, o, as_of(when));
        py::dict out;
        out["org"] = std::string(s->id(o));
        out["compound"] = r.compound == no_index ? py::object(py::none()) : py::object(py::str(std::string(s->id(r.compound))));
        py::list steps, providers;
        for (const auto& st : r.steps) steps.append(step_dict(*s, st));
        for (const auto& st : r.providers) providers.append(step_dict(*s, st));
        out["steps"] = steps;
        out["providers"] = providers;
        out["via_contact"] = r.via_contact;
        out["staffed"] = r.staffed;
        return out;
    }, py::arg("net"), py::arg("org"), py::arg("as_of") = py::none());

    m.def("reach_critical", [](py_network& n, py::handle source, py::handle via, const std::string& target_kind,
                               const date& when, bool undirected) {
        auto s = n.snap();
        index_t src = org_arg(*s, source);
        edge_filter f = make_filter(via, when, undirected);
        auto tk = parse_org_kind(target_kind);
        if (!tk)
            throw argument_error("unknown organisation kind '" + target_kind + "' (expected one of " +
                                 join_names(detail::org_kind_names) + ")");
        critical_result r;
        {
            py::gil_scoped_release release;  // immutable snapshot (see the file comment)
            r = critical(*s, src, f, *tk);
        }
        py::dict out;
        out["index"] = as_int64(r.orgs);
        out["cut_off"] = to_numpy(std::vector<std::uint64_t>(r.cut_off));
        std::vector<std::uint8_t> kinds;
        for (index_t v : r.orgs) kinds.push_back(static_cast<std::uint8_t>(s->kind(v)));
        out["kind"] = to_numpy(std::move(kinds));
        out["targets_reachable"] = r.targets_reachable;
        out["targets_unreachable"] = r.targets_unreachable;
        return out;
    }, py::arg("net"), py::arg("source"), py::arg("via"), py::arg("target_kind") = "household",
       py::arg("as_of") = py::none(), py::arg("undirected") = false);

    m.def("reach_immediate_dominators", [](py_network& n, py::handle source, py::handle via, const date& when,
                                           bool undirected) {
        auto s = n.snap();
        index_t src = org_arg(*s, source);
        edge_filter f = make_filter(via, when, undirected);
        std::vector<std::int64_t> idom;
        {
            py::gil_scoped_release release;  // immutable snapshot (see the file comment)
            auto d = immediate_dominators(*s, src, f);
            idom.reserve(d.size());
            for (index_t v : d) idom.push_back(v == no_index ? -1 : static_cast<std::int64_t>(v));
        }
        return to_numpy(std::move(idom));
    }, py::arg("net"), py::arg("source"), py::arg("via"), py::arg("as_of") = py::none(), py::arg("undirected") = false);

    m.def("reach_critical_people", [](py_network& n, const date& when) {
        auto s = n.snap();
        critical_people_result r;
        {
            py::gil_scoped_release release;  // immutable snapshot (see the file comment)
            r = critical_people(*s, as_of(when));
        }
        py::dict out;
        out["person"] = person_ids(*s, r.people);
        out["households"] = to_numpy(std::vector<std::uint64_t>(r.households));
        out["single_contact_households"] = r.single_contact_households;
        return out;
    }, py::arg("net"), py::arg("as_of") = py::none());

    m.def("reach_audit", [](py_network& n, const date& when) {
        auto s = n.snap();
        audit_report r;
        {
            py::gil_scoped_release release;  // immutable snapshot (see the file comment)
            r = audit(*s, as_of(when));
        }
        py::dict out;
        out["households_without_contact"] = as_int64(r.households_without_contact);
        out["compounds_without_branch"] = as_int64(r.compounds_without_branch);
        out["compounds_without_pairing"] = as_int64(r.compounds_without_pairing);
        out["buildings_without_leader"] = as_int64(r.buildings_without_leader);
        out["grids_without_worker"] = as_int64(r.grids_without_worker);
        std::vector<index_t> tp;
        std::vector<std::uint8_t> mb, mo, mp, os;
        for (const auto& g : r.three_party_gaps) {
            tp.push_back(g.compound);
            mb.push_back(g.missing_branch);
            mo.push_back(g.missing_owners_committee);
            mp.push_back(g.missing_property_company);
            os.push_back(g.one_shoulder);
        }
        py::dict t;
        t["compound"] = as_int64(tp);
        t["missing_branch"] = to_numpy(std::move(mb));
        t["missing_owners_committee"] = to_numpy(std::move(mo));
        t["missing_property_company"] = to_numpy(std::move(mp));
        t["one_shoulder"] = to_numpy(std::move(os));
        out["three_party_gaps"] = t;
        py::list streets;
        for (const auto& st : r.streets) {
            py::dict d = counts_dict(st.counts);
            d["street"] = st.street == no_index ? py::object(py::none()) : py::object(py::str(std::string(s->id(st.street))));
            d["name"] = st.street == no_index ? std::string() : std::string(s->name(st.street));
            streets.append(d);
        }
        out["streets"] = streets;
        py::dict sm = counts_dict(r.summary.counts);
        sm["contact_coverage"] = r.summary.contact_coverage;
        sm["branch_coverage"] = r.summary.branch_coverage;
        sm["pairing_coverage"] = r.summary.pairing_coverage;
        sm["building_leader_coverage"] = r.summary.building_leader_coverage;
        sm["grid_worker_coverage"] = r.summary.grid_worker_coverage;
        sm["three_party_coverage"] = r.summary.three_party_coverage;
        out["summary"] = sm;
        return out;
    }, py::arg("net"), py::arg("as_of") = py::none());
}

}  // namespace furong::python
