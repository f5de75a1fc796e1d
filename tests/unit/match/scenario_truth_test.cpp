// The engine held to ground truth: each scenario was produced by real
// Terraform + the AWS provider against moto (shared/tools/tfmoto), then
// changed behind Terraform's back by drift.py, whose truth.json records
// exactly what changed. driftwise must report exactly that — nothing less
// (every change found) and nothing more (no default VPC/subnet/SG as
// unmanaged, no tags null -> {} noise, no re-serialized policy as drift).
#include <gtest/gtest.h>

#include "driftwise/match.hpp"
#include "unit/match/scenario_helpers.hpp"

namespace dw {
namespace {

using testing::Describe;
using testing::Facts;
using testing::LoadScenario;
using testing::ResultFacts;
using testing::Scenario;
using testing::TruthFacts;

std::string ScenarioDir(const std::string& name) {
  if (name == "basic-aws") {
    return testing::SharedPath("corpus/scenarios/basic-aws");
  }
  return std::string(DW_SOURCE_DIR) + "/tests/scenarios/" + name + "/out";
}

DriftResult RunDrift(const Scenario& s, bool with_plan) {
  StateSource st{"terraform.tfstate", &s.state};
  InventorySource inv{"inventory.json", &s.inventory};
  PlanSource plan{"refresh-plan.json", &s.refresh};
  auto r = ComputeDrift({&st, 1}, {&inv, 1},
                        with_plan ? std::span<const PlanSource>(&plan, 1)
                                  : std::span<const PlanSource>());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *std::move(r) : DriftResult{};
}

class ScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioTest, WithRefreshPlanReportsExactlyTheTruth) {
  Scenario s = LoadScenario(ScenarioDir(GetParam()));
  DriftResult r = RunDrift(s, true);
  Facts want = TruthFacts(s.truth.root());
  Facts got = ResultFacts(r);
  EXPECT_EQ(got, want) << "got:\n"
                       << Describe(got) << "\nwant:\n"
                       << Describe(want);
  EXPECT_EQ(r.summary.changed, want.changed.size());
  EXPECT_EQ(r.summary.missing, want.missing.size());
  EXPECT_EQ(r.summary.extra, want.extra.size());
  EXPECT_EQ(r.summary.unmapped_live, 0u);
  EXPECT_EQ(r.summary.unmapped_iac, 0u);
  EXPECT_GT(r.summary.defaults, 0u);  // default VPC & co. classified apart
}

TEST_P(ScenarioTest, InventoryAloneFindsEveryResourceLevelFinding) {
  Scenario s = LoadScenario(ScenarioDir(GetParam()));
  DriftResult r = RunDrift(s, false);
  Facts want = TruthFacts(s.truth.root());
  Facts got = ResultFacts(r);
  EXPECT_EQ(got.extra, want.extra);
  EXPECT_EQ(got.missing, want.missing);
  // Every changed path the inventory reports is real...
  for (const auto& [address, paths] : got.changed) {
    ASSERT_TRUE(want.changed.count(address)) << address;
    for (const std::string& p : paths) {
      EXPECT_TRUE(want.changed[address].count(p)) << address << " " << p;
    }
  }
  // ...and each changed resource is seen: the moto listing lacks only what
  // it does not list (IAM role and SQS queue tags, role create dates).
  for (const auto& [address, paths] : want.changed) {
    EXPECT_TRUE(got.changed.count(address)) << address;
  }
}

TEST_P(ScenarioTest, SourcesAreAttributedPerPath) {
  Scenario s = LoadScenario(ScenarioDir(GetParam()));
  DriftResult with = RunDrift(s, true);
  DriftResult without = RunDrift(s, false);
  std::map<std::string, std::uint8_t> inv_only;
  for (const DriftFinding& f : without.findings) {
    for (const ChangedPath& p : f.paths) {
      EXPECT_EQ(p.sources, kSourceInventory);
      inv_only[f.address + " " + p.path] = p.sources;
    }
  }
  for (const DriftFinding& f : with.findings) {
    for (const ChangedPath& p : f.paths) {
      bool inventory_saw = inv_only.count(f.address + " " + p.path) > 0;
      EXPECT_EQ((p.sources & kSourceInventory) != 0, inventory_saw)
          << f.address << " " << p.path;
      // In these scenarios Terraform's refresh sees every real change.
      EXPECT_TRUE(p.sources & kSourceTerraform) << f.address << " " << p.path;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Tfmoto, ScenarioTest,
                         ::testing::ValuesIn(testing::kTfmotoScenarios),
                         testing::ScenarioParamName);

TEST(BasicAws, ExactlyTheTruthWithoutAPlanAndNoNoise) {
  Scenario s = LoadScenario(ScenarioDir("basic-aws"));
  DriftResult r = RunDrift(s, false);
  EXPECT_EQ(ResultFacts(r), TruthFacts(s.truth.root()))
      << Describe(ResultFacts(r));
  EXPECT_EQ(r.summary.total_live, 19u);
  EXPECT_EQ(r.summary.total_iac, 8u);
  EXPECT_EQ(r.summary.matched, 8u);
  // Default VPC, its 6 default subnets, and 2 default security groups.
  EXPECT_EQ(r.summary.defaults, 9u);
  EXPECT_DOUBLE_EQ(r.summary.coverage_pct, 80.0);
  for (const DriftFinding& f : r.findings) {
    for (const ChangedPath& p : f.paths) {
      EXPECT_NE(p.path, "tags") << "tags null -> {} is noise";
    }
  }
}

TEST(Replacements, HintsPairTheMissingAndTheExtraObject) {
  Scenario s = LoadScenario(ScenarioDir("replacements"));
  DriftResult r = RunDrift(s, true);
  int hinted = 0;
  for (const DriftFinding& f : r.findings) {
    if (f.reason.find("replace") != std::string::npos) ++hinted;
    if (f.kind == FindingKind::kMissing) {
      EXPECT_EQ(f.sources, kSourceInventory | kSourceTerraform);
    }
  }
  EXPECT_EQ(hinted, 2);
}

}  // namespace
}  // namespace dw
