// File: server/driftwise_server_main.cpp
//
// `driftwise-server`: the reference REST server's program. Users normally
// reach it as `driftwise serve` / `driftwise dev-issuer`, which run this
// program with the same arguments (src/cli/server_forward_cmd.cpp), so that
// the `driftwise` command itself does not load the server's libraries.
#include <cstdio>
#include <exception>

#include "cli/server_commands.hpp"
#include "driftwise/version.h"

int main(int argc, char** argv) {
  CLI::App app{"driftwise-server: the DriftWise API v2 reference server"};
  // `driftwise serve` passes argv[0] = "driftwise": usage lines then read
  // as the command the user typed.
  app.name(argc > 0 && std::string(argv[0]) == "driftwise"
               ? "driftwise"
               : "driftwise-server");
  app.set_version_flag("--version", DW_VERSION_STRING);
  app.require_subcommand(1);
  int exit_code = 0;
  dw::server::RegisterServerCommands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "driftwise-server: internal error: %s\n", e.what());
    return 2;
  }
  return exit_code;
}
