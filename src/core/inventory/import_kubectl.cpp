// File: src/core/inventory/import_kubectl.cpp
//
// `kubectl get <kinds> -o json`: a {"kind": "List", "items": [...]} (or a
// typed list such as DeploymentList, or one object). Each object becomes
// provider "kubernetes", provider_type "<group>/<Kind>" (the core group is
// "core": "core/ConfigMap", "apps/Deployment"), id "namespace/name" for
// namespaced objects and "name" for cluster-scoped ones; labels are its tags.
#include "inventory/importers.hpp"

namespace dw {
inline namespace v1 {
namespace inventory_internal {

namespace {

std::string GroupOf(std::string_view api_version) {
  std::size_t slash = api_version.find('/');
  if (slash == std::string_view::npos) return "core";
  return std::string(api_version.substr(0, slash));
}

// A typed list ("DeploymentList") names the kind its items omit.
std::string KindFromListKind(std::string_view list_kind) {
  constexpr std::string_view kSuffix = "List";
  if (list_kind.size() > kSuffix.size() &&
      list_kind.substr(list_kind.size() - kSuffix.size()) == kSuffix) {
    return std::string(list_kind.substr(0, list_kind.size() - kSuffix.size()));
  }
  return {};
}

void ReadObject(JsonValue item, std::size_t index, std::string_view list_kind,
                std::string_view list_api_version, Inventory* out) {
  if (!item.is_object()) {
    Skip(out, index, item, "item is not an object");
    return;
  }
  JsonValue meta = item.Get("metadata");
  std::string_view name = StringField(meta, "name");
  if (name.empty()) {
    Skip(out, index, item, "item has no metadata.name");
    return;
  }
  std::string kind(StringField(item, "kind"));
  if (kind.empty()) kind = KindFromListKind(list_kind);
  std::string_view api_version = StringField(item, "apiVersion");
  if (api_version.empty()) api_version = list_api_version;
  if (kind.empty()) {
    Skip(out, index, item, "item has no kind");
    return;
  }
  LiveResource res;
  res.provider = "kubernetes";
  res.provider_type = GroupOf(api_version) + "/" + kind;
  std::string_view ns = StringField(meta, "namespace");
  res.provider_resource_id = ns.empty()
                                 ? std::string(name)
                                 : std::string(ns) + "/" + std::string(name);
  res.name = std::string(name);
  res.properties = item;
  res.offset = item.offset();
  if (!ReadTags(meta.Get("labels"), &res)) {
    Skip(out, index, item, "metadata.labels is not a map");
    return;
  }
  res.has_tags = true;  // no labels key means no labels in Kubernetes
  out->resources.push_back(std::move(res));
}

}  // namespace

Status ImportKubectl(JsonValue root, const InventoryOptions&, Inventory* out) {
  if (root.is_array()) {
    std::size_t i = 0;
    for (JsonValue item : root.elements()) ReadObject(item, i++, "", "", out);
    return OkStatus();
  }
  if (!root.is_object()) {
    return InvalidArgumentError("kubectl: expected a List object",
                                root.offset());
  }
  JsonValue items = root.Get("items");
  if (!items.valid()) {
    ReadObject(root, 0, "", "", out);
    return OkStatus();
  }
  if (!items.is_array()) {
    return InvalidArgumentError("kubectl: \"items\" is not an array",
                                items.offset(), "items");
  }
  std::string_view list_kind = StringField(root, "kind");
  std::string_view list_api = StringField(root, "apiVersion");
  std::size_t i = 0;
  for (JsonValue item : items.elements()) {
    ReadObject(item, i++, list_kind, list_api, out);
  }
  return OkStatus();
}

}  // namespace inventory_internal
}  // namespace v1
}  // namespace dw
