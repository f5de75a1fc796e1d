// Importer tests on real samples: the tfmoto inventory (driftwise format),
// AWS Config responses from moto, Cloud Asset Inventory exports, Azure
// Resource Graph examples, driftctl enumerations, and a kubectl List.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "driftwise/inventory.hpp"
#include "unit/inventory/test_files.hpp"

namespace dw {
namespace {

using testing::ReadFile;
using testing::SharedPath;
using testing::TestDataPath;

const LiveResource* FindById(const Inventory& inv, std::string_view id) {
  for (const LiveResource& r : inv.resources) {
    if (r.provider_resource_id == id) return &r;
  }
  return nullptr;
}

std::string TagValue(const LiveResource& r, std::string_view key) {
  for (const LiveTag& t : r.tags) {
    if (t.key == key) return t.value;
  }
  return "<none>";
}

TEST(DriftwiseFormat, ReadsTheTfmotoInventory) {
  auto inv = ParseInventory(
      ReadFile(SharedPath("corpus/scenarios/basic-aws/inventory.json")));
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  EXPECT_EQ(inv->format, InventoryFormat::kDriftwise);
  EXPECT_EQ(inv->resources.size(), 19u);
  EXPECT_TRUE(inv->skipped.empty());
  const LiveResource* logs = FindById(*inv, "arn:aws:s3:::dw-logs");
  ASSERT_NE(logs, nullptr);
  EXPECT_EQ(logs->provider, "aws");
  EXPECT_EQ(logs->provider_type, "AWS::S3::Bucket");
  EXPECT_EQ(logs->region, "us-east-1");
  EXPECT_TRUE(logs->has_tags);
  EXPECT_EQ(TagValue(*logs, "owner"), "mallory");
  EXPECT_EQ(TagValue(*logs, "team"), "platform");
  // IAM roles: tfmoto does not list their tags, which is not "no tags".
  const LiveResource* role =
      FindById(*inv, "arn:aws:iam::123456789012:role/app");
  ASSERT_NE(role, nullptr);
  EXPECT_FALSE(role->has_tags);
  EXPECT_EQ(role->account, "123456789012");  // from the ARN
  EXPECT_EQ(role->properties.Get("RoleName").as_string(), "app");
}

TEST(DriftwiseFormat, ObjectFormCarriesCoveredTypesAndSkipsBadRecords) {
  auto inv = ParseInventory(R"({"covered_types": ["AWS::SQS::Queue"],
    "resources": [
      {"provider": "gcp", "provider_type": "storage.googleapis.com/Bucket",
       "provider_resource_id": "//storage.googleapis.com/b", "tags": {"a": "1"}},
      {"provider": "aws", "provider_resource_id": "x"},
      {"provider": "aws", "provider_type": "AWS::S3::Bucket"},
      42,
      {"provider": "aws", "provider_type": "AWS::S3::Bucket",
       "provider_resource_id": "arn:aws:s3:::b", "tags": "oops"}]})");
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  ASSERT_EQ(inv->resources.size(), 1u);
  EXPECT_EQ(inv->resources[0].provider, "google");  // "gcp" canonicalized
  ASSERT_EQ(inv->covered_types.size(), 1u);
  ASSERT_EQ(inv->skipped.size(), 4u);
  EXPECT_EQ(inv->skipped[0].reason, "no provider_type");
  EXPECT_EQ(inv->skipped[1].reason, "no provider_resource_id");
  EXPECT_EQ(inv->skipped[2].reason, "record is not an object");
  EXPECT_EQ(inv->skipped[2].index, 3u);
  EXPECT_GT(inv->skipped[2].offset, 0u);
  EXPECT_NE(inv->skipped[3].reason.find("tags"), std::string::npos);
}

TEST(AwsConfig, ReadsConfigHistoryFromMoto) {
  auto inv = ParseInventory(
      ReadFile(TestDataPath("inventory/aws_config_history.moto.json")));
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  EXPECT_EQ(inv->format, InventoryFormat::kAwsConfig);
  ASSERT_EQ(inv->resources.size(), 2u);
  const LiveResource* logs = FindById(*inv, "arn:aws:s3:::dw-logs");
  ASSERT_NE(logs, nullptr);
  EXPECT_EQ(logs->provider_type, "AWS::S3::Bucket");
  EXPECT_EQ(logs->account, "123456789012");
  EXPECT_EQ(logs->region, "us-east-1");
  EXPECT_EQ(logs->name, "dw-logs");
  EXPECT_TRUE(logs->has_tags);
  EXPECT_EQ(TagValue(*logs, "owner"), "mallory");
  // `configuration` is a JSON string in Config's API: parsed into properties.
  EXPECT_EQ(logs->properties.Get("name").as_string(), "dw-logs");
}

TEST(AwsConfig, ReadsBatchGetResourceConfigFromMoto) {
  auto inv = ParseInventory(
      ReadFile(TestDataPath("inventory/aws_config_batch.moto.json")));
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  ASSERT_EQ(inv->resources.size(), 2u);
  const LiveResource* b = FindById(*inv, "arn:aws:s3:::shadow-it-bucket");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->properties.Get("name").as_string(), "shadow-it-bucket");
  EXPECT_FALSE(b->has_tags);  // batch items carry no tags map
}

TEST(AwsConfig, SkipsDeletedAndBrokenItemsAndReadsSelectResults) {
  auto inv = ParseInventory(R"({"Results": [
    "{\"resourceType\":\"AWS::EC2::VPC\",\"resourceId\":\"vpc-1\",\"awsRegion\":\"eu-west-1\",\"accountId\":\"111111111111\",\"configuration\":{\"cidrBlock\":\"10.0.0.0/16\",\"isDefault\":false}}",
    "{not json",
    "{\"resourceType\":\"AWS::EC2::VPC\",\"resourceId\":\"vpc-2\",\"configurationItemStatus\":\"ResourceDeleted\"}",
    "{\"resourceType\":\"AWS::EC2::VPC\",\"configuration\":{}}"]})");
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  ASSERT_EQ(inv->resources.size(), 1u);
  EXPECT_EQ(inv->resources[0].provider_resource_id, "vpc-1");
  EXPECT_EQ(inv->resources[0].account, "111111111111");
  EXPECT_EQ(inv->resources[0].properties.Get("cidrBlock").as_string(),
            "10.0.0.0/16");
  ASSERT_EQ(inv->skipped.size(), 3u);
  EXPECT_EQ(inv->skipped[0].reason, "result string is not JSON");
  EXPECT_NE(inv->skipped[1].reason.find("ResourceDeleted"), std::string::npos);
}

TEST(GcpAssetInventory, ReadsEveryCorpusExport) {
  std::size_t files = 0, resources = 0, skipped = 0;
  for (const char* dir : {"corpus/inventories/gcp-cai-policy-library",
                          "corpus/inventories/gcp-cai-terraform-validator"}) {
    for (const auto& e : std::filesystem::directory_iterator(SharedPath(dir))) {
      auto inv = ParseInventory(ReadFile(e.path().string()));
      ASSERT_TRUE(inv.ok()) << e.path() << ": " << inv.status().ToString();
      EXPECT_EQ(inv->format, InventoryFormat::kGcpAssetInventory) << e.path();
      for (const LiveResource& r : inv->resources) {
        EXPECT_EQ(r.provider, "google");
        EXPECT_FALSE(r.provider_type.empty());
        EXPECT_EQ(r.provider_resource_id.substr(0, 2), "//") << e.path();
      }
      for (const SkippedRecord& s : inv->skipped) {
        EXPECT_NE(s.reason.find(" record without resource data"),
                  std::string::npos)
            << e.path() << ": " << s.reason;
      }
      ++files;
      resources += inv->resources.size();
      skipped += inv->skipped.size();
    }
  }
  EXPECT_EQ(files, 209u);
  // Counted independently with Python: 539 records, 58 of them policy
  // records (39 iam_policy, 9 service_perimeter, 4 access_level, 3
  // v2_org_policies, 3 org_policy).
  EXPECT_EQ(resources + skipped, 539u);
  EXPECT_EQ(skipped, 58u);
}

TEST(GcpAssetInventory, ReadsBucketFieldsAndJsonLines) {
  std::string text =
      ReadFile(SharedPath("corpus/inventories/gcp-cai-policy-library/"
                          "enforce_labels__buckets.cai.json"));
  auto inv = ParseInventory(text);
  ASSERT_TRUE(inv.ok());
  ASSERT_FALSE(inv->resources.empty());
  const LiveResource& b = inv->resources[0];
  EXPECT_EQ(b.provider_type, "storage.googleapis.com/Bucket");
  EXPECT_EQ(b.name, "bucket-with-valid-labels");
  EXPECT_EQ(b.region, "us-central1");    // "US-CENTRAL1" lower-cased
  EXPECT_EQ(b.account, "318576589455");  // from resource.parent
  EXPECT_EQ(TagValue(b, "label1"), "label1-value");

  // The same records as JSON Lines (what `gcloud asset export` writes).
  auto doc = JsonDocument::Parse(text);
  ASSERT_TRUE(doc.ok());
  std::string jsonl;
  for (JsonValue r : doc->root().elements()) jsonl += r.ToJson() + "\n";
  jsonl += "{broken\n";
  auto lines = ParseInventory(jsonl);
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  EXPECT_EQ(lines->resources.size(), inv->resources.size());
  ASSERT_EQ(lines->skipped.size(), 1u);
  EXPECT_NE(lines->skipped[0].reason.find("not JSON"), std::string::npos);
  EXPECT_EQ(lines->resources[0].name, b.name);
}

TEST(AzureResourceGraph, ReadsRestExamplesAndSkipsAggregates) {
  auto basic = ParseInventory(ReadFile(SharedPath(
      "corpus/inventories/azure-resource-graph/ResourcesBasicQuery.json")));
  ASSERT_TRUE(basic.ok()) << basic.status().ToString();
  EXPECT_EQ(basic->format, InventoryFormat::kAzureResourceGraph);
  ASSERT_EQ(basic->resources.size(), 3u);
  const LiveResource& nic = basic->resources[0];
  EXPECT_EQ(nic.provider, "azurerm");
  EXPECT_EQ(nic.provider_type, "microsoft.network/networkinterfaces");
  EXPECT_EQ(nic.account, "cfbbd179-59d2-4052-aa06-9270a38aa9d6");  // from id
  EXPECT_EQ(nic.region, "centralus");
  EXPECT_EQ(TagValue(nic, "tag1"), "Value1");

  auto agg = ParseInventory(
      ReadFile(SharedPath("corpus/inventories/azure-resource-graph/"
                          "ResourcesPropertiesQuery.json")));
  ASSERT_TRUE(agg.ok());
  EXPECT_TRUE(agg->resources.empty());
  EXPECT_EQ(agg->skipped.size(), 2u);  // count() rows are not resources
}

TEST(AzureResourceGraph, ReadsTheColumnsRowsTable) {
  auto inv = ParseInventory(
      ReadFile(TestDataPath("inventory/azure_table.handmade.json")));
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  ASSERT_EQ(inv->resources.size(), 2u);
  EXPECT_EQ(inv->resources[0].name, "stlogs");
  EXPECT_EQ(TagValue(inv->resources[0], "env"), "prod");
  EXPECT_EQ(inv->resources[1].provider_type,
            "microsoft.network/networksecuritygroups");
}

TEST(Kubectl, ReadsAListAndSkipsUnreadableItems) {
  auto inv = ParseInventory(
      ReadFile(TestDataPath("inventory/kubectl_list.handmade.json")));
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  EXPECT_EQ(inv->format, InventoryFormat::kKubectl);
  EXPECT_EQ(inv->resources.size(), 9u);
  ASSERT_EQ(inv->skipped.size(), 2u);
  EXPECT_EQ(inv->skipped[0].reason, "item has no metadata.name");
  EXPECT_EQ(inv->skipped[1].reason, "item is not an object");
  const LiveResource* web = FindById(*inv, "prod/web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->provider, "kubernetes");
  EXPECT_EQ(web->provider_type, "apps/Deployment");
  EXPECT_EQ(TagValue(*web, "team"), "payments");
  const LiveResource* ns = FindById(*inv, "kube-system");
  ASSERT_NE(ns, nullptr);
  EXPECT_EQ(ns->provider_type, "core/Namespace");  // cluster-scoped: no ns/
}

TEST(Kubectl, ReadsTypedListsWhoseItemsOmitKind) {
  auto inv = ParseInventory(R"({"apiVersion":"apps/v1","kind":"DeploymentList",
      "items":[{"metadata":{"name":"api","namespace":"a"}}]})");
  ASSERT_TRUE(inv.ok());
  ASSERT_EQ(inv->resources.size(), 1u);
  EXPECT_EQ(inv->resources[0].provider_type, "apps/Deployment");
}

TEST(Driftctl, ReadsEveryEnumerationGolden) {
  std::size_t files = 0, resources = 0;
  for (const auto& e : std::filesystem::directory_iterator(
           SharedPath("corpus/inventories/driftctl-remote-enumeration"))) {
    std::string name = e.path().filename().string();
    InventoryOptions opt;
    opt.format = InventoryFormat::kDriftctl;
    opt.terraform_type = DriftctlTypeFromFileName(name);
    ASSERT_FALSE(opt.terraform_type.empty()) << name;
    auto inv = ParseInventory(ReadFile(e.path().string()), opt);
    ASSERT_TRUE(inv.ok()) << name << ": " << inv.status().ToString();
    auto doc = JsonDocument::Parse(ReadFile(e.path().string()));
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(inv->resources.size() + inv->skipped.size(), doc->root().size())
        << name;
    for (const LiveResource& r : inv->resources) {
      EXPECT_TRUE(r.terraform_shaped);
      EXPECT_EQ(r.normalized_type, opt.terraform_type);
    }
    ++files;
    resources += inv->resources.size();
  }
  EXPECT_EQ(files, 91u);
  EXPECT_GT(resources, 150u);
}

TEST(Driftctl, TypeFromFileName) {
  EXPECT_EQ(DriftctlTypeFromFileName("aws_ec2_instance_multiple__results.json"),
            "aws_instance");
  EXPECT_EQ(
      DriftctlTypeFromFileName("dir/aws_s3_bucket_multiple__results.json"),
      "aws_s3_bucket");
  EXPECT_EQ(DriftctlTypeFromFileName("google_compute_network__results.json"),
            "google_compute_network");
  EXPECT_EQ(
      DriftctlTypeFromFileName("aws_vpc_security_group_multiple__results.json"),
      "aws_security_group");
}

TEST(Errors, NameWhatIsWrongAndWhere) {
  auto bad = ParseInventory("[{\"provider_type\": \"x\", \"id\": tru}]");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(bad.status().has_offset()) << bad.status().ToString();

  auto unknown = ParseInventory(R"({"hello": "world"})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unrecognised"), std::string::npos);

  InventoryOptions opt;
  opt.format = InventoryFormat::kDriftctl;
  auto no_type = ParseInventory("[]", opt);
  ASSERT_FALSE(no_type.ok());
  EXPECT_NE(no_type.status().message().find("Terraform type"),
            std::string::npos);

  auto empty = ParseInventory("[]");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->resources.empty());
}

TEST(Formats, NamesRoundTrip) {
  for (InventoryFormat f :
       {InventoryFormat::kAuto, InventoryFormat::kDriftwise,
        InventoryFormat::kKubectl, InventoryFormat::kGcpAssetInventory,
        InventoryFormat::kAzureResourceGraph, InventoryFormat::kAwsConfig,
        InventoryFormat::kDriftctl}) {
    InventoryFormat back;
    ASSERT_TRUE(ParseInventoryFormatName(InventoryFormatName(f), &back));
    EXPECT_EQ(back, f);
  }
  InventoryFormat out;
  EXPECT_FALSE(ParseInventoryFormatName("yaml", &out));
}

}  // namespace
}  // namespace dw
