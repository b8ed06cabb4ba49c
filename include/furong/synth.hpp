#pragma once
/// @file
/// Synthetic cities: consistent, deterministic governance networks of any size up to
/// 10 million households, shaped like a Chinese urban district (see docs/domain.md), for
/// research scripts, tests and benchmarks. Everything generated is synthetic.
///
/// Determinism: the same options (seed included) give the same network, organisation by
/// organisation, link by link and role by role, on every platform and standard library. The
/// generator uses its own xoshiro256** generator and integer-only draws (no
/// std::*_distribution, no libm), so results do not depend on the compiler or the C library.
/// Independent streams drive structure, links, dates, people and resources, so switching
/// people or resources off leaves the organisations and links unchanged.
///
/// Example:
/// @code
///   furong::synth::city_options o;
///   o.households = 1'000'000;
///   o.seed = 42;
///   furong::network net = furong::synth::city(o);
///   furong::snapshot snap(net);
/// @endcode

#include <furong/dates.hpp>
#include <furong/network.hpp>

#include <cstdint>
#include <functional>

namespace furong::synth {

/// The most households a synthetic city may have (10^7; indices stay far below 2^32). A 10^7
/// city has about 1.1 x 10^7 organisations and 2.2 x 10^7 snapshot edges; generating it and
/// snapshotting it peaks at 1.86 GiB resident (about 74 bytes per organisation of tables
/// and 96 of snapshot; docs/performance.md).
inline constexpr std::int64_t max_households = 10'000'000;

/// Knobs of the generator. Shares are probabilities in [0, 1]; sizes are household counts.
/// Defaults give proportions like Furong District (13 streets at about 250,000 households).
struct city_options {
    /// Number of households, 0..max_households. Exactly this many household nodes are made
    /// when household_nodes is true; the compounds' `households` attributes always sum to it.
    std::int64_t households = 100000;
    std::uint64_t seed = 1;
    /// Make one node per household (ids "h1", "h2", ..., empty names) with its contact link.
    /// When false only the counts on compounds, buildings, communities and streets say how
    /// many households there are (and there are no contact links).
    bool household_nodes = true;

    // ---- sizes (mean households per unit) ------------------------------------------------
    std::int64_t households_per_street = 20000;     ///< streets: max(1, round(N / this))
    std::int64_t households_per_community = 3000;   ///< communities per street: round(street / this)
    std::int64_t compound_min_households = 30;      ///< compound sizes: lognormal-ish, clipped
    std::int64_t compound_mean_households = 250;    ///< to [min, max] (a community smaller than
    std::int64_t compound_max_households = 3000;    ///< min makes one smaller compound)
    std::int64_t building_min_households = 30;      ///< each compound draws a building size in
    std::int64_t building_max_households = 60;      ///< [min, max] and splits evenly
    std::int64_t households_per_grid = 400;         ///< grids per community
    std::int64_t households_per_area = 800;         ///< neighbour team: areas per community,
    std::int64_t households_per_group = 150;        ///< groups per community (spread over areas),
    std::int64_t households_per_neighbourhood = 20; ///< neighbourhoods (spread over groups)

    // ---- compounds -----------------------------------------------------------------------
    /// Weights of the compound types (each in [0, 1], normalised; at least one > 0).
    /// Old compounds are drawn smaller (x0.6), commercial (x1.4) and resettlement (x1.3)
    /// larger, work-unit compounds x0.8, normalised so the mean stays compound_mean_households.
    double share_old = 0.40, share_commercial = 0.30, share_work_unit = 0.15, share_resettlement = 0.15;
    /// Party members per compound: a share drawn uniformly in [min, max] of its households.
    /// Compounds with >= 3 get their own branch; smaller ones are grouped into joint branches.
    double party_share_min = 0.03, party_share_max = 0.08;
    /// Share of small compounds (< 3 party members) left out of every joint branch (gaps).
    double uncovered_share = 0.03;
    /// Share of non-old compounds with an owners' committee (old compounds: 0.4 times this).
    double owners_committee_share = 0.7;
    /// Share of non-old compounds served by a property company of their street.
    double property_share = 0.9;
    /// Share of communities whose old compounds are all served by the street's
    /// district-wide property company (片区大物业).
    double old_property_share = 0.5;
    /// Share of households with a contact link to a neighbourhood of their community.
    double contact_share = 0.99;
    /// Share of compounds with a pairing link from an agency or an alliance unit.
    double pairing_share = 0.40;
    /// Extra adjacent link from a compound to the one after the next in its community.
    double extra_adjacent_share = 0.15;

    // ---- providers -----------------------------------------------------------------------
    std::int64_t agencies = 30;                    ///< district agencies
    std::int64_t units_per_250k_households = 125;  ///< alliance units: round(this * N / 250000)

    // ---- people, roles, resources ---------------------------------------------------------
    /// People holding roles: community and branch secretaries, owners' chairs (one shoulder:
    /// the branch secretary, with probability one_shoulder_share), property managers, grid
    /// workers, building/area/group/neighbour leaders, team leaders and members, unit contacts.
    bool people = true;
    double vacancy_share = 0.02;       ///< building/area/group/neighbour leader posts left empty
    double one_shoulder_share = 0.4;   ///< branch secretary also chairs the owners' committee
    /// Offers (1-3 per provider) and needs (1-3 for need_share of compounds, by type) over a
    /// list of 12 resources (elderly_canteen, fire_safety, reading_corner, legal_aid, ...).
    bool resources = true;
    double need_share = 0.6;

    // ---- dates ---------------------------------------------------------------------------
    /// Links and roles start within [first_date, last_date]; structural links (grids,
    /// branches, committees, property, adjacency, alliance membership) within the first year,
    /// programme links (contacts, pairings) and roles anywhere in the range. A share
    /// `ended_share` of contacts, pairings, property services and leader roles ended before
    /// last_date and were taken over the next day (by another neighbourhood, provider,
    /// company or person), so on last_date everything is current.
    date first_date = date(2020, 1, 1);
    date last_date = date(2025, 6, 30);
    double ended_share = 0.03;

    /// Called with the fraction done (0..1], every 2% or so and with 1.0 at the end.
    /// Exceptions it throws propagate (and abandon the city).
    std::function<void(double)> progress;
};

/// Generates a city. Ids: district "furong", alliance "alliance", agencies "ag<n>",
/// streets "s<n>", communities "c<n>", compounds "k<n>", buildings "b<n>", households "h<n>",
/// grids "g<n>", branches "br<n>", owners' committees "oc<n>", property companies "pc<n>",
/// units "u<n>", teams "t<n>", areas "ar<n>", groups "gr<n>", neighbourhoods "n<n>",
/// people "p<n>" (numbers from 1, in creation order).
///
/// Complexity: O(N) time and memory in the number of households N.
/// @throws argument_error for options out of range (negative or > max_households
///         households, shares outside [0, 1] or not finite, sizes < 1, min > max,
///         first_date not before last_date, all compound type shares 0).
network city(const city_options& options);

/// Checks options as city() does. @throws argument_error naming the bad option.
void validate(const city_options& options);

}  // namespace furong::synth
