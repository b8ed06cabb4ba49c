// Reachability, escalation, single points of failure and the coverage audit (`_core.reach`,
// bound result types holding the snapshot they were computed on). Each function
// takes the _core.Network, resolves ids with the GIL held, then runs the C++ query on the
// network's immutable snapshot without the GIL: a snapshot is never modified after it is
// built and we hold our own shared_ptr to it, so another Python thread editing the network
// meanwhile only makes a new snapshot and cannot touch this one.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/domain/coverage_audit.hpp>
#include <furong/algorithm/dominators.hpp>
#include <furong/algorithm/escalation.hpp>
#include <furong/algorithm/reachability.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
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

py::object opt_id(const snapshot& s, index_t i) {
    return i == no_index ? py::object(py::none()) : py::object(py::str(std::string(s.id(i))));
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

/// Results with the snapshot their indices refer to.
struct py_path {
    std::shared_ptr<const snapshot> s;
    path_result r;
};
struct py_reach {
    std::shared_ptr<const snapshot> s;
    reach_result r;
};
struct py_escalation {
    std::shared_ptr<const snapshot> s;
    index_t org = no_index;
    escalation_result r;
};
struct py_critical {
    std::shared_ptr<const snapshot> s;
    critical_result r;
};
struct py_critical_people {
    std::shared_ptr<const snapshot> s;
    critical_people_result r;
};
struct py_audit {
    std::shared_ptr<const snapshot> s;
    audit_report r;
};

py::array_t<std::uint8_t> kinds_of(const snapshot& s, const std::vector<index_t>& v) {
    std::vector<std::uint8_t> k;
    k.reserve(v.size());
    for (index_t i : v) k.push_back(static_cast<std::uint8_t>(s.kind(i)));
    return to_numpy(std::move(k));
}

py::dict summary_dict(const audit_summary& sm) {
    py::dict d = counts_dict(sm.counts);
    d["contact_coverage"] = sm.contact_coverage;
    d["branch_coverage"] = sm.branch_coverage;
    d["pairing_coverage"] = sm.pairing_coverage;
    d["building_leader_coverage"] = sm.building_leader_coverage;
    d["grid_worker_coverage"] = sm.grid_worker_coverage;
    d["three_party_coverage"] = sm.three_party_coverage;
    return d;
}

py::list streets_list(const snapshot& s, const audit_report& r) {
    py::list streets;
    for (const auto& st : r.streets) {
        py::dict d = counts_dict(st.counts);
        d["street"] = opt_id(s, st.street);
        d["name"] = st.street == no_index ? std::string() : std::string(s.name(st.street));
        streets.append(d);
    }
    return streets;
}

}  // namespace

void register_reachability(py::module_& m) {
    auto sub = m.def_submodule("reach", "Reachability, escalation, single points of failure and the coverage audit "
                                        "(see furong.reachability).");

    // ---- result types ----
    py::class_<py_path>(sub, "Path", "A fewest-hops path.")
        .def_property_readonly("hops", [](const py_path& p) { return p.r.hops; })
        .def_property_readonly("path", [](const py_path& p) {
            py::list out;
            for (index_t v : p.r.path) out.append(py::str(std::string(p.s->id(v))));
            return out;
        }, "Organisation ids from the source to the target.");

    py::class_<py_reach>(sub, "ReachResult", "Organisations reached, in breadth-first order.")
        .def_property_readonly("index", [](const py_reach& r) { return as_int64(r.r.nodes); })
        .def_property_readonly("hops", [](const py_reach& r) { return to_numpy(std::vector<std::uint32_t>(r.r.hops)); })
        .def_property_readonly("kind", [](const py_reach& r) { return kinds_of(*r.s, r.r.nodes); },
                               "Organisation kind codes (into ORG_KINDS).")
        .def_property_readonly("revision", [](const py_reach& r) { return r.s->revision(); },
                               "Revision of the snapshot the indices refer to (see id_table).");

    py::class_<py_escalation>(sub, "EscalationPath", "The chain a resident's demand climbs.")
        .def_property_readonly("org", [](const py_escalation& e) { return std::string(e.s->id(e.org)); })
        .def_property_readonly("compound", [](const py_escalation& e) { return opt_id(*e.s, e.r.compound); })
        .def_property_readonly("steps", [](const py_escalation& e) {
            py::list out;
            for (const auto& st : e.r.steps) out.append(step_dict(*e.s, st));
            return out;
        }, "One dict per step: org, kind, name, role, holders, via.")
        .def_property_readonly("providers", [](const py_escalation& e) {
            py::list out;
            for (const auto& st : e.r.providers) out.append(step_dict(*e.s, st));
            return out;
        })
        .def_property_readonly("via_contact", [](const py_escalation& e) { return e.r.via_contact; })
        .def_property_readonly("staffed", [](const py_escalation& e) { return e.r.staffed; })
        .def("to_dict", [](const py_escalation& e) {
            py::dict out;
            out["org"] = std::string(e.s->id(e.org));
            out["compound"] = opt_id(*e.s, e.r.compound);
            py::list steps, providers;
            for (const auto& st : e.r.steps) steps.append(step_dict(*e.s, st));
            for (const auto& st : e.r.providers) providers.append(step_dict(*e.s, st));
            out["steps"] = steps;
            out["providers"] = providers;
            out["via_contact"] = e.r.via_contact;
            out["staffed"] = e.r.staffed;
            return out;
        }, "org, compound, steps, providers, via_contact, staffed.");

    py::class_<py_critical>(sub, "CriticalResult", "Single points of failure from a source.")
        .def_property_readonly("index", [](const py_critical& c) { return as_int64(c.r.orgs); })
        .def_property_readonly("cut_off", [](const py_critical& c) { return to_numpy(std::vector<std::uint64_t>(c.r.cut_off)); })
        .def_property_readonly("kind", [](const py_critical& c) { return kinds_of(*c.s, c.r.orgs); })
        .def_property_readonly("targets_reachable", [](const py_critical& c) { return c.r.targets_reachable; })
        .def_property_readonly("targets_unreachable", [](const py_critical& c) { return c.r.targets_unreachable; })
        .def_property_readonly("revision", [](const py_critical& c) { return c.s->revision(); },
                               "Revision of the snapshot the indices refer to (see id_table).");

    py::class_<py_critical_people>(sub, "CriticalPeople", "Neighbour leaders who are the only contact of households.")
        .def_property_readonly("person", [](const py_critical_people& c) { return person_ids(*c.s, c.r.people); })
        .def_property_readonly("households", [](const py_critical_people& c) {
            return to_numpy(std::vector<std::uint64_t>(c.r.households));
        })
        .def_property_readonly("single_contact_households", [](const py_critical_people& c) {
            return c.r.single_contact_households;
        });

    py::class_<py_audit>(sub, "AuditReport", "The coverage audit (see furong.reachability.audit).")
        .def_property_readonly("as_of", [](const py_audit& a) {
            return a.r.when.day ? py::object(py::cast(date_of(*a.r.when.day))) : py::object(py::none());
        })
        .def_property_readonly("households_without_contact", [](const py_audit& a) { return as_int64(a.r.households_without_contact); })
        .def_property_readonly("compounds_without_branch", [](const py_audit& a) { return as_int64(a.r.compounds_without_branch); })
        .def_property_readonly("compounds_without_pairing", [](const py_audit& a) { return as_int64(a.r.compounds_without_pairing); })
        .def_property_readonly("buildings_without_leader", [](const py_audit& a) { return as_int64(a.r.buildings_without_leader); })
        .def_property_readonly("grids_without_worker", [](const py_audit& a) { return as_int64(a.r.grids_without_worker); })
        .def_property_readonly("three_party_compound", [](const py_audit& a) {
            std::vector<index_t> v;
            for (const auto& g : a.r.three_party_gaps) v.push_back(g.compound);
            return as_int64(v);
        }, "Compounds whose three-party linkage is incomplete (indices).")
        .def_property_readonly("missing_branch", [](const py_audit& a) {
            std::vector<std::uint8_t> v;
            for (const auto& g : a.r.three_party_gaps) v.push_back(g.missing_branch);
            return to_numpy(std::move(v));
        })
        .def_property_readonly("missing_owners_committee", [](const py_audit& a) {
            std::vector<std::uint8_t> v;
            for (const auto& g : a.r.three_party_gaps) v.push_back(g.missing_owners_committee);
            return to_numpy(std::move(v));
        })
        .def_property_readonly("missing_property_company", [](const py_audit& a) {
            std::vector<std::uint8_t> v;
            for (const auto& g : a.r.three_party_gaps) v.push_back(g.missing_property_company);
            return to_numpy(std::move(v));
        })
        .def_property_readonly("one_shoulder", [](const py_audit& a) {
            std::vector<std::uint8_t> v;
            for (const auto& g : a.r.three_party_gaps) v.push_back(g.one_shoulder);
            return to_numpy(std::move(v));
        }, "Per three-party gap: a branch secretary also chairs an owners' committee.")
        .def_property_readonly("streets", [](const py_audit& a) { return streets_list(*a.s, a.r); },
                               "One dict of counts per street (street id, name), then the no-street row if any.")
        .def_property_readonly("summary", [](const py_audit& a) { return summary_dict(a.r.summary); },
                               "Counts and coverage ratios of the whole district.");

    // ---- queries ----
    sub.def("is_ancestor", [](py_network& n, py::handle a, py::handle b) {
        auto s = n.snap();
        // Two integer arrays of one dtype (int64 or int32, contiguous): read in place, each index
        // bounds-checked in the one pass that answers. Anything else: resolved into a copy first.
        auto same_ints = [&](auto tag) {
            using I = decltype(tag);
            return py::isinstance<py::array_t<I, py::array::c_style>>(a) &&
                   py::isinstance<py::array_t<I, py::array::c_style>>(b);
        };
        auto answer = [&](auto* pa, auto* pb, std::size_t na, std::size_t nb) {
            if (na != nb)
                throw argument_error("is_ancestor: the two arrays differ in length (" + std::to_string(na) + " and " +
                                     std::to_string(nb) + ")");
            py::array_t<bool> out(static_cast<py::ssize_t>(na));
            bool* o = out.mutable_data();
            {
                py::gil_scoped_release release;  // the immutable snapshot; the arrays stay referenced by the caller
                is_ancestor(*s, pa, pb, na, o);
            }
            return out;
        };
        auto in_place = [&](auto tag) {
            using I = decltype(tag);
            auto x = py::reinterpret_borrow<py::array_t<I, py::array::c_style>>(a);
            auto y = py::reinterpret_borrow<py::array_t<I, py::array::c_style>>(b);
            if (x.ndim() != 1 || y.ndim() != 1) throw argument_error("is_ancestor: expected one-dimensional index arrays");
            return answer(x.data(), y.data(), static_cast<std::size_t>(x.size()), static_cast<std::size_t>(y.size()));
        };
        if (same_ints(std::int64_t{})) return in_place(std::int64_t{});
        if (same_ints(std::int32_t{})) return in_place(std::int32_t{});
        std::vector<index_t> ia = indices_of(*s, a), ib = indices_of(*s, b);
        return answer(ia.data(), ib.data(), ia.size(), ib.size());
    }, py::arg("net"), py::arg("a"), py::arg("b"));

    sub.def("id_table", [](py_network& n) {
        auto s = n.snap();
        const std::size_t count = s->size();
        std::vector<std::int64_t> offsets(count + 1);
        std::size_t chars = 0;
        for (std::size_t i = 0; i < count; ++i) chars += s->id(static_cast<index_t>(i)).size();
        std::vector<std::uint8_t> data(chars);
        std::size_t at = 0;
        for (std::size_t i = 0; i < count; ++i) {
            auto id = s->id(static_cast<index_t>(i));
            std::copy(id.begin(), id.end(), data.begin() + static_cast<std::ptrdiff_t>(at));
            at += id.size();
            offsets[i + 1] = static_cast<std::int64_t>(at);
        }
        return py::make_tuple(s->revision(), to_numpy(std::move(offsets)), to_numpy(std::move(data)));
    }, py::arg("net"),
       "Every organisation id in index order as (revision, offsets, utf8): id i is "
       "utf8[offsets[i]:offsets[i + 1]] (the buffers of an Arrow large_string array; no Python str per id).");

    sub.def("reachable", [](py_network& n, py::handle src, py::handle dst, py::handle via,
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
        return py::cast(py_path{s, std::move(*r)});
    }, py::arg("net"), py::arg("src"), py::arg("dst"), py::arg("via"), py::arg("max_hops") = py::none(),
       py::arg("as_of") = py::none(), py::arg("undirected") = false);

    sub.def("reach", [](py_network& n, py::handle src, py::handle via, std::optional<std::int64_t> max_hops,
                        const date& when, bool undirected) {
        py_reach out{n.snap(), {}};
        index_t a = org_arg(*out.s, src);
        edge_filter f = make_filter(via, when, undirected);
        {
            py::gil_scoped_release release;  // immutable snapshot (see the file comment)
            out.r = reach(*out.s, a, f, max_hops);
        }
        return out;
    }, py::arg("net"), py::arg("src"), py::arg("via"), py::arg("max_hops") = py::none(), py::arg("as_of") = py::none(),
       py::arg("undirected") = false);

    sub.def("ids", [](py_network& n, py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> idx) {
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

    sub.def("escalation_path", [](py_network& n, py::handle org, const date& when) {
        py_escalation out{n.snap(), no_index, {}};
        out.org = org_arg(*out.s, org);
        out.r = escalation_path(*out.s, out.org, as_of(when));
        return out;
    }, py::arg("net"), py::arg("org"), py::arg("as_of") = py::none());

    sub.def("critical", [](py_network& n, py::handle source, py::handle via, const std::string& target_kind,
                           const date& when, bool undirected) {
        py_critical out{n.snap(), {}};
        index_t src = org_arg(*out.s, source);
        edge_filter f = make_filter(via, when, undirected);
        auto tk = parse_org_kind(target_kind);
        if (!tk)
            throw argument_error("unknown organisation kind '" + target_kind + "' (expected one of " +
                                 join_names(detail::org_kind_names) + ")");
        {
            py::gil_scoped_release release;  // immutable snapshot (see the file comment)
            out.r = critical(*out.s, src, f, *tk);
        }
        return out;
    }, py::arg("net"), py::arg("source"), py::arg("via"), py::arg("target_kind") = "household",
       py::arg("as_of") = py::none(), py::arg("undirected") = false);

    sub.def("immediate_dominators", [](py_network& n, py::handle source, py::handle via, const date& when,
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
    }, py::arg("net"), py::arg("source"), py::arg("via"), py::arg("as_of") = py::none(), py::arg("undirected") = false,
       "Immediate dominator index of every organisation (-1: the source or unreachable).");

    sub.def("critical_people", [](py_network& n, const date& when) {
        py_critical_people out{n.snap(), {}};
        {
            py::gil_scoped_release release;  // immutable snapshot (see the file comment)
            out.r = critical_people(*out.s, as_of(when));
        }
        return out;
    }, py::arg("net"), py::arg("as_of") = py::none());

    sub.def("summarise", [](const py::iterable& rows) {
        std::vector<audit_counts> v;
        for (py::handle h : rows) {
            auto d = py::reinterpret_borrow<py::dict>(h);
            auto get = [&](const char* key) -> std::uint64_t {
                if (!d.contains(key)) throw argument_error(std::string("summarise: a row without '") + key + "'");
                return d[key].cast<std::uint64_t>();
            };
            audit_counts c;
            c.households = get("households");
            c.households_without_contact = get("households_without_contact");
            c.compounds = get("compounds");
            c.compounds_without_branch = get("compounds_without_branch");
            c.compounds_without_pairing = get("compounds_without_pairing");
            c.buildings = get("buildings");
            c.buildings_without_leader = get("buildings_without_leader");
            c.grids = get("grids");
            c.grids_without_worker = get("grids_without_worker");
            c.three_party_gaps = get("three_party_gaps");
            c.one_shoulder = get("one_shoulder");
            v.push_back(c);
        }
        return summary_dict(summarise(v));
    }, py::arg("rows"),
        "The audit summary (counts and coverage ratios) of rows of counts: the streets of audits run apart "
        "(furong.spark adds its shards with it, the same sum as one machine's audit).");

    sub.def("audit", [](py_network& n, const date& when) {
        py_audit out{n.snap(), {}};
        {
            py::gil_scoped_release release;  // immutable snapshot (see the file comment)
            out.r = audit(*out.s, as_of(when));
        }
        return out;
    }, py::arg("net"), py::arg("as_of") = py::none());
}

}  // namespace furong::python
