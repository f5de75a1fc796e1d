// File: driftwise/internal/json_layout.hpp
//
// NOT API: the storage layout behind dw::JsonValue, visible only so the
// accessors can be inlined (they run once per value in every parser). May
// change in any release; include driftwise/json.hpp instead.
#ifndef DRIFTWISE_INTERNAL_JSON_LAYOUT_HPP
#define DRIFTWISE_INTERNAL_JSON_LAYOUT_HPP

#include <cstdint>

namespace dw {
inline namespace v1 {

enum class JsonType : std::uint8_t;

namespace internal {

/// One value or object key, in pre-order. Containers record their direct
/// child count and the index one past their last descendant, so a sibling
/// is one jump away; object members are a key node followed by the value.
struct JsonNode {
  JsonType type;
  std::uint8_t flags;  // kInArena: string bytes live in the arena
  std::uint16_t unused;
  // kString: length; containers: child count (members for objects);
  // kBool: 0/1; numbers: length of the number text.
  std::uint32_t a;
  // kString: offset of the bytes (in source or arena); containers: index one
  // past the last descendant; numbers: source offset of the text.
  std::uint32_t b;
  // numbers: index into the number table; everything else: source offset.
  std::uint32_t c;
};
static_assert(sizeof(JsonNode) == 16, "nodes must stay compact");

inline constexpr std::uint8_t kInArena = 1;

union JsonNumber {
  std::int64_t i;
  std::uint64_t u;
  double d;
};

/// Raw pointers into a sealed (immutable) document's storage.
struct JsonDocView {
  const JsonNode* node_data = nullptr;
  const JsonNumber* number_data = nullptr;
  const char* source_data = nullptr;
  const char* arena_data = nullptr;
};

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_INTERNAL_JSON_LAYOUT_HPP
