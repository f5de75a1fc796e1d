// File: bench/workload.hpp
//
// Deterministic generators of large, realistic Terraform plans and states
// for benchmarks: mixed aws/google/azurerm resource types, nested blocks,
// tag maps, lists, JSON policies inside strings, modules with count and
// for_each, replacements, unknown (after_unknown) and sensitive markers, and
// the prior_state / configuration sections real plans carry. Same seed, same
// bytes.
#ifndef DRIFTWISE_BENCH_WORKLOAD_HPP
#define DRIFTWISE_BENCH_WORKLOAD_HPP

#include <cstdint>
#include <string>

namespace dw::bench {

/// A `terraform show -json` plan with `changes` resource changes (about
/// 4.5 KB of JSON per change).
std::string GeneratePlan(int changes, std::uint64_t seed = 42);

/// A state v4 file with `resources` resource instances.
std::string GenerateState(int resources, std::uint64_t seed = 42);

}  // namespace dw::bench

#endif  // DRIFTWISE_BENCH_WORKLOAD_HPP
