// File: src/core/inventory/importers.hpp
//
// The per-format importers behind ParseInventory, and the helpers they
// share. Each importer appends to `out->resources`, records what it skips in
// `out->skipped`, and returns an error only when the document's shape is not
// its format at all. Internal: not installed.
#ifndef DRIFTWISE_SRC_CORE_INVENTORY_IMPORTERS_HPP
#define DRIFTWISE_SRC_CORE_INVENTORY_IMPORTERS_HPP

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "driftwise/inventory.hpp"
#include "json/json_impl.hpp"

namespace dw {
inline namespace v1 {
namespace inventory_internal {

Status ImportDriftwise(JsonValue root, const InventoryOptions& options,
                       Inventory* out);
/// One record of a driftwise list (`index`: its position in the list).
void ReadDriftwiseRecord(JsonValue record, std::size_t index, Inventory* out);
/// The format one record of a top-level array is in; kAuto when unknown.
InventoryFormat DetectFromRecord(JsonValue record);
/// A driftwise list read in parts (inventory_in_parts.cpp): nothing when the
/// input is not one, or the first pass refuses it; the caller then reads
/// the input whole.
std::optional<Inventory> ReadInventoryInParts(
    const std::shared_ptr<const internal::JsonSource>& source,
    const InventoryOptions& options);
Status ImportKubectl(JsonValue root, const InventoryOptions& options,
                     Inventory* out);
Status ImportGcpAssets(JsonValue root, const InventoryOptions& options,
                       Inventory* out);
/// One CAI record (JSONL inputs call this per line).
void ImportGcpAsset(JsonValue record, std::size_t index,
                    const InventoryOptions& options, Inventory* out);
Status ImportAzureResourceGraph(JsonValue root, const InventoryOptions& options,
                                Inventory* out);
Status ImportAwsConfig(JsonValue root, const InventoryOptions& options,
                       Inventory* out);
Status ImportDriftctl(JsonValue root, const InventoryOptions& options,
                      Inventory* out);

// Shared helpers ------------------------------------------------------------

/// The string at `key`, or "" when absent or not a string.
std::string_view StringField(JsonValue object, std::string_view key);
/// The first non-empty string among `keys`.
std::string_view FirstString(JsonValue object,
                             std::initializer_list<std::string_view> keys);
/// Reads tags from an object map ({"k": "v"}) or an AWS tag list
/// ([{"Key": k, "Value": v}] / [{"key": k, "value": v}]) into `resource`.
/// Non-string values are kept as their JSON text. False when `tags` is
/// neither shape (and is not null).
bool ReadTags(JsonValue tags, LiveResource* resource);
/// "gcp" -> "google", "azure" -> "azurerm", "k8s" -> "kubernetes", lower-case.
std::string CanonicalProvider(std::string_view provider);
/// Region and account parts of an ARN ("" when not an ARN).
std::string_view ArnRegion(std::string_view arn);
std::string_view ArnAccount(std::string_view arn);
/// The last '/'-separated segment of a URL or resource path.
std::string_view LastSegment(std::string_view path);
/// Records a skipped record.
void Skip(Inventory* out, std::size_t index, JsonValue record,
          std::string reason);
/// Parses `text` as JSON into a new document kept by `out`; absent on error.
JsonValue ParseEmbedded(std::string_view text, Inventory* out);

}  // namespace inventory_internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_INVENTORY_IMPORTERS_HPP
