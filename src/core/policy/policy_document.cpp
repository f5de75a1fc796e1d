// Policy documents: parse, sanitize, validate (every problem, with rule
// index and field), serialize.
#include <algorithm>
#include <set>

#include "driftwise/glob.hpp"
#include "driftwise/json.hpp"
#include "driftwise/json_writer.hpp"
#include "driftwise/policy.hpp"
#include "noise/config_fields.hpp"

namespace dw {
inline namespace v1 {
namespace {

constexpr std::string_view kActions[] = {"create",  "update", "delete",
                                         "replace", "read",   "forget"};

bool IsKnownAction(std::string_view a) {
  return std::find(std::begin(kActions), std::end(kActions), a) !=
         std::end(kActions);
}

std::string GlobProblem(const Status& st) {
  std::string m = "malformed glob: " + st.message();
  if (st.has_offset()) m += " at pattern byte " + std::to_string(st.offset());
  return m;
}

// Reads the document into `policy`, recording type problems (a field of
// the wrong JSON type) in `issues`; value checks happen in ValidatePolicy.
void ReadPolicy(JsonValue root, Policy* policy,
                std::vector<ValidationIssue>* issues,
                std::vector<std::uint64_t>* rule_offsets) {
  if (!root.is_object()) {
    issues->push_back(
        {-1, "", "the policy must be a JSON object", root.offset()});
    return;
  }
  config::FieldReader top(root, -1, issues);
  top.RejectUnknown(
      {"version", "rules", "updated_at", "disabled_builtin_rules"});
  policy->version = top.Int("version", 0);
  if (policy->version < 0) top.Issue("version", "must not be negative");
  policy->updated_at = top.String("updated_at", false);
  JsonValue rules = root.Get("rules");
  if (rules.valid() && !rules.is_null() && !rules.is_array()) {
    top.Issue("rules", "must be an array", rules);
  }
  int index = 0;
  for (JsonValue v : rules.elements()) {
    config::FieldReader f(v, index++, issues);
    rule_offsets->push_back(v.offset());
    PolicyRule r;
    if (!v.is_object()) {
      f.Issue("", "each rule must be a JSON object", v);
      policy->rules.push_back(r);
      continue;
    }
    f.RejectUnknown({"id", "description", "provider", "resource_type",
                     "attribute", "actions", "severity", "enabled"});
    r.id = f.String("id", true);
    r.description = f.String("description", false);
    r.provider = f.String("provider", false);
    r.resource_type = f.String("resource_type", true);
    r.attribute = f.String("attribute", false);
    r.actions = f.Strings("actions", false);
    std::string sev = f.String("severity", true);
    if (!sev.empty()) {
      std::string lower = config::Lower(sev);
      if (!ParseSeverity(lower, &r.severity) || r.severity == Severity::kNone) {
        f.Issue("severity",
                "unknown severity \"" + sev +
                    "\" (expected low, medium, high or critical)",
                v.Get("severity"));
      }
    }
    r.enabled = f.Bool("enabled", true);
    policy->rules.push_back(std::move(r));
  }
  JsonValue ex = root.Get("disabled_builtin_rules");
  if (ex.valid() && !ex.is_null() && !ex.is_array()) {
    top.Issue("disabled_builtin_rules", "must be an array", ex);
  }
  index = 0;
  for (JsonValue v : ex.elements()) {
    std::vector<ValidationIssue> local;
    config::FieldReader f(v, index, &local);
    RuleException e;
    if (v.is_object()) {
      f.RejectUnknown({"builtin_rule_id", "reason", "rule_type"});
      e.builtin_rule_id = f.String("builtin_rule_id", true);
      e.reason = f.String("reason", false);
      std::string t = f.String("rule_type", false);
      e.rule_type = t.empty() ? "risk" : config::Lower(t);
    } else if (v.is_string()) {
      e.builtin_rule_id = config::Trim(v.as_string());
    } else {
      f.Issue("", "each exception must be an object or a rule id string", v);
    }
    // Exceptions are reported under their own list name.
    for (ValidationIssue& i : local) {
      i.field = "disabled_builtin_rules[" + std::to_string(index) + "]" +
                (i.field.empty() ? "" : "." + i.field);
      i.index = -1;
      issues->push_back(std::move(i));
    }
    policy->exceptions.push_back(std::move(e));
    ++index;
  }
}

}  // namespace

void SanitizePolicy(Policy* policy) {
  policy->updated_at = config::Trim(policy->updated_at);
  for (PolicyRule& r : policy->rules) {
    r.id = config::Trim(r.id);
    r.description = config::Trim(r.description);
    r.provider = config::Lower(config::Trim(r.provider));
    if (!r.provider.empty() && !CanonicalProvider(r.provider).empty()) {
      r.provider = CanonicalProvider(r.provider);
    }
    r.resource_type = config::Trim(r.resource_type);
    r.attribute = config::Trim(r.attribute);
    for (std::string& a : r.actions) a = config::Lower(config::Trim(a));
  }
  for (RuleException& e : policy->exceptions) {
    e.builtin_rule_id = config::Trim(e.builtin_rule_id);
    e.reason = config::Trim(e.reason);
    e.rule_type = config::Lower(config::Trim(e.rule_type));
  }
}

std::vector<ValidationIssue> ValidatePolicy(const Policy& policy) {
  std::vector<ValidationIssue> issues;
  auto add = [&](int index, std::string field, std::string message) {
    issues.push_back({index, std::move(field), std::move(message), kNoOffset});
  };
  if (!policy.updated_at.empty() && !ParseTimestamp(policy.updated_at).ok()) {
    add(-1, "updated_at", "not an RFC 3339 timestamp");
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < policy.rules.size(); ++i) {
    const PolicyRule& r = policy.rules[i];
    int idx = static_cast<int>(i);
    if (r.id.empty()) {
      add(idx, "id", "required field is missing");
    } else if (!ids.insert(r.id).second) {
      add(idx, "id", "duplicate id \"" + r.id + "\"");
    }
    if (!r.provider.empty() && CanonicalProvider(r.provider).empty()) {
      add(idx, "provider",
          "unknown provider \"" + r.provider +
              "\" (expected aws, gcp, azure or kubernetes)");
    }
    if (r.resource_type.empty()) {
      add(idx, "resource_type", "required field is missing");
    } else {
      Status st = ValidateGlob(r.resource_type, GlobKind::kResourceType);
      if (!st.ok()) add(idx, "resource_type", GlobProblem(st));
    }
    if (!r.attribute.empty()) {
      Status st = ValidateGlob(r.attribute, GlobKind::kAttributePath);
      if (!st.ok()) add(idx, "attribute", GlobProblem(st));
    }
    std::set<std::string> seen;
    for (const std::string& a : r.actions) {
      if (!IsKnownAction(a)) {
        add(idx, "actions",
            "unknown action \"" + a +
                "\" (expected create, update, delete, replace, read or "
                "forget)");
      } else if (!seen.insert(a).second) {
        add(idx, "actions", "duplicate action \"" + a + "\"");
      }
    }
  }
  for (std::size_t i = 0; i < policy.exceptions.size(); ++i) {
    const RuleException& e = policy.exceptions[i];
    std::string where = "disabled_builtin_rules[" + std::to_string(i) + "]";
    if (e.rule_type != "risk" && e.rule_type != "noise") {
      add(-1, where + ".rule_type",
          "unknown rule_type \"" + e.rule_type + "\" (expected risk or noise)");
    } else if (!e.builtin_rule_id.empty() &&
               !IsBuiltinRuleId(e.builtin_rule_id, e.rule_type)) {
      add(-1, where + ".builtin_rule_id",
          "no built-in " + e.rule_type + " rule has id \"" + e.builtin_rule_id +
              "\"");
    }
  }
  return issues;
}

std::vector<ValidationIssue> ValidatePolicyJson(std::string_view json) {
  std::vector<ValidationIssue> issues;
  Result<JsonDocument> doc = JsonDocument::Parse(json);
  if (!doc.ok()) {
    issues.push_back({-1, "", "not valid JSON: " + doc.status().message(),
                      doc.status().offset()});
    return issues;
  }
  Policy policy;
  std::vector<std::uint64_t> offsets;
  ReadPolicy(doc->root(), &policy, &issues, &offsets);
  SanitizePolicy(&policy);
  // Value problems, skipping fields whose type was already wrong.
  const std::size_t read_issues = issues.size();
  for (ValidationIssue& i : ValidatePolicy(policy)) {
    bool dup = false;
    for (std::size_t k = 0; k < read_issues; ++k) {
      const ValidationIssue& j = issues[k];
      dup = dup || (j.index == i.index && j.field == i.field);
    }
    if (dup) continue;
    if (i.index >= 0 && static_cast<std::size_t>(i.index) < offsets.size()) {
      i.offset = offsets[static_cast<std::size_t>(i.index)];
    }
    issues.push_back(std::move(i));
  }
  std::stable_sort(issues.begin(), issues.end(),
                   [](const ValidationIssue& a, const ValidationIssue& b) {
                     return a.index < b.index;
                   });
  return issues;
}

Result<Policy> ParsePolicy(std::string_view json) {
  std::vector<ValidationIssue> issues = ValidatePolicyJson(json);
  DW_RETURN_IF_ERROR(IssuesToStatus(issues, "invalid policy"));
  Result<JsonDocument> doc = JsonDocument::Parse(json);
  Policy policy;
  std::vector<std::uint64_t> offsets;
  ReadPolicy(doc->root(), &policy, &issues, &offsets);
  SanitizePolicy(&policy);
  return policy;
}

std::string PolicyToJson(const Policy& policy) {
  std::string out;
  JsonWriter w(&out, 2);
  w.BeginObject();
  w.Key("version");
  w.Int(policy.version);
  w.Member("updated_at", policy.updated_at);
  w.Key("rules");
  w.BeginArray();
  for (const PolicyRule& r : policy.rules) {
    w.BeginObject();
    w.Member("id", r.id);
    w.Member("description", r.description);
    if (!r.provider.empty()) w.Member("provider", r.provider);
    w.Member("resource_type", r.resource_type);
    if (!r.attribute.empty()) w.Member("attribute", r.attribute);
    w.Key("actions");
    w.StringArray(r.actions);
    w.Member("severity", SeverityName(r.severity));
    w.Key("enabled");
    w.Bool(r.enabled);
    w.EndObject();
  }
  w.EndArray();
  if (!policy.exceptions.empty()) {
    w.Key("disabled_builtin_rules");
    w.BeginArray();
    for (const RuleException& e : policy.exceptions) {
      w.BeginObject();
      w.Member("builtin_rule_id", e.builtin_rule_id);
      w.Member("reason", e.reason);
      w.Member("rule_type", e.rule_type);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  out += '\n';
  return out;
}

}  // namespace v1
}  // namespace dw
