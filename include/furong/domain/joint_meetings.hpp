#pragma once
/// @file
/// The monthly three-party joint meeting (三方联动联席会议): which compounds were expected
/// to meet in a month and did not. The expected compounds are those of
/// joint_meeting_compounds (domain/three_party.hpp: three-party linkage complete on the
/// first and the last day of the month), the one definition the audit and the policies use.
///
/// Example:
/// @code
///   auto missed = furong::missed_joint_meetings(snap, data.meetings, 2025, 6);
/// @endcode

#include <furong/domain/meetings.hpp>
#include <furong/domain/three_party.hpp>
#include <furong/snapshot.hpp>

#include <string>
#include <vector>

namespace furong {

/// Compounds expected at the joint meetings of the month (joint_meeting_compounds) with no
/// joint meeting dated in that month, by organisation index. Throws argument_error for a
/// month outside 1..12 or a year outside 1400..9999.
/// Complexity: two three-party passes over the snapshot, plus O(meetings + compounds).
inline std::vector<std::string> missed_joint_meetings(const snapshot& s, const meeting_book& mb, int year, int month) {
    std::vector<std::string> expected;
    for (index_t c : joint_meeting_compounds(s, year, month)) expected.emplace_back(s.id(c));
    return mb.missed_joint_meetings(year, month, expected);
}

}  // namespace furong
