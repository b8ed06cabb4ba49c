#pragma once
/// @file
/// The ledger (台账): residents' demands with an owner, a due date, status events and return
/// visits, stored column-wise so that the as-of queries are linear passes over int32 arrays.
///
/// ## Item status
/// An item is `open` from its raised date. Its events (ledger_events.csv) and visits
/// (visits.csv) are applied in date order, events before visits on the same date, events of
/// one date in file order, with one exception: when the item is `resolved` and an
/// `unsatisfied` visit falls on the date of an event that needs the item open again
/// (assigned, in_progress, resolved or a dismissal), the visits of that date up to the
/// unsatisfied one come first, so that the visit's implicit reopening precedes the work it
/// started that day. Items raised after a day d do not exist on d.
///
/// | family    | statuses                               |
/// |-----------|----------------------------------------|
/// | open      | open, assigned, in_progress, reopened  |
/// | done      | resolved, closed                       |
/// | dismissed | duplicate, not_responsible, withdrawn  |
///
/// ## Allowed transitions (event status `to` given the current status `from`)
/// | from \\ to                 | open | assigned, in_progress | resolved | reopened | closed | duplicate, not_responsible, withdrawn |
/// |----------------------------|------|-----------------------|----------|----------|--------|---------------------------------------|
/// | open (no event yet)        | on the raised date only | yes | yes | no  | no  | yes |
/// | open family                | no   | yes                   | yes      | no       | no     | yes                                   |
/// | resolved                   | no   | no                    | no       | yes      | yes*   | no                                    |
/// | closed                     | no   | no                    | no       | no       | no     | no                                    |
/// | dismissed family           | no   | no                    | no       | no       | no     | no                                    |
///
/// Every event is dated on or after the raised date. (*) `closed` needs a return visit dated
/// on or after the resolution and on or before the closing date (a visit on the closing date
/// itself must not be `unsatisfied`). An event that repeats the current status (assigned ->
/// assigned, a hand-over to another worker) is allowed and changes nothing.
///
/// ## Visits
/// A visit is dated on or after the raised date and may come in any status. An `unsatisfied`
/// visit to a `resolved` item reopens it (status `reopened`) on the visit's date; any other
/// visit changes no status. Visits to closed or dismissed items are recorded, without effect.
///
/// ## The as-of day of the ledger
/// A ledger item has a status only on a day: there is no "whatever the dates" status, so
/// every query about the state of the items (status_on, overdue, visit_due, closure_stats,
/// open_overdue_by, open_longer_than, and the meetings' night_talk_loop and
/// late_commitments) needs its day and throws argument_error naming `as_of` when it is
/// special (a default date, Python's None). Queries over the records themselves take an
/// optional day with the meaning it has everywhere in furong, "none = no date filter":
/// meeting_book::active_agreements, pairings and four_party_sessions. (require_as_of.)
///
/// ## Queries (as of a day d)
/// - overdue(d): status on d in the open family and due < d.
/// - visit_due(d, interval): status on d in the open family and (last visit on or before d,
///   else the raised date) <= d - interval; plus status on d `resolved` with no visit dated
///   in [resolution day, d].
///
/// Example:
/// @code
///   furong::working_calendar cal; furong::sla_table sla;
///   furong::ledger_builder b(cal, sla);
///   b.add_item({"L1", "C1", "noise", "late-night karaoke", furong::item_source::night_talk,
///               "P7", furong::date(2025, 3, 1), furong::date(), ""});
///   b.add_event("L1", furong::date(2025, 3, 2), furong::item_status::assigned);
///   furong::ledger led = b.build();
///   auto late = led.overdue(furong::date(2025, 6, 1));   // {0}: still assigned, due passed
/// @endcode

#include <furong/dates.hpp>
#include <furong/detail/huge_page_allocator.hpp>
#include <furong/error.hpp>
#include <furong/kinds.hpp>
#include <furong/domain/calendar.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace furong {

/// Status of a ledger item (see the table in the file comment).
enum class item_status : std::uint8_t {
    open, assigned, in_progress, reopened, resolved, closed, duplicate, not_responsible, withdrawn
};
inline constexpr std::size_t item_status_count = 9;
/// Status families: open (still to handle), done (resolved or closed), dismissed.
enum class status_family : std::uint8_t { open, done, dismissed };
/// Where an item came from.
enum class item_source : std::uint8_t { survey, grid_patrol, night_talk, return_visit, hotline, other };
inline constexpr std::size_t item_source_count = 6;
/// Outcome of a return visit.
enum class visit_outcome : std::uint8_t { satisfied, unsatisfied, no_answer };

namespace detail {
inline constexpr std::array<std::string_view, item_status_count> item_status_names{
    "open", "assigned", "in_progress", "reopened", "resolved", "closed", "duplicate", "not_responsible",
    "withdrawn"};
inline constexpr std::array<std::string_view, 3> status_family_names{"open", "done", "dismissed"};
inline constexpr std::array<std::string_view, item_source_count> item_source_names{
    "survey", "grid_patrol", "night_talk", "return_visit", "hotline", "other"};
inline constexpr std::array<std::string_view, 3> visit_outcome_names{"satisfied", "unsatisfied", "no_answer"};
}  // namespace detail

constexpr std::string_view name_of(item_status s) { return detail::item_status_names[static_cast<std::size_t>(s)]; }
constexpr std::string_view name_of(status_family f) { return detail::status_family_names[static_cast<std::size_t>(f)]; }
constexpr std::string_view name_of(item_source s) { return detail::item_source_names[static_cast<std::size_t>(s)]; }
constexpr std::string_view name_of(visit_outcome o) { return detail::visit_outcome_names[static_cast<std::size_t>(o)]; }
inline std::optional<item_status> parse_item_status(std::string_view s) { return detail::parse_name<item_status>(detail::item_status_names, s); }
inline std::optional<item_source> parse_item_source(std::string_view s) { return detail::parse_name<item_source>(detail::item_source_names, s); }
inline std::optional<visit_outcome> parse_visit_outcome(std::string_view s) { return detail::parse_name<visit_outcome>(detail::visit_outcome_names, s); }

/// Family of a status. O(1).
constexpr status_family family_of(item_status s) {
    return s <= item_status::reopened ? status_family::open
           : s <= item_status::closed ? status_family::done
                                      : status_family::dismissed;
}
constexpr bool is_open_family(item_status s) { return s <= item_status::reopened; }

/// The day a ledger query is asked on (see "The as-of day of the ledger" above).
/// @throws argument_error naming `as_of` and the query when `d` is special. O(1).
inline date require_as_of(date d, std::string_view query) {
    if (d.is_special())
        throw argument_error(std::string(query) +
                             ": as_of is required (a ledger item's status depends on the day asked about; "
                             "give a date YYYY-MM-DD)");
    return d;
}

/// The family of every status, in status order (the table of the file comment).
inline constexpr std::array<status_family, item_status_count> status_families{
    family_of(item_status::open),      family_of(item_status::assigned),        family_of(item_status::in_progress),
    family_of(item_status::reopened),  family_of(item_status::resolved),        family_of(item_status::closed),
    family_of(item_status::duplicate), family_of(item_status::not_responsible), family_of(item_status::withdrawn)};

namespace detail {

/// Why `to` may not follow `from`, or nullptr when it may (the `closed` visit condition and
/// the `open`-on-raised-day condition are checked by the caller, which knows the dates).
inline const char* transition_refusal(item_status from, item_status to) {
    if (from == item_status::closed) return "nothing may follow a close";
    if (family_of(from) == status_family::dismissed) return "nothing may follow a dismissal";
    switch (to) {
        case item_status::open:
            return "'open' is only allowed as the first event, on the raised date (use 'reopened' after a resolution)";
        case item_status::reopened:
            return from == item_status::resolved ? nullptr : "'reopened' only follows 'resolved'";
        case item_status::closed:
            return from == item_status::resolved ? nullptr : "'closed' only follows 'resolved'";
        case item_status::assigned: case item_status::in_progress: case item_status::resolved:
        case item_status::duplicate: case item_status::not_responsible: case item_status::withdrawn:
            return is_open_family(from) ? nullptr : "a resolved item must be reopened or closed";
    }
    return "unknown status";
}

/// A hash of a short id, eight bytes at a time (no allocation); the high 32 bits serve as
/// the tag kept in the tables' slots below, the low bits as the slot.
inline std::uint64_t hash_id(std::string_view s) noexcept {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    if (n) {
        std::uint64_t w = 0;
        for (std::size_t i = 0; i < n; ++i) w |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
        h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 33);
}

/// A slot of the open-addressing tables below: the hash's high 32 bits beside index + 1
/// (0 = empty), so a probe compares characters only when the tags agree.
inline std::uint64_t tagged_slot(std::uint64_t hash, std::uint32_t index) noexcept {
    return (hash >> 32 << 32) | (std::uint64_t{index} + 1);
}
inline bool same_tag(std::uint64_t slot, std::uint64_t hash) noexcept { return (slot >> 32) == (hash >> 32); }
inline std::uint32_t slot_index(std::uint64_t slot) noexcept { return static_cast<std::uint32_t>(slot) - 1; }

/// Interns strings to dense indices (first appearance order). Lookup by string_view through
/// an open-addressing table, so that loading 10^6 rows allocates nothing for known values.
class interner {
public:
    std::uint32_t intern(std::string_view s) { return intern_fresh(s).first; }
    /// The index of `s`, and whether this call added it.
    std::pair<std::uint32_t, bool> intern_fresh(std::string_view s) {
        if ((names_.size() + 1) * 2 > slots_.size()) grow();
        const std::uint64_t h = hash_id(s);
        std::size_t mask = slots_.size() - 1, k = static_cast<std::size_t>(h) & mask;
        for (; slots_[k] != 0; k = (k + 1) & mask)
            if (same_tag(slots_[k], h) && names_[slot_index(slots_[k])] == s) return {slot_index(slots_[k]), false};
        auto id = static_cast<std::uint32_t>(names_.size());
        names_.emplace_back(s);
        slots_[k] = tagged_slot(h, id);
        return {id, true};
    }
    std::optional<std::uint32_t> find(std::string_view s) const {
        if (slots_.empty()) return std::nullopt;
        const std::uint64_t h = hash_id(s);
        for (std::size_t mask = slots_.size() - 1, k = static_cast<std::size_t>(h) & mask; slots_[k] != 0; k = (k + 1) & mask)
            if (same_tag(slots_[k], h) && names_[slot_index(slots_[k])] == s) return slot_index(slots_[k]);
        return std::nullopt;
    }
    const std::string& operator[](std::uint32_t i) const { return names_[i]; }
    std::size_t size() const noexcept { return names_.size(); }
    const std::vector<std::string>& names() const noexcept { return names_; }
    std::size_t memory_bytes() const {
        std::size_t b = names_.capacity() * sizeof(std::string) + slots_.capacity() * sizeof(std::uint64_t);
        for (const auto& n : names_) b += n.size() > 15 ? n.capacity() + 1 : 0;
        return b;
    }

private:
    void grow() {
        slots_.assign(slots_.empty() ? 16 : slots_.size() * 2, 0);
        const std::size_t mask = slots_.size() - 1;
        for (std::uint32_t id = 0; id < names_.size(); ++id) {
            const std::uint64_t h = hash_id(names_[id]);
            std::size_t k = static_cast<std::size_t>(h) & mask;
            while (slots_[k] != 0) k = (k + 1) & mask;
            slots_[k] = tagged_slot(h, id);
        }
    }
    std::vector<std::string> names_;
    std::vector<std::uint64_t> slots_;
};

/// Many strings in one buffer: 8 bytes of offset plus the characters per string, instead of
/// a 32-byte std::string each (the per-item memory budget is 200 bytes).
class text_pool {
public:
    void add(std::string_view s) { chars_.append(s.data(), s.size()); ends_.push_back(chars_.size()); }
    std::string_view operator[](std::size_t i) const {
        std::size_t b = i == 0 ? 0 : ends_[i - 1];
        return std::string_view(chars_.data() + b, ends_[i] - b);
    }
    std::size_t size() const noexcept { return ends_.size(); }
    void shrink() { chars_.shrink_to_fit(); ends_.shrink_to_fit(); }
    void reserve(std::size_t n, std::size_t chars) { ends_.reserve(n); chars_.reserve(chars); }
    std::size_t memory_bytes() const { return chars_.capacity() + ends_.capacity() * sizeof(std::uint64_t); }

private:
    std::string chars_;
    std::vector<std::uint64_t> ends_;
};

/// Open-addressing index from item id (held in a text_pool) to item index: 8 bytes per
/// slot at load <= 1/2 instead of ~64 per item for an unordered_map node. Large tables ask
/// for huge pages: inserting 10^6 ids touches the slots at random.
class id_index {
public:
    /// Inserts item `i` whose id is pool[i]; returns the index of an existing item with the
    /// same id instead (and inserts nothing) when there is one.
    std::optional<std::uint32_t> insert(const text_pool& pool, std::uint32_t i) {
        return insert_hashed(pool, i, hash_id(pool[i]));
    }
    /// The hash of `id`, after asking the cache for its first slot (to insert it a little later).
    std::uint64_t prefetch(std::string_view id) const noexcept {
        const std::uint64_t h = hash_id(id);
        if (!slots_.empty()) __builtin_prefetch(&slots_[static_cast<std::size_t>(h) & (slots_.size() - 1)], 1);
        return h;
    }
    /// insert() with the hash of pool[i] already computed.
    std::optional<std::uint32_t> insert_hashed(const text_pool& pool, std::uint32_t i, std::uint64_t h) {
        if ((count_ + 1) * 2 > slots_.size()) grow(pool);
        std::string_view id = pool[i];
        std::size_t mask = slots_.size() - 1, s = static_cast<std::size_t>(h) & mask;
        for (; slots_[s] != 0; s = (s + 1) & mask)
            if (same_tag(slots_[s], h) && pool[slot_index(slots_[s])] == id) return slot_index(slots_[s]);
        slots_[s] = tagged_slot(h, i);
        ++count_;
        return std::nullopt;
    }
    std::optional<std::uint32_t> find(const text_pool& pool, std::string_view id) const {
        if (slots_.empty()) return std::nullopt;
        const std::uint64_t h = hash_id(id);
        for (std::size_t mask = slots_.size() - 1, s = static_cast<std::size_t>(h) & mask; slots_[s] != 0; s = (s + 1) & mask)
            if (same_tag(slots_[s], h) && pool[slot_index(slots_[s])] == id) return slot_index(slots_[s]);
        return std::nullopt;
    }
    std::size_t memory_bytes() const { return slots_.capacity() * sizeof(std::uint64_t); }
    /// Room for `n` items without rehashing on the way (a rehash reads every id again).
    void reserve(const text_pool& pool, std::size_t n) {
        while (slots_.size() < 2 * n) grow(pool);
    }

private:
    void grow(const text_pool& pool) {
        std::size_t n = slots_.empty() ? 16 : slots_.size() * 2;
        slot_vector old(n, 0);
        old.swap(slots_);
        std::size_t mask = n - 1;
        for (std::uint64_t v : old) {
            if (v == 0) continue;
            std::size_t s = static_cast<std::size_t>(hash_id(pool[slot_index(v)])) & mask;
            while (slots_[s] != 0) s = (s + 1) & mask;
            slots_[s] = v;
        }
    }
    using slot_vector = std::vector<std::uint64_t, huge_page_allocator<std::uint64_t>>;
    slot_vector slots_;  // tagged_slot(hash, item index); 0 = empty
    std::size_t count_ = 0;
};

/// numpy's default percentile (linear interpolation between closest ranks) of sorted data.
inline double percentile_sorted(const std::vector<double>& v, double q) {
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    double pos = q * static_cast<double>(v.size() - 1);
    auto lo = static_cast<std::size_t>(std::floor(pos));
    std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

}  // namespace detail

/// One row of ledger.csv. A special (default) `due` means "raised + the category's SLA".
struct item_record {
    std::string id, compound, category, summary;
    item_source source = item_source::other;
    std::string owner;
    date raised;
    date due;             ///< special = from the SLA table
    std::string meeting;  ///< may be empty
};

/// One item as the loaders hand it to ledger_builder::add_item: views (copied by add_item)
/// and day numbers. An empty `raised` is an error; an empty `due` means "raised + SLA".
struct item_fields {
    std::string_view id, compound, category, summary;
    item_source source = item_source::other;
    std::string_view owner, meeting;
    std::optional<day_t> raised, due;
};

/// Count, median and 90th percentile (numpy's linear interpolation) of closure times in days.
struct closure_stat {
    std::size_t count = 0;
    double median = 0, p90 = 0, mean = 0;
    double min = 0, max = 0;
};

/// Open items and overdue items of a group on a day (the CLI's by_street entries).
struct open_overdue {
    std::size_t open = 0, overdue = 0;
    friend bool operator==(const open_overdue& a, const open_overdue& b) { return a.open == b.open && a.overdue == b.overdue; }
};

/// One day of the backlog (burndown): items in the open family and, of them, overdue.
struct backlog_point {
    date day;
    std::size_t open = 0, overdue = 0;
};

/// The backlog of any list of items given only by the day each was raised, closed and due
/// (a table that is not a furong ledger, e.g. a spreadsheet export), sampled on given days.
/// On day t an item is open when raised <= t and not closed by t (closed > t), overdue when
/// open and due < t, and closed when closed <= t. `validity::open_until` as a closed day
/// means "still open", as a due day "never overdue". For a furong ledger use
/// ledger::backlog, which follows every status change (reopenings included).
struct item_backlog {
    std::vector<std::int64_t> open, overdue, closed;  ///< one entry per sampled day
};

/// See item_backlog. @param raised, closed, due one entry per item (same sizes).
/// @param days the sampled days, in any order. Complexity: O(n log n + d log n).
inline item_backlog backlog_of(const std::vector<day_t>& raised, const std::vector<day_t>& closed,
                               const std::vector<day_t>& due, const std::vector<day_t>& days) {
    if (closed.size() != raised.size() || due.size() != raised.size())
        throw argument_error("backlog_of: raised, closed and due need one entry per item");
    constexpr day_t never = validity::open_until;
    std::vector<std::int64_t> r(raised.begin(), raised.end()), c, start, stop;
    for (std::size_t i = 0; i < raised.size(); ++i) {
        if (closed[i] != never) c.push_back(closed[i]);
        if (due[i] == never) continue;
        // overdue from the day after due (and not before raised) until closed (exclusive)
        std::int64_t a = std::max<std::int64_t>(raised[i], static_cast<std::int64_t>(due[i]) + 1);
        std::int64_t b = closed[i] == never ? std::numeric_limits<std::int64_t>::max() : closed[i];
        if (a < b) { start.push_back(a); stop.push_back(b); }
    }
    for (auto* v : {&r, &c, &start, &stop}) std::sort(v->begin(), v->end());
    auto upto = [](const std::vector<std::int64_t>& v, std::int64_t t) {  // entries <= t
        return static_cast<std::int64_t>(std::upper_bound(v.begin(), v.end(), t) - v.begin());
    };
    item_backlog out;
    for (day_t t : days) {
        const std::int64_t closed_by = upto(c, t);
        out.open.push_back(upto(r, t) - closed_by);
        out.overdue.push_back(upto(start, t) - upto(stop, t));
        out.closed.push_back(closed_by);
    }
    return out;
}

/// An item in the open family for longer than a threshold; the wiring layer adds the next
/// escalation step from the network (owner -> community -> street -> district).
struct aged_item {
    std::uint32_t item = 0;
    std::string id, compound, owner;
    int days_open = 0;
    item_status status = item_status::open;
};

/// Fields of an item usable as a grouping key.
enum class item_field : std::uint8_t { compound, category, owner, source, meeting };

class ledger_builder;

/// The ledger, column-wise. Items keep their load order (index 0..size()-1); events and
/// visits are stored per item in CSR order, sorted by date (file order within a date).
/// Built by ledger_builder; immutable afterwards, so queries may run concurrently.
/// Memory: about 100-130 bytes per item with 3 events, 1 visit and short ids/summaries.
class ledger {
public:
    static constexpr day_t never = std::numeric_limits<day_t>::max();

    std::size_t size() const noexcept { return raised_.size(); }
    bool empty() const noexcept { return raised_.empty(); }

    /// Index of the item with this id. O(1) expected.
    std::optional<std::uint32_t> find(std::string_view id) const { return index_.find(ids_, id); }
    /// Index of the item with this id; throws unknown_id_error("item") when there is none.
    std::uint32_t at(std::string_view id) const {
        if (auto i = find(id)) return *i;
        throw unknown_id_error(std::string(id), "ledger item");
    }

    std::string_view id(std::uint32_t i) const { return ids_[i]; }
    std::string_view summary(std::uint32_t i) const { return summaries_[i]; }
    const std::string& compound(std::uint32_t i) const { return compounds_[compound_[i]]; }
    const std::string& category(std::uint32_t i) const { return categories_[category_[i]]; }
    const std::string& owner(std::uint32_t i) const { return owners_[owner_[i]]; }
    /// The meeting that agreed the item, or an empty string.
    std::string_view meeting(std::uint32_t i) const {
        return meeting_[i] == no_meeting ? std::string_view() : std::string_view(meetings_[meeting_[i]]);
    }
    item_source source(std::uint32_t i) const { return static_cast<item_source>(source_[i]); }
    date raised(std::uint32_t i) const { return date_of(raised_[i]); }
    date due(std::uint32_t i) const { return date_of(due_[i]); }
    day_t raised_day(std::uint32_t i) const { return raised_[i]; }
    day_t due_day(std::uint32_t i) const { return due_[i]; }
    /// The first two spans of item i in the open family, as days: [raised, leave) and
    /// [back, leave2) (`never` where a span does not end or does not exist), and whether it
    /// enters the open family a third time (then later spans are read from the timeline).
    struct open_spans { day_t leave, back, leave2; bool more; };
    open_spans spans(std::uint32_t i) const {
        return {leave_[i], back_[i], leave2_[i], (flags_[i] & flag_reenters_twice) != 0};
    }
    /// True when the due date came from the SLA table (the due field was empty).
    bool due_from_sla(std::uint32_t i) const { return (flags_[i] & flag_due_from_sla) != 0; }
    /// True when the due date came from a working-day SLA and the count crossed a day the
    /// calendar does not cover (beyond the last official year, or before the first): the
    /// date assumes Monday-Friday there and may move once the year's notice is published.
    bool due_provisional(std::uint32_t i) const { return (flags_[i] & flag_due_provisional) != 0; }
    /// The item as a ledger.csv row (due special when it came from the SLA).
    item_record record(std::uint32_t i) const {
        return {std::string(id(i)), compound(i), category(i), std::string(summary(i)), source(i), owner(i),
                raised(i), due_from_sla(i) ? date() : due(i), std::string(meeting(i))};
    }

    /// Interned values: the i-th item's compound is compounds()[compound_index(i)].
    std::uint32_t compound_index(std::uint32_t i) const { return compound_[i]; }
    const std::vector<std::string>& compounds() const noexcept { return compounds_.names(); }
    const std::vector<std::string>& categories() const noexcept { return categories_.names(); }
    const std::vector<std::string>& owners() const noexcept { return owners_.names(); }

    /// Events of item i, by date: (day, status).
    std::vector<std::pair<date, item_status>> events(std::uint32_t i) const {
        std::vector<std::pair<date, item_status>> out;
        for (auto k = ev_off_[i]; k < ev_off_[i + 1]; ++k)
            out.emplace_back(date_of(ev_day_[k]), static_cast<item_status>(ev_status_[k]));
        return out;
    }
    /// Visits of item i, by date: (day, outcome).
    std::vector<std::pair<date, visit_outcome>> visits(std::uint32_t i) const {
        std::vector<std::pair<date, visit_outcome>> out;
        for (auto k = vis_off_[i]; k < vis_off_[i + 1]; ++k)
            out.emplace_back(date_of(vis_day_[k]), static_cast<visit_outcome>(vis_outcome_[k]));
        return out;
    }
    /// Status transitions of item i: (first day, status), strictly increasing days, the first
    /// on the raised date; the status on d is that of the last entry dated <= d. Two entries
    /// in a row may hold the same status (a new resolution after a same-day reopening).
    std::vector<std::pair<date, item_status>> timeline(std::uint32_t i) const {
        std::vector<std::pair<date, item_status>> out;
        for (auto k = tl_off_[i]; k < tl_off_[i + 1]; ++k)
            out.emplace_back(date_of(tl_day_[k]), static_cast<item_status>(tl_status_[k]));
        return out;
    }
    std::size_t event_count() const noexcept { return ev_day_.size(); }
    std::size_t visit_count() const noexcept { return vis_day_.size(); }

    /// Status of item i on day d; nullopt when the item is raised after d. O(transitions).
    std::optional<item_status> status_on(std::uint32_t i, date d) const {
        require_as_of(d, "status_on");
        day_t day = day_of(d);
        if (day < raised_[i]) return std::nullopt;
        return static_cast<item_status>(tl_status_[tl_at(i, day)]);
    }
    std::optional<item_status> status_on(std::uint32_t i, day_t day) const {
        if (day < raised_[i]) return std::nullopt;
        return static_cast<item_status>(tl_status_[tl_at(i, day)]);
    }

    /// Items whose status on d is in the open family and whose due date is before d, in
    /// index order. Complexity: one branch-free pass over the due day and the first two open
    /// spans of each item (four int32 arrays and the flags, O(n)); a timeline lookup only for
    /// the items that entered the open family a third time.
    std::vector<std::uint32_t> overdue(date d) const {
        require_as_of(d, "overdue");
        const day_t day = day_of(d);
        const std::size_t n = size();
        // Uninitialised scratch: only the entries written are touched (no zeroing of n slots).
        std::unique_ptr<std::uint32_t[]> scratch(new std::uint32_t[n + 1]);
        const day_t* due = due_.data();
        const day_t* leave = leave_.data();
        const day_t* back = back_.data();
        const day_t* leave2 = leave2_.data();
        const std::uint8_t* flags = flags_.data();
        std::uint32_t* o = scratch.get();
        std::size_t k = 0;
        for (std::size_t i = 0; i < n; ++i) {
            // due >= raised, so due < day implies the item exists on day. Branch-free
            // selection: the condition is unpredictable, the store is cheap.
            const bool past = due[i] < day;
            bool open = (day < leave[i]) | ((back[i] <= day) & (day < leave2[i]));
            if (__builtin_expect(past & !open & ((flags[i] & flag_reenters_twice) != 0), 0))
                open = open_on_slow(static_cast<std::uint32_t>(i), day);  // a third or later open span
            o[k] = static_cast<std::uint32_t>(i);
            k += past & open;
        }
        return std::vector<std::uint32_t>(o, o + k);
    }

    /// Items due for a return visit on d (see the file comment), in index order.
    /// @param interval days since the last contact, >= 0 (default 30).
    /// Complexity: O(n + visits).
    std::vector<std::uint32_t> visit_due(date d, int interval = 30) const {
        require_as_of(d, "visit_due");
        if (interval < 0) throw argument_error("visit_due: interval must be >= 0");
        const day_t day = day_of(d);
        const day_t limit = day - interval;
        std::vector<std::uint32_t> out;
        const std::size_t n = size();
        for (std::size_t ii = 0; ii < n; ++ii) {
            auto i = static_cast<std::uint32_t>(ii);
            if (raised_[i] > day) continue;
            item_status s;
            day_t since;
            if (day < leave_[i]) {
                // Still open since raised: if it was raised within the interval, any visit
                // is later still, so the item is not due; skip the visit lookup.
                if (raised_[i] > limit) continue;
                s = item_status::open;
                since = raised_[i];
            } else {
                auto k = tl_at(i, day);
                s = static_cast<item_status>(tl_status_[k]);
                since = tl_day_[k];
            }
            if (is_open_family(s)) {
                day_t last = raised_[i];
                for (auto k = vis_off_[i]; k < vis_off_[i + 1] && vis_day_[k] <= day; ++k) last = vis_day_[k];
                if (last <= limit) out.push_back(i);
            } else if (s == item_status::resolved) {
                bool visited = false;
                for (auto k = vis_off_[i]; k < vis_off_[i + 1] && vis_day_[k] <= day; ++k)
                    if (vis_day_[k] >= since) { visited = true; break; }
                if (!visited) out.push_back(i);
            }
        }
        return out;
    }

    /// Items in the open family on d whose due date is provisional (a working-day SLA counted
    /// across a day the official calendar does not cover yet, see due_provisional), in index
    /// order: the ones to recheck when the next year's notice is published. O(n).
    std::vector<std::uint32_t> provisional_due(date d) const {
        require_as_of(d, "provisional_due");
        const day_t day = day_of(d);
        std::vector<std::uint32_t> out;
        for (std::uint32_t i = 0; i < size(); ++i)
            if ((flags_[i] & flag_due_provisional) && raised_[i] <= day && open_on(i, day)) out.push_back(i);
        return out;
    }

    /// Ids of a list of item indices.
    std::vector<std::string> ids(const std::vector<std::uint32_t>& items) const {
        std::vector<std::string> out;
        out.reserve(items.size());
        for (auto i : items) out.emplace_back(id(i));
        return out;
    }

    /// Day an item reached its current done status on d: the last transition into
    /// `resolved` on or before d, when the status on d is resolved or closed; else nullopt.
    std::optional<day_t> resolution_day(std::uint32_t i, day_t day) const {
        if (day < raised_[i]) return std::nullopt;
        auto k = tl_at(i, day);
        if (family_of(static_cast<item_status>(tl_status_[k])) != status_family::done) return std::nullopt;
        // The done family is entered only through `resolved` (then maybe `closed`): the
        // latest `resolved` entry of the run of done entries ending at k is the resolution.
        // (Resolved and closed on one day leave a single `closed` entry: its own day; so does
        // a reopening and a new resolution on one day, marked by tl_reentered_.)
        while (static_cast<item_status>(tl_status_[k]) != item_status::resolved && !tl_reentered_[k] &&
               k > tl_off_[i] && family_of(static_cast<item_status>(tl_status_[k - 1])) == status_family::done)
            --k;
        return tl_day_[k];
    }

    /// Closure statistics: for each item whose status on `as_of` is resolved or closed, the
    /// days from raised to its last resolution (resolution_day), grouped by
    /// `group_of_item[i]` (an index into `group_names`; npos32 skips the item).
    /// Complexity: O(n + m log m) for m resolved items.
    std::map<std::string, closure_stat> closure_stats(date as_of, const std::vector<std::uint32_t>& group_of_item,
                                                      const std::vector<std::string>& group_names) const {
        require_as_of(as_of, "closure_stats");
        if (group_of_item.size() != size()) throw argument_error("closure_stats: one group per item expected");
        day_t day = day_of(as_of);
        {
            std::vector<std::string> sorted(group_names);
            std::sort(sorted.begin(), sorted.end());
            if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
                throw argument_error("closure_stats: group names must be distinct");
        }
        std::vector<std::vector<double>> values(group_names.size());
        for (std::uint32_t i = 0; i < size(); ++i) {
            auto g = group_of_item[i];
            if (g == npos32) continue;
            if (g >= group_names.size()) throw argument_error("closure_stats: group index out of range");
            if (auto r = resolution_day(i, day)) values[g].push_back(static_cast<double>(*r - raised_[i]));
        }
        std::map<std::string, closure_stat> out;
        for (std::size_t g = 0; g < values.size(); ++g) {
            auto& v = values[g];
            if (v.empty()) continue;
            std::sort(v.begin(), v.end());
            closure_stat s;
            s.count = v.size();
            s.median = detail::percentile_sorted(v, 0.5);
            s.p90 = detail::percentile_sorted(v, 0.9);
            double sum = 0;
            for (double x : v) sum += x;
            s.mean = sum / static_cast<double>(v.size());
            s.min = v.front();
            s.max = v.back();
            out[group_names[g]] = s;
        }
        return out;
    }
    /// Closure statistics grouped by a field of the item (category, owner, source, compound,
    /// meeting; items without a meeting are skipped for `meeting`).
    std::map<std::string, closure_stat> closure_stats(date as_of, item_field f) const {
        auto [groups, names] = grouping(f);
        return closure_stats(as_of, groups, names);
    }
    /// Closure statistics grouped by the street or community of the compound:
    /// `compound_to_group` maps each compound id to its group; an unmapped compound throws
    /// unknown_id_error (the wiring layer knows every compound of a validated ledger).
    std::map<std::string, closure_stat> closure_stats(
        date as_of, const std::unordered_map<std::string, std::string>& compound_to_group) const {
        auto [groups, names] = grouping(compound_to_group);
        return closure_stats(as_of, groups, names);
    }

    /// Open and overdue counts on d per compound, or per group of compounds when a mapping
    /// is given (e.g. compound -> street for the CLI's by_street). O(n).
    std::map<std::string, open_overdue> open_overdue_by(
        date d, const std::unordered_map<std::string, std::string>* compound_to_group = nullptr) const {
        require_as_of(d, "open_overdue_by");
        day_t day = day_of(d);
        std::vector<std::uint32_t> groups;
        std::vector<std::string> names;
        if (compound_to_group) std::tie(groups, names) = grouping(*compound_to_group);
        else std::tie(groups, names) = grouping(item_field::compound);
        std::vector<open_overdue> counts(names.size());
        for (std::uint32_t i = 0; i < size(); ++i) {
            if (raised_[i] > day || !open_on(i, day)) continue;
            auto& c = counts[groups[i]];
            ++c.open;
            if (due_[i] < day) ++c.overdue;
        }
        std::map<std::string, open_overdue> out;
        for (std::size_t g = 0; g < names.size(); ++g)
            if (counts[g].open) {
                auto& slot = out[names[g]];
                slot.open += counts[g].open;
                slot.overdue += counts[g].overdue;
            }
        return out;
    }

    /// Backlog per day over [from, to] (a burndown): items in the open family on each day and,
    /// of them, those past their due date. Complexity: O(n + transitions + days) by
    /// difference arrays over each item's open intervals.
    std::vector<backlog_point> backlog(date from, date to) const {
        if (from.is_special() || to.is_special() || to < from) throw argument_error("backlog: needs from <= to");
        day_t f = day_of(from), t = day_of(to);
        std::size_t days = static_cast<std::size_t>(t - f) + 1;
        std::vector<std::int64_t> d_open(days + 1, 0), d_over(days + 1, 0);
        auto add = [&](std::vector<std::int64_t>& diff, day_t a, day_t b) {  // [a, b)
            std::int64_t lo = std::max(a, f), hi = std::min<std::int64_t>(b, static_cast<std::int64_t>(t) + 1);
            if (lo >= hi) return;
            diff[static_cast<std::size_t>(lo - f)] += 1;
            diff[static_cast<std::size_t>(hi - f)] -= 1;
        };
        for (std::uint32_t i = 0; i < size(); ++i) {
            for (auto k = tl_off_[i]; k < tl_off_[i + 1]; ++k) {
                if (!is_open_family(static_cast<item_status>(tl_status_[k]))) continue;
                day_t a = tl_day_[k];
                day_t b = k + 1 < tl_off_[i + 1] ? tl_day_[k + 1] : never;
                // merge consecutive open-family entries into one interval
                while (k + 1 < tl_off_[i + 1] && is_open_family(static_cast<item_status>(tl_status_[k + 1]))) {
                    ++k;
                    b = k + 1 < tl_off_[i + 1] ? tl_day_[k + 1] : never;
                }
                add(d_open, a, b);
                add(d_over, std::max(a, due_[i] + 1), b);  // overdue on x when due < x
            }
        }
        std::vector<backlog_point> out(days);
        std::int64_t o = 0, v = 0;
        for (std::size_t k = 0; k < days; ++k) {
            o += d_open[k];
            v += d_over[k];
            out[k] = {date_of(f + static_cast<day_t>(k)), static_cast<std::size_t>(o), static_cast<std::size_t>(v)};
        }
        return out;
    }

    /// Items in the open family on d for more than `days` days (d - raised > days), longest
    /// first, with compound and owner so that the wiring layer can add the escalation step.
    std::vector<aged_item> open_longer_than(date d, int days) const {
        require_as_of(d, "open_longer_than");
        if (days < 0) throw argument_error("open_longer_than: days must be >= 0");
        day_t day = day_of(d);
        std::vector<aged_item> out;
        for (std::uint32_t i = 0; i < size(); ++i) {
            if (day - raised_[i] <= days || raised_[i] > day) continue;
            auto s = status_on(i, day);
            if (!s || !is_open_family(*s)) continue;
            out.push_back({i, std::string(id(i)), compound(i), owner(i), day - raised_[i], *s});
        }
        std::stable_sort(out.begin(), out.end(), [](const aged_item& a, const aged_item& b) { return a.days_open > b.days_open; });
        return out;
    }

    /// Items agreed at a meeting (the meeting column), in index order. O(n).
    std::vector<std::uint32_t> items_of_meeting(std::string_view meeting_id) const {
        std::vector<std::uint32_t> out;
        auto m = meetings_.find(meeting_id);
        if (!m) return out;
        for (std::uint32_t i = 0; i < size(); ++i)
            if (meeting_[i] == *m) out.push_back(i);
        return out;
    }

    /// Bytes held by the ledger (capacities of every array, pools and interners).
    std::size_t memory_bytes() const {
        auto v = [](const auto& x) { return x.capacity() * sizeof(typename std::decay_t<decltype(x)>::value_type); };
        return ids_.memory_bytes() + summaries_.memory_bytes() + index_.memory_bytes() + compounds_.memory_bytes() +
               categories_.memory_bytes() + owners_.memory_bytes() + meetings_.memory_bytes() + v(compound_) +
               v(owner_) + v(meeting_) + v(category_) + v(source_) + v(flags_) + v(raised_) + v(due_) +
               v(leave_) + v(back_) + v(leave2_) + v(ev_off_) + v(ev_day_) + v(ev_status_) + v(vis_off_) + v(vis_day_) + v(vis_outcome_) +
               v(tl_off_) + v(tl_day_) + v(tl_status_) + v(tl_reentered_);
    }

    /// Same items (in the same order) with the same fields, events and visits.
    friend bool operator==(const ledger& a, const ledger& b) {
        if (a.size() != b.size() || a.ev_day_ != b.ev_day_ || a.ev_status_ != b.ev_status_ || a.ev_off_ != b.ev_off_ ||
            a.vis_day_ != b.vis_day_ || a.vis_outcome_ != b.vis_outcome_ || a.vis_off_ != b.vis_off_ ||
            a.raised_ != b.raised_ || a.due_ != b.due_ || a.source_ != b.source_ || a.flags_ != b.flags_)
            return false;
        for (std::uint32_t i = 0; i < a.size(); ++i)
            if (a.id(i) != b.id(i) || a.summary(i) != b.summary(i) || a.compound(i) != b.compound(i) ||
                a.category(i) != b.category(i) || a.owner(i) != b.owner(i) || a.meeting(i) != b.meeting(i))
                return false;
        return true;
    }
    friend bool operator!=(const ledger& a, const ledger& b) { return !(a == b); }

    static constexpr std::uint32_t npos32 = std::numeric_limits<std::uint32_t>::max();

private:
    friend class ledger_builder;
    static constexpr std::uint32_t no_meeting = npos32;
    static constexpr std::uint8_t flag_due_from_sla = 1;  // due was empty in ledger.csv
    static constexpr std::uint8_t flag_reenters = 2;      // back in the open family after leave_
    static constexpr std::uint8_t flag_due_provisional = 4;  // SLA count crossed an uncovered day
    static constexpr std::uint8_t flag_reenters_twice = 8;   // back in the open family after leave2_

    // Index into tl_* of the entry in force on `day` (day >= raised). Timelines are short
    // (a handful of entries), so a backward linear scan beats a binary search.
    std::uint32_t tl_at(std::uint32_t i, day_t day) const {
        auto k = tl_off_[i + 1] - 1;
        while (k > tl_off_[i] && tl_day_[k] > day) --k;
        return k;
    }
    bool open_on_slow(std::uint32_t i, day_t day) const { return is_open_family(static_cast<item_status>(tl_status_[tl_at(i, day)])); }
    bool open_on(std::uint32_t i, day_t day) const {
        return day < leave_[i] || (back_[i] <= day && day < leave2_[i]) ||
               (leave2_[i] <= day && (flags_[i] & flag_reenters_twice) && open_on_slow(i, day));
    }

    std::pair<std::vector<std::uint32_t>, std::vector<std::string>> grouping(item_field f) const {
        std::vector<std::uint32_t> g(size());
        std::vector<std::string> names;
        switch (f) {
            case item_field::compound: names = compounds_.names(); for (std::uint32_t i = 0; i < size(); ++i) g[i] = compound_[i]; break;
            case item_field::category: names = categories_.names(); for (std::uint32_t i = 0; i < size(); ++i) g[i] = category_[i]; break;
            case item_field::owner: names = owners_.names(); for (std::uint32_t i = 0; i < size(); ++i) g[i] = owner_[i]; break;
            case item_field::meeting: names = meetings_.names(); for (std::uint32_t i = 0; i < size(); ++i) g[i] = meeting_[i]; break;
            case item_field::source:
                for (auto n : detail::item_source_names) names.emplace_back(n);
                for (std::uint32_t i = 0; i < size(); ++i) g[i] = source_[i];
                break;
        }
        return {std::move(g), std::move(names)};
    }
    std::pair<std::vector<std::uint32_t>, std::vector<std::string>> grouping(
        const std::unordered_map<std::string, std::string>& compound_to_group) const {
        std::vector<std::string> names;
        std::unordered_map<std::string, std::uint32_t> name_index;
        std::vector<std::uint32_t> of_compound(compounds_.size());
        for (std::uint32_t c = 0; c < compounds_.size(); ++c) {
            auto it = compound_to_group.find(compounds_[c]);
            if (it == compound_to_group.end()) throw unknown_id_error(compounds_[c], "compound");
            auto [pos, fresh] = name_index.emplace(it->second, static_cast<std::uint32_t>(names.size()));
            if (fresh) names.push_back(it->second);
            of_compound[c] = pos->second;
        }
        std::vector<std::uint32_t> g(size());
        for (std::uint32_t i = 0; i < size(); ++i) g[i] = of_compound[compound_[i]];
        return {std::move(g), std::move(names)};
    }

    detail::text_pool ids_, summaries_;
    detail::id_index index_;
    detail::interner compounds_, categories_, owners_, meetings_;
    std::vector<std::uint32_t> compound_, owner_, meeting_;
    std::vector<std::uint16_t> category_;
    std::vector<std::uint8_t> source_, flags_;
    std::vector<day_t> raised_, due_;
    std::vector<day_t> leave_;  // first day out of the open family, `never` if none
    // The second open span [back_, leave2_): the first day back in the open family after leave_
    // and the first day out again (`never` if none); overdue() reads these instead of timelines.
    std::vector<day_t> back_, leave2_;
    std::vector<std::uint32_t> ev_off_{0}, vis_off_{0}, tl_off_{0};
    std::vector<day_t> ev_day_, vis_day_, tl_day_;
    std::vector<std::uint8_t> ev_status_, vis_outcome_, tl_status_;
    std::vector<std::uint8_t> tl_reentered_;  ///< per timeline entry: the item was open at some moment of that day
};

/// Where the records given to a ledger_builder come from, for positioned errors: the file
/// names and the 1-based column of each field. Lines are passed per record (0 = unknown).
struct ledger_sources {
    std::string items_file = "ledger.csv", events_file = "ledger_events.csv", visits_file = "visits.csv";
    // ledger.csv columns: id,compound,category,summary,source,raised,owner,due,meeting
    std::size_t item_id = 1, item_compound = 2, item_category = 3, item_summary = 4, item_source_col = 5,
                item_raised = 6, item_owner = 7, item_due = 8, item_meeting = 9;
    // ledger_events.csv: item,date,status
    std::size_t event_item = 1, event_date = 2, event_status = 3;
    // visits.csv: item,date,outcome
    std::size_t visit_item = 1, visit_date = 2, visit_outcome_col = 3;
};

/// Builds a ledger in two phases: all items first (add_item), then events and visits in any
/// order, then build() which sorts them per item, checks every transition and precomputes
/// the timelines. Each check throws furong::input_error naming file, line (0 when the record
/// was not read from a file), column and what was wrong; after a throw, discard the builder.
/// Complexity: O(items + events log events-per-item + visits).
/// Once every item is added, add_event and add_visit may run on two threads at once (each
/// writes only its own staging arrays and reads the items); nothing else may run meanwhile.
class ledger_builder {
public:
    /// @param cal, sla used for empty due dates; must outlive the builder.
    ledger_builder(const working_calendar& cal, const sla_table& sla, ledger_sources src = {})
        : cal_(cal), sla_(sla), src_(std::move(src)) {}

    /// Expected sizes (to avoid reallocation on big loads).
    void reserve(std::size_t items, std::size_t events, std::size_t visits) {
        auto& L = led_;
        L.compound_.reserve(items); L.owner_.reserve(items); L.meeting_.reserve(items); L.category_.reserve(items);
        L.source_.reserve(items); L.flags_.reserve(items); L.raised_.reserve(items); L.due_.reserve(items);
        L.ids_.reserve(items, items * 8); L.summaries_.reserve(items, items * 16);
        L.index_.reserve(L.ids_, items);
        item_line_.reserve(items);
        st_ev_.reserve(events);
        st_vis_.reserve(visits);
    }

    /// Takes note of an item's compound / owner id ahead of add_item and says whether this
    /// builder sees it for the first time: a loader checks each distinct id against the
    /// network once, not once per item.
    bool first_sight_of_compound(std::string_view id) { return sight(led_.compounds_, compound_seen_, id); }
    bool first_sight_of_owner(std::string_view id) { return sight(led_.owners_, owner_seen_, id); }

    /// Adds an item. Throws input_error for an empty id/compound/category/owner, a missing
    /// raised date, a due date before raised, a duplicate id, or adding after events.
    void add_item(const item_record& r, std::size_t line = 0) {
        item_fields f;
        f.id = r.id; f.compound = r.compound; f.category = r.category; f.summary = r.summary;
        f.source = r.source; f.owner = r.owner; f.meeting = r.meeting;
        if (!r.raised.is_special()) f.raised = day_of(r.raised);
        if (!r.due.is_special()) f.due = day_of(r.due);
        add_item(f, line);
    }
    /// add_item from views and day numbers (nothing copied before the columns). Same checks,
    /// same errors.
    void add_item(const item_fields& r, std::size_t line = 0) {
        add_item_deferred(r, line);
        index_pending_items();
    }
    /// add_item for a loader of many items: a duplicate id may be reported by one of the
    /// next few calls, or by index_pending_items (which add_event, add_visit and build call
    /// first); still as the first error, with its own line. About 100 ns faster per item on
    /// 10^6 items, whose index does not fit in the cache.
    void add_item_deferred(const item_fields& r, std::size_t line = 0) {
        if (!st_ev_.item.empty() || !st_vis_.item.empty())
            throw argument_error("ledger_builder: add every item before events and visits");
        auto& L = led_;
        auto need = [&](std::string_view v, std::size_t col, const char* what) {
            if (v.empty()) fail_item(line, col, std::string("expected ") + what + ", found an empty field");
        };
        need(r.id, src_.item_id, "an item id");
        need(r.compound, src_.item_compound, "a compound id");
        need(r.category, src_.item_category, "a category");
        need(r.owner, src_.item_owner, "an owner (person id)");
        if (!r.raised) fail_item(line, src_.item_raised, "expected the raised date YYYY-MM-DD");
        if (L.size() >= std::numeric_limits<std::uint32_t>::max() - 1)
            fail_item(line, 0, "too many items (at most 2^32 - 2)");
        const day_t raised = *r.raised;
        day_t due;
        std::uint8_t flags = 0;
        auto cat = L.categories_.intern(r.category);
        if (!r.due) {
            try {
                sla_rule rule = rule_of(cat, r.category);
                due = due_of(rule, raised);
                if (rule.unit == sla_unit::working && !cal_.covers(raised + 1, due)) flags |= ledger::flag_due_provisional;
            } catch (const argument_error& e) {
                fail_item(line, src_.item_due, std::string(e.what()) + " (expected an explicit due date or an earlier raised date)");
            }
            flags |= ledger::flag_due_from_sla;
        } else {
            due = *r.due;
            if (due < raised)
                fail_item(line, src_.item_due,
                     "due date " + to_iso(date_of(due)) + " is before the raised date " + to_iso(date_of(raised)) +
                         " (expected a due date on or after it, or empty for the category's SLA)");
        }
        if (cat > 0xFFFE) fail_item(line, src_.item_category, "too many categories (at most 65535)");
        L.ids_.add(r.id);
        item_line_.push_back(static_cast<std::uint32_t>(line));
        index_later(static_cast<std::uint32_t>(L.raised_.size()));
        L.summaries_.add(r.summary);
        L.compound_.push_back(interned(L.compounds_, compound_seen_, r.compound));
        L.owner_.push_back(interned(L.owners_, owner_seen_, r.owner));
        L.meeting_.push_back(r.meeting.empty() ? ledger::no_meeting : L.meetings_.intern(r.meeting));
        L.category_.push_back(static_cast<std::uint16_t>(cat));
        L.source_.push_back(static_cast<std::uint8_t>(r.source));
        L.flags_.push_back(flags);
        L.raised_.push_back(raised);
        L.due_.push_back(due);
    }

    /// Puts the items added so far into the id index and throws the first duplicate id
    /// (add_item defers this by a few items, see index_later). Called by add_event,
    /// add_visit and build; a loader calls it after its last item, and before it reports
    /// an error of its own in ledger.csv, which a duplicate on an earlier line precedes.
    void index_pending_items() {
        while (pending_count_ > 0) index_oldest();
    }

    /// Adds a status event. Throws input_error for an unknown item or a date before raised.
    void add_event(std::string_view item, date day, item_status status, std::size_t line = 0) {
        index_pending_items();
        auto i = resolve(item, src_.events_file, line, src_.event_item, "an event for", ev_hint_);
        if (day.is_special()) fail(src_.events_file, line, src_.event_date, "expected a date YYYY-MM-DD");
        add_event_at(i, day_of(day), status, line);
    }
    /// add_event with the date as a day number (the loaders' path: no date object).
    void add_event(std::string_view item, day_t day, item_status status, std::size_t line = 0) {
        index_pending_items();
        add_event_at(resolve(item, src_.events_file, line, src_.event_item, "an event for", ev_hint_), day, status, line);
    }

    /// Adds a return visit. Throws input_error for an unknown item or a date before raised.
    void add_visit(std::string_view item, date day, visit_outcome outcome, std::size_t line = 0) {
        index_pending_items();
        auto i = resolve(item, src_.visits_file, line, src_.visit_item, "a visit to", vis_hint_);
        if (day.is_special()) fail(src_.visits_file, line, src_.visit_date, "expected a date YYYY-MM-DD");
        add_visit_at(i, day_of(day), outcome, line);
    }
    /// add_visit with the date as a day number.
    void add_visit(std::string_view item, day_t day, visit_outcome outcome, std::size_t line = 0) {
        index_pending_items();
        add_visit_at(resolve(item, src_.visits_file, line, src_.visit_item, "a visit to", vis_hint_), day, outcome, line);
    }

    /// Checks the transitions of every item and returns the ledger. When several items break
    /// a rule, the error names the one with the smallest event line.
    ledger build() {
        index_pending_items();
        ledger& L = led_;
        const std::size_t n = L.size();
        // Events and visits into CSR order: counting sort by item (stable), then a stable
        // sort by day inside each item keeps file order among events of one date.
        auto csr = [n](const auto& item, const auto& day, std::vector<std::uint32_t>& off) {
            off.assign(n + 1, 0);
            for (auto i : item) ++off[i + 1];
            for (std::size_t i = 0; i < n; ++i) off[i + 1] += off[i];
            std::vector<std::uint32_t> perm(item.size()), fill(off.begin(), off.end() - 1);
            for (std::uint32_t k = 0; k < item.size(); ++k) perm[fill[item[k]]++] = k;
            for (std::size_t i = 0; i < n; ++i) {
                auto b = perm.begin() + off[i], e = perm.begin() + off[i + 1];
                if (e - b > 16) {
                    std::stable_sort(b, e, [&](std::uint32_t x, std::uint32_t y) { return day[x] < day[y]; });
                } else {
                    // Insertion sort: stable, no allocation, and usually nothing to move
                    // (files list an item's events in date order). Starts at b, not b + 1:
                    // with no events at all b is a null pointer, and b + 1 undefined.
                    for (auto p = b; p != e; ++p)
                        for (auto q = p; q > b && day[*(q - 1)] > day[*q]; --q) std::iter_swap(q - 1, q);
                }
            }
            return perm;
        };
        auto ev_perm = csr(st_ev_.item, st_ev_.day, L.ev_off_);
        auto vis_perm = csr(st_vis_.item, st_vis_.day, L.vis_off_);
        L.ev_day_.resize(ev_perm.size()); L.ev_status_.resize(ev_perm.size());
        std::vector<std::uint32_t> ev_line(ev_perm.size());
        for (std::size_t k = 0; k < ev_perm.size(); ++k) {
            L.ev_day_[k] = st_ev_.day[ev_perm[k]];
            L.ev_status_[k] = st_ev_.code[ev_perm[k]];
            ev_line[k] = st_ev_.line[ev_perm[k]];
        }
        L.vis_day_.resize(vis_perm.size()); L.vis_outcome_.resize(vis_perm.size());
        for (std::size_t k = 0; k < vis_perm.size(); ++k) {
            L.vis_day_[k] = st_vis_.day[vis_perm[k]];
            L.vis_outcome_[k] = st_vis_.code[vis_perm[k]];
        }
        st_ev_ = staged_records();
        st_vis_ = staged_records();
        release(ev_perm); release(vis_perm);

        // Replay each item; keep the first (smallest line) error.
        L.tl_off_.assign(1, 0);
        L.tl_off_.reserve(n + 1);
        L.tl_day_.clear(); L.tl_status_.clear(); L.tl_reentered_.clear();
        L.tl_day_.reserve(n + L.ev_day_.size() / 2 + 1); L.tl_status_.reserve(n + L.ev_day_.size() / 2 + 1);
        L.tl_reentered_.reserve(n + L.ev_day_.size() / 2 + 1);
        L.leave_.assign(n, ledger::never);
        L.back_.assign(n, ledger::never);
        L.leave2_.assign(n, ledger::never);
        std::optional<input_error> first;
        for (std::uint32_t i = 0; i < n; ++i) {
            if (auto err = replay(i, ev_line)) {
                if (!first || (err->line() && err->line() < first->line())) first = std::move(err);
            }
            L.tl_off_.push_back(static_cast<std::uint32_t>(L.tl_day_.size()));
        }
        if (first) throw *first;
        for (auto* v : {&L.compound_, &L.owner_, &L.meeting_, &L.ev_off_, &L.vis_off_, &L.tl_off_}) v->shrink_to_fit();
        for (auto* v : {&L.raised_, &L.due_, &L.leave_, &L.back_, &L.leave2_, &L.ev_day_, &L.vis_day_, &L.tl_day_}) v->shrink_to_fit();
        for (auto* v : {&L.source_, &L.flags_, &L.ev_status_, &L.vis_outcome_, &L.tl_status_, &L.tl_reentered_})
            v->shrink_to_fit();
        L.category_.shrink_to_fit();
        L.ids_.shrink(); L.summaries_.shrink();
        item_line_.clear(); item_line_.shrink_to_fit();
        ledger out = std::move(led_);
        led_ = ledger();
        return out;
    }

    std::size_t item_count() const noexcept { return led_.size(); }
    /// Index of an item already added (for loaders that check references themselves).
    std::optional<std::uint32_t> find(std::string_view id) const { return led_.find(id); }

private:
    template <class V> static void release(V& v) { V().swap(v); }

    [[noreturn]] static void fail(const std::string& file, std::size_t line, std::size_t col, const std::string& msg) {
        throw input_error(file, line, col, msg);
    }
    /// The item named `item`. `hint` is the item the previous record of the same file named:
    /// files list an item's events together and items in file order (save_ledger_dir does),
    /// so that item or the next one usually matches and the hash lookup is skipped.
    std::uint32_t resolve(std::string_view item, const std::string& file, std::size_t line, std::size_t col,
                          const char* what, std::uint32_t& hint) const {
        if (item.empty()) fail(file, line, col, "expected an item id, found an empty field");
        const std::uint32_t n = static_cast<std::uint32_t>(led_.size());
        if (hint < n && led_.id(hint) == item) return hint;
        if (hint + 1 < n && led_.id(hint + 1) == item) return ++hint;
        auto i = led_.find(item);
        if (!i) fail(file, line, col, std::string(what) + " unknown item '" + std::string(item) + "' (not in " + src_.items_file + ")");
        return hint = *i;
    }
    // Inserting 10^6 ids into the index touches its slots at random: one cache miss each.
    // add_item prefetches an item's slot and inserts it `index_lag` items later, when the
    // slot is in the cache. A duplicate is thus found a few items late; every error of
    // add_item first inserts the pending items (fail_item), so the first error still wins.
    static constexpr std::size_t index_lag = 8;
    struct pending_item {
        std::uint32_t index;
        std::uint64_t hash;
    };
    std::array<pending_item, index_lag> pending_{};
    std::size_t pending_count_ = 0, pending_first_ = 0;

    void index_later(std::uint32_t idx) {
        if (pending_count_ == index_lag) index_oldest();
        const std::uint64_t h = led_.index_.prefetch(led_.ids_[idx]);
        pending_[(pending_first_ + pending_count_) % index_lag] = {idx, h};
        ++pending_count_;
    }
    void index_oldest() {
        const pending_item p = pending_[pending_first_];
        pending_first_ = (pending_first_ + 1) % index_lag;
        --pending_count_;
        if (auto prev = led_.index_.insert_hashed(led_.ids_, p.index, p.hash)) {
            pending_count_ = 0;  // the builder is done for: nothing more to insert
            std::string where = item_line_[*prev] ? " (first on line " + std::to_string(item_line_[*prev]) + ")" : "";
            fail(src_.items_file, item_line_[p.index], src_.item_id,
                 "duplicate item id '" + std::string(led_.ids_[p.index]) + "'" + where);
        }
    }
    [[noreturn]] void fail_item(std::size_t line, std::size_t col, const std::string& msg) {
        index_pending_items();  // a duplicate id on an earlier line is the first error
        fail(src_.items_file, line, col, msg);
    }

    // The value last passed to first_sight_of_*, so that add_item interns it only once.
    struct sighting {
        bool valid = false;
        std::uint32_t index = 0;
    };
    static bool sight(detail::interner& in, sighting& seen, std::string_view v) {
        auto [index, fresh] = in.intern_fresh(v);
        seen = {true, index};
        return fresh;
    }
    static std::uint32_t interned(detail::interner& in, sighting& seen, std::string_view v) {
        const bool same = seen.valid && in[seen.index] == v;
        seen.valid = false;
        return same ? seen.index : in.intern(v);
    }
    sighting compound_seen_, owner_seen_;

    /// The SLA rule of category `cat` (interned `name`), looked up once per category.
    sla_rule rule_of(std::uint32_t cat, std::string_view name) {
        if (cat >= cat_rule_.size()) cat_rule_.resize(cat + 1);
        if (!cat_rule_[cat]) cat_rule_[cat] = sla_.rule(name);
        return *cat_rule_[cat];
    }
    /// sla_table::due, remembered: 10^6 items share a few thousand (rule, raised day) pairs,
    /// and a working-day SLA is a search through the calendar.
    day_t due_of(sla_rule rule, day_t raised) {
        if (due_memo_.empty()) due_memo_.resize(4096);
        auto key = static_cast<std::uint32_t>(raised) * 2654435761u ^ static_cast<std::uint32_t>(rule.days) * 40503u ^
                   static_cast<std::uint32_t>(rule.unit);
        auto& m = due_memo_[key & 4095];
        if (m.days == rule.days && m.unit == rule.unit && m.raised == raised) return m.due;
        day_t due = sla_table::due(rule, raised, cal_);  // throws past 9999-12-31: nothing remembered
        m.raised = raised;
        m.days = rule.days;
        m.unit = rule.unit;
        m.due = due;
        return due;
    }
    struct due_slot {
        day_t raised = 0, due = 0;
        int days = -1;
        sla_unit unit = sla_unit::calendar;
    };

    void check_date(std::uint32_t i, day_t day, const std::string& file, std::size_t line, std::size_t col,
                    const char* what) const {
        if (day < led_.raised_[i])
            fail(file, line, col,
                 std::string(what) + " dated " + to_iso(date_of(day)) + " is before item '" + std::string(led_.id(i)) +
                     "' was raised on " + to_iso(led_.raised(i)) + " (expected a date on or after it)");
    }
    void add_event_at(std::uint32_t i, day_t day, item_status status, std::size_t line) {
        check_date(i, day, src_.events_file, line, src_.event_date, "event");
        st_ev_.push(i, day, static_cast<std::uint8_t>(status), line);
    }
    void add_visit_at(std::uint32_t i, day_t day, visit_outcome outcome, std::size_t line) {
        check_date(i, day, src_.visits_file, line, src_.visit_date, "visit");
        st_vis_.push(i, day, static_cast<std::uint8_t>(outcome), line);
    }

    // Applies item i's events and visits in date order (events first on a date), appending
    // its timeline. Returns the error of the first forbidden transition, if any.
    std::optional<input_error> replay(std::uint32_t i, const std::vector<std::uint32_t>& ev_line) {
        ledger& L = led_;
        item_status s = item_status::open;
        day_t res_day = 0;
        bool visited_since_res = false, left = false, reenters = false;
        auto push = [&](day_t day, item_status st) {
            if (L.tl_day_.size() > L.tl_off_.back() && L.tl_day_.back() == day) {
                // Several changes on one day: the last one holds on that day. Not merged with
                // an equal entry before it: resolved(5), reopened+resolved(7) is a new
                // resolution on day 7, which visit_due and the closure times need.
                L.tl_status_.back() = static_cast<std::uint8_t>(st);
                L.tl_reentered_.back() |= is_open_family(st);
            } else if (L.tl_day_.size() == L.tl_off_.back() || L.tl_status_.back() != static_cast<std::uint8_t>(st)) {
                L.tl_day_.push_back(day);
                L.tl_status_.push_back(static_cast<std::uint8_t>(st));
                L.tl_reentered_.push_back(is_open_family(st));
            }
        };
        push(L.raised_[i], item_status::open);
        auto e = L.ev_off_[i], ee = L.ev_off_[i + 1], v = L.vis_off_[i], ve = L.vis_off_[i + 1];
        bool first_event = true;
        // An unsatisfied visit of the event's date reopens a resolved item before an event
        // that needs it open (see the file comment).
        auto reopened_first = [&](std::uint32_t ev, std::uint32_t vis) {
            auto to = static_cast<item_status>(L.ev_status_[ev]);
            if (s != item_status::resolved || to == item_status::open || to == item_status::reopened ||
                to == item_status::closed)
                return false;
            for (auto w = vis; w < ve && L.vis_day_[w] == L.ev_day_[ev]; ++w)
                if (static_cast<visit_outcome>(L.vis_outcome_[w]) == visit_outcome::unsatisfied) return true;
            return false;
        };
        while (e < ee || v < ve) {
            if (e < ee && (v == ve || L.ev_day_[e] < L.vis_day_[v] ||
                           (L.ev_day_[e] == L.vis_day_[v] && !reopened_first(e, v)))) {
                auto to = static_cast<item_status>(L.ev_status_[e]);
                day_t day = L.ev_day_[e];
                const char* why = nullptr;
                std::string extra;
                if (to == item_status::open && first_event && day == L.raised_[i] && s == item_status::open) {
                    why = nullptr;
                } else if (to == s && is_open_family(s) && to != item_status::open && to != item_status::reopened) {
                    why = nullptr;  // a hand-over: same status again
                } else {
                    why = detail::transition_refusal(s, to);
                }
                if (!why && to == item_status::closed) {
                    bool ok = visited_since_res;
                    for (auto w = v; !ok && w < ve && L.vis_day_[w] == day; ++w)
                        ok = static_cast<visit_outcome>(L.vis_outcome_[w]) != visit_outcome::unsatisfied;
                    if (!ok) {
                        why = "'closed' needs a return visit dated on or after the resolution";
                        extra = " on " + to_iso(date_of(res_day)) + " and on or before the close";
                    }
                }
                if (why)
                    return input_error(src_.events_file, ev_line[e], src_.event_status,
                                       "item '" + std::string(L.id(i)) + "': forbidden transition from " +
                                           std::string(name_of(s)) + " to " + std::string(name_of(to)) + " on " +
                                           to_iso(date_of(day)) + ": " + why + extra);
                if (to == item_status::resolved) { res_day = day; visited_since_res = false; }
                s = to;
                push(day, s);
                first_event = false;
                ++e;
            } else {
                if (s == item_status::resolved) {
                    if (static_cast<visit_outcome>(L.vis_outcome_[v]) == visit_outcome::unsatisfied) {
                        s = item_status::reopened;
                        push(L.vis_day_[v], s);
                    } else {
                        visited_since_res = true;
                    }
                }
                ++v;
            }
        }
        // leave_: first day out of the open family; reenters: open again after that.
        // back_, leave2_: the second open span; reenters twice: open again after leave2_.
        int spans_closed = 0;  // open spans that ended so far
        bool was_open = true, twice = false;
        for (auto k = L.tl_off_.back(); k < L.tl_day_.size(); ++k) {
            bool open = is_open_family(static_cast<item_status>(L.tl_status_[k]));
            if (!open && !left) { left = true; L.leave_[i] = L.tl_day_[k]; }
            else if (open && left) reenters = true;
            if (open && !was_open) {
                if (spans_closed == 1) L.back_[i] = L.tl_day_[k];
                else twice = true;
            } else if (!open && was_open) {
                if (++spans_closed == 2) L.leave2_[i] = L.tl_day_[k];
            }
            was_open = open;
        }
        if (reenters) L.flags_[i] |= ledger::flag_reenters;
        if (twice) L.flags_[i] |= ledger::flag_reenters_twice;
        return std::nullopt;
    }

    const working_calendar& cal_;
    const sla_table& sla_;
    ledger_sources src_;
    ledger led_;
    std::vector<std::uint32_t> item_line_;
    std::uint32_t ev_hint_ = 0, vis_hint_ = 0;  // last item resolved by add_event / add_visit
    // Staged events or visits (millions on a big load): huge pages, fewer page faults.
    struct staged_records {
        detail::huge_page_vector<std::uint32_t> item, line;
        detail::huge_page_vector<day_t> day;
        detail::huge_page_vector<std::uint8_t> code;  // status or outcome
        void reserve(std::size_t n) { item.reserve(n); line.reserve(n); day.reserve(n); code.reserve(n); }
        void push(std::uint32_t i, day_t d, std::uint8_t c, std::size_t l) {
            item.push_back(i);
            day.push_back(d);
            code.push_back(c);
            line.push_back(static_cast<std::uint32_t>(l));
        }
    };
    staged_records st_ev_, st_vis_;
    std::vector<std::optional<sla_rule>> cat_rule_;  // by interned category
    std::vector<due_slot> due_memo_;
};

}  // namespace furong
