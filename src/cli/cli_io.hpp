// File: src/cli/cli_io.hpp
//
// Input and output helpers shared by every CLI command.
#ifndef DRIFTWISE_SRC_CLI_CLI_IO_HPP
#define DRIFTWISE_SRC_CLI_CLI_IO_HPP

#include <string>
#include <string_view>

#include "driftwise/status.hpp"

namespace dw::cli {

/// Reads a whole file, or standard input when `path` is "-".
/// Errors name the path and the OS reason.
Result<std::string> ReadInput(const std::string& path);

/// Writes `text` to standard output (retrying short writes).
void WriteStdout(std::string_view text);

/// Prints "driftwise: <what>: <status>" on stderr and returns kExitError.
int ReportError(std::string_view what, const Status& status);

/// True when `format` is one of the comma-free names in `allowed`
/// (e.g. "text|json").
bool IsOneOf(std::string_view format, std::string_view allowed);

}  // namespace dw::cli

#endif  // DRIFTWISE_SRC_CLI_CLI_IO_HPP
