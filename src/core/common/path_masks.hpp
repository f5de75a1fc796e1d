// File: src/core/common/path_masks.hpp
//
// Helpers over attribute paths and the boolean masks Terraform writes
// (after_unknown, before_sensitive, sensitive_values, ...). Shared by the
// plan and state readers.
#ifndef DRIFTWISE_SRC_CORE_COMMON_PATH_MASKS_HPP
#define DRIFTWISE_SRC_CORE_COMMON_PATH_MASKS_HPP

#include <string>
#include <vector>

#include "driftwise/json.hpp"
#include "driftwise/path.hpp"

namespace dw {
inline namespace v1 {
namespace internal {
/// Appends every path at which `mask` (an after_unknown or *_sensitive
/// mask) is `true`. A `true` mask at the root yields the empty path.
void CollectTruePaths(JsonValue mask, std::vector<AttributePath>& out);

/// Sorts with PathLess and removes duplicates.
void SortUniquePaths(std::vector<AttributePath>& paths);

/// Formats each path in the §3.1 syntax, keeping the order.
std::vector<std::string> FormatPaths(const std::vector<AttributePath>& paths);

/// The value at `path` inside `root` (absent when any step is missing).
JsonValue ValueAt(JsonValue root, const AttributePath& path);

/// True when `path` equals, extends or is a prefix of any of `marked`
/// (sorted): a change touching a sensitive value, or containing one.
bool TouchesAny(const AttributePath& path,
                const std::vector<AttributePath>& marked);

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_COMMON_PATH_MASKS_HPP
