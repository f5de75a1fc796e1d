// File: src/cli/assess_cmd.cpp
//
// `driftwise plan assess PLAN [--policy FILE] [--noise-rules FILE]
//  [--suppressions FILE] [--output text|json|sarif|markdown|junit]
//  [--fail-on SEVERITY] [--now RFC3339]`: the risk verdict of a plan.
// `driftwise rules list [--provider aws|gcp|azure] [--output text|json]`:
// the built-in rule catalog.
// Exit codes: 0 risk below --fail-on, 1 at or above, 2 unusable input.
#include <memory>
#include <string>

#include "cli_io.hpp"
#include "command_help.hpp"
#include "commands.hpp"
#include "driftwise/noise.hpp"
#include "driftwise/plan.hpp"
#include "driftwise/policy.hpp"
#include "driftwise/report.hpp"
#include "driftwise/version.h"
#include "risk_options.hpp"

namespace dw::cli {
namespace {

struct AssessArgs {
  std::string plan;
  std::string output = "text";
  RiskArgs risk{"high"};
};

struct RulesListArgs {
  std::string provider;
  std::string output = "text";
};

int RunAssess(const AssessArgs& args) {
  Result<std::int64_t> now = ResolveNow(args.risk);
  if (!now.ok()) return ReportError("--now", now.status());
  Result<FailOn> fail_on = ParseFailOn(args.risk.fail_on, /*allow_any=*/false);
  if (!fail_on.ok()) return ReportError("--fail-on", fail_on.status());
  Result<RiskEngine> engine = BuildRiskEngine(args.risk);
  if (!engine.ok()) return ReportError("rules", engine.status());

  Result<std::string> input = ReadInput(args.plan);
  if (!input.ok()) return ReportError(args.plan, input.status());
  Result<Plan> plan = ParsePlan(std::move(*input));
  if (!plan.ok()) return ReportError(args.plan, plan.status());
  Result<Assessment> assessment = engine->Assess(*plan, *now);
  if (!assessment.ok()) return ReportError(args.plan, assessment.status());

  ReportFormat format = ReportFormat::kText;
  ParseReportFormat(args.output, &format);  // CLI11 checked the name
  ReportOptions options;
  options.plan_uri = args.plan == "-" ? "stdin" : args.plan;
  options.tool_version = DW_VERSION_STRING;
  options.fail_on = fail_on->never ? Severity::kCritical : fail_on->threshold;
  WriteStdout(RenderAssessment(*assessment, format, options));
  if (fail_on->never || assessment->risk_level == Severity::kNone) {
    return kExitOk;
  }
  return assessment->risk_level >= fail_on->threshold ? kExitFinding : kExitOk;
}

int RunRulesList(const RulesListArgs& args) {
  if (args.output == "json") {
    Result<std::string> json = BuiltinRulesJson(args.provider, 2);
    if (!json.ok()) return ReportError("--provider", json.status());
    WriteStdout(*json);
    return kExitOk;
  }
  RiskCatalog risk = BuiltinRiskCatalog(args.provider);
  std::vector<NoiseRule> noise = BuiltinNoiseRules(args.provider);
  std::string out;
  out += "Risk rules by resource type (" +
         std::to_string(risk.resource_types.size()) + "):\n";
  for (const RiskTypeRule& r : risk.resource_types) {
    out += "  " + r.id + "  " + r.resource_type + "  [";
    bool first = true;
    for (const auto& [a, s] : r.severity_by_action) {
      out += (first ? "" : ", ") + a + ": " + std::string(SeverityName(s));
      first = false;
    }
    out += "]\n";
  }
  out += "\nRisk rules on attributes (" +
         std::to_string(risk.attribute_rules.size()) + "):\n";
  for (const RiskAttributeRule& r : risk.attribute_rules) {
    out += "  " + r.id + "  " + r.resource_type + "  " + r.attribute + "  " +
           r.op + (r.value_json.empty() ? "" : " " + r.value_json) + "  " +
           std::string(SeverityName(r.severity)) + "\n";
  }
  out += "\nNoise rules (" + std::to_string(noise.size()) + "):\n";
  for (const NoiseRule& r : noise) {
    out += "  " + r.id + "  " + r.resource_type + "  " +
           (r.attribute.empty() ? "(whole resource)" : r.attribute) + "  " +
           std::string(NoiseConditionName(r.condition)) +
           (r.enabled ? "" : "  (disabled by default)") + "\n";
  }
  WriteStdout(out);
  return kExitOk;
}

}  // namespace

void RegisterAssessCommands(CLI::App& app, int* exit_code) {
  // `plan` is created by RegisterPlanCommands, which runs first; create it
  // here only if that ever changes.
  CLI::App* plan = nullptr;
  try {
    plan = app.get_subcommand("plan");
  } catch (const CLI::OptionNotFound&) {
    plan = app.add_subcommand("plan", "Read Terraform plans");
    plan->require_subcommand(1);
  }
  auto args = std::make_shared<AssessArgs>();
  CLI::App* assess = plan->add_subcommand(
      "assess", "Risk level, findings and noise of a plan");
  assess
      ->add_option("PLAN", args->plan,
                   "Plan JSON from `terraform show -json PLANFILE` (- for "
                   "stdin)")
      ->required();
  assess->add_option("--output,-o", args->output, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "markdown", "junit"}));
  AddRiskOptions(assess, &args->risk,
                 "Exit 1 when the risk level is at or above this "
                 "(low|medium|high|critical|never; default high)");
  DescribeCommand(assess,
                  "risk level, findings with the rules that fired, noise and a "
                  "narrative, as text, json, sarif, markdown or junit "
                  "(docs/policy.md)",
                  "risk below --fail-on", "risk at or above --fail-on");
  assess->callback([args, exit_code] { *exit_code = RunAssess(*args); });

  CLI::App* rules = app.add_subcommand("rules", "Built-in rule catalogs");
  rules->require_subcommand(1);
  auto list_args = std::make_shared<RulesListArgs>();
  CLI::App* list =
      rules->add_subcommand("list", "List the built-in risk and noise rules");
  list->add_option("--provider", list_args->provider,
                   "Only rules for this provider")
      ->check(CLI::IsMember({"aws", "gcp", "azure"}));
  list->add_option("--output,-o", list_args->output, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  DescribeCommand(list,
                  "the built-in risk rules and noise rules with their ids, as "
                  "text or json",
                  "listed");
  list->callback(
      [list_args, exit_code] { *exit_code = RunRulesList(*list_args); });
}

}  // namespace dw::cli
