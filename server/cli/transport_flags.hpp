// File: server/cli/transport_flags.hpp
//
// The `serve` flags of the HTTP transport (deadlines, connection caps, body
// spooling, TLS), each also from a DRIFTWISE_* variable and the --config
// file like every serve flag.
#ifndef DRIFTWISE_SERVER_CLI_TRANSPORT_FLAGS_HPP
#define DRIFTWISE_SERVER_CLI_TRANSPORT_FLAGS_HPP

#include <CLI/CLI.hpp>

#include "api/server_config.hpp"

namespace dw::server {

void AddTransportFlags(CLI::App& serve, ServerConfig& config);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_CLI_TRANSPORT_FLAGS_HPP
