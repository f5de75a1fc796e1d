// The deterministic narrative of an assessment: plain sentences built only
// from its facts (counts, findings, rules, noise), in a fixed order, so the
// same plan always reads the same.
#ifndef DRIFTWISE_SRC_CORE_POLICY_NARRATIVE_HPP
#define DRIFTWISE_SRC_CORE_POLICY_NARRATIVE_HPP

#include <string>

#include "driftwise/policy.hpp"

namespace dw::policy_internal {

/// Findings named one by one before the rest is summarized.
inline constexpr std::size_t kNarrativeFindings = 10;

std::string Narrative(const Assessment& a);

}  // namespace dw::policy_internal

#endif  // DRIFTWISE_SRC_CORE_POLICY_NARRATIVE_HPP
