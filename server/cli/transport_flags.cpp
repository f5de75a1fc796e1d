// File: server/cli/transport_flags.cpp
#include "cli/transport_flags.hpp"

namespace dw::server {

void AddTransportFlags(CLI::App& serve, ServerConfig& config) {
  ServerConfig::Transport& t = config.transport;
  serve
      .add_option("--read-timeout", config.read_timeout_s,
                  "Seconds for a request body, plus its length at "
                  "--body-min-rate")
      ->envname("DRIFTWISE_READ_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve
      .add_option("--write-timeout", config.write_timeout_s,
                  "Seconds a client may take to read an answer")
      ->envname("DRIFTWISE_WRITE_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve
      .add_option("--header-timeout", t.header_timeout_s,
                  "Seconds for a whole request head (and TLS handshake)")
      ->envname("DRIFTWISE_HEADER_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve
      .add_option("--idle-timeout", t.idle_timeout_s,
                  "Seconds an idle keep-alive connection stays open")
      ->envname("DRIFTWISE_IDLE_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve
      .add_option("--drain-timeout", t.drain_timeout_s,
                  "Seconds SIGTERM waits for requests being received")
      ->envname("DRIFTWISE_DRAIN_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve
      .add_option("--body-min-rate", t.body_min_rate,
                  "Slowest accepted request body, bytes per second")
      ->envname("DRIFTWISE_BODY_MIN_RATE")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40))
      ->capture_default_str();
  serve
      .add_option("--max-connections", t.max_connections,
                  "Open connections at most (503 + Retry-After beyond)")
      ->envname("DRIFTWISE_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  serve
      .add_option("--max-connections-per-client", t.max_connections_per_client,
                  "Open connections per client address (0 = no cap)")
      ->envname("DRIFTWISE_MAX_CONNECTIONS_PER_CLIENT")
      ->check(CLI::Range(0, 1 << 20))
      ->capture_default_str();
  serve
      .add_option("--spool-above-bytes", t.spool_above_bytes,
                  "Request bodies larger than this go to a temp file")
      ->envname("DRIFTWISE_SPOOL_ABOVE_BYTES")
      ->capture_default_str();
  serve
      .add_option("--spool-dir", t.spool_dir,
                  "Directory for spooled bodies (default $TMPDIR or /tmp)")
      ->envname("DRIFTWISE_SPOOL_DIR");
  serve
      .add_option("--tls-cert", t.tls_cert,
                  "PEM certificate chain: serve HTTPS (reloaded on SIGHUP)")
      ->envname("DRIFTWISE_TLS_CERT");
  serve.add_option("--tls-key", t.tls_key, "PEM private key of --tls-cert")
      ->envname("DRIFTWISE_TLS_KEY");
}

}  // namespace dw::server
