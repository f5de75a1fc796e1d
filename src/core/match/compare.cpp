// File: src/core/match/compare.cpp
//
// Compares a state resource with the live resource it matched: each mapped
// property through its transform, then tags. Tags follow the AWS provider's
// model: `tags` are the resource's own, `tags_all` adds the provider's
// default_tags, and the cloud holds the union. So the live tags are compared
// with `tags_all` (no noise from default tags), and a difference is reported
// on `tags_all.K` and also on `tags.K` unless K only ever came from the
// default tags. AWS-reserved `aws:*` tags and GCP `goog-*` labels are not
// Terraform's and are ignored.
#include "match/compare.hpp"

#include <algorithm>

#include "match/normalize.hpp"
#include "match/security_group_rules.hpp"

namespace dw {
inline namespace v1 {
namespace match_internal {

namespace {

AttributePath ParseOrEmpty(std::string_view text) {
  if (text.empty()) return {};
  Result<AttributePath> p = ParsePath(text);
  return p.ok() ? *std::move(p) : AttributePath{};
}

bool StartsWith(std::string_view s, std::string_view p) {
  return !p.empty() && s.substr(0, p.size()) == p;
}

std::string PathWithKey(const AttributePath& base, std::string_view key) {
  std::string out = FormatPath(base);
  AppendPathSegment(out, PathSegment::Key(key), out.empty());
  return out;
}

std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

void CompareTags(const CatalogEntry& entry, const EntryPlan& plan,
                 const JsonValue& attributes, const LiveResource& live,
                 std::vector<PathDiff>* out) {
  JsonValue own = ValueAt(attributes, plan.tags_path);
  JsonValue all = plan.tags_all_path.empty()
                      ? JsonValue()
                      : ValueAt(attributes, plan.tags_all_path);
  bool has_all = all.is_object();
  if (!has_all) {
    all = own;
    // A state without the tags attribute at all (another provider
    // version) cannot be compared.
    if (!own.valid()) return;
  }
  auto reserved = [&](std::string_view k) {
    return StartsWith(k, plan.reserved_tag_prefix);
  };
  auto report = [&](std::string_view key, const JsonValue& iac_value,
                    const std::string& live_value, bool own_too) {
    if (has_all) {
      out->push_back({PathWithKey(plan.tags_all_path, key),
                      ValueText(iac_value), live_value});
    }
    if (own_too || !has_all) {
      out->push_back({PathWithKey(plan.tags_path, key), ValueText(own.Get(key)),
                      live_value});
    }
  };
  for (const LiveTag& t : live.tags) {
    if (reserved(t.key)) continue;
    JsonValue v = all.Get(t.key);
    if (v.is_string() ? v.as_string() == t.value
                      : NormEqual(v, JsonValue()) && t.value.empty()) {
      continue;
    }
    // Added or changed by hand: the resource's own tags now hold it too.
    report(t.key, v, Quoted(t.value), true);
  }
  for (JsonMember m : all.members()) {
    if (reserved(m.key)) continue;
    bool listed = std::binary_search(
        live.tags.begin(), live.tags.end(), LiveTag{std::string(m.key), ""},
        [](const LiveTag& a, const LiveTag& b) { return a.key < b.key; });
    if (listed) continue;
    // Removed by hand: `tags` only lists it when it was the resource's own.
    report(m.key, m.value, "",
           own.Get(m.key).valid() && !IsNothing(own.Get(m.key)));
  }
  (void)entry;
}

// Compares mapping `i` given its live value (valid).
void CompareTerraformMapping(const CatalogEntry& entry, const EntryPlan& plan,
                             std::size_t i, const JsonValue& attributes,
                             const JsonValue& lv, std::vector<PathDiff>* out) {
  const PropertyMapping& m = entry.properties[i];
  const AttributePath& path = plan.iac_paths[i];
  JsonValue iv = ValueAt(attributes, path);
  if (!iv.valid()) return;
  bool equal;
  switch (m.transform) {
    case Transform::kAwsSecurityGroupRules:
    case Transform::kObjectSet:
    case Transform::kStringSet:
      equal = SetEqual(lv, iv);
      break;
    default:
      equal = MappedEqual(m, lv, {}, iv);
  }
  if (!equal) out->push_back({FormatPath(path), ValueText(iv), ValueText(lv)});
}

// True when a member after `it` has the same key (JsonValue::Get returns
// the last duplicate, so only that one counts).
bool KeyRepeatsLater(JsonMemberIterator it, JsonMemberIterator end) {
  std::string_view key = (*it).key;
  for (++it; it != end; ++it) {
    if ((*it).key == key) return true;
  }
  return false;
}

void CompareTerraformShaped(const CatalogEntry& entry, const EntryPlan& plan,
                            const JsonValue& attributes,
                            const LiveResource& live,
                            std::vector<PathDiff>* out) {
  // The live record usually carries few attributes: walk its members once
  // and evaluate the mappings each names (the same values a lookup of every
  // mapping's path would find).
  if (live.properties.is_object()) {
    auto end = live.properties.members().end();
    for (auto it = live.properties.members().begin(); it != end; ++it) {
      JsonMember lm = *it;
      bool checked_repeat = false;
      for (std::uint32_t i : plan.keyed_mappings) {
        const AttributePath& path = plan.iac_paths[i];
        if (path.front().key != lm.key) continue;
        if (!checked_repeat) {
          if (KeyRepeatsLater(it, end)) break;
          checked_repeat = true;
        }
        JsonValue lv =
            ValueAt(lm.value, std::span<const PathSegment>(path).subspan(1));
        if (lv.valid()) {
          CompareTerraformMapping(entry, plan, i, attributes, lv, out);
        }
      }
    }
  } else {
    for (std::uint32_t i : plan.keyed_mappings) {
      JsonValue lv = ValueAt(live.properties, plan.iac_paths[i]);
      if (lv.valid()) {
        CompareTerraformMapping(entry, plan, i, attributes, lv, out);
      }
    }
  }
  for (std::uint32_t i : plan.other_mappings) {
    JsonValue lv = ValueAt(live.properties, plan.iac_paths[i]);
    if (lv.valid())
      CompareTerraformMapping(entry, plan, i, attributes, lv, out);
  }
  std::vector<std::string> paths;
  for (const AttributePath* tp : {&plan.tags_path, &plan.tags_all_path}) {
    if (tp->empty()) continue;
    // Live first: it is small, and usually has no tags_all.
    JsonValue lv = ValueAt(live.properties, *tp);
    if (!lv.valid()) continue;
    JsonValue iv = ValueAt(attributes, *tp);
    if (!iv.valid() || NormEqual(iv, lv)) continue;  // (before the copy)
    AttributePath prefix = *tp;
    DiffValues(iv, lv, prefix, {}, &paths);
  }
  for (std::string& p : paths) out->push_back({std::move(p), "", ""});
}

}  // namespace

EntryPlan MakeEntryPlan(const CatalogEntry& entry) {
  EntryPlan plan;
  for (const PropertyMapping& m : entry.properties) {
    plan.iac_paths.push_back(ParseOrEmpty(m.iac_path));
    const AttributePath& p = plan.iac_paths.back();
    if (p.empty()) continue;
    auto i = static_cast<std::uint32_t>(plan.iac_paths.size() - 1);
    (p.front().is_index ? plan.other_mappings : plan.keyed_mappings)
        .push_back(i);
  }
  plan.tags_path = ParseOrEmpty(entry.tags_attribute);
  plan.tags_all_path = ParseOrEmpty(entry.tags_all_attribute);
  if (entry.provider == "aws") plan.reserved_tag_prefix = "aws:";
  if (entry.provider == "google") plan.reserved_tag_prefix = "goog-";
  return plan;
}

void CompareWithLive(const CatalogEntry& entry, const EntryPlan& plan,
                     const JsonValue& attributes, const LiveResource& live,
                     std::vector<PathDiff>* out) {
  if (live.terraform_shaped) {
    CompareTerraformShaped(entry, plan, attributes, live, out);
    return;
  }
  std::vector<JsonValue> projected;
  for (std::size_t i = 0; i < entry.properties.size(); ++i) {
    const PropertyMapping& m = entry.properties[i];
    if (m.live_path.empty() || plan.iac_paths[i].empty()) continue;
    projected.clear();
    bool found = false;
    JsonValue lv =
        EvalLivePath(live.properties, m.live_path, &projected, &found);
    if (!found) continue;  // the source did not report it
    JsonValue iv = ValueAt(attributes, plan.iac_paths[i]);
    if (!iv.valid()) continue;  // this provider version has no such attribute
    bool equal =
        m.transform == Transform::kAwsSecurityGroupRules
            ? SecurityGroupRulesEqual(lv, iv, attributes.Get("id").as_string())
            : MappedEqual(m, lv, projected, iv);
    if (equal) continue;
    if (m.transform == Transform::kEqual && lv.is_object() && iv.is_object()) {
      std::vector<std::string> paths;
      AttributePath prefix = plan.iac_paths[i];
      DiffValues(iv, lv, prefix, {}, &paths);
      for (std::string& p : paths) {
        Result<AttributePath> parsed = ParsePath(p);
        JsonValue a, b;
        if (parsed.ok()) {
          a = ValueAt(attributes, *parsed);
          std::span<const PathSegment> rest(*parsed);
          b = ValueAt(lv, rest.subspan(prefix.size()));
        }
        out->push_back({std::move(p), ValueText(a), ValueText(b)});
      }
      continue;
    }
    // (push_back/append rather than assigning a literal: GCC 12 under
    // sanitizers misreports a -Wrestrict overlap for the latter.)
    std::string live_text;
    if (lv.valid()) {
      live_text = ValueText(lv);
    } else {
      live_text.push_back('[');
      for (std::size_t k = 0; k < projected.size(); ++k) {
        if (k) live_text.push_back(',');
        live_text.append(ValueText(projected[k]));
      }
      live_text.push_back(']');
    }
    out->push_back({std::string(m.iac_path), ValueText(iv), live_text});
  }
  if (!plan.tags_path.empty() && live.has_tags) {
    CompareTags(entry, plan, attributes, live, out);
  }
}

}  // namespace match_internal
}  // namespace v1
}  // namespace dw
