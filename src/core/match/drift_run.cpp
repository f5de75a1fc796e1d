// File: src/core/match/drift_run.cpp
//
// ComputeDrift with the .driftignore rules as text: the one drift run the
// CLI, the C ABI and Python share (each used to parse the rules itself).
#include <utility>

#include "driftwise/match.hpp"

namespace dw {
inline namespace v1 {

Result<DriftResult> ComputeDrift(std::span<const StateSource> states,
                                 std::span<const InventorySource> inventories,
                                 std::span<const PlanSource> refresh_plans,
                                 std::string_view driftignore,
                                 MatchOptions options) {
  options.ignore = DriftIgnore{};
  if (!driftignore.empty()) {
    Result<DriftIgnore> rules = ParseDriftIgnore(driftignore);
    if (!rules.ok()) return rules.status().WithContext(".driftignore");
    options.ignore = *std::move(rules);
  }
  return ComputeDrift(states, inventories, refresh_plans, options);
}

}  // namespace v1
}  // namespace dw
