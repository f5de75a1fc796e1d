// File: src/core/catalog/catalog_data.hpp
//
// The compiled-in catalog tables, one file per provider plus the property
// mappings. Rows are compact (lists as comma-separated strings) and are
// expanded into CatalogEntry values once, on first use. Internal.
#ifndef DRIFTWISE_SRC_CORE_CATALOG_CATALOG_DATA_HPP
#define DRIFTWISE_SRC_CORE_CATALOG_CATALOG_DATA_HPP

#include <span>
#include <string_view>

#include "driftwise/catalog.hpp"

namespace dw {
inline namespace v1 {
namespace catalog_data {

/// Bump whenever a table below changes.
inline constexpr std::string_view kCatalogVersion = "2026.11.1";

struct TypeRow {
  std::string_view type;
  std::string_view cloud_types;  // "A|B"
  std::string_view identity;     // "arn,id"
  IdentityScheme scheme;
  std::string_view family = {};  // "" = the type itself
  std::string_view tags = {};
  std::string_view tags_all = {};
  std::string_view sets = {};  // "ingress,egress"
  std::string_view live_identity_property = {};
  bool namespaced = true;
};

struct PropertyRow {
  std::string_view type;
  std::string_view live_path;
  std::string_view iac_path;
  Transform transform;
  std::string_view argument = {};
};

std::span<const TypeRow> AwsTypes();
std::span<const TypeRow> GoogleTypes();
std::span<const TypeRow> AzureTypes();
std::span<const TypeRow> KubernetesTypes();
std::span<const TypeRow> OtherTypes();
std::span<const PropertyRow> PropertyRows();

// Row builders: the common shape of each provider's rows.
constexpr TypeRow Aws(std::string_view type, std::string_view cloud,
                      std::string_view identity = "arn,id",
                      std::string_view family = {},
                      std::string_view sets = {}) {
  return TypeRow{type,   cloud,  identity,   IdentityScheme::kAws,
                 family, "tags", "tags_all", sets,
                 {},     true};
}
constexpr TypeRow Gcp(std::string_view type, std::string_view cloud,
                      std::string_view identity = "id,self_link",
                      IdentityScheme scheme = IdentityScheme::kGooglePath,
                      std::string_view sets = {},
                      std::string_view live_identity_property = {}) {
  return TypeRow{type,
                 cloud,
                 identity,
                 scheme,
                 {},
                 "labels",
                 "effective_labels",
                 sets,
                 live_identity_property,
                 true};
}
constexpr TypeRow Az(std::string_view type, std::string_view cloud,
                     std::string_view family = {}, std::string_view sets = {}) {
  return TypeRow{type, cloud, "id", IdentityScheme::kAzure, family, "tags", {},
                 sets, {},    true};
}
constexpr TypeRow K8s(std::string_view type, std::string_view cloud,
                      bool namespaced = true, std::string_view family = {}) {
  return TypeRow{type,   cloud,
                 "id",   IdentityScheme::kKubernetes,
                 family, "metadata[0].labels",
                 {},     {},
                 {},     namespaced};
}

}  // namespace catalog_data
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_CATALOG_CATALOG_DATA_HPP
