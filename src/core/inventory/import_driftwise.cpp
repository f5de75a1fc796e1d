// File: src/core/inventory/import_driftwise.cpp
//
// driftwise's own inventory JSON: an array of
//   {provider, provider_type, provider_resource_id, region, account, name,
//    normalized_type?, properties?, tags?, properties_shape?}
// ("properties_shape": "terraform" marks properties that use Terraform
// attribute names).
// (the shape tfmoto writes), or {"resources": [...], "covered_types": [...]}.
// When a record has no "tags", AWS-style "Tags"/"TagSet" or a "tags"/"labels"
// map inside its properties is read instead.
#include "common/json_fields.hpp"
#include "inventory/importers.hpp"

namespace dw {
inline namespace v1 {
namespace inventory_internal {

void ReadDriftwiseRecord(JsonValue r, std::size_t index, Inventory* out) {
  if (!r.is_object()) {
    Skip(out, index, r, "record is not an object");
    return;
  }
  // One pass over the record's members (a million records, a dozen keys).
  enum Field {
    kProviderType,
    kProviderResourceId,
    kId,
    kProvider,
    kNormalizedType,
    kRegion,
    kAccount,
    kName,
    kProperties,
    kPropertiesShape,
    kTags,
    kFieldCount
  };
  static constexpr std::string_view kKeys[kFieldCount] = {
      "provider_type",
      "provider_resource_id",
      "id",
      "provider",
      "normalized_type",
      "region",
      "account",
      "name",
      "properties",
      "properties_shape",
      "tags"};
  JsonValue f[kFieldCount];
  internal::GetMembers(r, kKeys, f);
  auto text = [&](Field i) {
    return f[i].is_string() ? f[i].as_string() : std::string_view();
  };
  LiveResource res;
  res.provider_type = std::string(text(kProviderType));
  res.provider_resource_id = std::string(text(kProviderResourceId).empty()
                                             ? text(kId)
                                             : text(kProviderResourceId));
  if (res.provider_type.empty()) {
    Skip(out, index, r, "no provider_type");
    return;
  }
  if (res.provider_resource_id.empty()) {
    Skip(out, index, r, "no provider_resource_id");
    return;
  }
  res.provider = CanonicalProvider(text(kProvider));
  res.normalized_type = std::string(text(kNormalizedType));
  res.region = std::string(text(kRegion));
  res.account = std::string(text(kAccount));
  res.name = std::string(text(kName));
  res.properties = f[kProperties];
  res.offset = r.offset();
  // Listings made by reading resources through a Terraform provider keep
  // Terraform's attribute names; they are compared attribute for attribute.
  res.terraform_shaped = text(kPropertiesShape) == "terraform";
  if (res.region.empty()) {
    res.region = std::string(ArnRegion(res.provider_resource_id));
  }
  if (res.account.empty()) {
    res.account = std::string(ArnAccount(res.provider_resource_id));
  }
  if (res.account.empty() && res.properties.is_object()) {
    // EC2 listings name the owning account beside the resource.
    res.account = std::string(
        FirstString(res.properties, {"OwnerId", "ownerId", "AccountId"}));
  }
  JsonValue tags = f[kTags];
  if (!tags.valid() && res.properties.is_object()) {
    for (std::string_view k : {"Tags", "TagSet", "tags", "labels"}) {
      tags = res.properties.Get(k);
      if (tags.valid()) break;
    }
  }
  if (!ReadTags(tags, &res)) {
    Skip(out, index, r, "tags are neither a map nor a Key/Value list");
    return;
  }
  out->resources.push_back(std::move(res));
}

Status ImportDriftwise(JsonValue root, const InventoryOptions&,
                       Inventory* out) {
  JsonValue list = root;
  if (root.is_object()) {
    list = root.Get("resources");
    for (JsonValue t : root.Get("covered_types").elements()) {
      if (t.is_string()) out->covered_types.emplace_back(t.as_string());
    }
  }
  if (!list.is_array()) {
    return InvalidArgumentError(
        "driftwise inventory: expected an array of resources or an object "
        "with a \"resources\" array",
        root.offset());
  }
  std::size_t i = 0;
  for (JsonValue r : list.elements()) ReadDriftwiseRecord(r, i++, out);
  return OkStatus();
}

}  // namespace inventory_internal
}  // namespace v1
}  // namespace dw
