// File: src/cli/state_source.hpp
//
// Where a command's --state / STATE argument points: a local file, "-" for
// standard input, or a remote state URL (s3://, gs://, azblob://, tfc://,
// file://) fetched through driftwise_connectors with credentials from the
// environment (docs/connectors.md).
#ifndef DRIFTWISE_SRC_CLI_STATE_SOURCE_HPP
#define DRIFTWISE_SRC_CLI_STATE_SOURCE_HPP

#include <string>

#include "driftwise/state.hpp"

namespace dw::cli {

/// Reads and parses the state at `location`. Errors name the backend and
/// object for URLs, the byte offset and path for parse errors.
Result<State> ReadStateLocation(const std::string& location,
                                const ParseStateOptions& options = {});

}  // namespace dw::cli

#endif  // DRIFTWISE_SRC_CLI_STATE_SOURCE_HPP
