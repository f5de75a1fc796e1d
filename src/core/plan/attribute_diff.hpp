// File: src/core/plan/attribute_diff.hpp
//
// The attribute-level diff of one change: which paths differ between the
// before and after values, and which are unknown or sensitive.
#ifndef DRIFTWISE_SRC_CORE_PLAN_ATTRIBUTE_DIFF_HPP
#define DRIFTWISE_SRC_CORE_PLAN_ATTRIBUTE_DIFF_HPP

#include <vector>

#include "common/path_set.hpp"
#include "driftwise/json.hpp"
#include "driftwise/path.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

/// Appends every leaf path whose value differs between `before` and
/// `after` (an absent side counts as null; a path is reported where either
/// side is a leaf: a scalar, null, or an empty container). `parent` is the
/// object holding both (a change's "change" object). The paths borrow keys
/// from the tree.
void CollectChangedPaths(JsonValue before, JsonValue after,
                         const JsonValue& parent, PathSet& out);

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_PLAN_ATTRIBUTE_DIFF_HPP
