// File: driftwise/catalog.hpp
//
// The resource catalog (docs/design.md §3.4): for each Terraform resource type,
// the cloud type(s) an inventory lists it as, the identity it is found by, the
// property mappings from the live API's shape to Terraform attribute paths,
// and which of its attributes are sets. The data is compiled into the
// library and versioned (Catalog::version()); Catalog::entries() lists it.
//
// Identity: a Terraform resource and a live resource are the same object
// when their normalized identities are equal. StateIdentity() reads it from
// state attributes, LiveIdentity() from a LiveResource; both normalize with
// the entry's IdentityScheme (an AWS ARN and the ID it ends in are one key,
// GCP self-links and CAI names lose their service prefix, Azure ARM IDs are
// compared case-insensitively, Kubernetes objects are "namespace/name").
//
// Example:
//   const dw::Catalog& cat = dw::Catalog::Builtin();
//   const dw::CatalogEntry* e = cat.Find("aws_s3_bucket");
//   std::string key = dw::StateIdentity(*e, attributes).key;
//
// Ownership: entries live as long as the program (static, immutable data).
// Thread-safety: everything here is immutable and safe to use concurrently.
#ifndef DRIFTWISE_CATALOG_HPP
#define DRIFTWISE_CATALOG_HPP

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/inventory.hpp"
#include "driftwise/json.hpp"
#include "driftwise/path.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// How a type's identity values are normalized before the join.
enum class IdentityScheme : std::uint8_t {
  kPlain,  // compared as written
  kAws,    // ARN -> its resource id (last '/' or ':' part); URL -> last part
  kGooglePath,  // "//svc.googleapis.com/" and self-link URL prefixes dropped
  kGoogleName,  // the last path segment (bucket, SQL instance, cluster names)
  kAzure,       // ARM ID, lower-cased, no trailing '/'
  kKubernetes,  // "namespace/name" (or "name" for cluster-scoped kinds)
};

/// How a live value is compared with a Terraform attribute.
enum class Transform : std::uint8_t {
  kEqual,            // JSON equality after normalization (null≈[]≈{}≈"")
  kNumber,           // numbers and numeric strings ("30" == 30)
  kBool,             // booleans and "true"/"false"
  kJsonDocument,     // a JSON document in a string or as an object (policies)
  kCaseInsensitive,  // strings compared case-insensitively
  kStringSet,        // unordered list of scalars (a lone scalar is a 1-set)
  kLastSegment,      // self-link/URL vs name: compared by last '/' segment
  kDnsName,          // lower-case, trailing dot ignored
  kAzureLocation,    // "West Europe" == "westeurope"
  kAwsSecurityGroupRules,  // IpPermissions vs ingress/egress blocks
  kObjectSet,  // list of objects, order-free, keys renamed per `argument`
};

/// One live-property -> Terraform-attribute mapping.
struct PropertyMapping {
  /// Path into LiveResource::properties: keys separated by '.', matched
  /// exactly or else case-insensitively; `[*]` projects every element of a
  /// list; `[Key=Value]` selects the first element whose Key equals Value.
  std::string_view live_path;
  /// Terraform attribute path in the §3.1 syntax ("versioning[0].enabled").
  std::string_view iac_path;
  Transform transform = Transform::kEqual;
  /// kObjectSet: "LiveKey=tf_key,LiveKey2=tf_key2".
  std::string_view argument;
};

/// What the catalog knows about one Terraform resource type.
struct CatalogEntry {
  std::string_view terraform_type;  // "aws_s3_bucket"
  std::string_view provider;        // "aws", "google", "azurerm", ...
  /// Types of one family match each other (aws_default_vpc and aws_vpc are
  /// the same cloud object); the family is the primary type's name.
  std::string_view family;
  /// The cloud's type names for it (first = preferred); empty when no
  /// inventory lists the type on its own (e.g. policy attachments).
  std::vector<std::string_view> cloud_types;
  /// State attributes holding the identity, tried in order.
  std::vector<std::string_view> identity_attributes;
  IdentityScheme scheme = IdentityScheme::kPlain;
  /// Live property holding the identity when provider_resource_id is not
  /// the right form (e.g. GCP projects: "projectId"); "" otherwise.
  std::string_view live_identity_property;
  /// Terraform attribute with the resource's own tags/labels and the one
  /// with the effective set (provider defaults merged); "" when none.
  std::string_view tags_attribute;
  std::string_view tags_all_attribute;
  /// Top-level attributes Terraform stores as sets: compared order-free and
  /// reported at the attribute, never at an element index.
  std::vector<std::string_view> set_attributes;
  /// Live-to-Terraform property mappings.
  std::vector<PropertyMapping> properties;
  /// Kubernetes: whether objects of the kind live in a namespace.
  bool namespaced = true;
};

/// The normalized identity of a resource plus what disambiguates equal keys
/// (account and region, "" when unknown).
struct ResourceIdentity {
  std::string key;      // "" when the resource has no identity
  std::string raw;      // the value it came from
  std::string account;  // from an ARN, a GCP path or an ARM ID
  std::string region;
};

class Catalog {
 public:
  /// The built-in catalog. Built on first use; never changes afterwards.
  static const Catalog& Builtin();

  /// Catalog data version, "YYYY.MM.N"; changes whenever the data does.
  std::string_view version() const noexcept { return version_; }
  /// Every entry, sorted by terraform_type.
  std::span<const CatalogEntry> entries() const noexcept { return entries_; }
  /// The entry for a Terraform type, or null.
  const CatalogEntry* Find(std::string_view terraform_type) const noexcept;
  /// The preferred entry for a cloud type (Azure types match
  /// case-insensitively), or null.
  const CatalogEntry* FindByCloudType(
      std::string_view provider_type) const noexcept;
  /// The entry a live resource belongs to: its normalized_type when set,
  /// else its provider_type. Null when the catalog does not know it.
  const CatalogEntry* Resolve(const LiveResource& resource) const noexcept;

 private:
  Catalog() = default;
  std::string_view version_;
  std::vector<CatalogEntry> entries_;
  std::vector<std::pair<std::string, const CatalogEntry*>> by_cloud_type_;
};

/// Normalizes one identity value under `scheme` (see IdentityScheme).
std::string NormalizeIdentity(IdentityScheme scheme, std::string_view raw);

/// The identity of a state resource's attributes; key "" when none of the
/// entry's identity attributes is a non-empty string.
ResourceIdentity StateIdentity(const CatalogEntry& entry,
                               const JsonValue& attributes);
/// The identity of a live resource under `entry`.
ResourceIdentity LiveIdentity(const CatalogEntry& entry,
                              const LiveResource& resource);

/// When `resource` is one the provider creates by itself (a default VPC,
/// subnet or security group, an AWS-managed role, key or policy, the
/// default GCP network, a kube-system object, ...), why; std::nullopt
/// otherwise. `entry` may be null.
std::optional<std::string> ProviderDefaultReason(const CatalogEntry* entry,
                                                 const LiveResource& resource);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_CATALOG_HPP
