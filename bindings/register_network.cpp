// The shared types of furong._core (Network, Snapshot, the kind tables, the version, the
// date parser) at the top level, and the network-level functions in furong._core.network.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/domain/subtree.hpp>
#include <furong/io/ledger_files.hpp>
#include <furong/io/network_files.hpp>
#include <furong/io/preferences_file.hpp>
#include <furong/kinds.hpp>
#include <furong/version.hpp>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <limits>

namespace py = pybind11;

namespace furong::python {

namespace {

template <std::size_t N>
py::list name_list(const std::array<std::string_view, N>& names) {
    py::list out;
    for (auto n : names) out.append(py::str(std::string(n)));
    return out;
}

// Days since 1970-01-01 (numpy datetime64[D]); open bounds become NaT.
constexpr std::int64_t unix_epoch_day = 2440588;
constexpr std::int64_t nat = std::numeric_limits<std::int64_t>::min();
std::int64_t epoch_days(day_t d, bool open) { return open ? nat : static_cast<std::int64_t>(d) - unix_epoch_day; }

py::list id_list(const detail::id_table& ids, std::size_t n) {
    py::list out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = py::str(ids[static_cast<std::uint32_t>(i)].data(), ids[static_cast<std::uint32_t>(i)].size());
    return out;
}
py::list pool_list(const detail::string_pool& pool) {
    py::list out(pool.size());
    for (std::size_t i = 0; i < pool.size(); ++i) out[i] = py::str(pool[i].data(), pool[i].size());
    return out;
}
py::dict extra_dict(const attribute_columns& extra, std::size_t rows) {
    py::dict out;
    for (std::size_t c = 0; c < extra.names().size(); ++c) {
        py::list values(rows);
        for (std::size_t r = 0; r < rows; ++r) {
            auto v = extra.get(c, r);
            values[r] = py::str(v.data(), v.size());
        }
        out[py::str(extra.names()[c])] = values;
    }
    return out;
}

template <class Row>
void add_validity_columns(py::dict& out, const std::vector<Row>& rows, const std::vector<std::size_t>& keep) {
    std::vector<std::int64_t> since, until;
    since.reserve(keep.size());
    until.reserve(keep.size());
    for (auto k : keep) {
        const auto& v = rows[k].valid;
        since.push_back(epoch_days(v.since, v.since == validity::open_since));
        until.push_back(epoch_days(v.until, v.until == validity::open_until));
    }
    out["since"] = to_numpy(std::move(since));
    out["until"] = to_numpy(std::move(until));
}

// Rows whose interval is not empty (ended before they began): the rest are not data.
template <class Row>
std::vector<std::size_t> live_rows(const std::vector<Row>& rows) {
    std::vector<std::size_t> keep;
    keep.reserve(rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k)
        if (!rows[k].valid.empty()) keep.push_back(k);
    return keep;
}

py::dict organisation_columns(const network& net) {
    const auto& o = net.organisations();
    const std::size_t n = o.size();
    py::dict out;
    out["id"] = id_list(o.ids, n);
    out["name"] = pool_list(o.names);
    std::vector<std::uint8_t> kind(n), ctype(n), utype(n);
    std::vector<std::int64_t> parent(n);
    for (std::size_t i = 0; i < n; ++i) {
        kind[i] = static_cast<std::uint8_t>(o.kinds[i]);
        ctype[i] = static_cast<std::uint8_t>(o.compound_types[i]);
        utype[i] = static_cast<std::uint8_t>(o.unit_types[i]);
        parent[i] = o.parents[i] == no_index ? -1 : static_cast<std::int64_t>(o.parents[i]);
    }
    out["kind"] = to_numpy(std::move(kind));
    out["parent"] = to_numpy(std::move(parent));
    out["compound_type"] = to_numpy(std::move(ctype));
    out["unit_type"] = to_numpy(std::move(utype));
    out["households"] = to_numpy(std::vector<std::int32_t>(o.households));
    out["party_members"] = to_numpy(std::vector<std::int32_t>(o.party_members));
    out["capacity"] = to_numpy(std::vector<std::int32_t>(o.capacities));
    out["extra"] = extra_dict(o.extra, n);
    return out;
}

py::dict link_columns(const network& net, as_of when) {
    const auto& rows = net.links().rows;
    auto keep = live_rows(rows);
    // "Active on a day" is validity::active_on, the one definition (dates.hpp).
    keep.erase(std::remove_if(keep.begin(), keep.end(), [&](std::size_t k) { return !when.admits(rows[k].valid); }),
               keep.end());
    std::vector<std::int64_t> source, target;
    std::vector<std::uint8_t> kind;
    for (auto k : keep) {
        source.push_back(rows[k].source);
        target.push_back(rows[k].target);
        kind.push_back(static_cast<std::uint8_t>(rows[k].kind));
    }
    py::dict out;
    out["source"] = to_numpy(std::move(source));
    out["target"] = to_numpy(std::move(target));
    out["kind"] = to_numpy(std::move(kind));
    add_validity_columns(out, rows, keep);
    py::dict extra;
    for (std::size_t c = 0; c < net.links().extra.names().size(); ++c) {
        py::list values(keep.size());
        for (std::size_t r = 0; r < keep.size(); ++r) {
            auto v = net.links().extra.get(c, keep[r]);
            values[r] = py::str(v.data(), v.size());
        }
        extra[py::str(net.links().extra.names()[c])] = values;
    }
    out["extra"] = extra;
    return out;
}

py::dict people_columns(const network& net) {
    const auto& p = net.people();
    py::dict out;
    out["id"] = id_list(p.ids, p.size());
    out["name"] = pool_list(p.names);
    out["extra"] = extra_dict(p.extra, p.size());
    return out;
}

py::dict role_columns(const network& net) {
    const auto& rows = net.roles().rows;
    auto keep = live_rows(rows);
    std::vector<std::int64_t> person, org;
    std::vector<std::uint8_t> kind;
    for (auto k : keep) {
        person.push_back(rows[k].person);
        org.push_back(rows[k].org);
        kind.push_back(static_cast<std::uint8_t>(rows[k].kind));
    }
    py::dict out;
    out["person"] = to_numpy(std::move(person));
    out["org"] = to_numpy(std::move(org));
    out["kind"] = to_numpy(std::move(kind));
    add_validity_columns(out, rows, keep);
    py::dict extra;
    for (std::size_t c = 0; c < net.roles().extra.names().size(); ++c) {
        py::list values(keep.size());
        for (std::size_t r = 0; r < keep.size(); ++r) {
            auto v = net.roles().extra.get(c, keep[r]);
            values[r] = py::str(v.data(), v.size());
        }
        extra[py::str(net.roles().extra.names()[c])] = values;
    }
    out["extra"] = extra;
    return out;
}

py::dict offer_columns(const network& net) {
    const auto& r = net.resources();
    std::vector<std::int64_t> provider;
    std::vector<double> amount;
    py::list resource;
    for (const auto& o : r.offers) {
        provider.push_back(o.provider);
        amount.push_back(o.amount);
        resource.append(o.resource);
    }
    py::dict out;
    out["provider"] = to_numpy(std::move(provider));
    out["resource"] = resource;
    out["amount"] = to_numpy(std::move(amount));
    out["extra"] = extra_dict(r.offer_extra, r.offers.size());
    return out;
}

py::dict need_columns(const network& net) {
    const auto& r = net.resources();
    std::vector<std::int64_t> compound, priority;
    py::list resource;
    for (const auto& n : r.needs) {
        compound.push_back(n.compound);
        priority.push_back(n.priority);
        resource.append(n.resource);
    }
    py::dict out;
    out["compound"] = to_numpy(std::move(compound));
    out["resource"] = resource;
    out["priority"] = to_numpy(std::move(priority));
    out["extra"] = extra_dict(r.need_extra, r.needs.size());
    return out;
}

// A subtree as bound to Python: the rows of furong::subtree plus each row's pre-order
// interval [pre, end) (so that sums over subtrees are two lookups in a prefix sum).
struct py_subtree {
    subtree_rows rows;
    std::vector<std::int64_t> pre, end;
};

/// Indices as int64, no_index as -1 (a row without a shown parent). O(n).
std::vector<std::int64_t> as_int64_or_minus_one(const std::vector<index_t>& v) {
    std::vector<std::int64_t> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i] == no_index ? -1 : static_cast<std::int64_t>(v[i]);
    return out;
}

template <std::size_t N>
py::dict term_dict(const std::array<std::string_view, N>& names, const std::array<std::string_view, N>& terms) {
    py::dict out;
    for (std::size_t i = 0; i < N; ++i)
        if (!names[i].empty()) out[py::str(std::string(names[i]))] = py::str(std::string(terms[i]));
    return out;
}

org_kind_set kind_set_arg(const std::optional<std::vector<std::string>>& kinds) {
    if (!kinds) return all_org_kinds();
    org_kind_set out;
    for (const auto& k : *kinds)
        out.set(static_cast<std::size_t>(enum_arg<org_kind>(detail::org_kind_names, &parse_org_kind, k, "organisation kind")));
    return out;
}

}  // namespace

void register_network(py::module_& m) {
    m.attr("__version__") = py::str(version_string);
    m.attr("ORG_KINDS") = name_list(detail::org_kind_names);
    m.attr("LINK_KINDS") = name_list(detail::link_kind_names);
    m.attr("ROLE_KINDS") = name_list(detail::role_kind_names);
    m.attr("COMPOUND_TYPES") = name_list(detail::compound_type_names);
    m.attr("UNIT_TYPES") = name_list(detail::unit_type_names);
    // {kind name: Chinese term} from the one table in kinds.hpp (the report and the CLI read them).
    m.attr("ORG_KIND_TERMS") = term_dict(detail::org_kind_names, detail::org_kind_terms);
    m.attr("LINK_KIND_TERMS") = term_dict(detail::link_kind_names, detail::link_kind_terms);
    m.attr("ROLE_KIND_TERMS") = term_dict(detail::role_kind_names, detail::role_kind_terms);
    m.attr("COMPOUND_TYPE_TERMS") = term_dict(detail::compound_type_names, detail::compound_type_terms);
    m.attr("UNIT_TYPE_TERMS") = term_dict(detail::unit_type_names, detail::unit_type_terms);
    m.def("parse_date", [](const std::string& text) {
        std::string why;
        auto d = parse_iso_date(text, &why);
        if (!d) throw argument_error("bad date '" + text + "': " + why);
        return *d;
    }, py::arg("text"),
       "The date of an ISO 'YYYY-MM-DD' string, parsed by the one C++ parser (furong::parse_iso_date) "
       "that reads every file; raises ArgumentError naming the text otherwise.");

    auto sub = m.def_submodule("network", "Network-level functions: loading and the nesting rules.");
    sub.def("allowed_parents", [](const std::string& kind) {
        auto k = enum_arg<org_kind>(detail::org_kind_names, &parse_org_kind, kind, "organisation kind");
        py::list out;
        for (std::size_t p = 0; p < org_kind_count; ++p)
            if (may_nest(k, static_cast<org_kind>(p))) out.append(std::string(detail::org_kind_names[p]));
        return out;
    }, py::arg("kind"), "Kinds an organisation of `kind` may sit under.");

    py::class_<py_subtree>(m, "Subtree",
        "Rows of a subtree in hierarchy pre-order (see Snapshot.subtree); per-row numpy columns.")
        .def("__len__", [](const py_subtree& t) { return t.rows.size(); })
        .def_property_readonly("index", [](const py_subtree& t) { return to_numpy(as_int64_or_minus_one(t.rows.node)); },
                               "Organisation index of each row.")
        .def_property_readonly("level", [](const py_subtree& t) {
            return to_numpy(std::vector<std::int64_t>(t.rows.level.begin(), t.rows.level.end()));
        }, "Shown levels below the start node (0 for a start node).")
        .def_property_readonly("shown_parent", [](const py_subtree& t) { return to_numpy(as_int64_or_minus_one(t.rows.shown_parent)); },
                               "Index of the nearest shown ancestor (-1 for a start node).")
        .def_property_readonly("pre", [](const py_subtree& t) { return to_numpy(std::vector<std::int64_t>(t.pre)); },
                               "Start of each row's pre-order slice (Snapshot.preorder()[pre] is the row).")
        .def_property_readonly("end", [](const py_subtree& t) { return to_numpy(std::vector<std::int64_t>(t.end)); },
                               "End (exclusive) of each row's pre-order slice.");

    py::class_<snapshot, std::shared_ptr<snapshot>>(m, "Snapshot",
        "An immutable view of a network, as it was when taken.")
        .def_property_readonly("revision", &snapshot::revision)
        .def("__len__", &snapshot::size)
        .def("preorder", [](const snapshot& s) { return to_numpy(as_int64_or_minus_one(s.preorder())); },
             "Organisation indices in hierarchy pre-order (children in index order).")
        .def("subtree", [](const snapshot& s, const std::optional<std::string>& org, std::optional<std::int64_t> max_depth,
                           const std::optional<std::vector<std::string>>& kinds) {
            if (max_depth && *max_depth < 0) throw argument_error("depth must be >= 0, not " + std::to_string(*max_depth));
            const index_t root = org ? s.index_of(*org) : no_index;
            const org_kind_set shown = kind_set_arg(kinds);
            std::optional<std::uint32_t> levels;
            if (max_depth) levels = static_cast<std::uint32_t>(std::min<std::int64_t>(*max_depth, 0xFFFFFFFF));
            py_subtree out;
            {
                py::gil_scoped_release release;  // a snapshot is immutable: nothing can change under us
                out.rows = subtree(s, root, levels, shown);
                out.pre.reserve(out.rows.size());
                out.end.reserve(out.rows.size());
                for (index_t v : out.rows.node) {
                    out.pre.push_back(s.label(v).pre);
                    out.end.push_back(s.label(v).end);
                }
            }
            return out;
        }, py::arg("org") = py::none(), py::arg("max_depth") = py::none(), py::arg("kinds") = py::none(),
           "The organisations under `org` (itself included; None: under every root) in pre-order, down to "
           "`max_depth` levels of the `kinds` shown (None: every kind; other kinds are looked through). "
           "O(size of the subtree).")
        .def("is_ancestor", [](const snapshot& s, const std::string& a, const std::string& b) {
            return s.is_ancestor(s.index_of(a), s.index_of(b));
        }, py::arg("a"), py::arg("b"))
        .def("index_of", [](const snapshot& s, const std::string& id) { return s.index_of(id); }, py::arg("id"))
        .def("id_of", [](const snapshot& s, index_t i) {
            if (i >= s.size()) throw argument_error("organisation index " + std::to_string(i) + " out of range");
            return std::string(s.id(i));
        }, py::arg("index"))
        .def("memory_bytes", [](const snapshot& s) { return s.derived_bytes() + s.table_bytes(); });

    py::class_<py_network>(m, "Network", "The mutable governance network (use furong.Network).")
        .def(py::init<>())
        .def("copy", [](const py_network& n) { return py_network{n.net, n.cached, n.ledger}; })
        .def_property_readonly("revision", [](const py_network& n) { return n.net.revision(); })
        .def("organisation_count", [](const py_network& n) { return n.net.organisation_count(); })
        .def("link_count", [](const py_network& n) { return n.net.links().rows.size(); })
        .def("person_count", [](const py_network& n) { return n.net.person_count(); })
        .def("role_count", [](const py_network& n) { return n.net.roles().rows.size(); })
        .def("add_organisation",
             [](py_network& n, const std::string& id, const std::string& kind, const std::string& name,
                const std::optional<std::string>& parent, const std::optional<std::string>& ctype,
                std::optional<std::int64_t> households, std::optional<std::int64_t> party_members,
                std::optional<std::int64_t> capacity, const std::optional<std::string>& utype, const py::dict& attributes) {
                 auto k = enum_arg<org_kind>(detail::org_kind_names, &parse_org_kind, kind, "organisation kind");
                 network::organisation_fields f;  // converted here, checked by the network (all before any change)
                 if (ctype) f.compound = enum_arg<compound_type>(detail::compound_type_names, &parse_compound_type, *ctype, "compound type");
                 if (utype) f.unit = enum_arg<unit_type>(detail::unit_type_names, &parse_unit_type, *utype, "unit type");
                 f.households = households;
                 f.party_members = party_members;
                 f.capacity = capacity;
                 for (auto item : attributes) f.extra.emplace_back(py::str(item.first), py::str(item.second));
                 auto i = n.net.add_organisation(id, k, name, parent ? *parent : std::string(), f);
                 return i;
             },
             py::arg("id"), py::arg("kind"), py::arg("name") = "", py::arg("parent") = py::none(),
             py::arg("compound_type") = py::none(), py::arg("households") = py::none(),
             py::arg("party_members") = py::none(), py::arg("capacity") = py::none(), py::arg("unit_type") = py::none(),
             py::arg("attributes") = py::dict())
        .def("set_parent", [](py_network& n, const std::string& child, const std::optional<std::string>& parent) {
            n.net.set_parent(n.net.index_of(child), parent ? n.net.index_of(*parent) : no_index);
        }, py::arg("child"), py::arg("parent"))
        .def("add_link", [](py_network& n, const std::string& s, const std::string& t, const std::string& kind,
                            const date& since, const date& until) {
            auto k = enum_arg<link_kind>(detail::link_kind_names, &parse_link_kind, kind, "link kind");
            return n.net.add_link(s, t, k, validity::between(since, until));
        }, py::arg("source"), py::arg("target"), py::arg("kind"), py::arg("since") = py::none(), py::arg("until") = py::none())
        .def("add_person", [](py_network& n, const std::string& id, const std::string& name, const py::dict& attributes) {
            std::vector<std::pair<std::string, std::string>> extra;
            for (auto item : attributes) extra.emplace_back(py::str(item.first), py::str(item.second));
            auto p = n.net.add_person(id, name);
            for (auto& [key, value] : extra) n.net.set_person_attribute(p, key, value);
            return p;
        }, py::arg("id"), py::arg("name") = "", py::arg("attributes") = py::dict())
        .def("add_role", [](py_network& n, const std::string& person, const std::string& org, const std::string& role,
                            const date& since, const date& until) {
            auto r = enum_arg<role_kind>(detail::role_kind_names, &parse_role_kind, role, "role");
            return n.net.add_role(person, org, r, validity::between(since, until));
        }, py::arg("person"), py::arg("org"), py::arg("role"), py::arg("since") = py::none(), py::arg("until") = py::none())
        .def("add_offer", [](py_network& n, const std::string& provider, const std::string& resource, double amount) {
            n.net.add_offer(n.net.index_of(provider), resource, amount);
        }, py::arg("provider"), py::arg("resource"), py::arg("amount"))
        .def("add_need", [](py_network& n, const std::string& compound, const std::string& resource, int priority) {
            n.net.add_need(n.net.index_of(compound), resource, priority);
        }, py::arg("compound"), py::arg("resource"), py::arg("priority"))
        .def("index_of", [](py_network& n, py::handle ids) -> py::object {
            auto s = n.snap();
            if (py::isinstance<py::str>(ids)) return py::int_(s->index_of(ids.cast<std::string>()));
            std::vector<std::int64_t> out;
            for (auto i : indices_of(*s, ids)) out.push_back(i);
            return to_numpy(std::move(out));
        }, py::arg("ids"))
        .def("id_of", [](py_network& n, std::int64_t i) {
            if (i < 0 || static_cast<std::size_t>(i) >= n.net.organisation_count())
                throw argument_error("organisation index " + std::to_string(i) + " out of range");
            return std::string(n.net.id(static_cast<index_t>(i)));
        }, py::arg("index"))
        .def("has", [](const py_network& n, const std::string& id) { return n.net.find(id).has_value(); }, py::arg("id"))
        .def("kind_of", [](const py_network& n, const std::string& id) { return std::string(name_of(n.net.kind(n.net.index_of(id)))); }, py::arg("id"))
        .def("organisation_columns", [](const py_network& n) { return organisation_columns(n.net); })
        .def("link_columns", [](const py_network& n, const date& when) { return link_columns(n.net, as_of(when)); },
             py::arg("as_of") = py::none(),
             "Link columns; with a date, only the links active on it (None: every link whatever its dates).")
        .def("people_columns", [](const py_network& n) { return people_columns(n.net); })
        .def("role_columns", [](const py_network& n) { return role_columns(n.net); })
        .def("offer_columns", [](const py_network& n) { return offer_columns(n.net); })
        .def("need_columns", [](const py_network& n) { return need_columns(n.net); })
        .def("snapshot", [](py_network& n) { return std::const_pointer_cast<snapshot>(n.snap()); },
             "The immutable snapshot of the current state (shared, rebuilt after edits).")
        .def("save", [](const py_network& n, const std::filesystem::path& dir) {
            // A copy shares the tables (copy-on-write) and nobody else can reach it, so the
            // GIL can go while it is written; the network itself may be edited meanwhile.
            const py_network copy{n.net, n.cached, n.ledger};
            py::gil_scoped_release release;
            save_dataset(copy.net, copy.ledger.get(), dir);  // one atomic step, stale ledger files removed
        }, py::arg("dir"));

    sub.def("load", [](const std::filesystem::path& dir) {
        network net;
        std::shared_ptr<const ledger_data> ledger;
        std::shared_ptr<const snapshot> snap;
        {
            py::gil_scoped_release release;  // parsing touches no Python object
            io::dir_read_lock lock(dir);     // network and ledger from the same save
            net = io::load_network(dir);
            ledger = load_ledger_beside(net, dir);  // checked against net; throws: nothing returned
            std::error_code ec;
            if (std::filesystem::is_regular_file(dir / "preferences.csv", ec)) {
                // Checked now, so a directory that loads has no file that fails later.
                snap = std::make_shared<const snapshot>(net);
                (void)io::load_preferences(dir / "preferences.csv", *snap);
            }
        }
        return py_network{std::move(net), std::move(snap), std::move(ledger)};
    }, py::arg("dir"), "Loads a directory of network CSV files (all-or-nothing).");
}

}  // namespace furong::python
