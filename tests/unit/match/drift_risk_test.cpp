// Risk and noise on drift: findings go through the same RiskEngine as plan
// changes, so an ingress opened by hand rates as it would in a plan, a tag
// edit rates low, and a suppressed or noise-rule diff is not drift to act on.
#include "driftwise/drift_risk.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "driftwise/noise.hpp"
#include "unit/match/scenario_helpers.hpp"

namespace dw {
namespace {

using testing::LoadScenario;
using testing::Scenario;

DriftResult Drift(const Scenario& s, bool with_plan) {
  StateSource st{"terraform.tfstate", &s.state};
  InventorySource inv{"inventory.json", &s.inventory};
  PlanSource plan{"refresh-plan.json", &s.refresh};
  auto r = ComputeDrift({&st, 1}, {&inv, 1},
                        with_plan ? std::span<const PlanSource>(&plan, 1)
                                  : std::span<const PlanSource>());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *std::move(r) : DriftResult{};
}

RiskEngine Engine(EngineConfig config = {}) {
  auto engine = RiskEngine::Create(std::move(config));
  EXPECT_TRUE(engine.ok()) << engine.status().ToString();
  return *std::move(engine);
}

const DriftRisk& RiskFor(const DriftResult& r, const DriftAssessment& a,
                         const std::string& address) {
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    if (r.findings[i].address == address) return a.items[i];
  }
  ADD_FAILURE() << "no finding for " << address;
  static const DriftRisk kNone;
  return kNone;
}

constexpr std::int64_t kNow = 1796083200;  // 2026-12-01T00:00:00Z

TEST(DriftRisk, BasicAwsOpenedIngressIsHighAndTagChangeLow) {
  Scenario s = LoadScenario(testing::SharedPath("corpus/scenarios/basic-aws"));
  for (bool with_plan : {false, true}) {
    SCOPED_TRACE(with_plan ? "with refresh plan" : "inventory only");
    DriftResult r = Drift(s, with_plan);
    auto a = AssessDrift(r, Engine(), kNow);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_EQ(a->items.size(), r.findings.size());
    const DriftRisk& sg = RiskFor(r, *a, "aws_security_group.web");
    EXPECT_EQ(sg.severity, Severity::kHigh);
    // The inventory gives EC2 IpPermissions; the rule reads Terraform's
    // blocks and still fires.
    EXPECT_NE(
        std::find(sg.rules.begin(), sg.rules.end(), "attr.aws.sg.open_ingress"),
        sg.rules.end());
    const DriftRisk& tags = RiskFor(r, *a, "aws_s3_bucket.logs");
    EXPECT_EQ(tags.severity, Severity::kLow);
    EXPECT_FALSE(tags.noise_only);
    EXPECT_EQ(a->risk_level, Severity::kHigh);
    EXPECT_TRUE(a->Fails(Severity::kHigh));
    EXPECT_FALSE(a->Fails(Severity::kCritical));
    EXPECT_TRUE(a->Fails(Severity::kNone));
    EXPECT_EQ(a->noise_only, 0u);
  }
}

TEST(DriftRisk, SuppressedDiffIsNoiseNotDrift) {
  Scenario s = LoadScenario(testing::SharedPath("corpus/scenarios/basic-aws"));
  DriftResult r = Drift(s, false);
  auto before = AssessDrift(r, Engine(), kNow);
  ASSERT_TRUE(before.ok());
  const DriftRisk& tags = RiskFor(r, *before, "aws_s3_bucket.logs");
  ASSERT_FALSE(tags.fingerprints.empty());

  // Accept the bucket's tag drift for 30 days: it becomes noise, and only
  // until the suppression expires.
  EngineConfig config;
  for (const std::string& fp : tags.fingerprints) {
    Suppression sup;
    sup.fingerprint = fp;
    sup.reason = "owner tag managed by the finance team";
    sup.created_by = "alice@example.com";
    sup.resource_address = "aws_s3_bucket.logs";
    sup.created_at = kNow - 86400;
    sup.duration = SuppressionDuration::k30d;
    config.suppressions.push_back(sup);
  }
  RiskEngine engine = Engine(config);
  auto after = AssessDrift(r, engine, kNow);
  ASSERT_TRUE(after.ok());
  const DriftRisk& accepted = RiskFor(r, *after, "aws_s3_bucket.logs");
  EXPECT_TRUE(accepted.noise_only);
  ASSERT_FALSE(accepted.noise.empty());
  EXPECT_EQ(accepted.noise.front().rule, "suppression");
  EXPECT_EQ(after->noise_only, 1u);
  EXPECT_EQ(after->signal, before->signal - 1);

  auto expired = AssessDrift(r, engine, kNow + 86400 * 30);
  ASSERT_TRUE(expired.ok());
  EXPECT_FALSE(RiskFor(r, *expired, "aws_s3_bucket.logs").noise_only);
}

TEST(DriftRisk, OpenedIngressIsHighFromPathLevelValues) {
  // A finding as a refresh-only plan reports it: one element of the list,
  // path by path; the other elements are absent on both sides.
  DriftResult r;
  DriftFinding f;
  f.id = "dw-0000000000000001";
  f.kind = FindingKind::kChanged;
  f.address = "aws_security_group.bastion";
  f.type = "aws_security_group";
  f.paths = {{"ingress[2].cidr_blocks[0]", kSourceTerraform, false, "",
              R"("0.0.0.0/0")"},
             {"ingress[2].from_port", kSourceTerraform, false, "", "22"},
             {"ingress[2].protocol", kSourceTerraform, false, "", R"("tcp")"},
             {"ingress[2].to_port", kSourceTerraform, false, "", "22"}};
  r.findings.push_back(f);
  auto a = AssessDrift(r, Engine(), kNow);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->items[0].severity, Severity::kHigh);
  EXPECT_NE(std::find(a->items[0].rules.begin(), a->items[0].rules.end(),
                      "attr.aws.sg.open_ingress"),
            a->items[0].rules.end());
  EXPECT_EQ(a->signal, 1u);

  r.findings[0].paths[0].path = "ingress[2].cidr_blocks[";  // broken path
  auto bad = AssessDrift(r, Engine(), kNow);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("ingress[2].cidr_blocks["),
            std::string::npos);
}

TEST(DriftRisk, EveryScenarioFindingIsAssessed) {
  for (const std::string& name : testing::kTfmotoScenarios) {
    SCOPED_TRACE(name);
    const std::string dir =
        name == "basic-aws"
            ? testing::SharedPath("corpus/scenarios/basic-aws")
            : std::string(DW_SOURCE_DIR) + "/tests/scenarios/" + name + "/out";
    Scenario s = LoadScenario(dir);
    DriftResult r = Drift(s, true);
    auto a = AssessDrift(r, Engine(), kNow);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_EQ(a->items.size(), r.findings.size());
    EXPECT_EQ(a->signal + a->noise_only,
              r.summary.changed + r.summary.missing + r.summary.extra);
  }
}

}  // namespace
}  // namespace dw
