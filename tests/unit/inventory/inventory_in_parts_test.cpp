// A driftwise-format list read in parts (a first pass finds each record;
// batches of records are parsed on threads) must give exactly what reading
// it whole gives: every field of every resource, the properties' JSON and
// byte offsets, skipped records, covered types.
//
// Reading whole is forced by an escaped top-level key ("\u005f", that is
// "_"), which the first pass leaves to the full parser; a top-level array
// is wrapped as {"\u005f": 0, "resources": [...]} for that, which the
// driftwise importer reads the same way.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "driftwise/inventory.hpp"
#include "unit/inventory/test_files.hpp"

namespace dw {
namespace {

// The input read whole, and how many bytes the rewrite moved the records.
std::string ForWholeRead(const std::string& text, std::size_t* shift) {
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (text[first] == '[') {
    const std::string head = R"({"\u005f": 0, "resources": )";
    *shift = head.size();
    return head + text + "}";
  }
  const std::string key = R"("\u005f": 0, )";
  *shift = key.size();
  std::string out = text;
  out.insert(first + 1, key);
  return out;
}

void ExpectSameInventory(const Inventory& parts, const Inventory& whole,
                         std::size_t shift) {
  EXPECT_EQ(parts.format, whole.format);
  EXPECT_EQ(parts.covered_types, whole.covered_types);
  ASSERT_EQ(parts.skipped.size(), whole.skipped.size());
  for (std::size_t i = 0; i < parts.skipped.size(); ++i) {
    EXPECT_EQ(parts.skipped[i].index, whole.skipped[i].index);
    EXPECT_EQ(parts.skipped[i].offset, whole.skipped[i].offset - shift);
    EXPECT_EQ(parts.skipped[i].reason, whole.skipped[i].reason);
  }
  ASSERT_EQ(parts.resources.size(), whole.resources.size());
  for (std::size_t i = 0; i < parts.resources.size(); ++i) {
    const LiveResource& a = parts.resources[i];
    const LiveResource& b = whole.resources[i];
    SCOPED_TRACE(b.provider_resource_id);
    EXPECT_EQ(a.provider, b.provider);
    EXPECT_EQ(a.provider_type, b.provider_type);
    EXPECT_EQ(a.normalized_type, b.normalized_type);
    EXPECT_EQ(a.provider_resource_id, b.provider_resource_id);
    EXPECT_EQ(a.region, b.region);
    EXPECT_EQ(a.account, b.account);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.properties.ToJson(), b.properties.ToJson());
    EXPECT_EQ(a.terraform_shaped, b.terraform_shaped);
    EXPECT_EQ(a.tags, b.tags);
    EXPECT_EQ(a.has_tags, b.has_tags);
    EXPECT_EQ(a.offset, b.offset - shift);
  }
}

void ExpectReadsAsWhole(const std::string& text,
                        const InventoryOptions& base = {}) {
  std::size_t shift = 0;
  Result<Inventory> whole = ParseInventory(ForWholeRead(text, &shift), base);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  ASSERT_EQ(whole->documents.size(), 1u);  // read whole indeed
  for (int threads : {1, 3}) {
    InventoryOptions options = base;
    options.threads = threads;
    Result<Inventory> parts = ParseInventory(text, options);
    ASSERT_TRUE(parts.ok()) << parts.status().ToString();
    ExpectSameInventory(*parts, *whole, shift);
  }
}

// The live inventories of the tfmoto scenarios (moto's answers, as the
// scenario runner listed them).
TEST(InventoryInParts, ScenarioInventoriesReadAsWhenReadWhole) {
  for (const std::string& path :
       {testing::SharedPath("corpus/scenarios/basic-aws/inventory.json"),
        testing::TestDataPath("../scenarios/deleted-resources/out/"
                              "inventory.json"),
        testing::TestDataPath("../scenarios/replacements/out/inventory.json"),
        testing::TestDataPath("../scenarios/policy-json-rewrite/out/"
                              "inventory.json")}) {
    SCOPED_TRACE(path);
    std::string text = testing::ReadFile(path);
    ASSERT_FALSE(text.empty());
    ExpectReadsAsWhole(text);
  }
}

// Several batches, with records the importer skips, ARNs that carry the
// region and account, tag maps and tag lists, and the default account and
// region filled in.
std::string ManyRecords(std::size_t n) {
  std::string s = "[";
  for (std::size_t i = 0; i < n; ++i) {
    std::string k = std::to_string(i);
    if (i) s += ",\n";
    switch (i % 4) {
      case 0:
        s += R"({"provider": "aws", "provider_type": "AWS::Lambda::Function",
          "provider_resource_id": "arn:aws:lambda:eu-west-1:123456789012:function:f)" +
             k + R"(", "name": "f)" + k + R"(",
          "properties": {"Runtime": "python3.12", "Tags": [{"Key": "team", "Value": "a"}]}})";
        break;
      case 1:
        s +=
            R"({"provider": "gcp", "provider_type": "storage.googleapis.com/Bucket",
          "provider_resource_id": "b)" +
            k + R"(", "properties_shape": "terraform",
          "properties": {"name": "b)" +
            k + R"(", "labels": {"env": "prod"}}})";
        break;
      case 2:
        s += R"({"provider": "aws", "provider_type": "",
          "provider_resource_id": "x)" +
             k + R"("})";  // skipped
        break;
      default:
        s += R"({"provider": "aws", "provider_type": "AWS::EC2::Instance",
          "id": "i-)" +
             k + R"(", "tags": {"Name": "web"}, "region": "us-east-2"})";
    }
  }
  return s + "]";
}

TEST(InventoryInParts, ManyBatchesOnAnyThreadCount) {
  InventoryOptions options;
  options.default_account = "111122223333";
  options.default_region = "us-east-1";
  std::string list = ManyRecords(2100);
  ExpectReadsAsWhole(list, options);
  Result<Inventory> inv = ParseInventory(list, options);
  ASSERT_TRUE(inv.ok());
  EXPECT_EQ(inv->resources.size(), 2100u / 4 * 3);
  EXPECT_EQ(inv->skipped.size(), 2100u / 4);
  EXPECT_EQ(inv->skipped.front().index, 2u);
  // The object form, with covered_types.
  ExpectReadsAsWhole(
      R"({"covered_types": ["AWS::EC2::Instance"], "resources": )" + list + "}",
      options);
}

// Input the first pass does not accept is read whole, by the importer of
// its format, with that reader's errors.
TEST(InventoryInParts, OtherInputIsReadWhole) {
  // Not a driftwise list: a top-level array of Cloud Asset Inventory records.
  Result<Inventory> cai = ParseInventory(
      R"([{"name": "//storage.googleapis.com/b1",
           "asset_type": "storage.googleapis.com/Bucket",
           "resource": {"data": {"name": "b1"}}}])");
  ASSERT_TRUE(cai.ok()) << cai.status().ToString();
  EXPECT_EQ(cai->format, InventoryFormat::kGcpAssetInventory);
  // A record that is not an object: skipped, not fatal, as ever.
  Result<Inventory> mixed = ParseInventory(
      R"([7, {"provider": "aws", "provider_type": "AWS::S3::Bucket",
              "provider_resource_id": "arn:aws:s3:::b"}])");
  ASSERT_TRUE(mixed.ok()) << mixed.status().ToString();
  ASSERT_EQ(mixed->skipped.size(), 1u);
  EXPECT_EQ(mixed->skipped[0].index, 0u);
  EXPECT_EQ(mixed->resources.size(), 1u);
  // Malformed JSON deep in a long list: the whole read's message.
  std::string broken = ManyRecords(1500);
  broken.insert(broken.find(R"("name": "f1200")"), "}");
  Result<Inventory> parts = ParseInventory(broken);
  ASSERT_FALSE(parts.ok());
  std::size_t shift = 0;
  Result<Inventory> whole = ParseInventory(ForWholeRead(broken, &shift));
  ASSERT_FALSE(whole.ok());
  EXPECT_EQ(parts.status().message(), whole.status().message());
}

}  // namespace
}  // namespace dw
