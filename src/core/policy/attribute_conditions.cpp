#include "policy/attribute_conditions.hpp"

#include <functional>

#include "noise/noise_conditions.hpp"

namespace dw::policy_internal {
namespace {

using noise_internal::IsEmptyish;

// JSON documents held in string attributes (IAM policies) are parsed.
JsonValue Unwrap(const JsonValue& v, std::vector<JsonDocument>* keep) {
  if (!v.is_string()) return v;
  std::string_view s = v.as_string();
  std::size_t i = s.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || (s[i] != '{' && s[i] != '[')) return v;
  Result<JsonDocument> doc = JsonDocument::Parse(s);
  if (!doc.ok()) return v;
  keep->push_back(*doc);
  return keep->back().root();
}

// Any string leaf of `v` (JSON-in-string included) equal to one of
// `targets`.
bool ContainsAny(const JsonValue& v, const JsonValue& targets,
                 std::vector<JsonDocument>* keep, int depth = 0) {
  if (!v.valid() || depth > 64) return false;
  JsonValue u = Unwrap(v, keep);
  if (u.is_string() || u.is_number() || u.is_bool()) {
    for (JsonValue t : targets.elements()) {
      if (u.Equals(t)) return true;
    }
    return false;
  }
  if (u.is_array()) {
    for (JsonValue e : u.elements()) {
      if (ContainsAny(e, targets, keep, depth + 1)) return true;
    }
  }
  if (u.is_object()) {
    for (JsonMember m : u.members()) {
      if (ContainsAny(m.value, targets, keep, depth + 1)) return true;
    }
  }
  return false;
}

bool IsOneOf(const JsonValue& v, const JsonValue& values) {
  if (!v.valid()) return false;
  if (values.is_array()) {
    for (JsonValue x : values.elements()) {
      if (v.Equals(x)) return true;
    }
    return false;
  }
  return v.Equals(values);
}

bool HasWildcard(const JsonValue& v) {
  if (v.is_string()) return v.as_string() == "*";
  for (JsonValue e : v.elements()) {
    if (HasWildcard(e)) return true;
  }
  return false;
}

// Statements of an IAM-style policy document (object or array form).
template <typename Fn>
bool AnyAllowStatement(const JsonValue& doc, Fn&& fn) {
  JsonValue st = doc.Get("Statement");
  auto check = [&](const JsonValue& s) {
    return s.Get("Effect").as_string() == "Allow" && fn(s);
  };
  if (st.is_object()) return check(st);
  for (JsonValue s : st.elements()) {
    if (check(s)) return true;
  }
  return false;
}

bool AllowsEverything(const JsonValue& policy, const JsonValue& value,
                      std::vector<JsonDocument>* keep) {
  JsonValue doc = Unwrap(policy, keep);
  if (!doc.is_object()) return false;
  return AnyAllowStatement(doc, [&](const JsonValue& s) {
    for (JsonMember m : value.members()) {
      JsonValue field = s.Get(m.key);
      if (!IsOneOf(m.value, field)) return false;
    }
    return true;
  });
}

bool PrincipalWildcard(const JsonValue& policy,
                       std::vector<JsonDocument>* keep) {
  JsonValue doc = Unwrap(policy, keep);
  if (!doc.is_object()) return false;
  return AnyAllowStatement(doc, [](const JsonValue& s) {
    JsonValue p = s.Get("Principal");
    if (HasWildcard(p)) return true;
    for (JsonMember m : p.members()) {
      if (HasWildcard(m.value)) return true;
    }
    return false;
  });
}

bool WhereHolds(const CompiledCondition& c, const ResourceChange& change) {
  JsonValue after = change.after();
  for (const auto& [key, doc] : c.where) {
    if (!after.Get(key).Equals(doc.root())) return false;
  }
  return true;
}

}  // namespace

bool ContainsTarget(const CompiledCondition& c, const ResourceChange& change,
                    const JsonValue& v) {
  std::vector<JsonDocument> keep;
  return WhereHolds(c, change) && ContainsAny(v, c.value.root(), &keep);
}

bool IsChangeLevelOp(std::string_view op) {
  return op == "resource_created" || op == "resource_deleted" ||
         op == "range_covers" || op == "principal_wildcard_without_source_arn";
}

bool PathConditionHolds(const CompiledCondition& c,
                        const ResourceChange& change, const JsonValue& before,
                        const JsonValue& after, bool after_unknown) {
  const Action a = change.action;
  if (a != Action::kCreate && a != Action::kUpdate && a != Action::kReplace) {
    return false;  // a planned value must exist after the change
  }
  if (a == Action::kCreate && !c.on_create) return false;
  if (!WhereHolds(c, change)) return false;
  const JsonValue value = c.value.root();
  std::vector<JsonDocument> keep;
  const std::string& op = c.op;
  if (op == "changes") return after_unknown || !before.Equals(after);
  if (after_unknown) return false;  // the value is not known yet
  if (op == "becomes") return after.Equals(value) && !before.Equals(value);
  if (op == "becomes_any_of") {
    return IsOneOf(after, value) && !IsOneOf(before, value);
  }
  if (op == "becomes_less_than") {
    return after.is_number() && after.as_double() < value.as_double() &&
           !(before.is_number() && before.as_double() < value.as_double());
  }
  if (op == "decreases") {
    return after.is_number() && before.is_number() &&
           after.as_double() < before.as_double();
  }
  if (op == "contains_any") {
    return ContainsAny(after, value, &keep) &&
           !ContainsAny(before, value, &keep);
  }
  if (op == "removed") {
    return a != Action::kCreate && !IsEmptyish(before) && IsEmptyish(after);
  }
  if (op == "added") return IsEmptyish(before) && !IsEmptyish(after);
  if (op == "json_statement_allows") {
    return AllowsEverything(after, value, &keep) &&
           !AllowsEverything(before, value, &keep);
  }
  if (op == "json_principal_wildcard") {
    return PrincipalWildcard(after, &keep) && !PrincipalWildcard(before, &keep);
  }
  return false;
}

bool ChangeConditionHolds(const CompiledCondition& c,
                          const ResourceChange& change) {
  const std::string& op = c.op;
  if (op == "resource_created") {
    return change.action == Action::kCreate ||
           change.action == Action::kReplace;
  }
  if (op == "resource_deleted") return change.action == Action::kDelete;
  if (change.action != Action::kCreate && change.action != Action::kUpdate &&
      change.action != Action::kReplace) {
    return false;
  }
  if (change.action == Action::kCreate && !c.on_create) return false;
  JsonValue before = change.before(), after = change.after();
  if (op == "range_covers") {
    const JsonValue v = c.value.root();
    auto covers = [&](const JsonValue& obj) {
      return obj.Get("start_ip_address").Equals(v.at(0)) &&
             obj.Get("end_ip_address").Equals(v.at(1));
    };
    return covers(after) && !covers(before);
  }
  if (op == "principal_wildcard_without_source_arn") {
    auto open = [](const JsonValue& obj) {
      return HasWildcard(obj.Get("principal")) &&
             IsEmptyish(obj.Get("source_arn"));
    };
    return open(after) && !open(before);
  }
  return false;
}

}  // namespace dw::policy_internal
