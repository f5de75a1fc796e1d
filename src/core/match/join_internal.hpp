// File: src/core/match/join_internal.hpp
//
// The records the join works on, shared by join.cpp (matching) and
// findings.cpp (classification, coverage and findings). Internal.
#ifndef DRIFTWISE_SRC_CORE_MATCH_JOIN_INTERNAL_HPP
#define DRIFTWISE_SRC_CORE_MATCH_JOIN_INTERNAL_HPP

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "catalog/identity_view.hpp"
#include "driftwise/catalog.hpp"
#include "driftwise/match.hpp"
#include "match/parallel.hpp"

namespace dw {
inline namespace v1 {
namespace match_internal {

inline constexpr std::uint32_t kNoRecord = ~std::uint32_t{0};

struct IacRecord {
  const StateResource* res = nullptr;
  std::uint32_t state = 0;
  const CatalogEntry* entry = nullptr;
  catalog_internal::IdentityView id;
  std::uint64_t hash = 0;          // IdentityHash(family, id.key)
  std::uint32_t next = kNoRecord;  // next record with the same identity
  std::uint32_t live = kNoRecord;  // the live record it matched
  bool tf_deleted = false;         // Terraform's refresh saw it deleted
  bool ignored = false;
  std::vector<ChangedPath> paths;
};

struct LiveRecord {
  const LiveResource* res = nullptr;
  std::uint32_t inventory = 0;
  const CatalogEntry* entry = nullptr;
  catalog_internal::IdentityView id;
  std::uint64_t hash = 0;         // IdentityHash(family, id.key)
  std::uint32_t iac = kNoRecord;  // first IaC record it matched
  bool duplicate = false;
  bool multi_managed = false;  // the next record of its chain matched it too
  bool ignored = false;
};

struct JoinData {
  std::span<const StateSource> states;
  std::span<const InventorySource> inventories;
  std::vector<IacRecord> iac;
  std::vector<LiveRecord> live;
  std::unordered_set<std::string_view> observed_families;
  std::map<std::string, std::size_t> unmapped_iac_types;
  std::map<std::string, std::size_t> unmapped_live_types;
  // Counted on the way, so that findings can be reserved without another
  // pass over a million records.
  std::size_t unmatched_live = 0;  // live records that matched nothing
  std::size_t matched_iac = 0;     // IaC records a live record matched
  std::size_t iac_with_paths = 0;  // IaC records with changed paths
};

/// Classifies every record, computes coverage and writes sorted findings
/// and notes into `result` (whose summary already holds the totals), on
/// `workers`' threads; the same result for any thread count. The changed
/// paths of `data`'s IaC records are moved into the findings.
void BuildFindings(JoinData& data, const MatchOptions& options,
                   Workers& workers, DriftResult* result);

/// The stable finding id: "dw-" + XXH3-64 hex of the kind and the facts.
std::string FindingId(FindingKind kind, std::string_view family,
                      std::string_view identity);
/// The same, reusing `scratch` for the hashed bytes.
std::string FindingId(FindingKind kind, std::string_view family,
                      std::string_view identity, std::string* scratch);

}  // namespace match_internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_MATCH_JOIN_INTERNAL_HPP
