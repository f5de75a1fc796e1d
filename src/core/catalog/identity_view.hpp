// File: src/core/catalog/identity_view.hpp
//
// Allocation-free identity extraction for the matcher's hot loop: keys,
// accounts and regions are views into the inputs where possible; keys that
// had to be rewritten (lower-cased ARM IDs, built Kubernetes names) are
// kept in `arena`, whose elements never move. Internal.
#ifndef DRIFTWISE_SRC_CORE_CATALOG_IDENTITY_VIEW_HPP
#define DRIFTWISE_SRC_CORE_CATALOG_IDENTITY_VIEW_HPP

#include <deque>
#include <string>
#include <string_view>

#include "driftwise/catalog.hpp"

namespace dw {
inline namespace v1 {
namespace catalog_internal {

struct IdentityView {
  std::string_view key;
  std::string_view raw;
  std::string_view account;
  std::string_view region;
};

/// False when the attributes hold none of the entry's identity attributes.
bool StateIdentityView(const CatalogEntry& entry, const JsonValue& attributes,
                       std::deque<std::string>* arena, IdentityView* out);
/// False when the live resource has no identity.
bool LiveIdentityView(const CatalogEntry& entry, const LiveResource& resource,
                      std::deque<std::string>* arena, IdentityView* out);

}  // namespace catalog_internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_CATALOG_IDENTITY_VIEW_HPP
