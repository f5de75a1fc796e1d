// Property: the order of state resources and inventory records never
// changes the result (findings, ids, counts, coverage, rendered JSON).
// Shuffled with many seeds over every scenario, with and without a plan.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "driftwise/drift_report.hpp"
#include "driftwise/match.hpp"
#include "unit/match/scenario_helpers.hpp"

namespace dw {
namespace {

std::string Render(const State& st, const Inventory& inv, const Plan* plan) {
  StateSource s{"state", &st};
  InventorySource i{"inventory", &inv};
  PlanSource p{"plan", plan};
  auto r = ComputeDrift({&s, 1}, {&i, 1},
                        plan ? std::span<const PlanSource>(&p, 1)
                             : std::span<const PlanSource>());
  EXPECT_TRUE(r.ok());
  return r.ok() ? RenderDriftJson(*r) : "";
}

class ShuffleTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ShuffleTest, OrderNeverChangesResults) {
  std::string dir = GetParam() == "basic-aws"
                        ? testing::SharedPath("corpus/scenarios/basic-aws")
                        : std::string(DW_SOURCE_DIR) + "/tests/scenarios/" +
                              GetParam() + "/out";
  testing::Scenario s = testing::LoadScenario(dir);
  for (const Plan* plan : {static_cast<const Plan*>(nullptr),
                           static_cast<const Plan*>(&s.refresh)}) {
    std::string want = Render(s.state, s.inventory, plan);
    ASSERT_FALSE(want.empty());
    for (unsigned seed = 1; seed <= 25; ++seed) {
      std::mt19937 rng(seed);
      State st = s.state;
      Inventory inv = s.inventory;
      std::shuffle(st.resources.begin(), st.resources.end(), rng);
      std::shuffle(inv.resources.begin(), inv.resources.end(), rng);
      EXPECT_EQ(Render(st, inv, plan), want) << "seed " << seed;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Tfmoto, ShuffleTest,
                         ::testing::ValuesIn(testing::kTfmotoScenarios),
                         testing::ScenarioParamName);

TEST(Shuffle, SplittingStatesAndInventoriesKeepsTheFindings) {
  testing::Scenario s =
      testing::LoadScenario(testing::SharedPath("corpus/scenarios/basic-aws"));
  // The same resources split over two states and two inventories (the
  // multi-account / multi-workspace shape) give the same findings.
  State a = s.state, b = s.state;
  a.resources.clear();
  b.resources.clear();
  for (std::size_t i = 0; i < s.state.resources.size(); ++i) {
    (i % 2 ? a : b).resources.push_back(s.state.resources[i]);
  }
  Inventory x = s.inventory, y = s.inventory;
  x.resources.clear();
  y.resources.clear();
  for (std::size_t i = 0; i < s.inventory.resources.size(); ++i) {
    (i % 3 ? x : y).resources.push_back(s.inventory.resources[i]);
  }
  StateSource one{"all", &s.state};
  InventorySource all{"all", &s.inventory};
  auto whole = ComputeDrift({&one, 1}, {&all, 1}, {});
  StateSource two[] = {{"a", &a}, {"b", &b}};
  InventorySource invs[] = {{"x", &x}, {"y", &y}};
  auto split = ComputeDrift(two, invs, {});
  ASSERT_TRUE(whole.ok() && split.ok());
  EXPECT_EQ(testing::ResultFacts(*split), testing::ResultFacts(*whole));
  EXPECT_EQ(split->summary.matched, whole->summary.matched);
  EXPECT_EQ(split->summary.coverage_pct, whole->summary.coverage_pct);
  for (std::size_t i = 0; i < whole->findings.size(); ++i) {
    EXPECT_EQ(split->findings[i].id, whole->findings[i].id);
  }
}

}  // namespace
}  // namespace dw
