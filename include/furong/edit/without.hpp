#pragma once
/// @file
/// The network "without" some organisations or people from a date on: the copy every
/// what-if question (domain/whatif.hpp) compares with the original. An edit: the copy is
/// changed, never the original.

#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/network.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace furong {

/// A copy of `net` without some organisations or people, from `when` on: every link touching
/// a removed organisation (as source or target) and every role held in it end on `when` - 1,
/// and so does every role of a removed person. Rows are never deleted (indices stay valid);
/// links or roles that had not started by then become empty (never active). Organisations
/// under a removed one are not removed (remove them too to model a cascade).
///
/// Each id is looked up first as an organisation, then as a person (an id naming both
/// removes both).
///
/// Complexity: O(L + R + |ids|) for L links and R roles, plus the copy of the link and role
/// tables the edits trigger (the other tables stay shared with `net`).
///
/// @throws unknown_id_error naming the first id that is neither an organisation nor a person
///         (nothing is changed then); argument_error when `when` is not a date
///
/// Example:
/// @code
///   furong::network after = furong::without(net, {"pc-01", "p00042"}, furong::date(2025, 6, 1));
/// @endcode
inline network without(const network& net, const std::vector<std::string>& ids, date when) {
    if (when.is_special()) throw argument_error("without: the date the removal takes effect is required");
    std::vector<std::uint8_t> org_gone(net.organisation_count(), 0), person_gone(net.person_count(), 0);
    for (const auto& id : ids) {
        const auto o = net.find(id);
        const auto p = net.find_person(id);
        if (!o && !p) throw unknown_id_error(id, "organisation or person");
        if (o) org_gone[*o] = 1;
        if (p) person_gone[*p] = 1;
    }
    network out = net;
    const day_t last = day_of(when) - 1;
    const auto& links = net.links().rows;
    for (std::size_t k = 0; k < links.size(); ++k)
        if ((org_gone[links[k].source] || org_gone[links[k].target]) && links[k].valid.until > last)
            out.end_link(k, last);
    const auto& roles = net.roles().rows;
    for (std::size_t k = 0; k < roles.size(); ++k)
        if ((org_gone[roles[k].org] || person_gone[roles[k].person]) && roles[k].valid.until > last)
            out.end_role(k, last);
    return out;
}

}  // namespace furong
