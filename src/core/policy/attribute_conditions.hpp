// The condition ops of built-in attribute rules, evaluated on a change's
// planned values.
#ifndef DRIFTWISE_SRC_CORE_POLICY_ATTRIBUTE_CONDITIONS_HPP
#define DRIFTWISE_SRC_CORE_POLICY_ATTRIBUTE_CONDITIONS_HPP

#include <string>
#include <utility>
#include <vector>

#include "driftwise/json.hpp"
#include "driftwise/plan.hpp"

namespace dw::policy_internal {

/// An attribute rule's condition, compiled (value parsed once).
struct CompiledCondition {
  std::string op;
  JsonDocument value;  // root() absent when the op takes no value
  std::vector<std::pair<std::string, JsonDocument>> where;
  bool on_create = true;
};

/// Ops decided per change rather than per changed path.
bool IsChangeLevelOp(std::string_view op);

/// Evaluates a per-path op on the values at the node the rule's attribute
/// glob selected (`before`/`after` absent when missing). `change` gives
/// the action and the sibling values for `where`.
bool PathConditionHolds(const CompiledCondition& c,
                        const ResourceChange& change, const JsonValue& before,
                        const JsonValue& after, bool after_unknown);

/// For contains_any: whether `v` (JSON documents in strings included)
/// holds one of the condition's values, and the rule's `where` holds.
bool ContainsTarget(const CompiledCondition& c, const ResourceChange& change,
                    const JsonValue& v);

/// Evaluates a change-level op (resource_created, resource_deleted,
/// range_covers, principal_wildcard_without_source_arn).
bool ChangeConditionHolds(const CompiledCondition& c,
                          const ResourceChange& change);

}  // namespace dw::policy_internal

#endif  // DRIFTWISE_SRC_CORE_POLICY_ATTRIBUTE_CONDITIONS_HPP
