// File: driftwise/inventory.hpp
//
// Live inventory (docs/design.md §3.3): the resources a cloud API lists, in one
// model whatever the source, and the importers that read each source.
//
// One LiveResource is {provider, provider_type, normalized_type,
// provider_resource_id, region, account, name, properties, tags}. Importers:
//   - kDriftwise: driftwise's own JSON, an array of LiveResource objects
//     or {"resources": [...], "covered_types": [...]}; a record with
//     "properties_shape": "terraform" has Terraform-named properties.
//   - kKubectl: `kubectl get ... -o json` (a `kind: List`, or one object).
//   - kGcpAssetInventory: Cloud Asset Inventory exports (array or JSONL).
//   - kAzureResourceGraph: Resource Graph results ({"data": [...]}, the
//     {columns, rows} table form, or the REST example wrapper).
//   - kAwsConfig: AWS Config configuration items (snapshot files,
//     get-resource-config-history, batch-get-resource-config,
//     select-resource-config results).
//   - kDriftctl: driftctl's normalised enumeration, an array of
//     Terraform-shaped attribute objects of one type (named by
//     InventoryOptions::terraform_type).
//
// A record an importer cannot read (not an object, no identity, a deleted
// configuration item, an aggregate row) is skipped and listed in
// Inventory::skipped with its index, byte offset and reason; it never fails
// the whole import. Only input that is not JSON at all, or whose shape no
// importer recognises, is an error.
//
// Ownership: an Inventory owns the parsed documents; the JsonValues inside
// its resources live as long as the Inventory (or a copy of it).
// Thread-safety: ParseInventory is reentrant (with InventoryOptions::threads
// other than 1 it starts its own threads and joins them before it returns);
// a parsed Inventory is immutable and may be read from several threads.
#ifndef DRIFTWISE_INVENTORY_HPP
#define DRIFTWISE_INVENTORY_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "driftwise/json.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// One tag (AWS), label (GCP, Kubernetes) or Azure tag.
struct LiveTag {
  std::string key;
  std::string value;
  friend bool operator==(const LiveTag&, const LiveTag&) = default;
};

/// One resource as the cloud lists it.
struct LiveResource {
  /// Terraform provider name: "aws", "google", "azurerm", "kubernetes",
  /// "github", ... (importers map "gcp"/"azure"/"k8s" to these).
  std::string provider;
  /// The cloud's own type: "AWS::S3::Bucket", "storage.googleapis.com/Bucket",
  /// "Microsoft.Storage/storageAccounts", "apps/Deployment".
  std::string provider_type;
  /// Terraform type when the source says it (driftctl, or a driftwise record
  /// with "normalized_type"); "" lets the catalog resolve provider_type.
  std::string normalized_type;
  /// The cloud's identifier: an ARN or ID, a CAI name, an ARM ID,
  /// "namespace/name" for namespaced Kubernetes objects.
  std::string provider_resource_id;
  std::string region;   // "" when unknown; "global" for global services
  std::string account;  // AWS account, GCP project, Azure subscription, cluster
  std::string name;
  /// The resource's attributes in the source's shape (absent when none).
  JsonValue properties;
  /// True when `properties` uses Terraform attribute names (driftctl).
  bool terraform_shaped = false;
  /// Tags/labels, sorted by key; has_tags is false when the source did not
  /// say (which is not the same as "no tags").
  std::vector<LiveTag> tags;
  bool has_tags = false;
  /// Byte offset of the record in its input (for messages).
  std::uint64_t offset = 0;
};

enum class InventoryFormat : std::uint8_t {
  kAuto,
  kDriftwise,
  kKubectl,
  kGcpAssetInventory,
  kAzureResourceGraph,
  kAwsConfig,
  kDriftctl,
};

/// "auto", "driftwise", "kubectl", "gcp-cai", "azure-resource-graph",
/// "aws-config", "driftctl".
std::string_view InventoryFormatName(InventoryFormat format) noexcept;
/// Inverse of InventoryFormatName; false for an unknown name.
bool ParseInventoryFormatName(std::string_view name,
                              InventoryFormat* out) noexcept;

/// A record an importer could not read.
struct SkippedRecord {
  std::size_t index = 0;     // position in the input's record list
  std::uint64_t offset = 0;  // byte offset of the record
  std::string reason;
};

struct InventoryOptions {
  InventoryFormat format = InventoryFormat::kAuto;
  /// kDriftctl: the Terraform type of every record (the enumeration files
  /// do not carry it). Required for that format; ignored by the others.
  std::string terraform_type;
  /// Filled into resources whose source does not say (e.g. a kubectl
  /// listing has no cluster name, a driftctl record no account).
  std::string default_account;
  std::string default_region;
  /// Threads that read the records of a large driftwise-format list: 1
  /// (the default) uses only the calling thread; 0 uses one per core (at
  /// most 8). The result does not depend on it. Such a list is read in
  /// parts whatever the count (a first pass finds each record, then
  /// batches of records are parsed and read); other formats, and input the
  /// first pass does not accept, are read whole.
  int threads = 1;
};

/// The resources of one input.
struct Inventory {
  InventoryFormat format = InventoryFormat::kAuto;  // the format read
  std::vector<LiveResource> resources;
  std::vector<SkippedRecord> skipped;
  /// Provider types the source declares it enumerated completely (own
  /// format only); a state resource of such a type that is not listed is
  /// missing even when no resource of the type is listed at all.
  std::vector<std::string> covered_types;
  /// The parsed documents: one; one per line for JSONL inputs; or, for a
  /// list read in parts, one per top-level field and per batch of records.
  std::vector<JsonDocument> documents;
};

/// Parses `input` (taking ownership) with the given or detected format.
/// Errors: kInvalidArgument for input that is not JSON (with the byte
/// offset), for a shape no importer recognises, or for kDriftctl without a
/// terraform_type.
Result<Inventory> ParseInventory(std::string input,
                                 const InventoryOptions& options = {});
/// Parses the inventory file at `path` (memory-mapped when regular), as
/// ParseInventory. Errors: also kNotFound (and others) when the file
/// cannot be opened or read.
Result<Inventory> ParseInventoryFile(const std::string& path,
                                     const InventoryOptions& options = {});

/// Detects the format of a parsed document; kAuto when unrecognised.
InventoryFormat DetectInventoryFormat(const JsonValue& root) noexcept;

/// The Terraform type a driftctl enumeration golden file is named after,
/// e.g. "aws_ec2_instance_multiple__results.json" -> "aws_instance";
/// "" when the name says nothing usable.
std::string DriftctlTypeFromFileName(std::string_view file_name);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_INVENTORY_HPP
