// File: src/core/inventory/import_gcp_cai.cpp
//
// Google Cloud Asset Inventory records:
//   {"name": "//storage.googleapis.com/b", "asset_type":
//   "storage.googleapis.com/Bucket",
//    "resource": {"data": {...}, "location": "...", "parent": "..."}, ...}
// (export files, `gcloud asset list --format=json`, camelCase or snake_case).
// Records that carry only an IAM policy describe a policy, not a resource,
// and are skipped with that reason.
#include <algorithm>
#include <cctype>

#include "inventory/importers.hpp"

namespace dw {
inline namespace v1 {
namespace inventory_internal {

namespace {

// The value after "/<collection>/" in a resource name ("" when absent).
std::string_view PathValue(std::string_view name, std::string_view collection) {
  std::string needle = "/" + std::string(collection) + "/";
  std::size_t p = name.find(needle);
  if (p == std::string_view::npos) return {};
  std::string_view rest = name.substr(p + needle.size());
  return rest.substr(0, rest.find('/'));
}

// "us-central1-a" -> "us-central1" (zones end in "-<letter>").
std::string ZoneToRegion(std::string_view zone) {
  std::size_t dash = zone.rfind('-');
  if (dash != std::string_view::npos && dash + 2 == zone.size() &&
      std::isalpha(static_cast<unsigned char>(zone.back()))) {
    return std::string(zone.substr(0, dash));
  }
  return std::string(zone);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

void ImportGcpAsset(JsonValue r, std::size_t index, const InventoryOptions&,
                    Inventory* out) {
  if (!r.is_object()) {
    Skip(out, index, r, "asset is not an object");
    return;
  }
  std::string_view name = StringField(r, "name");
  std::string_view type = FirstString(r, {"asset_type", "assetType"});
  if (name.empty() || type.empty()) {
    Skip(out, index, r, "asset has no name or asset_type");
    return;
  }
  JsonValue resource = r.Get("resource");
  if (!resource.is_object()) {
    // Policy records (iam_policy, org_policy, access_level,
    // service_perimeter) describe a policy on the asset, not the asset.
    for (std::string_view k :
         {"iam_policy", "iamPolicy", "org_policy", "orgPolicy",
          "v2_org_policies", "access_level", "accessLevel", "service_perimeter",
          "servicePerimeter"}) {
      if (r.Get(k).valid()) {
        Skip(out, index, r, std::string(k) + " record without resource data");
        return;
      }
    }
    Skip(out, index, r, "asset has no resource");
    return;
  }
  JsonValue data = resource.Get("data");
  LiveResource res;
  res.provider = "google";
  res.provider_type = std::string(type);
  res.provider_resource_id = std::string(name);
  res.properties = data;
  res.offset = r.offset();
  res.name = std::string(StringField(data, "name"));
  if (res.name.empty()) res.name = std::string(LastSegment(name));

  std::string_view project = PathValue(name, "projects");
  if (project.empty()) project = StringField(data, "project");
  if (project.empty()) {
    std::string_view parent = StringField(resource, "parent");
    project = PathValue(parent, "projects");
  }
  res.account = std::string(project);

  std::string_view location = StringField(resource, "location");
  std::string region;
  if (!location.empty()) {
    region = ZoneToRegion(location);
  } else if (std::string_view z = PathValue(name, "zones"); !z.empty()) {
    region = ZoneToRegion(z);
  } else if (std::string_view rg = PathValue(name, "regions"); !rg.empty()) {
    region = std::string(rg);
  } else if (std::string_view l =
                 FirstString(data, {"location", "region", "zone"});
             !l.empty()) {
    region = ZoneToRegion(LastSegment(l));
  } else if (std::string_view loc = PathValue(name, "locations");
             !loc.empty()) {
    region = std::string(loc);
  }
  res.region = Lower(region);
  if (!ReadTags(data.Get("labels"), &res)) {
    Skip(out, index, r, "resource.data.labels is not a map");
    return;
  }
  out->resources.push_back(std::move(res));
}

Status ImportGcpAssets(JsonValue root, const InventoryOptions& options,
                       Inventory* out) {
  if (root.is_object()) {
    // One asset, or a list response {"assets": [...]}.
    JsonValue assets = root.Get("assets");
    if (!assets.valid()) {
      ImportGcpAsset(root, 0, options, out);
      return OkStatus();
    }
    root = assets;
  }
  if (!root.is_array()) {
    return InvalidArgumentError("gcp-cai: expected an array of assets",
                                root.offset());
  }
  std::size_t i = 0;
  for (JsonValue r : root.elements()) ImportGcpAsset(r, i++, options, out);
  return OkStatus();
}

}  // namespace inventory_internal
}  // namespace v1
}  // namespace dw
