// File: src/core/inventory/inventory_common.cpp
//
// Helpers every importer shares: field access, tag reading, ARN parts.
#include <algorithm>
#include <cctype>

#include "inventory/importers.hpp"

namespace dw {
inline namespace v1 {
namespace inventory_internal {

std::string_view StringField(JsonValue object, std::string_view key) {
  JsonValue v = object.Get(key);
  return v.is_string() ? v.as_string() : std::string_view();
}

std::string_view FirstString(JsonValue object,
                             std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    std::string_view s = StringField(object, k);
    if (!s.empty()) return s;
  }
  return {};
}

namespace {

std::string ScalarText(JsonValue v) {
  if (v.is_string()) return std::string(v.as_string());
  if (!v.valid() || v.is_null()) return "";
  return v.ToJson();
}

}  // namespace

bool ReadTags(JsonValue tags, LiveResource* resource) {
  if (!tags.valid()) return true;
  resource->has_tags = true;
  if (tags.is_null()) return true;
  if (tags.is_object()) {
    for (JsonMember m : tags.members()) {
      resource->tags.push_back({std::string(m.key), ScalarText(m.value)});
    }
  } else if (tags.is_array()) {
    for (JsonValue t : tags.elements()) {
      JsonValue k = t.Get("Key");
      JsonValue v = t.Get("Value");
      if (!k.valid()) {
        k = t.Get("key");
        v = t.Get("value");
      }
      if (!k.is_string()) return false;
      resource->tags.push_back({std::string(k.as_string()), ScalarText(v)});
    }
  } else {
    resource->has_tags = false;
    return false;
  }
  // Sorted by key, last duplicate wins, so comparisons are order-free.
  std::stable_sort(
      resource->tags.begin(), resource->tags.end(),
      [](const LiveTag& a, const LiveTag& b) { return a.key < b.key; });
  auto last = std::unique(
      resource->tags.rbegin(), resource->tags.rend(),
      [](const LiveTag& a, const LiveTag& b) { return a.key == b.key; });
  resource->tags.erase(resource->tags.begin(), last.base());
  return true;
}

std::string CanonicalProvider(std::string_view provider) {
  std::string p(provider);
  std::transform(p.begin(), p.end(), p.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (p == "gcp") return "google";
  if (p == "azure") return "azurerm";
  if (p == "k8s") return "kubernetes";
  return p;
}

namespace {

// The n-th ':'-separated field of an ARN (arn:partition:service:region:
// account:resource), or "" when `arn` is not an ARN.
std::string_view ArnField(std::string_view arn, int n) {
  if (arn.substr(0, 4) != "arn:") return {};
  std::size_t start = 0;
  for (int i = 0; i < n; ++i) {
    std::size_t c = arn.find(':', start);
    if (c == std::string_view::npos) return {};
    start = c + 1;
  }
  std::size_t end = arn.find(':', start);
  return arn.substr(
      start, end == std::string_view::npos ? arn.size() - start : end - start);
}

}  // namespace

std::string_view ArnRegion(std::string_view arn) { return ArnField(arn, 3); }
std::string_view ArnAccount(std::string_view arn) { return ArnField(arn, 4); }

std::string_view LastSegment(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

void Skip(Inventory* out, std::size_t index, JsonValue record,
          std::string reason) {
  out->skipped.push_back(
      {index, record.valid() ? record.offset() : 0, std::move(reason)});
}

JsonValue ParseEmbedded(std::string_view text, Inventory* out) {
  Result<JsonDocument> doc = JsonDocument::Parse(text);
  if (!doc.ok()) return JsonValue();
  out->documents.push_back(*std::move(doc));
  return out->documents.back().root();
}

}  // namespace inventory_internal
}  // namespace v1
}  // namespace dw
