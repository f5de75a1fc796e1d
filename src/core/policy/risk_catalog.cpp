// The built-in risk catalog: parsing the embedded JSON, provider filters,
// and the "List built-in rules" document.
#include <algorithm>

#include "driftwise/glob.hpp"
#include "driftwise/json.hpp"
#include "driftwise/json_writer.hpp"
#include "driftwise/policy.hpp"
#include "noise/config_fields.hpp"
#include "policy/builtin_risk_catalog.hpp"

namespace dw {
namespace policy_internal {
namespace {

constexpr std::string_view kCategories[] = {
    "risk_encryption_types", "risk_iam_types", "risk_network_types",
    "risk_security_types", "risk_stateful_types"};
constexpr std::string_view kOps[] = {"becomes",
                                     "becomes_any_of",
                                     "becomes_less_than",
                                     "decreases",
                                     "contains_any",
                                     "removed",
                                     "added",
                                     "changes",
                                     "range_covers",
                                     "json_statement_allows",
                                     "json_principal_wildcard",
                                     "principal_wildcard_without_source_arn",
                                     "resource_created",
                                     "resource_deleted"};

template <typename Range>
bool In(const Range& r, std::string_view v) {
  return std::find(std::begin(r), std::end(r), v) != std::end(r);
}

void CheckGlob(config::FieldReader& f, std::string_view field,
               const std::string& pattern, GlobKind kind) {
  Status st = ValidateGlob(pattern, kind);
  if (!st.ok()) f.Issue(field, "malformed glob: " + st.message());
}

RiskTypeRule ReadType(JsonValue v, int index,
                      std::vector<ValidationIssue>* issues) {
  config::FieldReader f(v, index, issues);
  f.RejectUnknown({"id", "category", "provider", "resource_type", "actions",
                   "severity_by_action", "reason", "source", "review"});
  RiskTypeRule r;
  r.id = f.String("id", true);
  r.category = f.String("category", true);
  if (!In(kCategories, r.category)) f.Issue("category", "unknown category");
  r.provider = f.String("provider", true);
  r.resource_type = f.String("resource_type", true);
  CheckGlob(f, "resource_type", r.resource_type, GlobKind::kResourceType);
  r.actions = f.Strings("actions", true);
  for (JsonMember m : v.Get("severity_by_action").members()) {
    Severity s;
    if (!m.value.is_string() || !ParseSeverity(m.value.as_string(), &s) ||
        s == Severity::kNone) {
      f.Issue("severity_by_action", "bad severity for " + std::string(m.key));
      continue;
    }
    r.severity_by_action[std::string(m.key)] = s;
  }
  for (const std::string& a : r.actions) {
    if (!r.severity_by_action.count(a)) {
      f.Issue("severity_by_action", "no severity for action " + a);
    }
  }
  r.reason = f.String("reason", true);
  r.source = f.String("source", true);
  return r;
}

RiskAttributeRule ReadAttribute(JsonValue v, int index,
                                std::vector<ValidationIssue>* issues) {
  config::FieldReader f(v, index, issues);
  f.RejectUnknown({"id", "category", "provider", "resource_type", "attribute",
                   "condition", "severity", "reason", "source",
                   "equivalent_checks", "on_create", "review"});
  RiskAttributeRule r;
  r.id = f.String("id", true);
  r.category = f.String("category", true);
  if (!In(kCategories, r.category)) f.Issue("category", "unknown category");
  r.provider = f.String("provider", true);
  r.resource_type = f.String("resource_type", true);
  CheckGlob(f, "resource_type", r.resource_type, GlobKind::kResourceType);
  r.attribute = f.String("attribute", true);
  CheckGlob(f, "attribute", r.attribute, GlobKind::kAttributePath);
  JsonValue cond = v.Get("condition");
  r.op = std::string(cond.Get("op").as_string());
  if (!In(kOps, r.op)) f.Issue("condition", "unknown op " + r.op);
  if (cond.Get("value").valid()) r.value_json = cond.Get("value").ToJson();
  for (JsonMember m : cond.Get("where").members()) {
    r.where.emplace_back(std::string(m.key), m.value.ToJson());
  }
  std::string sev = f.String("severity", true);
  if (!ParseSeverity(sev, &r.severity) || r.severity == Severity::kNone) {
    f.Issue("severity", "bad severity " + sev);
  }
  r.on_create = f.Bool("on_create", true);
  r.reason = f.String("reason", true);
  r.source = f.String("source", true);
  r.trivy_id = std::string(v.Get("equivalent_checks").Get("trivy").as_string());
  return r;
}

RiskCatalog Parse(std::vector<ValidationIssue>* issues) {
  RiskCatalog cat;
  Result<JsonDocument> doc = JsonDocument::Parse(BuiltinRiskCatalogJson());
  if (!doc.ok()) {
    issues->push_back({-1, "", doc.status().message(), doc.status().offset()});
    return cat;
  }
  int i = 0;
  for (JsonValue v : doc->root().Get("resource_types").elements()) {
    cat.resource_types.push_back(ReadType(v, i++, issues));
  }
  i = 0;
  for (JsonValue v : doc->root().Get("attribute_rules").elements()) {
    cat.attribute_rules.push_back(ReadAttribute(v, i++, issues));
  }
  return cat;
}

bool ProviderMatches(std::string_view rule_provider, std::string_view want) {
  return want.empty() || rule_provider == want;
}

void WriteTypeRule(JsonWriter& w, const RiskTypeRule& r) {
  w.BeginObject();
  w.Member("id", r.id);
  w.Member("provider", r.provider);
  w.Member("resource_type", r.resource_type);
  w.Key("actions");
  w.StringArray(r.actions);
  w.Key("severity_by_action");
  w.BeginObject();
  for (const auto& [a, s] : r.severity_by_action) w.Member(a, SeverityName(s));
  w.EndObject();
  w.Member("reason", r.reason);
  w.Member("source", r.source);
  w.EndObject();
}

}  // namespace

const RiskCatalog& FullCatalog() {
  static const RiskCatalog* const kCatalog = [] {
    std::vector<ValidationIssue> issues;
    auto* cat = new RiskCatalog(Parse(&issues));
    // The unit tests prove the embedded catalog valid; a defect here
    // would be a build problem, and an empty catalog is the safe answer.
    if (!issues.empty()) *cat = RiskCatalog();
    return cat;
  }();
  return *kCatalog;
}

std::vector<ValidationIssue> ValidateBuiltinRiskCatalog() {
  std::vector<ValidationIssue> issues;
  Parse(&issues);
  return issues;
}

std::string_view ProviderOfType(std::string_view t) {
  for (std::string_view p : {"aws", "google", "azurerm", "kubernetes"}) {
    if (t.size() > p.size() && t.substr(0, p.size()) == p &&
        t[p.size()] == '_') {
      return p;
    }
  }
  return "";
}

}  // namespace policy_internal

inline namespace v1 {

RiskCatalog BuiltinRiskCatalog(std::string_view provider) {
  const RiskCatalog& all = policy_internal::FullCatalog();
  if (provider.empty()) return all;
  std::string want = CanonicalProvider(provider);
  RiskCatalog out;
  if (want.empty()) return out;
  for (const RiskTypeRule& r : all.resource_types) {
    if (policy_internal::ProviderMatches(r.provider, want)) {
      out.resource_types.push_back(r);
    }
  }
  for (const RiskAttributeRule& r : all.attribute_rules) {
    if (policy_internal::ProviderMatches(r.provider, want)) {
      out.attribute_rules.push_back(r);
    }
  }
  return out;
}

Result<std::string> BuiltinRulesJson(std::string_view provider, int indent) {
  if (!provider.empty() && CanonicalProvider(provider).empty()) {
    return InvalidArgumentError("unknown provider \"" + std::string(provider) +
                                "\" (expected aws, gcp or azure)");
  }
  RiskCatalog cat = BuiltinRiskCatalog(provider);
  std::vector<NoiseRule> noise = BuiltinNoiseRules(provider);
  std::string out;
  JsonWriter w(&out, indent);
  w.BeginObject();
  w.Key("noise_rules");
  w.BeginArray();
  for (const NoiseRule& r : noise) {
    w.BeginObject();
    w.Member("id", r.id);
    w.Member("provider", r.provider);
    w.Member("resource_type", r.resource_type);
    w.Member("attribute", r.attribute);
    w.Key("actions");
    w.StringArray(r.actions);
    w.Member("cause", r.cause);
    w.Member("condition", NoiseConditionName(r.condition));
    w.Member("reason", r.reason);
    w.Key("sources");
    w.StringArray(r.sources);
    w.Member("confidence", r.confidence);
    w.Key("enabled");
    w.Bool(r.enabled);
    w.EndObject();
  }
  w.EndArray();
  for (std::string_view category : policy_internal::kCategories) {
    w.Key(category);
    w.BeginArray();
    for (const RiskTypeRule& r : cat.resource_types) {
      if (r.category == category) policy_internal::WriteTypeRule(w, r);
    }
    w.EndArray();
  }
  w.Key("risk_attribute_rules");
  w.BeginArray();
  for (const RiskAttributeRule& r : cat.attribute_rules) {
    w.BeginObject();
    w.Member("id", r.id);
    w.Member("category", r.category);
    w.Member("provider", r.provider);
    w.Member("resource_type", r.resource_type);
    w.Member("attribute", r.attribute);
    w.Key("condition");
    w.BeginObject();
    w.Member("op", r.op);
    if (!r.value_json.empty()) {
      w.Key("value");
      w.Raw(r.value_json);
    }
    if (!r.where.empty()) {
      w.Key("where");
      w.BeginObject();
      for (const auto& [k, v] : r.where) {
        w.Key(k);
        w.Raw(v);
      }
      w.EndObject();
    }
    w.EndObject();
    w.Member("severity", SeverityName(r.severity));
    w.Key("on_create");
    w.Bool(r.on_create);
    w.Member("reason", r.reason);
    w.Member("source", r.source);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out += '\n';
  return out;
}

bool IsBuiltinRuleId(std::string_view id, std::string_view rule_type) {
  if (rule_type == "noise") {
    for (const NoiseRule& r : BuiltinNoiseRules()) {
      if (r.id == id) return true;
    }
    return false;
  }
  const RiskCatalog& cat = policy_internal::FullCatalog();
  for (const RiskTypeRule& r : cat.resource_types) {
    if (r.id == id) return true;
  }
  for (const RiskAttributeRule& r : cat.attribute_rules) {
    if (r.id == id) return true;
  }
  return false;
}

}  // namespace v1
}  // namespace dw
