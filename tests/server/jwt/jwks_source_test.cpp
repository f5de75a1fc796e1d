// File: tests/server/jwt/jwks_source_test.cpp
//
// The JWKS source against a real HTTP server on loopback (cpp-httplib, an
// ephemeral port) and real files. Time is a test clock so cool-downs are
// stepped through, not slept through.
#include "jwt/jwks_source.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "jwt/jwt_verifier.hpp"
#include "server/jwt/jwt_negative_corpus.hpp"
#include "server/jwt/jwt_test_keys.hpp"

namespace dw::server {
namespace {

using namespace std::chrono_literals;
using testing::MakeTestKeys;
using testing::TestKeys;

JwksSourceOptions At(std::string location) {
  JwksSourceOptions o;
  o.location = std::move(location);
  return o;
}

// Serves whatever document it is told to at /jwks.json and counts requests.
class JwksServer {
 public:
  JwksServer() {
    server_.Get("/jwks.json",
                [this](const httplib::Request&, httplib::Response& res) {
                  hits_.fetch_add(1);
                  std::lock_guard<std::mutex> lock(mu_);
                  res.status = status_;
                  res.set_content(body_, "application/json");
                });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~JwksServer() {
    server_.stop();
    thread_.join();
  }
  void Serve(std::string body, int status = 200) {
    std::lock_guard<std::mutex> lock(mu_);
    body_ = std::move(body);
    status_ = status;
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/jwks.json";
  }
  int hits() const { return hits_.load(); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::string body_;
  int status_ = 200;
  std::atomic<int> hits_{0};
};

// A clock the test moves by hand.
struct TestClock {
  std::atomic<std::int64_t> ms{0};
  std::function<std::chrono::steady_clock::time_point()> fn() {
    return [this] {
      return std::chrono::steady_clock::time_point(
          std::chrono::milliseconds(1'000'000 + ms.load()));
    };
  }
  void Advance(std::chrono::milliseconds d) { ms += d.count(); }
};

std::string JwksOf(const TestKeys& keys,
                   std::initializer_list<const char*> names) {
  nlohmann::json list = nlohmann::json::array();
  for (const char* n : names) {
    auto jwk = PublicJwk(keys.at(n).key.get()).value();
    jwk["kid"] = keys.at(n).kid;
    list.push_back(jwk);
  }
  return nlohmann::json{{"keys", list}}.dump();
}

class JwksSourceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { keys_ = new TestKeys(MakeTestKeys()); }
  static void TearDownTestSuite() { delete keys_; }

  std::shared_ptr<JwksSource> MakeSource(
      std::chrono::milliseconds cooldown = 60s) {
    JwksSourceOptions o;
    o.location = server_.url();
    o.refetch_cooldown = cooldown;
    o.max_age = 1h;
    o.clock = clock_.fn();
    auto s = JwksSource::Create(o);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? *s : nullptr;
  }

  static TestKeys* keys_;
  JwksServer server_;
  TestClock clock_;
};
TestKeys* JwksSourceTest::keys_ = nullptr;

TEST_F(JwksSourceTest, LoadsKeysOverHttp) {
  server_.Serve(JwksOf(*keys_, {"rsa", "ed"}));
  auto source = MakeSource();
  EXPECT_EQ(server_.hits(), 1);
  EXPECT_EQ(source->fetch_count(), 1u);
  EXPECT_EQ(source->Current()->keys().size(), 2u);
  auto key = source->Lookup("ed-1");
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ((*key)->alg, JwtAlg::kEdDSA);
  EXPECT_EQ(server_.hits(), 1);  // known kid: no fetch
}

TEST_F(JwksSourceTest, UnknownKidRefetchesAfterCooldownAndFindsRotatedKey) {
  server_.Serve(JwksOf(*keys_, {"rsa"}));
  auto source = MakeSource(60s);
  const auto gen1 = source->generation();
  server_.Serve(JwksOf(*keys_, {"rsa", "ec"}));  // the provider rotates
  // Within the cool-down of the initial load: no fetch, unknown.
  EXPECT_EQ(source->Lookup("ec-1").status().message(), "unknown kid \"ec-1\"");
  EXPECT_EQ(server_.hits(), 1);
  clock_.Advance(60s);
  auto key = source->Lookup("ec-1");
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ((*key)->alg, JwtAlg::kES256);
  EXPECT_EQ(server_.hits(), 2);
  EXPECT_NE(source->generation(), gen1);
}

TEST_F(JwksSourceTest, CooldownBoundsFetchesForAFloodOfUnknownKids) {
  server_.Serve(JwksOf(*keys_, {"rsa"}));
  auto source = MakeSource(60s);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 100; ++i) {
      EXPECT_FALSE(source->Lookup("made-up-" + std::to_string(i)).ok());
    }
    clock_.Advance(30s);  // half a cool-down per round
  }
  // Rounds at t=0 and t=30 s fetch nothing; at t=60 s one fetch.
  EXPECT_EQ(server_.hits(), 2);
  EXPECT_EQ(source->fetch_count(), 2u);
}

TEST_F(JwksSourceTest, FailedRefetchKeepsServingCachedKeys) {
  server_.Serve(JwksOf(*keys_, {"rsa"}));
  auto source = MakeSource(10s);
  const auto gen = source->generation();
  struct Bad {
    std::string body;
    int status;
    std::string error;
  };
  const Bad bad[] = {
      {"oops", 500, "HTTP status 500"},
      {"{not json", 200, "JWKS is not JSON"},
      {R"({"keys":[{"kty":"oct","kid":"k","k":"AA"}]})", 200,
       "has no usable key"},
  };
  for (const Bad& b : bad) {
    server_.Serve(b.body, b.status);
    clock_.Advance(10s);
    EXPECT_FALSE(source->Lookup("ec-1").ok());  // triggers the refetch
    EXPECT_NE(source->last_error().find(b.error), std::string::npos)
        << source->last_error();
    EXPECT_TRUE(source->Lookup("rsa-1").ok()) << b.error;
    EXPECT_EQ(source->generation(), gen);
  }
  EXPECT_EQ(server_.hits(), 4);
  // The provider recovers: the next due refetch succeeds.
  server_.Serve(JwksOf(*keys_, {"rsa", "ec"}));
  clock_.Advance(10s);
  EXPECT_TRUE(source->Lookup("ec-1").ok());
  EXPECT_EQ(source->last_error(), "");
}

TEST_F(JwksSourceTest, StaleSetIsRefreshedSoRemovedKeysStopWorking) {
  server_.Serve(JwksOf(*keys_, {"rsa", "ec"}));
  auto source = MakeSource(60s);
  server_.Serve(JwksOf(*keys_, {"ec"}));  // rsa-1 withdrawn
  clock_.Advance(59min);
  EXPECT_TRUE(source->Lookup("rsa-1").ok());  // not stale yet
  EXPECT_EQ(server_.hits(), 1);
  clock_.Advance(2min);
  EXPECT_EQ(source->Lookup("rsa-1").status().message(),
            "unknown kid \"rsa-1\"");
  EXPECT_EQ(server_.hits(), 2);
}

TEST_F(JwksSourceTest, RotationInvalidatesCachedVerifiedTokens) {
  server_.Serve(JwksOf(*keys_, {"rsa", "ec"}));
  auto source = MakeSource(60s);
  JwtVerifierConfig cfg;
  cfg.issuer = "iss";
  cfg.audience = "aud";
  auto verifier = JwtVerifier::Create(cfg, source).value();
  const std::int64_t now = 1'700'000'000;
  const testing::CorpusContext ctx{*keys_, "iss", "aud", now};
  const std::string token = testing::BuildJwtCaseToken({{"name", "t"}}, ctx);
  ASSERT_TRUE(verifier->Verify(token, now).ok());
  ASSERT_TRUE(verifier->Verify(token, now).ok());  // cached
  server_.Serve(JwksOf(*keys_, {"ec"}));
  clock_.Advance(60s);
  ASSERT_TRUE(source->Refresh().ok());
  EXPECT_EQ(verifier->Verify(token, now).status().message(),
            "unknown kid \"rsa-1\"");
}

TEST_F(JwksSourceTest, ConcurrentLookupsFetchOncePerCooldown) {
  server_.Serve(JwksOf(*keys_, {"rsa"}));
  auto source = MakeSource(60s);
  server_.Serve(JwksOf(*keys_, {"rsa", "ed"}));
  clock_.Advance(60s);  // one refetch is now due
  std::atomic<int> found{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 300; ++i) {
        if (source->Lookup("ed-1").ok()) ++found;
        (void)source->Lookup("nope-" + std::to_string(i));
        if (!source->Lookup("rsa-1").ok()) found -= 100000;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(server_.hits(), 2);
  EXPECT_EQ(found.load(), 4 * 300);  // every thread saw the fetched key
}

TEST_F(JwksSourceTest, RejectsOversizeDocuments) {
  server_.Serve(R"({"keys":[],"pad":")" + std::string(5000, 'a') + "\"}");
  JwksSourceOptions o;
  o.location = server_.url();
  o.max_bytes = 1000;
  auto s = JwksSource::Create(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(
      s.status().message(),
      "JWKS at " + server_.url() + " is larger than the limit of 1000 bytes");
}

TEST(JwksSourceErrors, NameTheLocationAndCause) {
  JwksSourceOptions o = At("http://127.0.0.1:1/jwks.json");
  o.connect_timeout = 2s;
  auto unreachable = JwksSource::Create(o);
  ASSERT_FALSE(unreachable.ok());
  EXPECT_EQ(unreachable.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(unreachable.status().message().find(
                "cannot fetch JWKS from http://127.0.0.1:1/jwks.json"),
            std::string::npos);
  auto ftp = JwksSource::Create(At("ftp://example.com/jwks.json"));
  EXPECT_EQ(ftp.status().message(),
            "JWKS URL ftp://example.com/jwks.json is not http:// or https://");
  auto missing = JwksSource::Create(At("/nonexistent/jwks.json"));
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "cannot read JWKS file /nonexistent/jwks.json: no such file");
  auto dir = JwksSource::Create(At("/tmp"));
  EXPECT_EQ(dir.status().message(), "JWKS path /tmp is not a regular file");
}

TEST(JwksSourceFile, LoadsAndRefreshesFromAFile) {
  const auto keys = MakeTestKeys();
  char tmpl[] = "/tmp/dw-jwks-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string path = std::string(tmpl) + "/jwks.json";
  std::ofstream(path) << JwksOf(keys, {"ed"});
  auto source = JwksSource::Create(At(path));
  ASSERT_TRUE(source.ok()) << source.status().message();
  EXPECT_TRUE((*source)->Lookup("ed-1").ok());
  std::ofstream(path) << JwksOf(keys, {"ed", "ec"});
  ASSERT_TRUE((*source)->Refresh().ok());
  EXPECT_TRUE((*source)->Lookup("ec-1").ok());
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace dw::server
