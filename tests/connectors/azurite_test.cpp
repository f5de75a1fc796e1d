// The azure_blob backend against Azurite (Microsoft's Azure Storage
// emulator) on loopback: 1,000 blobs, List Blobs marker paging, three glob
// patterns, byte-exact fetch, Shared Key and connection-string
// credentials, and the emulator's error codes. Azurite is installed with
// `npm install azurite` into <build>/azurite at first use; the test skips
// with a message when npm or its registry is unavailable.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "azure_shared_key.hpp"
#include "backend_util.hpp"
#include "crypto.hpp"
#include "driftwise/connectors/state_backend.hpp"
#include "emulator_process.hpp"
#include "glob_fixture.hpp"
#include "sigv4.hpp"

namespace dw::connectors {
namespace {

using testing::EmulatorProcess;
using testing::GlobLayout;

// The emulator's well-known development account (public, documented).
constexpr const char* kAccount = "devstoreaccount1";
constexpr const char* kKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/"
    "K1SZFPTOtr/KBHBeksoGMGw==";

std::string HttpDateNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

class Azurite : public ::testing::Test {
 protected:
  static std::string InstallAzurite() {
    const std::string dir = DW_BINARY_DIR "/azurite";
    const std::string bin = dir + "/node_modules/.bin/azurite-blob";
    if (access(bin.c_str(), X_OK) == 0) return bin;
    if (testing::FindOnPath("npm").empty()) return {};
    const std::string cmd =
        "cd '" + dir +
        "' && timeout 600 npm install azurite --no-audit --no-fund > '" + dir +
        ".npm.log' 2>&1";
    // npm wants a package.json where it installs; a private stub will do.
    if (std::system(("mkdir -p '" + dir + "' && cd '" + dir +
                     "' && { [ -f package.json ] || echo '{\"private\":true}' "
                     "> package.json; }")
                        .c_str()) != 0) {
      return {};
    }
    if (std::system(cmd.c_str()) != 0) return {};
    return access(bin.c_str(), X_OK) == 0 ? bin : std::string();
  }

  // A signed PUT (the backend only reads; the fixture has to write).
  static bool Put(const HttpClient& client, const std::string& path,
                  const std::vector<std::pair<std::string, std::string>>& query,
                  const std::string& body, bool blob) {
    const std::string encoded =
        AwsUriEncode("/" + std::string(kAccount) + path, false);
    HeaderList ms = {{"x-ms-date", HttpDateNow()},
                     {"x-ms-version", "2020-10-02"}};
    if (blob) ms.emplace_back("x-ms-blob-type", "BlockBlob");
    AzureSignInput in;
    in.method = "PUT";
    in.content_length = body.empty() ? "" : std::to_string(body.size());
    in.ms_headers = ms;
    in.encoded_path = encoded;
    in.query = query;
    HttpRequest req;
    req.method = "PUT";
    req.url = endpoint_ + AwsUriEncode(path, false);
    std::string qs;
    for (const auto& [k, v] : query)
      qs += (qs.empty() ? "?" : "&") + k + "=" + v;
    req.url += qs;
    req.body = body;
    for (const auto& [n, v] : ms) req.headers.push_back({n, v});
    req.headers.push_back(
        {"Authorization",
         AzureSharedKeyAuthorization(kAccount, *Base64Decode(kKey), in)});
    auto r = client.Send(req);
    return r.ok() && r->status == 201;
  }

  static void SetUpTestSuite() {
    std::string bin = InstallAzurite();
    if (bin.empty()) {
      skip_reason_ =
          "Azurite not available (npm install azurite failed or "
          "npm/registry absent; see build/azurite.npm.log)";
      return;
    }
    int port = testing::FreePort();
    base_ = "http://127.0.0.1:" + std::to_string(port);
    endpoint_ = base_ + "/" + kAccount;
    azurite_ = std::make_unique<EmulatorProcess>(
        std::vector<std::string>{bin, "--blobHost", "127.0.0.1", "--blobPort",
                                 std::to_string(port), "--skipApiVersionCheck",
                                 "--inMemoryPersistence"},
        base_ + "/", std::chrono::seconds(60),
        DW_BINARY_DIR "/connectors_azurite.log");
    if (!azurite_->ready()) {
      skip_reason_ = "Azurite did not start (see build/connectors_azurite.log)";
      return;
    }
    HttpClient client(testing::LoopbackOptions());
    if (!Put(client, "/states", {{"restype", "container"}}, "", false)) {
      skip_reason_ = "Azurite refused to create a container";
      return;
    }
    layout_ = testing::MakeGlobLayout();
    std::atomic<std::size_t> next{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
      writers.emplace_back([&] {
        for (std::size_t i; (i = next++) < layout_.keys.size();) {
          if (!Put(client, "/states/" + layout_.keys[i], {},
                   testing::ObjectBytes(i), true)) {
            ++failures;
          }
        }
      });
    }
    for (auto& w : writers) w.join();
    if (failures) skip_reason_ = "Azurite refused some blob uploads";
  }
  static void TearDownTestSuite() { azurite_.reset(); }

  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
  }

  static std::unique_ptr<StateBackend> Open(nlohmann::json config,
                                            nlohmann::json creds = {
                                                {"account_key", kKey}}) {
    config["account"] = kAccount;
    config["container"] = "states";
    config["endpoint"] = endpoint_;
    BackendOptions o;
    o.http = testing::LoopbackOptions();
    auto b = OpenStateBackend("azure_blob", config.dump(), creds.dump(), o);
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    return b.ok() ? std::move(*b) : nullptr;
  }

  static inline std::string skip_reason_;
  static inline std::string base_;
  static inline std::string endpoint_;
  static inline std::unique_ptr<EmulatorProcess> azurite_;
  static inline GlobLayout layout_;
};

TEST_F(Azurite, ListPagesThroughAllThousandBlobs) {
  auto b = Open({});
  ListOptions lo;
  lo.page_size = 100;
  auto all = b->List("", lo);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  std::set<std::string> got;
  for (const ObjectInfo& o : *all) got.insert(o.key);
  EXPECT_EQ(all->size(), 1000u);
  EXPECT_EQ(got,
            std::set<std::string>(layout_.keys.begin(), layout_.keys.end()));
}

TEST_F(Azurite, ThreeGlobPatternsGiveExactlyTheirMatches) {
  auto b = Open({});
  ListOptions lo;
  lo.page_size = 37;
  auto listed = b->List("env/", lo);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  std::vector<std::string> keys;
  for (const ObjectInfo& o : *listed) keys.push_back(o.key);
  EXPECT_EQ(keys.size(), 404u);
  EXPECT_EQ(testing::Matching(keys, "env/prod/*/terraform.tfstate"),
            layout_.prod_states);
  EXPECT_EQ(testing::Matching(keys, "env/*/network/terraform.tfstate"),
            layout_.network_states);
  EXPECT_EQ(testing::Matching(keys, "env/dev/app-1?/*.tfstate"),
            layout_.dev_app1x);
}

TEST_F(Azurite, FetchReturnsTheStoredBytes) {
  auto b = Open({{"key", layout_.keys[11]}});
  auto got = b->Fetch();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->bytes, testing::ObjectBytes(11));
  EXPECT_FALSE(got->info.etag.empty());
  for (std::size_t i : {0u, 404u, 999u}) {
    auto other = b->Fetch(layout_.keys[i]);
    ASSERT_TRUE(other.ok()) << layout_.keys[i] << other.status().ToString();
    EXPECT_EQ(other->bytes, testing::ObjectBytes(i));
  }
}

TEST_F(Azurite, ConnectionStringCredentialsWork) {
  std::string conn = std::string("DefaultEndpointsProtocol=http;AccountName=") +
                     kAccount + ";AccountKey=" + kKey +
                     ";BlobEndpoint=" + endpoint_ + ";";
  nlohmann::json config = {{"container", "states"}, {"key", layout_.keys[5]}};
  BackendOptions o;
  o.http = testing::LoopbackOptions();
  auto b =
      OpenStateBackend("azure_blob", config.dump(),
                       nlohmann::json{{"connection_string", conn}}.dump(), o);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto got = (*b)->Fetch();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->bytes, testing::ObjectBytes(5));
}

// An account SAS (read + list on blobs), signed here as the Azure docs
// describe for version 2020-10-02; the backend only appends it.
std::string AccountSas() {
  const std::string sv = "2020-10-02", ss = "b", srt = "sco", sp = "rl",
                    se = "2030-01-01T00:00:00Z", spr = "https,http";
  const std::string sts = std::string(kAccount) + "\n" + sp + "\n" + ss + "\n" +
                          srt + "\n\n" + se + "\n\n" + spr + "\n" + sv + "\n";
  const std::string sig = Base64Encode(HmacSha256(*Base64Decode(kKey), sts));
  return "sv=" + sv + "&ss=" + ss + "&srt=" + srt + "&sp=" + sp +
         "&se=" + PercentEncode(se) + "&spr=" + PercentEncode(spr) +
         "&sig=" + PercentEncode(sig);
}

TEST_F(Azurite, SasTokenCredentialsWork) {
  auto b =
      Open({{"key", layout_.keys[6]}}, {{"sas_token", "?" + AccountSas()}});
  auto got = b->Fetch();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->bytes, testing::ObjectBytes(6));
  ListOptions lo;
  lo.page_size = 250;
  auto listed = b->List("misc/", lo);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(listed->size(), 596u);
  // Widening the permissions breaks the signature.
  std::string widened = AccountSas();
  widened.replace(widened.find("sp=rl"), 5, "sp=rwl");
  auto forged = Open({{"key", layout_.keys[6]}}, {{"sas_token", widened}});
  auto refused = forged->Fetch();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied)
      << refused.status().ToString();
}

TEST_F(Azurite, AWrongKeyIsRefusedWithAzuresCode) {
  auto b = Open({{"key", layout_.keys[0]}},
                {{"account_key", Base64Encode(std::string(64, 'k'))}});
  auto got = b->Fetch();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(got.status().message().find("AuthorizationFailure"),
            std::string::npos)
      << got.status().message();
}

TEST_F(Azurite, AMissingBlobIsNotFound) {
  auto b = Open({{"key", "env/none/terraform.tfstate"}});
  auto got = b->Fetch();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_NE(got.status().message().find("BlobNotFound"), std::string::npos)
      << got.status().message();
}

}  // namespace
}  // namespace dw::connectors
