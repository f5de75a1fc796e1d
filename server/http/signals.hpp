// File: server/http/signals.hpp
//
// Graceful drain on SIGTERM/SIGINT. The signal handler itself only writes
// the signal number to a pipe (async-signal-safe); a watcher thread reads it
// and runs the callback, typically `[&](int) { server.Stop(); }`. Nothing
// unsafe (locks, allocation, httplib) ever runs inside the handler.
//
// With an `on_reload` callback, SIGHUP is caught too and runs it (the TLS
// certificate reload); without one SIGHUP keeps its disposition.
//
// Each signal runs the callback again (with the signal number), so a caller
// may escalate on the second one. Previous handlers are restored and the
// thread joined when the object is destroyed.
//
// Thread-safety: at most one ShutdownSignals may exist at a time in a
// process (signal dispositions are process-wide); Install() refuses a
// second. The callback runs on the watcher thread.
#ifndef DRIFTWISE_SERVER_HTTP_SIGNALS_HPP
#define DRIFTWISE_SERVER_HTTP_SIGNALS_HPP

#include <csignal>
#include <functional>
#include <memory>
#include <thread>

#include "driftwise/status.hpp"

namespace dw::server {

class ShutdownSignals {
 public:
  /// Installs handlers for SIGTERM and SIGINT (and SIGHUP for `on_reload`
  /// when given). Errors: FAILED_PRECONDITION when one is installed already;
  /// INTERNAL when pipe()/sigaction() fail.
  static Result<std::unique_ptr<ShutdownSignals>> Install(
      std::function<void(int signo)> on_signal,
      std::function<void()> on_reload = nullptr);
  ~ShutdownSignals();
  ShutdownSignals(const ShutdownSignals&) = delete;
  ShutdownSignals& operator=(const ShutdownSignals&) = delete;

 private:
  ShutdownSignals() = default;
  void Watch();

  std::function<void(int)> on_signal_;
  std::function<void()> on_reload_;
  int read_fd_ = -1;
  struct sigaction old_term_ {};
  struct sigaction old_int_ {};
  struct sigaction old_hup_ {};
  std::thread watcher_;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_SIGNALS_HPP
