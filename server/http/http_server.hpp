// File: server/http/http_server.hpp
//
// The HTTP/1.1 transport: cpp-httplib 0.11 (Debian) behind our own types, so
// handlers never see httplib. What it adds over httplib's defaults, and why
// (see guides/ecosystem-study.md §1.3-1.4):
//   - TCP_NODELAY on the listener (accepted sockets inherit it on Linux):
//     without it every keep-alive response waits ~40 ms for a delayed ACK;
//   - SO_REUSEADDR but not SO_REUSEPORT (httplib's default), so a second
//     server on a taken port fails to bind instead of silently sharing it;
//   - listen backlog raised from httplib's 5 to SOMAXCONN;
//   - a thread pool sized from the options (httplib pins one pool thread to
//     each open connection for its whole keep-alive life);
//   - body limits enforced before httplib reads anything: a
//     Transfer-Encoding request gets 411, a Content-Length above the cap
//     413, a malformed/duplicated Content-Length 400, a Content-Encoding
//     (compressed bodies would bypass the cap once inflated) 415, a body on
//     a method that has none (GET, HEAD, ...) 400; each of these answers
//     closes the connection so unread body bytes are never parsed as a next
//     request. (httplib 0.11 would read chunked bodies without any limit:
//     CVE-2025-46728.)
//   - requests without a body are dispatched as soon as their headers are
//     read (httplib 0.11 would otherwise wait for EOF on a POST/DELETE
//     without Content-Length);
//   - the request id (X-Request-ID when valid, else generated) and, on every
//     response, X-Request-ID, Content-Type, X-Content-Type-Options: nosniff
//     and, under /api/, Cache-Control: no-store;
//   - an exception escaping the dispatch handler becomes a 500 JSON error
//     (logged, details never sent).
//
// Lifecycle: construct, Bind(), then Serve() on some thread; Stop() from any
// other thread (or a signal watcher, see signals.hpp) stops accepting,
// lets in-flight requests finish and returns once Serve() has returned.
// Idle keep-alive connections are closed after at most idle_keepalive_s.
//
// Thread-safety: Bind/SetRejectObserver/Serve are for one owning thread;
// Stop() and port() may be called from any thread, any number of times.
// Destroy the server only after the thread that ran Serve() has returned
// from it (join it); the destructor stops a server that is still bound.
#ifndef DRIFTWISE_SERVER_HTTP_HTTP_SERVER_HPP
#define DRIFTWISE_SERVER_HTTP_HTTP_SERVER_HPP

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "driftwise/status.hpp"
#include "http/http_types.hpp"

namespace dw::server {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0 = an ephemeral port; read it back with port()
  /// Worker threads; 0 = max(64, 8 x hardware threads). httplib holds a
  /// thread per open connection (keep-alive included), so this bounds the
  /// number of connections served at once, not CPU parallelism: a client
  /// beyond it waits for a free thread.
  int threads = 0;
  std::size_t max_body_bytes = 1 << 20;
  /// A route-specific body cap (e.g. state uploads of hundreds of MB):
  /// given method and path, a limit, or 0 for max_body_bytes. Called from
  /// worker threads; must be thread-safe.
  std::function<std::size_t(const std::string& method, const std::string& path)>
      body_limit;
  int read_timeout_s = 10, write_timeout_s = 10, idle_keepalive_s = 5;
  int keepalive_max = 1000;  ///< requests per connection before it closes
};

/// Called for responses the transport writes itself (411/413/415/400
/// before routing), e.g. Dispatcher::RecordRejected.
using RejectObserver =
    std::function<void(const HttpRequest&, const HttpResponse&)>;

class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options);
  /// Stops and drains if still serving; closes a bound, unserved socket.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and listens. Errors: INVALID_ARGUMENT for bad options (names the
  /// option), UNAVAILABLE when the address cannot be bound (names host, port
  /// and the system's reason).
  Status Bind();
  /// The bound port (the real one when options.port was 0), or -1.
  int port() const { return port_.load(); }

  void SetRejectObserver(RejectObserver observer) {
    reject_observer_ = std::move(observer);
  }

  /// Serves with `dispatch` until Stop(). Bind() must have succeeded; if it
  /// has not, Serve() logs the error and returns at once.
  void Serve(Handler dispatch);

  /// Graceful stop: stop accepting, finish in-flight requests, and return
  /// once Serve() has returned. Called from inside a handler it only
  /// requests the stop (a worker cannot wait for itself).
  void Stop();

  /// The options after defaults were applied (threads resolved).
  const HttpServerOptions& options() const { return options_; }

 private:
  struct Impl;

  void CallDispatch(HttpRequest& req, HttpResponse& res);
  void SendStopLocked();  // requires mu_

  HttpServerOptions options_;
  std::unique_ptr<Impl> impl_;
  Handler dispatch_;
  RejectObserver reject_observer_;
  std::atomic<int> port_{-1};

  std::mutex mu_;
  std::condition_variable cv_;
  bool bound_ = false;
  bool serving_ = false;
  bool served_ = false;
  bool stop_sent_ = false;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_HTTP_SERVER_HPP
