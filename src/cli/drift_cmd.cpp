// File: src/cli/drift_cmd.cpp
//
// `driftwise drift --state FILE... --inventory [FORMAT[:TYPE]:]FILE...
//                  [--plan REFRESH_PLAN...] [--ignore FILE]
//                  [--output text|json|markdown|sarif] [--show-defaults]
//                  [--policy F] [--noise-rules F] [--suppressions F]
//                  [--fail-on any|low|medium|high|critical|never] [--now T]`
// Matches Terraform states against live inventories, assesses each finding
// with the risk policy and noise rules `plan assess` uses, and prints what
// drifted. Exit 0 when nothing drifted (or nothing at --fail-on), 1 when
// something did, 2 on error.
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "cli_io.hpp"
#include "command_help.hpp"
#include "commands.hpp"
#include "driftwise/drift_report.hpp"
#include "driftwise/drift_risk.hpp"
#include "driftwise/inventory.hpp"
#include "driftwise/match.hpp"
#include "driftwise/plan.hpp"
#include "driftwise/state.hpp"
#include "driftwise/version.h"
#include "risk_options.hpp"
#include "state_source.hpp"

namespace dw::cli {
namespace {

struct DriftArgs {
  std::vector<std::string> states;
  std::vector<std::string> inventories;
  std::vector<std::string> plans;
  std::string ignore;
  std::string output = "text";
  bool show_defaults = false;
  int threads = 0;  // 0: one per core (a person is waiting for the answer)
  RiskArgs risk{"any"};
};

// "aws-config:FILE", "driftctl:aws_s3_bucket:FILE", or a plain FILE.
struct InventorySpec {
  InventoryOptions options;
  std::string path;
};

Result<InventorySpec> ParseInventorySpec(const std::string& spec) {
  InventorySpec out;
  out.path = spec;
  std::size_t colon = spec.find(':');
  if (colon == std::string::npos) return out;
  InventoryFormat format;
  if (!ParseInventoryFormatName(spec.substr(0, colon), &format)) return out;
  out.options.format = format;
  out.path = spec.substr(colon + 1);
  if (format == InventoryFormat::kDriftctl) {
    std::size_t next = out.path.find(':');
    if (next != std::string::npos &&
        out.path.substr(0, next).find('/') == std::string::npos) {
      out.options.terraform_type = out.path.substr(0, next);
      out.path = out.path.substr(next + 1);
    } else {
      out.options.terraform_type = DriftctlTypeFromFileName(out.path);
    }
    if (out.options.terraform_type.empty()) {
      return InvalidArgumentError(
          "driftctl inventory needs its Terraform type: driftctl:TYPE:FILE");
    }
  }
  return out;
}

// Files are memory-mapped (no copy of hundreds of megabytes); "-" is
// standard input; state URLs are fetched (state_source.hpp).
Result<State> ReadState(const std::string& path, int threads) {
  return ReadStateLocation(path, ParseStateOptions{.threads = threads});
}

Result<Inventory> ReadInventory(const std::string& path,
                                const InventoryOptions& options) {
  if (path != "-") return ParseInventoryFile(path, options);
  DW_ASSIGN_OR_RETURN(std::string bytes, ReadInput(path));
  return ParseInventory(std::move(bytes), options);
}

// Destroys `objects` on a thread of its own, which the returned jthread
// joins when it goes out of scope. When no thread can be started they are
// destroyed here, before this returns.
template <typename... T>
std::jthread DestroyInBackground(T&&... objects) {
  auto owner = [... held = std::forward<T>(objects)]() mutable {};
  try {
    return std::jthread(std::move(owner));
  } catch (const std::system_error&) {
    return {};
  }
}

int RunDrift(const DriftArgs& args) {
  if (!IsOneOf(args.output, "text|json|markdown|sarif")) {
    return ReportError(
        "drift", InvalidArgumentError("--output must be text, json, markdown "
                                      "or sarif, not \"" +
                                      args.output + "\""));
  }
  Result<FailOn> fail_on = ParseFailOn(args.risk.fail_on, /*allow_any=*/true);
  if (!fail_on.ok()) return ReportError("--fail-on", fail_on.status());
  Result<std::int64_t> now = ResolveNow(args.risk);
  if (!now.ok()) return ReportError("--now", now.status());
  Result<RiskEngine> engine = BuildRiskEngine(args.risk);
  if (!engine.ok()) return ReportError("rules", engine.status());
  // Every input is read, and matching runs, on --threads threads.
  std::vector<State> states;
  states.reserve(args.states.size());
  for (const std::string& path : args.states) {
    Result<State> state = ReadState(path, args.threads);
    if (!state.ok()) return ReportError(path, state.status());
    states.push_back(*std::move(state));
  }
  std::vector<Inventory> inventories;
  inventories.reserve(args.inventories.size());
  std::vector<std::string> inventory_paths;
  for (const std::string& spec_text : args.inventories) {
    Result<InventorySpec> spec = ParseInventorySpec(spec_text);
    if (!spec.ok()) return ReportError(spec_text, spec.status());
    spec->options.threads = args.threads;
    Result<Inventory> inv = ReadInventory(spec->path, spec->options);
    if (!inv.ok()) return ReportError(spec->path, inv.status());
    inventories.push_back(*std::move(inv));
    inventory_paths.push_back(spec->path);
  }
  std::vector<Plan> plans;
  plans.reserve(args.plans.size());
  for (const std::string& path : args.plans) {
    Result<std::string> bytes = ReadInput(path);
    if (!bytes.ok()) return ReportError(path, bytes.status());
    ParsePlanOptions plan_options;
    plan_options.threads = args.threads;
    Result<Plan> plan = ParsePlan(*std::move(bytes), plan_options);
    if (!plan.ok()) return ReportError(path, plan.status());
    plans.push_back(*std::move(plan));
  }
  MatchOptions options;
  options.list_defaults = args.show_defaults;
  options.threads = static_cast<unsigned>(args.threads);
  std::string ignore_text;
  if (!args.ignore.empty()) {
    Result<std::string> text = ReadInput(args.ignore);
    if (!text.ok()) return ReportError(args.ignore, text.status());
    // Checked here too, so the error names the file the user gave.
    Result<DriftIgnore> rules = ParseDriftIgnore(*text);
    if (!rules.ok()) return ReportError(args.ignore, rules.status());
    ignore_text = *std::move(text);
  }
  std::vector<StateSource> state_sources;
  for (std::size_t i = 0; i < states.size(); ++i) {
    state_sources.push_back({args.states[i], &states[i]});
  }
  std::vector<InventorySource> inventory_sources;
  for (std::size_t i = 0; i < inventories.size(); ++i) {
    inventory_sources.push_back({inventory_paths[i], &inventories[i]});
  }
  std::vector<PlanSource> plan_sources;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    plan_sources.push_back({args.plans[i], &plans[i]});
  }
  Result<DriftResult> result = ComputeDrift(state_sources, inventory_sources,
                                            plan_sources, ignore_text, options);
  if (!result.ok()) return ReportError("drift", result.status());
  // The result owns its strings. The inputs (gigabytes at a million
  // resources: freeing them took 0.2 s) are freed on another core while
  // the report is rendered and written, unless --threads 1 asked for one.
  std::jthread freeing;
  if (args.threads != 1) {
    freeing = DestroyInBackground(std::move(states), std::move(inventories),
                                  std::move(plans));
  }
  Result<DriftAssessment> risk = AssessDrift(*result, *engine, *now);
  if (!risk.ok()) return ReportError("drift", risk.status());
  DriftRenderOptions render;
  render.tool_version = DW_VERSION_STRING;
  render.risk = &*risk;
  Result<std::string> text = RenderDrift(*result, args.output, render);
  if (!text.ok()) return ReportError("drift", text.status());
  WriteStdout(*text);
  if (fail_on->never) return kExitOk;
  return risk->Fails(fail_on->threshold) ? kExitFinding : kExitOk;
}

}  // namespace

void RegisterDriftCommands(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DriftArgs>();
  CLI::App* cmd = app.add_subcommand(
      "drift",
      "Match Terraform states with live inventories: changed, missing and "
      "unmanaged resources, and IaC coverage (exit 1 when drift is found)");
  cmd->add_option("--state", args->states,
                  "Terraform state file(s) (v4 or `terraform show -json`) or "
                  "state URL(s) (s3://, gs://, azblob://, tfc://)")
      ->required();
  cmd->add_option(
         "--inventory", args->inventories,
         "Live inventory file(s), optionally prefixed with a format: "
         "driftwise:, kubectl:, gcp-cai:, azure-resource-graph:, aws-config:, "
         "driftctl:TYPE: (default: detected)")
      ->required();
  cmd->add_option("--plan", args->plans,
                  "Refresh-only plan JSON(s) (`terraform show -json` of "
                  "`terraform plan -refresh-only`): merges Terraform's own "
                  "resource_drift");
  cmd->add_option("--ignore", args->ignore, ".driftignore rules file");
  cmd->add_option("--output,-o", args->output,
                  "text, json, markdown or sarif (default text)");
  cmd->add_flag("--show-defaults", args->show_defaults,
                "Also list provider-created defaults (default VPC, ...)");
  cmd->add_option("--threads", args->threads,
                  "Threads reading the inputs and matching (0: one per core, "
                  "at most 8 for reading); the report does not depend on it")
      ->check(CLI::Range(0, 64));
  AddRiskOptions(cmd, &args->risk,
                 "Exit 1 when a finding (not noise) is at or above this: "
                 "any|low|medium|high|critical|never (default any)");
  DescribeCommand(cmd,
                  "matched, changed, unmanaged and missing resources with "
                  "their risk and noise, and coverage, as text, json, markdown "
                  "or sarif (docs/drift.md)",
                  "no drift (or none at --fail-on)",
                  "drift found (at or above --fail-on)");
  cmd->callback([args, exit_code] { *exit_code = RunDrift(*args); });
}

}  // namespace dw::cli
