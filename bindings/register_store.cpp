// The governance store (store/store.hpp): the submodule furong._core.store.
//
// Converts only: every check of an event is the store's (which calls the ledger and network
// rules). A Store and its transactions share one mutex, so Python threads calling the same
// Store object take turns (the C++ store is used by one thread at a time); the GIL is
// released while the database works, so other Python threads (and other Store objects) run.
// python/furong/store.py is the public face.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/domain/ledger.hpp>
#include <furong/domain/meetings.hpp>
#include <furong/store/store.hpp>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace furong::python {

namespace {

// A store with the lock its Python callers take turns on.
struct py_store {
    explicit py_store(furong::store&& opened) : s(std::move(opened)) {}
    furong::store s;
    std::mutex mu;
};

// A transaction keeps its store alive (shared_ptr) and uses the store's lock.
struct py_transaction {
    std::shared_ptr<py_store> owner;
    std::optional<store::transaction> tx;

    py_transaction() = default;
    py_transaction(const py_transaction&) = delete;
    py_transaction& operator=(const py_transaction&) = delete;
    // Dropped while open (an exception, the garbage collector): rolled back under the lock.
    ~py_transaction() {
        if (!tx) return;
        py::gil_scoped_release release;
        std::lock_guard<std::mutex> lock(owner->mu);
        tx.reset();
    }

    store::transaction& open() {
        if (!tx) throw argument_error("this transaction is finished (committed or rolled back)");
        return *tx;
    }
};

// Runs `f` without the GIL and with the store's lock (GIL first released, then the lock
// taken: a thread waiting for the lock never holds the GIL).
template <class F>
auto locked(py_store& p, F&& f) {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(p.mu);
    return f();
}

store_options options_of(double busy_timeout, bool read_only, bool create_if_missing) {
    if (!(busy_timeout >= 0) || busy_timeout > 86400) throw argument_error("busy_timeout must be 0..86400 seconds");
    store_options o;
    o.busy_timeout_ms = static_cast<int>(busy_timeout * 1000);
    o.read_only = read_only;
    o.create_if_missing = create_if_missing;
    return o;
}

std::optional<date> optional_day(date d) { return d.is_special() ? std::nullopt : std::optional<date>(d); }

expectation expectation_of(const std::optional<std::string>& status, std::optional<std::int64_t> version) {
    expectation e;
    if (status) e.status = enum_arg<item_status>(detail::item_status_names, &parse_item_status, *status, "item status");
    e.version = version;
    return e;
}

py::dict commit_dict(const commit_info& c) {
    py::dict d;
    d["transaction"] = c.transaction;
    d["author"] = c.author;
    d["committed_at"] = c.committed_at;
    d["summary"] = c.summary;
    return d;
}

// The dataset as a Network (with its ledger) and the preferences rows as columns.
std::pair<py_network, py::object> dataset_tuple(dataset&& d) {
    std::shared_ptr<const ledger_data> ledger;
    if (d.has_ledger) ledger = std::make_shared<const ledger_data>(std::move(d.ledger));
    py::object prefs = py::none();
    if (d.has_preferences) {
        py::list from, to, rank;
        for (const auto& r : d.preferences) {
            from.append(r.from);
            to.append(r.to);
            rank.append(r.rank);
        }
        py::dict cols;
        cols["from"] = from;
        cols["to"] = to;
        cols["rank"] = rank;
        prefs = cols;
    }
    return {py_network{std::move(d.net), nullptr, std::move(ledger)}, prefs};
}

}  // namespace

void register_store(py::module_& m) {
    auto sub = m.def_submodule("store", "The governance store (SQLite file or PostgreSQL URL)");

    // Declared first, so that signatures below name it (begin() returns one).
    py::class_<py_transaction, std::shared_ptr<py_transaction>> transaction_class(sub, "Transaction");

    py::class_<py_store, std::shared_ptr<py_store>>(sub, "Store")
        .def_property_readonly("location", [](py_store& p) { return p.s.location(); })
        .def("schema_version", [](py_store& p) { return locked(p, [&] { return p.s.schema_version(); }); })
        .def("load", [](py_store& p, date recorded_by) {
            auto d = locked(p, [&] { return p.s.load(optional_day(recorded_by)); });
            return dataset_tuple(std::move(d));
        }, py::arg("recorded_by") = py::none(), "The dataset as (Network core, preferences columns or None).")
        .def("export", [](py_store& p, const std::filesystem::path& dir, date recorded_by) {
            locked(p, [&] { p.s.export_to(dir, optional_day(recorded_by)); });
        }, py::arg("dir"), py::arg("recorded_by") = py::none())
        .def("history", [](py_store& p, const std::string& item) {
            auto h = locked(p, [&] { return p.s.history(item); });
            py::dict cols;
            py::list tx, author, at, change, day, status, outcome, note;
            for (const auto& e : h) {
                tx.append(e.transaction);
                author.append(e.author);
                at.append(e.committed_at);
                change.append(py::str(std::string(name_of(e.what))));
                day.append(e.day);
                status.append(e.status ? py::object(py::str(std::string(name_of(*e.status)))) : py::object(py::none()));
                outcome.append(e.outcome ? py::object(py::str(std::string(name_of(*e.outcome)))) : py::object(py::none()));
                note.append(e.note);
            }
            cols["transaction"] = tx;
            cols["author"] = author;
            cols["committed_at"] = at;
            cols["change"] = change;
            cols["date"] = day;
            cols["status"] = status;
            cols["outcome"] = outcome;
            cols["note"] = note;
            return cols;
        }, py::arg("item"))
        .def("item", [](py_store& p, const std::string& item) {
            auto st = locked(p, [&] { return p.s.item(item); });
            py::dict d;
            d["id"] = st.id;
            d["status"] = std::string(name_of(st.status));
            d["version"] = st.version;
            return d;
        }, py::arg("item"))
        .def("transactions", [](py_store& p) {
            auto all = locked(p, [&] { return p.s.transactions(); });
            py::list out;
            for (const auto& c : all) out.append(commit_dict(c));
            return out;
        })
        .def("check", [](py_store& p) {
            auto r = locked(p, [&] { return p.s.check(); });
            return r.problems;
        })
        .def("grant_scope", [](py_store& p, const std::string& org, const std::string& role) {
            locked(p, [&] { p.s.grant_scope(org, role); });
        }, py::arg("org"), py::arg("role"), "PostgreSQL row-level security: `role` sees only the subtree of `org`.")
        .def("begin", [](const std::shared_ptr<py_store>& p, std::string author) {
            auto t = std::make_shared<py_transaction>();
            t->owner = p;
            t->tx.emplace(locked(*p, [&] { return p->s.begin(std::move(author)); }));
            return t;
        }, py::arg("author"));

    sub.def("create", [](const std::string& location, const std::filesystem::path& from, std::string author,
                         double busy_timeout) {
        auto o = options_of(busy_timeout, false, false);
        py::gil_scoped_release release;
        return std::make_shared<py_store>(store::create(location, from, std::move(author), o));
    }, py::arg("location"), py::arg("from_dir"), py::arg("author"), py::arg("busy_timeout") = 5.0);
    sub.def("open", [](const std::string& location, double busy_timeout, bool read_only, bool create_if_missing,
                       const std::string& scope) {
        auto o = options_of(busy_timeout, read_only, create_if_missing);
        o.scope = scope;
        py::gil_scoped_release release;
        return std::make_shared<py_store>(store::open(location, o));
    }, py::arg("location"), py::arg("busy_timeout") = 5.0, py::arg("read_only") = false,
       py::arg("create_if_missing") = false, py::arg("scope") = std::string());

    // Each event: the store's lock, then the C++ event (checked there), GIL released.
    transaction_class
        .def_property_readonly("author", [](py_transaction& t) { return t.open().author(); })
        .def_property_readonly("open", [](py_transaction& t) { return t.tx.has_value(); })
        .def("add_item", [](py_transaction& t, std::string id, std::string compound, std::string category, date raised,
                            std::string owner, std::string summary, const std::string& source, date due,
                            std::string meeting) {
            item_record r;
            r.id = std::move(id);
            r.compound = std::move(compound);
            r.category = std::move(category);
            r.summary = std::move(summary);
            r.source = enum_arg<item_source>(detail::item_source_names, &parse_item_source, source, "item source");
            r.owner = std::move(owner);
            r.raised = raised;
            r.due = due;
            r.meeting = std::move(meeting);
            locked(*t.owner, [&] { t.open().add_item(r); });
        }, py::arg("id"), py::arg("compound"), py::arg("category"), py::arg("raised"), py::arg("owner"),
           py::arg("summary") = "", py::arg("source") = "other", py::arg("due") = py::none(), py::arg("meeting") = "")
        .def("change_status", [](py_transaction& t, const std::string& item, const std::string& to, date on,
                                 std::string note, const std::optional<std::string>& expect_status,
                                 std::optional<std::int64_t> expect_version) {
            auto s = enum_arg<item_status>(detail::item_status_names, &parse_item_status, to, "item status");
            auto e = expectation_of(expect_status, expect_version);
            locked(*t.owner, [&] { t.open().change_status(item, s, on, std::move(note), e); });
        }, py::arg("item"), py::arg("to"), py::arg("on"), py::arg("note") = "", py::arg("expect_status") = py::none(),
           py::arg("expect_version") = py::none())
        .def("record_visit", [](py_transaction& t, const std::string& item, date on, const std::string& outcome,
                                const std::optional<std::string>& expect_status, std::optional<std::int64_t> expect_version) {
            auto o = enum_arg<visit_outcome>(detail::visit_outcome_names, &parse_visit_outcome, outcome, "visit outcome");
            auto e = expectation_of(expect_status, expect_version);
            locked(*t.owner, [&] { t.open().record_visit(item, on, o, e); });
        }, py::arg("item"), py::arg("on"), py::arg("outcome"), py::arg("expect_status") = py::none(),
           py::arg("expect_version") = py::none())
        .def("add_organisation", [](py_transaction& t, const std::string& id, const std::string& kind,
                                    const std::string& name, const std::string& parent) {
            auto k = enum_arg<org_kind>(detail::org_kind_names, &parse_org_kind, kind, "organisation kind");
            locked(*t.owner, [&] { t.open().add_organisation(id, k, name, parent); });
        }, py::arg("id"), py::arg("kind"), py::arg("name") = "", py::arg("parent") = "")
        .def("add_person", [](py_transaction& t, const std::string& id, const std::string& name,
                              const std::vector<std::pair<std::string, std::string>>& attributes) {
            locked(*t.owner, [&] { t.open().add_person(id, name, attributes); });
        }, py::arg("id"), py::arg("name") = "", py::arg("attributes") = std::vector<std::pair<std::string, std::string>>{})
        .def("add_link", [](py_transaction& t, const std::string& source, const std::string& target,
                            const std::string& kind, date since, date until) {
            auto k = enum_arg<link_kind>(detail::link_kind_names, &parse_link_kind, kind, "link kind");
            locked(*t.owner, [&] { t.open().add_link(source, target, k, validity::between(since, until)); });
        }, py::arg("source"), py::arg("target"), py::arg("kind"), py::arg("since") = py::none(),
           py::arg("until") = py::none())
        .def("end_link", [](py_transaction& t, const std::string& source, const std::string& target,
                            const std::string& kind, date last_day) {
            auto k = enum_arg<link_kind>(detail::link_kind_names, &parse_link_kind, kind, "link kind");
            if (last_day.is_special()) throw argument_error("end_link needs the last day of the link");
            locked(*t.owner, [&] { t.open().end_link(source, target, k, last_day); });
        }, py::arg("source"), py::arg("target"), py::arg("kind"), py::arg("last_day"))
        .def("add_role", [](py_transaction& t, const std::string& person, const std::string& org,
                            const std::string& role, date since, date until) {
            auto r = enum_arg<role_kind>(detail::role_kind_names, &parse_role_kind, role, "role");
            locked(*t.owner, [&] { t.open().add_role(person, org, r, validity::between(since, until)); });
        }, py::arg("person"), py::arg("org"), py::arg("role"), py::arg("since") = py::none(),
           py::arg("until") = py::none())
        .def("end_role", [](py_transaction& t, const std::string& person, const std::string& org,
                            const std::string& role, date last_day) {
            auto r = enum_arg<role_kind>(detail::role_kind_names, &parse_role_kind, role, "role");
            if (last_day.is_special()) throw argument_error("end_role needs the last day of the role");
            locked(*t.owner, [&] { t.open().end_role(person, org, r, last_day); });
        }, py::arg("person"), py::arg("org"), py::arg("role"), py::arg("last_day"))
        .def("record_meeting", [](py_transaction& t, const std::string& id, const std::string& kind, date day,
                                  const std::string& org, const std::string& theme,
                                  const std::vector<std::pair<std::string, std::string>>& attendance) {
            meeting mt;
            mt.id = id;
            mt.kind = enum_arg<meeting_kind>(detail::meeting_kind_names, &parse_meeting_kind, kind, "meeting kind");
            mt.day = day;
            mt.org = org;
            mt.theme = theme;
            std::vector<attendance_record> att;
            for (const auto& [side, attendee] : attendance)
                att.push_back({id, enum_arg<party>(detail::party_names, &parse_party, side, "party"), attendee});
            locked(*t.owner, [&] { t.open().record_meeting(mt, att); });
        }, py::arg("id"), py::arg("kind"), py::arg("date"), py::arg("org"), py::arg("theme") = "",
           py::arg("attendance") = std::vector<std::pair<std::string, std::string>>{})
        .def("commit", [](py_transaction& t) {
            auto c = locked(*t.owner, [&] {
                auto info = t.open().commit();
                t.tx.reset();
                return info;
            });
            return commit_dict(c);
        })
        .def("rollback", [](py_transaction& t) {
            locked(*t.owner, [&] {
                if (t.tx) t.tx->rollback();
                t.tx.reset();
            });
        });
}

}  // namespace furong::python
