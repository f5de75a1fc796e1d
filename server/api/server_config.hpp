// File: server/api/server_config.hpp
//
// Everything `driftwise serve` can be told. The command line fills it from
// flags, DRIFTWISE_* environment variables and a --config file (in that
// order of precedence); the server only reads it.
#ifndef DRIFTWISE_SERVER_API_SERVER_CONFIG_HPP
#define DRIFTWISE_SERVER_API_SERVER_CONFIG_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "driftwise/status.hpp"

namespace dw::server {

/// GCP Workload Identity Federation settings served by /federation-info.
struct FederationConfig {
  std::string project_number;
  std::string pool_id;
  std::string provider_id;
  std::string service_account_email;
  bool configured() const { return !pool_id.empty() && !provider_id.empty(); }
};

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";  ///< host:port; port 0 = ephemeral
  std::string db = "driftwise.db";        ///< SQLite file
  int threads = 0;                        ///< HTTP workers; 0 = automatic
  std::size_t max_body_bytes = 1 << 20;
  int read_timeout_s = 10;
  int write_timeout_s = 10;
  /// Deadlines, connection caps, body spooling and TLS of the transport
  /// (http/http_server.hpp has the meaning of each).
  struct Transport {
    int header_timeout_s = 10;
    int idle_timeout_s = 5;
    int drain_timeout_s = 10;
    std::size_t body_min_rate = 8192;  ///< bytes per second
    int max_connections = 10000;
    int max_connections_per_client = 256;
    std::size_t spool_above_bytes = 8u << 20;
    std::string spool_dir;
    std::string tls_cert, tls_key;
  } transport;

  // OIDC bearer tokens.
  std::string oidc_jwks;  ///< URL or file of the issuer's JWKS
  std::string oidc_issuer;
  std::string oidc_audience;
  int oidc_leeway_s = 30;
  int jwks_refetch_cooldown_s = 60;
  /// A `driftwise dev-issuer init` directory: fills the three above.
  std::string dev_issuer_dir;

  /// Email domains allowed to sign in, added to the store at start.
  std::vector<std::string> allowed_domains;

  /// The HMAC key for API key hashes: the environment's
  /// DRIFTWISE_API_KEY_PEPPER, else this file (created, mode 0600, with 32
  /// random bytes when absent; default "<db>.pepper").
  std::string api_key_pepper_file;
  std::string api_key_pepper;  ///< set by the CLI from the environment

  /// The keyring that seals secrets at rest (secrets/secret_box.hpp): the
  /// environment's DRIFTWISE_SECRET_KEYS, else this file (created, mode 0600,
  /// with one random key when absent; default "<db>.secret-keys").
  std::string secret_keys_file;
  std::string secret_keys;  ///< set by the CLI from the environment

  /// State sources: the largest state (after gzip inflation) an upload or
  /// refresh accepts; it is also the request body cap of .../upload.
  std::int64_t max_state_bytes = std::int64_t{1} << 30;
  /// The request body cap of inventory pushes (.../accounts/{id}/inventory).
  std::int64_t max_inventory_bytes = std::int64_t{256} << 20;
  /// Enables state sources of kind "file" under this directory ("" = off).
  std::string state_files_dir;
  /// Lets state backends be http:// and loopback (emulators, tests only).
  bool outbound_allow_loopback = false;
  /// Background job workers (jobs/worker_pool.hpp).
  int workers = 2;
  /// How long a claimed job is a worker's before another may re-run it
  /// (after a crash, jobs re-run once their lease expires).
  int job_lease_s = 600;

  /// Access log: "-" = stderr, "off", or a file path.
  std::string access_log = "-";

  FederationConfig federation;

  /// Splits `listen` into host and port.
  Status ParseListen(std::string& host, int& port) const;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_SERVER_CONFIG_HPP
