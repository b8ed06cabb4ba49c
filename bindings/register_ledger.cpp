// The ledger (台賬) and its meetings (the leader evaluation: register_evaluation.cpp).
//
// The ledger files are loaded by _core.load beside the network, into py_network::ledger
// (shared, immutable: copies of a network share it). Queries read it as of a date and return
// numpy arrays of item indices or plain columns; python/furong/ledger.py turns them into
// DataFrames. The GIL is released around the passes over the items: they read the immutable
// ledger_data and write only vectors owned by the call.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/kinds.hpp>
#include <furong/ledger/ledger_files.hpp>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>

namespace py = pybind11;

namespace furong::python {

namespace {

constexpr std::int64_t unix_epoch_day = 2440588;
constexpr std::int64_t nat = std::numeric_limits<std::int64_t>::min();
std::int64_t epoch(day_t d) { return static_cast<std::int64_t>(d) - unix_epoch_day; }
std::int64_t epoch(date d) { return d.is_special() ? nat : epoch(day_of(d)); }

constexpr const char* ledger_files[] = {"ledger.csv",  "ledger_events.csv", "visits.csv",
                                        "sla.csv",     "calendar.csv",      "meetings.csv",
                                        "attendance.csv", "agreements.csv", "commitments.csv"};

const ledger_data& data_of(const py_network& n) {
    static const ledger_data empty;
    return n.ledger ? *n.ledger : empty;
}

date required(const date& d, const char* what) {
    if (d.is_special()) throw argument_error(std::string(what) + ": a date YYYY-MM-DD is required");
    return d;
}

template <class T>
py::list str_list(const std::vector<T>& v) {
    py::list out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = py::str(std::string(v[i]));
    return out;
}

// Index of an interned value from the reference the ledger hands out (it points into the
// interner's own vector, so the offset is the code; a copy would not compile here).
template <class Names>
std::uint32_t code_of(const std::string& value, const Names& names) {
    return static_cast<std::uint32_t>(&value - names.data());
}

// The street or community (by kind) above each compound of the ledger; "" when none.
std::unordered_map<std::string, std::string> compound_groups(const network& net, const ledger& L, org_kind kind) {
    std::unordered_map<std::string, std::string> out;
    for (const auto& c : L.compounds()) {
        std::string group;
        if (auto i = net.find(c)) {
            for (index_t k = *i; k != no_index; k = net.parent(k))
                if (net.kind(k) == kind) { group = std::string(net.id(k)); break; }
        }
        out.emplace(c, std::move(group));
    }
    return out;
}

org_kind area_kind(const std::string& by) {
    if (by == "street") return org_kind::street;
    if (by == "community") return org_kind::community;
    throw argument_error("unknown grouping '" + by + "'");
}

std::optional<item_field> item_field_of(const std::string& by) {
    if (by == "compound") return item_field::compound;
    if (by == "category") return item_field::category;
    if (by == "owner") return item_field::owner;
    if (by == "source") return item_field::source;
    if (by == "meeting") return item_field::meeting;
    return std::nullopt;
}

void check_by(const std::string& by) {
    if (by != "street" && by != "community" && !item_field_of(by))
        throw argument_error("unknown grouping '" + by +
                             "' (expected one of street, community, compound, category, owner, source, meeting)");
}

// Compounds with three-party linkage on `day`: a branch covers them, an owners' committee
// represents them and a property company serves them (the parties of the joint meeting).
std::vector<char> three_party(const network& net, day_t day) {
    std::vector<std::uint8_t> bits(net.organisation_count(), 0);
    for (const auto& r : net.links().rows) {
        if (!r.valid.active_on(day)) continue;
        if (r.kind == link_kind::covers) bits[r.target] |= 1;
        else if (r.kind == link_kind::represents) bits[r.target] |= 2;
        else if (r.kind == link_kind::serves) bits[r.target] |= 4;
    }
    std::vector<char> out(bits.size(), 0);
    for (std::size_t i = 0; i < bits.size(); ++i)
        out[i] = bits[i] == 7 && net.kind(static_cast<index_t>(i)) == org_kind::compound;
    return out;
}

py::tuple stat_tuple(const std::string& group, const closure_stat& s) {
    return py::make_tuple(group, s.count, s.median, s.p90, s.mean, s.min, s.max);
}

}  // namespace

std::shared_ptr<const ledger_data> load_ledger_beside(const network& net, const std::filesystem::path& dir) {
    bool any = false;
    for (const char* f : ledger_files) any = any || detail::has_file(dir, f);
    if (!any) return nullptr;
    reference_checker refs;
    refs.compound = [&net](std::string_view id) {
        auto i = net.find(id);
        return i && net.kind(*i) == org_kind::compound;
    };
    refs.person = [&net](std::string_view id) { return net.find_person(id).has_value(); };
    refs.organisation = [&net](std::string_view id) { return net.find(id).has_value(); };
    refs.attendee = [&net](std::string_view id) { return net.find(id).has_value() || net.find_person(id).has_value(); };
    return std::make_shared<const ledger_data>(load_ledger_dir(dir, refs));
}

void save_ledger_beside(const py_network& n, const std::filesystem::path& dir) {
    if (n.ledger) save_ledger_dir(*n.ledger, dir);
}

void register_ledger(py::module_& m) {
    m.attr("ITEM_STATUSES") = str_list(std::vector<std::string_view>(detail::item_status_names.begin(), detail::item_status_names.end()));
    m.attr("ITEM_SOURCES") = str_list(std::vector<std::string_view>(detail::item_source_names.begin(), detail::item_source_names.end()));
    m.attr("VISIT_OUTCOMES") = str_list(std::vector<std::string_view>(detail::visit_outcome_names.begin(), detail::visit_outcome_names.end()));
    m.attr("PARTIES") = str_list(std::vector<std::string_view>(detail::party_names.begin(), detail::party_names.end()));
    m.attr("MEETING_KINDS") = str_list(std::vector<std::string_view>(detail::meeting_kind_names.begin(), detail::meeting_kind_names.end()));

    m.def("ledger_loaded", [](const py_network& n) { return static_cast<bool>(n.ledger); }, py::arg("net"),
          "True when ledger files were loaded with the network.");
    m.def("ledger_size", [](const py_network& n) { return data_of(n).items.size(); }, py::arg("net"));
    m.def("ledger_memory_bytes", [](const py_network& n) { return data_of(n).items.memory_bytes(); }, py::arg("net"),
          "Bytes held by the ledger items (arrays, pools, interners).");

    m.def("ledger_ids", [](const py_network& n, py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> items) {
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

    m.def("ledger_items", [](const py_network& n, py::object rows_arg) {
        const ledger& L = data_of(n).items;
        std::vector<std::uint32_t> rows;
        if (rows_arg.is_none()) {
            rows.resize(L.size());
            for (std::uint32_t i = 0; i < L.size(); ++i) rows[i] = i;
        } else {
            auto a = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(rows_arg);
            if (!a) throw argument_error("expected an array of item indices");
            for (py::ssize_t j = 0; j < a.size(); ++j) {
                auto i = a.data()[j];
                if (i < 0 || static_cast<std::size_t>(i) >= L.size()) throw argument_error("item index out of range");
                rows.push_back(static_cast<std::uint32_t>(i));
            }
        }
        const std::size_t k = rows.size();
        std::vector<std::uint32_t> compound(k), category(k), owner(k);
        std::vector<std::int32_t> meeting(k);
        std::vector<std::uint8_t> source(k);
        std::vector<std::int64_t> raised(k), due(k);
        std::vector<bool> from_sla(k);
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
        py::array_t<bool> sla(static_cast<py::ssize_t>(k));
        for (std::size_t i = 0; i < k; ++i) sla.mutable_data()[i] = from_sla[i];
        py::dict out;
        out["id"] = ids;
        out["summary"] = summaries;
        out["compound"] = to_numpy(std::move(compound));
        out["compounds"] = str_list(L.compounds());
        out["category"] = to_numpy(std::move(category));
        out["categories"] = str_list(L.categories());
        out["owner"] = to_numpy(std::move(owner));
        out["owners"] = str_list(L.owners());
        out["meeting"] = to_numpy(std::move(meeting));
        out["meetings"] = str_list(meetings);
        out["source"] = to_numpy(std::move(source));
        out["raised"] = to_numpy(std::move(raised));
        out["due"] = to_numpy(std::move(due));
        out["due_from_sla"] = sla;
        return out;
    }, py::arg("net"), py::arg("rows") = py::none(),
       "Item columns (all items, or the given indices): ids, interned codes with their names, epoch-day dates.");

    m.def("ledger_compound_groups", [](const py_network& n, const std::string& by) {
        auto g = compound_groups(n.net, data_of(n).items, area_kind(by));
        const auto& cs = data_of(n).items.compounds();
        py::list out(cs.size());
        for (std::size_t c = 0; c < cs.size(); ++c) out[c] = py::str(g[cs[c]]);
        return out;
    }, py::arg("net"), py::arg("by"), "The street or community of each ledger compound (\"\" when none).");

    m.def("ledger_events", [](const py_network& n) {
        const ledger& L = data_of(n).items;
        std::vector<std::uint32_t> item;
        std::vector<std::int64_t> day;
        std::vector<std::uint8_t> status;
        for (std::uint32_t i = 0; i < L.size(); ++i)
            for (const auto& [d, s] : L.events(i)) {
                item.push_back(i); day.push_back(epoch(d)); status.push_back(static_cast<std::uint8_t>(s));
            }
        py::dict out;
        out["item"] = to_numpy(std::move(item));
        out["date"] = to_numpy(std::move(day));
        out["status"] = to_numpy(std::move(status));
        return out;
    }, py::arg("net"), "Status events by item then date.");

    m.def("ledger_visits", [](const py_network& n) {
        const ledger& L = data_of(n).items;
        std::vector<std::uint32_t> item;
        std::vector<std::int64_t> day;
        std::vector<std::uint8_t> outcome;
        for (std::uint32_t i = 0; i < L.size(); ++i)
            for (const auto& [d, o] : L.visits(i)) {
                item.push_back(i); day.push_back(epoch(d)); outcome.push_back(static_cast<std::uint8_t>(o));
            }
        py::dict out;
        out["item"] = to_numpy(std::move(item));
        out["date"] = to_numpy(std::move(day));
        out["outcome"] = to_numpy(std::move(outcome));
        return out;
    }, py::arg("net"), "Return visits by item then date.");

    m.def("ledger_status_on", [](const py_network& n, const date& when) {
        const ledger& L = data_of(n).items;
        day_t day = day_of(required(when, "status_on"));
        std::vector<std::int8_t> out(L.size());
        {
            py::gil_scoped_release release;  // immutable ledger, vector owned here
            for (std::uint32_t i = 0; i < L.size(); ++i) {
                auto s = L.status_on(i, day);
                out[i] = s ? static_cast<std::int8_t>(*s) : std::int8_t(-1);
            }
        }
        return to_numpy(std::move(out));
    }, py::arg("net"), py::arg("as_of"), "Status code of every item on as_of (-1: not raised yet).");

    m.def("ledger_overdue", [](const py_network& n, const date& when) {
        date d = required(when, "overdue");
        std::vector<std::uint32_t> out;
        {
            py::gil_scoped_release release;  // immutable ledger (see the file comment)
            out = data_of(n).items.overdue(d);
        }
        return to_numpy(std::move(out));
    }, py::arg("net"), py::arg("as_of"), "Indices of the items overdue on as_of.");

    m.def("ledger_visit_due", [](const py_network& n, const date& when, int interval) {
        date d = required(when, "visit_due");
        std::vector<std::uint32_t> out;
        {
            py::gil_scoped_release release;  // immutable ledger (see the file comment)
            out = data_of(n).items.visit_due(d, interval);
        }
        return to_numpy(std::move(out));
    }, py::arg("net"), py::arg("as_of"), py::arg("interval") = 30, "Indices of the items due for a return visit.");

    m.def("ledger_last_visit", [](const py_network& n, const date& when,
                                  py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> items) {
        const ledger& L = data_of(n).items;
        day_t day = day_of(required(when, "last_visit"));
        std::vector<std::int64_t> out(static_cast<std::size_t>(items.size()), nat);
        for (py::ssize_t k = 0; k < items.size(); ++k) {
            auto i = items.data()[k];
            if (i < 0 || static_cast<std::size_t>(i) >= L.size()) throw argument_error("item index out of range");
            for (const auto& [d, o] : L.visits(static_cast<std::uint32_t>(i)))
                if (day_of(d) <= day) out[static_cast<std::size_t>(k)] = epoch(d);
        }
        return to_numpy(std::move(out));
    }, py::arg("net"), py::arg("as_of"), py::arg("items"), "Last visit on or before as_of per item (NaT: none).");

    m.def("ledger_closure_stats", [](const py_network& n, const date& when, const std::string& by) {
        check_by(by);
        date d = required(when, "closure_stats");
        const ledger& L = data_of(n).items;
        std::map<std::string, closure_stat> st;
        if (auto f = item_field_of(by)) {
            py::gil_scoped_release release;  // immutable ledger
            st = L.closure_stats(d, *f);
        } else {
            auto groups = compound_groups(n.net, L, area_kind(by));
            py::gil_scoped_release release;  // immutable ledger, map owned here
            st = L.closure_stats(d, groups);
        }
        py::list out;
        for (const auto& [g, s] : st) out.append(stat_tuple(g, s));
        return out;
    }, py::arg("net"), py::arg("as_of"), py::arg("by"),
       "(group, count, median, p90, mean, min, max) of closure days, by group.");

    m.def("ledger_open_overdue_by", [](const py_network& n, const date& when, const std::string& by) {
        date d = required(when, "open_overdue_by");
        const ledger& L = data_of(n).items;
        std::map<std::string, open_overdue> st;
        if (by == "compound") {
            st = L.open_overdue_by(d);
        } else {
            if (by != "street" && by != "community")
                throw argument_error("unknown grouping '" + by + "' (expected street, community or compound)");
            auto groups = compound_groups(n.net, L, area_kind(by));
            st = L.open_overdue_by(d, &groups);
        }
        py::dict out;
        for (const auto& [g, s] : st) out[py::str(g)] = py::make_tuple(s.open, s.overdue);
        return out;
    }, py::arg("net"), py::arg("as_of"), py::arg("by") = "street",
       "{group: (open, overdue)} on as_of, by street, community or compound (groups with open items).");

    m.def("ledger_backlog", [](const py_network& n, const date& from, const date& to) {
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
        py::dict out;
        out["day"] = to_numpy(std::move(day));
        out["open"] = to_numpy(std::move(open));
        out["overdue"] = to_numpy(std::move(over));
        return out;
    }, py::arg("net"), py::arg("start"), py::arg("end"), "Open and overdue items per day over [start, end].");

    m.def("ledger_open_longer_than", [](const py_network& n, const date& when, int days) {
        std::vector<aged_item> a = data_of(n).items.open_longer_than(required(when, "open_longer_than"), days);
        std::vector<std::uint32_t> item(a.size());
        std::vector<std::int64_t> open(a.size());
        std::vector<std::uint8_t> status(a.size());
        for (std::size_t k = 0; k < a.size(); ++k) {
            item[k] = a[k].item;
            open[k] = a[k].days_open;
            status[k] = static_cast<std::uint8_t>(a[k].status);
        }
        py::dict out;
        out["item"] = to_numpy(std::move(item));
        out["days_open"] = to_numpy(std::move(open));
        out["status"] = to_numpy(std::move(status));
        return out;
    }, py::arg("net"), py::arg("as_of"), py::arg("days"), "Items open for more than `days` days, longest first.");

    // ---- meetings ----
    m.def("meetings_table", [](const py_network& n) {
        py::list out;
        for (const auto& x : data_of(n).meetings.meetings())
            out.append(py::make_tuple(x.id, std::string(name_of(x.kind)), x.day, x.org, x.theme));
        return out;
    }, py::arg("net"), "(id, kind, date, org, theme) of every meeting, in file order.");
    m.def("meetings_attendance", [](const py_network& n) {
        py::list out;
        for (const auto& a : data_of(n).meetings.attendance())
            out.append(py::make_tuple(a.meeting, std::string(name_of(a.side)), a.attendee));
        return out;
    }, py::arg("net"));
    m.def("meetings_agreements", [](const py_network& n, const date& when) {
        const auto& mb = data_of(n).meetings;
        py::list out;
        for (const auto& a : when.is_special() ? mb.agreements() : mb.active_agreements(when))
            out.append(py::make_tuple(a.meeting, a.provider, a.compound, a.since, a.until));
        return out;
    }, py::arg("net"), py::arg("as_of") = py::none(), "Agreements valid on as_of (None: all), in file order.");
    m.def("meetings_commitments", [](const py_network& n) {
        py::list out;
        for (const auto& c : data_of(n).meetings.commitments())
            out.append(py::make_tuple(c.meeting, c.provider, c.summary, c.due, c.delivered));
        return out;
    }, py::arg("net"));
    m.def("meetings_late_commitments", [](const py_network& n, const date& when) {
        py::list out;
        for (const auto& l : data_of(n).meetings.late_commitments(required(when, "late_commitments")))
            out.append(py::make_tuple(l.item.meeting, l.item.provider, l.item.summary, l.item.due, l.item.delivered,
                                      l.delivered, l.days_late));
        return out;
    }, py::arg("net"), py::arg("as_of"));
    m.def("meetings_pairings", [](const py_network& n, const date& when) {
        // Only agreements signed at meetings held on or before as_of count (None: all).
        const auto& mb = data_of(n).meetings;
        meeting_book signed_by;
        for (const auto& x : mb.meetings())
            if (when.is_special() || x.day <= when) signed_by.add_meeting(x);
        for (const auto& a : mb.agreements())
            if (signed_by.contains(a.meeting)) signed_by.add_agreement(a);
        py::list out;
        for (const auto& s : signed_by.pairings())
            out.append(py::make_tuple(s.provider, s.compound, s.valid.since_date(), s.valid.until_date(), s.meetings,
                                      s.renewals));
        return out;
    }, py::arg("net"), py::arg("as_of") = py::none(),
       "(provider, compound, since, until, meetings, renewals) spans of pairing made by the agreements.");
    m.def("meetings_night_talk_loop", [](const py_network& n, const date& when) {
        const auto& d = data_of(n);
        py::list out;
        for (const auto& r : d.meetings.night_talk_loop(d.items, required(when, "night_talk_loop")))
            out.append(py::make_tuple(r.meeting, r.day, r.org, r.theme, r.agreed, r.done, r.closed, r.rate));
        return out;
    }, py::arg("net"), py::arg("as_of"));
    m.def("meetings_four_party", [](const py_network& n, const date& when) {
        const auto& mb = data_of(n).meetings;
        py::list out;
        for (const auto& x : mb.meetings()) {
            if (x.kind != meeting_kind::night_talk || (!when.is_special() && x.day > when)) continue;
            std::vector<std::string> present, missing;
            for (auto p : mb.parties_present(x.id)) present.emplace_back(name_of(p));
            for (auto p : mb.missing_four_parties(x.id)) missing.emplace_back(name_of(p));
            out.append(py::make_tuple(x.id, x.day, x.org, x.theme, present, missing));
        }
        return out;
    }, py::arg("net"), py::arg("as_of") = py::none(), "Night talks held by as_of: parties present and missing.");
    m.def("meetings_missed_joint", [](const py_network& n, int year, int month,
                                       const std::optional<std::vector<std::string>>& compounds) {
        if (month < 1 || month > 12) throw argument_error("missed_joint_meetings: month must be 1..12");
        if (year < 1400 || year > 9999) throw argument_error("missed_joint_meetings: year out of range");
        std::vector<std::string> expected;
        if (compounds) {
            expected = *compounds;
        } else {
            date first(static_cast<unsigned short>(year), static_cast<unsigned short>(month), 1);
            auto a = three_party(n.net, day_of(first)), b = three_party(n.net, day_of(first.end_of_month()));
            for (std::size_t i = 0; i < a.size(); ++i)
                if (a[i] && b[i]) expected.emplace_back(n.net.id(static_cast<index_t>(i)));
        }
        return data_of(n).meetings.missed_joint_meetings(year, month, expected);
    }, py::arg("net"), py::arg("year"), py::arg("month"), py::arg("compounds") = py::none(),
       "Compounds with no joint meeting in the month (default: those with three-party linkage all month).");
    m.def("meetings_missed_planned", [](const py_network& n, const std::string& rule, const std::string& kind,
                                         const std::string& org, const date& from, const date& to, int tolerance) {
        auto k = parse_meeting_kind(kind);
        if (!k) throw argument_error("unknown meeting kind '" + kind + "' (expected joint, night_talk or annual)");
        return data_of(n).meetings.missed_planned(schedule_rule::parse(rule), *k, org, required(from, "start"),
                                                  required(to, "end"), tolerance);
    }, py::arg("net"), py::arg("rule"), py::arg("kind"), py::arg("org"), py::arg("start"), py::arg("end"),
       py::arg("tolerance") = 0);
    m.def("schedule_dates", [](const std::string& rule, const date& from, const date& to) {
        auto r = schedule_rule::parse(rule);
        return py::make_tuple(r.describe(), r.dates(required(from, "start"), required(to, "end")));
    }, py::arg("rule"), py::arg("start"), py::arg("end"), "(canonical rule text, planned dates in [start, end]).");

}

}  // namespace furong::python
