// The event-loop transport under hostile clients: deadlines, connection
// caps, pipelining, spooled bodies, drain and the transport metrics. All on
// real loopback sockets against an in-process server.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <vector>

#include "http/errors.hpp"
#include "http_test_util.hpp"

namespace dw::server {
namespace {

using nlohmann::json;
using testing::Connect;
using testing::ParsedResponse;
using testing::ParseResponse;
using testing::RawExchange;
using testing::ReadUntilClose;
using testing::SendAll;
using testing::TestServer;

// A connection from a chosen loopback source address (all of 127/8 is
// local on Linux), so one test can play several clients.
int ConnectFrom(const char* source, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in src{};
  src.sin_family = AF_INET;
  inet_pton(AF_INET, source, &src.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) {
    ::close(fd);
    return -1;
  }
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

// Reads one whole response (Content-Length framed) from a kept-alive
// connection; "" when the connection closed or nothing came in time.
std::string ReadOneResponse(int fd, std::string& carry, int timeout_ms = 5000) {
  char buf[16384];
  while (true) {
    const std::size_t head_end = carry.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::size_t length = 0;
      const std::size_t cl = carry.find("Content-Length: ");
      if (cl != std::string::npos && cl < head_end) {
        length = std::stoul(carry.substr(cl + 16));
      }
      if (carry.size() >= head_end + 4 + length) {
        std::string one = carry.substr(0, head_end + 4 + length);
        carry.erase(0, one.size());
        return one;
      }
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return "";
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return "";
    carry.append(buf, static_cast<std::size_t>(n));
  }
}

class TransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ts_.Route("GET", "/healthz",
              [](HttpRequest&, HttpResponse& res) { res.body = "{}"; });
    ts_.Route(
        "POST", "/api/v2/upload", [this](HttpRequest& req, HttpResponse& res) {
          std::string from_file;
          if (!req.body_path.empty()) {
            std::ifstream in(req.body_path, std::ios::binary);
            from_file.assign(std::istreambuf_iterator<char>(in), {});
            struct stat st {};
            ::stat(req.body_path.c_str(), &st);
            mode_ = st.st_mode & 0777;
            spooled_path_ = req.body_path;
          }
          res.body =
              json{{"in_memory", req.body.size()},
                   {"in_file", from_file.size()},
                   {"same", from_file == std::string(from_file.size(), 'u')}}
                  .dump();
        });
    ts_.Route("GET", "/metrics", [this](HttpRequest&, HttpResponse& res) {
      res.content_type = "text/plain";
      res.body = ts_.metrics.RenderPrometheus();
    });
  }
  void Start(HttpServerOptions opts) {
    ts_.Start(opts);
    ASSERT_TRUE(ts_.server->RegisterMetrics(ts_.metrics).ok());
  }
  int GetStatus() {
    auto r = RawExchange(ts_.port(),
                         "GET /healthz HTTP/1.1\r\nHost: x\r\n"
                         "Connection: close\r\n\r\n");
    return ParseResponse(r.data).status;
  }

  TestServer ts_;
  unsigned mode_ = 0;
  std::string spooled_path_;
};

TEST_F(TransportTest, SlowClientsHoldNoHandlerThread) {
  HttpServerOptions opts;
  opts.threads = 2;  // two handler threads for 200 stalled clients
  Start(opts);
  std::vector<int> stalled;
  for (int i = 0; i < 100; ++i) {  // half a head each, never finished
    const int fd = Connect(ts_.port());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, "GET /healthz HTTP/1.1\r\nHost:"));
    stalled.push_back(fd);
  }
  for (int i = 0; i < 100; ++i) {  // a body promised and not sent
    const int fd = Connect(ts_.port());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd,
                        "POST /api/v2/upload HTTP/1.1\r\nHost: x\r\n"
                        "Content-Length: 500\r\n\r\nabc"));
    stalled.push_back(fd);
  }
  for (int i = 0; i < 20; ++i) EXPECT_EQ(GetStatus(), 200) << i;
  const TransportStats s = ts_.server->stats();
  EXPECT_EQ(s.handler_threads, 2);
  EXPECT_GE(s.open, 200);
  for (int fd : stalled) ::close(fd);
}

TEST_F(TransportTest, HeadMustArriveWithinTheHeaderDeadline) {
  HttpServerOptions opts;
  opts.header_timeout_s = 1;
  Start(opts);
  // A slowloris: a byte now and then, the head never complete.
  const int slow = Connect(ts_.port());
  ASSERT_GE(slow, 0);
  const auto start = std::chrono::steady_clock::now();
  std::string got;
  bool closed = false;
  for (const char ch :
       std::string("GET /healthz HTTP/1.1\r\nX-A: bbbbbbbbbb")) {
    if (!SendAll(slow, std::string(1, ch))) break;
    auto r = ReadUntilClose(slow, 200);
    got += r.data;
    if (r.closed) {
      closed = true;
      break;
    }
  }
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_TRUE(closed);
  EXPECT_EQ(ParseResponse(got).status, 408) << got;
  EXPECT_LT(waited, 4.0);  // not one read timeout per byte
  ::close(slow);
  // A connection that sends nothing is closed silently.
  const int idle = Connect(ts_.port());
  auto r = ReadUntilClose(idle, 4000);
  EXPECT_TRUE(r.closed);
  EXPECT_TRUE(r.data.empty()) << r.data;
  ::close(idle);
  EXPECT_GE(ts_.server->stats().header_timeouts, 2);
}

TEST_F(TransportTest, BodyMustArriveAtTheMinimumRate) {
  HttpServerOptions opts;
  opts.read_timeout_s = 1;
  opts.body_min_bytes_per_s = 1 << 20;
  Start(opts);
  const int fd = Connect(ts_.port());
  ASSERT_TRUE(SendAll(fd,
                      "POST /api/v2/upload HTTP/1.1\r\nHost: x\r\n"
                      "X-Request-ID: slow-body\r\nContent-Length: 1000\r\n\r\n"
                      "abc"));
  auto r = ReadUntilClose(fd, 4000);
  ::close(fd);
  ParsedResponse p = ParseResponse(r.data);
  EXPECT_EQ(p.status, 408) << r.data;
  EXPECT_EQ(p.Header("x-request-id"), "slow-body");
  EXPECT_EQ(json::parse(p.body)["error_class"], "request_timeout");
  EXPECT_TRUE(r.closed);
  EXPECT_EQ(ts_.server->stats().body_timeouts, 1);
}

TEST_F(TransportTest, IdleKeepAliveConnectionsCloseAfterTheirTimeout) {
  HttpServerOptions opts;
  opts.idle_keepalive_s = 1;
  Start(opts);
  const int fd = Connect(ts_.port());
  ASSERT_TRUE(SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string carry;
  EXPECT_EQ(ParseResponse(ReadOneResponse(fd, carry)).status, 200);
  auto r = ReadUntilClose(fd, 4000);
  EXPECT_TRUE(r.closed);
  EXPECT_TRUE(r.data.empty());
  ::close(fd);
  EXPECT_EQ(ts_.server->stats().idle_timeouts, 1);
}

TEST_F(TransportTest, PipelinedRequestsAreAnsweredInOrder) {
  Start({});
  const int fd = Connect(ts_.port());
  std::string batch;
  batch += "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-ID: one\r\n\r\n";
  batch +=
      "POST /api/v2/upload HTTP/1.1\r\nHost: x\r\nX-Request-ID: two\r\n"
      "Content-Length: 3\r\n\r\nuuu";
  batch += "GET /nope HTTP/1.1\r\nHost: x\r\nX-Request-ID: three\r\n\r\n";
  batch +=
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-ID: four\r\n"
      "Connection: close\r\n\r\n";
  ASSERT_TRUE(SendAll(fd, batch));
  std::string carry;
  for (const char* id : {"one", "two", "three", "four"}) {
    ParsedResponse p = ParseResponse(ReadOneResponse(fd, carry));
    EXPECT_EQ(p.Header("x-request-id"), id);
    EXPECT_EQ(p.status, std::string(id) == "three" ? 404 : 200) << id;
    if (std::string(id) == "two") {
      EXPECT_EQ(json::parse(p.body)["in_memory"], 3);
    }
  }
  EXPECT_TRUE(ReadUntilClose(fd, 3000).closed);
  ::close(fd);
}

TEST_F(TransportTest, ConnectionCapsAnswer503WithRetryAfter) {
  HttpServerOptions opts;
  opts.max_connections_per_client = 3;
  opts.max_connections = 6;
  opts.retry_after_s = 7;
  Start(opts);
  std::vector<int> held;
  for (int i = 0; i < 3; ++i)
    held.push_back(ConnectFrom("127.0.0.2", ts_.port()));
  // Wait until the loop has accepted them (stats are sampled).
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int over = ConnectFrom("127.0.0.2", ts_.port());
  ASSERT_GE(over, 0);
  SendAll(over, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r = ReadUntilClose(over, 3000);
  ::close(over);
  ParsedResponse p = ParseResponse(r.data);
  EXPECT_EQ(p.status, 503) << r.data;
  EXPECT_EQ(p.Header("retry-after"), "7");
  EXPECT_EQ(json::parse(p.body)["error_class"], "service_unavailable");
  EXPECT_TRUE(r.closed);
  // Another address is still served.
  EXPECT_EQ(GetStatus(), 200);
  // The overall cap: 3 more from other addresses fill it.
  for (const char* a : {"127.0.0.3", "127.0.0.4", "127.0.0.5"})
    held.push_back(ConnectFrom(a, ts_.port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  r = RawExchange(ts_.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(ParseResponse(r.data).status, 503) << r.data;
  for (int fd : held) ::close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(GetStatus(), 200);
  const TransportStats s = ts_.server->stats();
  EXPECT_EQ(s.rejected_per_client, 1);
  EXPECT_EQ(s.rejected_max_connections, 1);
  auto m = RawExchange(ts_.port(),
                       "GET /metrics HTTP/1.1\r\nHost: x\r\n"
                       "Connection: close\r\n\r\n");
  const std::string text = ParseResponse(m.data).body;
  EXPECT_NE(text.find("driftwise_http_connections_rejected_total{reason="
                      "\"per_client\"} 1"),
            std::string::npos)
      << text;
  for (const char* family :
       {"driftwise_http_connections_open ", "driftwise_http_connections_idle ",
        "driftwise_http_handler_saturation ", "driftwise_http_handler_busy ",
        "driftwise_http_handler_queued ",
        "driftwise_http_connection_timeouts_total{phase=\"header\"}"}) {
    EXPECT_NE(text.find(family), std::string::npos) << family;
  }
}

TEST_F(TransportTest, LargeBodiesAreSpooledToAPrivateTempFile) {
  HttpServerOptions opts;
  opts.max_body_bytes = 1 << 20;
  opts.spool_above_bytes = 1000;
  opts.spool_dir = ::testing::TempDir();
  Start(opts);
  httplib::Client cli("127.0.0.1", ts_.port());
  auto res = cli.Post("/api/v2/upload", std::string(200000, 'u'),
                      "application/octet-stream");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json j = json::parse(res->body);
  EXPECT_EQ(j["in_memory"], 0);
  EXPECT_EQ(j["in_file"], 200000);
  EXPECT_EQ(j["same"], true);
  EXPECT_EQ(mode_, 0600u);
  // Removed once the answer is sent.
  struct stat st {};
  EXPECT_NE(::stat(spooled_path_.c_str(), &st), 0) << spooled_path_;
  // Small bodies stay in memory.
  res = cli.Post("/api/v2/upload", std::string(999, 'u'), "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["in_memory"], 999);
}

TEST_F(TransportTest, HeadLimitsAndVersionsAreRefused) {
  Start({});
  struct Case {
    std::string request;
    int status;
  };
  std::string many = "GET /healthz HTTP/1.1\r\n";
  for (int i = 0; i < 101; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  for (const Case& c : std::vector<Case>{
           {"GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n", 414},
           {many + "\r\n", 431},
           {"GET /healthz HTTP/1.1\r\nX: " + std::string(9000, 'a') +
                "\r\n\r\n",
            400},
           {std::string("GET /healthz HTTP/1.1\r\nX: \0\r\n\r\n", 32), 400},
           {"GET /healthz HTTP/1.1\nHost: x\n\n", 400},
           {"GET /healthz HTTP/2.0\r\n\r\n", 505},
       }) {
    auto r = RawExchange(ts_.port(), c.request);
    ParsedResponse p = ParseResponse(r.data);
    EXPECT_EQ(p.status, c.status) << c.request.substr(0, 60) << r.data;
    EXPECT_TRUE(r.closed);
    if (p.status != 0) {
      EXPECT_EQ(json::parse(p.body)["error_class"], "bad_request");
    }
  }
}

TEST_F(TransportTest, DrainClosesIdleAtOnceAndAnswersWhatArrived) {
  std::atomic<bool> entered{false}, release{false};
  ts_.Route("GET", "/api/v2/slow", [&](HttpRequest&, HttpResponse& res) {
    entered = true;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    res.body = "{}";
  });
  HttpServerOptions opts;
  opts.idle_keepalive_s = 30;
  Start(opts);
  const int idle = Connect(ts_.port());  // kept alive after one request
  ASSERT_TRUE(SendAll(idle, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string carry;
  ASSERT_EQ(ParseResponse(ReadOneResponse(idle, carry)).status, 200);
  const int busy = Connect(ts_.port());
  ASSERT_TRUE(SendAll(busy, "GET /api/v2/slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  while (!entered) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int half = Connect(ts_.port());  // a body still on its way
  ASSERT_TRUE(SendAll(half,
                      "POST /api/v2/upload HTTP/1.1\r\nHost: x\r\n"
                      "Content-Length: 4\r\n\r\nuu"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto stopped = std::async(std::launch::async, [&] { ts_.server->Stop(); });
  // The idle keep-alive connection closes at once, without an answer.
  auto r = ReadUntilClose(idle, 2000);
  EXPECT_TRUE(r.closed);
  EXPECT_TRUE(r.data.empty());
  // The half-sent request is still read and answered.
  ASSERT_TRUE(SendAll(half, "uu"));
  r = ReadUntilClose(half, 3000);
  ParsedResponse p = ParseResponse(r.data);
  EXPECT_EQ(p.status, 200) << r.data;
  EXPECT_EQ(p.Header("connection"), "close");
  EXPECT_TRUE(r.closed);
  // The request in its handler is answered, then Serve() returns.
  release = true;
  r = ReadUntilClose(busy, 3000);
  EXPECT_EQ(ParseResponse(r.data).status, 200) << r.data;
  EXPECT_TRUE(r.closed);
  stopped.get();
  ts_.thread.join();
  for (int fd : {idle, busy, half}) ::close(fd);
}

}  // namespace
}  // namespace dw::server
