#pragma once
/// @file
/// Umbrella header: everything a program needs to load, query and save a governance network.

#include <furong/dates.hpp>
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
#include <furong/kinds.hpp>
#include <furong/network.hpp>
#include <furong/snapshot.hpp>
