// The reviewed built-in risk catalog: valid, stable ids, provider filters.
#include <gtest/gtest.h>

#include <set>

#include "driftwise/json.hpp"
#include "driftwise/policy.hpp"
#include "policy/builtin_risk_catalog.hpp"

namespace dw {
namespace {

TEST(RiskCatalog, EmbeddedCatalogIsValid) {
  for (const ValidationIssue& i :
       policy_internal::ValidateBuiltinRiskCatalog()) {
    ADD_FAILURE() << i.ToString();
  }
  RiskCatalog all = BuiltinRiskCatalog();
  EXPECT_EQ(all.resource_types.size(), 444u);
  EXPECT_EQ(all.attribute_rules.size(), 96u);  // 94 drafted + 2 split out
  std::set<std::string> ids;
  for (const RiskTypeRule& r : all.resource_types) {
    EXPECT_TRUE(ids.insert(r.id).second) << r.id;
    EXPECT_FALSE(r.source.empty()) << r.id;
    for (const std::string& a : r.actions) {
      EXPECT_TRUE(r.severity_by_action.count(a)) << r.id << " " << a;
    }
  }
  for (const RiskAttributeRule& r : all.attribute_rules) {
    EXPECT_TRUE(ids.insert(r.id).second) << r.id;
    EXPECT_FALSE(r.source.empty()) << r.id;
    EXPECT_NE(r.severity, Severity::kNone) << r.id;
  }
  for (const char* id :
       {"stateful.aws.db_instance", "attr.aws.sg.open_ingress",
        "attr.aws.sg_rule.open_ingress", "attr.google.firewall.open_ingress",
        "attr.azurerm.nsg.open_inbound", "attr.aws.rds.deletion_protection"}) {
    EXPECT_TRUE(ids.count(id)) << id;
    EXPECT_TRUE(IsBuiltinRuleId(id, "risk")) << id;
  }
  EXPECT_FALSE(IsBuiltinRuleId("stateful.aws.db_instance", "noise"));
  EXPECT_TRUE(IsBuiltinRuleId("generic.null_vs_empty", "noise"));
}

TEST(RiskCatalog, ProviderFilter) {
  RiskCatalog all = BuiltinRiskCatalog();
  std::size_t total = 0;
  for (const char* p : {"aws", "gcp", "azure"}) {
    RiskCatalog c = BuiltinRiskCatalog(p);
    std::string want = CanonicalProvider(p);
    EXPECT_GT(c.resource_types.size(), 50u) << p;
    for (const RiskTypeRule& r : c.resource_types) EXPECT_EQ(r.provider, want);
    for (const RiskAttributeRule& r : c.attribute_rules) {
      EXPECT_EQ(r.provider, want);
    }
    total += c.resource_types.size();
  }
  EXPECT_EQ(total, all.resource_types.size());
  EXPECT_EQ(BuiltinRiskCatalog("google").resource_types.size(),
            BuiltinRiskCatalog("gcp").resource_types.size());
  EXPECT_TRUE(BuiltinRiskCatalog("ibm").resource_types.empty());
}

TEST(RiskCatalog, BuiltinRulesJsonHasTheApiShape) {
  Result<std::string> json = BuiltinRulesJson("aws", 0);
  ASSERT_TRUE(json.ok());
  Result<JsonDocument> doc = JsonDocument::Parse(*json);
  ASSERT_TRUE(doc.ok());
  for (const char* key :
       {"noise_rules", "risk_encryption_types", "risk_iam_types",
        "risk_network_types", "risk_security_types", "risk_stateful_types",
        "risk_attribute_rules"}) {
    EXPECT_TRUE(doc->root().Get(key).is_array()) << key;
    EXPECT_GT(doc->root().Get(key).size(), 0u) << key;
  }
  for (JsonValue r : doc->root().Get("risk_iam_types").elements()) {
    EXPECT_EQ(r.Get("provider").as_string(), "aws");
  }
  EXPECT_FALSE(BuiltinRulesJson("ibm", 0).ok());
}

}  // namespace
}  // namespace dw
