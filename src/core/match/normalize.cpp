// File: src/core/match/normalize.cpp
//
// Normalized equality and diffing of JSON values. Comparisons walk the
// shared trees directly; only strings that hold JSON documents are parsed
// (and only when they differ byte for byte).
#include "match/normalize.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace dw {
inline namespace v1 {
namespace match_internal {

namespace {

constexpr int kMaxDepth = 64;

bool NumberFromString(std::string_view s, double* out) {
  if (s.empty() || s.size() > 64) return false;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, *out);
  return ec == std::errc() && p == end;
}

bool LooksLikeDocument(std::string_view s) {
  std::size_t i = s.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && (s[i] == '{' || s[i] == '[');
}

bool NormEqualAt(const JsonValue& a, const JsonValue& b, int depth);

// True when two of `keys` are equal (Get() returns the last duplicate, so
// objects with repeated keys are not reflexively equal under NormEqual and
// must take the slow path).
bool HasDuplicateKeys(const std::string_view* keys, std::size_t n) {
  for (std::size_t i = 1; i < n; ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (keys[i].size() == keys[j].size() &&
          (keys[i].empty() || keys[i][0] == keys[j][0]) && keys[i] == keys[j]) {
        return true;
      }
    }
  }
  return false;
}

// Structural identity (same types, same scalars byte for byte, same member
// order): a cheap walk that proves NormEqual without its per-key lookups.
// False means "not proven", never "unequal": objects with duplicate keys
// and deep trees are left to the full comparison.
bool SameTree(const JsonValue& a, const JsonValue& b, int depth) {
  JsonType t = a.type();
  if (t != b.type() || depth > 32) return false;
  switch (t) {
    case JsonType::kInvalid:
    case JsonType::kNull:
      return true;
    case JsonType::kBool:
      return a.as_bool() == b.as_bool();
    case JsonType::kInt64:
    case JsonType::kUint64:
    case JsonType::kDouble:
      return a.number_text() == b.number_text();
    case JsonType::kString:
      return a.as_string() == b.as_string();
    case JsonType::kArray: {
      if (a.size() != b.size()) return false;
      auto ib = b.elements().begin();
      for (JsonValue x : a.elements()) {
        if (!SameTree(x, *ib, depth + 1)) return false;
        ++ib;
      }
      return true;
    }
    case JsonType::kObject: {
      // Small objects (tags, labels) are checked for repeated keys from
      // the keys seen on the way; larger ones are left to NormEqualAt.
      constexpr std::size_t kMaxKeys = 16;
      std::size_t n = a.size();
      if (n != b.size() || n > kMaxKeys) return false;
      std::string_view keys[kMaxKeys];
      std::size_t k = 0;
      auto ib = b.members().begin();
      for (JsonMember m : a.members()) {
        JsonMember o = *ib;
        if (m.key != o.key || !SameTree(m.value, o.value, depth + 1)) {
          return false;
        }
        keys[k++] = m.key;
        ++ib;
      }
      return !HasDuplicateKeys(keys, k);
    }
  }
  return false;
}

bool ObjectsEqual(const JsonValue& a, const JsonValue& b, int depth) {
  for (JsonMember m : a.members()) {
    if (!NormEqualAt(m.value, b.Get(m.key), depth + 1)) return false;
  }
  for (JsonMember m : b.members()) {
    if (!a.Get(m.key).valid() && !IsNothing(m.value)) return false;
  }
  return true;
}

bool ScalarEqual(const JsonValue& a, const JsonValue& b) {
  if (a.is_number() && b.is_number()) {
    if (a.number_text() == b.number_text()) return true;
    return a.as_double() == b.as_double();
  }
  if (a.is_number() && b.is_string()) {
    double d;
    return NumberFromString(b.as_string(), &d) && d == a.as_double();
  }
  if (a.is_string() && b.is_number()) return ScalarEqual(b, a);
  if (a.is_bool() && b.is_string()) {
    return b.as_string() == (a.as_bool() ? "true" : "false");
  }
  if (a.is_string() && b.is_bool()) return ScalarEqual(b, a);
  if (a.is_bool() && b.is_bool()) return a.as_bool() == b.as_bool();
  if (a.is_string() && b.is_string()) {
    std::string_view x = a.as_string(), y = b.as_string();
    if (x == y) return true;
    if (LooksLikeDocument(x) && LooksLikeDocument(y)) {
      return DocumentEqual(a, b);
    }
    return false;
  }
  return false;
}

bool NormEqualAt(const JsonValue& a, const JsonValue& b, int depth) {
  if (depth > kMaxDepth) return false;
  bool an = IsNothing(a), bn = IsNothing(b);
  if (an || bn) return an && bn;
  if (a.is_object() && b.is_object()) return ObjectsEqual(a, b, depth);
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    auto ib = b.elements().begin();
    for (JsonValue x : a.elements()) {
      if (!NormEqualAt(x, *ib, depth + 1)) return false;
      ++ib;
    }
    return true;
  }
  if (a.is_container() || b.is_container()) {
    // A JSON document held in a string on one side only.
    if (a.is_string() || b.is_string()) return DocumentEqual(a, b);
    return false;
  }
  return ScalarEqual(a, b);
}

// --- policy documents ---

bool PolicyEqualAt(const JsonValue& a, const JsonValue& b, int depth);

// Elements of a list, or the value itself as a one-element list.
void AsList(const JsonValue& v, std::vector<JsonValue>* out) {
  if (v.is_array()) {
    for (JsonValue e : v.elements()) out->push_back(e);
  } else if (!IsNothing(v)) {
    out->push_back(v);
  }
}

bool PolicyListEqual(const JsonValue& a, const JsonValue& b, int depth) {
  std::vector<JsonValue> xs, ys;
  AsList(a, &xs);
  AsList(b, &ys);
  if (xs.size() != ys.size()) return false;
  std::vector<bool> used(ys.size(), false);
  for (const JsonValue& x : xs) {
    bool hit = false;
    for (std::size_t j = 0; j < ys.size(); ++j) {
      if (!used[j] && PolicyEqualAt(x, ys[j], depth + 1)) {
        used[j] = true;
        hit = true;
        break;
      }
    }
    if (!hit) return false;
  }
  return true;
}

bool PolicyEqualAt(const JsonValue& a, const JsonValue& b, int depth) {
  if (depth > kMaxDepth) return false;
  bool an = IsNothing(a), bn = IsNothing(b);
  if (an || bn) return an && bn;
  if (a.is_array() || b.is_array()) return PolicyListEqual(a, b, depth);
  if (a.is_object() && b.is_object()) {
    for (JsonMember m : a.members()) {
      if (!PolicyEqualAt(m.value, b.Get(m.key), depth + 1)) return false;
    }
    for (JsonMember m : b.members()) {
      if (!a.Get(m.key).valid() && !IsNothing(m.value)) return false;
    }
    return true;
  }
  if (a.is_container() || b.is_container()) return false;
  return ScalarEqual(a, b);
}

// Parses a string side of a document comparison; keeps the document alive
// in `keep`.
JsonValue AsDocument(const JsonValue& v, JsonDocument* keep) {
  if (!v.is_string()) return v;
  Result<JsonDocument> doc = JsonDocument::Parse(v.as_string());
  if (!doc.ok()) return v;
  *keep = *std::move(doc);
  return keep->root();
}

}  // namespace

bool IsNothing(const JsonValue& v) noexcept {
  switch (v.type()) {
    case JsonType::kInvalid:
    case JsonType::kNull:
      return true;
    case JsonType::kString:
      return v.as_string().empty();
    case JsonType::kArray:
    case JsonType::kObject:
      return v.empty();
    default:
      return false;
  }
}

bool NormEqual(const JsonValue& a, const JsonValue& b) {
  // Most compared values are unchanged: prove that by a straight walk
  // before the order-free comparison with its per-key lookups.
  if (SameTree(a, b, 0)) return true;
  return NormEqualAt(a, b, 0);
}

bool SetEqual(const JsonValue& a, const JsonValue& b) {
  std::vector<JsonValue> xs, ys;
  AsList(a, &xs);
  AsList(b, &ys);
  if (xs.size() != ys.size()) return false;
  std::vector<bool> used(ys.size(), false);
  for (const JsonValue& x : xs) {
    bool hit = false;
    for (std::size_t j = 0; j < ys.size(); ++j) {
      if (!used[j] && NormEqual(x, ys[j])) {
        used[j] = true;
        hit = true;
        break;
      }
    }
    if (!hit) return false;
  }
  return true;
}

bool DocumentEqual(const JsonValue& a, const JsonValue& b) {
  if (a.is_string() && b.is_string() && a.as_string() == b.as_string()) {
    return true;
  }
  JsonDocument keep_a, keep_b;
  JsonValue da = AsDocument(a, &keep_a);
  JsonValue db = AsDocument(b, &keep_b);
  if (da.is_string() || db.is_string()) {
    // One side is not JSON at all: only byte equality counts.
    return da.is_string() && db.is_string() && da.as_string() == db.as_string();
  }
  return PolicyEqualAt(da, db, 0);
}

JsonValue ValueAt(const JsonValue& root, std::span<const PathSegment> path) {
  JsonValue v = root;
  for (const PathSegment& seg : path) {
    if (seg.is_index) {
      v = v.at(seg.index);
    } else {
      v = v.Get(seg.key);
    }
    if (!v.valid()) return v;
  }
  return v;
}

namespace {

// Member `key`, else the member whose name differs only in case (the AWS
// APIs and AWS Config disagree on the case of the first letter).
JsonValue GetLoose(const JsonValue& obj, std::string_view key) {
  JsonValue v = obj.Get(key);
  if (v.valid() || !obj.is_object()) return v;
  for (JsonMember m : obj.members()) {
    if (m.key.size() != key.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < key.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(m.key[i])) ==
             std::tolower(static_cast<unsigned char>(key[i]));
    }
    if (same) return m.value;
  }
  return JsonValue();
}

}  // namespace

JsonValue EvalLivePath(const JsonValue& root, std::string_view path,
                       std::vector<JsonValue>* projected, bool* found) {
  *found = false;
  JsonValue v = root;
  while (!path.empty()) {
    std::size_t dot = path.find('.');
    std::string_view step = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view()
                                         : path.substr(dot + 1);
    std::string_view selector;
    std::size_t bracket = step.find('[');
    if (bracket != std::string_view::npos) {
      selector = step.substr(bracket + 1);
      if (!selector.empty() && selector.back() == ']')
        selector.remove_suffix(1);
      step = step.substr(0, bracket);
    }
    if (!step.empty()) v = GetLoose(v, step);
    if (!v.valid()) return v;
    if (selector.empty()) continue;
    if (!v.is_array()) return JsonValue();
    if (selector == "*") {
      // Project the rest of the path over every element.
      for (JsonValue e : v.elements()) {
        std::vector<JsonValue> ignored;
        bool hit = false;
        JsonValue sub =
            path.empty() ? e : EvalLivePath(e, path, &ignored, &hit);
        if (path.empty() || hit) projected->push_back(sub);
      }
      *found = true;
      return JsonValue();
    }
    std::size_t eq = selector.find('=');
    if (eq == std::string_view::npos) {
      std::size_t index = 0;
      auto [p, ec] = std::from_chars(selector.data(),
                                     selector.data() + selector.size(), index);
      if (ec != std::errc()) return JsonValue();
      v = v.at(index);
    } else {
      std::string_view key = selector.substr(0, eq);
      std::string_view want = selector.substr(eq + 1);
      JsonValue hit;
      for (JsonValue e : v.elements()) {
        if (GetLoose(e, key).as_string() == want) {
          hit = e;
          break;
        }
      }
      v = hit;
    }
    if (!v.valid()) return v;
  }
  *found = true;
  return v;
}

void DiffValues(const JsonValue& before, const JsonValue& after,
                AttributePath& prefix, std::span<const std::string_view> sets,
                std::vector<std::string>* out) {
  if (NormEqual(before, after)) return;
  if (prefix.size() == 1 && !prefix[0].is_index &&
      std::find(sets.begin(), sets.end(), prefix[0].key) != sets.end()) {
    if (!SetEqual(before, after)) out->push_back(FormatPath(prefix));
    return;
  }
  if (prefix.size() > kMaxDepth) {
    out->push_back(FormatPath(prefix));
    return;
  }
  bool bo = before.is_object() || IsNothing(before);
  bool ao = after.is_object() || IsNothing(after);
  if (bo && ao && (before.is_object() || after.is_object())) {
    for (JsonMember m : before.members()) {
      prefix.push_back(PathSegment::Key(m.key));
      DiffValues(m.value, after.Get(m.key), prefix, sets, out);
      prefix.pop_back();
    }
    for (JsonMember m : after.members()) {
      if (before.Get(m.key).valid()) continue;
      prefix.push_back(PathSegment::Key(m.key));
      DiffValues(JsonValue(), m.value, prefix, sets, out);
      prefix.pop_back();
    }
    return;
  }
  if (before.is_array() && after.is_array() && before.size() == after.size()) {
    std::size_t i = 0;
    auto ia = after.elements().begin();
    for (JsonValue b : before.elements()) {
      prefix.push_back(PathSegment::Index(i++));
      DiffValues(b, *ia, prefix, sets, out);
      prefix.pop_back();
      ++ia;
    }
    return;
  }
  out->push_back(FormatPath(prefix));
}

std::string ValueText(const JsonValue& v, std::size_t limit) {
  if (!v.valid()) return "";
  std::string s = v.ToJson();
  if (s.size() > limit) {
    // Cut on a UTF-8 character boundary so the output stays valid.
    while (limit > 0 && (static_cast<unsigned char>(s[limit]) & 0xC0) == 0x80) {
      --limit;
    }
    s.resize(limit);
    s += "\xe2\x80\xa6";
  }
  return s;
}

}  // namespace match_internal
}  // namespace v1
}  // namespace dw
