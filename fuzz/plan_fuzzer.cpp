// File: fuzz/plan_fuzzer.cpp
//
// Feeds arbitrary bytes to the plan reader. A parsed plan must be internally
// consistent: every section it lists parses, and every diff path formats
// back to its own text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "driftwise/plan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
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
