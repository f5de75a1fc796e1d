// File: src/cli/risk_options.cpp
#include "risk_options.hpp"

#include <chrono>
#include <utility>
#include <vector>

#include "cli_io.hpp"
#include "driftwise/noise.hpp"

namespace dw::cli {
namespace {

// Reads an optional configuration file and parses it with `parse`.
template <typename T, typename Parse>
Status LoadConfig(const std::string& option, const std::string& path,
                  Parse parse, T* out) {
  if (path.empty()) return OkStatus();
  Result<std::string> text = ReadInput(path);
  if (!text.ok()) return text.status().WithContext(option);
  Result<T> parsed = parse(*text);
  if (!parsed.ok()) return parsed.status().WithContext(option + " " + path);
  *out = std::move(*parsed);
  return OkStatus();
}

}  // namespace

void AddRiskOptions(CLI::App* cmd, RiskArgs* args,
                    const std::string& fail_on_help) {
  cmd->add_option("--policy", args->policy,
                  "Risk policy JSON (custom rules, disabled built-ins)");
  cmd->add_option("--noise-rules", args->noise_rules,
                  "Custom noise rules JSON");
  cmd->add_option("--suppressions", args->suppressions,
                  "Suppressions JSON (accepted diffs, with expiry)");
  cmd->add_option("--fail-on", args->fail_on, fail_on_help);
  cmd->add_option("--now", args->now,
                  "Evaluate suppression expiry at this RFC 3339 time");
}

Result<FailOn> ParseFailOn(const std::string& word, bool allow_any) {
  FailOn out;
  if (word == "never") {
    out.never = true;
    return out;
  }
  if (allow_any && word == "any") return out;
  if (ParseSeverity(word, &out.threshold) && out.threshold != Severity::kNone) {
    return out;
  }
  return InvalidArgumentError("unknown severity \"" + word + "\" (expected " +
                              (allow_any ? "any, " : "") +
                              "low, medium, high, critical or never)");
}

Result<std::int64_t> ResolveNow(const RiskArgs& args) {
  if (!args.now.empty()) return ParseTimestamp(args.now);
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<RiskEngine> BuildRiskEngine(const RiskArgs& args) {
  EngineConfig config;
  DW_RETURN_IF_ERROR(
      LoadConfig<Policy>("--policy", args.policy, ParsePolicy, &config.policy));
  DW_RETURN_IF_ERROR(LoadConfig<std::vector<NoiseRule>>(
      "--noise-rules", args.noise_rules, ParseNoiseRules, &config.noise_rules));
  DW_RETURN_IF_ERROR(LoadConfig<std::vector<Suppression>>(
      "--suppressions", args.suppressions, ParseSuppressions,
      &config.suppressions));
  return RiskEngine::Create(std::move(config));
}

}  // namespace dw::cli
