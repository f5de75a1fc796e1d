// File: src/cli/command_help.hpp
//
// The end of every command's --help: what it prints and its exit codes, in
// one layout, so a user (and tests/cli/help_test.sh) finds them in the same
// place for every command. Options are listed by CLI11 itself.
#ifndef DRIFTWISE_SRC_CLI_COMMAND_HELP_HPP
#define DRIFTWISE_SRC_CLI_COMMAND_HELP_HPP

#include <CLI/CLI.hpp>
#include <string>

namespace dw::cli {

/// Sets `cmd`'s help footer to
///   Output: <output>
///   Exit codes: 0 <ok>, 1 <finding> (when not empty), 2 unusable input or
///   usage (the error, with file and byte offset, on stderr).
void DescribeCommand(CLI::App* cmd, const std::string& output,
                     const std::string& ok, const std::string& finding = "");

/// The text of `driftwise --version`: driftwise and C ABI versions, the
/// resource catalog version and how this binary was built.
std::string VersionText();

/// Adds the hidden `completion bash|zsh|commands` command: a bash or zsh
/// completion script for every command and option of `app`, or the list of
/// commands (one per line) that the tests walk. Register it last.
void RegisterCompletionCommand(CLI::App& app, int* exit_code);

}  // namespace dw::cli

#endif  // DRIFTWISE_SRC_CLI_COMMAND_HELP_HPP
