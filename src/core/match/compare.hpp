// File: src/core/match/compare.hpp
//
// Attribute comparison of one matched pair (state resource vs live
// resource) through the catalog's property mappings and tags. Internal.
#ifndef DRIFTWISE_SRC_CORE_MATCH_COMPARE_HPP
#define DRIFTWISE_SRC_CORE_MATCH_COMPARE_HPP

#include <cstdint>
#include <string>
#include <vector>

#include "driftwise/catalog.hpp"
#include "driftwise/inventory.hpp"
#include "driftwise/path.hpp"

namespace dw {
inline namespace v1 {
namespace match_internal {

/// One differing path with the two values (compact JSON, "" = absent).
struct PathDiff {
  std::string path;
  std::string iac_value;
  std::string live_value;
};

/// Per-entry data prepared once per run (parsed attribute paths).
struct EntryPlan {
  std::vector<AttributePath> iac_paths;  // parallel to entry.properties
  // Indices of the mappings whose path starts with a key (most), and of
  // those that start otherwise: Terraform-shaped live records are compared
  // by walking their few members once instead of looking up every mapping.
  std::vector<std::uint32_t> keyed_mappings;
  std::vector<std::uint32_t> other_mappings;
  AttributePath tags_path;
  AttributePath tags_all_path;
  std::string_view reserved_tag_prefix;  // "aws:", "goog-" or ""
};
EntryPlan MakeEntryPlan(const CatalogEntry& entry);

/// Appends every difference the inventory shows between `attributes`
/// (state) and `live`.
void CompareWithLive(const CatalogEntry& entry, const EntryPlan& plan,
                     const JsonValue& attributes, const LiveResource& live,
                     std::vector<PathDiff>* out);

}  // namespace match_internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_MATCH_COMPARE_HPP
