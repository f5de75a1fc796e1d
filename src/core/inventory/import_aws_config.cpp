// File: src/core/inventory/import_aws_config.cpp
//
// AWS Config configuration items, in the shapes Config hands them out:
//   - snapshot / history files and get-resource-config-history:
//     {"configurationItems": [{resourceType, resourceId, resourceName, ARN,
//      awsRegion, awsAccountId, configuration, tags, configurationItemStatus}]}
//   - batch-get-resource-config: {"baseConfigurationItems": [{resourceType,
//     resourceId, arn, awsRegion, accountId, configuration: "<json>"}]}
//   - select-resource-config: {"Results": ["<json item>", ...]}
//   - one item, or a bare array of items.
// `configuration` may be an object or a JSON string; both are read. Items
// whose status says the resource is gone (ResourceDeleted,
// ResourceDeletedNotRecorded, ResourceNotRecorded) are not live and are
// skipped with that reason.
#include "inventory/importers.hpp"

namespace dw {
inline namespace v1 {
namespace inventory_internal {

namespace {

void ReadItem(JsonValue item, std::size_t index, Inventory* out) {
  if (item.is_string()) {
    JsonValue parsed = ParseEmbedded(item.as_string(), out);
    if (!parsed.valid()) {
      Skip(out, index, item, "result string is not JSON");
      return;
    }
    item = parsed;
  }
  if (!item.is_object()) {
    Skip(out, index, item, "configuration item is not an object");
    return;
  }
  std::string_view type = StringField(item, "resourceType");
  std::string_view resource_id = StringField(item, "resourceId");
  std::string_view arn = FirstString(item, {"ARN", "arn"});
  if (type.empty() || (resource_id.empty() && arn.empty())) {
    Skip(out, index, item, "item has no resourceType or resourceId/ARN");
    return;
  }
  std::string_view status = StringField(item, "configurationItemStatus");
  if (status == "ResourceDeleted" || status == "ResourceDeletedNotRecorded" ||
      status == "ResourceNotRecorded") {
    Skip(out, index, item,
         "configurationItemStatus " + std::string(status) +
             ": not a live resource");
    return;
  }
  LiveResource res;
  res.provider = "aws";
  res.provider_type = std::string(type);
  res.provider_resource_id = std::string(arn.empty() ? resource_id : arn);
  res.name = std::string(StringField(item, "resourceName"));
  if (res.name.empty()) res.name = std::string(resource_id);
  res.region = std::string(StringField(item, "awsRegion"));
  res.account = std::string(FirstString(item, {"awsAccountId", "accountId"}));
  if (res.region.empty()) res.region = std::string(ArnRegion(arn));
  if (res.account.empty()) res.account = std::string(ArnAccount(arn));
  JsonValue config = item.Get("configuration");
  if (config.is_string()) {
    std::string_view text = config.as_string();
    config = text.empty() ? JsonValue() : ParseEmbedded(text, out);
    if (!text.empty() && !config.valid()) {
      Skip(out, index, item, "configuration string is not JSON");
      return;
    }
  }
  res.properties = config;
  res.offset = item.offset();
  JsonValue tags = item.Get("tags");
  if (!tags.valid() && config.is_object()) tags = config.Get("tags");
  if (!ReadTags(tags, &res)) {
    Skip(out, index, item, "tags are neither a map nor a Key/Value list");
    return;
  }
  out->resources.push_back(std::move(res));
}

}  // namespace

Status ImportAwsConfig(JsonValue root, const InventoryOptions&,
                       Inventory* out) {
  JsonValue items = root;
  if (root.is_object()) {
    for (std::string_view key :
         {"configurationItems", "baseConfigurationItems", "Results"}) {
      if (root.Get(key).valid()) {
        items = root.Get(key);
        break;
      }
    }
    if (items.is_object() && items.Get("configurationItem").is_object()) {
      items = items.Get("configurationItem");  // a change notification
    }
    if (items.is_object()) {
      ReadItem(items, 0, out);
      return OkStatus();
    }
  }
  if (!items.is_array()) {
    return InvalidArgumentError(
        "aws-config: expected configurationItems, baseConfigurationItems or "
        "Results to be an array",
        items.valid() ? items.offset() : root.offset());
  }
  std::size_t i = 0;
  for (JsonValue item : items.elements()) ReadItem(item, i++, out);
  return OkStatus();
}

}  // namespace inventory_internal
}  // namespace v1
}  // namespace dw
