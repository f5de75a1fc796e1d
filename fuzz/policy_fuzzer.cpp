// File: fuzz/policy_fuzzer.cpp
//
// Feeds arbitrary bytes to the risk policy reader. Validation must never
// crash, every issue must point inside the input, and a policy that parses
// must compile into a RiskEngine and survive a JSON round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "driftwise/policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  for (const dw::ValidationIssue& issue : dw::ValidatePolicyJson(input)) {
    if (issue.offset != dw::kNoOffset && issue.offset > size) std::abort();
    if (issue.message.empty()) std::abort();
  }
  auto policy = dw::ParsePolicy(input);
  if (!policy.ok()) return 0;
  auto again = dw::ParsePolicy(dw::PolicyToJson(*policy));
  if (!again.ok() || again->rules.size() != policy->rules.size()) std::abort();
  dw::EngineConfig config;
  config.policy = *policy;
  auto engine = dw::RiskEngine::Create(std::move(config));
  if (!engine.ok()) std::abort();  // a valid policy must compile
  return 0;
}
