// The gcs and tfc backends against loopback stand-ins (standin_server.py)
// that check what the real services check: for GCS, the RS256 signature of
// the service-account JWT assertion under the account's public key, its
// iss/aud/scope/lifetime, and the issued bearer token on every call; for
// Terraform Cloud, the API token and the API paths. Skips with a message
// when Python with the `cryptography` package is absent.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "driftwise/connectors/state_backend.hpp"
#include "emulator_process.hpp"

namespace dw::connectors {
namespace {

namespace fs = std::filesystem;
using testing::EmulatorProcess;

constexpr const char* kEmail = "driftwise@test-project.iam.gserviceaccount.com";
constexpr const char* kTfcToken = "tfc-test-token.atlasv1.abcdef";

std::string Python() {
  const char* p = std::getenv("DW_TEST_PYTHON");
  if (p && *p) return p;
  return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "";
}

bool HasCryptography(const std::string& python) {
  return !python.empty() &&
         std::system(
             (python + " -c 'import cryptography' 2>/dev/null").c_str()) == 0;
}

// A fresh RSA key: {private PKCS#8 PEM, public SPKI PEM}.
std::pair<std::string, std::string> NewRsaKey() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_PUBKEY(pub, key);
  auto text = [](BIO* b) {
    char* data = nullptr;
    long n = BIO_get_mem_data(b, &data);
    return std::string(data, static_cast<std::size_t>(n));
  };
  std::pair<std::string, std::string> out{text(priv), text(pub)};
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(key);
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteAll(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

const std::string kStatePath =
    DW_SOURCE_DIR "/examples/data/basic-aws/terraform.tfstate";

class GcsStandIn : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string python = Python();
    if (!HasCryptography(python)) {
      skip_reason_ = "python3 with the cryptography package not found";
      return;
    }
    dir_ = fs::path(DW_BINARY_DIR) / "connectors-gcs";
    fs::remove_all(dir_);
    auto [priv, pub] = NewRsaKey();
    private_key_ = priv;
    WriteAll(dir_ / "sa.pub.pem", pub);
    WriteAll(dir_ / "data/tf-states/env/prod/default.tfstate",
             ReadAll(kStatePath));
    for (int i = 0; i < 25; ++i) {
      WriteAll(dir_ / ("data/tf-states/env/dev/ws-" + std::to_string(i) +
                       ".tfstate"),
               "{\"version\":4,\"serial\":" + std::to_string(i) + "}");
    }
    int port = testing::FreePort();
    base_ = "http://127.0.0.1:" + std::to_string(port);
    server_ = std::make_unique<EmulatorProcess>(
        std::vector<std::string>{
            python, DW_SOURCE_DIR "/tests/connectors/standin_server.py", "gcs",
            std::to_string(port), (dir_ / "data").string(),
            (dir_ / "sa.pub.pem").string(), kEmail},
        base_ + "/", std::chrono::seconds(30), (dir_ / "standin.log").string());
    if (!server_->ready()) skip_reason_ = "GCS stand-in did not start";
  }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
  }

  static Result<std::unique_ptr<StateBackend>> Open(const std::string& key_pem,
                                                    const std::string& object) {
    nlohmann::json sa = {
        {"type", "service_account"}, {"project_id", "test-project"},
        {"private_key_id", "k1"},    {"private_key", key_pem},
        {"client_email", kEmail},    {"token_uri", base_ + "/token"}};
    nlohmann::json config = {
        {"bucket", "tf-states"}, {"key", object}, {"endpoint", base_}};
    BackendOptions o;
    o.http = testing::LoopbackOptions();
    return OpenStateBackend("gcs", config.dump(), sa.dump(), o);
  }

  static inline std::string skip_reason_;
  static inline fs::path dir_;
  static inline std::string base_;
  static inline std::string private_key_;
  static inline std::unique_ptr<EmulatorProcess> server_;
};

TEST_F(GcsStandIn, FetchesAnObjectWithAServiceAccountToken) {
  auto b = Open(private_key_, "env/prod/default.tfstate");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto got = (*b)->Fetch();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->bytes, ReadAll(kStatePath));
  EXPECT_EQ(got->info.version, "1700000000000001");
  EXPECT_FALSE(got->info.etag.empty());
}

TEST_F(GcsStandIn, ListsWithPageTokens) {
  auto b = Open(private_key_, "");
  ASSERT_TRUE(b.ok());
  ListOptions lo;
  lo.page_size = 4;
  auto listed = (*b)->List("env/dev/", lo);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(listed->size(), 25u);
  auto all = (*b)->List("", lo);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 26u);
}

TEST_F(GcsStandIn, AnAssertionSignedWithAnotherKeyIsRefused) {
  auto b = Open(NewRsaKey().first, "env/prod/default.tfstate");
  ASSERT_TRUE(b.ok());
  auto got = (*b)->Fetch();
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("invalid_grant"), std::string::npos)
      << got.status().message();
  EXPECT_EQ(got.status().message().find("PRIVATE KEY"), std::string::npos);
}

TEST_F(GcsStandIn, AMissingObjectIsNotFound) {
  auto b = Open(private_key_, "env/prod/none.tfstate");
  ASSERT_TRUE(b.ok());
  auto got = (*b)->Fetch();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_NE(got.status().message().find("gs://tf-states/env/prod/none.tfstate"),
            std::string::npos);
}

class TfcStandIn : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string python = Python();
    if (!HasCryptography(python)) {
      skip_reason_ = "python3 with the cryptography package not found";
      return;
    }
    dir_ = fs::path(DW_BINARY_DIR) / "connectors-tfc";
    fs::remove_all(dir_);
    WriteAll(dir_ / "data/network-prod.tfstate", ReadAll(kStatePath));
    for (int i = 0; i < 130; ++i) {
      WriteAll(dir_ / ("data/app-" + std::to_string(i) + ".tfstate"),
               "{\"version\":4,\"serial\":" + std::to_string(i) + "}");
    }
    int port = testing::FreePort();
    base_ = "http://127.0.0.1:" + std::to_string(port);
    server_ = std::make_unique<EmulatorProcess>(
        std::vector<std::string>{
            python, DW_SOURCE_DIR "/tests/connectors/standin_server.py", "tfc",
            std::to_string(port), (dir_ / "data").string(), kTfcToken, "acme"},
        base_ + "/", std::chrono::seconds(30), (dir_ / "standin.log").string());
    if (!server_->ready()) skip_reason_ = "TFC stand-in did not start";
  }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
  }

  static Result<std::unique_ptr<StateBackend>> Open(const std::string& token,
                                                    const std::string& ws) {
    nlohmann::json config = {
        {"organization", "acme"}, {"workspace", ws}, {"endpoint", base_}};
    BackendOptions o;
    o.http = testing::LoopbackOptions();
    return OpenStateBackend("tfc", config.dump(),
                            nlohmann::json{{"token", token}}.dump(), o);
  }

  static inline std::string skip_reason_;
  static inline fs::path dir_;
  static inline std::string base_;
  static inline std::unique_ptr<EmulatorProcess> server_;
};

TEST_F(TfcStandIn, FetchesTheCurrentStateVersion) {
  auto b = Open(kTfcToken, "network-prod");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto got = (*b)->Fetch();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->bytes, ReadAll(kStatePath));
  auto serial = nlohmann::json::parse(got->bytes)["serial"].dump();
  EXPECT_EQ(got->info.version, serial);
  EXPECT_EQ(got->info.etag.rfind("sv-", 0), 0u);
}

TEST_F(TfcStandIn, ListsWorkspacesAcrossPages) {
  auto b = Open(kTfcToken, "");
  ASSERT_TRUE(b.ok());
  auto listed = (*b)->List("app-", ListOptions{});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(listed->size(), 130u);  // 100 per page: two pages
}

TEST_F(TfcStandIn, AWrongTokenIsUnauthenticated) {
  auto b = Open("wrong-token", "network-prod");
  ASSERT_TRUE(b.ok());
  auto got = (*b)->Fetch();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(got.status().message().find("tfc://acme/network-prod"),
            std::string::npos);
  EXPECT_EQ(got.status().message().find("wrong-token"), std::string::npos);
}

TEST_F(TfcStandIn, AMissingWorkspaceIsNotFound) {
  auto b = Open(kTfcToken, "nope");
  ASSERT_TRUE(b.ok());
  auto got = (*b)->Fetch();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace dw::connectors
