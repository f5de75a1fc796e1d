// File: src/core/catalog/catalog.cpp
//
// Expands the compact tables into CatalogEntry values once and indexes them
// by Terraform type and by cloud type.
#include <algorithm>
#include <cctype>

#include "catalog/catalog_data.hpp"

namespace dw {
inline namespace v1 {

namespace {

using catalog_data::PropertyRow;
using catalog_data::TypeRow;

std::vector<std::string_view> SplitList(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    std::size_t p = s.find(sep);
    std::string_view item = s.substr(0, p);
    if (!item.empty()) out.push_back(item);
    if (p == std::string_view::npos) break;
    s.remove_prefix(p + 1);
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

CatalogEntry MakeEntry(const TypeRow& row) {
  CatalogEntry e;
  e.terraform_type = row.type;
  e.provider = row.type.substr(0, row.type.find('_'));
  e.family = row.family.empty() ? row.type : row.family;
  e.cloud_types = SplitList(row.cloud_types, '|');
  e.identity_attributes = SplitList(row.identity, ',');
  e.scheme = row.scheme;
  e.live_identity_property = row.live_identity_property;
  e.tags_attribute = row.tags;
  e.tags_all_attribute = row.tags_all;
  e.set_attributes = SplitList(row.sets, ',');
  e.namespaced = row.namespaced;
  return e;
}

// Cloud-type lookups ignore case for Azure (Resource Graph lower-cases) and
// for nothing else.
std::string CloudTypeKey(std::string_view provider_type) {
  if (provider_type.size() > 10 &&
      Lower(provider_type.substr(0, 10)) == "microsoft.") {
    return Lower(provider_type);
  }
  return std::string(provider_type);
}

}  // namespace

const Catalog& Catalog::Builtin() {
  static const Catalog* const kCatalog = [] {
    auto* c = new Catalog();
    c->version_ = catalog_data::kCatalogVersion;
    for (auto rows :
         {catalog_data::AwsTypes(), catalog_data::GoogleTypes(),
          catalog_data::AzureTypes(), catalog_data::KubernetesTypes(),
          catalog_data::OtherTypes()}) {
      for (const TypeRow& row : rows) c->entries_.push_back(MakeEntry(row));
    }
    std::sort(c->entries_.begin(), c->entries_.end(),
              [](const CatalogEntry& a, const CatalogEntry& b) {
                return a.terraform_type < b.terraform_type;
              });
    for (const PropertyRow& p : catalog_data::PropertyRows()) {
      auto it = std::lower_bound(c->entries_.begin(), c->entries_.end(), p.type,
                                 [](const CatalogEntry& e, std::string_view t) {
                                   return e.terraform_type < t;
                                 });
      if (it != c->entries_.end() && it->terraform_type == p.type) {
        it->properties.push_back(
            {p.live_path, p.iac_path, p.transform, p.argument});
      }
    }
    // Cloud type -> entry; the family's primary type wins a shared name.
    for (const CatalogEntry& e : c->entries_) {
      for (std::string_view ct : e.cloud_types) {
        std::string key = CloudTypeKey(ct);
        auto it =
            std::find_if(c->by_cloud_type_.begin(), c->by_cloud_type_.end(),
                         [&](const auto& kv) { return kv.first == key; });
        if (it == c->by_cloud_type_.end()) {
          c->by_cloud_type_.emplace_back(key, &e);
        } else if (e.terraform_type == e.family &&
                   it->second->terraform_type != it->second->family) {
          it->second = &e;
        }
      }
    }
    std::sort(c->by_cloud_type_.begin(), c->by_cloud_type_.end());
    return c;
  }();
  return *kCatalog;
}

const CatalogEntry* Catalog::Find(
    std::string_view terraform_type) const noexcept {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), terraform_type,
                             [](const CatalogEntry& e, std::string_view t) {
                               return e.terraform_type < t;
                             });
  if (it == entries_.end() || it->terraform_type != terraform_type) {
    return nullptr;
  }
  return &*it;
}

const CatalogEntry* Catalog::FindByCloudType(
    std::string_view provider_type) const noexcept {
  std::string key = CloudTypeKey(provider_type);
  auto it = std::lower_bound(
      by_cloud_type_.begin(), by_cloud_type_.end(), key,
      [](const auto& kv, const std::string& k) { return kv.first < k; });
  if (it == by_cloud_type_.end() || it->first != key) return nullptr;
  return it->second;
}

const CatalogEntry* Catalog::Resolve(
    const LiveResource& resource) const noexcept {
  if (!resource.normalized_type.empty()) {
    if (const CatalogEntry* e = Find(resource.normalized_type)) return e;
  }
  if (const CatalogEntry* e = FindByCloudType(resource.provider_type)) {
    return e;
  }
  // Some sources name the Terraform type as the provider type.
  return Find(resource.provider_type);
}

}  // namespace v1
}  // namespace dw
