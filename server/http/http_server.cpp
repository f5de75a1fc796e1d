// File: server/http/http_server.cpp
//
// One event-loop thread owns every connection; a connection is handed to a
// handler thread only while its complete request is being handled and its
// answer written, and comes back through the completion queue. The loop
// never touches a connection while a handler thread has it (its epoll
// registration is one-shot, so no event arrives for it either).
#include "http/http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/errors.hpp"
#include "http/handler_pool.hpp"
#include "http/metrics.hpp"
#include "http/request_id.hpp"
#include "http/response_writer.hpp"
#include "http/tls_context.hpp"

namespace dw::server {
namespace {

using Clock = std::chrono::steady_clock;

// Set on handler threads, so Stop() called from a handler does not wait for
// its own thread to finish.
thread_local bool tl_on_worker = false;

constexpr std::string_view kErrUnavailable = "service_unavailable";
constexpr std::string_view kErrTimeout = "request_timeout";
// How long a connection that has not sent its first request may still do
// so once a drain began (it may be on its way: connect() returned before
// the listener closed).
constexpr auto kFirstRequestGraceInDrain = std::chrono::seconds(1);
// How long a closing connection is read and dropped so the client sees the
// answer rather than a reset.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr auto kSweepEvery = std::chrono::milliseconds(100);
constexpr std::size_t kReadChunk = 64 * 1024;

enum class Phase {
  kHandshake,   // TLS handshake
  kHead,        // waiting for / reading a request head
  kBody,        // reading a body (or dropping one we refused)
  kDispatched,  // a handler thread owns the connection
  kWriting,     // the loop finishes writing a response
  kLinger,      // answered, closing: reading and dropping until EOF
};

enum class Io { kOk, kAgain, kEof, kError };

// Skips headers a client sent with the names httplib used to inject
// (REMOTE_ADDR, ...): callers use remote_addr (GHSA-xm2j-vfr9-mg9m).
bool IsInjectedHeader(std::string_view name) {
  CaseInsensitiveLess less;
  const auto eq = [&](std::string_view a, std::string_view b) {
    return !less(a, b) && !less(b, a);
  };
  return eq(name, "REMOTE_ADDR") || eq(name, "REMOTE_PORT") ||
         eq(name, "LOCAL_ADDR") || eq(name, "LOCAL_PORT");
}

HttpRequest BuildRequest(RequestHead& head, const std::string& peer) {
  HttpRequest req;
  req.method = head.method;
  const std::string_view target(head.target);
  const std::size_t q = target.find('?');
  req.raw_path = std::string(target.substr(0, q));
  req.path = PercentDecodeLenient(req.raw_path, false);
  if (q != std::string_view::npos) {
    req.query = ParseQueryString(target.substr(q + 1));
  }
  std::optional<std::string_view> client_id;
  for (auto& [k, v] : head.headers) {
    if (IsInjectedHeader(k)) continue;
    auto it = req.headers.emplace(std::move(k), std::move(v));
    if (!client_id && !CaseInsensitiveLess{}(it->first, "X-Request-ID") &&
        !CaseInsensitiveLess{}("X-Request-ID", it->first)) {
      client_id = it->second;
    }
  }
  req.remote_addr = peer;
  req.request_id = ChooseRequestId(client_id);
  return req;
}

struct Conn {
  int fd = -1;
  SSL* ssl = nullptr;
  std::string peer;      // printable address
  std::string peer_key;  // binary address, for the per-client cap
  Phase phase = Phase::kHead;
  Clock::time_point deadline;
  std::string in;  // received, not yet consumed
  std::string out;
  std::size_t out_off = 0;
  int requests = 0;          // answered on this connection
  bool close_after = false;  // close once `out` is written
  bool tls_wants_write = false;
  Io write_result = Io::kOk;  // set by the handler thread
  // The request being received or handled.
  HttpRequest req;
  std::uint64_t body_left = 0;
  std::optional<BodyRejection> refused;  // body read only to be dropped
  int spool_fd = -1;
};

}  // namespace

class HttpServer::Loop {
 public:
  Loop(const HttpServerOptions& options, RejectObserver& observer)
      : o_(options), observer_(observer) {}
  ~Loop() {
    for (auto& c : conns_) {
      if (c) FreeConn(*c);
    }
    if (listen_fd_ >= 0) ::close(listen_fd_);
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
  }

  Status Open(int& bound_port);
  void Run(Handler& dispatch, std::atomic<bool>& stop_requested);
  void Wake() {
    if (wake_fd_ >= 0) {
      const std::uint64_t one = 1;
      [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
    }
  }
  void CloseListener() {
    if (listen_fd_ >= 0) {
      ::close(listen_fd_);
      listen_fd_ = -1;
    }
  }
  TransportStats Stats() const;
  TlsContext* tls() { return tls_.get(); }

 private:
  // Connection table and epoll.
  Conn* Get(int fd) {
    return fd >= 0 && static_cast<std::size_t>(fd) < conns_.size()
               ? conns_[static_cast<std::size_t>(fd)].get()
               : nullptr;
  }
  void Arm(Conn& c, std::uint32_t events);
  void ArmForPhase(Conn& c);
  void AcceptAll();
  void RefuseAtCap(int fd, bool per_client);
  void Close(Conn& c);
  void FreeConn(Conn& c);
  void CloseGracefully(Conn& c);

  // I/O.
  Io ReadInto(Conn& c);
  static Io Flush(Conn& c);
  void OnEvent(Conn& c, std::uint32_t events);
  void Handshake(Conn& c);
  void ReadAndAdvance(Conn& c);
  void Advance(Conn& c);
  bool StartRequest(Conn& c);
  bool TakeBody(Conn& c);

  // Answers.
  void Answer(Conn& c, HttpRequest& req, HttpResponse& res, bool close);
  void Refuse(Conn& c, HttpRequest& req, int status,
              std::string_view error_class, const std::string& message,
              bool close);
  void Dispatch(Conn& c);
  void RunHandler(Conn* c);
  void CompleteWrite(Conn& c);
  void AfterResponse(Conn& c);
  void ProcessCompletions();

  // Time.
  void Sweep(Clock::time_point now);
  void Expire(Conn& c);
  void BeginDrain();

  const HttpServerOptions& o_;
  RejectObserver& observer_;
  Handler* dispatch_ = nullptr;
  std::unique_ptr<TlsContext> tls_;
  int listen_fd_ = -1, epoll_fd_ = -1, wake_fd_ = -1;
  int max_connections_ = 0;
  std::vector<std::unique_ptr<Conn>> conns_;  // by fd
  std::unordered_map<std::string, int> per_client_;
  HandlerPool pool_;
  std::mutex done_mu_;
  std::vector<Conn*> done_;  // handed back by handler threads
  std::vector<int> ready_;   // connections with a buffered next request
  bool draining_ = false;
  std::atomic<bool> draining_flag_{false};  // read by handler threads
  Clock::time_point drain_deadline_;
  Clock::time_point listener_paused_until_{};
  bool listener_paused_ = false;
  std::string spool_dir_;

  // Stats: counters exact, gauges sampled at each sweep.
  std::atomic<std::int64_t> open_{0}, idle_{0}, receiving_{0}, in_handler_{0};
  std::atomic<std::int64_t> rejected_max_{0}, rejected_client_{0};
  std::atomic<std::int64_t> t_header_{0}, t_body_{0}, t_idle_{0}, t_write_{0};
  std::atomic<std::int64_t> tls_failures_{0};
};

// ---------------------------------------------------------------- setup

Status HttpServer::Loop::Open(int& bound_port) {
  if (!o_.tls_cert_file.empty() || !o_.tls_key_file.empty()) {
    if (o_.tls_cert_file.empty() || o_.tls_key_file.empty()) {
      return InvalidArgumentError(
          "HTTP server option tls: give both --tls-cert and --tls-key");
    }
    auto tls = TlsContext::Load(o_.tls_cert_file, o_.tls_key_file);
    if (!tls.ok()) return tls.status();
    tls_ = std::move(*tls);
    std::signal(SIGPIPE, SIG_IGN);
  }
  spool_dir_ = o_.spool_dir;
  if (spool_dir_.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    spool_dir_ = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  }
  // Leave room for the database, logs and outbound sockets.
  rlimit lim{};
  max_connections_ = o_.max_connections;
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    getrlimit(RLIMIT_NOFILE, &lim);
  }
  if (lim.rlim_cur != RLIM_INFINITY &&
      static_cast<rlim_t>(max_connections_) + 128 > lim.rlim_cur) {
    const int clamped = std::max<int>(16, static_cast<int>(lim.rlim_cur) - 128);
    spdlog::warn("max connections {} lowered to {}: the descriptor limit is {}",
                 max_connections_, clamped,
                 static_cast<long long>(lim.rlim_cur));
    max_connections_ = clamped;
  }

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const std::string port = std::to_string(o_.port);
  const std::string where = o_.host + ":" + port;
  if (const int rc = getaddrinfo(o_.host.c_str(), port.c_str(), &hints, &res);
      rc != 0) {
    return Status(StatusCode::kUnavailable,
                  "cannot listen on " + where + ": " + gai_strerror(rc));
  }
  int err = 0;
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    const int fd =
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                 ai->ai_protocol);
    if (fd < 0) {
      err = errno;
      continue;
    }
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
        ::listen(fd, SOMAXCONN) != 0) {
      err = errno;
      ::close(fd);
      continue;
    }
    listen_fd_ = fd;
    break;
  }
  freeaddrinfo(res);
  if (listen_fd_ < 0) {
    return Status(StatusCode::kUnavailable,
                  "cannot listen on " + where + ": " +
                      (err != 0 ? std::strerror(err) : "address not usable"));
  }
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&ss), &len);
  bound_port = ss.ss_family == AF_INET6
                   ? ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port)
                   : ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) {
    return InternalError(std::string("epoll/eventfd: ") + std::strerror(errno));
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listen_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
  ev.data.fd = wake_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  return OkStatus();
}

// ---------------------------------------------------------------- loop

void HttpServer::Loop::Run(Handler& dispatch,
                           std::atomic<bool>& stop_requested) {
  dispatch_ = &dispatch;
  pool_.Start(o_.threads, [] { tl_on_worker = true; });
  std::vector<epoll_event> events(512);
  Clock::time_point next_sweep = Clock::now() + kSweepEvery;
  while (true) {
    if (stop_requested.load() && !draining_) BeginDrain();
    if (draining_ && open_.load() == 0) break;
    const int n =
        epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                   static_cast<int>(kSweepEvery.count()));
    if (n < 0 && errno != EINTR) {
      spdlog::error("epoll_wait: {}", std::strerror(errno));
      break;
    }
    for (int i = 0; i < n; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == wake_fd_) {
        std::uint64_t v;
        [[maybe_unused]] ssize_t r = ::read(wake_fd_, &v, sizeof v);
      } else if (fd == listen_fd_) {
        AcceptAll();
      } else if (Conn* c = Get(fd)) {
        OnEvent(*c, events[static_cast<std::size_t>(i)].events);
      }
    }
    ProcessCompletions();
    while (!ready_.empty()) {
      std::vector<int> ready;
      ready.swap(ready_);
      for (int fd : ready) {
        Conn* c = Get(fd);
        if (c != nullptr && c->phase == Phase::kHead) ReadAndAdvance(*c);
      }
    }
    const Clock::time_point now = Clock::now();
    if (now >= next_sweep) {
      Sweep(now);
      next_sweep = now + kSweepEvery;
    }
  }
  pool_.StopAndJoin();
  ProcessCompletions();
  CloseListener();
}

void HttpServer::Loop::Arm(Conn& c, std::uint32_t events) {
  epoll_event ev{};
  ev.events = events | EPOLLONESHOT | EPOLLRDHUP;
  ev.data.fd = c.fd;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev);
}

void HttpServer::Loop::ArmForPhase(Conn& c) {
  switch (c.phase) {
    case Phase::kWriting:
      Arm(c, EPOLLOUT);
      break;
    case Phase::kDispatched:
      break;
    default:
      Arm(c, EPOLLIN | (c.tls_wants_write || c.out_off < c.out.size() ? EPOLLOUT
                                                                      : 0u));
  }
}

void HttpServer::Loop::AcceptAll() {
  while (listen_fd_ >= 0) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    const int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&ss), &len,
                           SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
          errno == ENOMEM) {
        // Out of descriptors: stop listening briefly instead of spinning;
        // the kernel keeps the backlog.
        spdlog::warn("accept: {}; pausing accepts for 100 ms",
                     std::strerror(errno));
        epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
        listener_paused_ = true;
        listener_paused_until_ = Clock::now() + std::chrono::milliseconds(100);
      }
      return;
    }
    const int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    char text[INET6_ADDRSTRLEN] = "";
    std::string key;
    if (ss.ss_family == AF_INET6) {
      const auto* a6 = reinterpret_cast<const sockaddr_in6*>(&ss);
      inet_ntop(AF_INET6, &a6->sin6_addr, text, sizeof text);
      key.assign(reinterpret_cast<const char*>(&a6->sin6_addr), 16);
    } else {
      const auto* a4 = reinterpret_cast<const sockaddr_in*>(&ss);
      inet_ntop(AF_INET, &a4->sin_addr, text, sizeof text);
      key.assign(reinterpret_cast<const char*>(&a4->sin_addr), 4);
    }
    if (open_.load() >= max_connections_) {
      RefuseAtCap(fd, false);
      continue;
    }
    int& per_client = per_client_[key];
    if (o_.max_connections_per_client > 0 &&
        per_client >= o_.max_connections_per_client) {
      RefuseAtCap(fd, true);
      continue;
    }
    ++per_client;
    auto conn = std::make_unique<Conn>();
    Conn& c = *conn;
    c.fd = fd;
    c.peer = text;
    c.peer_key = std::move(key);
    c.deadline = Clock::now() + std::chrono::seconds(o_.header_timeout_s);
    if (draining_) {
      c.deadline =
          std::min(c.deadline, Clock::now() + kFirstRequestGraceInDrain);
    }
    c.phase = Phase::kHead;
    if (tls_) {
      c.ssl = tls_->NewSession(fd);
      if (c.ssl == nullptr) {
        --per_client;
        ::close(fd);
        ++tls_failures_;
        continue;
      }
      c.phase = Phase::kHandshake;
    }
    if (static_cast<std::size_t>(fd) >= conns_.size()) {
      conns_.resize(static_cast<std::size_t>(fd) + 1024);
    }
    conns_[static_cast<std::size_t>(fd)] = std::move(conn);
    ++open_;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLONESHOT | EPOLLRDHUP;
    ev.data.fd = fd;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  }
}

// Answers 503 at once and closes: the client learns to come back instead
// of waiting in silence. With TLS there is no session to answer in.
void HttpServer::Loop::RefuseAtCap(int fd, bool per_client) {
  ++(per_client ? rejected_client_ : rejected_max_);
  if (!tls_) {
    HttpRequest req;
    req.request_id = ChooseRequestId(std::nullopt);
    HttpResponse res;
    res.SetHeader("Retry-After", std::to_string(o_.retry_after_s));
    WriteError(req, res, 503, kErrUnavailable,
               per_client ? "too many connections from your address; retry "
                            "later"
                          : "the server has too many open connections; retry "
                            "later");
    const std::string bytes = SerializeResponse(req, res, /*close=*/true);
    [[maybe_unused]] ssize_t n =
        ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(fd, SHUT_WR);
    // Drop a request that already arrived: closing with unread bytes would
    // reset the connection and could destroy the answer.
    char buf[4096];
    while (::recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0) {
    }
  }
  ::close(fd);
}

void HttpServer::Loop::FreeConn(Conn& c) {
  if (c.ssl != nullptr) SSL_free(c.ssl);
  c.ssl = nullptr;
  if (c.spool_fd >= 0) ::close(c.spool_fd);
  c.spool_fd = -1;
  if (!c.req.body_path.empty()) ::unlink(c.req.body_path.c_str());
  if (c.fd >= 0) ::close(c.fd);
  c.fd = -1;
}

void HttpServer::Loop::Close(Conn& c) {
  const int fd = c.fd;
  auto it = per_client_.find(c.peer_key);
  if (it != per_client_.end() && --it->second <= 0) per_client_.erase(it);
  FreeConn(c);
  conns_[static_cast<std::size_t>(fd)].reset();
  --open_;
}

// Ends a connection after its last answer. Closing with unread bytes would
// make the kernel send a reset, which can destroy the answer in flight, so
// unread input is read and dropped for a moment first.
void HttpServer::Loop::CloseGracefully(Conn& c) {
  if (c.ssl != nullptr) SSL_shutdown(c.ssl);  // close_notify, best effort
  int pending = 0;
  ioctl(c.fd, FIONREAD, &pending);
  if (c.in.empty() && pending == 0) {
    ::shutdown(c.fd, SHUT_WR);
    Close(c);
    return;
  }
  ::shutdown(c.fd, SHUT_WR);
  c.in.clear();
  c.phase = Phase::kLinger;
  c.deadline = Clock::now() + kLingerTime;
  Arm(c, EPOLLIN);
}

// ---------------------------------------------------------------- I/O

Io HttpServer::Loop::ReadInto(Conn& c) {
  char buf[kReadChunk];
  if (c.ssl != nullptr) {
    c.tls_wants_write = false;
    while (true) {
      const int n = SSL_read(c.ssl, buf, sizeof buf);
      if (n > 0) {
        c.in.append(buf, static_cast<std::size_t>(n));
        if (c.in.size() >= 4 * kReadChunk) return Io::kOk;  // process first
        continue;
      }
      switch (SSL_get_error(c.ssl, n)) {
        case SSL_ERROR_WANT_READ:
          return Io::kAgain;
        case SSL_ERROR_WANT_WRITE:
          c.tls_wants_write = true;
          return Io::kAgain;
        case SSL_ERROR_ZERO_RETURN:
          return Io::kEof;
        default:
          ERR_clear_error();
          return Io::kError;
      }
    }
  }
  while (true) {
    const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
    if (n > 0) {
      c.in.append(buf, static_cast<std::size_t>(n));
      if (c.in.size() >= 4 * kReadChunk) return Io::kOk;
      if (static_cast<std::size_t>(n) < sizeof buf) return Io::kAgain;
      continue;
    }
    if (n == 0) return Io::kEof;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? Io::kAgain : Io::kError;
  }
}

// Writes what is left of c.out without blocking. Used by the loop and by a
// handler thread that owns the connection.
Io HttpServer::Loop::Flush(Conn& c) {
  while (c.out_off < c.out.size()) {
    const char* p = c.out.data() + c.out_off;
    const std::size_t left = c.out.size() - c.out_off;
    if (c.ssl != nullptr) {
      const int n = SSL_write(
          c.ssl, p, static_cast<int>(std::min<std::size_t>(left, 1 << 30)));
      if (n > 0) {
        c.out_off += static_cast<std::size_t>(n);
        continue;
      }
      const int e = SSL_get_error(c.ssl, n);
      if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ)
        return Io::kAgain;
      ERR_clear_error();
      return Io::kError;
    }
    const ssize_t n = ::send(c.fd, p, left, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_off += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Io::kAgain;
    return Io::kError;
  }
  c.out.clear();
  c.out_off = 0;
  return Io::kOk;
}

void HttpServer::Loop::OnEvent(Conn& c, std::uint32_t events) {
  switch (c.phase) {
    case Phase::kHandshake:
      Handshake(c);
      return;
    case Phase::kWriting:
      CompleteWrite(c);
      return;
    case Phase::kDispatched:
      return;  // not armed; cannot happen
    case Phase::kLinger: {
      const Io r = ReadInto(c);
      c.in.clear();
      if (r == Io::kEof || r == Io::kError || (events & EPOLLHUP)) {
        Close(c);
      } else {
        Arm(c, EPOLLIN);
      }
      return;
    }
    case Phase::kHead:
    case Phase::kBody:
      if (c.out_off < c.out.size()) {  // an interim 100 Continue
        if (Flush(c) == Io::kError) {
          Close(c);
          return;
        }
      }
      ReadAndAdvance(c);
      return;
  }
}

void HttpServer::Loop::Handshake(Conn& c) {
  const int rc = SSL_do_handshake(c.ssl);
  if (rc == 1) {
    c.phase = Phase::kHead;
    ReadAndAdvance(c);  // the first request may have come with it
    return;
  }
  const int e = SSL_get_error(c.ssl, rc);
  if (e == SSL_ERROR_WANT_READ) {
    Arm(c, EPOLLIN);
  } else if (e == SSL_ERROR_WANT_WRITE) {
    Arm(c, EPOLLOUT);
  } else {
    ERR_clear_error();
    ++tls_failures_;
    Close(c);
  }
}

void HttpServer::Loop::ReadAndAdvance(Conn& c) {
  while (true) {
    const bool was_empty = c.in.empty();
    const Io r = ReadInto(c);
    if (r == Io::kError) {
      Close(c);
      return;
    }
    if (was_empty && !c.in.empty() && c.phase == Phase::kHead &&
        c.requests > 0) {
      // The next request on a kept-alive connection began: the idle
      // timeout gives way to the header deadline.
      c.deadline = Clock::now() + std::chrono::seconds(o_.header_timeout_s);
      if (draining_) c.deadline = std::min(c.deadline, drain_deadline_);
    }
    const int fd = c.fd;
    Advance(c);
    if (Get(fd) != &c) return;  // closed
    if (c.phase != Phase::kHead && c.phase != Phase::kBody) return;
    if (r == Io::kEof) {
      // The client is gone (or half-closed mid-request): nobody can read
      // an answer to an incomplete request.
      Close(c);
      return;
    }
    if (r == Io::kAgain) {
      ArmForPhase(c);
      return;
    }
  }
}

// Consumes buffered input: heads, bodies, pipelined requests.
void HttpServer::Loop::Advance(Conn& c) {
  while (true) {
    if (c.phase == Phase::kHead) {
      if (c.in.empty()) return;
      if (!StartRequest(c)) return;
    }
    if (c.phase != Phase::kBody) return;
    if (!TakeBody(c)) return;
  }
}

// Parses the head when it is complete. Returns true when the connection
// moved on to kBody.
bool HttpServer::Loop::StartRequest(Conn& c) {
  RequestHead head;
  const HeadParseResult r = ParseRequestHead(c.in, o_.head_limits, head);
  if (r.state == HeadState::kIncomplete) return false;
  if (r.state == HeadState::kError) {
    HttpRequest req;
    req.method = head.method;
    req.remote_addr = c.peer;
    req.request_id = ChooseRequestId(std::nullopt);
    c.in.clear();
    Refuse(c, req, r.status, kErrBadRequest, r.message, /*close=*/true);
    return false;
  }
  c.in.erase(0, r.consumed);
  const bool keep_alive = head.KeepAlive();
  const bool wants_continue = [&] {
    auto e = head.Header("Expect");
    return e && head.minor_version >= 1 && e->size() == 12 &&
           !CaseInsensitiveLess{}(*e, "100-continue") &&
           !CaseInsensitiveLess{}("100-continue", *e);
  }();
  std::uint64_t length = 0;
  std::size_t max_body = o_.max_body_bytes;
  bool route_cap = false;
  if (o_.body_limit) {
    const std::string_view target(head.target);
    const std::string path = PercentDecodeLenient(
        std::string(target.substr(0, target.find('?'))), false);
    const std::size_t route_max = o_.body_limit(head.method, path);
    if (route_max != 0) max_body = route_max;
    route_cap = route_max != 0;
  }
  std::optional<BodyRejection> rejection =
      CheckBodyFraming(head, max_body, length);
  // Route caps are large (whole states, inventories): an excess over one
  // is answered at once, unread, rather than drained like a small body.
  if (rejection && route_cap) rejection->close = true;
  c.req = BuildRequest(head, c.peer);
  c.close_after = !keep_alive || c.requests + 1 >= o_.keepalive_max;
  if (rejection && (rejection->close || wants_continue)) {
    // Nothing of the body is read (with 100-continue nothing was sent).
    c.in.clear();
    Refuse(c, c.req, rejection->status, rejection->error_class,
           rejection->message, /*close=*/true);
    return false;
  }
  c.refused = std::move(rejection);
  c.body_left = length;
  c.phase = Phase::kBody;
  const auto now = Clock::now();
  c.deadline = now + std::chrono::seconds(o_.read_timeout_s) +
               std::chrono::seconds(
                   length / std::max<std::size_t>(1, o_.body_min_bytes_per_s));
  if (draining_) c.deadline = std::min(c.deadline, drain_deadline_);
  if (length > 0 && wants_continue && c.in.size() < length) {
    c.out = "HTTP/1.1 100 Continue\r\n\r\n";
    c.out_off = 0;
    if (Flush(c) == Io::kError) {
      Close(c);
      return false;
    }
  }
  if (!c.refused && length > o_.spool_above_bytes) {
    std::string path = spool_dir_ + "/driftwise-body-XXXXXX";
    const int fd = mkstemp(path.data());  // mode 0600
    if (fd < 0) {
      spdlog::error("cannot spool a {}-byte request body in {}: {}", length,
                    spool_dir_, std::strerror(errno));
      Refuse(c, c.req, 500, kErrInternal,
             "the server cannot store the request body", true);
      return false;
    }
    c.spool_fd = fd;
    c.req.body_path = std::move(path);
  } else if (!c.refused) {
    c.req.body.reserve(static_cast<std::size_t>(length));
  }
  return true;
}

// Moves buffered body bytes where they belong. Returns true when another
// request may follow in the buffer.
bool HttpServer::Loop::TakeBody(Conn& c) {
  const std::size_t take = static_cast<std::size_t>(
      std::min<std::uint64_t>(c.body_left, c.in.size()));
  if (take > 0) {
    if (c.refused) {
      // dropped
    } else if (c.spool_fd >= 0) {
      std::size_t off = 0;
      while (off < take) {
        const ssize_t n = ::write(c.spool_fd, c.in.data() + off, take - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          spdlog::error("spooling a request body to {}: {}", c.req.body_path,
                        std::strerror(errno));
          c.in.clear();
          Refuse(c, c.req, 500, kErrInternal,
                 "the server cannot store the request body", true);
          return false;
        }
        off += static_cast<std::size_t>(n);
      }
    } else {
      c.req.body.append(c.in, 0, take);
    }
    c.in.erase(0, take);
    c.body_left -= take;
  }
  if (c.body_left > 0) return false;
  if (c.spool_fd >= 0) {
    ::close(c.spool_fd);
    c.spool_fd = -1;
  }
  if (c.refused) {
    const BodyRejection r = *c.refused;
    c.refused.reset();
    Refuse(c, c.req, r.status, r.error_class, r.message, c.close_after);
    return false;
  }
  Dispatch(c);
  return false;
}

// ---------------------------------------------------------------- answers

void HttpServer::Loop::Refuse(Conn& c, HttpRequest& req, int status,
                              std::string_view error_class,
                              const std::string& message, bool close) {
  HttpResponse res;
  WriteError(req, res, status, error_class, message);
  if (observer_ && !req.method.empty()) observer_(req, res);
  Answer(c, req, res, close);
}

// Writes an answer from the loop thread.
void HttpServer::Loop::Answer(Conn& c, HttpRequest& req, HttpResponse& res,
                              bool close) {
  c.close_after = close || draining_;
  c.out += SerializeResponse(req, res, c.close_after);
  c.phase = Phase::kWriting;
  c.deadline = Clock::now() + std::chrono::seconds(o_.write_timeout_s);
  CompleteWrite(c);
}

void HttpServer::Loop::Dispatch(Conn& c) {
  c.phase = Phase::kDispatched;
  Conn* p = &c;
  pool_.Submit([this, p] { RunHandler(p); });
}

// On a handler thread, which owns the connection until it is handed back.
void HttpServer::Loop::RunHandler(Conn* c) {
  HttpRequest& req = c->req;
  HttpResponse res;
  try {
    (*dispatch_)(req, res);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {}: unhandled exception: {}", req.request_id,
                  req.method, req.path, e.what());
    res = HttpResponse{};
    WriteError(req, res, 500, kErrInternal, "internal server error");
  } catch (...) {
    spdlog::error("request {} {} {}: unhandled non-exception throw",
                  req.request_id, req.method, req.path);
    res = HttpResponse{};
    WriteError(req, res, 500, kErrInternal, "internal server error");
  }
  if (!req.body_path.empty()) {
    // Before the answer goes out: a client that got its answer finds no
    // spooled body left behind.
    ::unlink(req.body_path.c_str());
    req.body_path.clear();
  }
  if (draining_flag_.load()) c->close_after = true;
  c->out = SerializeResponse(req, res, c->close_after);
  c->out_off = 0;
  // Most answers fit the socket buffer: send now, from this thread, rather
  // than wait for the loop to wake.
  c->write_result = Flush(*c);
  bool was_empty;
  {
    std::lock_guard<std::mutex> lock(done_mu_);
    was_empty = done_.empty();
    done_.push_back(c);
  }
  if (was_empty) Wake();
}

void HttpServer::Loop::ProcessCompletions() {
  std::vector<Conn*> done;
  {
    std::lock_guard<std::mutex> lock(done_mu_);
    done.swap(done_);
  }
  for (Conn* c : done) {
    if (c->write_result == Io::kError) {
      Close(*c);
      continue;
    }
    c->phase = Phase::kWriting;
    c->deadline = Clock::now() + std::chrono::seconds(o_.write_timeout_s);
    if (c->write_result == Io::kAgain) {
      Arm(*c, EPOLLOUT);
    } else {
      AfterResponse(*c);
    }
  }
}

void HttpServer::Loop::CompleteWrite(Conn& c) {
  const Io r = Flush(c);
  if (r == Io::kError) {
    Close(c);
  } else if (r == Io::kAgain) {
    Arm(c, EPOLLOUT);
  } else {
    AfterResponse(c);
  }
}

// The answer is out: close, or wait for (or go on with) the next request.
void HttpServer::Loop::AfterResponse(Conn& c) {
  if (!c.req.body_path.empty()) ::unlink(c.req.body_path.c_str());
  c.req = HttpRequest{};
  c.body_left = 0;
  c.refused.reset();
  ++c.requests;
  const bool buffered =
      !c.in.empty() || (c.ssl != nullptr && SSL_pending(c.ssl) > 0);
  if (c.close_after || (draining_ && !buffered)) {
    CloseGracefully(c);
    return;
  }
  c.phase = Phase::kHead;
  c.deadline = Clock::now() + std::chrono::seconds(o_.idle_keepalive_s);
  if (buffered) {
    // A pipelined request is waiting: its head gets the header deadline.
    // It is taken up from the main loop, not from here, so a long pipeline
    // cannot grow the stack.
    c.deadline = Clock::now() + std::chrono::seconds(o_.header_timeout_s);
    ready_.push_back(c.fd);
    return;
  }
  Arm(c, EPOLLIN);
}

// ---------------------------------------------------------------- time

void HttpServer::Loop::Sweep(Clock::time_point now) {
  if (listener_paused_ && now >= listener_paused_until_ && listen_fd_ >= 0) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listen_fd_;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
    listener_paused_ = false;
  }
  const bool past_drain = draining_ && now >= drain_deadline_;
  std::int64_t idle = 0, receiving = 0, in_handler = 0;
  for (auto& slot : conns_) {
    if (!slot) continue;
    Conn& c = *slot;
    if (c.phase == Phase::kDispatched) {
      ++in_handler;
      continue;
    }
    if (now >= c.deadline || past_drain) {
      Expire(c);
      continue;
    }
    if (c.phase == Phase::kHead && c.in.empty()) {
      ++idle;
    } else if (c.phase == Phase::kHead || c.phase == Phase::kBody ||
               c.phase == Phase::kHandshake) {
      ++receiving;
    }
  }
  idle_ = idle;
  receiving_ = receiving;
  in_handler_ = in_handler;
}

void HttpServer::Loop::Expire(Conn& c) {
  switch (c.phase) {
    case Phase::kHandshake:
      ++t_header_;
      Close(c);
      return;
    case Phase::kHead:
      if (c.in.empty()) {
        // Nothing of a request: an idle connection, closed silently.
        ++(c.requests > 0 ? t_idle_ : t_header_);
        Close(c);
        return;
      }
      {
        ++t_header_;
        HttpRequest req;
        req.remote_addr = c.peer;
        req.request_id = ChooseRequestId(std::nullopt);
        c.in.clear();
        Refuse(c, req, 408, kErrTimeout,
               "the request head did not arrive within " +
                   std::to_string(o_.header_timeout_s) + " s",
               true);
      }
      return;
    case Phase::kBody:
      ++t_body_;
      c.in.clear();
      if (c.spool_fd >= 0) {
        ::close(c.spool_fd);
        c.spool_fd = -1;
      }
      Refuse(c, c.req, 408, kErrTimeout,
             "the request body did not arrive in time (at least " +
                 std::to_string(o_.body_min_bytes_per_s) +
                 " bytes per second are required)",
             true);
      return;
    case Phase::kWriting:
      ++t_write_;
      Close(c);
      return;
    case Phase::kLinger:
      Close(c);
      return;
    case Phase::kDispatched:
      return;
  }
}

void HttpServer::Loop::BeginDrain() {
  draining_ = true;
  draining_flag_ = true;
  drain_deadline_ = Clock::now() + std::chrono::seconds(o_.drain_timeout_s);
  // Take in what is in the accept backlog: those clients were already
  // connected and may have sent a request. Then stop listening.
  AcceptAll();
  CloseListener();
  const auto grace = Clock::now() + kFirstRequestGraceInDrain;
  for (auto& slot : conns_) {
    if (!slot) continue;
    Conn& c = *slot;
    if (c.phase == Phase::kHead && c.in.empty()) {
      if (c.requests > 0) {
        CloseGracefully(c);  // idle keep-alive: nothing is in flight
        continue;
      }
      c.deadline = std::min(c.deadline, grace);
    } else if (c.phase != Phase::kDispatched) {
      c.deadline = std::min(c.deadline, drain_deadline_);
    }
  }
}

TransportStats HttpServer::Loop::Stats() const {
  TransportStats s;
  s.open = open_.load();
  s.idle = idle_.load();
  s.receiving = receiving_.load();
  s.in_handler = in_handler_.load();
  s.rejected_max_connections = rejected_max_.load();
  s.rejected_per_client = rejected_client_.load();
  s.header_timeouts = t_header_.load();
  s.body_timeouts = t_body_.load();
  s.idle_timeouts = t_idle_.load();
  s.write_timeouts = t_write_.load();
  s.tls_handshake_failures = tls_failures_.load();
  s.handler_threads = pool_.threads();
  s.handler_busy = pool_.busy();
  s.handler_queued = static_cast<std::int64_t>(pool_.queued());
  return s;
}

// ---------------------------------------------------------------- server

HttpServer::HttpServer(HttpServerOptions options)
    : options_(std::move(options)) {
  if (options_.threads <= 0) {
    const int hw = static_cast<int>(std::thread::hardware_concurrency());
    options_.threads = std::max(64, 8 * std::max(hw, 1));
  }
}

HttpServer::~HttpServer() {
  Stop();
  if (loop_) loop_->CloseListener();
}

Status HttpServer::Bind() {
  const HttpServerOptions& o = options_;
  const auto bad = [](const std::string& what) {
    return InvalidArgumentError("HTTP server option " + what);
  };
  if (o.port < 0 || o.port > 65535)
    return bad("port " + std::to_string(o.port) + " is not 0-65535");
  if (o.max_body_bytes == 0) return bad("max_body_bytes must be > 0");
  if (o.read_timeout_s <= 0) return bad("read_timeout_s must be > 0");
  if (o.write_timeout_s <= 0) return bad("write_timeout_s must be > 0");
  if (o.header_timeout_s <= 0) return bad("header_timeout_s must be > 0");
  if (o.idle_keepalive_s <= 0) return bad("idle_keepalive_s must be > 0");
  if (o.keepalive_max <= 0) return bad("keepalive_max must be > 0");
  if (o.drain_timeout_s <= 0) return bad("drain_timeout_s must be > 0");
  if (o.max_connections <= 0) return bad("max_connections must be > 0");
  if (o.max_connections_per_client < 0)
    return bad("max_connections_per_client must be >= 0");
  if (o.body_min_bytes_per_s == 0)
    return bad("body_min_bytes_per_s must be > 0");
  if (o.retry_after_s < 0) return bad("retry_after_s must be >= 0");
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (bound_) {
      return Status(StatusCode::kFailedPrecondition,
                    "HTTP server is already bound to port " +
                        std::to_string(port_.load()));
    }
  }
  auto loop = std::make_unique<Loop>(options_, reject_observer_);
  int bound_port = -1;
  if (Status s = loop->Open(bound_port); !s.ok()) return s;
  loop_ = std::move(loop);
  port_ = bound_port;
  std::lock_guard<std::mutex> lock(mu_);
  bound_ = true;
  return OkStatus();
}

void HttpServer::Serve(Handler dispatch) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!bound_) {
      spdlog::error("HttpServer::Serve called without a successful Bind()");
      return;
    }
    if (served_) {
      spdlog::error("HttpServer::Serve called twice");
      return;
    }
    serving_ = true;
    served_ = true;
  }
  loop_->Run(dispatch, stop_requested_);
  std::lock_guard<std::mutex> lock(mu_);
  serving_ = false;
  cv_.notify_all();
}

void HttpServer::Stop() {
  stop_requested_ = true;
  if (loop_) loop_->Wake();
  if (tl_on_worker) return;
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return !serving_; });
}

Status HttpServer::ReloadTls() {
  if (!loop_ || loop_->tls() == nullptr) {
    return Status(StatusCode::kFailedPrecondition,
                  "the server was started without TLS (--tls-cert/--tls-key)");
  }
  Status s = loop_->tls()->Reload();
  if (s.ok()) {
    spdlog::info("TLS certificate reloaded: {}", loop_->tls()->Describe());
  } else {
    spdlog::error("{}", s.message());
  }
  return s;
}

TransportStats HttpServer::stats() const {
  return loop_ ? loop_->Stats() : TransportStats{};
}

Status HttpServer::RegisterMetrics(Metrics& metrics) {
  const auto gauge = [&](const char* name, const char* help,
                         std::function<double(const TransportStats&)> get) {
    return metrics.AddGauge(name, help, [this, get] { return get(stats()); });
  };
  Status s = gauge("driftwise_http_connections_open",
                   "Connections accepted and not yet closed.",
                   [](const TransportStats& t) { return double(t.open); });
  if (s.ok())
    s = gauge("driftwise_http_connections_idle",
              "Open connections waiting for a request's first byte.",
              [](const TransportStats& t) { return double(t.idle); });
  if (s.ok())
    s = gauge("driftwise_http_connections_receiving",
              "Open connections with a request partly received.",
              [](const TransportStats& t) { return double(t.receiving); });
  if (s.ok())
    s = metrics.AddFamily(
        "driftwise_http_connections_rejected_total",
        "Connections refused with 503 at a connection cap.",
        MetricType::kCounter, [this] {
          const TransportStats t = stats();
          return std::vector<MetricSample>{
              {{{"reason", "max_connections"}},
               double(t.rejected_max_connections)},
              {{{"reason", "per_client"}}, double(t.rejected_per_client)}};
        });
  if (s.ok())
    s = metrics.AddFamily(
        "driftwise_http_connection_timeouts_total",
        "Connections closed at a deadline, by what was awaited.",
        MetricType::kCounter, [this] {
          const TransportStats t = stats();
          return std::vector<MetricSample>{
              {{{"phase", "header"}}, double(t.header_timeouts)},
              {{{"phase", "body"}}, double(t.body_timeouts)},
              {{{"phase", "idle"}}, double(t.idle_timeouts)},
              {{{"phase", "write"}}, double(t.write_timeouts)}};
        });
  if (s.ok())
    s = gauge("driftwise_http_handler_threads", "Handler threads.",
              [](const TransportStats& t) { return t.handler_threads; });
  if (s.ok())
    s = gauge("driftwise_http_handler_busy",
              "Handler threads running a request.",
              [](const TransportStats& t) { return t.handler_busy; });
  if (s.ok())
    s = gauge("driftwise_http_handler_queued",
              "Complete requests waiting for a handler thread.",
              [](const TransportStats& t) { return double(t.handler_queued); });
  if (s.ok())
    s = gauge("driftwise_http_handler_saturation",
              "Busy handler threads / handler threads (1 = saturated).",
              [](const TransportStats& t) {
                return t.handler_threads > 0
                           ? double(t.handler_busy) / t.handler_threads
                           : 0.0;
              });
  return s;
}

}  // namespace dw::server
