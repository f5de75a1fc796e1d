// Assessment renderers: each format is well formed, carries the verdict,
// escapes what its syntax needs, and is deterministic.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "driftwise/json.hpp"
#include "driftwise/policy.hpp"
#include "driftwise/report.hpp"

namespace dw {
namespace {

Assessment BasicAws() {
  std::ifstream in(std::string(DW_SHARED_DIR) +
                   "/corpus/scenarios/basic-aws/refresh-plan.json");
  std::stringstream ss;
  ss << in.rdbuf();
  Result<Plan> plan = ParsePlan(ss.str());
  EXPECT_TRUE(plan.ok());
  return *(*RiskEngine::Create({})).Assess(*plan, 1795746783);
}

// A hand-made assessment with characters every format must escape.
Assessment Nasty() {
  Assessment a;
  a.risk_level = Severity::kCritical;
  a.counts = {{"update", 1}, {"noise", 1}, {"findings", 1}};
  Finding f;
  f.address = "module.x[\"a|b<&>\"].aws_s3_bucket.y";
  f.resource_type = "aws_s3_bucket";
  f.action = Action::kUpdate;
  f.severity = Severity::kCritical;
  f.rules = {"policy.<&\"|>"};
  f.paths = {"tags[\"a|b\"]"};
  f.fingerprints = {"0123456789abcdef"};
  f.hits = {{"policy.<&\"|>", "policy", "", Severity::kCritical,
             "tags[\"a|b\"]", "why <not> & \"quoted\"\nnext line"}};
  a.findings = {f};
  a.noise = {{"n|<x>", "aws_x", Action::kUpdate, false, "p", "fedcba9876543210",
              "generic.null_vs_empty", "r"}};
  a.narrative = "Risk level: critical.\nline <2> & more";
  return a;
}

TEST(Report, FormatNames) {
  for (ReportFormat f :
       {ReportFormat::kText, ReportFormat::kJson, ReportFormat::kSarif,
        ReportFormat::kMarkdown, ReportFormat::kJunit}) {
    ReportFormat back;
    ASSERT_TRUE(ParseReportFormat(ReportFormatName(f), &back));
    EXPECT_EQ(back, f);
  }
  ReportFormat f;
  EXPECT_FALSE(ParseReportFormat("yaml", &f));
}

TEST(Report, JsonHasTheDocumentedShape) {
  ReportOptions o;
  std::string out = AssessmentToJson(BasicAws(), o);
  Result<JsonDocument> doc = JsonDocument::Parse(out);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  JsonValue r = doc->root();
  EXPECT_EQ(r.Get("risk_level").as_string(), "high");
  EXPECT_EQ(r.Get("counts").Get("drift").as_int64(), 7);
  ASSERT_TRUE(r.Get("findings").is_array());
  JsonValue f = r.Get("findings").at(0);
  for (const char* k :
       {"address", "action", "severity", "rules", "paths", "fingerprints"}) {
    EXPECT_TRUE(f.Get(k).valid()) << k;
  }
  JsonValue n = r.Get("noise").at(0);
  for (const char* k : {"address", "path", "fingerprint", "rule"}) {
    EXPECT_TRUE(n.Get(k).is_string()) << k;
  }
  EXPECT_TRUE(r.Get("narrative").as_string().starts_with("Risk level: high."));
  Result<JsonDocument> nasty =
      JsonDocument::Parse(AssessmentToJson(Nasty(), o));
  ASSERT_TRUE(nasty.ok());
  EXPECT_EQ(nasty->root().Get("findings").at(0).Get("address").as_string(),
            "module.x[\"a|b<&>\"].aws_s3_bucket.y");
}

TEST(Report, SarifRequiredFieldsAndStableIds) {
  ReportOptions o;
  o.plan_uri = "plans/refresh.json";
  o.tool_version = "0.1.0";
  std::string out = AssessmentToSarif(BasicAws(), o);
  Result<JsonDocument> doc = JsonDocument::Parse(out);
  ASSERT_TRUE(doc.ok());
  JsonValue r = doc->root();
  EXPECT_EQ(r.Get("version").as_string(), "2.1.0");
  JsonValue run = r.Get("runs").at(0);
  EXPECT_EQ(run.Get("tool").Get("driver").Get("name").as_string(), "driftwise");
  JsonValue rules = run.Get("tool").Get("driver").Get("rules");
  ASSERT_GT(rules.size(), 0u);
  JsonValue results = run.Get("results");
  ASSERT_GT(results.size(), 0u);
  bool saw_ingress = false;
  for (JsonValue res : results.elements()) {
    EXPECT_FALSE(res.Get("message").Get("text").as_string().empty());
    std::string_view id = res.Get("ruleId").as_string();
    EXPECT_EQ(
        rules.at(static_cast<std::size_t>(res.Get("ruleIndex").as_int64()))
            .Get("id")
            .as_string(),
        id);
    EXPECT_EQ(
        res.Get("partialFingerprints").Get("driftwise/v1").as_string().size(),
        16u);
    JsonValue loc = res.Get("locations").at(0).Get("physicalLocation");
    EXPECT_EQ(loc.Get("artifactLocation").Get("uri").as_string(),
              "plans/refresh.json");
    EXPECT_GE(loc.Get("region").Get("startLine").as_int64(), 1);
    if (id == "attr.aws.sg.open_ingress") {
      saw_ingress = true;
      EXPECT_EQ(res.Get("level").as_string(), "error");
    }
  }
  EXPECT_TRUE(saw_ingress);
  // Same input, same bytes; partial fingerprints do not depend on order.
  EXPECT_EQ(AssessmentToSarif(BasicAws(), o), out);
}

TEST(Report, MarkdownEscapesTableCells) {
  std::string md = AssessmentToMarkdown(Nasty(), {});
  EXPECT_NE(md.find("## driftwise plan assessment: 🔴 critical"),
            std::string::npos);
  EXPECT_NE(md.find("a\\|b"), std::string::npos) << md;
  // Every table row keeps its 5 columns despite the '|' in the address.
  std::size_t row = md.find("| 🔴 critical |");
  ASSERT_NE(row, std::string::npos);
  std::string line = md.substr(row, md.find('\n', row) - row);
  int pipes = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
  }
  EXPECT_EQ(pipes, 6) << line;
  EXPECT_NE(AssessmentToMarkdown(BasicAws(), {}).find("aws_security_group.web"),
            std::string::npos);
}

TEST(Report, JunitEscapesXmlAndFailsAtThreshold) {
  ReportOptions o;
  o.fail_on = Severity::kHigh;
  std::string xml = AssessmentToJunit(Nasty(), o);
  EXPECT_NE(xml.find("failures=\"1\""), std::string::npos);
  EXPECT_NE(xml.find("&lt;&amp;&gt;"), std::string::npos);
  EXPECT_EQ(xml.find("<&>"), std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"noise: generic.null_vs_empty"),
            std::string::npos);
  o.fail_on = Severity::kCritical;
  EXPECT_NE(AssessmentToJunit(Nasty(), o).find("failures=\"1\""),
            std::string::npos);
  std::string basic = AssessmentToJunit(BasicAws(), o);
  EXPECT_NE(basic.find("failures=\"0\""),
            std::string::npos);  // high < critical
}

TEST(Report, TextAndDispatch) {
  Assessment a = BasicAws();
  ReportOptions o;
  EXPECT_EQ(RenderAssessment(a, ReportFormat::kText, o),
            AssessmentToText(a, o));
  EXPECT_EQ(RenderAssessment(a, ReportFormat::kJunit, o),
            AssessmentToJunit(a, o));
  std::string text = AssessmentToText(a, o);
  EXPECT_TRUE(text.starts_with("Risk level: high."));
  EXPECT_NE(text.find("[high] aws_security_group.web"), std::string::npos);
  EXPECT_NE(text.find("generic.null_vs_empty"), std::string::npos);
}

}  // namespace
}  // namespace dw

namespace dw {
namespace {

// A replacement says what forced it and why, in every format a person
// reads, and JSON keeps Terraform's raw fields beside the words.
TEST(Report, ReplacementsNameTheAttributeThatForcedThem) {
  std::ifstream in(std::string(DW_SHARED_DIR) +
                   "/corpus/plans/terraform/requires-replace__output.json");
  std::stringstream ss;
  ss << in.rdbuf();
  Result<Plan> plan = ParsePlan(ss.str());
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  Assessment a = *(*RiskEngine::Create({})).Assess(*plan, 1795746783);
  ASSERT_EQ(a.findings.size(), 1u);
  const Finding& f = a.findings[0];
  EXPECT_EQ(f.action, Action::kReplace);
  EXPECT_EQ(f.action_reason, "replace_because_cannot_update");
  EXPECT_EQ(f.replace_paths, std::vector<std::string>{"ami"});
  const std::string why =
      "forced by ami: an attribute cannot be updated in place";
  ReportOptions o;
  EXPECT_NE(RenderAssessment(a, ReportFormat::kText, o)
                .find("test_instance.test (replace, " + why + ")"),
            std::string::npos);
  EXPECT_NE(
      RenderAssessment(a, ReportFormat::kMarkdown, o).find("replace — " + why),
      std::string::npos);
  auto json = JsonDocument::Parse(RenderAssessment(a, ReportFormat::kJson, o));
  ASSERT_TRUE(json.ok());
  for (JsonValue jf : json->root().Get("findings").elements()) {
    EXPECT_EQ(jf.Get("action_reason").as_string(),
              "replace_because_cannot_update");
    EXPECT_EQ(jf.Get("explanation").as_string(), why);
    EXPECT_EQ(jf.Get("replace_paths").ToJson(), R"(["ami"])");
  }
}

}  // namespace
}  // namespace dw
