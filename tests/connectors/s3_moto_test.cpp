// The s3 backend against moto_server (Amazon S3's emulator) on loopback:
// 1,000 objects listed with ListObjectsV2 paging, three glob patterns give
// exactly the matching keys, fetched bytes equal the stored ones, errors
// carry S3's code, and AssumeRole goes through STS. Skips with a message
// when moto_server is not on PATH.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "driftwise/connectors/state_backend.hpp"
#include "emulator_process.hpp"
#include "glob_fixture.hpp"
#include "request.hpp"

namespace dw::connectors {
namespace {

using testing::EmulatorProcess;
using testing::GlobLayout;

class S3Moto : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string moto = testing::FindOnPath("moto_server");
    if (moto.empty()) {
      skip_reason_ = "moto_server not on PATH (pip install 'moto[server]')";
      return;
    }
    port_ = testing::FreePort();
    endpoint_ = "http://127.0.0.1:" + std::to_string(port_);
    moto_ = std::make_unique<EmulatorProcess>(
        std::vector<std::string>{moto, "-H", "127.0.0.1", "-p",
                                 std::to_string(port_)},
        endpoint_ + "/", std::chrono::seconds(60),
        DW_BINARY_DIR "/connectors_moto.log");
    if (!moto_->ready()) {
      skip_reason_ =
          "moto_server did not start (see build/connectors_moto.log)";
      return;
    }
    layout_ = testing::MakeGlobLayout();
    HttpClient client(testing::LoopbackOptions());
    auto made = client.Send(testing::Req("PUT", endpoint_ + "/states"));
    if (!made.ok() || made->status != 200) {
      skip_reason_ = "moto_server refused to create a bucket";
      return;
    }
    // Four writers: moto answers one request at a time per thread.
    std::atomic<std::size_t> next{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
      writers.emplace_back([&] {
        for (std::size_t i; (i = next++) < layout_.keys.size();) {
          auto r = client.Send(
              testing::Req("PUT", endpoint_ + "/states/" + layout_.keys[i], {},
                           testing::ObjectBytes(i)));
          if (!r.ok() || r->status != 200) ++failures;
        }
      });
    }
    for (auto& w : writers) w.join();
    if (failures) skip_reason_ = "moto_server refused some PUTs";
  }
  static void TearDownTestSuite() { moto_.reset(); }

  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
  }

  static std::unique_ptr<StateBackend> Open(nlohmann::json config) {
    config["bucket"] = "states";
    config["endpoint"] = endpoint_;
    config["region"] = "us-east-1";
    nlohmann::json creds = {{"access_key_id", "AKIDTEST"},
                            {"secret_access_key", "secret/test+key"}};
    BackendOptions o;
    o.http = testing::LoopbackOptions();
    auto b = OpenStateBackend("s3", config.dump(), creds.dump(), o);
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    return b.ok() ? std::move(*b) : nullptr;
  }

  static inline std::string skip_reason_;
  static inline int port_ = 0;
  static inline std::string endpoint_;
  static inline std::unique_ptr<EmulatorProcess> moto_;
  static inline GlobLayout layout_;
};

TEST_F(S3Moto, ListPagesThroughAllThousandKeys) {
  auto b = Open({});
  ListOptions lo;
  lo.page_size = 100;  // ten pages at least
  auto all = b->List("", lo);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  std::set<std::string> got;
  for (const ObjectInfo& o : *all) got.insert(o.key);
  EXPECT_EQ(all->size(), 1000u);
  EXPECT_EQ(got,
            std::set<std::string>(layout_.keys.begin(), layout_.keys.end()));
  for (const ObjectInfo& o : *all) {
    EXPECT_FALSE(o.etag.empty());
    EXPECT_GT(o.size, 0u);
  }
}

TEST_F(S3Moto, ThreeGlobPatternsGiveExactlyTheirMatches) {
  auto b = Open({});
  ListOptions lo;
  lo.page_size = 37;  // odd page size: page boundaries fall mid-directory
  auto listed = b->List("env/", lo);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  std::vector<std::string> keys;
  for (const ObjectInfo& o : *listed) keys.push_back(o.key);
  EXPECT_EQ(testing::Matching(keys, "env/prod/*/terraform.tfstate"),
            layout_.prod_states);
  EXPECT_EQ(testing::Matching(keys, "env/*/network/terraform.tfstate"),
            layout_.network_states);
  EXPECT_EQ(testing::Matching(keys, "env/dev/app-1?/*.tfstate"),
            layout_.dev_app1x);
  EXPECT_EQ(layout_.prod_states.size(), 51u);
  EXPECT_EQ(layout_.network_states.size(), 4u);
  EXPECT_EQ(layout_.dev_app1x.size(), 20u);
}

TEST_F(S3Moto, FetchReturnsTheStoredBytesAndMetadata) {
  auto b = Open({{"key", layout_.keys[7]}});
  auto got = b->Fetch();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->bytes, testing::ObjectBytes(7));
  EXPECT_EQ(got->info.size, testing::ObjectBytes(7).size());
  EXPECT_FALSE(got->info.etag.empty());
  EXPECT_EQ(got->info.etag.find('"'), std::string::npos);
  for (std::size_t i : {0u, 123u, 500u, 999u}) {
    auto other = b->Fetch(layout_.keys[i]);
    ASSERT_TRUE(other.ok()) << layout_.keys[i];
    EXPECT_EQ(other->bytes, testing::ObjectBytes(i));
  }
}

TEST_F(S3Moto, FetchToFileStreamsTheBytes) {
  auto b = Open({});
  std::string path = DW_BINARY_DIR "/connectors_s3_fetch.tfstate";
  auto info = b->FetchToFile(layout_.keys[42], path);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), testing::ObjectBytes(42));
  EXPECT_EQ(info->size, ss.str().size());
  std::remove(path.c_str());
}

TEST_F(S3Moto, AMissingKeyIsNotFoundWithS3sCode) {
  auto b = Open({{"key", "env/none/terraform.tfstate"}});
  auto got = b->Fetch();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_NE(
      got.status().message().find("s3://states/env/none/terraform.tfstate"),
      std::string::npos);
  EXPECT_NE(got.status().message().find("NoSuchKey"), std::string::npos)
      << got.status().message();
  EXPECT_EQ(got.status().message().find("secret/test+key"), std::string::npos);
}

TEST_F(S3Moto, AMissingBucketIsNotFound) {
  nlohmann::json config = {
      {"bucket", "no-such-bucket"}, {"key", "k"}, {"endpoint", endpoint_}};
  BackendOptions o;
  o.http = testing::LoopbackOptions();
  auto b =
      OpenStateBackend("s3", config.dump(),
                       R"({"access_key_id":"a","secret_access_key":"b"})", o);
  ASSERT_TRUE(b.ok());
  auto got = (*b)->Fetch();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_NE(got.status().message().find("NoSuchBucket"), std::string::npos)
      << got.status().message();
}

TEST_F(S3Moto, AssumeRoleGetsSessionCredentialsFromSts) {
  auto b =
      Open({{"key", layout_.keys[3]},
            {"role_arn", "arn:aws:iam::123456789012:role/driftwise-reader"},
            {"session_name", "drift"},
            {"sts_endpoint", endpoint_}});
  auto got = b->Fetch();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->bytes, testing::ObjectBytes(3));
}

TEST_F(S3Moto, VirtualHostStyleAddressesTheBucketByName) {
  // "states.s3.test" and "s3.test" resolve (through a stand-in) to the
  // emulator; the bucket then travels in the Host header, not the path.
  nlohmann::json config = {
      {"bucket", "states"},
      {"key", layout_.keys[21]},
      {"endpoint", "http://s3.test:" + std::to_string(port_)}};
  BackendOptions o;
  o.http = testing::LoopbackOptions();
  std::vector<std::string> asked;
  o.http.resolver =
      [&asked](const std::string& host) -> Result<std::vector<std::string>> {
    asked.push_back(host);
    return std::vector<std::string>{"127.0.0.1"};
  };
  auto b =
      OpenStateBackend("s3", config.dump(),
                       R"({"access_key_id":"a","secret_access_key":"b"})", o);
  ASSERT_TRUE(b.ok());
  auto got = (*b)->Fetch();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->bytes, testing::ObjectBytes(21));
  ASSERT_FALSE(asked.empty());
  EXPECT_EQ(asked.front(), "states.s3.test");
}

TEST_F(S3Moto, CliStateShowReadsAnS3Url) {
  // The CLI test (tests/cli/state_url_test.sh) covers the command itself;
  // here the environment path: AWS_ENDPOINT_URL + keys + loopback opt-in.
  setenv("AWS_ENDPOINT_URL", endpoint_.c_str(), 1);
  setenv("AWS_ACCESS_KEY_ID", "AKIDTEST", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "x", 1);
  setenv("DRIFTWISE_ALLOW_LOOPBACK", "1", 1);
  auto b = OpenStateUrlFromEnvironment("s3://states/" + layout_.keys[9]);
  unsetenv("DRIFTWISE_ALLOW_LOOPBACK");
  unsetenv("AWS_ENDPOINT_URL");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto got = (*b)->Fetch();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->bytes, testing::ObjectBytes(9));
}

}  // namespace
}  // namespace dw::connectors
