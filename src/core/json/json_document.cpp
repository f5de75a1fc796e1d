// File: src/core/json/json_document.cpp
//
// JsonDocument::Parse and the JsonValue accessors over the node array.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "driftwise/json.hpp"
#include "json_builder.hpp"
#include "json_impl.hpp"

namespace dw {
inline namespace v1 {

using internal::JsonDocImpl;

namespace {

Result<JsonDocument> ParseSource(std::shared_ptr<internal::JsonSource> src) {
  return internal::ParseJsonSpan(src, 0, src->size());
}

}  // namespace

std::string_view JsonTypeName(JsonType type) noexcept {
  switch (type) {
    case JsonType::kInvalid:
      return "absent";
    case JsonType::kNull:
      return "null";
    case JsonType::kBool:
      return "boolean";
    case JsonType::kInt64:
    case JsonType::kUint64:
    case JsonType::kDouble:
      return "number";
    case JsonType::kString:
      return "string";
    case JsonType::kArray:
      return "array";
    case JsonType::kObject:
      return "object";
  }
  return "unknown";
}

Result<JsonDocument> JsonDocument::Parse(std::string_view json) {
  return ParseSource(internal::MakeJsonSource(json));
}

Result<JsonDocument> JsonDocument::ParseOwned(std::string json) {
  return ParseSource(internal::MakeJsonSource(std::move(json)));
}

JsonValue JsonDocument::root() const noexcept {
  if (!impl_ || impl_->nodes.empty()) return JsonValue();
  return impl_->Value(0);
}

std::string_view JsonDocument::source() const noexcept {
  if (!impl_) return {};
  return impl_->source->view();
}

std::size_t JsonDocument::node_count() const noexcept {
  return impl_ ? impl_->nodes.size() : 0;
}

std::size_t JsonDocument::memory_bytes() const noexcept {
  if (!impl_) return 0;
  return impl_->source->capacity() +
         impl_->nodes.capacity() * sizeof(internal::JsonNode) +
         impl_->numbers.capacity() * sizeof(internal::JsonNumber) +
         impl_->arena.capacity();
}

// JsonValue ------------------------------------------------------------------

std::int64_t JsonValue::as_int64() const noexcept {
  switch (type()) {
    case JsonType::kInt64:
      return doc_->number_data[node().c].i;
    case JsonType::kUint64: {
      std::uint64_t u = doc_->number_data[node().c].u;
      return u > static_cast<std::uint64_t>(
                     std::numeric_limits<std::int64_t>::max())
                 ? std::numeric_limits<std::int64_t>::max()
                 : static_cast<std::int64_t>(u);
    }
    case JsonType::kDouble: {
      double d = doc_->number_data[node().c].d;
      if (std::isnan(d)) return 0;
      if (d >= 9.2233720368547758e18) {
        return std::numeric_limits<std::int64_t>::max();
      }
      if (d <= -9.2233720368547758e18) {
        return std::numeric_limits<std::int64_t>::min();
      }
      return static_cast<std::int64_t>(d);
    }
    default:
      return 0;
  }
}

std::uint64_t JsonValue::as_uint64() const noexcept {
  switch (type()) {
    case JsonType::kInt64: {
      std::int64_t i = doc_->number_data[node().c].i;
      return i < 0 ? 0 : static_cast<std::uint64_t>(i);
    }
    case JsonType::kUint64:
      return doc_->number_data[node().c].u;
    case JsonType::kDouble: {
      double d = doc_->number_data[node().c].d;
      if (!(d > 0)) return 0;
      if (d >= 1.8446744073709552e19) {
        return std::numeric_limits<std::uint64_t>::max();
      }
      return static_cast<std::uint64_t>(d);
    }
    default:
      return 0;
  }
}

double JsonValue::as_double() const noexcept {
  switch (type()) {
    case JsonType::kInt64:
      return static_cast<double>(doc_->number_data[node().c].i);
    case JsonType::kUint64:
      return static_cast<double>(doc_->number_data[node().c].u);
    case JsonType::kDouble:
      return doc_->number_data[node().c].d;
    default:
      return 0;
  }
}

JsonValue JsonValue::at(std::size_t i) const noexcept {
  if (!is_array() || i >= node().a) return JsonValue();
  JsonValue cur(doc_, index_ + 1);
  for (std::size_t k = 0; k < i; ++k) cur.index_ = cur.next_sibling();
  return cur;
}

namespace {

// An integer too large for 64 bits is held as a double; its text is exact.
bool IsBigInteger(const JsonValue& v) {
  if (v.type() != JsonType::kDouble) return false;
  return v.number_text().find_first_of(".eE") == std::string_view::npos;
}

bool NumbersEqual(const JsonValue& a, const JsonValue& b) {
  JsonType ta = a.type(), tb = b.type();
  if (IsBigInteger(a) || IsBigInteger(b)) {
    // JSON integers have one spelling, so the text decides exactly where
    // the approximate double would not.
    return a.number_text() == b.number_text();
  }
  if (ta != JsonType::kDouble && tb != JsonType::kDouble) {
    bool na = ta == JsonType::kInt64 && a.as_int64() < 0;
    bool nb = tb == JsonType::kInt64 && b.as_int64() < 0;
    if (na != nb) return false;
    if (na) return a.as_int64() == b.as_int64();
    return a.as_uint64() == b.as_uint64();
  }
  return a.as_double() == b.as_double();
}

}  // namespace

bool JsonValue::Equals(const JsonValue& other) const noexcept {
  JsonType ta = type(), tb = other.type();
  if (is_number() && other.is_number()) return NumbersEqual(*this, other);
  if (ta != tb) return false;
  switch (ta) {
    case JsonType::kInvalid:
    case JsonType::kNull:
      return true;
    case JsonType::kBool:
      return as_bool() == other.as_bool();
    case JsonType::kString:
      return as_string() == other.as_string();
    case JsonType::kArray: {
      if (size() != other.size()) return false;
      auto ra = elements(), rb = other.elements();
      for (auto ia = ra.begin(), ib = rb.begin(); ia != ra.end(); ++ia, ++ib) {
        if (!(*ia).Equals(*ib)) return false;
      }
      return true;
    }
    case JsonType::kObject: {
      if (size() != other.size()) return false;
      auto ra = members(), rb = other.members();
      // Fast path: same key order (the common case for Terraform output).
      bool same_order = true;
      for (auto ia = ra.begin(), ib = rb.begin(); ia != ra.end(); ++ia, ++ib) {
        JsonMember ma = *ia, mb = *ib;
        if (ma.key != mb.key) {
          same_order = false;
          break;
        }
        if (!ma.value.Equals(mb.value)) return false;
      }
      if (same_order) return true;
      for (JsonMember m : members()) {
        JsonValue ov = other.Get(m.key);
        if (!ov.valid() || !m.value.Equals(ov)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

namespace {

// True when none of the 8 bytes at `p` needs a look in a JSON string: a
// quote, a backslash, a control byte, or a non-ASCII byte (checked as
// UTF-8). Each test flags a byte equal to (or, for the control test,
// below) its constant; a borrow can only add flags above a byte that is
// flagged already, so "none flagged" is exact.
bool EightPlainBytes(const char* p) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  const std::uint64_t control = (w - kOnes * 0x20) & ~w;
  const std::uint64_t q = w ^ (kOnes * '"');
  const std::uint64_t quote = (q - kOnes) & ~q;
  const std::uint64_t b = w ^ (kOnes * '\\');
  const std::uint64_t backslash = (b - kOnes) & ~b;
  return ((control | quote | backslash | w) & kHigh) == 0;
}

// Length of the well-formed UTF-8 sequence at s[i] (a byte >= 0x80), or 0
// when the bytes there are not one (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF).
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) {
    return static_cast<std::uint8_t>(s[k]);
  };
  const auto cont = [&](std::size_t k) {
    return k < s.size() && (byte(k) & 0xC0) == 0x80;
  };
  const std::uint8_t b0 = byte(i);
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    const std::uint8_t b1 = byte(i + 1);
    if (b0 == 0xE0 && b1 < 0xA0) return 0;   // overlong
    if (b0 == 0xED && b1 >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    const std::uint8_t b1 = byte(i + 1);
    if (b0 == 0xF0 && b1 < 0x90) return 0;   // overlong
    if (b0 == 0xF4 && b1 >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    // Most strings need no escape at all: step over them 8 bytes at a time.
    while (i + 8 <= s.size() && EightPlainBytes(s.data() + i)) i += 8;
    if (i >= s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // Valid UTF-8 is copied as is; any other byte becomes U+FFFD, so
      // the output is valid JSON whatever bytes came in.
      if (std::size_t n = Utf8SequenceLength(s, i); n != 0) {
        i += n - 1;
        continue;
      }
      out.append(s.data() + run, i - run);
      run = i + 1;
      out += "\\ufffd";
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void JsonValue::AppendJson(std::string& out) const {
  switch (type()) {
    case JsonType::kInvalid:
    case JsonType::kNull:
      out += "null";
      return;
    case JsonType::kBool:
      out += as_bool() ? "true" : "false";
      return;
    case JsonType::kInt64:
    case JsonType::kUint64:
    case JsonType::kDouble:
      out += number_text();
      return;
    case JsonType::kString:
      AppendJsonString(out, as_string());
      return;
    case JsonType::kArray: {
      out.push_back('[');
      bool first = true;
      for (JsonValue v : elements()) {
        if (!first) out.push_back(',');
        first = false;
        v.AppendJson(out);
      }
      out.push_back(']');
      return;
    }
    case JsonType::kObject: {
      out.push_back('{');
      bool first = true;
      for (JsonMember m : members()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJsonString(out, m.key);
        out.push_back(':');
        m.value.AppendJson(out);
      }
      out.push_back('}');
      return;
    }
  }
}

std::string JsonValue::ToJson() const {
  std::string out;
  AppendJson(out);
  return out;
}

}  // namespace v1
}  // namespace dw
