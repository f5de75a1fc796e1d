// File: driftwise/json.hpp
//
// A compact, immutable JSON value tree shared by every driftwise parser.
//
// JsonDocument owns the input bytes and a flat array of 16-byte nodes built
// from simdjson in one pass. Strings without escapes are not copied: they are
// views into the input. Numbers keep their original text (lossless) next to
// their parsed value. Every value knows its byte offset in the input, so
// errors found later (by the plan or state readers) can still name it.
//
// Example:
//   dw::Result<dw::JsonDocument> doc =
//   dw::JsonDocument::Parse(R"({"a":[1,2]})"); if (!doc.ok()) { /*
//   doc.status().offset() says where */ } for (dw::JsonValue v :
//   doc->root().Get("a").elements()) v.as_int64();
//
// Ownership: a JsonValue is a borrowed view; it is valid as long as any copy
// of the JsonDocument it came from is alive. Copying a JsonDocument is cheap
// (shared, immutable storage).
// Thread-safety: a JsonDocument and its values are immutable and may be read
// from any number of threads at once.
// Limits: inputs up to 4 GiB; nesting up to 256 levels.
#ifndef DRIFTWISE_JSON_HPP
#define DRIFTWISE_JSON_HPP

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>

#include "driftwise/internal/json_layout.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

namespace internal {
struct JsonDocImpl;
}  // namespace internal

/// The kind of a JSON value. kInvalid marks an absent value (a missing key).
enum class JsonType : std::uint8_t {
  kInvalid = 0,
  kNull,
  kBool,
  kInt64,
  kUint64,
  kDouble,
  kString,
  kArray,
  kObject,
};

/// Name of a type for messages: "null", "boolean", "number", "string", ...
std::string_view JsonTypeName(JsonType type) noexcept;

class JsonValue;
class JsonElementIterator;
class JsonMemberIterator;

/// A half-open range of iterators, usable in range-for.
template <typename It>
struct JsonRange {
  It first, last;
  It begin() const { return first; }
  It end() const { return last; }
};

/// A borrowed, read-only view of one value in a JsonDocument.
class JsonValue {
 public:
  /// An absent value: type() == kInvalid, every accessor returns a default.
  JsonValue() = default;

  bool valid() const noexcept { return doc_ != nullptr; }
  explicit operator bool() const noexcept { return valid(); }
  JsonType type() const noexcept {
    return doc_ ? node().type : JsonType::kInvalid;
  }

  bool is_null() const noexcept { return type() == JsonType::kNull; }
  bool is_bool() const noexcept { return type() == JsonType::kBool; }
  bool is_number() const noexcept {
    JsonType t = type();
    return t == JsonType::kInt64 || t == JsonType::kUint64 ||
           t == JsonType::kDouble;
  }
  bool is_string() const noexcept { return type() == JsonType::kString; }
  bool is_array() const noexcept { return type() == JsonType::kArray; }
  bool is_object() const noexcept { return type() == JsonType::kObject; }
  /// An array or object.
  bool is_container() const noexcept { return is_array() || is_object(); }

  /// The boolean; false when not a boolean.
  bool as_bool() const noexcept {
    return type() == JsonType::kBool && node().a != 0;
  }
  /// The number converted to the requested type (saturating); 0 when not a
  /// number.
  std::int64_t as_int64() const noexcept;
  std::uint64_t as_uint64() const noexcept;
  double as_double() const noexcept;
  /// The number exactly as written in the input ("" when not a number).
  std::string_view number_text() const noexcept {
    if (!is_number()) return {};
    const internal::JsonNode& n = node();
    return std::string_view(doc_->source_data + n.b, n.a);
  }
  /// The unescaped string; "" when not a string.
  std::string_view as_string() const noexcept {
    if (type() != JsonType::kString) return {};
    const internal::JsonNode& n = node();
    const char* base =
        (n.flags & internal::kInArena) ? doc_->arena_data : doc_->source_data;
    return std::string_view(base + n.b, n.a);
  }

  /// Number of array elements or object members; 0 for scalars.
  std::size_t size() const noexcept { return is_container() ? node().a : 0; }
  /// True for [], {} and every scalar-free empty container.
  bool empty() const noexcept { return size() == 0; }

  /// Array element `i` (linear in i); absent when out of range or not an
  /// array. Prefer elements() to walk an array.
  JsonValue at(std::size_t i) const noexcept;
  /// Object member `key` (linear in the object's size); absent when missing
  /// or not an object. When a key repeats, the last one wins, as in
  /// Terraform's own decoder.
  JsonValue Get(std::string_view key) const noexcept;

  /// Byte offset of this value's first character in the document's input.
  std::uint64_t offset() const noexcept {
    if (!doc_) return kNoOffset;
    return is_number() ? node().b : node().c;
  }

  /// Deep equality: same type class and value; numbers compare by value
  /// (1 == 1.0), objects compare order-free by key.
  bool Equals(const JsonValue& other) const noexcept;

  /// Compact JSON serialization (object key order kept).
  std::string ToJson() const;
  void AppendJson(std::string& out) const;

  // Iteration --------------------------------------------------------------

  /// Elements of an array (empty range for anything else).
  JsonRange<JsonElementIterator> elements() const noexcept;
  /// Members of an object in input order (empty range for anything else).
  JsonRange<JsonMemberIterator> members() const noexcept;

 private:
  friend struct internal::JsonDocImpl;
  friend class JsonDocument;
  friend class JsonElementIterator;
  friend class JsonMemberIterator;
  JsonValue(const internal::JsonDocView* doc, std::uint32_t index)
      : doc_(doc), index_(index) {}
  const internal::JsonNode& node() const noexcept {
    return doc_->node_data[index_];
  }
  std::uint32_t next_sibling() const noexcept {
    const internal::JsonNode& n = node();
    return (n.type == JsonType::kArray || n.type == JsonType::kObject)
               ? n.b
               : index_ + 1;
  }

  const internal::JsonDocView* doc_ = nullptr;
  std::uint32_t index_ = 0;
};

/// One object member: its key and value.
struct JsonMember {
  std::string_view key;
  JsonValue value;
};

class JsonElementIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = JsonValue;
  using difference_type = std::ptrdiff_t;
  using pointer = const JsonValue*;
  using reference = JsonValue;
  JsonElementIterator() = default;
  JsonValue operator*() const noexcept { return cur_; }
  JsonElementIterator& operator++() noexcept {
    cur_.index_ = cur_.next_sibling();
    return *this;
  }
  JsonElementIterator operator++(int) noexcept {
    JsonElementIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const JsonElementIterator& o) const noexcept {
    return cur_.index_ == o.cur_.index_;
  }

 private:
  friend class JsonValue;
  explicit JsonElementIterator(JsonValue v) : cur_(v) {}
  JsonValue cur_;
};

class JsonMemberIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = JsonMember;
  using difference_type = std::ptrdiff_t;
  using pointer = const JsonMember*;
  using reference = JsonMember;
  JsonMemberIterator() = default;
  JsonMember operator*() const noexcept {
    return JsonMember{key_.as_string(), JsonValue(key_.doc_, key_.index_ + 1)};
  }
  JsonMemberIterator& operator++() noexcept {
    key_.index_ = JsonValue(key_.doc_, key_.index_ + 1).next_sibling();
    return *this;
  }
  JsonMemberIterator operator++(int) noexcept {
    JsonMemberIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const JsonMemberIterator& o) const noexcept {
    return key_.index_ == o.key_.index_;
  }

 private:
  friend class JsonValue;
  explicit JsonMemberIterator(JsonValue key) : key_(key) {}
  JsonValue key_;  // the key node; its value follows it
};

inline JsonRange<JsonElementIterator> JsonValue::elements() const noexcept {
  if (!is_array()) return {};
  return {JsonElementIterator(JsonValue(doc_, index_ + 1)),
          JsonElementIterator(JsonValue(doc_, node().b))};
}

inline JsonRange<JsonMemberIterator> JsonValue::members() const noexcept {
  if (!is_object()) return {};
  return {JsonMemberIterator(JsonValue(doc_, index_ + 1)),
          JsonMemberIterator(JsonValue(doc_, node().b))};
}

inline JsonValue JsonValue::Get(std::string_view key) const noexcept {
  JsonValue found;
  for (JsonMember m : members()) {
    if (m.key == key) found = m.value;  // last duplicate wins
  }
  return found;
}

/// An immutable parsed JSON document. Cheap to copy (shared storage).
class JsonDocument {
 public:
  /// An empty document whose root() is absent.
  JsonDocument() = default;

  /// Parses `json` (copied). Errors: kInvalidArgument with the byte offset
  /// of the first bad character, or kOutOfRange for inputs over 4 GiB.
  static Result<JsonDocument> Parse(std::string_view json);
  /// Parses `json`, taking ownership of the bytes (no copy when the string
  /// has spare capacity for simdjson's padding).
  static Result<JsonDocument> ParseOwned(std::string json);
  /// Parses the file at `path` (memory-mapped when it is a regular file).
  /// Errors: kNotFound / kPermissionDenied / kUnavailable naming the path,
  /// or the parse errors of Parse().
  static Result<JsonDocument> ParseFile(const std::string& path);

  /// The top-level value (absent for a default-constructed document).
  JsonValue root() const noexcept;
  /// The bytes the document was parsed from.
  std::string_view source() const noexcept;
  /// Number of nodes (values and object keys); for sizing and benchmarks.
  std::size_t node_count() const noexcept;
  /// Approximate heap bytes held (input + nodes + unescaped strings).
  std::size_t memory_bytes() const noexcept;

 private:
  friend struct internal::JsonDocImpl;
  explicit JsonDocument(std::shared_ptr<const internal::JsonDocImpl> impl)
      : impl_(std::move(impl)) {}
  std::shared_ptr<const internal::JsonDocImpl> impl_;
};

/// Appends `s` to `out` as a JSON string; invalid UTF-8 becomes U+FFFD.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_JSON_HPP
