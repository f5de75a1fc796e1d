#include "noise/noise_conditions.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <string>
#include <vector>

namespace dw::noise_internal {
namespace {

// Multiset equality under `eq`; arrays longer than this are compared in
// order to keep the quadratic matching bounded.
constexpr std::size_t kMaxMultisetElements = 512;

using ValueEq = std::function<bool(const JsonValue&, const JsonValue&)>;

bool MultisetEqual(const JsonValue& a, const JsonValue& b, const ValueEq& eq) {
  if (a.size() != b.size()) return false;
  std::vector<JsonValue> rest(b.elements().begin(), b.elements().end());
  if (a.size() > kMaxMultisetElements) {
    std::size_t i = 0;
    for (JsonValue x : a.elements()) {
      if (!eq(x, rest[i++])) return false;
    }
    return true;
  }
  for (JsonValue x : a.elements()) {
    auto it = std::find_if(rest.begin(), rest.end(),
                           [&](const JsonValue& y) { return eq(x, y); });
    if (it == rest.end()) return false;
    rest.erase(it);
  }
  return true;
}

// Documents parsed out of JSON-in-string values, kept alive for a check.
struct Parsed {
  std::vector<JsonDocument> docs;
  JsonValue Unwrap(const JsonValue& v) {
    if (!v.is_string()) return v;
    std::string_view s = v.as_string();
    std::size_t i = s.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos || (s[i] != '{' && s[i] != '[')) return v;
    Result<JsonDocument> doc = JsonDocument::Parse(s);
    if (!doc.ok()) return v;
    docs.push_back(*doc);
    return docs.back().root();
  }
};

bool JsonEq(const JsonValue& x, const JsonValue& y, bool ignore_one_sided,
            Parsed& parsed, int depth) {
  if (depth > 64) return x.Equals(y);
  JsonValue a = parsed.Unwrap(x);
  JsonValue b = parsed.Unwrap(y);
  // IAM style: ["x"] is the same as "x".
  if (a.is_array() && a.size() == 1 && !b.is_array()) a = a.at(0);
  if (b.is_array() && b.size() == 1 && !a.is_array()) b = b.at(0);
  if (a.is_object() && b.is_object()) {
    for (JsonMember m : a.members()) {
      JsonValue other = b.Get(m.key);
      if (!other.valid()) {
        if (!ignore_one_sided) return false;
        continue;
      }
      if (!JsonEq(m.value, other, ignore_one_sided, parsed, depth + 1)) {
        return false;
      }
    }
    if (!ignore_one_sided) {
      for (JsonMember m : b.members()) {
        if (!a.Get(m.key).valid()) return false;
      }
    }
    return true;
  }
  if (a.is_array() && b.is_array()) {
    return MultisetEqual(a, b, [&](const JsonValue& p, const JsonValue& q) {
      return JsonEq(p, q, ignore_one_sided, parsed, depth + 1);
    });
  }
  return a.Equals(b);
}

// Strings compared after `norm`; arrays of strings as multisets.
bool NormalizedEqual(const JsonValue& a, const JsonValue& b,
                     const std::function<std::string(std::string_view)>& norm) {
  if (a.is_string() && b.is_string()) {
    return norm(a.as_string()) == norm(b.as_string());
  }
  if (a.is_array() && b.is_array()) {
    return MultisetEqual(a, b, [&](const JsonValue& x, const JsonValue& y) {
      return NormalizedEqual(x, y, norm);
    });
  }
  return false;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string DnsNorm(std::string_view s) {
  std::string out = LowerAscii(s);
  if (!out.empty() && out.back() == '.') out.pop_back();
  if (out.rfind("dualstack.", 0) == 0) out.erase(0, 10);
  return out;
}

std::string CidrNorm(std::string_view s) {
  std::string out(s);
  if (out.find('/') == std::string::npos) {
    out += out.find(':') != std::string::npos ? "/128" : "/32";
  }
  return out;
}

std::string LastSegment(std::string_view s) {
  std::size_t i = s.rfind('/');
  return std::string(i == std::string_view::npos ? s : s.substr(i + 1));
}

std::string NewlineNorm(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '\r') out += c;
  }
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) {
    out.pop_back();
  }
  return out;
}

std::string QuoteNorm(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\" \"") == 0) {  // chunk boundary: "a" "b" = ab
      i += 2;
      continue;
    }
    if (s[i] != '"') out += s[i];
  }
  return out;
}

bool VersionPrefix(const JsonValue& a, const JsonValue& b) {
  if (!a.is_string() || !b.is_string()) return false;
  std::string_view x = a.as_string(), y = b.as_string();
  if (x.size() > y.size()) std::swap(x, y);
  if (x.empty()) return false;
  return x == y || (y.substr(0, x.size()) == x && y[x.size()] == '.');
}

bool IsZeroish(const JsonValue& v) {
  if (IsEmptyish(v)) return true;
  if (v.is_bool()) return !v.as_bool();
  if (v.is_number()) return v.as_double() == 0.0;
  return false;
}

}  // namespace

bool IsEmptyish(const JsonValue& v) {
  if (!v.valid() || v.is_null()) return true;
  if (v.is_string()) return v.as_string().empty();
  if (v.is_container()) return v.empty();
  return false;
}

JsonValue ValueAt(JsonValue root, std::span<const PathSegment> path) {
  JsonValue v = root;
  for (const PathSegment& seg : path) {
    if (!v.valid()) return v;
    v = seg.is_index ? v.at(static_cast<std::size_t>(seg.index))
                     : v.Get(seg.key);
  }
  return v;
}

bool ConditionHolds(NoiseCondition condition, const JsonValue& before,
                    const JsonValue& after, bool after_unknown) {
  if (after_unknown && condition != NoiseCondition::kAlways &&
      condition != NoiseCondition::kUnknownAfterApply) {
    return false;  // nothing to compare yet
  }
  Parsed parsed;
  switch (condition) {
    case NoiseCondition::kAlways:
      return true;
    case NoiseCondition::kNullVsEmpty:
      return IsEmptyish(before) && IsEmptyish(after);
    case NoiseCondition::kNullVsZero:
      return IsZeroish(before) && IsZeroish(after);
    case NoiseCondition::kJsonEquivalent:
      return before.valid() && after.valid() &&
             JsonEq(before, after, false, parsed, 0);
    case NoiseCondition::kJsonDefaultsAdded:
      return before.valid() && after.valid() &&
             JsonEq(before, after, true, parsed, 0);
    case NoiseCondition::kSetEquivalent:
      if (before.is_array() && after.is_array()) {
        return MultisetEqual(
            before, after,
            [](const JsonValue& x, const JsonValue& y) { return x.Equals(y); });
      }
      return false;
    case NoiseCondition::kCaseInsensitive:
      return NormalizedEqual(before, after, LowerAscii);
    case NoiseCondition::kUnknownAfterApply:
      return after_unknown && IsEmptyish(before);
    case NoiseCondition::kDnsEquivalent:
      return NormalizedEqual(before, after, DnsNorm);
    case NoiseCondition::kCidrEquivalent:
      return NormalizedEqual(before, after, CidrNorm);
    case NoiseCondition::kReferenceEquivalent:
      return NormalizedEqual(before, after, LastSegment);
    case NoiseCondition::kVersionPrefix:
      return VersionPrefix(before, after);
    case NoiseCondition::kNewlineEquivalent:
      return NormalizedEqual(before, after, NewlineNorm);
    case NoiseCondition::kQuoteEquivalent:
      return NormalizedEqual(before, after, QuoteNorm);
  }
  return false;
}

}  // namespace dw::noise_internal
