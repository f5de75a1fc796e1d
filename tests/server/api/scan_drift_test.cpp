// The server's scan drift (api/scan_drift.hpp) against the engine run
// directly on the same files (what `driftwise drift` does) and against the
// scenario's truth.json.
#include "api/scan_drift.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "api/inventory_ingest.hpp"
#include "driftwise/inventory.hpp"
#include "driftwise/match.hpp"
#include "driftwise/state.hpp"

namespace dw::server {
namespace {

namespace fs = std::filesystem;

const fs::path kScenario =
    fs::path(DW_SHARED_DIR) / "corpus" / "scenarios" / "basic-aws";

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The scenario's inventory as the server stores it after a push.
std::vector<LiveResourceRow> PushedRows() {
  CloudAccount account{.provider = "aws",
                       .external_account_id = "123456789012"};
  auto in = IngestInventory(ReadAll(kScenario / "inventory.json"), {}, account);
  EXPECT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_TRUE(in->rejected.empty()) << in->rejected.dump();
  return in->rows;
}

class ScanDriftTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kScenario)) GTEST_SKIP() << "no shared corpus";
  }
};

TEST_F(ScanDriftTest, FindsWhatTheEngineFindsOnTheSameFiles) {
  ScanDriftInput input;
  input.states = {{"terraform.tfstate", (kScenario / "terraform.tfstate")}};
  input.live = PushedRows();
  auto scan = ComputeScanDrift(input);
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();

  auto state = ParseStateFile(kScenario / "terraform.tfstate");
  auto inventory = ParseInventoryFile(kScenario / "inventory.json");
  ASSERT_TRUE(state.ok() && inventory.ok());
  std::vector<dw::StateSource> states = {{"terraform.tfstate", &*state}};
  std::vector<dw::InventorySource> inventories = {{"live", &*inventory}};
  auto direct = ComputeDrift(states, inventories, {});
  ASSERT_TRUE(direct.ok());

  std::vector<std::string> want, got;
  for (const DriftFinding& f : direct->findings) {
    if (f.kind != FindingKind::kDefault) want.push_back(f.id);
  }
  for (const auto& item : scan->items) got.push_back(item["id"]);
  EXPECT_EQ(got, want);
  EXPECT_EQ(scan->live_count,
            static_cast<std::int64_t>(direct->summary.total_live));
  EXPECT_EQ(scan->matched_count,
            static_cast<std::int64_t>(direct->summary.matched));
  EXPECT_DOUBLE_EQ(scan->coverage_pct, direct->summary.coverage_pct);
}

TEST_F(ScanDriftTest, SignalItemsAreTheScenarioTruth) {
  ScanDriftInput input;
  input.states = {{"terraform.tfstate", (kScenario / "terraform.tfstate")}};
  input.live = PushedRows();
  auto scan = ComputeScanDrift(input);
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  auto truth = nlohmann::json::parse(ReadAll(kScenario / "truth.json"));

  std::set<std::pair<std::string, std::string>> extra, want_extra;
  std::set<std::string> missing, want_missing;
  std::map<std::string, std::set<std::string>> changed, want_changed;
  for (const auto& e : truth["extra"]) {
    want_extra.emplace(e["provider_type"].get<std::string>(),
                       e["name"].get<std::string>());
  }
  for (const auto& m : truth["missing"])
    want_missing.insert(m["address"].get<std::string>());
  for (const auto& c : truth["changed"]) {
    for (const auto& p : c["paths"]) {
      want_changed[c["address"].get<std::string>()].insert(
          p.get<std::string>());
    }
  }
  for (const auto& item : scan->items) {
    if (item["noise"].get<bool>()) continue;
    const std::string kind = item["kind"];
    if (kind == "new") {
      extra.emplace(item["provider_type"].get<std::string>(),
                    item["name"].get<std::string>());
    }
    if (kind == "missing") missing.insert(item["address"].get<std::string>());
    if (kind == "changed") {
      for (const auto& p : item["paths"]) {
        changed[item["address"].get<std::string>()].insert(
            p["path"].get<std::string>());
      }
    }
  }
  EXPECT_EQ(extra, want_extra);
  EXPECT_EQ(missing, want_missing);
  EXPECT_EQ(changed, want_changed);
  EXPECT_EQ(scan->new_count, static_cast<std::int64_t>(want_extra.size()));
  EXPECT_EQ(scan->changed_count,
            static_cast<std::int64_t>(want_changed.size()));
  // Every item is rated by the risk rules; the scan's risk is the highest.
  for (const auto& item : scan->items) {
    EXPECT_TRUE(item.contains("severity")) << item.dump();
  }
  EXPECT_NE(scan->risk_level, "");
}

TEST_F(ScanDriftTest, AStateThatDoesNotParseNamesItsLabel) {
  const fs::path bad = fs::temp_directory_path() / "dw_scan_bad.tfstate";
  std::ofstream(bad) << "{\"version\": 4, \"resources\": [";
  ScanDriftInput input;
  input.states = {{"source-42", bad.string()}};
  auto scan = ComputeScanDrift(input);
  ASSERT_FALSE(scan.ok());
  EXPECT_NE(scan.status().ToString().find("source-42"), std::string::npos)
      << scan.status().ToString();
  fs::remove(bad);
}

}  // namespace
}  // namespace dw::server
