// Noise rules: names of conditions, the built-in catalog, and custom rule
// parsing with per-field validation.
#include <algorithm>
#include <array>
#include <utility>

#include "driftwise/glob.hpp"
#include "driftwise/json.hpp"
#include "driftwise/noise.hpp"
#include "noise/builtin_noise_rules.hpp"
#include "noise/config_fields.hpp"

namespace dw {
inline namespace v1 {
namespace {

constexpr std::array<std::pair<NoiseCondition, std::string_view>, 14>
    kConditionNames = {{
        {NoiseCondition::kAlways, "always"},
        {NoiseCondition::kNullVsEmpty, "null_vs_empty"},
        {NoiseCondition::kNullVsZero, "null_vs_zero"},
        {NoiseCondition::kJsonEquivalent, "json_equivalent"},
        {NoiseCondition::kJsonDefaultsAdded, "json_defaults_added"},
        {NoiseCondition::kSetEquivalent, "set_equivalent"},
        {NoiseCondition::kCaseInsensitive, "case_insensitive"},
        {NoiseCondition::kUnknownAfterApply, "unknown_after_apply"},
        {NoiseCondition::kDnsEquivalent, "dns_equivalent"},
        {NoiseCondition::kCidrEquivalent, "cidr_equivalent"},
        {NoiseCondition::kReferenceEquivalent, "reference_equivalent"},
        {NoiseCondition::kVersionPrefix, "version_prefix"},
        {NoiseCondition::kNewlineEquivalent, "newline_equivalent"},
        {NoiseCondition::kQuoteEquivalent, "quote_equivalent"},
    }};

constexpr std::array<std::string_view, 5> kNoiseActions = {
    "update", "replace", "drift", "create", "delete"};
constexpr std::array<std::string_view, 5> kProviders = {
    "aws", "google", "azurerm", "kubernetes", "*"};

bool Contains(std::span<const std::string_view> set, std::string_view v) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

// Reads one rule; `builtin` selects the catalog's field set.
NoiseRule ReadRule(JsonValue obj, int index, bool builtin,
                   std::vector<ValidationIssue>* issues) {
  NoiseRule r;
  config::FieldReader f(obj, index, issues);
  if (!obj.is_object()) {
    f.Issue("", "each rule must be a JSON object", obj);
    return r;
  }
  if (builtin) {
    f.RejectUnknown({"id", "provider", "resource_type", "attribute", "actions",
                     "cause", "condition", "reason", "sources", "confidence",
                     "default_enabled", "note", "review"});
  } else {
    f.RejectUnknown({"id", "description", "provider", "resource_type",
                     "attribute", "actions", "condition", "cause", "reason",
                     "sources", "enabled"});
  }
  r.builtin = builtin;
  r.id = f.String("id", true);
  r.provider = f.Enum("provider", builtin);
  if (r.provider.empty()) r.provider = "*";
  std::string canonical =
      r.provider == "*" ? "*" : CanonicalProvider(r.provider);
  if (canonical.empty()) {
    f.Issue("provider",
            "unknown provider \"" + r.provider +
                "\" (expected aws, gcp, azure, kubernetes or *)",
            obj.Get("provider"));
  } else {
    r.provider = canonical;
  }
  r.resource_type = f.String("resource_type", true);
  if (!r.resource_type.empty()) {
    Status st = ValidateGlob(r.resource_type, GlobKind::kResourceType);
    if (!st.ok()) {
      f.Issue("resource_type",
              "malformed glob \"" + r.resource_type + "\": " + st.message() +
                  (st.has_offset()
                       ? " at pattern byte " + std::to_string(st.offset())
                       : ""),
              obj.Get("resource_type"));
    }
  }
  r.attribute = f.String("attribute", false);
  if (!r.attribute.empty()) {
    Status st = ValidateGlob(r.attribute, GlobKind::kAttributePath);
    if (!st.ok()) {
      f.Issue("attribute",
              "malformed glob \"" + r.attribute + "\": " + st.message() +
                  (st.has_offset()
                       ? " at pattern byte " + std::to_string(st.offset())
                       : ""),
              obj.Get("attribute"));
    }
  }
  r.actions = f.Strings("actions", true);
  for (const std::string& a : r.actions) {
    if (!Contains(kNoiseActions, a)) {
      f.Issue("actions",
              "unknown action \"" + a +
                  "\" (expected update, replace, drift, create "
                  "or delete)",
              obj.Get("actions"));
    }
  }
  if (r.actions.empty()) r.actions = {"update", "drift"};
  r.cause = f.Enum("cause", false);
  std::string condition = f.Enum("condition", false);
  if (!condition.empty()) {
    if (!ParseNoiseConditionName(condition, &r.condition)) {
      f.Issue("condition", "unknown condition \"" + condition + "\"",
              obj.Get("condition"));
    }
  } else {
    r.condition = ConditionForCause(r.cause);
  }
  r.reason = f.String("reason", builtin);
  if (r.reason.empty()) r.reason = f.String("description", false);
  r.sources = f.Strings("sources", false);
  r.confidence = f.Enum("confidence", false);
  r.note = f.String("note", false);
  r.enabled = f.Bool(builtin ? "default_enabled" : "enabled", true);
  return r;
}

}  // namespace

std::vector<NoiseRule> ReadRules(std::string_view json, bool builtin,
                                 std::vector<ValidationIssue>* issues);

namespace {

std::vector<NoiseRule> ReadRulesImpl(std::string_view json, bool builtin,
                                     std::vector<ValidationIssue>* issues) {
  std::vector<NoiseRule> rules;
  Result<JsonDocument> doc = JsonDocument::Parse(json);
  if (!doc.ok()) {
    ValidationIssue issue;
    issue.message = "not valid JSON: " + doc.status().message();
    issue.offset = doc.status().offset();
    issues->push_back(std::move(issue));
    return rules;
  }
  JsonValue arr = config::RuleArray(doc->root(), "rules", issues);
  int index = 0;
  std::vector<std::uint64_t> offsets;
  for (JsonValue v : arr.elements()) {
    rules.push_back(ReadRule(v, index++, builtin, issues));
    offsets.push_back(v.Get("id").valid() ? v.Get("id").offset() : v.offset());
  }
  // Ids must be unique: suppressions and exceptions refer to them.
  for (std::size_t i = 0; i < rules.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (!rules[i].id.empty() && rules[i].id == rules[j].id) {
        ValidationIssue issue;
        issue.index = static_cast<int>(i);
        issue.field = "id";
        issue.message = "duplicate id \"" + rules[i].id + "\" (also rules[" +
                        std::to_string(j) + "])";
        issue.offset = offsets[i];
        issues->push_back(std::move(issue));
        break;
      }
    }
  }
  return rules;
}

}  // namespace

std::vector<NoiseRule> ReadRules(std::string_view json, bool builtin,
                                 std::vector<ValidationIssue>* issues) {
  return ReadRulesImpl(json, builtin, issues);
}

std::string_view NoiseConditionName(NoiseCondition c) noexcept {
  for (const auto& [cond, name] : kConditionNames) {
    if (cond == c) return name;
  }
  return "always";
}

bool ParseNoiseConditionName(std::string_view name, NoiseCondition* out) {
  for (const auto& [cond, n] : kConditionNames) {
    if (n == name) {
      *out = cond;
      return true;
    }
  }
  return false;
}

NoiseCondition ConditionForCause(std::string_view cause) noexcept {
  static constexpr std::pair<std::string_view, NoiseCondition> kMap[] = {
      {"json_reorder", NoiseCondition::kJsonEquivalent},
      {"set_order", NoiseCondition::kSetEquivalent},
      {"set_order_and_api_summarization", NoiseCondition::kSetEquivalent},
      {"set_order_and_case", NoiseCondition::kSetEquivalent},
      {"case", NoiseCondition::kCaseInsensitive},
      {"null_vs_empty", NoiseCondition::kNullVsEmpty},
      {"null_vs_zero", NoiseCondition::kNullVsZero},
      {"unknown_after_apply", NoiseCondition::kUnknownAfterApply},
      {"dns_canonicalization", NoiseCondition::kDnsEquivalent},
      {"cidr_form", NoiseCondition::kCidrEquivalent},
      {"reference_form", NoiseCondition::kReferenceEquivalent},
      {"version_drift", NoiseCondition::kVersionPrefix},
  };
  for (const auto& [c, cond] : kMap) {
    if (c == cause) return cond;
  }
  return NoiseCondition::kAlways;
}

std::string CanonicalProvider(std::string_view name) {
  std::string n = config::Lower(config::Trim(name));
  if (n == "gcp") return "google";
  if (n == "azure") return "azurerm";
  if (n == "k8s") return "kubernetes";
  if (Contains(kProviders, n) && n != "*") return n;
  return "";
}

std::vector<NoiseRule> BuiltinNoiseRules(std::string_view provider) {
  // Parsed once; the embedded catalog is validated by the unit tests, so a
  // problem here is a build defect and yields an empty catalog.
  static const std::vector<NoiseRule>* const kAll = [] {
    std::vector<ValidationIssue> issues;
    auto* rules = new std::vector<NoiseRule>(
        ReadRules(noise_internal::BuiltinNoiseRulesJson(), true, &issues));
    if (!issues.empty()) rules->clear();
    std::sort(
        rules->begin(), rules->end(),
        [](const NoiseRule& a, const NoiseRule& b) { return a.id < b.id; });
    return rules;
  }();
  if (provider.empty()) return *kAll;
  std::string want = CanonicalProvider(provider);
  std::vector<NoiseRule> out;
  for (const NoiseRule& r : *kAll) {
    if (r.provider == "*" || (!want.empty() && r.provider == want)) {
      out.push_back(r);
    }
  }
  return out;
}

std::vector<ValidationIssue> ValidateNoiseRules(std::string_view json) {
  std::vector<ValidationIssue> issues;
  ReadRules(json, false, &issues);
  return issues;
}

Result<std::vector<NoiseRule>> ParseNoiseRules(std::string_view json) {
  std::vector<ValidationIssue> issues;
  std::vector<NoiseRule> rules = ReadRules(json, false, &issues);
  DW_RETURN_IF_ERROR(IssuesToStatus(issues, "invalid noise rules"));
  return rules;
}

}  // namespace v1

namespace noise_internal {
// Validation of the embedded catalog, for the unit tests.
std::vector<ValidationIssue> ValidateBuiltinNoiseRules() {
  std::vector<ValidationIssue> issues;
  ReadRules(BuiltinNoiseRulesJson(), true, &issues);
  return issues;
}
}  // namespace noise_internal

}  // namespace dw
