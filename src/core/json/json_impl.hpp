// File: src/core/json/json_impl.hpp
//
// The storage behind dw::JsonDocument: a flat pre-order array of 16-byte
// nodes. Containers record how many direct children they have and the index
// one past their last descendant, so a sibling is one jump away. Object
// members are stored as a key node (a string) followed by its value.
// Internal: not installed.
#ifndef DRIFTWISE_SRC_CORE_JSON_JSON_IMPL_HPP
#define DRIFTWISE_SRC_CORE_JSON_JSON_IMPL_HPP

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "driftwise/json.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

/// Padded input bytes shared by every document built over them.
struct JsonSource {
  std::string bytes;  // size() == input length; capacity() has the padding
};

struct JsonNode {
  JsonType type;
  std::uint8_t flags;  // kInArena for strings copied (unescaped) to the arena
  std::uint16_t unused;
  // kString: length; containers: direct child count (members for objects);
  // kBool: 0/1; numbers: length of the number text.
  std::uint32_t a;
  // kString: offset of the bytes (in source or arena); containers: index one
  // past the last descendant; numbers: source offset of the text.
  std::uint32_t b;
  // numbers: index into JsonDocImpl::numbers; everything else: source offset.
  std::uint32_t c;
};
static_assert(sizeof(JsonNode) == 16, "nodes must stay compact");

inline constexpr std::uint8_t kInArena = 1;

union JsonNumber {
  std::int64_t i;
  std::uint64_t u;
  double d;
};

struct JsonDocImpl {
  std::shared_ptr<const JsonSource> source;
  std::vector<JsonNode> nodes;
  std::vector<JsonNumber> numbers;
  std::string arena;

  std::string_view StringAt(const JsonNode& n) const noexcept {
    const char* base =
        (n.flags & kInArena) ? arena.data() : source->bytes.data();
    return std::string_view(base + n.b, n.a);
  }
  JsonValue Value(std::uint32_t index) const noexcept {
    return JsonValue(this, index);
  }
  static JsonDocument MakeDocument(std::shared_ptr<const JsonDocImpl> impl) {
    return JsonDocument(std::move(impl));
  }
};

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_JSON_JSON_IMPL_HPP
