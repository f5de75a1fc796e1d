// Hostile targets are refused before any connection: a counting listener on
// loopback must see zero connections, and every refusal says why. Names go
// through a resolver stand-in (no real DNS), which is also how rebinding is
// played: the client must resolve once and connect only where it checked.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <cctype>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "backend_util.hpp"
#include "counting_listener.hpp"
#include "driftwise/connectors/http_client.hpp"
#include "request.hpp"

namespace dw::connectors {
namespace {

using testing::CountingListener;

HostResolver StandIn(std::atomic<int>* calls = nullptr) {
  return [calls](const std::string& host) -> Result<std::vector<std::string>> {
    if (calls) ++*calls;
    static const std::map<std::string, std::vector<std::string>> kZone = {
        {"localhost", {"127.0.0.1"}},
        {"localhost.", {"127.0.0.1"}},
        {"127.0.0.1.nip.io", {"127.0.0.1"}},
        {"metadata.google.internal", {"169.254.169.254"}},
        {"internal.test", {"10.0.0.5"}},
        {"v6loop.test", {"::1"}},
        {"mapped.test", {"::ffff:127.0.0.1"}},
        {"mixed.test", {"8.8.8.8", "127.0.0.1"}},
        {"ula.test", {"fd00::5"}},
        {"cgnat.test", {"100.64.1.1"}},
        {"aws-meta6.test", {"fd00:ec2::254"}},
        {"zero.test", {"0.0.0.0"}},
        {"garbage.test", {"not-an-ip"}},
    };
    std::string lower = host;  // DNS names are case-insensitive
    for (char& c : lower) c = static_cast<char>(std::tolower(c));
    auto it = kZone.find(lower);
    if (it == kZone.end()) {
      return Status(StatusCode::kUnavailable, "stand-in: no such host " + host);
    }
    return it->second;
  };
}

std::vector<std::string> HostileUrls(int port) {
  const std::string p = ":" + std::to_string(port);
  std::vector<std::string> hosts = {
      // 127.0.0.1 and its spellings
      "127.0.0.1", "127.1", "127.0.1", "0x7f.1", "0x7f.0.0.1", "0x7f000001",
      "0X7F000001", "2130706433", "0177.0.0.1", "00177.0.0.1", "017700000001",
      "127.000.000.001", "0x7F.0x0.0x0.0x1", "127.0.0.1.", "127.0.0.2",
      "127.255.255.254", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]",
      "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:127.0.0.1]", "[::127.0.0.1]",
      "[64:ff9b::127.0.0.1]", "[2002:7f00:1::1]", "[::ffff:0:7f00:1]",
      // names that resolve to loopback
      "localhost", "LOCALHOST", "localhost.", "127.0.0.1.nip.io", "v6loop.test",
      "mapped.test", "mixed.test",
      // unspecified
      "0.0.0.0", "0", "[::]", "zero.test",
      // private ranges
      "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.1", "192.168.0.1",
      "192.168.255.255", "0x0a000001", "167772161", "012.0.0.1",
      "internal.test",
      // metadata services
      "169.254.169.254", "0xa9fea9fe", "2852039166", "0251.0376.0251.0376",
      "169.254.43518", "[fd00:ec2::254]", "[::ffff:169.254.169.254]",
      "[::ffff:a9fe:a9fe]", "169.254.170.2", "100.100.100.200", "192.0.0.192",
      "metadata.google.internal", "aws-meta6.test",
      // link-local, CGNAT, ULA, multicast, broadcast, reserved
      "169.254.0.1", "[fe80::1]", "100.64.0.1", "cgnat.test", "[fc00::1]",
      "[fd00::1]", "ula.test", "224.0.0.1", "[ff02::1]", "255.255.255.255",
      "240.0.0.1", "[2001:db8::1]",
      // malformed numbers and a resolver answering garbage
      "256.0.0.1", "1.2.3.4.5", "garbage.test"};
  std::vector<std::string> urls;
  for (const std::string& h : hosts) {
    urls.push_back("https://" + h + p + "/state.tfstate");
  }
  // Other schemes and user-info tricks, all aimed at the listener.
  for (std::string s :
       {"gopher://127.0.0.1", "ftp://127.0.0.1", "dict://127.0.0.1",
        "ldap://127.0.0.1", "telnet://127.0.0.1", "smtp://127.0.0.1"}) {
    urls.push_back(s + p + "/");
  }
  urls.push_back("file:///etc/passwd");
  urls.push_back("https://user@127.0.0.1" + p + "/");
  urls.push_back("https://example.com@127.0.0.1" + p + "/");
  urls.push_back("https://a:b@localhost" + p + "/");
  urls.push_back("https://127.0.0.1" + p + "\\@example.com/");
  urls.push_back("https://127.0.0.1" + p + "/ x");
  return urls;
}

TEST(HostileUrls, EveryOneIsRefusedBeforeAnyConnection) {
  CountingListener listener;
  std::atomic<int> resolver_calls{0};
  HttpClientOptions o;
  o.policy.allow_http = true;  // refusals below are about the target
  o.resolver = StandIn(&resolver_calls);
  o.max_attempts = 1;
  o.connect_timeout = std::chrono::milliseconds(500);
  HttpClient client(o);
  std::vector<std::string> urls = HostileUrls(listener.port());
  ASSERT_GE(urls.size(), 60u);
  int refused = 0;
  for (const std::string& url : urls) {
    auto r = client.Send(testing::Req("GET", url));
    ASSERT_FALSE(r.ok()) << url << " was fetched";
    EXPECT_TRUE(r.status().code() == StatusCode::kPermissionDenied ||
                r.status().code() == StatusCode::kInvalidArgument)
        << url << ": " << r.status().ToString();
    ++refused;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  EXPECT_EQ(listener.accepted(), 0);
  EXPECT_EQ(refused, static_cast<int>(urls.size()));
  RecordProperty("hostile_urls_refused", refused);
  std::printf("hostile URLs refused before connecting: %d\n", refused);
}

TEST(HostileUrls, PlainHttpIsRefusedUnlessAllowed) {
  CountingListener listener;
  HttpClientOptions o;
  o.policy.allow_loopback = true;
  HttpClient client(o);
  auto r = client.Send(testing::Req(
      "GET", "http://127.0.0.1:" + std::to_string(listener.port()) + "/"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(r.status().message().find("scheme 'http'"), std::string::npos);
  EXPECT_EQ(listener.accepted(), 0);
}

TEST(HostileUrls, RefusalNamesTheAddressAndItsClass) {
  HttpClient client{HttpClientOptions{}};
  auto r = client.CheckUrl("https://0xa9fea9fe/latest/meta-data/");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("169.254.169.254 is cloud metadata"),
            std::string::npos)
      << r.status().message();
}

// A loopback HTTP server the operator allowed, redirecting to `to`.
class Redirector {
 public:
  Redirector() {
    server_.Get("/r", [](const httplib::Request& req, httplib::Response& res) {
      res.status = 302;
      res.set_header("Location", req.get_param_value("to"));
    });
    server_.Get("/ok",
                [this](const httplib::Request& req, httplib::Response& res) {
                  ++hits_;
                  auth_seen_ = req.get_header_value("Authorization");
                  res.set_content("fine", "text/plain");
                });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ~Redirector() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }
  int hits() const { return hits_; }
  std::string auth_seen() const { return auth_seen_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> hits_{0};
  std::string auth_seen_;
};

TEST(HostileRedirects, EveryDisallowedTargetIsRefused) {
  Redirector redirector;
  HttpClientOptions o;
  o.policy.allow_http = true;
  o.policy.allow_loopback = true;  // the redirector itself is allowed
  o.resolver = StandIn();
  o.max_attempts = 1;
  o.connect_timeout = std::chrono::milliseconds(300);
  HttpClient client(o);
  const char* targets[] = {
      "http://169.254.169.254/latest/meta-data/iam/",
      "http://0xa9fea9fe/",
      "http://[fd00:ec2::254]/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://10.0.0.1/",
      "http://internal.test/",
      "http://192.168.1.1/",
      "http://[fc00::1]/",
      "http://100.64.0.1/",
      "http://[::ffff:10.0.0.1]/",
      "file:///etc/passwd",
      "gopher://127.0.0.1:70/",
      "http://user@127.0.0.1/",
  };
  for (const char* to : targets) {
    auto r = client.Send(
        testing::Req("GET", redirector.Url("/r?to=") + PercentEncode(to)));
    ASSERT_FALSE(r.ok()) << to;
    EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied)
        << to << ": " << r.status().ToString();
  }
}

TEST(HostileRedirects, CredentialsAreDroppedWhenTheRedirectLeavesTheOrigin) {
  Redirector a;
  Redirector b;
  HttpClientOptions o;
  o.policy.allow_http = true;
  o.policy.allow_loopback = true;
  HttpClient client(o);
  auto r = client.Send(
      testing::Req("GET", a.Url("/r?to=") + PercentEncode(b.Url("/ok")),
                   {{"Authorization", "Bearer secret-token"}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(b.hits(), 1);
  EXPECT_EQ(b.auth_seen(), "");
  // Same origin keeps them.
  auto same =
      client.Send(testing::Req("GET", a.Url("/r?to=") + PercentEncode("/ok"),
                               {{"Authorization", "Bearer secret-token"}}));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(a.auth_seen(), "Bearer secret-token");
}

TEST(DnsRebinding, TheNameIsResolvedOnceAndTheConnectionPinned) {
  Redirector server;
  std::atomic<int> calls{0};
  HttpClientOptions o;
  o.policy.allow_http = true;
  o.policy.allow_loopback = true;
  // First answer is the (allowed) loopback, every later one a private
  // address: a client that resolved twice would end up at 10.0.0.1.
  o.resolver =
      [&calls](const std::string&) -> Result<std::vector<std::string>> {
    return std::vector<std::string>{++calls == 1 ? "127.0.0.1" : "10.0.0.1"};
  };
  HttpClient client(o);
  auto r = client.Send(testing::Req(
      "GET", "http://rebind.test:" + std::to_string(server.port()) + "/ok"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "fine");
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(server.hits(), 1);
}

TEST(DnsRebinding, ANameWithAnyBadAddressIsRefused) {
  CountingListener listener;
  HttpClientOptions o;
  o.policy.allow_http = true;
  o.resolver = [](const std::string&) -> Result<std::vector<std::string>> {
    return std::vector<std::string>{"93.184.216.34", "127.0.0.1"};
  };
  HttpClient client(o);
  auto r = client.Send(testing::Req(
      "GET", "http://twofaced.test:" + std::to_string(listener.port()) + "/"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(listener.accepted(), 0);
}

}  // namespace
}  // namespace dw::connectors
