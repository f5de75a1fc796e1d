// File: server/api/inventory_ingest.cpp
#include "api/inventory_ingest.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "driftwise/catalog.hpp"

namespace dw::server {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string TagsJson(const LiveResource& r) {
  nlohmann::json tags = nlohmann::json::array();
  for (const LiveTag& t : r.tags) {
    tags.push_back({{"key", t.key}, {"value", t.value}});
  }
  return tags.dump();
}

nlohmann::json Rejection(std::size_t index, std::uint64_t offset,
                         std::string field, std::string reason) {
  return {{"index", index},
          {"offset", offset},
          {"field", std::move(field)},
          {"reason", std::move(reason)}};
}

}  // namespace

std::string DescribeParseError(std::string_view what, const Status& s) {
  // The engine's messages may already start with what they are about.
  std::string out = s.message().starts_with(std::string(what) + ":")
                        ? s.message()
                        : std::string(what) + ": " + s.message();
  if (s.has_offset()) out += " (byte offset " + std::to_string(s.offset());
  if (!s.json_path().empty()) {
    out += (s.has_offset() ? ", at " : " (at ") + s.json_path();
  }
  if (s.has_offset() || !s.json_path().empty()) out += ")";
  return out;
}

std::string FieldOfSkipReason(std::string_view reason) {
  // The importers' reasons name what was missing or malformed; the longest
  // names come first so "metadata.labels" wins over "labels".
  static constexpr std::string_view kFields[] = {
      "provider_resource_id",
      "resource.data.labels",
      "metadata.labels",
      "metadata.name",
      "provider_type",
      "resourceType",
      "resourceId",
      "asset_type",
      "configuration",
      "result",
      "resource",
      "tags",
      "kind",
      "name",
      "id",
  };
  for (std::string_view f : kFields) {
    std::size_t at = reason.find(f);
    if (at == std::string_view::npos) continue;
    // Whole words only ("id" inside "identity" is not the field id).
    const bool starts =
        at == 0 || !std::isalnum(static_cast<unsigned char>(reason[at - 1]));
    const std::size_t end = at + f.size();
    const bool ends = end == reason.size() ||
                      !(std::isalnum(static_cast<unsigned char>(reason[end])) ||
                        reason[end] == '_');
    if (starts && ends) return std::string(f);
  }
  return "record";
}

IngestedInventory RowsOfInventory(const Inventory& inventory,
                                  const CloudAccount& account) {
  IngestedInventory out;
  out.format = std::string(InventoryFormatName(inventory.format));
  out.covered_types = inventory.covered_types;
  // Skipped records and kept resources interleave in input order; the
  // engine reports skips with their index, kept resources with their byte
  // offset only, so rejections are listed in index order.
  for (const SkippedRecord& s : inventory.skipped) {
    out.rejected.push_back(
        Rejection(s.index, s.offset, FieldOfSkipReason(s.reason), s.reason));
  }
  const Catalog& catalog = Catalog::Builtin();
  std::unordered_set<std::string> seen;
  out.rows.reserve(inventory.resources.size());
  // A resource's record index is not kept by the engine; count the records
  // in offset order (skipped and kept together) to name it.
  std::vector<std::uint64_t> skipped_offsets;
  for (const SkippedRecord& s : inventory.skipped) {
    skipped_offsets.push_back(s.offset);
  }
  std::sort(skipped_offsets.begin(), skipped_offsets.end());
  std::size_t kept = 0;
  for (const LiveResource& r : inventory.resources) {
    const std::size_t skipped_before = static_cast<std::size_t>(
        std::lower_bound(skipped_offsets.begin(), skipped_offsets.end(),
                         r.offset) -
        skipped_offsets.begin());
    const std::size_t index = kept + skipped_before;
    ++kept;
    if (!r.account.empty() &&
        !EqualsIgnoreCase(r.account, account.external_account_id)) {
      out.rejected.push_back(Rejection(
          index, r.offset, "account",
          "record belongs to account '" + r.account + "', not '" +
              account.external_account_id + "' (this cloud account)"));
      continue;
    }
    std::string key = r.provider_type;
    key += '\x1f';
    key += r.provider_resource_id;
    if (!seen.insert(key).second) {
      out.rejected.push_back(Rejection(
          index, r.offset, "provider_resource_id",
          "repeats an earlier record with provider_type '" + r.provider_type +
              "' and provider_resource_id '" + r.provider_resource_id + "'"));
      continue;
    }
    LiveResourceRow row;
    row.provider = r.provider;
    row.provider_type = r.provider_type;
    row.normalized_type = r.normalized_type;
    row.provider_resource_id = r.provider_resource_id;
    row.region = r.region;
    row.account = r.account;
    row.name = r.name;
    row.properties = r.properties.valid() ? r.properties.ToJson() : "null";
    row.terraform_shaped = r.terraform_shaped;
    row.tags = TagsJson(r);
    row.has_tags = r.has_tags;
    if (const CatalogEntry* entry = catalog.Resolve(r)) {
      row.identity_key = LiveIdentity(*entry, r).key;
    }
    // Pushed inventories carry the properties the source listed: there is
    // nothing more to fetch for them.
    row.enrichment_status = "n/a";
    out.rows.push_back(std::move(row));
  }
  std::stable_sort(out.rejected.begin(), out.rejected.end(),
                   [](const nlohmann::json& a, const nlohmann::json& b) {
                     return a["index"].get<std::size_t>() <
                            b["index"].get<std::size_t>();
                   });
  return out;
}

Result<IngestedInventory> IngestInventory(std::string body,
                                          InventoryOptions options,
                                          const CloudAccount& account) {
  options.default_account = account.external_account_id;
  options.threads = 1;  // a request thread; the server has others to serve
  DW_ASSIGN_OR_RETURN(Inventory inventory,
                      ParseInventory(std::move(body), options));
  return RowsOfInventory(inventory, account);
}

}  // namespace dw::server
