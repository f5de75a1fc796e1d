// File: src/core/match/ignore_match.hpp
// Applies .driftignore rules to resources and changed paths. Internal.
#ifndef DRIFTWISE_SRC_CORE_MATCH_IGNORE_MATCH_HPP
#define DRIFTWISE_SRC_CORE_MATCH_IGNORE_MATCH_HPP

#include <span>
#include <string_view>

#include "driftwise/match.hpp"

namespace dw {
inline namespace v1 {
namespace match_internal {

/// What a rule is matched against: type names (Terraform and cloud) and
/// identifiers (identity, address, cloud id, name).
struct IgnoreSubject {
  std::span<const std::string_view> types;
  std::span<const std::string_view> ids;
};

class IgnoreMatcher {
 public:
  explicit IgnoreMatcher(const DriftIgnore& rules) : rules_(&rules) {}
  bool empty() const { return rules_->rules.empty(); }
  /// With an empty path: is the whole resource ignored? With a path: is
  /// that changed path ignored (a whole-resource rule also covers it)?
  bool Ignored(const IgnoreSubject& subject, std::string_view path = {}) const;

 private:
  const DriftIgnore* rules_;
};

}  // namespace match_internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_MATCH_IGNORE_MATCH_HPP
