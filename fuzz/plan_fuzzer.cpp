// File: fuzz/plan_fuzzer.cpp
//
// Feeds arbitrary bytes to the plan reader. A parsed plan must be internally
// consistent: every section it lists parses, and every diff path formats
// back to its own text. Unordered streaming on threads (which starts while
// the first pass is still locating changes) must agree with the plan read
// whole: it fails exactly when that fails, and otherwise hands over each of
// its changes once.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include "driftwise/plan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  {
    dw::ParsePlanOptions options;
    options.retain_values = false;
    options.threads = 2;
    std::mutex mu;
    std::vector<int> changes, drift;
    options.on_change_unordered = [&](const dw::ResourceChange&, bool d,
                                      std::uint32_t index) {
      std::lock_guard<std::mutex> lock(mu);
      std::vector<int>& seen = d ? drift : changes;
      if (seen.size() <= index) seen.resize(index + 1);
      ++seen[index];
      return dw::OkStatus();
    };
    auto streamed = dw::ParsePlanCopy(input, options);
    auto whole = dw::ParsePlanCopy(input);
    if (streamed.ok() != whole.ok()) std::abort();
    if (whole.ok()) {
      if (changes.size() != whole->resource_changes.size() ||
          drift.size() != whole->resource_drift.size()) {
        std::abort();
      }
      for (const auto* seen : {&changes, &drift}) {
        for (int calls : *seen) {
          if (calls != 1) std::abort();
        }
      }
    }
  }
  for (bool retain : {true, false}) {
    dw::ParsePlanOptions options;
    options.retain_values = retain;
    options.threads = retain ? 1 : 2;  // both the serial and threaded paths
    auto plan = dw::ParsePlanCopy(input, options);
    if (!plan.ok()) {
      if (plan.status().has_offset() && plan.status().offset() > size) {
        std::abort();  // an error must point inside the input
      }
      continue;
    }
    for (const std::string& name : plan->field_names()) {
      auto section = plan->Section(name);
      if (!section.ok()) continue;  // lazily parsed sections may be invalid
      (void)section->root().ToJson();
    }
    for (const auto* list : {&plan->resource_changes, &plan->resource_drift}) {
      for (const dw::ResourceChange& rc : *list) {
        for (const dw::AttributeChange& c : rc.diff) {
          if (dw::FormatPath(c.path) != c.path_text) std::abort();
          if (retain) (void)c.before.ToJson();
        }
      }
    }
  }
  return 0;
}
