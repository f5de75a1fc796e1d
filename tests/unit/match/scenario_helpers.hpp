// Loading a scenario (state, inventory, refresh plan, truth) and reducing a
// drift result to the comparable facts truth.json records.
#ifndef DRIFTWISE_TESTS_UNIT_MATCH_SCENARIO_HELPERS_HPP
#define DRIFTWISE_TESTS_UNIT_MATCH_SCENARIO_HELPERS_HPP

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "driftwise/match.hpp"
#include "unit/inventory/test_files.hpp"

namespace dw::testing {

/// The tfmoto scenarios the matcher is held to (shared/corpus/scenarios),
/// for INSTANTIATE_TEST_SUITE_P(..., ::testing::ValuesIn(kTfmotoScenarios),
/// ScenarioParamName).
inline const std::vector<std::string> kTfmotoScenarios = {
    "basic-aws", "deleted-resources", "modules-count-foreach",
    "policy-json-rewrite", "replacements"};

/// A test name from a scenario name ("basic-aws" -> "basic_aws").
inline std::string ScenarioParamName(
    const ::testing::TestParamInfo<std::string>& p) {
  std::string name = p.param;
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

struct Scenario {
  State state;
  Inventory inventory;
  Plan refresh;
  JsonDocument truth;
};

inline Scenario LoadScenario(const std::string& dir) {
  Scenario s;
  auto state = ParseState(ReadFile(dir + "/terraform.tfstate"));
  EXPECT_TRUE(state.ok()) << dir << ": " << state.status().ToString();
  if (state.ok()) s.state = *std::move(state);
  auto inv = ParseInventory(ReadFile(dir + "/inventory.json"));
  EXPECT_TRUE(inv.ok()) << dir << ": " << inv.status().ToString();
  if (inv.ok()) s.inventory = *std::move(inv);
  auto plan = ParsePlan(ReadFile(dir + "/refresh-plan.json"));
  EXPECT_TRUE(plan.ok()) << dir << ": " << plan.status().ToString();
  if (plan.ok()) s.refresh = *std::move(plan);
  auto truth = JsonDocument::Parse(ReadFile(dir + "/truth.json"));
  EXPECT_TRUE(truth.ok()) << dir;
  if (truth.ok()) s.truth = *std::move(truth);
  return s;
}

/// The facts truth.json holds: extra (provider_type, name), missing
/// addresses, changed address -> paths.
struct Facts {
  std::set<std::pair<std::string, std::string>> extra;
  std::set<std::string> missing;
  std::map<std::string, std::set<std::string>> changed;
  friend bool operator==(const Facts&, const Facts&) = default;
};

inline Facts TruthFacts(const JsonValue& t) {
  Facts f;
  for (JsonValue e : t.Get("extra").elements()) {
    f.extra.emplace(e.Get("provider_type").as_string(),
                    e.Get("name").as_string());
  }
  for (JsonValue m : t.Get("missing").elements()) {
    f.missing.emplace(m.Get("address").as_string());
  }
  for (JsonValue c : t.Get("changed").elements()) {
    auto& paths = f.changed[std::string(c.Get("address").as_string())];
    for (JsonValue p : c.Get("paths").elements()) paths.emplace(p.as_string());
  }
  return f;
}

inline Facts ResultFacts(const DriftResult& r) {
  Facts f;
  for (const DriftFinding& x : r.findings) {
    switch (x.kind) {
      case FindingKind::kExtra:
        f.extra.emplace(x.provider_type, x.name);
        break;
      case FindingKind::kMissing:
        f.missing.insert(x.address);
        break;
      case FindingKind::kChanged:
        for (const ChangedPath& p : x.paths)
          f.changed[x.address].insert(p.path);
        break;
      default:
        break;
    }
  }
  return f;
}

inline std::string Describe(const Facts& f) {
  std::string s = "extra:";
  for (const auto& [t, n] : f.extra) s += " " + t + "/" + n;
  s += "\nmissing:";
  for (const auto& a : f.missing) s += " " + a;
  s += "\nchanged:";
  for (const auto& [a, ps] : f.changed) {
    s += " " + a + "{";
    for (const auto& p : ps) s += p + ",";
    s += "}";
  }
  return s;
}

}  // namespace dw::testing

#endif
