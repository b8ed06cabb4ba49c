#pragma once
/// @file
/// Umbrella header: everything a program needs to load, query, edit and save a governance
/// network and its ledger. Include single headers instead to compile less.

// The model: kinds, dates, errors, the network and its snapshot
#include <furong/attributes.hpp>
#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/kinds.hpp>
#include <furong/network.hpp>
#include <furong/snapshot.hpp>
#include <furong/synth.hpp>
#include <furong/version.hpp>
// Files: CSV, the network and ledger directories, preferences, policies
#include <furong/io/atomic_dir.hpp>
#include <furong/io/csv.hpp>
#include <furong/io/ledger_files.hpp>
#include <furong/io/network_files.hpp>
#include <furong/io/policies_file.hpp>
#include <furong/io/preferences_file.hpp>
// Generic graph algorithms
#include <furong/algorithm/assignment.hpp>
#include <furong/algorithm/connected_partition.hpp>
#include <furong/algorithm/dominators.hpp>
#include <furong/algorithm/escalation.hpp>
#include <furong/algorithm/matching.hpp>
#include <furong/algorithm/reachability.hpp>
#include <furong/algorithm/stable_matching.hpp>
// The rules of the district, each once
#include <furong/domain/agreements.hpp>
#include <furong/domain/calendar.hpp>
#include <furong/domain/official_calendar.hpp>
#include <furong/domain/co_building.hpp>
#include <furong/domain/coverage_audit.hpp>
#include <furong/domain/joint_meetings.hpp>
#include <furong/domain/leader_evaluation.hpp>
#include <furong/domain/ledger.hpp>
#include <furong/domain/ledger_escalation.hpp>
#include <furong/domain/ledger_groups.hpp>
#include <furong/domain/meetings.hpp>
#include <furong/domain/plans.hpp>
#include <furong/domain/policies.hpp>
#include <furong/domain/stable_co_building.hpp>
#include <furong/domain/subtree.hpp>
#include <furong/domain/three_party.hpp>
#include <furong/domain/whatif.hpp>
#include <furong/domain/suppression.hpp>
// Edits of a network: checked first, all or nothing
#include <furong/edit/agreements.hpp>
#include <furong/edit/apply_pairings.hpp>
#include <furong/edit/apply_plan.hpp>
#include <furong/edit/without.hpp>
#include <furong/edit/view.hpp>
#include <furong/edit/redact.hpp>
