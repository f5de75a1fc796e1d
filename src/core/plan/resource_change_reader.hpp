// File: src/core/plan/resource_change_reader.hpp
//
// Reading one entry of resource_changes / resource_drift (or a deferred
// change) from its JSON tree into a ResourceChange: its fields, folded
// action, masks and attribute diff. Internal: not installed.
#ifndef DRIFTWISE_SRC_CORE_PLAN_RESOURCE_CHANGE_READER_HPP
#define DRIFTWISE_SRC_CORE_PLAN_RESOURCE_CHANGE_READER_HPP

#include <string>

#include "common/path_set.hpp"
#include "driftwise/json.hpp"
#include "driftwise/plan.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

// Path sets a thread reuses from change to change, so that reading a change
// allocates only what it hands out. Their steps borrow keys from the change
// being read; each is cleared before use.
struct ChangeScratch {
  PathSet unknown, sensitive, changed;
};

/// Fills `rc` from the change object `obj`; `path` names it in errors
/// ("resource_changes[3]"). Values in `rc` (raw, before, after) borrow from
/// obj's tree. Not thread-safe for one `scratch`; one per thread.
Status ReadResourceChange(const JsonValue& obj, const std::string& path,
                          const ParsePlanOptions& options, ResourceChange& rc,
                          ChangeScratch& scratch);

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_PLAN_RESOURCE_CHANGE_READER_HPP
