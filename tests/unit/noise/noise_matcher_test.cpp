// NoiseMatcher on real parsed plans: rules match by type/attribute/action
// and only hide a diff when its values differ in representation alone.
#include <gtest/gtest.h>

#include "driftwise/noise.hpp"
#include "driftwise/plan.hpp"

namespace dw {
namespace {

// A plan with one update of `type` from `before` to `after`.
Plan OneUpdate(const std::string& type, const std::string& before,
               const std::string& after, const std::string& unknown = "{}") {
  std::string json =
      R"({"format_version":"1.2","resource_changes":[{
    "address":")" +
      type + R"(.x","mode":"managed","type":")" + type +
      R"(","name":"x","provider_name":"registry.terraform.io/hashicorp/aws",
    "change":{"actions":["update"],"before":)" +
      before + R"(,"after":)" + after + R"(,"after_unknown":)" + unknown +
      "}}]}";
  Result<Plan> plan = ParsePlanCopy(json);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return *plan;
}

std::string NoiseRuleFor(const NoiseMatcher& m, const Plan& plan,
                         const std::string& path, bool drift = false,
                         bool protect = false) {
  const ResourceChange& rc = plan.resource_changes.at(0);
  for (const AttributeChange& c : rc.diff) {
    if (c.path_text == path) {
      auto hit = m.Match(rc, c, drift, protect);
      return hit ? hit->rule->id : "";
    }
  }
  ADD_FAILURE() << "no diff at " << path;
  return "?";
}

NoiseMatcher Builtins() {
  return std::move(*NoiseMatcher::Create(BuiltinNoiseRules()));
}

TEST(NoiseMatcher, NullToEmptyIsNoiseButRealTagsAreNot) {
  NoiseMatcher m = Builtins();
  Plan p = OneUpdate("aws_sqs_queue", R"({"tags":null,"name":"a"})",
                     R"({"tags":{},"name":"a"})");
  EXPECT_EQ(NoiseRuleFor(m, p, "tags"), "generic.null_vs_empty");
  Plan q = OneUpdate("aws_sqs_queue", R"({"tags":null})",
                     R"({"tags":{"owner":"mallory"}})");
  EXPECT_EQ(NoiseRuleFor(m, q, "tags.owner"), "");
}

TEST(NoiseMatcher, JsonPolicyReorderIsNoiseRealEditIsNot) {
  NoiseMatcher m = Builtins();
  Plan same = OneUpdate(
      "aws_iam_policy",
      R"({"policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":\"*\"}]}"})",
      R"({"policy":"{\"Statement\":[{\"Resource\":\"*\",\"Action\":\"s3:GetObject\",\"Effect\":\"Allow\"}],\"Version\":\"2012-10-17\"}"})");
  EXPECT_EQ(NoiseRuleFor(m, same, "policy"), "aws.iam_policy.policy_json");
  Plan edit = OneUpdate(
      "aws_iam_policy",
      R"({"policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"})",
      R"({"policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"})");
  EXPECT_EQ(NoiseRuleFor(m, edit, "policy"), "");
}

TEST(NoiseMatcher, SetReorderOfSecurityGroupRules) {
  NoiseMatcher m = Builtins();
  std::string a =
      R"({"from_port":22,"to_port":22,"cidr_blocks":["10.0.0.0/8"]})";
  std::string b =
      R"({"from_port":443,"to_port":443,"cidr_blocks":["0.0.0.0/0"]})";
  Plan reorder =
      OneUpdate("aws_security_group", "{\"ingress\":[" + a + "," + b + "]}",
                "{\"ingress\":[" + b + "," + a + "]}");
  EXPECT_EQ(NoiseRuleFor(m, reorder, "ingress[0].from_port"),
            "aws.security_group.inline_rules");
  Plan added = OneUpdate("aws_security_group", "{\"ingress\":[" + a + "]}",
                         "{\"ingress\":[" + a + "," + b + "]}");
  EXPECT_EQ(NoiseRuleFor(m, added, "ingress[1].from_port"), "");
}

TEST(NoiseMatcher, ActionsDriftAndProtection) {
  Result<std::vector<NoiseRule>> rules = ParseNoiseRules(R"([
    {"id": "only.drift", "resource_type": "aws_db_instance",
     "attribute": "engine_version", "actions": ["drift"]},
    {"id": "whole", "resource_type": "aws_db_instance",
     "actions": ["update", "replace", "delete"]}])");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  NoiseMatcher m = std::move(*NoiseMatcher::Create(*rules));
  Plan p = OneUpdate("aws_db_instance", R"({"engine_version":"14.1"})",
                     R"({"engine_version":"15.2"})");
  EXPECT_EQ(NoiseRuleFor(m, p, "engine_version", /*drift=*/true), "only.drift");
  // An attribute-less rule covers every path of the type.
  EXPECT_EQ(NoiseRuleFor(m, p, "engine_version", false), "whole");
  // A protected change (delete/replace of a stateful type) is never noise.
  EXPECT_EQ(NoiseRuleFor(m, p, "engine_version", false, /*protect=*/true), "");
}

TEST(NoiseMatcher, ConditionsOnValues) {
  NoiseMatcher m = Builtins();
  EXPECT_EQ(
      NoiseRuleFor(m,
                   OneUpdate("aws_db_instance", R"({"engine_version":"14"})",
                             R"({"engine_version":"14.7"})"),
                   "engine_version"),
      "aws.rds.engine_version.auto_minor");
  EXPECT_EQ(
      NoiseRuleFor(m,
                   OneUpdate("aws_db_instance", R"({"engine_version":"14.7"})",
                             R"({"engine_version":"15.2"})"),
                   "engine_version"),
      "");
  EXPECT_EQ(NoiseRuleFor(m,
                         OneUpdate("aws_db_instance", R"({"engine":"MySQL"})",
                                   R"({"engine":"mysql"})"),
                         "engine"),
            "aws.rds.identifier_case");
  EXPECT_EQ(
      NoiseRuleFor(m,
                   OneUpdate("aws_route53_record", R"({"name":"Example.com."})",
                             R"({"name":"example.com"})"),
                   "name"),
      "aws.route53_record.alias_name");
  EXPECT_EQ(NoiseRuleFor(
                m,
                OneUpdate("azurerm_key_vault",
                          R"({"network_acls":[{"ip_rules":["1.2.3.4"]}]})",
                          R"({"network_acls":[{"ip_rules":["1.2.3.4/32"]}]})"),
                "network_acls[0].ip_rules[0]"),
            "azurerm.network_acls.single_ip");
  EXPECT_EQ(
      NoiseRuleFor(
          m,
          OneUpdate(
              "google_compute_instance", R"({"network":"default"})",
              R"({"network":"https://www.googleapis.com/compute/v1/projects/p/global/networks/default"})"),
          "network"),
      "google.self_link_vs_name");
  EXPECT_EQ(NoiseRuleFor(m,
                         OneUpdate("google_dns_record_set",
                                   R"({"rrdatas":["\"v=spf1\" \"-all\""]})",
                                   R"({"rrdatas":["v=spf1-all"]})"),
                         "rrdatas[0]"),
            "google.dns_record_set.txt_quoting");
  // Unknown after apply replacing null is noise; replacing a value is not.
  EXPECT_EQ(NoiseRuleFor(m,
                         OneUpdate("aws_instance", R"({"arn":null})", R"({})",
                                   R"({"arn":true})"),
                         "arn"),
            "generic.unknown_computed_only");
  EXPECT_EQ(NoiseRuleFor(m,
                         OneUpdate("aws_instance", R"({"arn":"x"})", R"({})",
                                   R"({"arn":true})"),
                         "arn"),
            "");
  // Well-known Kubernetes keys only.
  EXPECT_EQ(
      NoiseRuleFor(
          m,
          OneUpdate(
              "kubernetes_deployment", R"({"metadata":[{"annotations":{}}]})",
              R"({"metadata":[{"annotations":{"deployment.kubernetes.io/revision":"2"}}]})"),
          "metadata[0].annotations[\"deployment.kubernetes.io/revision\"]"),
      "kubernetes.well_known_annotations");
  EXPECT_EQ(
      NoiseRuleFor(
          m,
          OneUpdate("kubernetes_deployment", R"({"metadata":[{"labels":{}}]})",
                    R"({"metadata":[{"labels":{"app":"web"}}]})"),
          "metadata[0].labels.app"),
      "");
}

}  // namespace
}  // namespace dw
