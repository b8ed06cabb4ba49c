#pragma once
/// @file
/// Loading and saving the ledger files of a dataset directory (beside the network's CSV
/// files; every file is optional, an absent file is an empty table):
///
/// | file              | columns                                                    |
/// |-------------------|------------------------------------------------------------|
/// | calendar.csv      | date,kind (holiday or workday)                             |
/// | sla.csv           | category,days,unit (calendar or working; category `*` = default) |
/// | meetings.csv      | id,kind,date,org,theme (kind joint, night_talk or annual)  |
/// | attendance.csv    | meeting,party,attendee (party department, street, community, resident, unit, enterprise, deputy) |
/// | agreements.csv    | meeting,provider,compound,since,until (until empty = open-ended) |
/// | commitments.csv   | meeting,provider,summary,due,delivered (delivered empty = not yet) |
/// | ledger.csv        | id,compound,category,summary,source,raised,owner,due,meeting (due empty = raised + SLA; meeting may be empty) |
/// | ledger_events.csv | item,date,status                                           |
/// | visits.csv        | item,date,outcome (satisfied, unsatisfied, no_answer)      |
///
/// Columns are found by header name (any order; extra columns are ignored). Loading is
/// all-or-nothing: everything is parsed into a fresh ledger_data and validated, and only a
/// complete result is returned (or swapped into the target). Every problem is a
/// furong::input_error naming the file, the line, the column and what was expected.
/// Saving writes all nine files (header only when empty) so that load(save(x)) == x.
///
/// Example:
/// @code
///   furong::ledger_data data = furong::load_ledger_dir("data/furong", furong::reference_checker::of(net));
///   auto late = data.items.overdue(furong::date(2025, 6, 30));
///   furong::save_ledger_dir(data, "/tmp/out");
/// @endcode

#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/io/atomic_dir.hpp>
#include <furong/io/csv.hpp>
#include <furong/io/network_files.hpp>
#include <furong/network.hpp>
#include <furong/domain/calendar.hpp>
#include <furong/domain/ledger.hpp>
#include <furong/domain/meetings.hpp>

#include <array>
#include <exception>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace furong {

/// Everything the ledger files hold.
struct ledger_data {
    working_calendar calendar;
    sla_table sla;
    meeting_book meetings;
    ledger items;
    friend bool operator==(const ledger_data& a, const ledger_data& b) {
        return a.calendar == b.calendar && a.sla == b.sla && a.meetings == b.meetings && a.items == b.items;
    }
    friend bool operator!=(const ledger_data& a, const ledger_data& b) { return !(a == b); }
};

/// Reference checks against the network, supplied by the wiring layer. An empty function
/// accepts every id. Each returns true when the id is known.
struct reference_checker {
    std::function<bool(std::string_view)> compound;      ///< ledger.compound, agreements.compound
    std::function<bool(std::string_view)> person;        ///< ledger.owner
    std::function<bool(std::string_view)> organisation;  ///< meetings.org, agreements/commitments.provider
    std::function<bool(std::string_view)> attendee;      ///< attendance.attendee (organisation or person)

    /// The checks against `net` (which must outlive the checker): a compound id names a
    /// compound, an owner a person, an organisation any organisation, an attendee an
    /// organisation or a person. The one wiring of ledger files to a network (C++ and Python).
    static reference_checker of(const network& net) {
        reference_checker refs;
        refs.compound = [&net](std::string_view id) {
            auto i = net.find(id);
            return i && net.kind(*i) == org_kind::compound;
        };
        refs.person = [&net](std::string_view id) { return net.find_person(id).has_value(); };
        refs.organisation = [&net](std::string_view id) { return net.find(id).has_value(); };
        refs.attendee = [&net](std::string_view id) { return net.find(id).has_value() || net.find_person(id).has_value(); };
        return refs;
    }
};

namespace detail {

inline bool has_file(const std::filesystem::path& dir, const char* name) {
    std::error_code ec;
    return std::filesystem::is_regular_file(dir / name, ec);
}

inline void check_ref(const io::csv_reader& r, std::size_t col, const std::function<bool(std::string_view)>& known,
                      const char* what) {
    const std::string_view v = r[col];
    if (!v.empty() && known && !known(v)) r.fail(col, std::string("unknown ") + what + " id '" + std::string(v) + "'");
}

inline void load_calendar(const std::filesystem::path& p, working_calendar& cal) {
    auto r = io::csv_reader::open(p);
    auto c_date = r.require_column("date"), c_kind = r.require_column("kind");
    std::map<day_t, std::pair<calendar_kind, std::size_t>> seen;
    while (r.next()) {
        date d = r.day(c_date, true);
        auto k = enum_field<calendar_kind>(r, c_kind, calendar_kind_names, "calendar kind");
        auto [it, fresh] = seen.emplace(day_of(d), std::make_pair(k, r.line()));
        if (!fresh && it->second.first != k)
            r.fail(c_date, to_iso(d) + " is listed as a " + std::string(name_of(it->second.first)) + " on line " +
                               std::to_string(it->second.second) + " and as a " + std::string(name_of(k)) +
                               " here (expected one kind per date)");
        if (fresh) cal.add(d, k);
    }
}

inline void load_sla(const std::filesystem::path& p, sla_table& sla) {
    auto r = io::csv_reader::open(p);
    auto c_cat = r.require_column("category"), c_days = r.require_column("days"), c_unit = r.require_column("unit");
    std::map<std::string, std::size_t> seen;
    while (r.next()) {
        const std::string cat(r.text(c_cat));
        auto days = r.integer(c_days, 0, 3650);
        auto unit = enum_field<sla_unit>(r, c_unit, sla_unit_names, "SLA unit");
        auto [it, fresh] = seen.emplace(cat, r.line());
        if (!fresh) r.fail(c_cat, "category '" + cat + "' listed twice (first on line " + std::to_string(it->second) + ")");
        sla.set(cat, {static_cast<int>(days), unit});
    }
}

inline void fail_problem(const io::csv_reader& r, const std::vector<std::size_t>& cols, const field_problem& p) {
    r.fail(cols[p.field], p.message);
}

inline void load_meetings_csv(const std::filesystem::path& path, meeting_book& mb, const reference_checker& refs) {
    {
        auto r = io::csv_reader::open(path);
        std::vector<std::size_t> c{r.require_column("id"), r.require_column("kind"), r.require_column("date"),
                                   r.require_column("org"), r.require_column("theme")};
        while (r.next()) {
            meeting m;
            m.id = r.text(c[0]);
            m.kind = enum_field<meeting_kind>(r, c[1], meeting_kind_names, "meeting kind");
            m.day = r.day(c[2], true);
            m.org = r.text(c[3]);
            check_ref(r, c[3], refs.organisation, "organisation");
            m.theme = r[c[4]];
            if (auto p = mb.check(m)) fail_problem(r, c, *p);
            mb.add_meeting(std::move(m));
        }
    }
}

inline void load_meetings(const std::filesystem::path& dir, meeting_book& mb, const reference_checker& refs) {
    if (has_file(dir, "meetings.csv")) load_meetings_csv(dir / "meetings.csv", mb, refs);
    if (has_file(dir, "attendance.csv")) {
        auto r = io::csv_reader::open(dir / "attendance.csv");
        std::vector<std::size_t> c{r.require_column("meeting"), r.require_column("party"), r.require_column("attendee")};
        while (r.next()) {
            attendance_record a;
            a.meeting = r.text(c[0]);
            a.side = enum_field<party>(r, c[1], party_names, "party");
            a.attendee = r.text(c[2]);
            if (auto p = mb.check(a)) fail_problem(r, c, *p);
            check_ref(r, c[2], refs.attendee, "attendee");
            mb.add_attendance(std::move(a));
        }
    }
    if (has_file(dir, "agreements.csv")) {
        auto r = io::csv_reader::open(dir / "agreements.csv");
        std::vector<std::size_t> c{r.require_column("meeting"), r.require_column("provider"), r.require_column("compound"),
                                   r.require_column("since"), r.require_column("until")};
        while (r.next()) {
            agreement a;
            a.meeting = r.text(c[0]);
            a.provider = r.text(c[1]);
            a.compound = r.text(c[2]);
            a.since = r.day(c[3], true);
            a.until = r.day(c[4]);
            if (auto p = mb.check(a)) fail_problem(r, c, *p);
            check_ref(r, c[1], refs.organisation, "provider");
            check_ref(r, c[2], refs.compound, "compound");
            mb.add_agreement(std::move(a));
        }
    }
    if (has_file(dir, "commitments.csv")) {
        auto r = io::csv_reader::open(dir / "commitments.csv");
        std::vector<std::size_t> c{r.require_column("meeting"), r.require_column("provider"), r.require_column("summary"),
                                   r.require_column("due"), r.require_column("delivered")};
        while (r.next()) {
            commitment m;
            m.meeting = r.text(c[0]);
            m.provider = r.text(c[1]);
            m.summary = r.text(c[2]);
            m.due = r.day(c[3], true);
            m.delivered = r.day(c[4]);
            if (auto p = mb.check(m)) fail_problem(r, c, *p);
            check_ref(r, c[1], refs.organisation, "provider");
            mb.add_commitment(std::move(m));
        }
    }
}

/// Runs `f` on a second thread and `g` on this one and returns when both are done (both
/// in turn on this thread when `threads` < 2 or no thread can be started). Neither may
/// throw: callers keep each error to rethrow it in file order.
template <class F, class G>
void run_both(unsigned threads, F&& f, G&& g) {
    std::optional<std::thread> t;
    if (threads >= 2) {
        try {
            t.emplace(f);
        } catch (const std::system_error&) {  // no thread to be had: one after the other
        }
    }
    if (!t) f();
    g();
    if (t) t->join();
}

/// The rows of ledger_events.csv or visits.csv, parsed and typed (item, date, status or
/// outcome, line) while the items are added on the other thread; the item ids are views
/// into the reader's text, which keeps them until the reader is gone. `error` is the
/// first problem of the file, after the rows before it.
struct staged_rows {
    detail::huge_page_vector<std::string_view> item;
    detail::huge_page_vector<day_t> day;
    detail::huge_page_vector<std::uint8_t> code;
    detail::huge_page_vector<std::uint32_t> line;
    std::exception_ptr error;
};

template <class Enum, std::size_t N>
void stage_rows(io::csv_reader& r, std::size_t bound, std::size_t c_item, std::size_t c_date, std::size_t c_code,
                const std::array<std::string_view, N>& names, const char* what, staged_rows& out) noexcept {
    try {
        out.item.reserve(bound); out.day.reserve(bound); out.code.reserve(bound); out.line.reserve(bound);
        while (r.next()) {
            // The checks of the serial loader, in its order: item, date, status.
            const std::string_view item = r.text(c_item);
            const day_t d = *r.day_number(c_date, true);
            const auto code = enum_field<Enum>(r, c_code, names, what);
            out.item.push_back(item);
            out.day.push_back(d);
            out.code.push_back(static_cast<std::uint8_t>(code));
            out.line.push_back(static_cast<std::uint32_t>(r.line()));
        }
    } catch (...) {
        out.error = std::current_exception();
    }
}

/// Opens one ledger file (if present), finds its columns and bounds its number of records
/// (records of at least `min_record_bytes`, to reserve room); keeps the error instead.
inline void open_ledger_file(const std::filesystem::path& p, std::optional<io::csv_reader>& r,
                             std::vector<std::size_t>& cols, std::initializer_list<const char*> names,
                             std::size_t min_record_bytes, std::size_t& bound, std::exception_ptr& error) noexcept {
    try {
        r.emplace(io::csv_reader::open(p));
        bound = r->records_left_bound(min_record_bytes);
        for (const char* n : names) cols.push_back(r->require_column(n));
    } catch (...) {
        error = std::current_exception();
    }
}

/// Loads ledger.csv, ledger_events.csv and visits.csv on up to two threads: this one reads
/// and adds the items while the other reads and types the events and visits; then events
/// and visits are checked against the items, again on two threads. Each file's error is
/// kept and the first in the serial order is thrown: the headers of the three files (in
/// that order), then the rows of ledger.csv, ledger_events.csv, visits.csv. So the error
/// is the one a serial read reports, and nothing is returned unless everything loaded.
inline ledger load_items(const std::filesystem::path& dir, const working_calendar& cal, const sla_table& sla,
                         const meeting_book& mb, const reference_checker& refs, unsigned threads = 2) {
    ledger_sources src;
    std::optional<io::csv_reader> items, events, visits;
    std::vector<std::size_t> ci, ce, cv;
    std::exception_ptr items_open, events_open, visits_open;
    // Shortest possible records: an item has four ids and a date (23 bytes with its commas),
    // an event or a visit an id, a date and a word (16 bytes).
    std::size_t items_bound = 0, events_bound = 0, visits_bound = 0;
    const bool has_items = has_file(dir, "ledger.csv"), has_events = has_file(dir, "ledger_events.csv"),
               has_visits = has_file(dir, "visits.csv");
    run_both(
        threads,
        [&]() noexcept {
            if (has_events)
                open_ledger_file(dir / "ledger_events.csv", events, ce, {"item", "date", "status"}, 16, events_bound, events_open);
            if (has_visits && !events_open)
                open_ledger_file(dir / "visits.csv", visits, cv, {"item", "date", "outcome"}, 16, visits_bound, visits_open);
        },
        [&]() noexcept {
            if (has_items)
                open_ledger_file(dir / "ledger.csv", items, ci,
                                 {"id", "compound", "category", "summary", "source", "raised", "owner", "due", "meeting"},
                                 23, items_bound, items_open);
        });
    for (const auto& e : {items_open, events_open, visits_open})
        if (e) std::rethrow_exception(e);
    if (items) {
        src.item_id = ci[0] + 1; src.item_compound = ci[1] + 1; src.item_category = ci[2] + 1;
        src.item_summary = ci[3] + 1; src.item_source_col = ci[4] + 1; src.item_raised = ci[5] + 1;
        src.item_owner = ci[6] + 1; src.item_due = ci[7] + 1; src.item_meeting = ci[8] + 1;
    }
    if (events) { src.event_item = ce[0] + 1; src.event_date = ce[1] + 1; src.event_status = ce[2] + 1; }
    if (visits) { src.visit_item = cv[0] + 1; src.visit_date = cv[1] + 1; src.visit_outcome_col = cv[2] + 1; }
    ledger_builder b(cal, sla, src);
    b.reserve(items_bound, events_bound, visits_bound);
    staged_rows ev, vi;
    std::exception_ptr items_error;
    run_both(
        threads,
        [&]() noexcept {
            if (events)
                stage_rows<item_status>(*events, events_bound, ce[0], ce[1], ce[2], item_status_names, "status", ev);
            if (visits && !ev.error)
                stage_rows<visit_outcome>(*visits, visits_bound, cv[0], cv[1], cv[2], visit_outcome_names, "visit outcome", vi);
        },
        [&]() noexcept {
            if (!items) return;
            try {
                auto& r = *items;
                item_fields rec;
                while (r.next()) {
                    // The fields in the order of the serial checks: each error is the first one.
                    rec.id = r.text(src.item_id - 1);
                    rec.compound = r.text(src.item_compound - 1);
                    if (b.first_sight_of_compound(rec.compound)) check_ref(r, src.item_compound - 1, refs.compound, "compound");
                    rec.category = r.text(src.item_category - 1);
                    rec.summary = r[src.item_summary - 1];
                    rec.source = enum_field<item_source>(r, src.item_source_col - 1, item_source_names, "source");
                    rec.raised = r.day_number(src.item_raised - 1, true);
                    rec.owner = r.text(src.item_owner - 1);
                    if (b.first_sight_of_owner(rec.owner)) check_ref(r, src.item_owner - 1, refs.person, "person");
                    rec.due = r.day_number(src.item_due - 1);
                    rec.meeting = r[src.item_meeting - 1];
                    if (!rec.meeting.empty() && !mb.contains(std::string(rec.meeting)))
                        r.fail(src.item_meeting - 1, "unknown meeting '" + std::string(rec.meeting) + "' (not in meetings.csv)");
                    b.add_item_deferred(rec, r.line());
                }
                b.index_pending_items();
            } catch (...) {
                items_error = std::current_exception();
                try {
                    b.index_pending_items();  // a duplicate id on an earlier line comes first
                } catch (...) {
                    items_error = std::current_exception();
                }
            }
        });
    if (items_error) std::rethrow_exception(items_error);
    // Events and visits against the items: add_event and add_visit touch disjoint parts of
    // the builder and only read the items, so the two files go on two threads.
    std::exception_ptr events_error, visits_error;
    run_both(
        threads,
        [&]() noexcept {
            try {
                for (std::size_t k = 0; k < vi.item.size(); ++k)
                    b.add_visit(vi.item[k], vi.day[k], static_cast<visit_outcome>(vi.code[k]), vi.line[k]);
            } catch (...) {
                visits_error = std::current_exception();
            }
        },
        [&]() noexcept {
            try {
                for (std::size_t k = 0; k < ev.item.size(); ++k)
                    b.add_event(ev.item[k], ev.day[k], static_cast<item_status>(ev.code[k]), ev.line[k]);
            } catch (...) {
                events_error = std::current_exception();
            }
        });
    for (const auto& e : {events_error, ev.error, visits_error, vi.error})
        if (e) std::rethrow_exception(e);
    return b.build();
}

/// Writes one file (header, then `rows`) into the save `tx`; atomic_dir checks every write.
inline void write_file(io::atomic_dir& tx, const std::string& name, const std::vector<std::string>& header,
                       const std::function<void(io::csv_writer&)>& rows) {
    tx.write(name, [&](std::ostream& out) {
        io::csv_writer w(out);
        w.row(header);
        rows(w);
    });
}

}  // namespace detail

/// Loads every ledger file of `dir` (absent files are empty). All-or-nothing; throws
/// furong::input_error (file, line, column, what was expected) on the first problem.
/// `threads`: 2 reads ledger.csv beside the events and visits (the error is the same as a
/// serial read's, see detail::load_items), 1 reads one file after the other.
/// Complexity: O(total rows); about 0.9 s of CPU, 0.55 s on two threads, per 10^6 items with
/// 3 events and 1 visit each on a quiet machine (docs/performance.md, "CSV reader").
inline ledger_data load_ledger_dir(const std::filesystem::path& dir, const reference_checker& refs = {},
                                   unsigned threads = 2) {
    io::dir_read_lock lock(dir);  // finishes an interrupted save; no save runs while we read
    ledger_data d;
    if (detail::has_file(dir, "calendar.csv")) detail::load_calendar(dir / "calendar.csv", d.calendar);
    if (detail::has_file(dir, "sla.csv")) detail::load_sla(dir / "sla.csv", d.sla);
    detail::load_meetings(dir, d.meetings, refs);
    d.items = detail::load_items(dir, d.calendar, d.sla, d.meetings, refs, threads);
    return d;
}

/// Reads one meetings.csv (`path`, or `path`/meetings.csv when `path` is a directory) with
/// the rules and positioned errors of load_ledger_dir: a book of meetings only (no
/// attendance, agreements or commitments). Throws input_error; a missing file is an
/// input_error too (the caller asked for this file). O(rows).
inline meeting_book read_meetings_file(const std::filesystem::path& path, const reference_checker& refs = {}) {
    std::error_code ec;
    auto p = std::filesystem::is_directory(path, ec) ? path / "meetings.csv" : path;
    if (!std::filesystem::is_regular_file(p, ec)) throw input_error(p.string(), 0, 0, "no such meetings file");
    meeting_book mb;
    detail::load_meetings_csv(p, mb, refs);
    return mb;
}

/// Loads into `target`, replacing its content only when the whole directory loaded.
inline void load_ledger_dir(ledger_data& target, const std::filesystem::path& dir, const reference_checker& refs = {}) {
    ledger_data fresh = load_ledger_dir(dir, refs);
    std::swap(target, fresh);
}

/// The nine files of a saved ledger (all written by every save).
inline constexpr const char* ledger_file_names[] = {"calendar.csv", "sla.csv", "meetings.csv",
                                                    "attendance.csv", "agreements.csv", "commitments.csv",
                                                    "ledger.csv", "ledger_events.csv", "visits.csv"};

/// Writes the nine ledger files into the save `tx` (committed by the caller). O(rows).
/// @throws io_error naming the file on any write failure.
inline void write_ledger_files(const ledger_data& d, io::atomic_dir& tx) {
    const auto write_file = [&tx](const char* name, const std::vector<std::string>& header,
                                  const std::function<void(io::csv_writer&)>& rows) {
        detail::write_file(tx, name, header, rows);
    };
    write_file("calendar.csv", {"date", "kind"}, [&](io::csv_writer& w) {
        std::vector<std::pair<date, calendar_kind>> all;
        for (auto x : d.calendar.holidays()) all.emplace_back(x, calendar_kind::holiday);
        for (auto x : d.calendar.workdays()) all.emplace_back(x, calendar_kind::workday);
        std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [x, k] : all) w.row({to_iso(x), std::string(name_of(k))});
    });
    write_file("sla.csv", {"category", "days", "unit"}, [&](io::csv_writer& w) {
        if (d.sla.default_set())
            w.row({std::string(sla_table::default_category), std::to_string(d.sla.default_rule().days),
                   std::string(name_of(d.sla.default_rule().unit))});
        for (const auto& [cat, r] : d.sla.rules()) w.row({cat, std::to_string(r.days), std::string(name_of(r.unit))});
    });
    write_file("meetings.csv", {"id", "kind", "date", "org", "theme"}, [&](io::csv_writer& w) {
        for (const auto& m : d.meetings.meetings()) w.row({m.id, std::string(name_of(m.kind)), to_iso(m.day), m.org, m.theme});
    });
    write_file("attendance.csv", {"meeting", "party", "attendee"}, [&](io::csv_writer& w) {
        for (const auto& a : d.meetings.attendance()) w.row({a.meeting, std::string(name_of(a.side)), a.attendee});
    });
    write_file("agreements.csv", {"meeting", "provider", "compound", "since", "until"}, [&](io::csv_writer& w) {
        for (const auto& a : d.meetings.agreements()) w.row({a.meeting, a.provider, a.compound, to_iso(a.since), to_iso(a.until)});
    });
    write_file("commitments.csv", {"meeting", "provider", "summary", "due", "delivered"}, [&](io::csv_writer& w) {
        for (const auto& c : d.meetings.commitments()) w.row({c.meeting, c.provider, c.summary, to_iso(c.due), to_iso(c.delivered)});
    });
    const ledger& L = d.items;
    write_file("ledger.csv", {"id", "compound", "category", "summary", "source", "raised", "owner", "due", "meeting"},
               [&](io::csv_writer& w) {
                   for (std::uint32_t i = 0; i < L.size(); ++i)
                       w.row({std::string(L.id(i)), L.compound(i), L.category(i), std::string(L.summary(i)),
                              std::string(name_of(L.source(i))), to_iso(L.raised(i)), L.owner(i),
                              L.due_from_sla(i) ? std::string() : to_iso(L.due(i)), std::string(L.meeting(i))});
               });
    write_file("ledger_events.csv", {"item", "date", "status"}, [&](io::csv_writer& w) {
        for (std::uint32_t i = 0; i < L.size(); ++i)
            for (const auto& [x, s] : L.events(i)) w.row({std::string(L.id(i)), to_iso(x), std::string(name_of(s))});
    });
    write_file("visits.csv", {"item", "date", "outcome"}, [&](io::csv_writer& w) {
        for (std::uint32_t i = 0; i < L.size(); ++i)
            for (const auto& [x, o] : L.visits(i)) w.row({std::string(L.id(i)), to_iso(x), std::string(name_of(o))});
    });
}

/// Writes the nine ledger files into `dir` (created if needed), replacing them atomically
/// and durably (atomic_dir.hpp): a kill at any moment leaves the old nine or the new nine.
/// @throws io_error naming the path; the old files are then unchanged.
inline void save_ledger_dir(const ledger_data& d, const std::filesystem::path& dir) {
    io::atomic_dir tx(dir);
    write_ledger_files(d, tx);
    tx.commit();
}

/// Saves a network and its ledger (or none) into `dir` as one atomic, durable step: the
/// six network files, and the nine ledger files when `ledger` is given; without a ledger,
/// ledger files left by an older save are removed in the same step, so the directory
/// always loads as exactly what was saved. O(size of the data).
/// @throws io_error naming the path; the old directory is then unchanged.
inline void save_dataset(const network& net, const ledger_data* ledger, const std::filesystem::path& dir) {
    io::atomic_dir tx(dir);
    io::write_network_files(net, tx);
    if (ledger) write_ledger_files(*ledger, tx);
    else for (const char* name : ledger_file_names) tx.remove(name);
    tx.commit();
}

}  // namespace furong
