// File: src/core/match/mapped_compare.cpp
//
// The per-transform comparisons behind PropertyMapping: how a value the
// cloud API returns is compared with what Terraform stored.
#include <algorithm>
#include <cctype>
#include <string>

#include "match/normalize.hpp"

namespace dw {
inline namespace v1 {
namespace match_internal {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view LastSegmentOf(std::string_view s) {
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  std::size_t p = s.rfind('/');
  return p == std::string_view::npos ? s : s.substr(p + 1);
}

std::string DnsCanonical(std::string_view s) {
  std::string out = Lower(s);
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

std::string LocationCanonical(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ')
      out.push_back(
          static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

template <typename Canon>
bool StringsEqualBy(const JsonValue& a, const JsonValue& b, Canon canon) {
  if (IsNothing(a) || IsNothing(b)) return IsNothing(a) && IsNothing(b);
  if (!a.is_string() || !b.is_string()) return NormEqual(a, b);
  return canon(a.as_string()) == canon(b.as_string());
}

bool ListsEqual(const std::vector<JsonValue>& xs,
                const std::vector<JsonValue>& ys) {
  if (xs.size() != ys.size()) return false;
  std::vector<bool> used(ys.size(), false);
  for (const JsonValue& x : xs) {
    bool hit = false;
    for (std::size_t j = 0; j < ys.size(); ++j) {
      if (!used[j] && NormEqual(x, ys[j])) {
        used[j] = hit = true;
        break;
      }
    }
    if (!hit) return false;
  }
  return true;
}

void AsList(const JsonValue& v, std::vector<JsonValue>* out) {
  if (v.is_array()) {
    for (JsonValue e : v.elements()) out->push_back(e);
  } else if (!IsNothing(v)) {
    out->push_back(v);
  }
}

JsonValue GetLooseKey(const JsonValue& obj, std::string_view key) {
  JsonValue v = obj.Get(key);
  if (v.valid()) return v;
  for (JsonMember m : obj.members()) {
    if (Lower(m.key) == Lower(key)) return m.value;
  }
  return JsonValue();
}

// kObjectSet: lists of objects whose keys are renamed by
// "LiveKey=tf_key,..."; order-free.
bool ObjectSetEqual(const JsonValue& live, const JsonValue& iac,
                    std::string_view spec) {
  std::vector<std::pair<std::string_view, std::string_view>> renames;
  while (!spec.empty()) {
    std::size_t comma = spec.find(',');
    std::string_view pair = spec.substr(0, comma);
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos) {
      renames.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
    }
    if (comma == std::string_view::npos) break;
    spec.remove_prefix(comma + 1);
  }
  std::vector<JsonValue> xs, ys;
  AsList(live, &xs);
  AsList(iac, &ys);
  if (xs.size() != ys.size()) return false;
  std::vector<bool> used(ys.size(), false);
  for (const JsonValue& x : xs) {
    bool hit = false;
    for (std::size_t j = 0; j < ys.size() && !hit; ++j) {
      if (used[j]) continue;
      bool same = true;
      for (const auto& [lk, tk] : renames) {
        if (!NormEqual(GetLooseKey(x, lk), ys[j].Get(tk))) {
          same = false;
          break;
        }
      }
      if (same) used[j] = hit = true;
    }
    if (!hit) return false;
  }
  return true;
}

}  // namespace

bool MappedEqual(const PropertyMapping& m, const JsonValue& live,
                 const std::vector<JsonValue>& projected,
                 const JsonValue& iac) {
  switch (m.transform) {
    case Transform::kEqual:
    case Transform::kNumber:
    case Transform::kBool:
      return NormEqual(live, iac);
    case Transform::kJsonDocument:
      if (IsNothing(live) || IsNothing(iac)) {
        return IsNothing(live) && IsNothing(iac);
      }
      return DocumentEqual(live, iac);
    case Transform::kCaseInsensitive:
      return StringsEqualBy(live, iac, Lower);
    case Transform::kLastSegment:
      return StringsEqualBy(live, iac, [](std::string_view s) {
        return std::string(LastSegmentOf(s));
      });
    case Transform::kDnsName:
      return StringsEqualBy(live, iac, DnsCanonical);
    case Transform::kAzureLocation:
      return StringsEqualBy(live, iac, LocationCanonical);
    case Transform::kStringSet: {
      std::vector<JsonValue> xs = projected, ys;
      if (live.valid()) AsList(live, &xs);
      AsList(iac, &ys);
      return ListsEqual(xs, ys);
    }
    case Transform::kObjectSet:
      return ObjectSetEqual(live, iac, m.argument);
    case Transform::kAwsSecurityGroupRules:
      // Needs the group's own id; compared by SecurityGroupRulesEqual.
      return false;
  }
  return false;
}

}  // namespace match_internal
}  // namespace v1
}  // namespace dw
