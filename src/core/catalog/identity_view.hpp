// File: src/core/catalog/identity_view.hpp
//
// Allocation-free identity extraction for the matcher's hot loop: keys,
// accounts and regions are views into the inputs where possible; keys that
// had to be rewritten (lower-cased ARM IDs, built Kubernetes names) are
// kept in a KeyArena, whose bytes never move. Internal.
#ifndef DRIFTWISE_SRC_CORE_CATALOG_IDENTITY_VIEW_HPP
#define DRIFTWISE_SRC_CORE_CATALOG_IDENTITY_VIEW_HPP

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

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

/// Bytes of rewritten keys, carved from large blocks (one allocation per
/// 64 KiB instead of one per key). Stored bytes never move and live as long
/// as the arena. Not thread-safe; one arena per run.
class KeyArena {
 public:
  /// Room for `n` bytes.
  char* Allocate(std::size_t n) {
    if (n > left_) {
      std::size_t size = n > kBlock ? n : kBlock;
      blocks_.push_back(std::make_unique<char[]>(size));
      cur_ = blocks_.back().get();
      left_ = size;
    }
    char* p = cur_;
    cur_ += n;
    left_ -= n;
    return p;
  }

 private:
  static constexpr std::size_t kBlock = std::size_t{64} << 10;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* cur_ = nullptr;
  std::size_t left_ = 0;
};

/// False when the attributes hold none of the entry's identity attributes.
bool StateIdentityView(const CatalogEntry& entry, const JsonValue& attributes,
                       KeyArena* arena, IdentityView* out);
/// False when the live resource has no identity.
bool LiveIdentityView(const CatalogEntry& entry, const LiveResource& resource,
                      KeyArena* arena, IdentityView* out);

}  // namespace catalog_internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_CATALOG_IDENTITY_VIEW_HPP
