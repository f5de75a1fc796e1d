// File: bench/plan_parse_bench.cpp
//
// Parse and parse+diff throughput (MB/s) of the plan and state readers on
// generated 10k- and 100k-change plans, with an in-process baseline: the
// same plan through nlohmann::json (parse into a DOM and walk it), which is
// what a C++ program without driftwise would typically do.
#include <benchmark/benchmark.h>

#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "driftwise/json.hpp"
#include "driftwise/plan.hpp"
#include "driftwise/state.hpp"
#include "workload.hpp"

namespace {

const std::string& Plan(int changes) {
  static std::map<int, std::string> cache;
  auto it = cache.find(changes);
  if (it == cache.end()) {
    it = cache.emplace(changes, dw::bench::GeneratePlan(changes)).first;
  }
  return it->second;
}

const std::string& State(int resources) {
  static std::map<int, std::string> cache;
  auto it = cache.find(resources);
  if (it == cache.end()) {
    it = cache.emplace(resources, dw::bench::GenerateState(resources)).first;
  }
  return it->second;
}

// Parse + attribute diff of every change, values dropped (what `plan show
// --output json` does).
void BM_PlanParseDiff(benchmark::State& state) {
  const std::string& plan = Plan(static_cast<int>(state.range(0)));
  std::size_t paths = 0;
  for (auto _ : state) {
    dw::ParsePlanOptions options;
    options.retain_values = false;
    options.on_change = [&paths](const dw::ResourceChange& rc, bool) {
      paths += rc.diff.size();
      return dw::OkStatus();
    };
    auto parsed = dw::ParsePlanCopy(plan, options);
    if (!parsed.ok()) state.SkipWithError(parsed.status().ToString().c_str());
    benchmark::DoNotOptimize(paths);
  }
  state.SetBytesProcessed(state.iterations() * int64_t(plan.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PlanParseDiff)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);

// Times ParsePlan on bytes handed over instead of copied: ParsePlan takes
// its input by value, so a caller that owns the bytes (read from a file or
// a socket) pays no copy. The copy is made, and the parsed plan with its
// input freed, outside the timed region; what is timed is exactly the parse
// and diff with the options `options` gives.
template <typename MakeOptions>
void TimeOwnedParse(benchmark::State& state, MakeOptions options) {
  const std::string& plan = Plan(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    std::string input = plan;
    std::optional<dw::Result<dw::Plan>> parsed;
    state.ResumeTiming();
    parsed.emplace(dw::ParsePlan(std::move(input), options()));
    if (!parsed->ok()) {
      state.SkipWithError(parsed->status().ToString().c_str());
    }
    state.PauseTiming();
    parsed.reset();
    state.ResumeTiming();
  }
  state.SetBytesProcessed(state.iterations() * int64_t(plan.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// BM_PlanParseDiff with the bytes handed over.
void BM_PlanParseDiffOwned(benchmark::State& state) {
  std::size_t paths = 0;
  TimeOwnedParse(state, [&paths] {
    dw::ParsePlanOptions options;
    options.retain_values = false;
    options.on_change = [&paths](const dw::ResourceChange& rc, bool) {
      paths += rc.diff.size();
      return dw::OkStatus();
    };
    return options;
  });
  benchmark::DoNotOptimize(paths);
}
BENCHMARK(BM_PlanParseDiffOwned)->Arg(10000)->Unit(benchmark::kMillisecond);

// The same on 2 threads, changes handed over as each is parsed
// (ParsePlanOptions::on_change_unordered, what `plan show --output json`
// uses): parsing starts while the first pass is still locating changes.
void BM_PlanParseDiffOwnedThreads(benchmark::State& state) {
  std::atomic<std::size_t> paths{0};
  TimeOwnedParse(state, [&paths] {
    dw::ParsePlanOptions options;
    options.retain_values = false;
    options.threads = 2;
    options.on_change_unordered = [&paths](const dw::ResourceChange& rc, bool,
                                           std::uint32_t) {
      paths += rc.diff.size();
      return dw::OkStatus();
    };
    return options;
  });
  benchmark::DoNotOptimize(paths);
}
BENCHMARK(BM_PlanParseDiffOwnedThreads)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Parse + diff keeping every change and its values in memory.
void BM_PlanParseDiffRetained(benchmark::State& state) {
  const std::string& plan = Plan(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto parsed = dw::ParsePlanCopy(plan);
    if (!parsed.ok()) state.SkipWithError(parsed.status().ToString().c_str());
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(state.iterations() * int64_t(plan.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PlanParseDiffRetained)->Arg(10000)->Unit(benchmark::kMillisecond);

// The whole plan into a JsonDocument (every section, not only changes).
void BM_JsonDocumentParse(benchmark::State& state) {
  const std::string& plan = Plan(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto doc = dw::JsonDocument::Parse(plan);
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(state.iterations() * int64_t(plan.size()));
}
BENCHMARK(BM_JsonDocumentParse)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_StateParse(benchmark::State& state) {
  const std::string& text = State(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto parsed = dw::ParseStateCopy(text);
    if (!parsed.ok()) state.SkipWithError(parsed.status().ToString().c_str());
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(state.iterations() * int64_t(text.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_StateParse)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);

// Baseline in the same process: nlohmann::json DOM parse plus a walk that
// reads every change's address and actions and visits before/after.
std::size_t Visit(const nlohmann::json& j) {
  std::size_t n = 1;
  if (j.is_object() || j.is_array()) {
    for (const auto& v : j) n += Visit(v);
  }
  return n;
}

void BM_BaselineNlohmannParseWalk(benchmark::State& state) {
  const std::string& plan = Plan(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    nlohmann::json j = nlohmann::json::parse(plan);
    std::size_t n = 0;
    for (const auto& rc : j["resource_changes"]) {
      n += rc["address"].get_ref<const std::string&>().size();
      n += Visit(rc["change"]["before"]) + Visit(rc["change"]["after"]);
    }
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(state.iterations() * int64_t(plan.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_BaselineNlohmannParseWalk)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
