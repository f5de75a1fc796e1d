// File: server/cli/config_file.hpp
//
// `driftwise serve --config FILE`: a small TOML subset (what CLI11 2.1, the
// Debian 12 version, cannot read for a subcommand):
//   # comment
//   [serve]                      (optional section header)
//   listen = "127.0.0.1:8080"    (strings in double quotes, \" and \\ escapes)
//   threads = 16                 (bare values)
//   allowed-domain = ["example.com", "example.org"]
// Keys are the long option names, with '-' or '_'. A value applies only when
// neither the flag nor its DRIFTWISE_* variable gave one, so the precedence
// is flag > environment > file > default.
#ifndef DRIFTWISE_SERVER_CLI_CONFIG_FILE_HPP
#define DRIFTWISE_SERVER_CLI_CONFIG_FILE_HPP

#include <CLI/CLI.hpp>
#include <string>

#include "driftwise/status.hpp"

namespace dw::server {

/// Applies `path` to the options of `command` that are still unset. Errors
/// name the file and line: unreadable file, syntax, unknown key, a value
/// the option rejects, and the keys `config` and `help`.
Status ApplyConfigFile(CLI::App& command, const std::string& path);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_CLI_CONFIG_FILE_HPP
