// `driftwise dev-issuer init|token`: a local identity provider for trying the
// server without one (see jwt/dev_issuer.hpp).
#include <cstdio>
#include <regex>

#include "cli/server_commands.hpp"
#include "jwt/dev_issuer.hpp"

namespace dw::server {
namespace {

// "90", "90s", "15m", "1h", "2d" -> seconds; -1 when malformed.
std::int64_t ParseTtl(const std::string& text) {
  static const std::regex kPattern("^([0-9]{1,9})([smhd]?)$");
  std::smatch m;
  if (!std::regex_match(text, m, kPattern)) return -1;
  std::int64_t value = std::stoll(m[1].str());
  const std::string unit = m[2].str();
  if (unit == "m") value *= 60;
  if (unit == "h") value *= 3600;
  if (unit == "d") value *= 86400;
  return value;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, int* exit_code);

void RegisterServerCommands(CLI::App& app, int* exit_code) {
  RegisterServeCommand(app, exit_code);

  CLI::App* dev = app.add_subcommand(
      "dev-issuer", "Local token issuer for using the server without an IdP");
  dev->require_subcommand(1);

  auto init_dir = std::make_shared<std::string>();
  auto init_options = std::make_shared<DevIssuerInitOptions>();
  CLI::App* init = dev->add_subcommand(
      "init", "Write a signing key, jwks.json and issuer.json into DIR");
  init->add_option("dir", *init_dir, "Directory (created)")->required();
  init->add_option("--issuer", init_options->issuer, "iss of issued tokens")
      ->capture_default_str();
  init->add_option("--audience", init_options->audience, "aud of issued tokens")
      ->capture_default_str();
  init->add_flag("--force", init_options->overwrite,
                 "Replace an existing key (old tokens stop working)");
  init->callback([=] {
    Status status = DevIssuerInit(*init_dir, *init_options);
    if (!status.ok()) {
      std::fprintf(stderr, "driftwise dev-issuer init: %s\n",
                   status.ToString().c_str());
      *exit_code = 2;
      return;
    }
    std::printf(
        "dev issuer written to %s; start the server with "
        "`driftwise serve --dev-issuer %s`\n",
        init_dir->c_str(), init_dir->c_str());
  });

  auto token_dir = std::make_shared<std::string>();
  auto token_options = std::make_shared<DevTokenOptions>();
  auto ttl = std::make_shared<std::string>("1h");
  CLI::App* token = dev->add_subcommand("token", "Print a signed JWT");
  token->add_option("dir", *token_dir, "Directory made by init")->required();
  token->add_option("--email", token_options->email, "email claim")->required();
  token->add_option("--issuer", token_options->issuer, "Override iss");
  token->add_option("--audience", token_options->audience, "Override aud");
  token->add_option("--ttl", *ttl, "Lifetime: 90s, 15m, 1h, 2d")
      ->capture_default_str();
  token->callback([=] {
    token_options->ttl_seconds = ParseTtl(*ttl);
    if (token_options->ttl_seconds <= 0) {
      std::fprintf(stderr,
                   "driftwise dev-issuer token: --ttl \"%s\" is not a "
                   "duration like 90s, 15m, 1h or 2d\n",
                   ttl->c_str());
      *exit_code = 2;
      return;
    }
    auto jwt = DevIssuerToken(*token_dir, *token_options);
    if (!jwt.ok()) {
      std::fprintf(stderr, "driftwise dev-issuer token: %s\n",
                   jwt.status().ToString().c_str());
      *exit_code = 2;
      return;
    }
    std::printf("%s\n", jwt.value().c_str());
  });
}

}  // namespace dw::server
