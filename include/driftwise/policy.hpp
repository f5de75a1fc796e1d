// File: driftwise/policy.hpp
//
// Risk policy and plan assessment (docs/design.md §3.6).
//
// A PolicyRule is `{id, description, provider?, resource_type glob,
// attribute glob?, actions[], severity, enabled}`; a Policy is `{version,
// rules[], updated_at}` plus, as an extension, the org's exceptions that
// disable built-in rules by id. ParsePolicy sanitizes (trims strings,
// lowercases enum values) and validates, reporting every problem with its
// rule index and field.
//
// The built-in risk catalog (compiled into the library) groups resource
// types into stateful, iam, network, encryption and security with a
// severity per action, and adds attribute rules (0.0.0.0/0 ingress, public
// access, encryption off, deletion protection off, ...) that look at the
// planned values.
//
// RiskEngine compiles a policy, the built-in catalogs, custom noise rules
// and suppressions once (every glob into RE2 sets) and then assesses plans:
// risk level, per-change findings naming the rules that fired, counts by
// action, noise separated from signal with fingerprints, and a
// deterministic narrative built only from those facts.
//
// Thread-safety: a RiskEngine is immutable after Create and Assess may run
// concurrently on several threads. Everything else is a value type.
#ifndef DRIFTWISE_POLICY_HPP
#define DRIFTWISE_POLICY_HPP

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/noise.hpp"
#include "driftwise/plan.hpp"
#include "driftwise/status.hpp"
#include "driftwise/validation.hpp"

namespace dw {
inline namespace v1 {

// ---- Severities -----------------------------------------------------------

/// Ordered: kNone < kLow < kMedium < kHigh < kCritical.
enum class Severity : std::uint8_t { kNone, kLow, kMedium, kHigh, kCritical };
/// "none", "low", "medium", "high", "critical".
std::string_view SeverityName(Severity s) noexcept;
/// Inverse of SeverityName (lowercase); false for anything else.
bool ParseSeverity(std::string_view name, Severity* out) noexcept;

// ---- Policy ---------------------------------------------------------------

struct PolicyRule {
  std::string id;
  std::string description;
  std::string provider;  // "" = any; else aws | google | azurerm | kubernetes
  std::string resource_type;  // resource-type glob
  std::string attribute;      // attribute glob, "" = the whole resource
  /// create | update | delete | replace | read | forget; empty = any.
  std::vector<std::string> actions;
  Severity severity = Severity::kMedium;
  bool enabled = true;
};

/// An org-scoped exception: a built-in rule turned off.
struct RuleException {
  std::string builtin_rule_id;
  std::string reason;
  std::string rule_type = "risk";  // risk | noise
};

struct Policy {
  std::int64_t version = 0;
  std::vector<PolicyRule> rules;
  std::string updated_at;  // RFC 3339 or ""
  std::vector<RuleException> exceptions;
};

/// Parses, sanitizes and validates a policy document:
/// {"version": 1, "updated_at": "...", "rules": [...],
///  "disabled_builtin_rules": [{"builtin_rule_id", "reason", "rule_type"}]}.
/// Errors: kInvalidArgument listing every problem (ValidatePolicyJson).
Result<Policy> ParsePolicy(std::string_view json);
/// Every problem of a policy document (empty = valid). The server answers
/// 422 with these.
std::vector<ValidationIssue> ValidatePolicyJson(std::string_view json);
/// Trims strings and lowercases enum values in place.
void SanitizePolicy(Policy* policy);
/// Every problem of an already-built policy (unknown ids in exceptions,
/// malformed globs, duplicate ids, ...).
std::vector<ValidationIssue> ValidatePolicy(const Policy& policy);
/// The policy as JSON (the shape ParsePolicy reads).
std::string PolicyToJson(const Policy& policy);

// ---- Built-in risk catalog ------------------------------------------------

/// A resource-type entry: changes of these types are risky per action.
struct RiskTypeRule {
  std::string id;             // e.g. stateful.aws.db_instance
  std::string category;       // risk_stateful_types, risk_iam_types, ...
  std::string provider;       // aws | google | azurerm
  std::string resource_type;  // exact type or glob
  std::vector<std::string> actions;
  std::map<std::string, Severity> severity_by_action;
  std::string reason;
  std::string source;
};

/// An attribute entry: a planned value that is risky.
struct RiskAttributeRule {
  std::string id;  // e.g. attr.aws.sg.open_ingress
  std::string category;
  std::string provider;
  std::string resource_type;
  std::string attribute;  // attribute glob ("*" for resource-level ops)
  /// becomes, becomes_any_of, becomes_less_than, decreases, contains_any,
  /// removed, added, changes, range_covers, json_statement_allows,
  /// json_principal_wildcard, principal_wildcard_without_source_arn,
  /// resource_created, resource_deleted.
  std::string op;
  std::string value_json;  // the condition's value as JSON ("" = none)
  /// Sibling attributes that must hold these JSON values after the change
  /// (e.g. {"type", "\"ingress\""} for security group rules).
  std::vector<std::pair<std::string, std::string>> where;
  bool on_create = true;  // also fire when the resource is created
  Severity severity = Severity::kMedium;
  std::string reason;
  std::string source;
  std::string trivy_id;  // equivalent Trivy check, "" when none
};

struct RiskCatalog {
  std::vector<RiskTypeRule> resource_types;
  std::vector<RiskAttributeRule> attribute_rules;
};

/// The built-in catalog. `provider` filters it ("" = all; aws, gcp/google,
/// azure/azurerm); an unknown provider gives an empty catalog.
RiskCatalog BuiltinRiskCatalog(std::string_view provider = "");

/// The API's "List built-in rules" body: {"noise_rules": [...],
/// "risk_stateful_types": [...], ..., "risk_attribute_rules": [...]},
/// filtered by provider. Errors: kInvalidArgument for an unknown provider.
Result<std::string> BuiltinRulesJson(std::string_view provider, int indent);

/// True when `id` names a built-in rule of `rule_type` (risk | noise).
bool IsBuiltinRuleId(std::string_view id, std::string_view rule_type);

// ---- Assessment -----------------------------------------------------------

/// One rule that fired on a change.
struct RuleHit {
  std::string rule_id;
  std::string origin;    // "builtin" or "policy"
  std::string category;  // risk category, "" for policy rules
  Severity severity = Severity::kNone;
  std::string path;  // the attribute path it fired on, "" = whole resource
  std::string reason;
};

/// A change that carries signal (not only noise).
struct Finding {
  std::string address;
  std::string resource_type;
  Action action = Action::kNoOp;
  bool drift = false;  // from resource_drift (changed outside Terraform)
  Severity severity = Severity::kNone;    // max over hits
  std::vector<std::string> rules;         // ids that fired, sorted, distinct
  std::vector<std::string> paths;         // signal paths (not noise), sorted
  std::vector<std::string> fingerprints;  // ChangeFingerprint per path
  std::vector<RuleHit> hits;  // sorted by severity desc, rule id, path
  /// Terraform's change.action_reason ("replace_because_cannot_update",
  /// ...; "" when absent) and change.replace_paths (the attributes that
  /// forced a replacement), formatted.
  std::string action_reason;
  std::vector<std::string> replace_paths;
  std::uint64_t offset = 0;  // byte range of the change in the plan input
  std::uint64_t length = 0;
  std::uint64_t line = 0;  // 1-based line of `offset` (0 = unknown)
};

/// One diff classified as noise.
struct NoiseItem {
  std::string address;
  std::string resource_type;
  Action action = Action::kNoOp;
  bool drift = false;
  std::string path;
  std::string fingerprint;  // ChangeFingerprint
  std::string rule;         // noise rule id, or "suppression"
  std::string reason;
};

struct Assessment {
  Severity risk_level = Severity::kNone;
  /// Changes per action name ("create", "update", ...), plus "drift" (the
  /// resource_drift entries), "findings" and "noise" (diffs).
  std::map<std::string, int> counts;
  std::vector<Finding> findings;  // severity desc, then address
  std::vector<NoiseItem> noise;   // address, path
  std::string narrative;
};

struct EngineConfig {
  Policy policy;                       // custom rules and exceptions
  std::vector<NoiseRule> noise_rules;  // custom noise rules
  std::vector<Suppression> suppressions;
  bool builtin_risk = true;
  bool builtin_noise = true;
};

class RiskEngine {
 public:
  RiskEngine();
  ~RiskEngine();
  RiskEngine(RiskEngine&&) noexcept;
  RiskEngine& operator=(RiskEngine&&) noexcept;

  /// Validates and compiles everything. Errors: the policy's validation
  /// problems, or a rule that does not compile.
  static Result<RiskEngine> Create(EngineConfig config);

  /// Assesses every change and drift entry of `plan`. `now` (Unix
  /// seconds) decides which suppressions are active. Never fails on a
  /// parsed plan; Result leaves room for resource limits.
  Result<Assessment> Assess(const Plan& plan, std::int64_t now) const;

  /// Assesses one change on its own (`drift`: it happened outside
  /// Terraform): at most one finding, plus the change's noise items. For
  /// callers that map results back to their own records (drift findings).
  /// No narrative and no line numbers.
  Result<Assessment> AssessChange(const ResourceChange& change, bool drift,
                                  std::int64_t now) const;

 private:
  struct Impl;
  std::unique_ptr<const Impl> impl_;
};

/// The assessment's diffs as a scan for AggregateRecurrence, keeping which
/// noise rule matched each.
ScanRecord AssessmentToScan(const Assessment& assessment, std::string scan_id,
                            std::int64_t time, std::string repo_owner,
                            std::string repo_name);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_POLICY_HPP
