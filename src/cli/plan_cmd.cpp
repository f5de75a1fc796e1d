// File: src/cli/plan_cmd.cpp
//
// `driftwise plan show PLAN [--output text|json]`: what a plan will change,
// attribute by attribute, with sensitive values masked.
#include <memory>
#include <string>

#include "cli_io.hpp"
#include "command_help.hpp"
#include "commands.hpp"
#include "driftwise/plan.hpp"
#include "driftwise/show.hpp"

namespace dw::cli {
namespace {

struct PlanShowArgs {
  std::string path;
  std::string output = "text";
  int threads = 0;  // 0: one per core (a CLI run owns the machine)
};

Result<Plan> LoadPlan(const std::string& path,
                      const ParsePlanOptions& options = {}) {
  if (path != "-") return ParsePlanFile(path, options);
  auto input = ReadInput(path);
  if (!input.ok()) return input.status();
  return ParsePlan(std::move(*input), options);
}

int RunPlanShow(const PlanShowArgs& args) {
  if (args.output == "json") {
    // JSON needs paths only: stream the changes and drop the values.
    PlanShowJsonStream stream;
    ParsePlanOptions options;
    options.retain_values = false;
    options.threads = args.threads;
    // Each change is rendered on the thread that parsed it.
    options.on_change_unordered = [&stream](const ResourceChange& rc,
                                            bool drift, std::uint32_t index) {
      return stream.OnChangeAt(rc, drift, index);
    };
    auto plan = LoadPlan(args.path, options);
    if (!plan.ok()) return ReportError(args.path, plan.status());
    stream.Finish(*plan, [](std::string_view piece) { WriteStdout(piece); });
    return kExitOk;
  }
  ParsePlanOptions options;
  options.threads = args.threads;
  auto plan = LoadPlan(args.path, options);
  if (!plan.ok()) return ReportError(args.path, plan.status());
  WriteStdout(PlanShowText(*plan));
  return kExitOk;
}

}  // namespace

void RegisterPlanCommands(CLI::App& app, int* exit_code) {
  CLI::App* plan = app.add_subcommand("plan", "Read Terraform plans");
  plan->require_subcommand(1);
  auto args = std::make_shared<PlanShowArgs>();
  CLI::App* show = plan->add_subcommand(
      "show", "Show what a plan changes, attribute by attribute");
  show->add_option(
          "PLAN", args->path,
          "Plan JSON from `terraform show -json PLANFILE` (- for stdin)")
      ->required();
  show->add_option("--output,-o", args->output, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  show->add_option("--threads", args->threads,
                   "Threads parsing changes (0: one per core, at most 8)")
      ->check(CLI::Range(0, 64));
  DescribeCommand(show,
                  "every resource change and drift with its changed attribute "
                  "paths (sensitive values masked), as text or the JSON of "
                  "docs/parsing.md",
                  "shown");
  show->callback([args, exit_code] { *exit_code = RunPlanShow(*args); });
}

}  // namespace dw::cli
