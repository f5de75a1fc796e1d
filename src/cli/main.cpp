// File: src/cli/main.cpp
//
// The `driftwise` command: parses the command line with CLI11 and runs one
// subcommand. Every subcommand lives in its own *_cmd.cpp file.
#include <cstdio>
#include <exception>

#include "command_help.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"driftwise: infrastructure drift, plan risk and audit engine"};
  app.set_version_flag(
      "--version", dw::cli::VersionText,
      "Print the version, catalog version and build, then exit");
  app.footer(
      "Run `driftwise COMMAND --help` for a command's options, output and exit "
      "codes.\nExit codes: 0 success / nothing found, 1 a finding at or above "
      "the threshold, 2 unusable input or usage.");
  app.require_subcommand(1);
  int exit_code = dw::cli::kExitOk;
  dw::cli::RegisterPlanCommands(app, &exit_code);
  dw::cli::RegisterAssessCommands(app, &exit_code);
  dw::cli::RegisterStateCommands(app, &exit_code);
  dw::cli::RegisterAuditCommands(app, &exit_code);
  dw::cli::RegisterDriftCommands(app, &exit_code);
  dw::cli::RegisterCronCommands(app, &exit_code);
  dw::cli::RegisterServerForwarding(app, &exit_code);
  dw::cli::RegisterCompletionCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : dw::cli::kExitError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "driftwise: internal error: %s\n", e.what());
    return dw::cli::kExitError;
  }
  return exit_code;
}
