// File: fuzz/inventory_fuzzer.cpp
//
// Fuzzes the inventory importers: the first byte picks the format
// (auto-detection or one importer forced), the rest is the input. Every
// resource an importer returns is read back field by field. Must never
// crash, hang or trip a sanitizer. (fuzz/match_drift_fuzzer.cpp feeds
// hostile inventories through matching.) A driftwise list is read in parts
// unless the first pass refuses it: the same records in a form that pass
// always refuses (an escaped top-level key first) must read the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "driftwise/inventory.hpp"

namespace {

// `input` (an array or an object) in a form read whole, and how far its
// records moved; "" when it is neither.
std::string ForWholeRead(std::string_view input, std::size_t* shift) {
  std::size_t first = input.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  if (input[first] == '[') {
    const std::string head = R"({"\u005f": 0, "resources": )";
    *shift = head.size();
    return head + std::string(input) + "}";
  }
  std::size_t next = input.find_first_not_of(" \t\r\n", first + 1);
  if (input[first] != '{' || next == std::string_view::npos ||
      input[next] == '}') {
    return {};
  }
  const std::string key = R"("\u005f": 0, )";
  *shift = key.size();
  std::string out(input);
  out.insert(first + 1, key);
  return out;
}

// A driftwise list reads the same in parts and whole. (Read whole, nesting
// counts from the top of the file; in parts, from each record: only the
// whole read can find a record nested too deeply.)
void CheckSameAsWholeRead(std::string_view input,
                          const dw::InventoryOptions& options,
                          const dw::Inventory& parts) {
  if (parts.format != dw::InventoryFormat::kDriftwise) return;
  std::size_t shift = 0;
  std::string whole_input = ForWholeRead(input, &shift);
  if (whole_input.empty()) return;
  dw::Result<dw::Inventory> whole =
      dw::ParseInventory(std::move(whole_input), options);
  if (!whole.ok()) {
    if (whole.status().message().find("nested deeper") != std::string::npos) {
      return;
    }
    std::abort();
  }
  if (whole->resources.size() != parts.resources.size() ||
      whole->skipped.size() != parts.skipped.size() ||
      whole->covered_types != parts.covered_types) {
    std::abort();
  }
  for (std::size_t i = 0; i < parts.resources.size(); ++i) {
    const dw::LiveResource& a = parts.resources[i];
    const dw::LiveResource& b = whole->resources[i];
    if (a.provider_resource_id != b.provider_resource_id ||
        a.provider_type != b.provider_type || a.tags != b.tags ||
        a.offset + shift != b.offset ||
        a.properties.ToJson() != b.properties.ToJson()) {
      std::abort();
    }
  }
}

}  // namespace

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
  options.threads = data[0] & 8 ? 2 : 1;
  std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  dw::Result<dw::Inventory> inv = dw::ParseInventory(input, options);
  if (!inv.ok()) return 0;
  if (options.format == dw::InventoryFormat::kAuto ||
      options.format == dw::InventoryFormat::kDriftwise) {
    CheckSameAsWholeRead(input, options, *inv);
  }
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
