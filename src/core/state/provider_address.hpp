// File: src/core/state/provider_address.hpp
//
// Normalizes the provider references found in states:
//   provider["registry.terraform.io/hashicorp/aws"]       (0.13+)
//   provider["registry.terraform.io/hashicorp/aws"].west  (aliased)
//   module.m.provider["..."]                               (module-scoped)
//   provider.aws / provider.aws.west                       (0.12 legacy)
//   registry.terraform.io/hashicorp/aws                    (show -json)
#ifndef DRIFTWISE_SRC_CORE_STATE_PROVIDER_ADDRESS_HPP
#define DRIFTWISE_SRC_CORE_STATE_PROVIDER_ADDRESS_HPP

#include <string>
#include <string_view>

namespace dw {
inline namespace v1 {
namespace internal {

struct ProviderRef {
  std::string source;  // registry.terraform.io/hashicorp/aws
  std::string alias;   // "" when not aliased
};

/// Parses any of the forms above; unknown forms are kept as the source.
ProviderRef ParseProviderRef(std::string_view text);

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_STATE_PROVIDER_ADDRESS_HPP
