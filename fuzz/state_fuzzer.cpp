// File: fuzz/state_fuzzer.cpp
//
// Feeds arbitrary bytes to the state reader; every listed sensitive path
// must be valid path syntax (outputs mask values through it).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "driftwise/path.hpp"
#include "driftwise/state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto state = dw::ParseStateCopy(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!state.ok()) {
    if (state.status().has_offset() && state.status().offset() > size) {
      std::abort();
    }
    return 0;
  }
  for (const dw::StateResource& r : state->resources) {
    if (r.address.empty()) std::abort();
    for (const std::string& p : r.sensitive_paths) {
      if (!p.empty() && !dw::ParsePath(p).ok()) std::abort();
    }
    (void)r.attributes.ToJson();
  }
  return 0;
}
