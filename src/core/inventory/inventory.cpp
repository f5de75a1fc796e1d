// File: src/core/inventory/inventory.cpp
//
// ParseInventory: a driftwise list is read in parts (inventory_in_parts.cpp);
// anything else is parsed once, its format detected from the document's
// shape (unless the caller named it) and handed to the importer.
// Cloud Asset Inventory exports are also read as JSON Lines, one asset per
// line, which is how `gcloud asset export` writes them.
#include <array>
#include <memory>
#include <optional>
#include <string>

#include "inventory/importers.hpp"
#include "json/json_span.hpp"

namespace dw {
inline namespace v1 {

using namespace inventory_internal;

namespace {

struct FormatName {
  InventoryFormat format;
  std::string_view name;
};
constexpr std::array<FormatName, 7> kFormatNames = {{
    {InventoryFormat::kAuto, "auto"},
    {InventoryFormat::kDriftwise, "driftwise"},
    {InventoryFormat::kKubectl, "kubectl"},
    {InventoryFormat::kGcpAssetInventory, "gcp-cai"},
    {InventoryFormat::kAzureResourceGraph, "azure-resource-graph"},
    {InventoryFormat::kAwsConfig, "aws-config"},
    {InventoryFormat::kDriftctl, "driftctl"},
}};

bool LooksLikeKubernetesObject(JsonValue v) {
  return v.is_object() && v.Get("apiVersion").is_string() &&
         v.Get("kind").is_string() && v.Get("metadata").is_object();
}

}  // namespace

InventoryFormat inventory_internal::DetectFromRecord(JsonValue r) {
  if (!r.is_object()) return InventoryFormat::kAuto;
  if (r.Get("provider_type").valid()) return InventoryFormat::kDriftwise;
  if (r.Get("asset_type").valid() || r.Get("assetType").valid()) {
    return InventoryFormat::kGcpAssetInventory;
  }
  if (r.Get("resourceType").valid() &&
      (r.Get("configuration").valid() || r.Get("resourceId").valid())) {
    return InventoryFormat::kAwsConfig;
  }
  if (LooksLikeKubernetesObject(r)) return InventoryFormat::kKubectl;
  if (r.Get("id").is_string() && r.Get("type").is_string() &&
      (r.Get("subscriptionId").valid() || r.Get("resourceGroup").valid())) {
    return InventoryFormat::kAzureResourceGraph;
  }
  return InventoryFormat::kAuto;
}

namespace {

// Splits `input` into lines and imports each as one CAI asset; used when the
// input is not one JSON document.
Result<Inventory> ParseJsonLines(std::string_view input,
                                 const Status& whole_error) {
  Inventory inv;
  inv.format = InventoryFormat::kGcpAssetInventory;
  std::size_t start = 0, index = 0;
  bool any = false;
  while (start < input.size()) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line(input.data() + start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      Result<JsonDocument> doc = JsonDocument::Parse(line);
      if (!doc.ok()) {
        if (!any) return whole_error;  // not JSONL either: report the parse
        inv.skipped.push_back(
            {index, start, "line is not JSON: " + doc.status().message()});
      } else {
        JsonValue root = doc->root();
        if (!any &&
            DetectFromRecord(root) != InventoryFormat::kGcpAssetInventory) {
          return whole_error;
        }
        any = true;
        inv.documents.push_back(*std::move(doc));
        std::size_t before = inv.resources.size();
        ImportGcpAsset(inv.documents.back().root(), index, {}, &inv);
        for (std::size_t i = before; i < inv.resources.size(); ++i) {
          inv.resources[i].offset += start;
        }
      }
      ++index;
    }
    start = end + 1;
  }
  if (!any) return whole_error;
  return inv;
}

}  // namespace

std::string_view InventoryFormatName(InventoryFormat format) noexcept {
  for (const FormatName& f : kFormatNames) {
    if (f.format == format) return f.name;
  }
  return "unknown";
}

bool ParseInventoryFormatName(std::string_view name,
                              InventoryFormat* out) noexcept {
  for (const FormatName& f : kFormatNames) {
    if (f.name == name) {
      *out = f.format;
      return true;
    }
  }
  return false;
}

InventoryFormat DetectInventoryFormat(const JsonValue& root) noexcept {
  if (root.is_array()) {
    if (root.empty()) return InventoryFormat::kDriftwise;
    for (JsonValue e : root.elements()) {
      InventoryFormat f = DetectFromRecord(e);
      if (f != InventoryFormat::kAuto) return f;
    }
    return InventoryFormat::kAuto;
  }
  if (!root.is_object()) return InventoryFormat::kAuto;
  if (root.Get("resources").is_array()) return InventoryFormat::kDriftwise;
  if (root.Get("configurationItems").valid() ||
      root.Get("baseConfigurationItems").valid() ||
      root.Get("Results").is_array() || root.Get("configurationItem").valid()) {
    return InventoryFormat::kAwsConfig;
  }
  if (root.Get("items").is_array() && root.Get("kind").is_string()) {
    return InventoryFormat::kKubectl;
  }
  if (LooksLikeKubernetesObject(root)) return InventoryFormat::kKubectl;
  if (root.Get("data").valid() || root.Get("responses").is_object()) {
    return InventoryFormat::kAzureResourceGraph;
  }
  InventoryFormat one = DetectFromRecord(root);
  return one;
}

namespace {

// The input parsed as one document (or as JSON Lines) and handed to the
// importer of its format.
Result<Inventory> ReadWhole(const std::shared_ptr<internal::JsonSource>& source,
                            const InventoryOptions& options) {
  Result<JsonDocument> parsed =
      internal::ParseJsonSpan(source, 0, source->size());
  if (!parsed.ok()) {
    if (options.format == InventoryFormat::kAuto ||
        options.format == InventoryFormat::kGcpAssetInventory) {
      Result<Inventory> lines = ParseJsonLines(source->view(), parsed.status());
      if (!lines.ok()) return lines.status().WithContext("inventory");
      return lines;
    }
    return parsed.status().WithContext("inventory");
  }
  Inventory inv;
  inv.documents.push_back(*std::move(parsed));
  JsonValue root = inv.documents.front().root();
  InventoryFormat format = options.format;
  if (format == InventoryFormat::kAuto) {
    format = DetectInventoryFormat(root);
    if (format == InventoryFormat::kAuto && !options.terraform_type.empty()) {
      format = InventoryFormat::kDriftctl;
    }
  }
  inv.format = format;
  Status st;
  switch (format) {
    case InventoryFormat::kDriftwise:
      st = ImportDriftwise(root, options, &inv);
      break;
    case InventoryFormat::kKubectl:
      st = ImportKubectl(root, options, &inv);
      break;
    case InventoryFormat::kGcpAssetInventory:
      st = ImportGcpAssets(root, options, &inv);
      break;
    case InventoryFormat::kAzureResourceGraph:
      st = ImportAzureResourceGraph(root, options, &inv);
      break;
    case InventoryFormat::kAwsConfig:
      st = ImportAwsConfig(root, options, &inv);
      break;
    case InventoryFormat::kDriftctl:
      st = ImportDriftctl(root, options, &inv);
      break;
    case InventoryFormat::kAuto:
      return InvalidArgumentError(
          "inventory: unrecognised format (expected a driftwise resource "
          "list, kubectl List, Cloud Asset Inventory export, Azure Resource "
          "Graph result or AWS Config items; for a driftctl enumeration give "
          "its Terraform type)",
          root.offset());
  }
  if (!st.ok()) return st.WithContext("inventory");
  return inv;
}

Result<Inventory> ParseSource(
    const std::shared_ptr<internal::JsonSource>& source,
    const InventoryOptions& options) {
  std::optional<Inventory> in_parts = ReadInventoryInParts(source, options);
  Result<Inventory> inv = in_parts ? Result<Inventory>(*std::move(in_parts))
                                   : ReadWhole(source, options);
  if (!inv.ok()) return inv;
  for (LiveResource& r : inv->resources) {
    if (r.account.empty()) r.account = options.default_account;
    if (r.region.empty()) r.region = options.default_region;
  }
  return inv;
}

}  // namespace

Result<Inventory> ParseInventory(std::string input,
                                 const InventoryOptions& options) {
  return ParseSource(internal::MakeJsonSource(std::move(input)), options);
}

Result<Inventory> ParseInventoryFile(const std::string& path,
                                     const InventoryOptions& options) {
  DW_ASSIGN_OR_RETURN(std::shared_ptr<internal::JsonSource> source,
                      internal::ReadJsonFile(path));
  return ParseSource(source, options);
}

}  // namespace v1
}  // namespace dw
