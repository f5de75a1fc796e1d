// Matching features beyond the AWS scenarios: Azure IDs in another case,
// Kubernetes objects, Terraform-shaped driftctl enumerations, unobserved
// types, defaults listing, account/region disambiguation, stable ids.
#include <gtest/gtest.h>

#include "driftwise/catalog.hpp"
#include "driftwise/match.hpp"
#include "unit/match/scenario_helpers.hpp"

namespace dw {
namespace {

State MustState(std::string json) {
  auto s = ParseState(std::move(json));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *std::move(s);
}
Inventory MustInventory(std::string json, InventoryOptions opt = {}) {
  auto i = ParseInventory(std::move(json), opt);
  EXPECT_TRUE(i.ok()) << i.status().ToString();
  return *std::move(i);
}
DriftResult Match(const State& st, const Inventory& inv,
                  MatchOptions opt = {}) {
  StateSource s{"state.tfstate", &st};
  InventorySource i{"inventory.json", &inv};
  auto r = ComputeDrift({&s, 1}, {&i, 1}, {}, opt);
  EXPECT_TRUE(r.ok());
  return *std::move(r);
}

std::string V4(std::string resources) {
  return R"({"version":4,"terraform_version":"1.9.5","serial":1,"lineage":"l","outputs":{},"resources":[)" +
         resources + "]}";
}
std::string Res(std::string type, std::string name, std::string attrs) {
  return R"({"mode":"managed","type":")" + type + R"(","name":")" + name +
         R"(","provider":"provider[\"registry.terraform.io/hashicorp/x\"]","instances":[{"schema_version":0,"attributes":)" +
         attrs + "}]}";
}

TEST(Azure, ArmIdsMatchInAnyCaseAndLocationsNormalize) {
  State st = MustState(V4(Res(
      "azurerm_storage_account", "logs",
      R"({"id":"/subscriptions/CFBBD179-59D2-4052-AA06-9270A38AA9D6/resourceGroups/RG1/providers/Microsoft.Storage/storageAccounts/stlogs","name":"stlogs","location":"West Europe","tags":{"env":"prod"},"min_tls_version":"TLS1_2"})")));
  Inventory inv = MustInventory(testing::ReadFile(
      testing::TestDataPath("inventory/azure_table.handmade.json")));
  DriftResult r = Match(st, inv);
  EXPECT_EQ(r.summary.matched, 1u);
  EXPECT_EQ(r.summary.missing, 0u);
  EXPECT_EQ(r.summary.changed, 0u);  // "West Europe" == "westeurope"
  EXPECT_EQ(r.summary.extra, 1u);    // the NSG nobody manages
}

TEST(Kubernetes, ObjectsMatchByNamespaceAndNameControllersAreDefaults) {
  State st = MustState(V4(
      Res("kubernetes_deployment_v1", "web",
          R"({"id":"prod/web","metadata":[{"name":"web","namespace":"prod","labels":{"app":"web","team":"payments"}}],"spec":[{"replicas":3}]})") +
      "," +
      Res("kubernetes_config_map_v1", "cfg",
          R"({"id":"prod/app-config","metadata":[{"name":"app-config","namespace":"prod","labels":{"app":"web"}}],"data":{"LOG_LEVEL":"info","FEATURE_X":"on"}})") +
      "," +
      Res("kubernetes_namespace_v1", "prod",
          R"({"id":"prod","metadata":[{"name":"prod","labels":{"kubernetes.io/metadata.name":"prod"}}]})")));
  Inventory inv = MustInventory(testing::ReadFile(
      testing::TestDataPath("inventory/kubectl_list.handmade.json")));
  DriftResult r = Match(st, inv);
  testing::Facts f = testing::ResultFacts(r);
  EXPECT_EQ(f.changed["kubernetes_deployment_v1.web"],
            (std::set<std::string>{"spec[0].replicas"}));
  EXPECT_EQ(f.changed["kubernetes_config_map_v1.cfg"],
            (std::set<std::string>{"data.LOG_LEVEL"}));
  EXPECT_EQ(f.changed.size(), 2u);
  // Only the hand-made secret is unmanaged: the ReplicaSet (owned by the
  // Deployment), kube-root-ca.crt, the default ServiceAccount, the
  // `kubernetes` Service and kube-system are defaults.
  ASSERT_EQ(f.extra.size(), 1u);
  EXPECT_TRUE(f.extra.count({"core/Secret", "debug-token"}));
  EXPECT_EQ(r.summary.defaults, 5u);
}

TEST(Driftctl, TerraformShapedRecordsCompareByAttribute) {
  std::string dir =
      testing::SharedPath("corpus/inventories/driftctl-remote-enumeration/");
  InventoryOptions opt;
  opt.terraform_type = "aws_iam_user_policy_attachment";
  Inventory inv = MustInventory(
      testing::ReadFile(
          dir + "aws_iam_user_policy_attachment_multiple__results.json"),
      opt);
  ASSERT_FALSE(inv.resources.empty());
  // State holds the first attachment as-is and the second with another
  // policy: one matched, one changed, the rest unmanaged.
  const JsonValue a0 = inv.resources[0].properties;
  const JsonValue a1 = inv.resources[1].properties;
  std::string changed_attrs =
      R"({"id":)" + a1.Get("id").ToJson() + R"(,"user":)" +
      a1.Get("user").ToJson() +
      R"(,"policy_arn":"arn:aws:iam::aws:policy/Other"})";
  State st = MustState(
      V4(Res("aws_iam_user_policy_attachment", "a", a0.ToJson()) + "," +
         Res("aws_iam_user_policy_attachment", "b", changed_attrs)));
  DriftResult r = Match(st, inv);
  testing::Facts f = testing::ResultFacts(r);
  EXPECT_EQ(r.summary.matched, 2u);
  EXPECT_EQ(f.changed["aws_iam_user_policy_attachment.b"],
            (std::set<std::string>{"policy_arn"}));
  EXPECT_EQ(f.extra.size(), inv.resources.size() - 2);
}

TEST(Missing, OnlyForTypesTheInventoriesCoverUnlessDeclared) {
  State st = MustState(
      V4(Res("aws_sqs_queue", "q",
             R"({"id":"https://sqs/1/q","arn":"arn:aws:sqs:us-east-1:1:q"})") +
         "," +
         Res("aws_kms_key", "k",
             R"({"id":"k1","arn":"arn:aws:kms:us-east-1:1:key/k1"})")));
  Inventory listed =
      MustInventory(R"([{"provider":"aws","provider_type":"AWS::KMS::Key",
      "provider_resource_id":"arn:aws:kms:us-east-1:1:key/k2"}])");
  DriftResult r = Match(st, listed);
  EXPECT_EQ(testing::ResultFacts(r).missing,
            (std::set<std::string>{"aws_kms_key.k"}));
  EXPECT_EQ(r.summary.unobserved_iac, 1u);  // nothing says SQS was listed
  Inventory declared =
      MustInventory(R"({"covered_types":["AWS::SQS::Queue","AWS::KMS::Key"],
      "resources":[]})");
  DriftResult d = Match(st, declared);
  EXPECT_EQ(d.summary.missing, 2u);
  EXPECT_EQ(d.summary.unobserved_iac, 0u);
}

TEST(Accounts, SameNameInTwoAccountsIsTwoResources) {
  State st = MustState(
      V4(Res("aws_iam_role", "app",
             R"({"id":"app","arn":"arn:aws:iam::111111111111:role/app"})")));
  Inventory inv = MustInventory(R"([
    {"provider":"aws","provider_type":"AWS::IAM::Role","provider_resource_id":"arn:aws:iam::222222222222:role/app","name":"app"},
    {"provider":"aws","provider_type":"AWS::IAM::Role","provider_resource_id":"arn:aws:iam::111111111111:role/app","name":"app"}])");
  DriftResult r = Match(st, inv);
  EXPECT_EQ(r.summary.matched, 1u);
  ASSERT_EQ(r.summary.extra, 1u);
  ASSERT_EQ(r.by_account.size(), 2u);
  EXPECT_EQ(r.by_account[0].key, "111111111111");
  EXPECT_DOUBLE_EQ(r.by_account[0].coverage_pct, 100.0);
  EXPECT_DOUBLE_EQ(r.by_account[1].coverage_pct, 0.0);
}

TEST(Defaults, ListedOnRequestAndNeverCountedAsExtra) {
  testing::Scenario s =
      testing::LoadScenario(testing::SharedPath("corpus/scenarios/basic-aws"));
  MatchOptions opt;
  opt.list_defaults = true;
  DriftResult r = Match(s.state, s.inventory, opt);
  std::size_t defaults = 0;
  for (const DriftFinding& f : r.findings) {
    if (f.kind == FindingKind::kDefault) {
      ++defaults;
      EXPECT_NE(f.reason.find("provider default"), std::string::npos);
    }
  }
  EXPECT_EQ(defaults, 9u);
  EXPECT_EQ(r.summary.extra, 2u);
}

TEST(FindingIds, StableAndDistinct) {
  testing::Scenario s =
      testing::LoadScenario(testing::SharedPath("corpus/scenarios/basic-aws"));
  DriftResult a = Match(s.state, s.inventory);
  DriftResult b = Match(s.state, s.inventory);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    EXPECT_EQ(a.findings[i].id, b.findings[i].id);
    EXPECT_EQ(a.findings[i].id.size(), 19u);  // "dw-" + 16 hex
    ids.insert(a.findings[i].id);
  }
  EXPECT_EQ(ids.size(), a.findings.size());
}

TEST(Errors, NullInputsAreRejected) {
  StateSource s{"x", nullptr};
  auto r = ComputeDrift({&s, 1}, {}, {});
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace dw
