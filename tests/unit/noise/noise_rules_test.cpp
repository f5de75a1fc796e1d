// The built-in noise catalog and custom noise rule validation.
#include <gtest/gtest.h>

#include <set>

#include "driftwise/noise.hpp"
#include "noise/builtin_noise_rules.hpp"

namespace dw {
namespace {

TEST(BuiltinNoiseRules, CatalogIsValidWithStableIds) {
  std::vector<ValidationIssue> issues =
      noise_internal::ValidateBuiltinNoiseRules();
  for (const ValidationIssue& i : issues) ADD_FAILURE() << i.ToString();
  std::vector<NoiseRule> all = BuiltinNoiseRules();
  ASSERT_EQ(all.size(), 68u);  // every draft rule kept, none invented
  std::set<std::string> ids;
  for (const NoiseRule& r : all) {
    EXPECT_TRUE(ids.insert(r.id).second) << r.id;
    EXPECT_TRUE(r.builtin);
    EXPECT_FALSE(r.reason.empty()) << r.id;
    EXPECT_FALSE(r.sources.empty()) << r.id << " has no source";
  }
  // Ids other components store (suppressions, exceptions) must not move.
  for (const char* id :
       {"aws.tags_all.default_tags", "generic.null_vs_empty",
        "aws.security_group.inline_rules", "google.self_link_vs_name",
        "azurerm.resource_id_casing", "kubernetes.deployment.replicas_hpa"}) {
    EXPECT_TRUE(ids.count(id)) << id;
  }
  // Sorted by id.
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_LT(all[i - 1].id, all[i].id);
  }
  // Every rule compiles into one matcher.
  EXPECT_TRUE(NoiseMatcher::Create(all).ok());
}

TEST(BuiltinNoiseRules, ReviewedConditionsAndDefaults) {
  std::map<std::string, NoiseRule> by_id;
  for (NoiseRule& r : BuiltinNoiseRules()) by_id[r.id] = r;
  EXPECT_EQ(by_id["aws.iam_policy.policy_json"].condition,
            NoiseCondition::kJsonEquivalent);
  EXPECT_EQ(by_id["generic.null_vs_empty"].condition,
            NoiseCondition::kNullVsEmpty);
  EXPECT_EQ(by_id["aws.rds.engine_version.auto_minor"].condition,
            NoiseCondition::kVersionPrefix);
  EXPECT_FALSE(by_id["generic.externally_added_tags"].enabled);
  EXPECT_FALSE(by_id["aws.iam_role.exclusive_policy_management"].enabled);
  EXPECT_EQ(by_id["aws.lambda_function.computed"].attribute, "last_modified");
}

TEST(BuiltinNoiseRules, ProviderFilter) {
  auto aws = BuiltinNoiseRules("aws");
  auto gcp = BuiltinNoiseRules("gcp");
  auto azure = BuiltinNoiseRules("azure");
  auto all = BuiltinNoiseRules();
  for (const NoiseRule& r : aws) {
    EXPECT_TRUE(r.provider == "aws" || r.provider == "*") << r.id;
  }
  for (const NoiseRule& r : gcp) {
    EXPECT_TRUE(r.provider == "google" || r.provider == "*") << r.id;
  }
  EXPECT_EQ(BuiltinNoiseRules("google").size(), gcp.size());
  EXPECT_EQ(BuiltinNoiseRules("azurerm").size(), azure.size());
  // 34 aws + 13 google + 11 azurerm + 7 kubernetes + 3 generic.
  EXPECT_EQ(aws.size(), 37u);
  EXPECT_EQ(gcp.size(), 16u);
  EXPECT_EQ(azure.size(), 14u);
  EXPECT_EQ(all.size(), 68u);
}

TEST(CustomNoiseRules, ParsesAndSanitizes) {
  auto rules = ParseNoiseRules(R"({"rules": [
    {"id": " team.tags ", "resource_type": "aws_*", "attribute": "tags.team",
     "actions": ["UPDATE", "drift"], "condition": "Always",
     "provider": "AWS", "reason": "managed by a tagging bot"},
    {"id": "gcp.labels", "provider": "gcp", "resource_type": "google_*",
     "attribute": "labels", "condition": "null_vs_empty"}]})");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->size(), 2u);
  EXPECT_EQ((*rules)[0].id, "team.tags");
  EXPECT_EQ((*rules)[0].provider, "aws");
  EXPECT_EQ((*rules)[0].actions, (std::vector<std::string>{"update", "drift"}));
  EXPECT_EQ((*rules)[1].provider, "google");
  EXPECT_EQ((*rules)[1].condition, NoiseCondition::kNullVsEmpty);
  EXPECT_EQ((*rules)[1].actions, (std::vector<std::string>{"update", "drift"}));
  EXPECT_FALSE((*rules)[0].builtin);
}

TEST(CustomNoiseRules, EveryBadFieldIsReported) {
  std::vector<ValidationIssue> issues = ValidateNoiseRules(R"({"rules": [
    {"resource_type": "aws_{x", "attribute": "tags..a", "actions": ["explode"],
     "condition": "sometimes", "provider": "ibm", "enabled": "yes",
     "colour": "red"},
    {"id": "dup", "resource_type": "aws_*"},
    {"id": "dup", "resource_type": 7, "sources": [1]},
    "not an object"]})");
  std::set<std::string> got;
  for (const ValidationIssue& i : issues) got.insert(i.ToString());
  auto has = [&](int index, const std::string& field, const std::string& part) {
    for (const ValidationIssue& i : issues) {
      if (i.index == index && i.field == field &&
          i.message.find(part) != std::string::npos) {
        EXPECT_NE(i.offset, kNoOffset);
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(has(0, "id", "required"));
  EXPECT_TRUE(has(0, "resource_type", "unclosed '{'"));
  EXPECT_TRUE(has(0, "attribute", "empty segment"));
  EXPECT_TRUE(has(0, "actions", "unknown action \"explode\""));
  EXPECT_TRUE(has(0, "condition", "unknown condition \"sometimes\""));
  EXPECT_TRUE(has(0, "provider", "unknown provider \"ibm\""));
  EXPECT_TRUE(has(0, "enabled", "true or false"));
  EXPECT_TRUE(has(0, "colour", "unknown field"));
  EXPECT_TRUE(has(2, "id", "duplicate id \"dup\""));
  EXPECT_TRUE(has(2, "resource_type", "must be a string"));
  EXPECT_TRUE(has(2, "sources[0]", "must be a string"));
  EXPECT_TRUE(has(3, "", "JSON object"));
  EXPECT_EQ(issues.size(), 12u);
  Result<std::vector<NoiseRule>> parsed = ParseNoiseRules(R"([{"id": "x"}])");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().json_path(), "rules[0].resource_type");
  EXPECT_NE(parsed.status().message().find("required field is missing"),
            std::string::npos);
}

TEST(CustomNoiseRules, DocumentLevelErrors) {
  EXPECT_FALSE(ParseNoiseRules("{").ok());
  EXPECT_NE(ParseNoiseRules("{}").status().message().find("rules"),
            std::string::npos);
  EXPECT_NE(ParseNoiseRules("42").status().message().find("object or array"),
            std::string::npos);
  EXPECT_TRUE(ParseNoiseRules("[]").ok());
}

}  // namespace
}  // namespace dw
