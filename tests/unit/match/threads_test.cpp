// MatchOptions::threads: the same result, field for field and in the same
// order, for any thread count, on the tfmoto scenarios (shuffled, with and
// without refresh plans) and on a generated case with every kind of
// finding, several states and inventories, duplicates and ties.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "driftwise/drift_report.hpp"
#include "driftwise/match.hpp"
#include "unit/match/scenario_helpers.hpp"

namespace dw {
namespace {

// Every field of a result except the phase timings, in order.
std::string Dump(const DriftResult& r) {
  std::string out;
  auto field = [&](std::string_view v) {
    out.append(v);
    out.push_back('|');
  };
  auto number = [&](double v) { field(std::to_string(v)); };
  const DriftSummary& s = r.summary;
  for (std::size_t v :
       {s.total_live, s.total_iac, s.matched, s.changed, s.extra, s.missing,
        s.defaults, s.ignored, s.unmapped_live, s.unmapped_iac,
        s.unobserved_iac, s.duplicate_live, s.skipped_records}) {
    number(static_cast<double>(v));
  }
  number(s.coverage_pct);
  out += "\n";
  for (const auto* buckets : {&r.by_type, &r.by_account, &r.by_region}) {
    for (const CoverageBucket& b : *buckets) {
      field(b.key);
      number(static_cast<double>(b.live));
      number(static_cast<double>(b.matched));
      number(b.coverage_pct);
    }
    out += "\n";
  }
  for (const DriftFinding& f : r.findings) {
    field(f.id);
    field(FindingKindName(f.kind));
    for (const std::string* v :
         {&f.address, &f.type, &f.provider_type, &f.provider_resource_id,
          &f.name, &f.region, &f.account, &f.state_source, &f.reason}) {
      field(*v);
    }
    number(f.sources);
    for (const ChangedPath& p : f.paths) {
      field(p.path);
      number(p.sources);
      number(p.sensitive);
      field(p.iac_value);
      field(p.live_value);
    }
    out += "\n";
  }
  for (const std::string& n : r.notes) field(n);
  return out;
}

DriftResult RunDrift(std::span<const StateSource> states,
                     std::span<const InventorySource> inventories,
                     std::span<const PlanSource> plans, MatchOptions options,
                     unsigned threads) {
  options.threads = threads;
  Result<DriftResult> r = ComputeDrift(states, inventories, plans, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *std::move(r) : DriftResult{};
}

std::string ScenarioDir(const std::string& name) {
  return name == "basic-aws"
             ? testing::SharedPath("corpus/scenarios/basic-aws")
             : std::string(DW_SOURCE_DIR) + "/tests/scenarios/" + name + "/out";
}

class ThreadsScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ThreadsScenarioTest, SameResultForAnyThreadCount) {
  testing::Scenario s = testing::LoadScenario(ScenarioDir(GetParam()));
  MatchOptions options;
  options.list_defaults = true;
  for (bool with_plan : {false, true}) {
    for (unsigned seed = 0; seed <= 5; ++seed) {
      State st = s.state;
      Inventory inv = s.inventory;
      if (seed != 0) {
        std::mt19937 rng(seed);
        std::shuffle(st.resources.begin(), st.resources.end(), rng);
        std::shuffle(inv.resources.begin(), inv.resources.end(), rng);
      }
      StateSource state{"state", &st};
      InventorySource inventory{"inventory", &inv};
      PlanSource plan{"plan", &s.refresh};
      std::span<const PlanSource> plans;
      if (with_plan) plans = {&plan, 1};
      DriftResult one =
          RunDrift({&state, 1}, {&inventory, 1}, plans, options, 1);
      ASSERT_FALSE(one.findings.empty()) << GetParam();
      std::string want = Dump(one);
      for (unsigned threads : {2u, 3u, 8u}) {
        DriftResult many =
            RunDrift({&state, 1}, {&inventory, 1}, plans, options, threads);
        EXPECT_EQ(Dump(many), want)
            << GetParam() << " threads " << threads << " seed " << seed
            << (with_plan ? " with plan" : "");
        EXPECT_EQ(RenderDriftJson(many), RenderDriftJson(one));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Tfmoto, ThreadsScenarioTest,
                         ::testing::ValuesIn(testing::kTfmotoScenarios),
                         testing::ScenarioParamName);

// A generated estate: `n` state resources of five types over two states,
// and two inventories listing most of them (some changed, some listed
// twice, some with Azure IDs in another case), plus unmanaged, default and
// unmapped live records, state resources the catalog does not know, and
// resources managed twice (the same address and identity in both states,
// whose findings differ only in their state).
struct Generated {
  State states[2];
  Inventory inventories[2];
};

Generated Generate(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::string st[2], inv[2];
  for (std::string& s : st) s = R"({"version":4,"serial":1,"resources":[)";
  for (std::string& s : inv) s = "[";
  auto append = [](std::string& to, const std::string& item) {
    if (to.back() != '[') to += ",";
    to += item;
  };
  auto live = [&](const std::string& provider, const std::string& type,
                  const std::string& id, const std::string& name,
                  const std::string& props) {
    append(inv[rng() % 2],
           R"({"provider":")" + provider + R"(","provider_type":")" + type +
               R"(","provider_resource_id":")" + id +
               R"(","region":"us-east-1","name":")" + name +
               R"(","properties_shape":"terraform","properties":)" + props +
               "}");
  };
  for (std::size_t i = 0; i < n; ++i) {
    std::string name = "r" + std::to_string(i);
    std::string tag = R"({"Team":"t)" + std::to_string(i % 5) + R"("})";
    std::string changed_tag = R"({"Team":"changed"})";
    std::string type, cloud_type, provider, id, attrs;
    switch (rng() % 5) {
      case 0:
        type = "aws_instance", cloud_type = "AWS::EC2::Instance";
        provider = "aws", id = "i-" + std::to_string(rng() % 100000000);
        attrs = R"("id":")" + id + R"(","instance_type":"t3.micro")";
        break;
      case 1:
        type = "aws_s3_bucket", cloud_type = "AWS::S3::Bucket";
        provider = "aws", id = "bucket-" + std::to_string(i);
        attrs = R"("id":")" + id + R"(","bucket":")" + id + "\"";
        break;
      case 2:
        type = "aws_security_group", cloud_type = "AWS::EC2::SecurityGroup";
        provider = "aws", id = "sg-" + std::to_string(rng() % 100000000);
        attrs = R"("id":")" + id + R"(","name":")" + name + "\"";
        break;
      case 3:
        type = "google_storage_bucket";
        cloud_type = "storage.googleapis.com/Bucket";
        provider = "gcp", id = "gcs-" + std::to_string(i);
        attrs = R"("id":")" + id + R"(","name":")" + id +
                R"(","storage_class":"STANDARD")";
        break;
      default:
        type = "azurerm_resource_group";
        cloud_type = "Microsoft.Resources/resourceGroups";
        provider = "azure";
        id = "/subscriptions/0000/resourceGroups/rg-" + std::to_string(i);
        attrs = R"("id":")" + id + R"(","location":"westeurope")";
    }
    std::string tags_key = provider == "gcp" ? "labels" : "tags";
    std::string resource =
        R"({"mode":"managed","type":")" + type + R"(","name":")" + name +
        R"(","provider":"provider[\"registry.terraform.io/hashicorp/)" +
        (provider == "gcp"     ? "google"
         : provider == "azure" ? "azurerm"
                               : "aws") +
        R"(\"]","instances":[{"schema_version":0,"attributes":{)" + attrs +
        R"(,")" + tags_key + R"(":)" + tag + "}}]}";
    std::size_t which = rng() % 2;
    append(st[which], resource);
    if (rng() % 20 == 0) append(st[1 - which], resource);  // managed twice
    unsigned fate = static_cast<unsigned>(rng() % 100);
    if (fate < 10) {  // deleted by hand: missing
      if (type == "aws_security_group" && fate % 2 == 0) {
        // ... and re-created by hand: a replacement hint.
        live(provider, cloud_type, "sg-new" + std::to_string(i), name,
             R"({"tags":{"Team":"x"}})");
      }
      continue;
    }
    std::string live_id = id;
    if (provider == "azure" && rng() % 3 == 0) {
      live_id.replace(live_id.find("resourceGroups"), 14, "resourcegroups");
    }
    std::string props =
        "{\"" + tags_key + "\":" + (fate < 25 ? changed_tag : tag) + "}";
    live(provider, cloud_type, live_id, name, props);
    if (fate >= 97) live(provider, cloud_type, live_id, name, props);  // twice
  }
  for (std::size_t i = 0; i < n / 10; ++i) {
    // Unmanaged, some with the name of a state resource.
    std::string name = i % 3 == 0 ? "r" + std::to_string(rng() % n)
                                  : "extra" + std::to_string(i);
    live("aws", "AWS::EC2::Instance", "i-x" + std::to_string(i), name,
         R"({"tags":{"Team":"x"}})");
  }
  live("aws", "AWS::EC2::VPC", "vpc-default", "default", R"({"default":true})");
  live("aws", "AWS::Made::Up", "made-up-1", "unknown", "{}");
  append(
      st[0],
      R"({"mode":"managed","type":"made_up_thing","name":"x","instances":[{"attributes":{"id":"x"}}]})");
  Generated g;
  for (int k = 0; k < 2; ++k) {
    auto state = ParseState(st[k] + "]}");
    EXPECT_TRUE(state.ok()) << state.status().ToString();
    if (state.ok()) g.states[k] = *std::move(state);
    auto inventory = ParseInventory(inv[k] + "]");
    EXPECT_TRUE(inventory.ok()) << inventory.status().ToString();
    if (inventory.ok()) g.inventories[k] = *std::move(inventory);
  }
  return g;
}

TEST(ThreadsGenerated, SameResultForAnyThreadCountAndOrder) {
  Generated g = Generate(4000, 7);
  MatchOptions options;
  options.list_defaults = true;
  std::string want;
  for (unsigned seed = 0; seed <= 3; ++seed) {
    Generated shuffled = g;
    if (seed != 0) {
      std::mt19937 rng(seed);
      for (State& s : shuffled.states) {
        std::shuffle(s.resources.begin(), s.resources.end(), rng);
      }
      for (Inventory& i : shuffled.inventories) {
        std::shuffle(i.resources.begin(), i.resources.end(), rng);
      }
    }
    StateSource states[] = {{"a.tfstate", &shuffled.states[0]},
                            {"b.tfstate", &shuffled.states[1]}};
    InventorySource inventories[] = {{"x.json", &shuffled.inventories[0]},
                                     {"y.json", &shuffled.inventories[1]}};
    DriftResult one = RunDrift(states, inventories, {}, options, 1);
    if (seed == 0) {
      // Every kind of outcome is there, so that a difference would show.
      const DriftSummary& s = one.summary;
      EXPECT_GT(s.changed, 100u);
      EXPECT_GT(s.missing, 100u);
      EXPECT_GT(s.extra, 100u);
      EXPECT_GT(s.defaults, 0u);
      EXPECT_GT(s.duplicate_live, 0u);
      EXPECT_GT(s.unmapped_live, 0u);
      EXPECT_GT(s.unmapped_iac, 0u);
      bool hint = false, twice = false;
      for (const DriftFinding& f : one.findings) {
        hint |= f.reason.find("looks replaced") != std::string::npos;
      }
      for (const std::string& n : one.notes) {
        twice |= n.find("more than one state resource") != std::string::npos;
      }
      EXPECT_TRUE(hint);
      EXPECT_TRUE(twice);
      want = RenderDriftJson(one);
    }
    // (Order-free across seeds: the JSON report.)
    EXPECT_EQ(RenderDriftJson(one), want) << "seed " << seed;
    std::string dump = Dump(one);
    for (unsigned threads : {2u, 3u, 8u, 0u}) {
      EXPECT_EQ(Dump(RunDrift(states, inventories, {}, options, threads)), dump)
          << "threads " << threads << " seed " << seed;
    }
  }
}

TEST(ThreadsGenerated, IgnoreRulesApplyTheSameOnThreads) {
  Generated g = Generate(2000, 11);
  Result<DriftIgnore> rules = ParseDriftIgnore(
      "aws_s3_bucket.*\n"
      "*.*.tags.Team\n"
      "!aws_instance.*.tags.Team\n");
  ASSERT_TRUE(rules.ok());
  MatchOptions options;
  options.ignore = *rules;
  StateSource states[] = {{"a", &g.states[0]}, {"b", &g.states[1]}};
  InventorySource inventories[] = {{"x", &g.inventories[0]},
                                   {"y", &g.inventories[1]}};
  DriftResult one = RunDrift(states, inventories, {}, options, 1);
  EXPECT_GT(one.summary.ignored, 0u);
  EXPECT_GT(one.summary.changed, 0u);
  for (unsigned threads : {2u, 8u}) {
    EXPECT_EQ(Dump(RunDrift(states, inventories, {}, options, threads)),
              Dump(one))
        << "threads " << threads;
  }
}

}  // namespace
}  // namespace dw
