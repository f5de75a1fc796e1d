// The transport and dispatcher over real HTTP on loopback.
#include "http/http_server.hpp"

#include <dirent.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/tcp.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>

#include "http/errors.hpp"
#include "http/openapi.hpp"
#include "http_test_util.hpp"

namespace dw::server {
namespace {

using nlohmann::json;
using testing::ParsedResponse;
using testing::ParseResponse;
using testing::RawExchange;
using testing::TestServer;

void Ok(HttpRequest&, HttpResponse& res) { res.body = R"({"ok":true})"; }

// Echoes what the handler saw, so tests can check the request mapping.
void Echo(HttpRequest& req, HttpResponse& res) {
  json params = json::object();
  for (const auto& [k, v] : req.path_params) params[k] = v;
  json query = json::object();
  for (const auto& [k, v] : req.query) query[k] = v;
  json headers = json::object();
  for (const auto& [k, v] : req.headers) headers[k] = v;
  res.body = json{{"method", req.method},      {"path", req.path},
                  {"raw_path", req.raw_path},  {"route", req.route_template},
                  {"params", params},          {"query", query},
                  {"headers", headers},        {"body", req.body},
                  {"remote", req.remote_addr}, {"request_id", req.request_id}}
                 .dump();
}

void ExpectErrorBody(const std::string& body, std::string_view error_class,
                     const std::string& request_id) {
  json j = json::parse(body);
  EXPECT_EQ(j["error_class"], error_class) << body;
  EXPECT_TRUE(j["error"].is_string()) << body;
  EXPECT_FALSE(j["error"].get<std::string>().empty());
  EXPECT_EQ(j["request_id"], request_id) << body;
  EXPECT_EQ(j.size(), 3u) << body;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ts_.Route("GET", "/healthz", Ok);
    ts_.Route("GET", "/api/v2/orgs/{id}", Echo, "OIDCBearerAPIKey");
    ts_.Route("DELETE", "/api/v2/orgs/{id}", Ok, "OIDCBearer");
    ts_.Route("GET", "/api/v2/files/{name}", Echo);
    ts_.Route("POST", "/api/v2/echo", Echo);
    ts_.Route("DELETE", "/api/v2/echo", Echo);
    ts_.Route("GET", "/api/v2/boom", [](HttpRequest&, HttpResponse& res) {
      res.SetHeader("X-Leak", "partial");
      throw std::runtime_error("db password is hunter2");
    });
    ts_.Route("GET", "/api/v2/cache", [](HttpRequest&, HttpResponse& res) {
      res.SetHeader("Cache-Control", "max-age=60");
      res.content_type = "text/plain";
      res.body = "cached";
    });
    ts_.Route("GET", "/metrics", [this](HttpRequest&, HttpResponse& res) {
      res.content_type = std::string(kPrometheusContentType);
      res.body = ts_.metrics.RenderPrometheus();
    });
  }
  void Start(HttpServerOptions opts = {}) {
    opts.max_body_bytes = 1024;
    ts_.Start(opts);
  }
  httplib::Client Client() {
    httplib::Client c("127.0.0.1", ts_.port());
    c.set_read_timeout(5, 0);
    return c;
  }

  TestServer ts_;
};

TEST_F(HttpServerTest, ServesRoutesWithCommonHeaders) {
  Start();
  auto cli = Client();
  auto res = cli.Get("/healthz");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, R"({"ok":true})");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("X-Request-ID").substr(0, 4), "req_");
  EXPECT_FALSE(res->has_header("Cache-Control"));  // not under /api/

  res = cli.Get("/api/v2/orgs/o1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  // A handler's own Cache-Control and Content-Type win.
  res = cli.Get("/api/v2/cache");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Cache-Control"), "max-age=60");
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain");
}

TEST_F(HttpServerTest, MapsPathParamsQueryHeadersAndBody) {
  Start();
  auto cli = Client();
  auto res =
      cli.Get("/api/v2/files/a%2Fb%20c?limit=5&q=x%26y&q=z",
              httplib::Headers{{"X-Custom", "v"}, {"REMOTE_ADDR", "6.6.6.6"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json j = json::parse(res->body);
  EXPECT_EQ(j["params"]["name"], "a/b c");
  EXPECT_EQ(j["route"], "/api/v2/files/{name}");
  EXPECT_EQ(j["raw_path"], "/api/v2/files/a%2Fb%20c");
  EXPECT_EQ(j["query"]["limit"], "5");
  EXPECT_EQ(j["headers"]["X-Custom"], "v");
  EXPECT_EQ(j["remote"], "127.0.0.1");
  // Neither httplib's injected REMOTE_ADDR nor a client's spoofed one.
  EXPECT_FALSE(j["headers"].contains("REMOTE_ADDR"));
  EXPECT_FALSE(j["headers"].contains("LOCAL_PORT"));

  res = cli.Post("/api/v2/echo", R"({"name":"x"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["body"], R"({"name":"x"})");
}

TEST_F(HttpServerTest, BodylessPostAndDeleteAreAnsweredWithoutWaiting) {
  HttpServerOptions opts;
  opts.read_timeout_s = 30;
  Start(opts);
  // No Content-Length at all: HTTP/1.1 says the body is empty. httplib
  // 0.11 alone would wait for EOF (read timeout, 30 s here); the client
  // gives up after 3 s.
  for (const char* method : {"POST", "DELETE"}) {
    auto r = RawExchange(ts_.port(), std::string(method) +
                                         " /api/v2/echo HTTP/1.1\r\nHost: x\r\n"
                                         "Connection: close\r\n\r\n");
    ParsedResponse p = ParseResponse(r.data);
    EXPECT_EQ(p.status, 200) << method << ": " << r.data;
    EXPECT_EQ(json::parse(p.body)["body"], "");
  }
}

TEST_F(HttpServerTest, HeadIsServedByGetWithoutBody) {
  Start();
  auto cli = Client();
  auto res = cli.Head("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(res->body.empty());
}

TEST_F(HttpServerTest, NotFoundAndMethodNotAllowedAreJsonErrors) {
  Start();
  auto cli = Client();
  auto res = cli.Get("/api/v2/nope");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  ExpectErrorBody(res->body, kErrNotFound,
                  res->get_header_value("X-Request-ID"));

  res = cli.Put("/api/v2/orgs/o1", "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD, DELETE");
  ExpectErrorBody(res->body, kErrMethodNotAllowed,
                  res->get_header_value("X-Request-ID"));

  // Trailing slash is another path.
  res = cli.Get("/api/v2/orgs/o1/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);

  res = cli.Get("/api/v2/files/%zz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  ExpectErrorBody(res->body, kErrBadRequest,
                  res->get_header_value("X-Request-ID"));
}

TEST_F(HttpServerTest, HandlerExceptionBecomes500WithoutDetails) {
  Start();
  auto cli = Client();
  auto res = cli.Get("/api/v2/boom");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  ExpectErrorBody(res->body, kErrInternal,
                  res->get_header_value("X-Request-ID"));
  EXPECT_EQ(res->body.find("hunter2"), std::string::npos);
  EXPECT_FALSE(res->has_header("X-Leak"));
  EXPECT_FALSE(res->has_header("EXCEPTION_WHAT"));
  // The server is fine afterwards.
  res = cli.Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(HttpServerTest, BeforeRouteHookSeesTheRouteAndCanAnswer) {
  std::atomic<int> handled{0};
  ts_.Route(
      "GET", "/api/v2/private",
      [&](HttpRequest&, HttpResponse& res) {
        ++handled;
        res.body = "{}";
      },
      "OIDCBearer");
  HttpServerOptions opts;
  opts.max_body_bytes = 1024;
  ts_.Start(
      opts, [](const RouteSpec& route, HttpRequest& req, HttpResponse& res) {
        if (route.auth == kAuthNone) return true;
        if (req.Header("Authorization") == "Bearer good") return true;
        if (req.Header("Authorization") == "Bearer throw") {
          throw std::runtime_error("verifier broke");
        }
        WriteError(req, res, 401, "unauthenticated", "bearer token required");
        return false;
      });
  auto cli = Client();
  auto res = cli.Get("/api/v2/private");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(handled.load(), 0);
  res = cli.Get("/api/v2/private", {{"Authorization", "Bearer good"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(handled.load(), 1);
  // A hook that throws is contained like a handler that throws.
  res = cli.Get("/api/v2/private", {{"Authorization", "Bearer throw"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  EXPECT_EQ(handled.load(), 1);
  EXPECT_EQ(res->body.find("verifier"), std::string::npos);
}

TEST_F(HttpServerTest, RequestIdIsEchoedOrReplacedWhenUnsafe) {
  Start();
  auto cli = Client();
  auto res = cli.Get("/api/v2/orgs/o1", {{"X-Request-ID", "client-id.42"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("X-Request-ID"), "client-id.42");
  EXPECT_EQ(json::parse(res->body)["request_id"], "client-id.42");

  // Error bodies carry the same id.
  res = cli.Get("/api/v2/nope", {{"X-Request-ID", "client-id.43"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["request_id"], "client-id.43");

  for (const std::string& bad : {std::string(1000, 'a'), std::string("x\"y z"),
                                 std::string("abc\rInjected: yes")}) {
    auto r = RawExchange(ts_.port(),
                         "GET /api/v2/orgs/o1 HTTP/1.1\r\nHost: "
                         "x\r\nConnection: close\r\nX-Request-ID: " +
                             bad + "\r\n\r\n");
    ParsedResponse p = ParseResponse(r.data);
    ASSERT_EQ(p.status, 200) << r.data.substr(0, 200);
    const std::string id = p.Header("x-request-id");
    EXPECT_EQ(id.substr(0, 4), "req_") << id;
    EXPECT_EQ(id.size(), 30u);
    // The hostile value never reaches the response head.
    const std::string head = r.data.substr(0, r.data.find("\r\n\r\n"));
    EXPECT_EQ(head.find("Injected"), std::string::npos) << head;
  }
}

TEST_F(HttpServerTest, ChunkedBodyGets411AndTheConnectionCloses) {
  std::atomic<int> calls{0};
  ts_.Route("POST", "/api/v2/count", [&](HttpRequest&, HttpResponse& res) {
    ++calls;
    res.body = "{}";
  });
  Start();
  std::string chunk(10000, 'x');
  std::string body;
  for (int i = 0; i < 10; ++i) body += "2710\r\n" + chunk + "\r\n";  // 100 kB
  body += "0\r\n\r\n";
  auto r = RawExchange(ts_.port(),
                       "POST /api/v2/count HTTP/1.1\r\nHost: x\r\n"
                       "Transfer-Encoding: chunked\r\n"
                       "Content-Type: application/json\r\n"
                       "X-Request-ID: te-1\r\n\r\n" +
                           body);
  ParsedResponse p = ParseResponse(r.data);
  EXPECT_EQ(p.status, 411) << r.data.substr(0, 300);
  EXPECT_EQ(p.Header("connection"), "close");
  EXPECT_EQ(p.Header("content-type"), "application/json");
  EXPECT_EQ(p.Header("x-request-id"), "te-1");
  EXPECT_EQ(p.Header("x-content-type-options"), "nosniff");
  ExpectErrorBody(p.body, kErrLengthRequired, "te-1");
  EXPECT_TRUE(r.closed);
  EXPECT_EQ(calls.load(), 0);
  // Only one response: the body was never parsed as further requests.
  EXPECT_EQ(r.data.find("HTTP/1.1", 1), std::string::npos);
}

TEST_F(HttpServerTest, OversizeBodiesGet413) {
  Start();  // limit 1024 bytes
  // Declared far beyond the cap: refused on the headers, never read.
  auto r = RawExchange(ts_.port(),
                       "POST /api/v2/echo HTTP/1.1\r\nHost: x\r\n"
                       "Content-Length: 100000000\r\n\r\n");
  ParsedResponse p = ParseResponse(r.data);
  EXPECT_EQ(p.status, 413) << r.data;
  ExpectErrorBody(p.body, kErrPayloadTooLarge, p.Header("x-request-id"));
  EXPECT_TRUE(r.closed);

  // Moderately over: drained, answered, and the connection stays usable.
  auto cli = Client();
  cli.set_keep_alive(true);
  auto res =
      cli.Post("/api/v2/echo", std::string(4000, 'a'), "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  ExpectErrorBody(res->body, kErrPayloadTooLarge,
                  res->get_header_value("X-Request-ID"));
  res = cli.Post("/api/v2/echo", std::string(1024, 'a'), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);  // exactly the limit is fine

  // Expect: 100-continue is refused before the body is sent.
  r = RawExchange(ts_.port(),
                  "POST /api/v2/echo HTTP/1.1\r\nHost: x\r\n"
                  "Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
  p = ParseResponse(r.data);
  EXPECT_EQ(p.status, 413) << r.data;
  EXPECT_TRUE(r.closed);
}

TEST_F(HttpServerTest, UnreadableBodyHeadersGet400Or415) {
  Start();
  struct Case {
    std::string headers;
    int status;
    std::string_view error_class;
  };
  for (const Case& c : std::vector<Case>{
           {"Content-Length: 5\r\nContent-Length: 6\r\n", 400, kErrBadRequest},
           {"Content-Length: 5x\r\n", 400, kErrBadRequest},
           {"Content-Length: -1\r\n", 400, kErrBadRequest},
           {"Content-Length: 5\r\nContent-Encoding: gzip\r\n", 415,
            "unsupported_encoding"},
       }) {
    auto r =
        RawExchange(ts_.port(), "POST /api/v2/echo HTTP/1.1\r\nHost: x\r\n" +
                                    c.headers + "\r\nhello");
    ParsedResponse p = ParseResponse(r.data);
    EXPECT_EQ(p.status, c.status) << c.headers << r.data;
    ExpectErrorBody(p.body, c.error_class, p.Header("x-request-id"));
    EXPECT_TRUE(r.closed);
  }
  // A GET with a body would leave unread bytes behind: refused.
  auto r = RawExchange(ts_.port(),
                       "GET /healthz HTTP/1.1\r\nHost: x\r\n"
                       "Content-Length: 5\r\n\r\nhello");
  EXPECT_EQ(ParseResponse(r.data).status, 400);
  EXPECT_TRUE(r.closed);
}

TEST_F(HttpServerTest, MetricsCountRequestsAndExposeHistograms) {
  Start();
  auto cli = Client();
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(cli.Get("/healthz"));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(cli.Get("/nope"));
  ASSERT_TRUE(cli.Get("/api/v2/boom"));
  RawExchange(ts_.port(),
              "POST /api/v2/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
              "chunked\r\n\r\n0\r\n\r\n");
  EXPECT_EQ(ts_.metrics.RequestCount("/healthz", "GET", 200), 25u);
  EXPECT_EQ(ts_.metrics.RequestCount("unmatched", "GET", 404), 3u);
  EXPECT_EQ(ts_.metrics.RequestCount("/api/v2/boom", "GET", 500), 1u);
  EXPECT_EQ(ts_.metrics.RequestCount("rejected", "POST", 411), 1u);

  auto res = cli.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Type"), kPrometheusContentType);
  const std::string& text = res->body;
  EXPECT_NE(text.find("driftwise_http_requests_total{route=\"/healthz\","
                      "method=\"GET\",status=\"200\"} 25\n"),
            std::string::npos)
      << text;
  // Buckets are cumulative: non-decreasing, ending at _count.
  std::istringstream in(text);
  std::string line;
  std::uint64_t prev = 0, last = 0;
  int buckets = 0;
  while (std::getline(in, line)) {
    if (line.rfind("driftwise_http_request_duration_seconds_bucket{route=\"/"
                   "healthz\"",
                   0) == 0) {
      const std::uint64_t v = std::stoull(line.substr(line.rfind(' ') + 1));
      EXPECT_GE(v, prev) << line;
      prev = last = v;
      ++buckets;
    }
  }
  EXPECT_EQ(buckets, 14);
  EXPECT_EQ(last, 25u);
}

// Finds the server side of the client's connection among this process's
// descriptors (the server runs in-process) and reads its TCP_NODELAY.
int ServerSideNoDelay(int server_port, int client_fd) {
  sockaddr_in client_addr{};
  socklen_t len = sizeof client_addr;
  getsockname(client_fd, reinterpret_cast<sockaddr*>(&client_addr), &len);
  DIR* dir = opendir("/proc/self/fd");
  int result = -1;
  while (dirent* e = readdir(dir)) {
    const int fd = std::atoi(e->d_name);
    if (fd == client_fd || e->d_name[0] == '.') continue;
    sockaddr_in local{}, peer{};
    socklen_t l1 = sizeof local, l2 = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &l1) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &l2) != 0)
      continue;
    if (local.sin_family != AF_INET || ntohs(local.sin_port) != server_port ||
        peer.sin_port != client_addr.sin_port)
      continue;
    int v = 0;
    socklen_t vl = sizeof v;
    getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &vl);
    result = v;
  }
  closedir(dir);
  return result;
}

TEST_F(HttpServerTest, AcceptedSocketsHaveTcpNoDelay) {
  Start();
  const int fd = testing::Connect(ts_.port());
  ASSERT_GE(fd, 0);
  // One request proves the connection has been accepted by now.
  ASSERT_TRUE(testing::SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 3000), 1);
  EXPECT_EQ(ServerSideNoDelay(ts_.port(), fd), 1);
  close(fd);
}

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  Start();
  const int fd = testing::Connect(ts_.port());
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(
        testing::SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string got;
    char buf[4096];
    while (got.find("{\"ok\":true}") == std::string::npos) {
      pollfd p{fd, POLLIN, 0};
      ASSERT_EQ(poll(&p, 1, 3000), 1) << "request " << i;
      const ssize_t n = recv(fd, buf, sizeof buf, 0);
      ASSERT_GT(n, 0) << "connection closed after request " << i;
      got.append(buf, static_cast<std::size_t>(n));
    }
    EXPECT_EQ(ParseResponse(got).status, 200);
  }
  close(fd);
}

TEST_F(HttpServerTest, GracefulStopFinishesInFlightAndRefusesNewConnections) {
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false, release = false;
  ts_.Route("GET", "/api/v2/slow", [&](HttpRequest&, HttpResponse& res) {
    std::unique_lock<std::mutex> lock(mu);
    entered = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    res.body = R"({"slow":true})";
  });
  Start();
  const int port = ts_.port();
  auto in_flight = std::async(std::launch::async, [port] {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(10, 0);
    auto r = c.Get("/api/v2/slow");
    return r ? r->status : -1;
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(
        cv.wait_for(lock, std::chrono::seconds(5), [&] { return entered; }));
  }
  auto stopped = std::async(std::launch::async, [&] { ts_.server->Stop(); });
  // The listener closes while the slow request is still running.
  bool refused = false;
  for (int i = 0; i < 500 && !refused; ++i) {
    const int fd = testing::Connect(port);
    if (fd < 0) {
      refused = true;
    } else {
      close(fd);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  EXPECT_TRUE(refused);
  // Stop() waits for the in-flight request.
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(200)),
            std::future_status::timeout);
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  EXPECT_EQ(in_flight.get(), 200);
  stopped.get();
  ts_.thread.join();
  EXPECT_LT(testing::Connect(port), 0);
}

TEST_F(HttpServerTest, StopFromInsideAHandlerDoesNotDeadlock) {
  ts_.Route("POST", "/api/v2/shutdown",
            [this](HttpRequest&, HttpResponse& res) {
              ts_.server->Stop();
              res.body = "{}";
            });
  Start();
  auto cli = Client();
  auto res = cli.Post("/api/v2/shutdown", "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  ts_.thread.join();  // Serve() returned
}

TEST_F(HttpServerTest, AccessLogLinesAreJsonAndCarryNoSecrets) {
  const std::string path = ::testing::TempDir() + "/dw_http_access_" +
                           std::to_string(getpid()) + ".log";
  std::remove(path.c_str());
  AccessLogOptions opts;
  opts.destination = path;
  auto log = AccessLog::Open(opts);
  ASSERT_TRUE(log.ok());
  ts_.access_log = std::move(*log);
  Start();
  auto cli = Client();
  const httplib::Headers secrets = {
      {"Authorization", "Bearer eyJSECRETJWT.payload.sig"},
      {"X-API-Key", "dw_live_SECRETKEY123"},
      {"Cookie", "session=SECRETCOOKIE"}};
  ASSERT_TRUE(cli.Get("/api/v2/orgs/o1?token=SECRETQUERY", secrets));
  ASSERT_TRUE(cli.Get("/nope?api_key=SECRETQUERY2", secrets));
  ASSERT_TRUE(cli.Post("/api/v2/echo", secrets, R"({"key":"SECRETBODY"})",
                       "application/json"));
  ASSERT_TRUE(cli.Get("/api/v2/boom", secrets));
  RawExchange(ts_.port(),
              "POST /api/v2/echo?t=SECRETQUERY3 HTTP/1.1\r\nHost: x\r\n"
              "X-API-Key: dw_live_SECRETKEY123\r\n"
              "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  ts_.StopAndJoin();
  ts_.access_log->Flush();

  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  for (const char* secret :
       {"SECRETJWT", "SECRETKEY", "SECRETCOOKIE", "SECRETQUERY", "SECRETBODY",
        "Bearer", "token=", "api_key"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << "\n" << text;
  }
  std::istringstream lines(text);
  std::string line;
  std::vector<json> parsed;
  while (std::getline(lines, line)) parsed.push_back(json::parse(line));
  ASSERT_EQ(parsed.size(), 5u) << text;
  for (const json& j : parsed) {
    for (const char* field : {"ts", "request_id", "method", "route", "path",
                              "status", "duration_ms", "bytes", "remote"}) {
      EXPECT_TRUE(j.contains(field)) << field << " in " << j.dump();
    }
  }
  EXPECT_EQ(parsed[0]["route"], "/api/v2/orgs/{id}");
  EXPECT_EQ(parsed[0]["path"], "/api/v2/orgs/o1");
  EXPECT_EQ(parsed[0]["status"], 200);
  EXPECT_EQ(parsed[1]["route"], "unmatched");
  EXPECT_EQ(parsed[3]["status"], 500);
  EXPECT_EQ(parsed[4]["route"], "rejected");
  EXPECT_EQ(parsed[4]["status"], 411);
  std::remove(path.c_str());
}

TEST(HttpServerLifecycleTest, BindErrorsNameTheProblem) {
  HttpServerOptions opts;
  opts.port = 0;
  HttpServer first(opts);
  ASSERT_TRUE(first.Bind().ok());
  ASSERT_GT(first.port(), 0);

  HttpServerOptions taken;
  taken.port = first.port();
  HttpServer second(taken);
  Status s = second.Bind();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("127.0.0.1:" + std::to_string(first.port())),
            std::string::npos)
      << s.message();

  HttpServerOptions bad;
  bad.port = 70000;
  EXPECT_EQ(HttpServer(bad).Bind().code(), StatusCode::kInvalidArgument);
  bad = HttpServerOptions{};
  bad.port = 0;
  bad.max_body_bytes = 0;
  Status b = HttpServer(bad).Bind();
  EXPECT_NE(b.message().find("max_body_bytes"), std::string::npos);
}

TEST(HttpServerLifecycleTest, StopBeforeServeAndUnservedDestructionClose) {
  HttpServerOptions opts;
  opts.port = 0;
  int port = 0;
  {
    HttpServer s(opts);
    ASSERT_TRUE(s.Bind().ok());
    port = s.port();
    s.Stop();
    // Serve after Stop returns promptly instead of serving forever.
    s.Serve([](HttpRequest&, HttpResponse&) {});
  }
  EXPECT_LT(testing::Connect(port), 0);
  {
    HttpServer s(opts);
    ASSERT_TRUE(s.Bind().ok());
    port = s.port();
    const int fd = testing::Connect(port);
    EXPECT_GE(fd, 0);  // listening
    if (fd >= 0) close(fd);
  }
  EXPECT_LT(testing::Connect(port), 0);  // destructor closed the listener
}

TEST(HttpServerLifecycleTest, OptionsResolveThreadDefault) {
  HttpServer s(HttpServerOptions{});
  EXPECT_GE(s.options().threads, 64);
}

}  // namespace
}  // namespace dw::server
