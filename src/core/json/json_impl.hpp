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
#include <string_view>
#include <vector>

#include "driftwise/json.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

/// JSON's insignificant whitespace (RFC 8259 §2): space, tab, LF, CR.
inline bool IsJsonSpace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Padded input bytes shared by every document built over them.
struct JsonSource {
  /// Readable bytes: [data(), data() + capacity()); the input is the first
  /// size() of them, the rest is simdjson's padding.
  const char* data() const noexcept { return ptr; }
  std::size_t size() const noexcept { return len; }
  std::size_t capacity() const noexcept { return cap; }
  std::string_view view() const noexcept { return {ptr, len}; }

  const char* ptr = nullptr;
  std::size_t len = 0;
  std::size_t cap = 0;
  std::string owned;                    // the bytes, when held in a string
  std::shared_ptr<const void> mapping;  // or a file mapping (unmapped last)
};

/// Owns a document's nodes; the JsonDocView base is what JsonValue reads.
/// Seal() must run after the last change to the vectors.
struct JsonDocImpl : JsonDocView {
  std::shared_ptr<const JsonSource> source;
  std::vector<JsonNode> nodes;
  std::vector<JsonNumber> numbers;
  std::string arena;

  void Seal() noexcept {
    node_data = nodes.data();
    number_data = numbers.data();
    source_data = source->data();
    arena_data = arena.data();
  }
  JsonValue Value(std::uint32_t index) const noexcept {
    return JsonValue(this, index);
  }
  static JsonDocument MakeDocument(std::shared_ptr<const JsonDocImpl> impl) {
    return JsonDocument(std::move(impl));
  }

  /// The exact input text of `child`, a direct child of `container`, when
  /// another child follows it (the text then ends where that sibling's
  /// separator starts); "" for the last child, which has no such bound.
  /// Equal texts mean equal values, so callers may skip comparing them.
  static std::string_view TextBeforeSibling(const JsonValue& child,
                                            const JsonValue& container) {
    const std::uint32_t next = child.next_sibling();
    if (!child.doc_ || next >= container.node().b) return {};
    const JsonValue after(child.doc_, next);
    const char* text = child.doc_->source_data + child.offset();
    const char* end = child.doc_->source_data + after.offset();
    while (end > text && IsJsonSpace(end[-1])) --end;
    if (end == text || end[-1] != ',') return {};  // not where expected
    --end;
    while (end > text && IsJsonSpace(end[-1])) --end;
    return std::string_view(text, static_cast<std::size_t>(end - text));
  }
};

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_JSON_JSON_IMPL_HPP
