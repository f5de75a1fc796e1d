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
#include "inventory/importers.hpp"

namespace dw {
inline namespace v1 {
namespace inventory_internal {

void ReadDriftwiseRecord(JsonValue r, std::size_t index, Inventory* out) {
  if (!r.is_object()) {
    Skip(out, index, r, "record is not an object");
    return;
  }
  LiveResource res;
  res.provider_type = std::string(StringField(r, "provider_type"));
  res.provider_resource_id =
      std::string(FirstString(r, {"provider_resource_id", "id"}));
  if (res.provider_type.empty()) {
    Skip(out, index, r, "no provider_type");
    return;
  }
  if (res.provider_resource_id.empty()) {
    Skip(out, index, r, "no provider_resource_id");
    return;
  }
  res.provider = CanonicalProvider(StringField(r, "provider"));
  res.normalized_type = std::string(StringField(r, "normalized_type"));
  res.region = std::string(StringField(r, "region"));
  res.account = std::string(StringField(r, "account"));
  res.name = std::string(StringField(r, "name"));
  res.properties = r.Get("properties");
  res.offset = r.offset();
  // Listings made by reading resources through a Terraform provider keep
  // Terraform's attribute names; they are compared attribute for attribute.
  res.terraform_shaped = StringField(r, "properties_shape") == "terraform";
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
  JsonValue tags = r.Get("tags");
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
