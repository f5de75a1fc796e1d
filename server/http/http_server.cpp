// File: server/http/http_server.cpp
#include "http/http_server.hpp"

#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <limits>
#include <optional>
#include <thread>

#include "http/errors.hpp"
#include "http/request_id.hpp"

namespace dw::server {
namespace {

// Set on httplib's pool threads, so Stop() called from a handler does not
// wait for its own thread to finish.
thread_local bool tl_on_worker = false;

constexpr std::string_view kErrUnsupportedEncoding = "unsupported_encoding";

struct Rejection {
  int status;
  std::string_view error_class;
  std::string message;
  bool close;  // false: httplib may drain the body and keep the connection
};

bool IsBodyMethod(std::string_view m) {
  return m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE";
}

// Strict 1*DIGIT (RFC 9110 §8.6), at most 18 digits so it cannot overflow.
std::optional<std::uint64_t> ParseContentLength(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

// Decides, from the headers alone, whether the request body can be read
// safely. `body_length` receives the declared length.
std::optional<Rejection> CheckBodyHeaders(const httplib::Request& hreq,
                                          std::size_t max_body,
                                          std::uint64_t& body_length) {
  body_length = 0;
  if (hreq.has_header("Transfer-Encoding")) {
    return Rejection{411, kErrLengthRequired,
                     "request bodies with Transfer-Encoding are not "
                     "accepted; send Content-Length",
                     true};
  }
  if (hreq.has_header("Content-Encoding")) {
    const std::string enc = hreq.get_header_value("Content-Encoding");
    if (enc != "identity") {
      return Rejection{415, kErrUnsupportedEncoding,
                       "Content-Encoding \"" + enc.substr(0, 64) +
                           "\" is not accepted; send the body uncompressed",
                       true};
    }
  }
  const std::size_t lengths = hreq.get_header_value_count("Content-Length");
  if (lengths > 1) {
    return Rejection{400, kErrBadRequest, "more than one Content-Length header",
                     true};
  }
  if (lengths == 1) {
    const auto len =
        ParseContentLength(hreq.get_header_value("Content-Length"));
    if (!len) {
      return Rejection{400, kErrBadRequest,
                       "Content-Length is not a decimal number", true};
    }
    body_length = *len;
  }
  if (body_length > 0 && !IsBodyMethod(hreq.method)) {
    return Rejection{400, kErrBadRequest,
                     "a " + hreq.method + " request cannot have a body", true};
  }
  if (body_length > max_body) {
    // A modest excess is drained by httplib (which answers 413 itself and
    // keeps the connection, so the client reads the answer instead of a
    // reset); a huge declared length is refused without reading it.
    const bool drain = body_length <= 8 * static_cast<std::uint64_t>(max_body);
    return Rejection{413, kErrPayloadTooLarge,
                     "request body is " + std::to_string(body_length) +
                         " bytes; the limit is " + std::to_string(max_body),
                     !drain};
  }
  return std::nullopt;
}

// Skips the headers httplib itself injects (REMOTE_ADDR, ...) and any a
// client sent with those names: callers use remote_addr instead (the
// header-shadowing advisory GHSA-xm2j-vfr9-mg9m).
bool IsInjectedHeader(std::string_view name) {
  CaseInsensitiveLess less;
  const auto eq = [&](std::string_view a, std::string_view b) {
    return !less(a, b) && !less(b, a);
  };
  return eq(name, "REMOTE_ADDR") || eq(name, "REMOTE_PORT") ||
         eq(name, "LOCAL_ADDR") || eq(name, "LOCAL_PORT");
}

std::string_view RawPath(const std::string& target) {
  const std::string_view t(target);
  return t.substr(0, t.find('?'));
}

HttpRequest FromHttplib(const httplib::Request& hreq, bool with_body) {
  HttpRequest req;
  req.method = hreq.method;
  req.path = hreq.path;
  req.raw_path = std::string(RawPath(hreq.target));
  for (const auto& [k, v] : hreq.params) req.query.emplace(k, v);
  for (const auto& [k, v] : hreq.headers) {
    if (!IsInjectedHeader(k)) req.headers.emplace(k, v);
  }
  // The body is moved, not copied: a state upload of hundreds of MB must
  // not be held twice. httplib's Request is a mutable object it hands to
  // the handler as const and does not read the body again afterwards.
  if (with_body) req.body = std::move(const_cast<std::string&>(hreq.body));
  req.remote_addr = hreq.remote_addr;
  std::optional<std::string_view> client_id;
  if (auto it = hreq.headers.find("X-Request-ID"); it != hreq.headers.end()) {
    client_id = it->second;
  }
  req.request_id = ChooseRequestId(client_id);
  return req;
}

bool IsTransportHeader(std::string_view name) {
  CaseInsensitiveLess less;
  const auto eq = [&](std::string_view a, std::string_view b) {
    return !less(a, b) && !less(b, a);
  };
  return eq(name, "Content-Type") || eq(name, "Content-Length") ||
         eq(name, "Transfer-Encoding") || eq(name, "Connection") ||
         eq(name, "X-Request-ID");
}

void CommonHeaders(std::string_view path, std::string_view request_id,
                   bool has_cache_control, httplib::Response& hres) {
  hres.set_header("X-Request-ID", std::string(request_id));
  hres.set_header("X-Content-Type-Options", "nosniff");
  if (!has_cache_control && path.substr(0, 5) == "/api/") {
    hres.set_header("Cache-Control", "no-store");
  }
}

void ToHttplib(const HttpRequest& req, HttpResponse& res,
               httplib::Response& hres) {
  hres.status = res.status;
  bool has_cache_control = false;
  for (const auto& [k, v] : res.headers) {
    if (IsTransportHeader(k)) continue;
    if (!CaseInsensitiveLess{}(k, "Cache-Control") &&
        !CaseInsensitiveLess{}("Cache-Control", k))
      has_cache_control = true;
    hres.set_header(k, v);  // httplib drops values containing CR/LF
  }
  CommonHeaders(req.path, req.request_id, has_cache_control, hres);
  hres.set_header("Content-Type", res.content_type.empty()
                                      ? std::string("application/json")
                                      : res.content_type);
  hres.body = std::move(res.body);
}

// Writes `body` and makes httplib 0.11 close the connection afterwards: it
// has no per-response "close" switch, but it drops a connection whose
// content provider fails, so the provider sends the whole body as one chunk,
// ends the chunked stream properly, then reports failure.
void WriteAndClose(httplib::Response& hres, std::string body) {
  hres.set_header("Connection", "close");
  auto shared = std::make_shared<std::string>(std::move(body));
  hres.set_chunked_content_provider(
      "application/json", [shared](std::size_t, httplib::DataSink& sink) {
        sink.write(shared->data(), shared->size());
        sink.done();
        return false;
      });
}

}  // namespace

struct HttpServer::Impl {
  httplib::Server svr;
  std::atomic<int> listen_fd{-1};
};

HttpServer::HttpServer(HttpServerOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  if (options_.threads <= 0) {
    const int hw = static_cast<int>(std::thread::hardware_concurrency());
    options_.threads = std::max(64, 8 * std::max(hw, 1));
  }
}

HttpServer::~HttpServer() {
  Stop();
  bool close_unserved;
  {
    std::lock_guard<std::mutex> lock(mu_);
    close_unserved = bound_ && !served_;
  }
  // httplib closes its listening socket only from a running listen loop, so
  // run one that stops at once (Serve() sees the stop request).
  if (close_unserved) Serve([](HttpRequest&, HttpResponse&) {});
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
  if (o.idle_keepalive_s <= 0) return bad("idle_keepalive_s must be > 0");
  if (o.keepalive_max <= 0) return bad("keepalive_max must be > 0");
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (bound_) {
      return Status(StatusCode::kFailedPrecondition,
                    "HTTP server is already bound to port " +
                        std::to_string(port_.load()));
    }
  }

  httplib::Server& svr = impl_->svr;
  Impl* impl = impl_.get();
  svr.set_socket_options([impl](socket_t fd) {
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    fcntl(fd, F_SETFD, FD_CLOEXEC);  // not into child processes
    impl->listen_fd = fd;
  });
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_max_count(static_cast<std::size_t>(o.keepalive_max));
  svr.set_keep_alive_timeout(o.idle_keepalive_s);
  svr.set_read_timeout(o.read_timeout_s, 0);
  svr.set_write_timeout(o.write_timeout_s, 0);
  // A backstop only: CheckBodyHeaders refuses oversize bodies first (with
  // the route's own cap when body_limit gives one).
  svr.set_payload_max_length(o.body_limit
                                 ? std::numeric_limits<std::size_t>::max()
                                 : o.max_body_bytes);
  const auto threads = static_cast<std::size_t>(o.threads);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

  const auto limit_for =
      [default_max = o.max_body_bytes,
       body_limit = o.body_limit](const httplib::Request& hreq) -> std::size_t {
    if (!body_limit) return default_max;
    const std::size_t route_max = body_limit(hreq.method, hreq.path);
    return route_max != 0 ? route_max : default_max;
  };
  // Answers a request refused on its headers and reports it.
  auto reject = [this](const httplib::Request& hreq, httplib::Response& hres,
                       const Rejection& r) {
    HttpRequest req = FromHttplib(hreq, /*with_body=*/false);
    HttpResponse res;
    WriteError(req, res, r.status, r.error_class, r.message);
    if (reject_observer_) reject_observer_(req, res);
    hres.status = r.status;
    CommonHeaders(req.path, req.request_id, false, hres);
    WriteAndClose(hres, std::move(res.body));
  };

  // Runs after the headers, before httplib would read any body.
  svr.set_pre_routing_handler(
      [this, limit_for, reject, route_limits = static_cast<bool>(o.body_limit)](
          const httplib::Request& hreq, httplib::Response& hres) {
        tl_on_worker = true;
        std::uint64_t length = 0;
        if (auto r = CheckBodyHeaders(hreq, limit_for(hreq), length)) {
          // httplib's own drain-and-413 only knows one cap; with per-route
          // caps its backstop is off, so every oversize body is refused here.
          if (!r->close && !route_limits) {
            // Let httplib drain the body and answer 413 (error handler).
            return httplib::Server::HandlerResponse::Unhandled;
          }
          reject(hreq, hres, *r);
          return httplib::Server::HandlerResponse::Handled;
        }
        if (length > 0) return httplib::Server::HandlerResponse::Unhandled;
        // No body: dispatch now rather than let httplib wait for one.
        HttpRequest req = FromHttplib(hreq, /*with_body=*/false);
        HttpResponse res;
        CallDispatch(req, res);
        ToHttplib(req, res, hres);
        return httplib::Server::HandlerResponse::Handled;
      });

  // With "Expect: 100-continue" refuse before the client sends the body.
  svr.set_expect_100_continue_handler(
      [limit_for, reject](const httplib::Request& hreq,
                          httplib::Response& hres) {
        std::uint64_t length = 0;
        auto r = CheckBodyHeaders(hreq, limit_for(hreq), length);
        if (!r) return 100;
        r->close = true;  // nothing was sent yet: just refuse
        reject(hreq, hres, *r);
        return r->status;
      });

  // Requests with a body (read by httplib, bounded by Content-Length).
  const auto with_body = [this](const httplib::Request& hreq,
                                httplib::Response& hres) {
    tl_on_worker = true;
    HttpRequest req = FromHttplib(hreq, /*with_body=*/true);
    HttpResponse res;
    CallDispatch(req, res);
    ToHttplib(req, res, hres);
  };
  svr.Post(".*", with_body);
  svr.Put(".*", with_body);
  svr.Patch(".*", with_body);
  svr.Delete(".*", with_body);

  // Errors httplib produces itself (400 bad request line, 413 after
  // draining, 414 URI too long): give them our JSON body and headers. Our own
  // responses already carry X-Request-ID and are left alone.
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [this, max_body = o.max_body_bytes](const httplib::Request& hreq,
                                          httplib::Response& hres) {
        if (hres.has_header("X-Request-ID")) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        HttpRequest req = FromHttplib(hreq, /*with_body=*/false);
        HttpResponse res;
        std::string message = "bad request";
        std::string_view cls = kErrBadRequest;
        if (hres.status == 413) {
          cls = kErrPayloadTooLarge;
          message = "request body exceeds the limit of " +
                    std::to_string(max_body) + " bytes";
        } else if (hres.status == 414) {
          message = "request target is too long";
        } else if (hres.status == 404) {
          cls = kErrNotFound;
          message = "no such route";
        }
        WriteError(req, res, hres.status, cls, message);
        if (reject_observer_) reject_observer_(req, res);
        CommonHeaders(req.path, req.request_id, false, hres);
        hres.set_content(res.body, "application/json");
        return httplib::Server::HandlerResponse::Handled;
      }));

  errno = 0;
  int bound_port = -1;
  if (o.port == 0) {
    bound_port = svr.bind_to_any_port(o.host);
  } else if (svr.bind_to_port(o.host, o.port)) {
    bound_port = o.port;
  }
  if (bound_port <= 0) {
    const int err = errno;
    return Status(StatusCode::kUnavailable,
                  "cannot listen on " + o.host + ":" + std::to_string(o.port) +
                      (err != 0 ? std::string(": ") + std::strerror(err)
                                : std::string(": address not usable")));
  }
  // httplib listens with a backlog of 5; a burst of connects (a load test, a
  // restart under traffic) would see SYN retries. listen() again raises it.
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, SOMAXCONN);
  port_ = bound_port;
  std::lock_guard<std::mutex> lock(mu_);
  bound_ = true;
  return OkStatus();
}

void HttpServer::CallDispatch(HttpRequest& req, HttpResponse& res) {
  try {
    dispatch_(req, res);
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
}

void HttpServer::SendStopLocked() {
  if (!stop_sent_ && impl_->svr.is_running()) {
    impl_->svr.stop();
    stop_sent_ = true;
  }
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
    dispatch_ = std::move(dispatch);
    serving_ = true;
    served_ = true;
  }
  // A Stop() that came before Serve() found nothing running to stop; stop
  // the listen loop as soon as it is up.
  std::thread stopper;
  if (stop_requested_) {
    stopper = std::thread([this] {
      std::unique_lock<std::mutex> lock(mu_);
      while (!stop_sent_) {
        SendStopLocked();
        cv_.wait_for(lock, std::chrono::milliseconds(1));
      }
    });
  }
  impl_->svr.listen_after_bind();
  if (stopper.joinable()) stopper.join();
  std::lock_guard<std::mutex> lock(mu_);
  serving_ = false;
  cv_.notify_all();
}

void HttpServer::Stop() {
  stop_requested_ = true;
  std::unique_lock<std::mutex> lock(mu_);
  while (serving_) {
    SendStopLocked();
    if (tl_on_worker) return;
    // httplib's listen loop may not be running yet (Serve just started):
    // poll briefly until the stop could be sent and the loop has ended.
    cv_.wait_for(lock, std::chrono::milliseconds(2));
  }
}

}  // namespace dw::server
