// File: src/cli/state_cmd.cpp
//
// `driftwise state show STATE [--output text|json]`: every resource instance
// of a state with its attributes, sensitive values masked. STATE may be a
// state URL (s3://, gs://, azblob://, tfc://, file://; docs/connectors.md).
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "cli_io.hpp"
#include "command_help.hpp"
#include "commands.hpp"
#include "driftwise/show.hpp"
#include "driftwise/state.hpp"
#include "state_source.hpp"

namespace dw::cli {
namespace {

struct StateShowArgs {
  std::string path;
  std::string output = "text";
};

int RunStateShow(const StateShowArgs& args) {
  Result<State> state = ReadStateLocation(args.path);
  if (!state.ok()) return ReportError(args.path, state.status());
  WriteStdout(args.output == "json" ? StateShowJson(*state)
                                    : StateShowText(*state));
  return kExitOk;
}

}  // namespace

void RegisterStateCommands(CLI::App& app, int* exit_code) {
  CLI::App* state = app.add_subcommand("state", "Read Terraform states");
  state->require_subcommand(1);
  auto args = std::make_shared<StateShowArgs>();
  CLI::App* show = state->add_subcommand(
      "show", "List every resource instance with its attributes");
  show->add_option("STATE", args->path,
                   "terraform.tfstate (v4) or `terraform show -json` output "
                   "(- for stdin), or a state URL: s3://bucket/key, "
                   "gs://bucket/object, azblob://account/container/blob, "
                   "tfc://organization/workspace, file:///path")
      ->required();
  show->add_option("--output,-o", args->output, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  DescribeCommand(show,
                  "every resource instance with its attributes, sensitive "
                  "values replaced by \"(sensitive)\", as text or json",
                  "shown");
  show->callback([args, exit_code] { *exit_code = RunStateShow(*args); });
}

}  // namespace dw::cli
