// File: src/cli/server_forward_cmd.cpp
//
// `driftwise serve ...` and `driftwise dev-issuer ...` run the
// `driftwise-server` program with the same arguments, as git runs git-foo.
// The server links an HTTP stack, OpenSSL, libcurl, SQLite and spdlog; kept
// out of `driftwise`, every other command starts in about 3 ms instead of
// 9 (dynamic loading and those libraries' initialisers), which matters for a
// CLI that pipelines call thousands of times.
//
// The program is looked up beside the running `driftwise` (build tree and
// installs put both in one directory), then on PATH. It gets argv[0] =
// "driftwise", so its usage and error messages still say `driftwise serve`.
//
// A copy of `driftwise` installed as `driftwise-server` would forward to
// itself for ever, a process spinning at 100% CPU with no word said; an
// environment mark set before the exec turns that into an error.
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "commands.hpp"

namespace dw::cli {
namespace {

constexpr const char* kServerProgram = "driftwise-server";
constexpr const char* kForwardedMark = "DRIFTWISE_FORWARDED_TO_SERVER";

// Replaces this process with driftwise-server; returns only on failure.
int ExecServer(const std::string& subcommand,
               const std::vector<std::string>& args) {
  std::vector<std::string> argv_storage;
  argv_storage.push_back("driftwise");
  argv_storage.push_back(subcommand);
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::error_code ec;
  std::filesystem::path self =
      std::filesystem::read_symlink("/proc/self/exe", ec);
  if (const char* from = ::getenv(kForwardedMark); from != nullptr) {
    std::fprintf(stderr,
                 "driftwise %s: %s is a copy of the driftwise command line, "
                 "not the server (%s forwarded to it, and it would forward "
                 "again); install the real %s\n",
                 subcommand.c_str(), ec ? kServerProgram : self.c_str(), from,
                 kServerProgram);
    return kExitError;
  }
  std::string beside;
  (void)::setenv(kForwardedMark, ec ? "driftwise" : self.c_str(), 1);
  if (!ec) {
    beside = (self.parent_path() / kServerProgram).string();
    ::execv(beside.c_str(), argv.data());
  }
  ::execvp(kServerProgram, argv.data());
  std::fprintf(stderr,
               "driftwise %s: cannot run %s (%s); it is installed beside "
               "driftwise%s%s or must be on PATH\n",
               subcommand.c_str(), kServerProgram, std::strerror(errno),
               beside.empty() ? "" : ", e.g. ", beside.c_str());
  return kExitError;
}

void AddForward(CLI::App& app, const std::string& name,
                const std::string& description, int* exit_code) {
  CLI::App* sub = app.add_subcommand(name, description);
  // Every argument, --help included, belongs to driftwise-server.
  sub->set_help_flag();
  sub->prefix_command();
  sub->allow_extras();
  sub->callback([sub, name, exit_code] {
    *exit_code = ExecServer(name, sub->remaining());
  });
}

}  // namespace

void RegisterServerForwarding(CLI::App& app, int* exit_code) {
  AddForward(app, "serve",
             "Serve the DriftWise API v2 over HTTP (runs driftwise-server)",
             exit_code);
  AddForward(app, "dev-issuer",
             "Local token issuer for using the server without an IdP (runs "
             "driftwise-server)",
             exit_code);
}

}  // namespace dw::cli
