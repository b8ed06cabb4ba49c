#pragma once
/// @file
/// Umbrella header: everything a program needs to load, query and save a governance network.

#include <furong/dates.hpp>
#include <furong/domain/co_building.hpp>
#include <furong/domain/stable_co_building.hpp>
#include <furong/edit/apply_pairings.hpp>
#include <furong/error.hpp>
#include <furong/io/csv.hpp>
#include <furong/io/network_files.hpp>
#include <furong/io/preferences_file.hpp>
#include <furong/kinds.hpp>
#include <furong/network.hpp>
#include <furong/snapshot.hpp>
