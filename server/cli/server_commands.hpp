// File: server/cli/server_commands.hpp
//
// The server's subcommands of the `driftwise` command line:
//   driftwise serve [--listen ADDR] [--db FILE] [--config FILE] ...
//   driftwise dev-issuer init DIR
//   driftwise dev-issuer token DIR --email E [--issuer I] [--audience A]
//                              [--ttl 1h]
#ifndef DRIFTWISE_SERVER_CLI_SERVER_COMMANDS_HPP
#define DRIFTWISE_SERVER_CLI_SERVER_COMMANDS_HPP

#include <CLI/CLI.hpp>

namespace dw::server {

/// Adds `serve` and `dev-issuer`; callbacks store their exit code (0 ok,
/// 2 error) in `*exit_code`.
void RegisterServerCommands(CLI::App& app, int* exit_code);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_CLI_SERVER_COMMANDS_HPP
