#pragma once
/// @file
/// Umbrella header: everything a program needs to load, query and save a governance network.

#include <furong/dates.hpp>
#include <furong/domain/leader_evaluation.hpp>
#include <furong/error.hpp>
#include <furong/io/csv.hpp>
#include <furong/io/network_files.hpp>
#include <furong/kinds.hpp>
#include <furong/network.hpp>
#include <furong/snapshot.hpp>
