// Helpers for the HTTP tests: a real server on an ephemeral loopback port
// and a raw-socket client for requests httplib::Client would not send.
#ifndef DRIFTWISE_TESTS_SERVER_HTTP_HTTP_TEST_UTIL_HPP
#define DRIFTWISE_TESTS_SERVER_HTTP_HTTP_TEST_UTIL_HPP

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "http/access_log.hpp"
#include "http/dispatcher.hpp"
#include "http/http_server.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace dw::server::testing {

/// Router + metrics + access log + dispatcher + server, serving on a thread.
struct TestServer {
  Router router;
  Metrics metrics;
  std::unique_ptr<AccessLog> access_log = std::make_unique<AccessLog>();
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<HttpServer> server;
  std::thread thread;

  void Route(std::string method, std::string path, Handler h,
             std::string auth = "none") {
    Status s = router.Add(RouteSpec{std::move(method), std::move(path), "title",
                                    "summary", std::move(auth), std::move(h)});
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  void Start(HttpServerOptions opts = {}, BeforeRouteHook hook = nullptr) {
    opts.port = 0;
    server = std::make_unique<HttpServer>(opts);
    Status s = server->Bind();
    ASSERT_TRUE(s.ok()) << s.ToString();
    dispatcher = std::make_unique<Dispatcher>(router, metrics, *access_log);
    if (hook) dispatcher->SetBeforeRoute(std::move(hook));
    server->SetRejectObserver(dispatcher->RejectObserver());
    thread = std::thread([this] { server->Serve(std::ref(*dispatcher)); });
  }

  int port() const { return server->port(); }

  void StopAndJoin() {
    if (server) server->Stop();
    if (thread.joinable()) thread.join();
  }

  ~TestServer() { StopAndJoin(); }
};

/// A connected loopback TCP socket, or -1.
inline int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

struct RawResult {
  std::string data;
  bool closed = false;  ///< the server closed the connection (EOF/reset)
};

/// Reads until the peer closes or `timeout_ms` passes without data.
inline RawResult ReadUntilClose(int fd, int timeout_ms) {
  RawResult r;
  char buf[16384];
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return r;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      r.closed = true;
      return r;
    }
    r.data.append(buf, static_cast<std::size_t>(n));
  }
}

/// Sends `request` on a new connection and reads the answer.
inline RawResult RawExchange(int port, const std::string& request,
                             int timeout_ms = 3000) {
  const int fd = Connect(port);
  if (fd < 0) return {};
  SendAll(fd, request);
  RawResult r = ReadUntilClose(fd, timeout_ms);
  ::close(fd);
  return r;
}

struct ParsedResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

/// Parses the first response in `raw` (Content-Length or chunked body).
inline ParsedResponse ParseResponse(const std::string& raw) {
  ParsedResponse p;
  const std::size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos || raw.size() < 12) return p;
  p.status = std::stoi(raw.substr(9, 3));
  std::size_t pos = raw.find("\r\n") + 2;
  while (pos < head_end) {
    const std::size_t eol = raw.find("\r\n", pos);
    const std::string line = raw.substr(pos, eol - pos);
    const std::size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(c));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    p.headers.emplace(name, value);
    pos = eol + 2;
  }
  std::string rest = raw.substr(head_end + 4);
  if (p.Header("transfer-encoding") == "chunked") {
    std::size_t at = 0;
    while (true) {
      const std::size_t eol = rest.find("\r\n", at);
      if (eol == std::string::npos) break;
      const std::size_t len =
          std::stoul(rest.substr(at, eol - at), nullptr, 16);
      if (len == 0) break;
      p.body += rest.substr(eol + 2, len);
      at = eol + 2 + len + 2;
    }
  } else if (!p.Header("content-length").empty()) {
    p.body = rest.substr(0, std::stoul(p.Header("content-length")));
  }
  return p;
}

}  // namespace dw::server::testing

#endif  // DRIFTWISE_TESTS_SERVER_HTTP_HTTP_TEST_UTIL_HPP
