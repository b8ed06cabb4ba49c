// The ledger (台账) and its meetings: the submodule furong._core.ledger (issue 5, issue 10).
// (The neighbour-leader evaluation: register_evaluation.cpp, _core.evaluation.)
//
// The ledger files are loaded by _core.load beside the network, into py_network::ledger
// (shared, immutable: copies of a network share it). Every rule lives in C++ (domain/ledger,
// domain/meetings, domain/ledger_groups, domain/joint_meetings, domain/agreements,
// edit/agreements, io/ledger_files); this file only converts. Queries return bound result
// types with read-only column properties (numpy arrays: item indices, codes, datetime64[D]
// dates; lists of str) and to_dict(); python/furong/ledger.py turns them into DataFrames.
// The GIL is released around the passes over the items: they read the immutable ledger_data
// and write only vectors owned by the call.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/domain/agreements.hpp>
#include <furong/domain/joint_meetings.hpp>
#include <furong/domain/ledger_escalation.hpp>
#include <furong/domain/ledger_groups.hpp>
#include <furong/edit/agreements.hpp>
#include <furong/io/ledger_files.hpp>
#include <furong/kinds.hpp>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>
#include <utility>

namespace py = pybind11;

namespace furong::python {

namespace {

constexpr std::int64_t unix_epoch_day = 2440588;
constexpr std::int64_t nat = std::numeric_limits<std::int64_t>::min();
std::int64_t epoch(day_t d) { return static_cast<std::int64_t>(d) - unix_epoch_day; }
std::int64_t epoch(date d) { return d.is_special() ? nat : epoch(day_of(d)); }
std::int64_t epoch_since(day_t d) { return d == validity::open_since ? nat : epoch(d); }
std::int64_t epoch_until(day_t d) { return d == validity::open_until ? nat : epoch(d); }

constexpr const char* ledger_files[] = {"ledger.csv",  "ledger_events.csv", "visits.csv",
                                        "sla.csv",     "calendar.csv",      "meetings.csv",
                                        "attendance.csv", "agreements.csv", "commitments.csv"};

const ledger_data& data_of(const py_network& n) {
    static const ledger_data empty;
    return n.ledger ? *n.ledger : empty;
}

/// The item indices a ledger query returns for as_of (named `query` in errors), computed
/// without the GIL: the ledger is immutable (see the file comment).
template <class Query>
py::array_t<std::uint32_t> item_indices(const py_network& n, const date& when, const char* query, Query q) {
    const date d = require_as_of(when, query);
    std::vector<std::uint32_t> out;
    {
        py::gil_scoped_release release;
        out = q(data_of(n).items, d);
    }
    return to_numpy(std::move(out));
}

template <class T>
py::list str_list(const std::vector<T>& v) {
    py::list out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = py::str(std::string(v[i]));
    return out;
}
template <std::size_t N>
py::tuple name_tuple(const std::array<std::string_view, N>& names) {
    py::tuple out(N);
    for (std::size_t i = 0; i < N; ++i) out[i] = py::str(names[i].data(), names[i].size());
    return out;
}

// A datetime64[D] numpy array owning the epoch days (nat = NaT).
py::array dates64(std::vector<std::int64_t>&& v) {
    py::array a = to_numpy(std::move(v));
    return a.attr("view")("datetime64[D]");
}
py::array bools(const std::vector<char>& v) {
    py::array_t<bool> a(static_cast<py::ssize_t>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) a.mutable_data()[i] = v[i] != 0;
    return a;
}

// Index of an interned value from the reference the ledger hands out (it points into the
// interner's own vector, so the offset is the code; a copy would not compile here).
template <class Names>
std::uint32_t code_of(const std::string& value, const Names& names) {
    return static_cast<std::uint32_t>(&value - names.data());
}

std::vector<std::uint32_t> item_rows(const ledger& L, const py::object& rows_arg) {
    std::vector<std::uint32_t> rows;
    if (rows_arg.is_none()) {
        rows.resize(L.size());
        for (std::uint32_t i = 0; i < L.size(); ++i) rows[i] = i;
        return rows;
    }
    auto a = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(rows_arg);
    if (!a) throw argument_error("expected an array of item indices");
    rows.reserve(static_cast<std::size_t>(a.size()));
    for (py::ssize_t j = 0; j < a.size(); ++j) {
        auto i = a.data()[j];
        if (i < 0 || static_cast<std::size_t>(i) >= L.size()) throw argument_error("item index out of range");
        rows.push_back(static_cast<std::uint32_t>(i));
    }
    return rows;
}

// ---- bound result types: named read-only columns, in a fixed order ----

template <class T>
using fields_of = std::vector<std::pair<const char*, py::object T::*>>;

template <class T>
void bind_result(py::module_& m, const char* name, const char* doc, fields_of<T> fields) {
    py::class_<T> c(m, name, doc);
    for (const auto& [n, p] : fields) c.def_readonly(n, p);
    c.def("to_dict", [fields](const T& t) {
        py::dict d;
        for (const auto& [n, p] : fields) d[n] = t.*p;
        return d;
    }, "The columns as a dict (column name -> array or list), in order.");
    c.def("__len__", [fields](const T& t) { return py::len(t.*(fields.front().second)); });
    std::string cls = name;
    c.def("__repr__", [fields, cls](const T& t) {
        std::string cols;
        for (const auto& [n, p] : fields) cols += (cols.empty() ? "" : ", ") + std::string(n);
        return "<furong._core.ledger." + cls + ": " + std::to_string(py::len(t.*(fields.front().second))) +
               " rows (" + cols + ")>";
    });
}

struct items_result { py::object id, summary, compound, compounds, category, categories, owner, owners, meeting, meetings,
                      source, raised, due, due_from_sla, due_provisional; };
struct events_result { py::object item, date, status; };
struct visits_result { py::object item, date, outcome; };
struct status_result { py::object item, status, family, overdue; };
struct overdue_result { py::object item, status, days_overdue; };
struct visit_due_result { py::object item, status, last_visit; };
struct closure_result { py::object group, count, median, p90, mean, min, max; };
struct open_overdue_result { py::object group, open, overdue; };
struct backlog_result { py::object day, open, overdue; };
struct item_backlog_result { py::object day, open, overdue, closed; };
struct aged_result { py::object item, status, days_open, next_step, next_kind, next_role, next_holders; };
struct meetings_result { py::object id, kind, date, org, theme; };
struct attendance_result { py::object meeting, party, attendee; };
struct agreements_result { py::object meeting, provider, compound, since, until; };
struct commitments_result { py::object meeting, provider, summary, due, delivered; };
struct late_result { py::object meeting, provider, summary, due, delivered, was_delivered, days_late; };
struct pairings_result { py::object provider, compound, since, until, meetings, renewals; };
struct changes_result { py::object provider, compound, since, until, meetings, renewals, action, added; };
struct loop_result { py::object meeting, date, org, theme, agreed, done, closed, rate; };
struct four_party_result { py::object meeting, date, org, theme, present, missing, four_party; };
struct schedule_result { py::object rule, dates; };

// Status codes of `rows` on `day` (the rows exist on that day).
std::vector<std::uint8_t> status_codes(const ledger& L, const std::vector<std::uint32_t>& rows, day_t day) {
    std::vector<std::uint8_t> out(rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k) out[k] = static_cast<std::uint8_t>(*L.status_on(rows[k], day));
    return out;
}

py::list party_names(const std::vector<party>& v) {
    py::list out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = py::str(std::string(name_of(v[i])));
    return out;
}

template <class Spans>
void fill_spans(const Spans& spans, py::object& provider, py::object& compound, py::object& since, py::object& until,
                py::object& meetings, py::object& renewals) {
    const std::size_t k = spans.size();
    py::list p(k), c(k), ms(k);
    std::vector<std::int64_t> a(k), b(k), r(k);
    for (std::size_t j = 0; j < k; ++j) {
        const pairing_span& s = spans[j];
        p[j] = s.provider;
        c[j] = s.compound;
        a[j] = epoch_since(s.valid.since);
        b[j] = epoch_until(s.valid.until);
        ms[j] = str_list(s.meetings);
        r[j] = static_cast<std::int64_t>(s.renewals);
    }
    provider = p; compound = c; since = dates64(std::move(a)); until = dates64(std::move(b)); meetings = ms;
    renewals = to_numpy(std::move(r));
}

}  // namespace

std::shared_ptr<const ledger_data> load_ledger_beside(const network& net, const std::filesystem::path& dir) {
    bool any = false;
    for (const char* f : ledger_files) any = any || detail::has_file(dir, f);
    if (!any) return nullptr;
    return std::make_shared<const ledger_data>(load_ledger_dir(dir, reference_checker::of(net)));
}



void register_ledger(py::module_& m) {
    auto sub = m.def_submodule("ledger", "The ledger (台账) and its meetings: bound results over the C++ rules.");

    // ---- the tables of names (C++ facts; Python reads them) ----
    sub.attr("STATUSES") = name_tuple(detail::item_status_names);
    sub.attr("FAMILIES") = name_tuple(detail::status_family_names);
    {
        py::tuple fam(item_status_count);
        for (std::size_t i = 0; i < item_status_count; ++i) fam[i] = py::str(std::string(name_of(status_families[i])));
        sub.attr("STATUS_FAMILY") = fam;
    }
    sub.attr("SOURCES") = name_tuple(detail::item_source_names);
    sub.attr("OUTCOMES") = name_tuple(detail::visit_outcome_names);
    sub.attr("PARTIES") = name_tuple(detail::party_names);
    sub.attr("MEETING_KINDS") = name_tuple(detail::meeting_kind_names);
    sub.attr("GROUPINGS") = name_tuple(detail::ledger_grouping_names);
    sub.attr("AGREEMENT_ACTIONS") = name_tuple(detail::agreement_action_names);
    sub.def("transition_refusal", [](const std::string& from, const std::string& to) -> std::optional<std::string> {
        auto f = parse_item_status(from), t = parse_item_status(to);
        if (!f || !t)
            throw argument_error("unknown status '" + (f ? to : from) + "' (expected one of " +
                                 join_names(detail::item_status_names) + ")");
        if (const char* why = detail::transition_refusal(*f, *t)) return std::string(why);
        return std::nullopt;
    }, py::arg("from_status"), py::arg("to_status"),
       "Why an event `to_status` may not follow `from_status` (None when it may; the date conditions of "
       "'open' and 'closed' are checked on load).");

    // ---- result types ----
    bind_result<items_result>(sub, "Items", "Item columns: ids, interned codes with their names, datetime64[D] dates.",
        {{"id", &items_result::id}, {"summary", &items_result::summary}, {"compound", &items_result::compound},
         {"compounds", &items_result::compounds}, {"category", &items_result::category},
         {"categories", &items_result::categories}, {"owner", &items_result::owner}, {"owners", &items_result::owners},
         {"meeting", &items_result::meeting}, {"meetings", &items_result::meetings}, {"source", &items_result::source},
         {"raised", &items_result::raised}, {"due", &items_result::due}, {"due_from_sla", &items_result::due_from_sla},
         {"due_provisional", &items_result::due_provisional}});
    bind_result<events_result>(sub, "Events", "Status events by item then date (item index, date, status code).",
        {{"item", &events_result::item}, {"date", &events_result::date}, {"status", &events_result::status}});
    bind_result<visits_result>(sub, "Visits", "Return visits by item then date (item index, date, outcome code).",
        {{"item", &visits_result::item}, {"date", &visits_result::date}, {"outcome", &visits_result::outcome}});
    bind_result<status_result>(sub, "StatusOn",
        "Items raised on or before as_of: status code, family code (FAMILIES) and overdue (open family, due before as_of).",
        {{"item", &status_result::item}, {"status", &status_result::status}, {"family", &status_result::family},
         {"overdue", &status_result::overdue}});
    bind_result<overdue_result>(sub, "Overdue", "Items overdue on as_of: status code and days overdue (as_of - due).",
        {{"item", &overdue_result::item}, {"status", &overdue_result::status},
         {"days_overdue", &overdue_result::days_overdue}});
    bind_result<visit_due_result>(sub, "VisitDue", "Items due for a return visit: status code and last visit (NaT: none).",
        {{"item", &visit_due_result::item}, {"status", &visit_due_result::status},
         {"last_visit", &visit_due_result::last_visit}});
    bind_result<closure_result>(sub, "ClosureStats", "Closure days per group (sorted): count, median, p90, mean, min, max.",
        {{"group", &closure_result::group}, {"count", &closure_result::count}, {"median", &closure_result::median},
         {"p90", &closure_result::p90}, {"mean", &closure_result::mean}, {"min", &closure_result::min},
         {"max", &closure_result::max}});
    bind_result<open_overdue_result>(sub, "OpenOverdue", "Open and overdue items per group with open items (sorted).",
        {{"group", &open_overdue_result::group}, {"open", &open_overdue_result::open},
         {"overdue", &open_overdue_result::overdue}});
    bind_result<backlog_result>(sub, "Backlog", "Per day: items in the open family and, of them, overdue.",
        {{"day", &backlog_result::day}, {"open", &backlog_result::open}, {"overdue", &backlog_result::overdue}});
    bind_result<item_backlog_result>(sub, "ItemBacklog",
        "Per sampled day: items open, open and overdue, and closed (backlog_of; furong::backlog_of).",
        {{"day", &item_backlog_result::day}, {"open", &item_backlog_result::open},
         {"overdue", &item_backlog_result::overdue}, {"closed", &item_backlog_result::closed}});
    bind_result<aged_result>(sub, "OpenLongerThan",
        "Items open for more than the given days, longest first, with the next step of their escalation path "
        "(domain/ledger_escalation.hpp; None at the top).",
        {{"item", &aged_result::item}, {"status", &aged_result::status}, {"days_open", &aged_result::days_open},
         {"next_step", &aged_result::next_step}, {"next_kind", &aged_result::next_kind},
         {"next_role", &aged_result::next_role}, {"next_holders", &aged_result::next_holders}});
    bind_result<meetings_result>(sub, "MeetingTable", "Every meeting, in file order.",
        {{"id", &meetings_result::id}, {"kind", &meetings_result::kind}, {"date", &meetings_result::date},
         {"org", &meetings_result::org}, {"theme", &meetings_result::theme}});
    bind_result<attendance_result>(sub, "Attendance", "Who attended which meeting, for which party.",
        {{"meeting", &attendance_result::meeting}, {"party", &attendance_result::party},
         {"attendee", &attendance_result::attendee}});
    bind_result<agreements_result>(sub, "Agreements", "Co-building agreements (until NaT: open-ended).",
        {{"meeting", &agreements_result::meeting}, {"provider", &agreements_result::provider},
         {"compound", &agreements_result::compound}, {"since", &agreements_result::since},
         {"until", &agreements_result::until}});
    bind_result<commitments_result>(sub, "Commitments", "Service commitments (delivered NaT: not yet).",
        {{"meeting", &commitments_result::meeting}, {"provider", &commitments_result::provider},
         {"summary", &commitments_result::summary}, {"due", &commitments_result::due},
         {"delivered", &commitments_result::delivered}});
    bind_result<late_result>(sub, "LateCommitments", "Commitments late on as_of.",
        {{"meeting", &late_result::meeting}, {"provider", &late_result::provider}, {"summary", &late_result::summary},
         {"due", &late_result::due}, {"delivered", &late_result::delivered},
         {"was_delivered", &late_result::was_delivered}, {"days_late", &late_result::days_late}});
    bind_result<pairings_result>(sub, "Pairings", "Spans of pairing made by the agreements.",
        {{"provider", &pairings_result::provider}, {"compound", &pairings_result::compound},
         {"since", &pairings_result::since}, {"until", &pairings_result::until},
         {"meetings", &pairings_result::meetings}, {"renewals", &pairings_result::renewals}});
    bind_result<changes_result>(sub, "AgreementChanges",
        "Per span of pairing: what the agreements did to the pairing links (AGREEMENT_ACTIONS) and the links added.",
        {{"provider", &changes_result::provider}, {"compound", &changes_result::compound},
         {"since", &changes_result::since}, {"until", &changes_result::until}, {"meetings", &changes_result::meetings},
         {"renewals", &changes_result::renewals}, {"action", &changes_result::action}, {"added", &changes_result::added}});
    bind_result<loop_result>(sub, "NightTalkLoop", "Per night talk: items agreed, done, closed and the closed-loop rate.",
        {{"meeting", &loop_result::meeting}, {"date", &loop_result::date}, {"org", &loop_result::org},
         {"theme", &loop_result::theme}, {"agreed", &loop_result::agreed}, {"done", &loop_result::done},
         {"closed", &loop_result::closed}, {"rate", &loop_result::rate}});
    bind_result<four_party_result>(sub, "FourParty", "Per night talk: parties present, the four parties missing.",
        {{"meeting", &four_party_result::meeting}, {"date", &four_party_result::date}, {"org", &four_party_result::org},
         {"theme", &four_party_result::theme}, {"present", &four_party_result::present},
         {"missing", &four_party_result::missing}, {"four_party", &four_party_result::four_party}});
    bind_result<schedule_result>(sub, "Schedule", "A schedule rule (canonical text) and its planned dates.",
        {{"dates", &schedule_result::dates}, {"rule", &schedule_result::rule}});

    // ---- the ledger ----
    sub.def("loaded", [](const py_network& n) { return static_cast<bool>(n.ledger); }, py::arg("net"),
            "True when ledger files were loaded with the network.");
    sub.def("size", [](const py_network& n) { return data_of(n).items.size(); }, py::arg("net"));
    sub.def("memory_bytes", [](const py_network& n) { return data_of(n).items.memory_bytes(); }, py::arg("net"),
            "Bytes held by the ledger items (arrays, pools, interners).");

    sub.def("open_spans", [](const py_network& n) {
        const ledger& L = data_of(n).items;
        const auto count = L.size();
        std::vector<std::int32_t> due(count), leave(count), back(count), leave2(count);
        std::vector<std::uint8_t> more(count);
        for (std::uint32_t i = 0; i < count; ++i) {
            const auto sp = L.spans(i);
            due[i] = static_cast<std::int32_t>(L.due_day(i));
            leave[i] = static_cast<std::int32_t>(sp.leave);
            back[i] = static_cast<std::int32_t>(sp.back);
            leave2[i] = static_cast<std::int32_t>(sp.leave2);
            more[i] = sp.more;
        }
        py::dict d;
        d["due"] = to_numpy(std::move(due));
        d["leave"] = to_numpy(std::move(leave));
        d["back"] = to_numpy(std::move(back));
        d["leave2"] = to_numpy(std::move(leave2));
        d["more"] = to_numpy(std::move(more));
        return d;
    }, py::arg("net"),
       "The columns overdue() scans, per item (int32 day numbers as day_of counts them; never = int32 max): "
       "due, leave / back / leave2 (the first two open spans [raised, leave) and [back, leave2)) and more "
       "(1: open again after leave2).");

    sub.def("ids", [](const py_network& n, py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> items) {
        const ledger& L = data_of(n).items;
        py::list out(static_cast<std::size_t>(items.size()));
        for (py::ssize_t k = 0; k < items.size(); ++k) {
            auto i = items.data()[k];
            if (i < 0 || static_cast<std::size_t>(i) >= L.size()) throw argument_error("item index out of range");
            auto id = L.id(static_cast<std::uint32_t>(i));
            out[static_cast<std::size_t>(k)] = py::str(id.data(), id.size());
        }
        return out;
    }, py::arg("net"), py::arg("items"), "Ids of item indices (a list of str).");

    sub.def("items", [](const py_network& n, py::object rows_arg) {
        const ledger& L = data_of(n).items;
        std::vector<std::uint32_t> rows = item_rows(L, rows_arg);
        const std::size_t k = rows.size();
        std::vector<std::uint32_t> compound(k), category(k), owner(k);
        std::vector<std::int32_t> meeting(k);
        std::vector<std::uint8_t> source(k);
        std::vector<std::int64_t> raised(k), due(k);
        std::vector<char> from_sla(k), provisional(k);
        std::vector<std::string> meetings;
        {
            py::gil_scoped_release release;  // immutable ledger, vectors owned here
            std::unordered_map<std::string_view, std::int32_t> mcode;
            for (std::size_t j = 0; j < k; ++j) {
                std::uint32_t i = rows[j];
                compound[j] = L.compound_index(i);
                category[j] = code_of(L.category(i), L.categories());
                owner[j] = code_of(L.owner(i), L.owners());
                source[j] = static_cast<std::uint8_t>(L.source(i));
                raised[j] = epoch(L.raised_day(i));
                due[j] = epoch(L.due_day(i));
                from_sla[j] = L.due_from_sla(i);
                provisional[j] = L.due_provisional(i);
                auto mid = L.meeting(i);
                if (mid.empty()) { meeting[j] = -1; continue; }
                auto [it, fresh] = mcode.emplace(mid, static_cast<std::int32_t>(meetings.size()));
                if (fresh) meetings.emplace_back(mid);
                meeting[j] = it->second;
            }
        }
        py::list ids(k), summaries(k);
        for (std::size_t j = 0; j < k; ++j) {
            auto id = L.id(rows[j]);
            auto s = L.summary(rows[j]);
            ids[j] = py::str(id.data(), id.size());
            summaries[j] = py::str(s.data(), s.size());
        }
        items_result r;
        r.id = ids; r.summary = summaries;
        r.compound = to_numpy(std::move(compound)); r.compounds = str_list(L.compounds());
        r.category = to_numpy(std::move(category)); r.categories = str_list(L.categories());
        r.owner = to_numpy(std::move(owner)); r.owners = str_list(L.owners());
        r.meeting = to_numpy(std::move(meeting)); r.meetings = str_list(meetings);
        r.source = to_numpy(std::move(source));
        r.raised = dates64(std::move(raised)); r.due = dates64(std::move(due));
        r.due_from_sla = bools(from_sla);
        r.due_provisional = bools(provisional);
        return r;
    }, py::arg("net"), py::arg("rows") = py::none(),
       "Item columns (all items, or the given indices): ids, interned codes (-1: no meeting) with their names, dates.");

    sub.def("compound_groups", [](const py_network& n, const std::string& by) {
        auto g = ledger_grouping_of(by);
        if (g != ledger_grouping::street && g != ledger_grouping::community)
            throw argument_error("compound_groups: expected street or community, got '" + by + "'");
        const auto& L = data_of(n).items;
        auto groups = compound_groups(n.net, L, detail::area_of(g));
        py::list out(L.compounds().size());
        for (std::size_t c = 0; c < L.compounds().size(); ++c) out[c] = py::str(groups[L.compounds()[c]]);
        return out;
    }, py::arg("net"), py::arg("by"), "The street or community of each ledger compound (\"\" when none).");

    sub.def("events", [](const py_network& n) {
        const ledger& L = data_of(n).items;
        std::vector<std::uint32_t> item;
        std::vector<std::int64_t> day;
        std::vector<std::uint8_t> status;
        for (std::uint32_t i = 0; i < L.size(); ++i)
            for (const auto& [d, s] : L.events(i)) {
                item.push_back(i); day.push_back(epoch(d)); status.push_back(static_cast<std::uint8_t>(s));
            }
        return events_result{to_numpy(std::move(item)), dates64(std::move(day)), to_numpy(std::move(status))};
    }, py::arg("net"), "Status events by item then date.");

    sub.def("visits", [](const py_network& n) {
        const ledger& L = data_of(n).items;
        std::vector<std::uint32_t> item;
        std::vector<std::int64_t> day;
        std::vector<std::uint8_t> outcome;
        for (std::uint32_t i = 0; i < L.size(); ++i)
            for (const auto& [d, o] : L.visits(i)) {
                item.push_back(i); day.push_back(epoch(d)); outcome.push_back(static_cast<std::uint8_t>(o));
            }
        return visits_result{to_numpy(std::move(item)), dates64(std::move(day)), to_numpy(std::move(outcome))};
    }, py::arg("net"), "Return visits by item then date.");

    sub.def("status_on", [](const py_network& n, const date& when) {
        const ledger& L = data_of(n).items;
        const day_t day = day_of(require_as_of(when, "status_on"));
        std::vector<std::uint32_t> item;
        std::vector<std::uint8_t> status, family;
        std::vector<char> over;
        {
            py::gil_scoped_release release;  // immutable ledger, vectors owned here
            for (std::uint32_t i = 0; i < L.size(); ++i) {
                auto s = L.status_on(i, day);
                if (!s) continue;
                item.push_back(i);
                status.push_back(static_cast<std::uint8_t>(*s));
                family.push_back(static_cast<std::uint8_t>(family_of(*s)));
                over.push_back(is_open_family(*s) && L.due_day(i) < day);
            }
        }
        py::array o = bools(over);
        return status_result{to_numpy(std::move(item)), to_numpy(std::move(status)), to_numpy(std::move(family)), o};
    }, py::arg("net"), py::arg("as_of"), "Every item raised on or before as_of with its status on that day.");

    sub.def("overdue", [](const py_network& n, const date& when) {
        const ledger& L = data_of(n).items;
        const date d = require_as_of(when, "overdue");
        std::vector<std::uint32_t> rows;
        std::vector<std::uint8_t> status;
        std::vector<std::int64_t> days;
        {
            py::gil_scoped_release release;  // immutable ledger (see the file comment)
            rows = L.overdue(d);
            status = status_codes(L, rows, day_of(d));
            days.resize(rows.size());
            for (std::size_t k = 0; k < rows.size(); ++k) days[k] = day_of(d) - L.due_day(rows[k]);
        }
        return overdue_result{to_numpy(std::move(rows)), to_numpy(std::move(status)), to_numpy(std::move(days))};
    }, py::arg("net"), py::arg("as_of"), "Items overdue on as_of, in file order.");

    sub.def("overdue_items", [](const py_network& n, const date& when) {
        return item_indices(n, when, "overdue", [](const ledger& L, date d) { return L.overdue(d); });
    }, py::arg("net"), py::arg("as_of"), "Indices of the items overdue on as_of (the fastest form).");

    sub.def("provisional_due_items", [](const py_network& n, const date& when) {
        return item_indices(n, when, "provisional_due", [](const ledger& L, date d) { return L.provisional_due(d); });
    }, py::arg("net"), py::arg("as_of"), "Indices of the open items whose due date is provisional on as_of.");

    sub.def("visit_due", [](const py_network& n, const date& when, int interval) {
        const ledger& L = data_of(n).items;
        const date d = require_as_of(when, "visit_due");
        const day_t day = day_of(d);
        std::vector<std::uint32_t> rows;
        std::vector<std::uint8_t> status;
        std::vector<std::int64_t> last;
        {
            py::gil_scoped_release release;  // immutable ledger (see the file comment)
            rows = L.visit_due(d, interval);
            status = status_codes(L, rows, day);
            last.assign(rows.size(), nat);
            for (std::size_t k = 0; k < rows.size(); ++k)
                for (const auto& [v, o] : L.visits(rows[k]))
                    if (day_of(v) <= day) last[k] = epoch(v);
        }
        return visit_due_result{to_numpy(std::move(rows)), to_numpy(std::move(status)), dates64(std::move(last))};
    }, py::arg("net"), py::arg("as_of"), py::arg("interval") = 30, "Items due for a return visit, in file order.");

    sub.def("visit_due_items", [](const py_network& n, const date& when, int interval) {
        return item_indices(n, when, "visit_due", [interval](const ledger& L, date d) { return L.visit_due(d, interval); });
    }, py::arg("net"), py::arg("as_of"), py::arg("interval") = 30, "Indices of the items due for a return visit.");

    sub.def("closure_stats", [](py_network& n, const date& when, const std::string& by) {
        const auto g = ledger_grouping_of(by);
        const date d = require_as_of(when, "closure_stats");
        std::map<std::string, closure_stat> st;
        const auto snap = n.snap();  // taken with the GIL held
        {
            py::gil_scoped_release release;  // reads the immutable snapshot and ledger; map owned here
            st = closure_stats_by(*snap, data_of(n).items, d, g);
        }
        const std::size_t k = st.size();
        py::list group(k);
        std::vector<std::int64_t> count(k);
        std::vector<double> median(k), p90(k), mean(k), mn(k), mx(k);
        std::size_t j = 0;
        for (const auto& [name, s] : st) {
            group[j] = name; count[j] = static_cast<std::int64_t>(s.count); median[j] = s.median; p90[j] = s.p90;
            mean[j] = s.mean; mn[j] = s.min; mx[j] = s.max; ++j;
        }
        return closure_result{group, to_numpy(std::move(count)), to_numpy(std::move(median)), to_numpy(std::move(p90)),
                              to_numpy(std::move(mean)), to_numpy(std::move(mn)), to_numpy(std::move(mx))};
    }, py::arg("net"), py::arg("as_of"), py::arg("by"), "Closure days per group (GROUPINGS).");

    sub.def("open_overdue_by", [](const py_network& n, const date& when, const std::string& by) {
        const auto g = parse_ledger_grouping(by);
        if (!g || (*g != ledger_grouping::street && *g != ledger_grouping::community && *g != ledger_grouping::compound))
            throw argument_error("unknown grouping '" + by + "' (expected street, community or compound)");
        const auto st = open_overdue_by(n.net, data_of(n).items, require_as_of(when, "open_overdue_by"), *g);
        const std::size_t k = st.size();
        py::list group(k);
        std::vector<std::int64_t> open(k), over(k);
        std::size_t j = 0;
        for (const auto& [name, s] : st) {
            group[j] = name; open[j] = static_cast<std::int64_t>(s.open); over[j] = static_cast<std::int64_t>(s.overdue); ++j;
        }
        return open_overdue_result{group, to_numpy(std::move(open)), to_numpy(std::move(over))};
    }, py::arg("net"), py::arg("as_of"), py::arg("by") = "street",
       "Open and overdue counts on as_of by street, community or compound (groups with open items).");

    sub.def("backlog", [](const py_network& n, const date& from, const date& to) {
        if (from.is_special()) throw argument_error("backlog: start is required (a date YYYY-MM-DD)");
        if (to.is_special()) throw argument_error("backlog: end is required (a date YYYY-MM-DD)");
        std::vector<backlog_point> b;
        {
            py::gil_scoped_release release;  // immutable ledger
            b = data_of(n).items.backlog(from, to);
        }
        std::vector<std::int64_t> day(b.size()), open(b.size()), over(b.size());
        for (std::size_t k = 0; k < b.size(); ++k) {
            day[k] = epoch(b[k].day);
            open[k] = static_cast<std::int64_t>(b[k].open);
            over[k] = static_cast<std::int64_t>(b[k].overdue);
        }
        return backlog_result{dates64(std::move(day)), to_numpy(std::move(open)), to_numpy(std::move(over))};
    }, py::arg("net"), py::arg("start"), py::arg("end"),
       "The backlog (burndown) per day over [start, end]: items in the open family and, of them, overdue.");

    sub.def("backlog_of", [](py::array raised, py::array closed, py::array due, py::array days) {
        // datetime64[D] arrays (NaT: still open / never due) -> day numbers.
        auto col = [](py::array a, const char* what, bool nat_allowed) {
            py::array d = py::module_::import("numpy").attr("asarray")(a, "datetime64[D]");
            auto v = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(d.attr("view")("int64"));
            if (!v) throw argument_error(std::string("backlog_of: ") + what + " must be dates");
            std::vector<day_t> out(static_cast<std::size_t>(v.size()));
            for (py::ssize_t k = 0; k < v.size(); ++k) {
                const std::int64_t x = v.data()[k];
                if (x == nat) {
                    if (!nat_allowed) throw argument_error(std::string("backlog_of: ") + what + " may not be missing");
                    out[static_cast<std::size_t>(k)] = validity::open_until;
                } else {
                    out[static_cast<std::size_t>(k)] = static_cast<day_t>(x + unix_epoch_day);
                }
            }
            return out;
        };
        auto r = col(raised, "raised", false), c = col(closed, "closed", true), u = col(due, "due", true),
             t = col(days, "days", false);
        item_backlog b;
        {
            py::gil_scoped_release release;  // vectors owned by this call
            b = backlog_of(r, c, u, t);
        }
        std::vector<std::int64_t> day(t.size());
        for (std::size_t k = 0; k < t.size(); ++k) day[k] = epoch(t[k]);
        return item_backlog_result{dates64(std::move(day)), to_numpy(std::move(b.open)), to_numpy(std::move(b.overdue)),
                                   to_numpy(std::move(b.closed))};
    }, py::arg("raised"), py::arg("closed"), py::arg("due"), py::arg("days"),
       "The backlog of any item table (raised, closed - NaT: open -, due - NaT: never overdue) on the given days.");

    sub.def("open_longer_than", [](py_network& n, const date& when, int days) {
        const date d = require_as_of(when, "open_longer_than");
        std::vector<aged_item> a = data_of(n).items.open_longer_than(d, days);
        auto snap = n.snap();
        std::unordered_map<std::string, escalation_result> paths;  // per compound id
        const std::size_t k = a.size();
        std::vector<std::uint32_t> item(k);
        std::vector<std::int64_t> open(k);
        std::vector<std::uint8_t> status(k);
        py::list next(k), kind(k), role(k), holders(k);
        for (std::size_t j = 0; j < k; ++j) {
            item[j] = a[j].item;
            open[j] = a[j].days_open;
            status[j] = static_cast<std::uint8_t>(a[j].status);
            auto it = paths.find(a[j].compound);
            if (it == paths.end()) {
                escalation_result e;
                if (auto c = snap->find(a[j].compound)) e = escalation_path(*snap, *c, d);
                it = paths.emplace(a[j].compound, std::move(e)).first;
            }
            const escalation_step* st = next_escalation_step(it->second, n.net.find_person(a[j].owner));
            if (!st) { next[j] = py::none(); kind[j] = py::none(); role[j] = py::none(); holders[j] = py::list(); continue; }
            next[j] = py::str(std::string(snap->id(st->org)));
            kind[j] = py::str(std::string(name_of(st->kind)));
            role[j] = st->role ? py::object(py::str(std::string(name_of(*st->role)))) : py::object(py::none());
            py::list h;
            for (index_t p : st->holders) h.append(py::str(std::string(snap->person_id(p))));
            holders[j] = h;
        }
        return aged_result{to_numpy(std::move(item)), to_numpy(std::move(status)), to_numpy(std::move(open)),
                           next, kind, role, holders};
    }, py::arg("net"), py::arg("as_of"), py::arg("days"),
       "Items open for more than `days` days, longest first, with the next step of their escalation.");

    sub.def("items_of_meeting", [](const py_network& n, const std::string& meeting) {
        return to_numpy(data_of(n).items.items_of_meeting(meeting));
    }, py::arg("net"), py::arg("meeting"), "Indices of the items agreed at a meeting, in file order.");

    // ---- meetings ----
    sub.def("meetings", [](const py_network& n) {
        const auto& ms = data_of(n).meetings.meetings();
        py::list id, kind, org, theme;
        std::vector<std::int64_t> day;
        for (const auto& x : ms) {
            id.append(x.id); kind.append(std::string(name_of(x.kind))); org.append(x.org); theme.append(x.theme);
            day.push_back(epoch(x.day));
        }
        return meetings_result{id, kind, dates64(std::move(day)), org, theme};
    }, py::arg("net"), "Every meeting, in file order.");
    sub.def("read_meetings", [](const std::filesystem::path& path) {
        const meeting_book mb = read_meetings_file(path);
        py::list id, kind, org, theme;
        std::vector<std::int64_t> day;
        for (const auto& x : mb.meetings()) {
            id.append(x.id); kind.append(std::string(name_of(x.kind))); org.append(x.org); theme.append(x.theme);
            day.push_back(epoch(x.day));
        }
        return meetings_result{id, kind, dates64(std::move(day)), org, theme};
    }, py::arg("path"),
       "Reads one meetings.csv (or DIR/meetings.csv) with the loader's strict rules; InputError positioned at "
       "file:line:column.");
    sub.def("attendance", [](const py_network& n) {
        py::list meeting, side, who;
        for (const auto& a : data_of(n).meetings.attendance()) {
            meeting.append(a.meeting); side.append(std::string(name_of(a.side))); who.append(a.attendee);
        }
        return attendance_result{meeting, side, who};
    }, py::arg("net"));
    sub.def("agreements", [](const py_network& n, const date& when) {
        py::list meeting, provider, compound;
        std::vector<std::int64_t> since, until;
        for (const auto& a : data_of(n).meetings.active_agreements(when)) {
            meeting.append(a.meeting); provider.append(a.provider); compound.append(a.compound);
            since.push_back(epoch(a.since)); until.push_back(epoch(a.until));
        }
        return agreements_result{meeting, provider, compound, dates64(std::move(since)), dates64(std::move(until))};
    }, py::arg("net"), py::arg("as_of") = py::none(), "Agreements valid on as_of (None: no date filter), in file order.");
    sub.def("commitments", [](const py_network& n) {
        py::list meeting, provider, summary;
        std::vector<std::int64_t> due, delivered;
        for (const auto& c : data_of(n).meetings.commitments()) {
            meeting.append(c.meeting); provider.append(c.provider); summary.append(c.summary);
            due.push_back(epoch(c.due)); delivered.push_back(epoch(c.delivered));
        }
        return commitments_result{meeting, provider, summary, dates64(std::move(due)), dates64(std::move(delivered))};
    }, py::arg("net"));
    sub.def("late_commitments", [](const py_network& n, const date& when) {
        py::list meeting, provider, summary;
        std::vector<std::int64_t> due, delivered, late;
        std::vector<char> was;
        for (const auto& l : data_of(n).meetings.late_commitments(when)) {
            meeting.append(l.item.meeting); provider.append(l.item.provider); summary.append(l.item.summary);
            due.push_back(epoch(l.item.due)); delivered.push_back(epoch(l.item.delivered));
            was.push_back(l.delivered); late.push_back(l.days_late);
        }
        return late_result{meeting, provider, summary, dates64(std::move(due)), dates64(std::move(delivered)), bools(was),
                           to_numpy(std::move(late))};
    }, py::arg("net"), py::arg("as_of"), "Commitments late on as_of, in file order.");
    sub.def("pairings", [](const py_network& n, const date& when) {
        pairings_result r;
        fill_spans(data_of(n).meetings.pairings(when), r.provider, r.compound, r.since, r.until, r.meetings, r.renewals);
        return r;
    }, py::arg("net"), py::arg("as_of") = py::none(),
       "Spans of pairing made by the agreements signed at meetings held by as_of (None: no date filter).");
    sub.def("apply_agreements", [](const py_network& ledger_net, py_network& target, const date& when) {
        // The edit changes target.net (all or nothing); the ledger of ledger_net is immutable.
        const auto spans = data_of(ledger_net).meetings.pairings(when);
        const auto changes = agreement_changes(target.net, spans);
        apply_agreement_changes(target.net, changes);
        std::vector<pairing_span> s;
        s.reserve(changes.size());
        py::list action, added;
        for (const auto& c : changes) {
            s.push_back(c.span);
            action.append(std::string(name_of(c.action)));
            added.append(c.added.size());
        }
        changes_result r;
        fill_spans(s, r.provider, r.compound, r.since, r.until, r.meetings, r.renewals);
        r.action = action;
        r.added = added;
        return r;
    }, py::arg("ledger_net"), py::arg("target"), py::arg("as_of") = py::none(),
       "Creates or renews the pairing links of target from the agreements of ledger_net's ledger signed by as_of "
       "(None: no date filter). All or nothing.");
    sub.def("night_talk_loop", [](const py_network& n, const date& when) {
        const auto& d = data_of(n);
        loop_result r;
        py::list meeting, org, theme;
        std::vector<std::int64_t> day, agreed, done, closed;
        std::vector<double> rate;
        for (const auto& x : d.meetings.night_talk_loop(d.items, when)) {
            meeting.append(x.meeting); org.append(x.org); theme.append(x.theme); day.push_back(epoch(x.day));
            agreed.push_back(static_cast<std::int64_t>(x.agreed)); done.push_back(static_cast<std::int64_t>(x.done));
            closed.push_back(static_cast<std::int64_t>(x.closed)); rate.push_back(x.rate);
        }
        return loop_result{meeting, dates64(std::move(day)), org, theme, to_numpy(std::move(agreed)),
                           to_numpy(std::move(done)), to_numpy(std::move(closed)), to_numpy(std::move(rate))};
    }, py::arg("net"), py::arg("as_of"), "Closed-loop rate of every night talk, by date then id.");
    sub.def("four_party", [](const py_network& n, const date& when) {
        py::list meeting, org, theme, present, missing;
        std::vector<std::int64_t> day;
        std::vector<char> four;
        for (const auto& s : data_of(n).meetings.four_party_sessions(when)) {
            meeting.append(s.session.id); org.append(s.session.org); theme.append(s.session.theme);
            day.push_back(epoch(s.session.day));
            present.append(party_names(s.present)); missing.append(party_names(s.missing));
            four.push_back(s.missing.empty());
        }
        return four_party_result{meeting, dates64(std::move(day)), org, theme, present, missing, bools(four)};
    }, py::arg("net"), py::arg("as_of") = py::none(),
       "Night talks held by as_of (None: no date filter): parties present and missing.");
    sub.def("missed_joint", [](py_network& n, int year, int month, const std::optional<std::vector<std::string>>& compounds) {
        const auto& mb = data_of(n).meetings;
        if (compounds) return mb.missed_joint_meetings(year, month, *compounds);
        return missed_joint_meetings(*n.snap(), mb, year, month);
    }, py::arg("net"), py::arg("year"), py::arg("month"), py::arg("compounds") = py::none(),
       "Compounds with no joint meeting in the month (default: joint_meeting_compounds, domain/three_party.hpp).");
    sub.def("missed_planned", [](const py_network& n, const std::string& rule, const std::string& kind,
                                 const std::string& org, const date& from, const date& to, int tolerance) {
        auto k = parse_meeting_kind(kind);
        if (!k) throw argument_error("unknown meeting kind '" + kind + "' (expected one of " +
                                     join_names(detail::meeting_kind_names) + ")");
        if (from.is_special()) throw argument_error("missed_planned: start is required (a date YYYY-MM-DD)");
        if (to.is_special()) throw argument_error("missed_planned: end is required (a date YYYY-MM-DD)");
        return data_of(n).meetings.missed_planned(schedule_rule::parse(rule), *k, org, from, to, tolerance);
    }, py::arg("net"), py::arg("rule"), py::arg("kind"), py::arg("org"), py::arg("start"), py::arg("end"),
       py::arg("tolerance") = 0);
    sub.def("schedule", [](const std::string& rule, const date& from, const date& to) {
        if (from.is_special()) throw argument_error("schedule: start is required (a date YYYY-MM-DD)");
        if (to.is_special()) throw argument_error("schedule: end is required (a date YYYY-MM-DD)");
        auto r = schedule_rule::parse(rule);
        return schedule_result{py::str(r.describe()), py::cast(r.dates(from, to))};
    }, py::arg("rule"), py::arg("start"), py::arg("end"), "The canonical rule text and its planned dates in [start, end].");

}


}  // namespace furong::python
