// File: fuzz/inventory_fuzzer.cpp
//
// Fuzzes the inventory importers: the first byte picks the format
// (auto-detection or one importer forced), the rest is the input. Every
// resource an importer returns is read back field by field. Must never
// crash, hang or trip a sanitizer. (fuzz/match_drift_fuzzer.cpp feeds
// hostile inventories through matching.)
#include <cstddef>
#include <cstdint>
#include <string>

#include "driftwise/inventory.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  dw::InventoryOptions options;
  switch (data[0] % 8) {
    case 1:
      options.format = dw::InventoryFormat::kDriftwise;
      break;
    case 2:
      options.format = dw::InventoryFormat::kKubectl;
      break;
    case 3:
      options.format = dw::InventoryFormat::kGcpAssetInventory;
      break;
    case 4:
      options.format = dw::InventoryFormat::kAzureResourceGraph;
      break;
    case 5:
      options.format = dw::InventoryFormat::kAwsConfig;
      break;
    case 6:
      options.format = dw::InventoryFormat::kDriftctl;
      options.terraform_type = "aws_security_group";
      break;
    default:
      break;  // auto-detect
  }
  std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  dw::Result<dw::Inventory> inv = dw::ParseInventory(std::move(input), options);
  if (!inv.ok()) return 0;
  std::size_t total = 0;
  for (const dw::LiveResource& r : inv->resources) {
    total += r.provider.size() + r.provider_type.size() +
             r.provider_resource_id.size() + r.region.size() +
             r.account.size() + r.name.size() + r.tags.size();
    if (r.properties.valid()) total += r.properties.ToJson().size();
  }
  for (const dw::SkippedRecord& s : inv->skipped) total += s.reason.size();
  return total == static_cast<std::size_t>(-1);
}
