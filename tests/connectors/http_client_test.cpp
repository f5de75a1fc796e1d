// The outbound client's transport behaviour against a real loopback HTTP
// server: retries with backoff on 5xx and 429 honouring Retry-After, no
// retry on 4xx, the response-size cap, streaming to a file, timeouts, and
// the redirect limit.
#include "driftwise/connectors/http_client.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "emulator_process.hpp"
#include "request.hpp"

namespace dw::connectors {
namespace {

using testing::Req;

class LocalServer {
 public:
  LocalServer() {
    server_.Get("/flaky",
                [this](const httplib::Request&, httplib::Response& res) {
                  if (++flaky_ <= 2) {
                    res.status = 503;
                    res.set_header("Retry-After", "0");
                    return;
                  }
                  res.set_content("recovered", "text/plain");
                });
    server_.Get("/throttled",
                [this](const httplib::Request&, httplib::Response& res) {
                  if (++throttled_ == 1) {
                    res.status = 429;
                    res.set_header("Retry-After", "1");
                    return;
                  }
                  res.set_content("ok", "text/plain");
                });
    server_.Get("/down",
                [this](const httplib::Request&, httplib::Response& res) {
                  ++down_;
                  res.status = 500;
                });
    server_.Get("/missing",
                [this](const httplib::Request&, httplib::Response& res) {
                  ++missing_;
                  res.status = 404;
                  res.set_content("<Error><Code>NoSuchKey</Code></Error>",
                                  "application/xml");
                });
    server_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(1 << 20, 'x'), "application/octet-stream");
    });
    server_.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.set_content("late", "text/plain");
    });
    server_.Get("/loop", [](const httplib::Request&, httplib::Response& res) {
      res.status = 302;
      res.set_header("Location", "/loop");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ~LocalServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  std::atomic<int> flaky_{0}, throttled_{0}, down_{0}, missing_{0};

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

HttpClientOptions Fast() {
  HttpClientOptions o = testing::LoopbackOptions();
  o.max_attempts = 4;
  o.backoff_base = std::chrono::milliseconds(10);
  o.backoff_max = std::chrono::milliseconds(2000);
  return o;
}

TEST(HttpClient, RetriesServerErrorsUntilTheyRecover) {
  LocalServer s;
  auto r = HttpClient(Fast()).Send(Req("GET", s.Url("/flaky")));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "recovered");
  EXPECT_EQ(s.flaky_.load(), 3);
}

TEST(HttpClient, HonoursRetryAfterOnThrottling) {
  LocalServer s;
  auto start = std::chrono::steady_clock::now();
  auto r = HttpClient(Fast()).Send(Req("GET", s.Url("/throttled")));
  auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(s.throttled_.load(), 2);
  EXPECT_GE(waited, std::chrono::milliseconds(900));  // Retry-After: 1
}

TEST(HttpClient, GivesUpAfterMaxAttemptsAndReturnsTheLastResponse) {
  LocalServer s;
  auto r = HttpClient(Fast()).Send(Req("GET", s.Url("/down")));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(s.down_.load(), 4);
}

TEST(HttpClient, ClientErrorsAreNotRetried) {
  LocalServer s;
  auto r = HttpClient(Fast()).Send(Req("GET", s.Url("/missing")));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(s.missing_.load(), 1);
}

TEST(HttpClient, ResponsesOverTheCapAreRefused) {
  LocalServer s;
  HttpClientOptions o = Fast();
  o.max_response_bytes = 64 * 1024;
  auto r = HttpClient(o).Send(Req("GET", s.Url("/big")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
}

TEST(HttpClient, StreamsSuccessfulBodiesToAFileAndKeepsErrorsInMemory) {
  LocalServer s;
  HttpClient client(Fast());
  HttpRequest req = Req("GET", s.Url("/big"));
  req.body_to_file = DW_BINARY_DIR "/connectors_stream.bin";
  auto r = client.Send(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body_size, 1u << 20);
  EXPECT_TRUE(r->body.empty());
  std::ifstream in(req.body_to_file, std::ios::binary | std::ios::ate);
  EXPECT_EQ(static_cast<std::size_t>(in.tellg()), 1u << 20);
  std::remove(req.body_to_file.c_str());
  req.url = s.Url("/missing");
  auto missing = client.Send(req);
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("NoSuchKey"), std::string::npos);
}

TEST(HttpClient, TimesOut) {
  LocalServer s;
  HttpClientOptions o = Fast();
  o.max_attempts = 1;
  o.total_timeout = std::chrono::milliseconds(300);
  auto r = HttpClient(o).Send(Req("GET", s.Url("/slow")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded);
}

TEST(HttpClient, StopsFollowingEndlessRedirects) {
  LocalServer s;
  auto r = HttpClient(Fast()).Send(Req("GET", s.Url("/loop")));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("too many redirects"), std::string::npos);
}

}  // namespace
}  // namespace dw::connectors
