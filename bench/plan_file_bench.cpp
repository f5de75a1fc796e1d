// File: bench/plan_file_bench.cpp
//
// The C++ side of the Python binding benchmark
// (bindings/python/bench/parse_plan_compare.py): dw::ParsePlanFile with
// default options on one plan file, exactly what driftwise.parse_plan(path)
// calls. The file comes from the environment (DW_BENCH_PLAN), so both
// sides read the same bytes in the same session; without it the benchmark
// reports an error and is skipped. DW_BENCH_THREADS sets
// ParsePlanOptions::threads (default 1, the library default).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "driftwise/plan.hpp"

namespace {

void BM_ParsePlanFile(benchmark::State& state) {
  const char* path = std::getenv("DW_BENCH_PLAN");
  if (path == nullptr) {
    state.SkipWithError("set DW_BENCH_PLAN to a plan JSON file");
    return;
  }
  dw::ParsePlanOptions options;
  if (const char* t = std::getenv("DW_BENCH_THREADS")) {
    options.threads = std::atoi(t);
  }
  std::uintmax_t bytes = std::filesystem::file_size(path);
  std::size_t changes = 0;
  for (auto _ : state) {
    dw::Result<dw::Plan> plan = dw::ParsePlanFile(path, options);
    if (!plan.ok()) {
      state.SkipWithError(plan.status().ToString().c_str());
      return;
    }
    changes = plan->resource_changes.size();
    benchmark::DoNotOptimize(plan);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) *
                          state.iterations());
  state.counters["changes"] = static_cast<double>(changes);
}
BENCHMARK(BM_ParsePlanFile)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
