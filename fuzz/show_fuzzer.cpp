// File: fuzz/show_fuzzer.cpp
//
// The `plan show` / `state show` renderings (driftwise/show.hpp, also the
// C ABI's and Python's JSON) on arbitrary input: whatever parses must
// render to valid JSON, and the streamed plan rendering (the CLI's path)
// must equal the rendering of the parsed plan.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "driftwise/json.hpp"
#include "driftwise/show.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto plan = dw::ParsePlanCopy(input);
  if (plan.ok()) {
    std::string json = dw::PlanShowJson(*plan);
    if (!dw::JsonDocument::Parse(json).ok()) std::abort();
    (void)dw::PlanShowText(*plan);
    dw::PlanShowJsonStream stream;
    dw::ParsePlanOptions options;
    options.retain_values = false;
    options.on_change = [&stream](const dw::ResourceChange& rc, bool drift) {
      return stream.OnChange(rc, drift);
    };
    auto streamed = dw::ParsePlanCopy(input, options);
    if (!streamed.ok() || stream.Finish(*streamed) != json) std::abort();
  }
  auto state = dw::ParseStateCopy(input);
  if (state.ok()) {
    if (!dw::JsonDocument::Parse(dw::StateShowJson(*state)).ok()) std::abort();
    (void)dw::StateShowText(*state);
  }
  return 0;
}
