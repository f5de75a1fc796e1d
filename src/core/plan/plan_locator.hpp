// File: src/core/plan/plan_locator.hpp
//
// The fast first pass over a plan: the top-level locator
// (json/top_level_locator.hpp) with resource_changes and resource_drift as
// its lists. For the plans it accepts, it locates exactly what the
// On-Demand reader locates; for anything else it returns false and the
// On-Demand reader, which names every problem exactly, reads the plan.
#ifndef DRIFTWISE_SRC_CORE_PLAN_PLAN_LOCATOR_HPP
#define DRIFTWISE_SRC_CORE_PLAN_PLAN_LOCATOR_HPP

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "json/top_level_locator.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

/// One entry of a change list: the bytes of the object.
struct LocatedChange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  bool drift = false;       // in resource_drift rather than resource_changes
  std::uint32_t index = 0;  // position in its list
};

struct LocatedPlan {
  std::vector<LocatedField> fields;    // in input order
  std::vector<LocatedChange> changes;  // in input order
};

/// Locates the fields and changes of the plan in `source`. Returns false
/// (with `out` in an unspecified state) when the caller must use the
/// On-Demand reader instead. When `on_change` is set, each change goes to
/// it as soon as it is found (so parsing can start while the locator
/// walks on), in input order, instead of into out.changes; a false return
/// can then come after some changes were passed on. Thread-safe.
bool LocatePlan(
    const JsonSource& source, LocatedPlan& out,
    const std::function<void(const LocatedChange&)>& on_change = nullptr);

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_PLAN_PLAN_LOCATOR_HPP
