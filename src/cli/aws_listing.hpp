// File: src/cli/aws_listing.hpp
//
// The live AWS listing the CLI runs for `inventory aws` and `drift --aws`:
// ListAwsInventory with the loopback opt-in for emulators
// (DRIFTWISE_ALLOW_LOOPBACK=1), notes written to stderr.
#ifndef DRIFTWISE_SRC_CLI_AWS_LISTING_HPP
#define DRIFTWISE_SRC_CLI_AWS_LISTING_HPP

#include <string>
#include <vector>

#include "driftwise/status.hpp"

namespace dw::cli {

/// The inventory JSON for `regions` (comma-separated, "" = environment's)
/// and `types` (globs); notes (services not listed) go to stderr.
Result<std::string> ListAwsForCli(const std::string& regions,
                                  const std::string& types);

}  // namespace dw::cli

#endif  // DRIFTWISE_SRC_CLI_AWS_LISTING_HPP
