// The reviewed built-in noise rule catalog, embedded at build time from
// data/builtin_noise_rules.json (see src/core/policy/data/embed_json.py).
#ifndef DRIFTWISE_SRC_CORE_NOISE_BUILTIN_NOISE_RULES_HPP
#define DRIFTWISE_SRC_CORE_NOISE_BUILTIN_NOISE_RULES_HPP

#include <string_view>
#include <vector>

#include "driftwise/validation.hpp"

namespace dw::noise_internal {

/// The catalog JSON text (static storage).
std::string_view BuiltinNoiseRulesJson();

/// Every problem in the embedded catalog (empty when it is valid).
std::vector<ValidationIssue> ValidateBuiltinNoiseRules();

}  // namespace dw::noise_internal

#endif  // DRIFTWISE_SRC_CORE_NOISE_BUILTIN_NOISE_RULES_HPP
