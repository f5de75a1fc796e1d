// The reviewed built-in risk catalog, embedded at build time from
// data/builtin_risk_catalog.json (see data/embed_json.py).
#ifndef DRIFTWISE_SRC_CORE_POLICY_BUILTIN_RISK_CATALOG_HPP
#define DRIFTWISE_SRC_CORE_POLICY_BUILTIN_RISK_CATALOG_HPP

#include <string_view>
#include <vector>

#include "driftwise/policy.hpp"
#include "driftwise/validation.hpp"

namespace dw::policy_internal {

/// The catalog JSON text (static storage).
std::string_view BuiltinRiskCatalogJson();

/// The whole parsed catalog (parsed once, immutable).
const RiskCatalog& FullCatalog();

/// Every problem of the embedded catalog (empty when valid); for tests.
std::vector<ValidationIssue> ValidateBuiltinRiskCatalog();

/// The provider a resource type belongs to, from its prefix: aws, google,
/// azurerm, kubernetes, or "" when unknown.
std::string_view ProviderOfType(std::string_view resource_type);

}  // namespace dw::policy_internal

#endif  // DRIFTWISE_SRC_CORE_POLICY_BUILTIN_RISK_CATALOG_HPP
