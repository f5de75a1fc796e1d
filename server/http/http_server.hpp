// File: server/http/http_server.hpp
//
// The HTTP/1.1 transport: an epoll event loop that accepts connections and
// reads requests, and a fixed pool of handler threads that only ever sees
// complete requests (docs/server.md "Transport" says why this instead of
// cpp-httplib or a library). Waiting costs no thread: an idle keep-alive
// connection, a client sending its headers a byte a second or a slow upload
// is a few hundred bytes of state in the loop, not a blocked worker.
//
// What the loop enforces, and why:
//   - the strict head parser of request_head.hpp (400/414/431/505), and the
//     body framing rules: Transfer-Encoding 411, Content-Encoding 415, a
//     repeated or malformed Content-Length 400, a body on GET/HEAD 400,
//     over max_body_bytes 413 (a modest excess is read and dropped so the
//     connection stays usable; a huge one is refused unread and closed);
//     every refusal that closes does so after the answer was sent, reading
//     and dropping what the client still sends so it sees the answer, not a
//     reset;
//   - deadlines per request, not per read: the whole head (and a TLS
//     handshake) within header_timeout_s; the body within read_timeout_s
//     plus its length at body_min_bytes_per_s; an idle keep-alive
//     connection closes after idle_keepalive_s; an unread response after
//     write_timeout_s. A request that misses its deadline mid-way gets 408;
//   - caps on open connections, overall and per client address; a
//     connection beyond them gets 503 with Retry-After and is closed;
//   - TCP_NODELAY on every accepted socket (keep-alive responses otherwise
//     wait for a delayed ACK), SO_REUSEADDR but not SO_REUSEPORT (a second
//     server on a taken port fails to bind), backlog SOMAXCONN;
//   - keep-alive and pipelining: one request per connection is handled at a
//     time, in order; bytes of the next request wait in the buffer;
//   - bodies larger than spool_above_bytes go to a private temp file
//     (HttpRequest::body_path) instead of memory;
//   - optional TLS (tls_context.hpp), reloadable with ReloadTls();
//   - the request id (X-Request-ID when valid, else generated) and the
//     common response headers (response_writer.hpp); an exception escaping
//     the handler becomes a 500 JSON error (logged, details never sent).
//
// Lifecycle: construct, Bind(), then Serve() on some thread; Stop() from any
// other thread (or a signal watcher, see signals.hpp) drains: the accept
// backlog is taken in and the listener closed, idle keep-alive connections
// close at once, requests in flight or being received are answered (with
// Connection: close), and Serve() returns when none is left or
// drain_timeout_s has passed.
//
// Thread-safety: Bind/SetRejectObserver/RegisterMetrics/Serve are for one
// owning thread; Stop(), ReloadTls(), stats() and port() may be called from
// any thread, any number of times. Destroy the server only after the thread
// that ran Serve() has returned from it (join it); the destructor stops a
// server that is still bound. With TLS, Bind() sets SIGPIPE to ignored
// (OpenSSL writes with write(2)).
#ifndef DRIFTWISE_SERVER_HTTP_HTTP_SERVER_HPP
#define DRIFTWISE_SERVER_HTTP_HTTP_SERVER_HPP

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "driftwise/status.hpp"
#include "http/http_types.hpp"
#include "http/request_head.hpp"

namespace dw::server {

class Metrics;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0 = an ephemeral port; read it back with port()
  /// Handler threads; 0 = max(64, 8 x hardware threads). They run complete
  /// requests only, so this bounds handlers running at once (SQLite waits,
  /// outbound calls), not the number of open connections.
  int threads = 0;
  std::size_t max_body_bytes = 1 << 20;
  /// The body must arrive within read_timeout_s + length /
  /// body_min_bytes_per_s seconds of the end of the head.
  int read_timeout_s = 10;
  std::size_t body_min_bytes_per_s = 8192;
  int header_timeout_s = 10;  ///< whole head, TLS handshake included
  int write_timeout_s = 10;   ///< a response not taken by then is dropped
  int idle_keepalive_s = 5;
  /// A route-specific body cap (e.g. state uploads of hundreds of MB):
  /// given method and decoded path, a limit, or 0 for max_body_bytes. Called
  /// on the event loop's thread; must be thread-safe and cheap.
  std::function<std::size_t(const std::string& method, const std::string& path)>
      body_limit;
  int keepalive_max = 1000;  ///< requests per connection before it closes
  int drain_timeout_s = 10;  ///< Stop() closes what is left after this
  /// Open connections at most (clamped to the descriptor limit); beyond it
  /// a new connection gets 503 + Retry-After.
  int max_connections = 10000;
  /// Per client address; 0 = no cap (e.g. behind a reverse proxy).
  int max_connections_per_client = 256;
  int retry_after_s = 1;
  /// Bodies above this many bytes are written to a temp file in spool_dir
  /// ("" = $TMPDIR or /tmp) instead of memory; see HttpRequest::body_path.
  std::size_t spool_above_bytes = 8u << 20;
  std::string spool_dir;
  /// PEM files; both set = HTTPS only, both empty = plain HTTP.
  std::string tls_cert_file, tls_key_file;
  HeadLimits head_limits;
};

/// Called for responses the transport writes itself (400/408/411/413/414/
/// 415/431/505 before routing), e.g. Dispatcher::RecordRejected.
using RejectObserver =
    std::function<void(const HttpRequest&, const HttpResponse&)>;

/// Connection counts, sampled by the event loop a few times a second
/// (counters are exact).
struct TransportStats {
  std::int64_t open = 0;        ///< accepted and not yet closed
  std::int64_t idle = 0;        ///< waiting for a request's first byte
  std::int64_t receiving = 0;   ///< a request partly received
  std::int64_t in_handler = 0;  ///< a complete request queued or running
  std::int64_t rejected_max_connections = 0;  ///< 503 at the overall cap
  std::int64_t rejected_per_client = 0;       ///< 503 at the per-client cap
  std::int64_t header_timeouts = 0, body_timeouts = 0, idle_timeouts = 0,
               write_timeouts = 0;
  std::int64_t tls_handshake_failures = 0;
  int handler_threads = 0, handler_busy = 0;
  std::int64_t handler_queued = 0;
};

class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options);
  /// Stops and drains if still serving; closes a bound, unserved socket.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and listens (and loads the TLS files). Errors: INVALID_ARGUMENT
  /// for bad options (names the option) or unusable TLS files (names the
  /// file and the reason), UNAVAILABLE when the address cannot be bound
  /// (names host, port and the system's reason).
  Status Bind();
  /// The bound port (the real one when options.port was 0), or -1.
  int port() const { return port_.load(); }

  void SetRejectObserver(RejectObserver observer) {
    reject_observer_ = std::move(observer);
  }

  /// Adds the transport's families to `metrics` (connections open, idle,
  /// rejected, timeouts, handler-pool threads/busy/queued/saturation). The
  /// server must outlive every later scrape.
  Status RegisterMetrics(Metrics& metrics);

  /// Serves with `dispatch` until Stop(). Bind() must have succeeded; if it
  /// has not, Serve() logs the error and returns at once.
  void Serve(Handler dispatch);

  /// Graceful stop (see the lifecycle above); returns once Serve() has
  /// returned. Called from inside a handler it only requests the stop (a
  /// worker cannot wait for itself).
  void Stop();

  /// Loads the TLS files again; on an error (expired, not yet valid, key
  /// mismatch, unreadable) the certificate in use stays and the error says
  /// why. FAILED_PRECONDITION when the server has no TLS.
  Status ReloadTls();

  TransportStats stats() const;

  /// The options after defaults were applied (threads resolved).
  const HttpServerOptions& options() const { return options_; }

 private:
  class Loop;

  HttpServerOptions options_;
  std::unique_ptr<Loop> loop_;
  RejectObserver reject_observer_;
  std::atomic<int> port_{-1};

  std::mutex mu_;
  std::condition_variable cv_;
  bool bound_ = false;
  bool serving_ = false;
  bool served_ = false;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_HTTP_SERVER_HPP
