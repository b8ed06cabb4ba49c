#pragma once
/// @file
/// Meetings of the closed loop: the monthly three-party joint meeting of a compound, the
/// Furong Night Talk (芙蓉夜话) sessions of a street or community, and the annual meeting of
/// the Pioneer Community with its co-building agreements and service commitments.
///
/// Files (see ledger_files.hpp): meetings.csv `id,kind,date,org,theme`;
/// attendance.csv `meeting,party,attendee`; agreements.csv `meeting,provider,compound,since,until`
/// (an agreement signed at an annual meeting pairs a provider - agency or alliance unit - with a
/// compound over [since, until], until empty = open-ended; a later agreement of the same pair
/// that starts on or before the day after the previous one ends renews it);
/// commitments.csv `meeting,provider,summary,due,delivered` (a service commitment or project
/// published at an annual meeting, due on `due`, delivered on `delivered` or empty = not yet).
///
/// Example:
/// @code
///   furong::meeting_book mb;
///   mb.add_meeting({"M1", furong::meeting_kind::night_talk, furong::date(2025, 5, 8), "S_WENYILU", "noise"});
///   mb.add_attendance({"M1", furong::party::resident, "P1"});
///   bool four = mb.four_party("M1");   // false: no department, street, community
/// @endcode

#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/domain/calendar.hpp>
#include <furong/domain/ledger.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace furong {

/// joint: monthly three-party meeting of a compound (org = compound); night_talk: a Furong
/// Night Talk session (org = street or community); annual: the Pioneer Community's annual
/// meeting (org = the alliance).
enum class meeting_kind : std::uint8_t { joint, night_talk, annual };
/// Who attended, by side. department, street, community and resident are the four parties
/// of four-party linkage; unit, enterprise and deputy (party deputies) may join.
enum class party : std::uint8_t { department, street, community, resident, unit, enterprise, deputy };

namespace detail {
inline constexpr std::array<std::string_view, 3> meeting_kind_names{"joint", "night_talk", "annual"};
inline constexpr std::array<std::string_view, 7> party_names{"department", "street", "community", "resident",
                                                             "unit", "enterprise", "deputy"};
/// A problem with one field of a record: `field` is the 0-based column in the canonical
/// column order of its CSV file, so a loader can name the column.
struct field_problem {
    std::size_t field;
    std::string message;
};
}  // namespace detail

constexpr std::string_view name_of(meeting_kind k) { return detail::meeting_kind_names[static_cast<std::size_t>(k)]; }
constexpr std::string_view name_of(party p) { return detail::party_names[static_cast<std::size_t>(p)]; }
inline std::optional<meeting_kind> parse_meeting_kind(std::string_view s) { return detail::parse_name<meeting_kind>(detail::meeting_kind_names, s); }
inline std::optional<party> parse_party(std::string_view s) { return detail::parse_name<party>(detail::party_names, s); }

/// One row of meetings.csv.
struct meeting {
    std::string id;
    meeting_kind kind = meeting_kind::joint;
    date day;
    std::string org, theme;
    friend bool operator==(const meeting& a, const meeting& b) {
        return a.id == b.id && a.kind == b.kind && a.day == b.day && a.org == b.org && a.theme == b.theme;
    }
};
/// One row of attendance.csv.
struct attendance_record {
    std::string meeting;
    party side = party::resident;
    std::string attendee;  ///< organisation or person id
    friend bool operator==(const attendance_record& a, const attendance_record& b) {
        return a.meeting == b.meeting && a.side == b.side && a.attendee == b.attendee;
    }
};
/// One row of agreements.csv: a co-building agreement valid over [since, until].
struct agreement {
    std::string meeting, provider, compound;
    date since, until;  ///< until special = open-ended; since required
    furong::validity validity() const { return furong::validity::between(since, until); }
    friend bool operator==(const agreement& a, const agreement& b) {
        return a.meeting == b.meeting && a.provider == b.provider && a.compound == b.compound && a.since == b.since &&
               a.until == b.until;
    }
};
/// One row of commitments.csv: a service commitment or project with a delivery date.
struct commitment {
    std::string meeting, provider, summary;
    date due;
    date delivered;  ///< special = not delivered yet
    friend bool operator==(const commitment& a, const commitment& b) {
        return a.meeting == b.meeting && a.provider == b.provider && a.summary == b.summary && a.due == b.due &&
               a.delivered == b.delivered;
    }
};

/// A pairing link created (and possibly renewed) by agreements of one provider and compound.
struct pairing_span {
    std::string provider, compound;
    furong::validity valid;
    std::vector<std::string> meetings;  ///< the annual meetings whose agreements make the span
    std::size_t renewals = 0;           ///< agreements after the first
};

/// A night talk with the sides present and the four parties missing (four_party_sessions).
struct four_party_session {
    meeting session;
    std::vector<party> present;  ///< ascending
    std::vector<party> missing;  ///< of department, street, community, resident; empty = four-party
};

/// Closed-loop rate of one night-talk session.
struct loop_rate {
    std::string meeting, org, theme;
    date day;
    std::size_t agreed = 0;  ///< ledger items whose meeting is this session (raised by as_of)
    std::size_t done = 0;    ///< of them, resolved or closed on as_of
    std::size_t closed = 0;  ///< of them, closed on as_of
    double rate = 0;         ///< closed / agreed (0 when nothing agreed)
};

/// A commitment late on a day: due before it and not delivered by then, or delivered late.
struct late_commitment {
    commitment item;
    bool delivered = false;
    int days_late = 0;  ///< delivered - due, or as_of - due when not delivered
};

/// Meetings, attendance, agreements and commitments, with the questions asked of them.
class meeting_book {
public:
    // ---- building (each add_* throws argument_error or unknown_id_error; check_* returns
    //      the problem instead, with the field, so loaders can position it) ----

    std::optional<detail::field_problem> check(const meeting& m) const {
        if (m.id.empty()) return detail::field_problem{0, "expected a meeting id, found an empty field"};
        if (index_.count(m.id)) return detail::field_problem{0, "duplicate meeting id '" + m.id + "'"};
        if (m.day.is_special()) return detail::field_problem{2, "expected a date YYYY-MM-DD"};
        if (m.org.empty()) return detail::field_problem{3, "expected an organisation id, found an empty field"};
        return std::nullopt;
    }
    void add_meeting(meeting m) {
        if (auto p = check(m)) throw argument_error("meeting: " + p->message);
        index_.emplace(m.id, meetings_.size());
        meetings_.push_back(std::move(m));
    }

    std::optional<detail::field_problem> check(const attendance_record& a) const {
        if (!index_.count(a.meeting)) return detail::field_problem{0, "unknown meeting '" + a.meeting + "' (not in meetings.csv)"};
        if (a.attendee.empty()) return detail::field_problem{2, "expected an attendee id, found an empty field"};
        return std::nullopt;
    }
    void add_attendance(attendance_record a) {
        if (auto p = check(a)) throw argument_error("attendance: " + p->message);
        attendance_.push_back(std::move(a));
    }

    std::optional<detail::field_problem> check(const agreement& a) const {
        auto it = index_.find(a.meeting);
        if (it == index_.end()) return detail::field_problem{0, "unknown meeting '" + a.meeting + "' (not in meetings.csv)"};
        if (meetings_[it->second].kind != meeting_kind::annual)
            return detail::field_problem{0, "meeting '" + a.meeting + "' is a " +
                                                std::string(name_of(meetings_[it->second].kind)) +
                                                " meeting (expected an annual meeting)"};
        if (a.provider.empty()) return detail::field_problem{1, "expected a provider id, found an empty field"};
        if (a.compound.empty()) return detail::field_problem{2, "expected a compound id, found an empty field"};
        if (a.since.is_special()) return detail::field_problem{3, "expected a date YYYY-MM-DD"};
        if (!a.until.is_special() && a.until < a.since)
            return detail::field_problem{4, "until " + to_iso(a.until) + " is before since " + to_iso(a.since)};
        return std::nullopt;
    }
    void add_agreement(agreement a) {
        if (auto p = check(a)) throw argument_error("agreement: " + p->message);
        agreements_.push_back(std::move(a));
    }

    std::optional<detail::field_problem> check(const commitment& c) const {
        auto it = index_.find(c.meeting);
        if (it == index_.end()) return detail::field_problem{0, "unknown meeting '" + c.meeting + "' (not in meetings.csv)"};
        if (meetings_[it->second].kind != meeting_kind::annual)
            return detail::field_problem{0, "meeting '" + c.meeting + "' is a " +
                                                std::string(name_of(meetings_[it->second].kind)) +
                                                " meeting (expected an annual meeting)"};
        if (c.provider.empty()) return detail::field_problem{1, "expected a provider id, found an empty field"};
        if (c.summary.empty()) return detail::field_problem{2, "expected a summary, found an empty field"};
        if (c.due.is_special()) return detail::field_problem{3, "expected a due date YYYY-MM-DD"};
        if (!c.delivered.is_special() && c.delivered < meetings_[it->second].day)
            return detail::field_problem{4, "delivered " + to_iso(c.delivered) + " before the meeting on " +
                                                to_iso(meetings_[it->second].day)};
        return std::nullopt;
    }
    void add_commitment(commitment c) {
        if (auto p = check(c)) throw argument_error("commitment: " + p->message);
        commitments_.push_back(std::move(c));
    }

    // ---- access ----
    const std::vector<meeting>& meetings() const noexcept { return meetings_; }
    const std::vector<attendance_record>& attendance() const noexcept { return attendance_; }
    const std::vector<agreement>& agreements() const noexcept { return agreements_; }
    const std::vector<commitment>& commitments() const noexcept { return commitments_; }
    bool contains(const std::string& id) const { return index_.count(id) != 0; }
    /// The meeting with this id; throws unknown_id_error("meeting").
    const meeting& at(const std::string& id) const {
        auto it = index_.find(id);
        if (it == index_.end()) throw unknown_id_error(id, "meeting");
        return meetings_[it->second];
    }
    bool empty() const noexcept {
        return meetings_.empty() && attendance_.empty() && agreements_.empty() && commitments_.empty();
    }

    // ---- questions ----

    /// Sides present at a meeting, ascending. O(attendance).
    std::vector<party> parties_present(const std::string& meeting_id) const {
        at(meeting_id);
        std::set<party> s;
        for (const auto& a : attendance_)
            if (a.meeting == meeting_id) s.insert(a.side);
        return {s.begin(), s.end()};
    }
    /// Which of the four parties (department, street, community, resident) were absent.
    std::vector<party> missing_four_parties(const std::string& meeting_id) const {
        auto present = parties_present(meeting_id);
        std::vector<party> out;
        for (party p : {party::department, party::street, party::community, party::resident})
            if (!std::binary_search(present.begin(), present.end(), p)) out.push_back(p);
        return out;
    }
    /// True when department, street, community and resident all attended.
    bool four_party(const std::string& meeting_id) const { return missing_four_parties(meeting_id).empty(); }

    /// Compounds (from `compounds`, in their order) with no joint meeting dated in the
    /// month. @param month 1..12. O(meetings + compounds).
    std::vector<std::string> missed_joint_meetings(int year, int month, const std::vector<std::string>& compounds) const {
        if (month < 1 || month > 12) throw argument_error("missed_joint_meetings: month must be 1..12");
        std::set<std::string> held;
        for (const auto& m : meetings_)
            if (m.kind == meeting_kind::joint && m.day.year() == year && m.day.month() == month) held.insert(m.org);
        std::vector<std::string> out;
        for (const auto& c : compounds)
            if (!held.count(c)) out.push_back(c);
        return out;
    }
    /// Every (compound, first day of month) in the months overlapping [from, to] with no
    /// joint meeting of that compound, by month then compound order.
    std::vector<std::pair<std::string, date>> missed_joint_meetings(date from, date to,
                                                                    const std::vector<std::string>& compounds) const {
        if (from.is_special() || to.is_special() || to < from) throw argument_error("missed_joint_meetings: needs from <= to");
        std::set<std::pair<std::string, long>> held;  // (compound, year*12+month)
        for (const auto& m : meetings_)
            if (m.kind == meeting_kind::joint) held.emplace(m.org, static_cast<long>(m.day.year()) * 12 + m.day.month() - 1);
        std::vector<std::pair<std::string, date>> out;
        long a = static_cast<long>(from.year()) * 12 + from.month() - 1, b = static_cast<long>(to.year()) * 12 + to.month() - 1;
        for (long ym = a; ym <= b; ++ym)
            for (const auto& c : compounds)
                if (!held.count({c, ym}))
                    out.emplace_back(c, date(static_cast<unsigned short>(ym / 12), static_cast<unsigned short>(ym % 12 + 1), 1));
        return out;
    }
    /// Planned dates of `rule` in [from, to] with no meeting of `kind` at `org` within
    /// `tolerance` days of them (a rescheduled meeting still counts).
    std::vector<date> missed_planned(const schedule_rule& rule, meeting_kind kind, const std::string& org, date from,
                                     date to, int tolerance = 0) const {
        if (tolerance < 0) throw argument_error("missed_planned: tolerance must be >= 0");
        std::vector<day_t> held;
        for (const auto& m : meetings_)
            if (m.kind == kind && m.org == org) held.push_back(day_of(m.day));
        std::sort(held.begin(), held.end());
        std::vector<date> out;
        for (date d : rule.dates(from, to)) {
            auto it = std::lower_bound(held.begin(), held.end(), day_of(d) - tolerance);
            if (it == held.end() || *it > day_of(d) + tolerance) out.push_back(d);
        }
        return out;
    }

    /// Per night-talk session (by date, then id): items agreed there (raised on or before
    /// as_of) and how many are closed on as_of. O(items + meetings log meetings).
    std::vector<loop_rate> night_talk_loop(const ledger& items, date as_of) const {
        require_as_of(as_of, "night_talk_loop");
        std::unordered_map<std::string, std::size_t> pos;
        std::vector<loop_rate> out;
        std::vector<const meeting*> talks;
        for (const auto& m : meetings_)
            if (m.kind == meeting_kind::night_talk) talks.push_back(&m);
        std::stable_sort(talks.begin(), talks.end(), [](const meeting* a, const meeting* b) {
            return a->day < b->day || (a->day == b->day && a->id < b->id);
        });
        for (const auto* m : talks) {
            pos.emplace(m->id, out.size());
            loop_rate r;
            r.meeting = m->id; r.org = m->org; r.theme = m->theme; r.day = m->day;
            out.push_back(std::move(r));
        }
        day_t day = day_of(as_of);
        for (std::uint32_t i = 0; i < items.size(); ++i) {
            auto mid = items.meeting(i);
            if (mid.empty()) continue;
            auto it = pos.find(std::string(mid));
            if (it == pos.end()) continue;
            auto s = items.status_on(i, day);
            if (!s) continue;
            auto& r = out[it->second];
            ++r.agreed;
            if (family_of(*s) == status_family::done) ++r.done;
            if (*s == item_status::closed) ++r.closed;
        }
        for (auto& r : out) r.rate = r.agreed ? static_cast<double>(r.closed) / static_cast<double>(r.agreed) : 0.0;
        return out;
    }

    /// Night talks held on or before `as_of` (every one when as_of is special: no date
    /// filter), in file order, with the sides present and the four parties missing.
    /// O(meetings x attendance).
    std::vector<four_party_session> four_party_sessions(date as_of = date()) const {
        std::vector<four_party_session> out;
        for (const auto& m : meetings_) {
            if (m.kind != meeting_kind::night_talk || (!as_of.is_special() && m.day > as_of)) continue;
            out.push_back({m, parties_present(m.id), missing_four_parties(m.id)});
        }
        return out;
    }

    /// Agreements valid on d (every agreement when d is special: no date filter), in file order.
    std::vector<agreement> active_agreements(date d) const {
        std::vector<agreement> out;
        const as_of when(d);
        for (const auto& a : agreements_)
            if (when.admits(a.validity())) out.push_back(a);
        return out;
    }
    /// Pairing links made by the agreements: per (provider, compound), agreements sorted by
    /// since; one that starts on or before the day after the current span ends renews it
    /// (extends `valid.until`), a later one starts a new span. Sorted by provider, compound,
    /// since. The wiring layer turns each span into a dated pairing link.
    /// @param signed_by only agreements signed at meetings held on or before this day count;
    ///        special (the default): every agreement, no date filter.
    std::vector<pairing_span> pairings(date signed_by = date()) const {
        std::vector<const agreement*> v;
        for (const auto& a : agreements_)
            if (signed_by.is_special() || at(a.meeting).day <= signed_by) v.push_back(&a);
        std::stable_sort(v.begin(), v.end(), [](const agreement* a, const agreement* b) {
            if (a->provider != b->provider) return a->provider < b->provider;
            if (a->compound != b->compound) return a->compound < b->compound;
            return a->since < b->since;
        });
        std::vector<pairing_span> out;
        for (const auto* a : v) {
            auto val = a->validity();
            if (!out.empty() && out.back().provider == a->provider && out.back().compound == a->compound &&
                (out.back().valid.until == furong::validity::open_until ||
                 static_cast<std::int64_t>(val.since) <= static_cast<std::int64_t>(out.back().valid.until) + 1)) {
                auto& s = out.back();
                s.valid.until = std::max(s.valid.until, val.until);
                s.meetings.push_back(a->meeting);
                ++s.renewals;
                continue;
            }
            out.push_back({a->provider, a->compound, val, {a->meeting}, 0});
        }
        return out;
    }

    /// Commitments late on d: due before d and not delivered on or before d, or delivered
    /// (on or before d) after their due date. In file order.
    std::vector<late_commitment> late_commitments(date d) const {
        require_as_of(d, "late_commitments");
        std::vector<late_commitment> out;
        day_t day = day_of(d);
        for (const auto& c : commitments_) {
            day_t due = day_of(c.due);
            bool delivered = !c.delivered.is_special() && day_of(c.delivered) <= day;
            if (delivered) {
                if (day_of(c.delivered) > due) out.push_back({c, true, day_of(c.delivered) - due});
            } else if (due < day) {
                out.push_back({c, false, day - due});
            }
        }
        return out;
    }

    friend bool operator==(const meeting_book& a, const meeting_book& b) {
        return a.meetings_ == b.meetings_ && a.attendance_ == b.attendance_ && a.agreements_ == b.agreements_ &&
               a.commitments_ == b.commitments_;
    }

private:
    std::vector<meeting> meetings_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<attendance_record> attendance_;
    std::vector<agreement> agreements_;
    std::vector<commitment> commitments_;
};

}  // namespace furong
