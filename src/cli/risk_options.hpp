// File: src/cli/risk_options.hpp
//
// The options `plan assess` and `drift` share to build a RiskEngine
// (--policy, --noise-rules, --suppressions, --now) and to decide the exit
// code (--fail-on), registered and read in one place so both commands
// accept the same files and words.
#ifndef DRIFTWISE_SRC_CLI_RISK_OPTIONS_HPP
#define DRIFTWISE_SRC_CLI_RISK_OPTIONS_HPP

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <utility>

#include "driftwise/policy.hpp"
#include "driftwise/status.hpp"

namespace dw::cli {

struct RiskArgs {
  /// `default_fail_on`: the command's --fail-on when not given.
  explicit RiskArgs(std::string default_fail_on)
      : fail_on(std::move(default_fail_on)) {}

  std::string policy;
  std::string noise_rules;
  std::string suppressions;
  std::string now;  // RFC 3339; "" = the current time
  std::string fail_on;
};

/// Adds --policy, --noise-rules, --suppressions, --now and --fail-on
/// (`fail_on_help` explains the command's default) to `cmd`.
void AddRiskOptions(CLI::App* cmd, RiskArgs* args,
                    const std::string& fail_on_help);

/// What --fail-on asked for: never fail, or fail at `threshold` (kNone:
/// on any finding, for `drift`'s "any").
struct FailOn {
  bool never = false;
  Severity threshold = Severity::kNone;
};

/// Parses --fail-on: low, medium, high, critical, never, and "any" when
/// `allow_any`. Errors name the word and the accepted ones.
Result<FailOn> ParseFailOn(const std::string& word, bool allow_any);

/// The evaluation time: --now, or the clock.
Result<std::int64_t> ResolveNow(const RiskArgs& args);

/// Loads the files and compiles the engine. Errors name the option and
/// the file's problem (with its byte offset where the parser gives one).
Result<RiskEngine> BuildRiskEngine(const RiskArgs& args);

}  // namespace dw::cli

#endif  // DRIFTWISE_SRC_CLI_RISK_OPTIONS_HPP
