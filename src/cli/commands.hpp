// File: src/cli/commands.hpp
//
// Each command group of the `driftwise` CLI registers its subcommands here.
// Exit codes shared by every command: 0 success / nothing found, 1 a finding
// at or above the threshold (drift, risk, broken chain), 2 unusable input or
// usage error (message on stderr).
#ifndef DRIFTWISE_SRC_CLI_COMMANDS_HPP
#define DRIFTWISE_SRC_CLI_COMMANDS_HPP

#include <CLI/CLI.hpp>

namespace dw::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFinding = 1;
inline constexpr int kExitError = 2;

/// Each Register* adds a subcommand group to `app`. A subcommand's callback
/// stores its exit code in `*exit_code`.
void RegisterPlanCommands(CLI::App& app, int* exit_code);
void RegisterAssessCommands(CLI::App& app, int* exit_code);
void RegisterStateCommands(CLI::App& app, int* exit_code);
void RegisterAuditCommands(CLI::App& app, int* exit_code);
void RegisterDriftCommands(CLI::App& app, int* exit_code);
void RegisterCronCommands(CLI::App& app, int* exit_code);
/// `inventory aws`: live listings (src/cli/inventory_cmd.cpp).
void RegisterInventoryCommands(CLI::App& app, int* exit_code);
/// `serve` and `dev-issuer`: run driftwise-server with the same arguments.
void RegisterServerForwarding(CLI::App& app, int* exit_code);

}  // namespace dw::cli

#endif  // DRIFTWISE_SRC_CLI_COMMANDS_HPP
