// `driftwise serve`: flags, DRIFTWISE_* environment variables and a TOML
// --config file (cli/config_file.hpp) (precedence: flag > environment > file >
// default), then the server until SIGTERM/SIGINT.
#include <cstdio>
#include <cstdlib>

#include "api/server_app.hpp"
#include "cli/config_file.hpp"
#include "cli/server_commands.hpp"
#include "cli/transport_flags.hpp"

namespace dw::server {
namespace {

void RegisterServe(CLI::App& app, int* exit_code) {
  auto config = std::make_shared<ServerConfig>();
  CLI::App* serve =
      app.add_subcommand("serve", "Serve the DriftWise API v2 over HTTP");
  auto config_file = std::make_shared<std::string>();
  serve
      ->add_option("--config", *config_file,
                   "TOML file with any of these options (see docs/server.md)")
      ->envname("DRIFTWISE_CONFIG");
  serve->add_option("--listen", config->listen, "HOST:PORT to listen on")
      ->envname("DRIFTWISE_LISTEN")
      ->capture_default_str();
  serve->add_option("--db", config->db, "SQLite database file (created)")
      ->envname("DRIFTWISE_DB")
      ->capture_default_str();
  serve
      ->add_option("--threads", config->threads,
                   "HTTP worker threads (0 = automatic)")
      ->envname("DRIFTWISE_THREADS");
  serve
      ->add_option("--max-body-bytes", config->max_body_bytes,
                   "Largest request body accepted (413 beyond)")
      ->envname("DRIFTWISE_MAX_BODY_BYTES");
  AddTransportFlags(*serve, *config);
  serve
      ->add_option("--max-state-bytes", config->max_state_bytes,
                   "Largest state accepted by upload or refresh, after gzip "
                   "inflation (413 beyond)")
      ->envname("DRIFTWISE_MAX_STATE_BYTES")
      ->capture_default_str();
  serve
      ->add_option("--max-inventory-bytes", config->max_inventory_bytes,
                   "Largest inventory push body (413 beyond)")
      ->envname("DRIFTWISE_MAX_INVENTORY_BYTES")
      ->capture_default_str();
  serve
      ->add_option("--state-files-dir", config->state_files_dir,
                   "Enables state sources of kind \"file\": paths relative "
                   "to this directory")
      ->envname("DRIFTWISE_STATE_FILES_DIR");
  serve
      ->add_flag("--outbound-allow-loopback", config->outbound_allow_loopback,
                 "Let state backends use http:// and loopback addresses "
                 "(emulators and tests; never in production)")
      ->envname("DRIFTWISE_OUTBOUND_ALLOW_LOOPBACK");
  serve
      ->add_option("--workers", config->workers,
                   "Background job workers (state refreshes, ...)")
      ->envname("DRIFTWISE_WORKERS")
      ->capture_default_str();
  serve
      ->add_option("--job-lease-seconds", config->job_lease_s,
                   "A job left running by a crashed server re-runs after this")
      ->envname("DRIFTWISE_JOB_LEASE_SECONDS")
      ->capture_default_str();
  serve
      ->add_option("--oidc-jwks", config->oidc_jwks,
                   "JWKS of the OIDC issuer: https URL or file")
      ->envname("DRIFTWISE_OIDC_JWKS");
  serve->add_option("--oidc-issuer", config->oidc_issuer, "Expected iss claim")
      ->envname("DRIFTWISE_OIDC_ISSUER");
  serve
      ->add_option("--oidc-audience", config->oidc_audience,
                   "Expected aud claim")
      ->envname("DRIFTWISE_OIDC_AUDIENCE");
  serve
      ->add_option("--oidc-leeway", config->oidc_leeway_s,
                   "Clock skew allowed on exp/nbf/iat, seconds (max 60)")
      ->envname("DRIFTWISE_OIDC_LEEWAY")
      ->check(CLI::Range(0, 60));
  serve
      ->add_option("--dev-issuer", config->dev_issuer_dir,
                   "Trust a `driftwise dev-issuer init` directory (local use)")
      ->envname("DRIFTWISE_DEV_ISSUER");
  serve
      ->add_option("--allowed-domain", config->allowed_domains,
                   "Email domain allowed to sign in (repeatable)")
      ->envname("DRIFTWISE_ALLOWED_DOMAINS")
      ->delimiter(',');
  serve
      ->add_option("--api-key-pepper-file", config->api_key_pepper_file,
                   "HMAC key file for API key hashes (default DB.pepper)")
      ->envname("DRIFTWISE_API_KEY_PEPPER_FILE");
  serve
      ->add_option("--secret-keys-file", config->secret_keys_file,
                   "Keyring that seals stored credentials (default "
                   "DB.secret-keys)")
      ->envname("DRIFTWISE_SECRET_KEYS_FILE");
  serve
      ->add_option("--access-log", config->access_log,
                   "Access log: - (stderr), off, or a file")
      ->envname("DRIFTWISE_ACCESS_LOG")
      ->capture_default_str();
  serve->add_option("--wif-project-number", config->federation.project_number)
      ->envname("DRIFTWISE_WIF_PROJECT_NUMBER");
  serve->add_option("--wif-pool-id", config->federation.pool_id)
      ->envname("DRIFTWISE_WIF_POOL_ID");
  serve->add_option("--wif-provider-id", config->federation.provider_id)
      ->envname("DRIFTWISE_WIF_PROVIDER_ID");
  serve
      ->add_option("--wif-service-account",
                   config->federation.service_account_email)
      ->envname("DRIFTWISE_WIF_SERVICE_ACCOUNT");
  serve->callback([serve, config, config_file, exit_code] {
    if (!config_file->empty()) {
      Status applied = ApplyConfigFile(*serve, *config_file);
      if (!applied.ok()) {
        std::fprintf(stderr, "driftwise serve: %s\n",
                     applied.message().c_str());
        *exit_code = 2;
        return;
      }
    }
    // The pepper itself only ever comes from the environment: a flag would
    // show in `ps`.
    if (const char* pepper = std::getenv("DRIFTWISE_API_KEY_PEPPER")) {
      config->api_key_pepper = pepper;
    }
    if (const char* keys = std::getenv("DRIFTWISE_SECRET_KEYS")) {
      config->secret_keys = keys;
    }
    Status status = RunServe(*config);
    if (!status.ok()) {
      std::fprintf(stderr, "driftwise serve: %s\n", status.ToString().c_str());
      *exit_code = 2;
    }
  });
}

}  // namespace

void RegisterServeCommand(CLI::App& app, int* exit_code) {
  RegisterServe(app, exit_code);
}

}  // namespace dw::server
