// File: fuzz/noise_fuzzer.cpp
//
// Feeds arbitrary bytes to the custom noise rule reader and to the
// suppression reader. Neither may crash; issues must point inside the
// input; rules that parse must compile into a NoiseMatcher.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "driftwise/noise.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  for (const dw::ValidationIssue& issue : dw::ValidateNoiseRules(input)) {
    if (issue.offset != dw::kNoOffset && issue.offset > size) std::abort();
  }
  auto rules = dw::ParseNoiseRules(input);
  if (rules.ok() && !dw::NoiseMatcher::Create(*rules).ok()) std::abort();
  auto suppressions = dw::ParseSuppressions(input);
  if (suppressions.ok()) {
    dw::SuppressionSet set(*suppressions);
    for (const dw::Suppression& s : *suppressions) {
      if (!dw::IsFingerprint(s.fingerprint)) std::abort();
      (void)set.Find(s.fingerprint, s.resource_address, s.created_at);
    }
  }
  (void)dw::ParseTimestamp(input);
  return 0;
}
