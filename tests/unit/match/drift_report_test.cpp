// Drift renderers: the JSON shape the issue fixes, SARIF 2.1.0 structure,
// and readable text/Markdown.
#include "driftwise/drift_report.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "driftwise/drift_risk.hpp"
#include "unit/match/scenario_helpers.hpp"

namespace dw {
namespace {

DriftResult BasicAws() {
  static testing::Scenario s =
      testing::LoadScenario(testing::SharedPath("corpus/scenarios/basic-aws"));
  StateSource st{"terraform.tfstate", &s.state};
  InventorySource inv{"inventory.json", &s.inventory};
  PlanSource plan{"refresh-plan.json", &s.refresh};
  return *ComputeDrift({&st, 1}, {&inv, 1}, {&plan, 1});
}

std::set<std::string> Keys(JsonValue obj) {
  std::set<std::string> out;
  for (JsonMember m : obj.members()) out.emplace(m.key);
  return out;
}

TEST(DriftJson, HasTheDocumentedShape) {
  std::string json = RenderDriftJson(BasicAws());
  auto doc = JsonDocument::Parse(json);
  ASSERT_TRUE(doc.ok()) << json;
  JsonValue root = doc->root();
  EXPECT_EQ(
      Keys(root.Get("summary")),
      (std::set<std::string>{"total_live", "total_iac", "matched", "changed",
                             "extra", "missing", "defaults", "coverage_pct"}));
  EXPECT_EQ(root.Get("summary").Get("coverage_pct").as_double(), 80.0);
  EXPECT_TRUE(
      root.Get("coverage").Get("by_type").Get("aws_s3_bucket").is_object());
  EXPECT_EQ(root.Get("coverage")
                .Get("by_region")
                .Get("us-east-1")
                .Get("live")
                .as_int64(),
            8);
  std::set<std::string> allowed = {
      "id",    "kind",          "address",
      "type",  "provider_type", "provider_resource_id",
      "name",  "region",        "account",
      "state", "sources",       "paths",
      "reason"};
  ASSERT_EQ(root.Get("items").size(), 4u);
  for (JsonValue item : root.Get("items").elements()) {
    for (const std::string& k : Keys(item)) EXPECT_TRUE(allowed.count(k)) << k;
    EXPECT_FALSE(item.Get("id").as_string().empty());
    EXPECT_FALSE(item.Get("reason").as_string().empty());
    std::string_view kind = item.Get("kind").as_string();
    EXPECT_TRUE(kind == "changed" || kind == "extra" || kind == "missing");
  }
  JsonValue first = root.Get("items").at(0);  // changed sort first
  EXPECT_EQ(first.Get("address").as_string(), "aws_s3_bucket.logs");
  JsonValue path = first.Get("paths").at(0);
  EXPECT_EQ(path.Get("path").as_string(), "tags.owner");
  EXPECT_EQ(path.Get("sources").size(), 2u);
  EXPECT_EQ(path.Get("live").as_string(), "mallory");
  EXPECT_FALSE(path.Get("iac").valid());  // absent in state
}

TEST(DriftSarif, IsSarif210WithFingerprints) {
  auto doc = JsonDocument::Parse(RenderDriftSarif(BasicAws()));
  ASSERT_TRUE(doc.ok());
  JsonValue run = doc->root().Get("runs").at(0);
  EXPECT_EQ(doc->root().Get("version").as_string(), "2.1.0");
  EXPECT_EQ(run.Get("tool").Get("driver").Get("name").as_string(), "driftwise");
  ASSERT_EQ(run.Get("results").size(), 4u);
  std::set<std::string> rules;
  for (JsonValue r : run.Get("tool").Get("driver").Get("rules").elements()) {
    rules.emplace(r.Get("id").as_string());
  }
  for (JsonValue r : run.Get("results").elements()) {
    EXPECT_TRUE(rules.count(std::string(r.Get("ruleId").as_string())));
    EXPECT_FALSE(r.Get("message").Get("text").as_string().empty());
    EXPECT_EQ(r.Get("partialFingerprints")
                  .Get("driftwiseFindingId/v1")
                  .as_string()
                  .substr(0, 3),
              "dw-");
  }
}

TEST(DriftText, ReadableTableAndMarkdown) {
  DriftResult r = BasicAws();
  std::string text = RenderDriftText(r);
  EXPECT_NE(
      text.find(
          "Drift found: 2 changed, 0 missing, 2 unmanaged; coverage 80.00%"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("aws_security_group.web"), std::string::npos);
  EXPECT_NE(
      text.find("tags.owner: (absent) -> \"mallory\" [inventory+terraform]"),
      std::string::npos)
      << text;
  std::string md = RenderDriftMarkdown(r);
  EXPECT_NE(md.find("| changed | missing | unmanaged |"), std::string::npos);
  EXPECT_NE(md.find("`aws_s3_bucket.logs`"), std::string::npos);
  auto bad = RenderDrift(r, "yaml");
  EXPECT_FALSE(bad.ok());
  EXPECT_TRUE(RenderDrift(r, "md").ok());
}

TEST(DriftText, SecurityGroupRulesReadAsRulesAddedAndRemoved) {
  DriftResult r = BasicAws();
  std::string text = RenderDriftText(r);
  // The console opened SSH to the world: one rule added, nothing removed,
  // instead of two truncated JSON lists.
  EXPECT_NE(text.find("ingress: + tcp 22 from 0.0.0.0/0 [inventory+terraform]"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("ingress: -"), std::string::npos) << text;
  EXPECT_NE(RenderDriftMarkdown(r).find("`ingress: + tcp 22 from 0.0.0.0/0"),
            std::string::npos);
}

TEST(DriftRiskRendering, SeverityInEveryFormat) {
  DriftResult r = BasicAws();
  auto engine = RiskEngine::Create({});
  ASSERT_TRUE(engine.ok());
  auto risk = AssessDrift(r, *engine, 1796083200);
  ASSERT_TRUE(risk.ok());
  DriftRenderOptions options;
  options.risk = &*risk;
  std::string text = RenderDriftText(r, options);
  EXPECT_NE(text.find("Risk: high (4 findings to act on)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("changed  high      aws_security_group.web"),
            std::string::npos)
      << text;
  auto json = JsonDocument::Parse(RenderDriftJson(r, options));
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->root().Get("risk").Get("level").as_string(), "high");
  for (JsonValue item : json->root().Get("items").elements()) {
    EXPECT_TRUE(item.Get("severity").valid()) << item.ToJson();
  }
  auto sarif = JsonDocument::Parse(RenderDriftSarif(r, options));
  ASSERT_TRUE(sarif.ok());
  std::set<std::string> levels;
  for (JsonValue run : sarif->root().Get("runs").elements()) {
    for (JsonValue res : run.Get("results").elements()) {
      levels.emplace(res.Get("level").as_string());
    }
  }
  EXPECT_EQ(levels, (std::set<std::string>{"error", "note"}));
  EXPECT_NE(RenderDriftMarkdown(r, options).find("| changed | high |"),
            std::string::npos);
}

TEST(DriftMarkdown, StaysWithinTheCommentLimitAndSaysWhatItLeftOut) {
  DriftResult r;
  for (int i = 0; i < 3000; ++i) {
    DriftFinding f;
    f.id = "dw-" + std::to_string(1000000 + i);
    f.kind = FindingKind::kExtra;
    f.provider_type = "AWS::S3::Bucket";
    f.name = "bucket-with-a-rather-long-name-number-" + std::to_string(i);
    f.reason = "unmanaged: no state manages this live resource";
    r.findings.push_back(f);
  }
  r.summary.extra = r.findings.size();
  std::string md = RenderDriftMarkdown(r);
  EXPECT_LE(md.size(), 65000u);
  EXPECT_NE(md.find("findings left out"), std::string::npos);
  EXPECT_NE(md.find("of 3000 findings left out"), std::string::npos);
  DriftRenderOptions unlimited;
  unlimited.markdown_max_chars = 0;
  std::string all = RenderDriftMarkdown(r, unlimited);
  EXPECT_GT(all.size(), 65536u);
  EXPECT_EQ(all.find("left out"), std::string::npos);
}

TEST(DriftText, NoDriftSaysSo) {
  DriftResult empty;
  EXPECT_EQ(RenderDriftText(empty).substr(0, 9), "No drift:");
}

}  // namespace
}  // namespace dw
