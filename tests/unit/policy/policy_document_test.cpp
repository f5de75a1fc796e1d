// Policy sanitize + validate: every error class the server answers with
// 422 names the rule index and field.
#include <gtest/gtest.h>

#include "driftwise/policy.hpp"

namespace dw {
namespace {

bool HasIssue(const std::vector<ValidationIssue>& issues, int index,
              const std::string& field, const std::string& part) {
  for (const ValidationIssue& i : issues) {
    if (i.index == index && i.field == field &&
        i.message.find(part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST(Policy, SanitizesTrimsAndLowercases) {
  Result<Policy> p =
      ParsePolicy(R"({"version": 2, "updated_at": " 2026-11-01T00:00:00Z ",
    "rules": [{"id": "  r1 ", "description": " d ", "provider": " GCP ",
               "resource_type": " google_* ", "attribute": " labels.* ",
               "actions": [" UPDATE ", "Delete"], "severity": " Critical "}]})");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const PolicyRule& r = p->rules.at(0);
  EXPECT_EQ(r.id, "r1");
  EXPECT_EQ(r.description, "d");
  EXPECT_EQ(r.provider, "google");
  EXPECT_EQ(r.resource_type, "google_*");
  EXPECT_EQ(r.attribute, "labels.*");
  EXPECT_EQ(r.actions, (std::vector<std::string>{"update", "delete"}));
  EXPECT_EQ(r.severity, Severity::kCritical);
  EXPECT_TRUE(r.enabled);
  EXPECT_EQ(p->version, 2);
  EXPECT_EQ(p->updated_at, "2026-11-01T00:00:00Z");
  // Round trip through JSON.
  Result<Policy> again = ParsePolicy(PolicyToJson(*p));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->rules.at(0).actions, r.actions);
  EXPECT_EQ(PolicyToJson(*again), PolicyToJson(*p));
}

TEST(Policy, EmptyPolicyIsValid) {
  Result<Policy> p = ParsePolicy(R"({"version": 0, "rules": []})");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->rules.empty());
}

TEST(Policy, EveryErrorClassIsReportedAtOnce) {
  std::vector<ValidationIssue> issues = ValidatePolicyJson(R"({
    "version": "one", "updated_at": "yesterday", "extra": 1,
    "rules": [
      {"resource_type": "aws_{", "attribute": "a..b", "severity": "urgent",
       "actions": ["destroy", "update", "update"], "provider": "ibm",
       "enabled": "no", "colour": 1},
      {"id": "dup", "severity": "low", "resource_type": "x"},
      {"id": "dup", "severity": 3, "resource_type": "aws_[z-a]", "actions": "update"},
      {"id": "none", "resource_type": "x", "severity": "none"},
      7
    ],
    "disabled_builtin_rules": [
      {"builtin_rule_id": "no.such.rule"},
      {"builtin_rule_id": "attr.aws.sg.open_ingress", "rule_type": "noise"},
      {"builtin_rule_id": "generic.null_vs_empty", "rule_type": "other"},
      42]})");
  for (const ValidationIssue& i : issues) {
    EXPECT_FALSE(i.message.empty());
  }
  EXPECT_TRUE(HasIssue(issues, -1, "version", "integer"));
  EXPECT_TRUE(HasIssue(issues, -1, "updated_at", "RFC 3339"));
  EXPECT_TRUE(HasIssue(issues, -1, "extra", "unknown field"));
  EXPECT_TRUE(HasIssue(issues, 0, "id", "required"));
  EXPECT_TRUE(HasIssue(issues, 0, "resource_type", "malformed glob"));
  EXPECT_TRUE(HasIssue(issues, 0, "attribute", "empty segment"));
  EXPECT_TRUE(HasIssue(issues, 0, "severity", "unknown severity \"urgent\""));
  EXPECT_TRUE(HasIssue(issues, 0, "actions", "unknown action \"destroy\""));
  EXPECT_TRUE(HasIssue(issues, 0, "actions", "duplicate action \"update\""));
  EXPECT_TRUE(HasIssue(issues, 0, "provider", "unknown provider \"ibm\""));
  EXPECT_TRUE(HasIssue(issues, 0, "enabled", "true or false"));
  EXPECT_TRUE(HasIssue(issues, 0, "colour", "unknown field"));
  EXPECT_TRUE(HasIssue(issues, 2, "id", "duplicate id \"dup\""));
  EXPECT_TRUE(HasIssue(issues, 2, "severity", "must be a string"));
  EXPECT_TRUE(HasIssue(issues, 2, "resource_type", "reversed range"));
  EXPECT_TRUE(HasIssue(issues, 2, "actions", "array of strings"));
  EXPECT_TRUE(HasIssue(issues, 3, "severity", "unknown severity \"none\""));
  EXPECT_TRUE(HasIssue(issues, 4, "", "JSON object"));
  EXPECT_TRUE(HasIssue(issues, -1, "disabled_builtin_rules[0].builtin_rule_id",
                       "no built-in risk rule"));
  EXPECT_TRUE(HasIssue(issues, -1, "disabled_builtin_rules[1].builtin_rule_id",
                       "no built-in noise rule"));
  EXPECT_TRUE(HasIssue(issues, -1, "disabled_builtin_rules[2].rule_type",
                       "unknown rule_type"));
  EXPECT_TRUE(HasIssue(issues, -1, "disabled_builtin_rules[3]", "object or"));
  // Rule issues carry the byte offset of their rule.
  for (const ValidationIssue& i : issues) {
    if (i.index >= 0) {
      EXPECT_NE(i.offset, kNoOffset) << i.ToString();
    }
  }
  // ParsePolicy reports them all in one status, first one as its path.
  Result<Policy> p = ParsePolicy(R"({"rules": [{"id": "a", "resource_type": "x",
    "severity": "urgent"}, {"id": "b", "resource_type": "y..", "severity": "low"}]})");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().json_path(), "rules[0].severity");
  EXPECT_NE(p.status().message().find("2 problems"), std::string::npos)
      << p.status().message();
  EXPECT_NE(p.status().message().find("rules[1].resource_type"),
            std::string::npos);
}

TEST(Policy, DocumentLevelErrors) {
  EXPECT_TRUE(HasIssue(ValidatePolicyJson("[1]"), -1, "", "JSON object"));
  EXPECT_TRUE(HasIssue(ValidatePolicyJson("{\"rules\": {}}"), -1, "rules",
                       "must be an array"));
  auto bad = ValidatePolicyJson("{\"rules\": [");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_NE(bad[0].message.find("not valid JSON"), std::string::npos);
  EXPECT_NE(bad[0].offset, kNoOffset);
}

TEST(Policy, EngineRejectsInvalidPolicy) {
  EngineConfig cfg;
  PolicyRule r;
  r.id = "x";
  r.resource_type = "aws_{";
  cfg.policy.rules.push_back(r);
  Result<RiskEngine> e = RiskEngine::Create(std::move(cfg));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().json_path(), "rules[0].resource_type");
}

}  // namespace
}  // namespace dw
