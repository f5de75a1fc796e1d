// File: src/core/inventory/import_azure_rg.cpp
//
// Azure Resource Graph results: {"data": [...]} as `az graph query` and the
// REST API (2021-03-01+) return them, the older {"data": {"columns": [...],
// "rows": [...]}} table form, and the REST spec example wrapper
// {"responses": {"200": {"body": {...}}}}. A row without "id" and "type"
// (a summarize/count projection) is not a resource and is skipped.
#include <string>

#include "inventory/importers.hpp"

namespace dw {
inline namespace v1 {
namespace inventory_internal {

namespace {

void ReadRow(JsonValue row, std::size_t index, Inventory* out) {
  if (!row.is_object()) {
    Skip(out, index, row, "row is not an object");
    return;
  }
  std::string_view id = StringField(row, "id");
  std::string_view type = StringField(row, "type");
  if (id.empty() || type.empty()) {
    Skip(out, index, row, "row has no id and type (an aggregate projection?)");
    return;
  }
  LiveResource res;
  res.provider = "azurerm";
  res.provider_type = std::string(type);
  res.provider_resource_id = std::string(id);
  res.name = std::string(StringField(row, "name"));
  if (res.name.empty()) res.name = std::string(LastSegment(id));
  res.region = std::string(StringField(row, "location"));
  res.account = std::string(StringField(row, "subscriptionId"));
  if (res.account.empty()) {
    // /subscriptions/<id>/... is in every ARM ID below a subscription.
    constexpr std::string_view kSubs = "/subscriptions/";
    if (id.substr(0, kSubs.size()) == kSubs) {
      std::string_view rest = id.substr(kSubs.size());
      res.account = std::string(rest.substr(0, rest.find('/')));
    }
  }
  res.properties = row;
  res.offset = row.offset();
  if (!ReadTags(row.Get("tags"), &res)) {
    Skip(out, index, row, "tags is not a map");
    return;
  }
  out->resources.push_back(std::move(res));
}

// Rebuilds {columns, rows} as an array of objects (one parsed document).
JsonValue TableToObjects(JsonValue table, Inventory* out) {
  std::string json = "[";
  bool first_row = true;
  for (JsonValue row : table.Get("rows").elements()) {
    if (!first_row) json += ',';
    first_row = false;
    json += '{';
    std::size_t i = 0;
    bool first_col = true;
    for (JsonValue col : table.Get("columns").elements()) {
      JsonValue v = row.at(i++);
      std::string_view name = StringField(col, "name");
      if (name.empty() || !v.valid()) continue;
      if (!first_col) json += ',';
      first_col = false;
      AppendJsonString(json, name);
      json += ':';
      v.AppendJson(json);
    }
    json += '}';
  }
  json += ']';
  return ParseEmbedded(json, out);
}

}  // namespace

Status ImportAzureResourceGraph(JsonValue root, const InventoryOptions&,
                                Inventory* out) {
  if (root.is_object() && root.Get("responses").is_object()) {
    JsonValue body = root.Get("responses").Get("200").Get("body");
    if (!body.valid()) {
      return InvalidArgumentError(
          "azure-resource-graph: example has no responses.200.body",
          root.offset(), "responses");
    }
    root = body;
  }
  JsonValue data = root.is_object() ? root.Get("data") : root;
  if (data.is_object() && data.Get("columns").is_array()) {
    data = TableToObjects(data, out);
  }
  if (!data.is_array()) {
    return InvalidArgumentError(
        "azure-resource-graph: expected \"data\" to be an array of rows or a "
        "{columns, rows} table",
        data.valid() ? data.offset() : root.offset(), "data");
  }
  std::size_t i = 0;
  for (JsonValue row : data.elements()) ReadRow(row, i++, out);
  return OkStatus();
}

}  // namespace inventory_internal
}  // namespace v1
}  // namespace dw
