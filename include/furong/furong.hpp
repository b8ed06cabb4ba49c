#pragma once
/// @file
/// Umbrella header: everything a program needs to load, query and save a governance network.

#include <furong/dates.hpp>
#include <furong/domain/co_building.hpp>
#include <furong/domain/stable_co_building.hpp>
#include <furong/edit/apply_pairings.hpp>
#include <furong/domain/subtree.hpp>
#include <furong/domain/agreements.hpp>
#include <furong/domain/calendar.hpp>
#include <furong/domain/joint_meetings.hpp>
#include <furong/domain/ledger.hpp>
#include <furong/domain/ledger_groups.hpp>
#include <furong/domain/meetings.hpp>
#include <furong/edit/agreements.hpp>
#include <furong/error.hpp>
#include <furong/io/csv.hpp>
#include <furong/io/ledger_files.hpp>
#include <furong/io/network_files.hpp>
#include <furong/io/preferences_file.hpp>
#include <furong/kinds.hpp>
#include <furong/network.hpp>
#include <furong/snapshot.hpp>
#include <furong/version.hpp>
// Reachability, coverage, planning and what-if (one header per concept; include what you use):
#include <furong/algorithm/connected_partition.hpp>
#include <furong/algorithm/dominators.hpp>
#include <furong/algorithm/escalation.hpp>
#include <furong/algorithm/reachability.hpp>
#include <furong/domain/coverage_audit.hpp>
#include <furong/domain/plans.hpp>
#include <furong/domain/policies.hpp>
#include <furong/domain/whatif.hpp>
#include <furong/edit/apply_plan.hpp>
#include <furong/edit/without.hpp>
#include <furong/io/policies_file.hpp>
