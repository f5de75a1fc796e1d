// Plan assessment on the shared corpus and on small plans that exercise
// each kind of rule.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "driftwise/policy.hpp"

namespace dw {
namespace {

constexpr std::int64_t kNow = 1795746783;  // 2026-11-27T02:33:03Z

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RiskEngine DefaultEngine() {
  Result<RiskEngine> e = RiskEngine::Create({});
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return std::move(*e);
}

const Finding* FindingFor(const Assessment& a, const std::string& address) {
  for (const Finding& f : a.findings) {
    if (f.address == address) return &f;
  }
  return nullptr;
}

TEST(Assess, BasicAwsRefreshPlan) {
  Result<Plan> plan =
      ParsePlan(ReadFile(std::string(DW_SHARED_DIR) +
                         "/corpus/scenarios/basic-aws/refresh-plan.json"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  Result<Assessment> a = DefaultEngine().Assess(*plan, kNow);
  ASSERT_TRUE(a.ok());
  // The ingress opened to 0.0.0.0/0 (port 22) is high or critical.
  const Finding* sg = FindingFor(*a, "aws_security_group.web");
  ASSERT_NE(sg, nullptr);
  EXPECT_GE(sg->severity, Severity::kHigh);
  EXPECT_TRUE(sg->drift);
  EXPECT_NE(
      std::find(sg->rules.begin(), sg->rules.end(), "attr.aws.sg.open_ingress"),
      sg->rules.end());
  EXPECT_GE(a->risk_level, Severity::kHigh);
  // tags: null -> {} on the untouched resources is noise, with fingerprints.
  for (const char* addr :
       {"aws_dynamodb_table.items", "aws_iam_role.app", "aws_sqs_queue.jobs",
        "aws_subnet.app[0]", "aws_subnet.app[1]"}) {
    EXPECT_EQ(FindingFor(*a, addr), nullptr) << addr << " should be noise";
    bool found = false;
    for (const NoiseItem& n : a->noise) {
      if (n.address == addr && n.path == "tags") {
        found = true;
        EXPECT_EQ(n.rule, "generic.null_vs_empty");
        EXPECT_EQ(n.fingerprint,
                  Fingerprint(n.resource_type, "tags", "update"));
      }
    }
    EXPECT_TRUE(found) << addr;
  }
  // The real tag change on the bucket stays signal.
  const Finding* logs = FindingFor(*a, "aws_s3_bucket.logs");
  ASSERT_NE(logs, nullptr);
  EXPECT_NE(std::find(logs->paths.begin(), logs->paths.end(), "tags.owner"),
            logs->paths.end());
  EXPECT_EQ(a->counts.at("drift"), 7);
  EXPECT_NE(a->narrative.find("Risk level: high."), std::string::npos)
      << a->narrative;
  // Deterministic: a second run reads the same.
  EXPECT_EQ(DefaultEngine().Assess(*plan, kNow)->narrative, a->narrative);
}

TEST(Assess, EveryCorpusPlanAssesses) {
  const std::string root = std::string(DW_SHARED_DIR) + "/corpus/plans";
  RiskEngine engine = DefaultEngine();
  int assessed = 0, rejected = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const std::string path = entry.path().string();
    if (entry.path().extension() != ".json") continue;
    const bool invalid =
        path.ends_with("infracost/plan_with_terraform_wrapper.json") ||
        path.ends_with("terraform-json/invalid__plan.json");
    Result<Plan> plan = ParsePlan(ReadFile(path));
    if (invalid) {
      EXPECT_FALSE(plan.ok()) << path;
      EXPECT_FALSE(plan.status().message().empty());
      ++rejected;
      continue;
    }
    ASSERT_TRUE(plan.ok()) << path << ": " << plan.status().ToString();
    Result<Assessment> a = engine.Assess(*plan, kNow);
    ASSERT_TRUE(a.ok()) << path;
    EXPECT_FALSE(a->narrative.empty());
    ++assessed;
  }
  EXPECT_EQ(rejected, 2);
  EXPECT_GT(assessed, 200);
}

std::string OneChange(const std::string& type, const std::string& actions,
                      const std::string& before, const std::string& after) {
  return R"({"format_version":"1.2","resource_changes":[{"address":")" + type +
         R"(.x","mode":"managed","type":")" + type +
         R"(","name":"x","provider_name":"p","change":{"actions":)" + actions +
         R"(,"before":)" + before + R"(,"after":)" + after +
         R"(,"after_unknown":{}}}]})";
}

Assessment AssessJson(const RiskEngine& e, const std::string& json) {
  Result<Plan> plan = ParsePlanCopy(json);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return *e.Assess(*plan, kNow);
}

TEST(Assess, StatefulDeleteIsCriticalAndNeverNoise) {
  RiskEngine e = DefaultEngine();
  Assessment a =
      AssessJson(e, OneChange("aws_db_instance", R"(["delete"])",
                              R"({"identifier":"db","tags":null})", "null"));
  ASSERT_EQ(a.findings.size(), 1u);
  EXPECT_EQ(a.risk_level, Severity::kCritical);
  EXPECT_EQ(a.findings[0].rules,
            (std::vector<std::string>{"stateful.aws.db_instance"}));
  // A noise rule claiming every path of the type cannot hide the delete.
  EngineConfig cfg;
  cfg.noise_rules = *ParseNoiseRules(
      R"([{"id":"all","resource_type":"aws_db_instance","actions":["delete","replace"]}])");
  RiskEngine greedy = std::move(*RiskEngine::Create(std::move(cfg)));
  a = AssessJson(greedy,
                 OneChange("aws_db_instance", R"(["delete","create"])",
                           R"({"identifier":"a"})", R"({"identifier":"b"})"));
  ASSERT_EQ(a.findings.size(), 1u);
  EXPECT_EQ(a.findings[0].severity, Severity::kCritical);
  EXPECT_TRUE(a.noise.empty());
}

TEST(Assess, AttributeRules) {
  RiskEngine e = DefaultEngine();
  // Public access.
  Assessment a = AssessJson(e, OneChange("aws_db_instance", R"(["update"])",
                                         R"({"publicly_accessible":false})",
                                         R"({"publicly_accessible":true})"));
  ASSERT_EQ(a.findings.size(), 1u);
  EXPECT_EQ(a.findings[0].rules,
            (std::vector<std::string>{"attr.aws.rds.publicly_accessible"}));
  EXPECT_EQ(a.findings[0].severity, Severity::kHigh);
  // Encryption off.
  a = AssessJson(
      e, OneChange("aws_ebs_volume", R"(["update"])", R"({"encrypted":true})",
                   R"({"encrypted":false})"));
  EXPECT_EQ(a.findings.at(0).rules,
            (std::vector<std::string>{"attr.aws.ebs.encrypted"}));
  // Deletion protection turned off: fires on update, not on create.
  a = AssessJson(e, OneChange("aws_db_instance", R"(["update"])",
                              R"({"deletion_protection":true})",
                              R"({"deletion_protection":false})"));
  EXPECT_EQ(a.findings.at(0).rules,
            (std::vector<std::string>{"attr.aws.rds.deletion_protection"}));
  a = AssessJson(e, OneChange("aws_db_instance", R"(["create"])", "null",
                              R"({"deletion_protection":false})"));
  for (const Finding& f : a.findings) {
    EXPECT_EQ(std::find(f.rules.begin(), f.rules.end(),
                        "attr.aws.rds.deletion_protection"),
              f.rules.end());
  }
  // Security group rule resources: ingress only for the ingress rule.
  a = AssessJson(e,
                 OneChange("aws_security_group_rule", R"(["create"])", "null",
                           R"({"type":"egress","cidr_blocks":["0.0.0.0/0"]})"));
  ASSERT_EQ(a.findings.size(), 1u);
  EXPECT_EQ(std::find(a.findings[0].rules.begin(), a.findings[0].rules.end(),
                      "attr.aws.sg_rule.open_ingress"),
            a.findings[0].rules.end());
  EXPECT_NE(std::find(a.findings[0].rules.begin(), a.findings[0].rules.end(),
                      "attr.aws.sg_rule.open_egress"),
            a.findings[0].rules.end());
  // IAM policy that allows everything; trust policy open to anyone.
  a = AssessJson(
      e,
      OneChange(
          "aws_iam_policy", R"(["update"])",
          R"({"policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}]}"})",
          R"({"policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"*\"],\"Resource\":\"*\"}]}"})"));
  EXPECT_NE(
      std::find(a.findings.at(0).rules.begin(), a.findings.at(0).rules.end(),
                "attr.aws.iam.admin_policy"),
      a.findings.at(0).rules.end());
  a = AssessJson(
      e,
      OneChange(
          "aws_iam_role", R"(["create"])", "null",
          R"({"assume_role_policy":"{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}}"})"));
  EXPECT_EQ(a.findings.at(0).severity, Severity::kCritical);
  // Lambda permission for any principal without a source ARN.
  a = AssessJson(e, OneChange("aws_lambda_permission", R"(["create"])", "null",
                              R"({"principal":"*","source_arn":null})"));
  EXPECT_NE(
      std::find(a.findings.at(0).rules.begin(), a.findings.at(0).rules.end(),
                "attr.aws.lambda_permission.wildcard"),
      a.findings.at(0).rules.end());
  // Numbers: retention decreased below 1 and KMS window decreases.
  a = AssessJson(e, OneChange("aws_db_instance", R"(["update"])",
                              R"({"backup_retention_period":7})",
                              R"({"backup_retention_period":0})"));
  EXPECT_EQ(a.findings.at(0).rules,
            (std::vector<std::string>{"attr.aws.rds.backup_retention"}));
  a = AssessJson(e, OneChange("aws_kms_key", R"(["update"])",
                              R"({"deletion_window_in_days":30})",
                              R"({"deletion_window_in_days":7})"));
  EXPECT_NE(
      std::find(a.findings.at(0).rules.begin(), a.findings.at(0).rules.end(),
                "attr.aws.kms.deletion_window"),
      a.findings.at(0).rules.end());
  // Removed block.
  a = AssessJson(
      e, OneChange("aws_eks_cluster", R"(["update"])",
                   R"({"encryption_config":[{"resources":["secrets"]}]})",
                   R"({"encryption_config":[]})"));
  EXPECT_NE(
      std::find(a.findings.at(0).rules.begin(), a.findings.at(0).rules.end(),
                "attr.aws.eks.secrets_encryption"),
      a.findings.at(0).rules.end());
  // Azure SQL firewall open to the whole internet.
  a = AssessJson(
      e,
      OneChange(
          "azurerm_mssql_firewall_rule", R"(["create"])", "null",
          R"({"start_ip_address":"0.0.0.0","end_ip_address":"255.255.255.255"})"));
  EXPECT_NE(
      std::find(a.findings.at(0).rules.begin(), a.findings.at(0).rules.end(),
                "attr.azurerm.sql_firewall.any"),
      a.findings.at(0).rules.end());
}

TEST(Assess, ChangedPortOfAnOpenIngressRuleFires) {
  RiskEngine e = DefaultEngine();
  auto has_open = [](const Assessment& a) {
    for (const Finding& f : a.findings) {
      for (const RuleHit& h : f.hits) {
        if (h.rule_id == "attr.aws.sg.open_ingress") return h.path;
      }
    }
    return std::string();
  };
  // The CIDR list is untouched; the open rule now exposes port 22.
  Assessment a = AssessJson(
      e,
      OneChange(
          "aws_security_group", R"(["update"])",
          R"({"ingress":[{"from_port":443,"to_port":443,"cidr_blocks":["0.0.0.0/0"]}]})",
          R"({"ingress":[{"from_port":22,"to_port":22,"cidr_blocks":["0.0.0.0/0"]}]})"));
  EXPECT_EQ(has_open(a), "ingress[0].cidr_blocks");
  // A private rule changing ports is not an open-ingress finding.
  a = AssessJson(
      e,
      OneChange(
          "aws_security_group", R"(["update"])",
          R"({"ingress":[{"from_port":443,"to_port":443,"cidr_blocks":["10.0.0.0/8"]}]})",
          R"({"ingress":[{"from_port":22,"to_port":22,"cidr_blocks":["10.0.0.0/8"]}]})"));
  EXPECT_EQ(has_open(a), "");
}

TEST(Assess, PolicyRulesAndExceptions) {
  Result<Policy> policy = ParsePolicy(R"({"version": 3, "rules": [
      {"id": "no-instance-type-change", "resource_type": "aws_instance",
       "attribute": "instance_type", "actions": ["update"], "severity": "HIGH"},
      {"id": "any-bucket", "resource_type": "aws_s3_bucket", "severity": "low"},
      {"id": "off", "resource_type": "*", "severity": "critical", "enabled": false}],
    "disabled_builtin_rules": [
      {"builtin_rule_id": "attr.aws.rds.publicly_accessible", "reason": "lab"}]})");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  EngineConfig cfg;
  cfg.policy = *policy;
  RiskEngine e = std::move(*RiskEngine::Create(std::move(cfg)));
  Assessment a = AssessJson(e, OneChange("aws_instance", R"(["update"])",
                                         R"({"instance_type":"t3.micro"})",
                                         R"({"instance_type":"m5.large"})"));
  ASSERT_EQ(a.findings.size(), 1u);
  EXPECT_EQ(a.findings[0].rules,
            (std::vector<std::string>{"no-instance-type-change"}));
  EXPECT_EQ(a.findings[0].hits[0].origin, "policy");
  EXPECT_EQ(a.findings[0].hits[0].path, "instance_type");
  EXPECT_EQ(a.risk_level, Severity::kHigh);
  // Disabled built-in rule no longer fires.
  a = AssessJson(e, OneChange("aws_db_instance", R"(["update"])",
                              R"({"publicly_accessible":false})",
                              R"({"publicly_accessible":true})"));
  ASSERT_EQ(a.findings.size(), 1u);
  EXPECT_TRUE(a.findings[0].rules.empty());
  EXPECT_EQ(a.risk_level, Severity::kNone);
}

TEST(Assess, SuppressionsHideOnlyWhileActive) {
  std::string json = OneChange("aws_instance", R"(["update"])",
                               R"({"ami":"ami-1"})", R"({"ami":"ami-2"})");
  Suppression s;
  s.fingerprint = Fingerprint("aws_instance", "ami", "update");
  s.resource_address = "aws_instance.x";
  s.reason = "golden image rollout";
  s.created_by = "ops";
  s.created_at = kNow - 8 * 86400;
  s.duration = SuppressionDuration::k30d;
  EngineConfig cfg;
  cfg.suppressions = {s};
  RiskEngine e = std::move(*RiskEngine::Create(std::move(cfg)));
  Assessment a = AssessJson(e, json);
  EXPECT_TRUE(a.findings.empty());
  ASSERT_EQ(a.noise.size(), 1u);
  EXPECT_EQ(a.noise[0].rule, "suppression");
  s.duration = SuppressionDuration::k7d;  // expired a day ago
  EngineConfig cfg2;
  cfg2.suppressions = {s};
  RiskEngine e2 = std::move(*RiskEngine::Create(std::move(cfg2)));
  a = AssessJson(e2, json);
  EXPECT_EQ(a.findings.size(), 1u);
  EXPECT_TRUE(a.noise.empty());
}

TEST(Assess, ScanFeedsRecurrence) {
  Result<Plan> plan =
      ParsePlan(ReadFile(std::string(DW_SHARED_DIR) +
                         "/corpus/scenarios/basic-aws/refresh-plan.json"));
  ASSERT_TRUE(plan.ok());
  Assessment a = *DefaultEngine().Assess(*plan, kNow);
  std::vector<ScanRecord> scans;
  for (int i = 0; i < 3; ++i) {
    scans.push_back(AssessmentToScan(a, "s" + std::to_string(i),
                                     kNow - i * 86400, "acme", "infra"));
  }
  RecurrenceOptions opt;
  opt.now = kNow;
  auto patterns = AggregateRecurrence(scans, opt);
  ASSERT_TRUE(patterns.ok());
  bool saw_tags = false;
  for (const NoisePattern& p : *patterns) {
    EXPECT_EQ(p.occurrences, 3);
    EXPECT_TRUE(p.is_noise);
    if (p.resource_type == "aws_sqs_queue" && p.attribute_path == "tags") {
      saw_tags = true;
      EXPECT_EQ(p.matched_rule, "generic.null_vs_empty");
    }
  }
  EXPECT_TRUE(saw_tags);
}

}  // namespace
}  // namespace dw
