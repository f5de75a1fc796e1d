// File: server/api/server_app.hpp
//
// The assembled server: store, verifier, route table, metrics, access log
// and HTTP transport, built from a ServerConfig. `driftwise serve` runs one;
// tests start one in-process on an ephemeral port.
//
//   auto app = ServerApp::Create(config);   // opens the DB, migrates, binds
//   std::thread t([&] { app.value()->Serve(); });
//   ... app.value()->port() ...
//   app.value()->Stop();  t.join();
//
// Errors from Create name what is wrong: the listen address, the database
// (not a database, newer schema), the JWKS (unreadable, no usable key), the
// pepper file.
// Thread-safety: Serve() on one thread; Stop() from any thread.
#ifndef DRIFTWISE_SERVER_API_SERVER_APP_HPP
#define DRIFTWISE_SERVER_API_SERVER_APP_HPP

#include <memory>

#include "api/server_config.hpp"
#include "driftwise/status.hpp"

namespace dw::server {

class Router;

class ServerApp {
 public:
  static Result<std::unique_ptr<ServerApp>> Create(const ServerConfig& config);
  ~ServerApp();
  ServerApp(const ServerApp&) = delete;
  ServerApp& operator=(const ServerApp&) = delete;

  /// The bound port (useful with port 0).
  int port() const;
  /// Serves until Stop() (or a signal when installed by RunServe).
  void Serve();
  /// Graceful: stops accepting, finishes in-flight requests.
  void Stop();
  /// Reloads the TLS certificate (SIGHUP); the old one stays on error.
  Status ReloadTls();
  const Router& router() const;

 private:
  ServerApp();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// `driftwise serve`: Create, log where it listens, serve until SIGTERM or
/// SIGINT, drain, return.
Status RunServe(const ServerConfig& config);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_SERVER_APP_HPP
