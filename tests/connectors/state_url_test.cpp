// State URLs and backend configs: what each URL form names, and the clear
// errors for malformed ones and for bad configs (never echoing secrets).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "driftwise/connectors/state_backend.hpp"

namespace dw::connectors {
namespace {

nlohmann::json Config(std::string_view url, const char* kind) {
  auto loc = ParseStateUrl(url);
  EXPECT_TRUE(loc.ok()) << url << ": " << loc.status().ToString();
  if (!loc.ok()) return {};
  EXPECT_EQ(loc->kind, kind) << url;
  return nlohmann::json::parse(loc->config_json);
}

TEST(StateUrl, EachFormNamesItsLocation) {
  auto s3 = Config("s3://my-bucket/env/prod/terraform.tfstate", "s3");
  EXPECT_EQ(s3["bucket"], "my-bucket");
  EXPECT_EQ(s3["key"], "env/prod/terraform.tfstate");
  auto q = Config("s3://b/k%20x?region=eu-west-1&use_path_style=true", "s3");
  EXPECT_EQ(q["key"], "k x");
  EXPECT_EQ(q["region"], "eu-west-1");
  EXPECT_EQ(q["use_path_style"], true);
  auto gs = Config("gs://bkt/dir/default.tfstate", "gcs");
  EXPECT_EQ(gs["bucket"], "bkt");
  EXPECT_EQ(gs["key"], "dir/default.tfstate");
  auto az =
      Config("azblob://acct/tfstate/prod.terraform.tfstate", "azure_blob");
  EXPECT_EQ(az["account"], "acct");
  EXPECT_EQ(az["container"], "tfstate");
  EXPECT_EQ(az["key"], "prod.terraform.tfstate");
  auto tfc = Config("tfc://acme/network-prod", "tfc");
  EXPECT_EQ(tfc["organization"], "acme");
  EXPECT_EQ(tfc["workspace"], "network-prod");
  EXPECT_EQ(Config("file:///tmp/x.tfstate", "file")["path"], "/tmp/x.tfstate");
  EXPECT_EQ(Config("states/x.tfstate", "file")["path"], "states/x.tfstate");
}

TEST(StateUrl, MalformedUrlsSayWhatIsMissing) {
  struct Bad {
    const char* url;
    const char* says;
  } cases[] = {
      {"s3:///key", "no bucket"},
      {"azblob://acct", "no container"},
      {"azblob:///c/b", "no storage account"},
      {"tfc://acme", "single workspace name"},
      {"tfc://acme/a/b", "single workspace name"},
      {"ftp://host/x", "unknown state URL scheme 'ftp'"},
      {"file://otherhost/x", "remote host"},
      {"s3://b/k?novalue", "not key=value"},
      {"", "empty state location"},
  };
  for (const Bad& c : cases) {
    auto loc = ParseStateUrl(c.url);
    ASSERT_FALSE(loc.ok()) << c.url;
    EXPECT_EQ(loc.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(loc.status().message().find(c.says), std::string::npos)
        << c.url << ": " << loc.status().message();
  }
  EXPECT_TRUE(IsRemoteStateUrl("s3://b/k"));
  EXPECT_TRUE(IsRemoteStateUrl("tfc://o/w"));
  EXPECT_FALSE(IsRemoteStateUrl("file:///x"));
  EXPECT_FALSE(IsRemoteStateUrl("./s3://x"));
}

TEST(OpenStateBackend, BadConfigsAreClearAndNeverEchoSecrets) {
  auto bad_json = OpenStateBackend("s3", R"({"bucket":"b"})",
                                   R"({"secret_access_key": "hunter2")");
  ASSERT_FALSE(bad_json.ok());
  EXPECT_NE(
      bad_json.status().message().find("s3 credentials is not valid JSON"),
      std::string::npos);
  EXPECT_EQ(bad_json.status().message().find("hunter2"), std::string::npos);
  auto half = OpenStateBackend("s3", R"({"bucket":"b"})",
                               R"({"access_key_id":"AKID"})");
  ASSERT_FALSE(half.ok());
  EXPECT_NE(
      half.status().message().find("both access_key_id and secret_access_key"),
      std::string::npos);
  auto kind = OpenStateBackend("dropbox", "{}", "{}");
  ASSERT_FALSE(kind.ok());
  EXPECT_NE(
      kind.status().message().find("unknown state backend kind 'dropbox'"),
      std::string::npos);
  auto az = OpenStateBackend("azure_blob", R"({"account":"a","container":"c"})",
                             R"({"account_key":"not base64!"})");
  ASSERT_FALSE(az.ok());
  EXPECT_EQ(az.status().message().find("not base64!"), std::string::npos);
  auto tfc =
      OpenStateBackend("tfc", R"({"organization":"o","workspace":"w"})", "{}");
  ASSERT_FALSE(tfc.ok());
  EXPECT_EQ(tfc.status().code(), StatusCode::kUnauthenticated);
}

TEST(OpenStateBackend, RemoteEndpointsAreCheckedBeforeConnecting) {
  // The default policy (https only, public addresses) applies to a
  // configured endpoint too: an SSRF through a backend's endpoint is refused.
  auto b = OpenStateBackend(
      "s3", R"({"bucket":"b","key":"k","endpoint":"https://169.254.169.254"})",
      R"({"access_key_id":"a","secret_access_key":"s"})");
  ASSERT_TRUE(b.ok());
  auto got = (*b)->Fetch();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(got.status().message().find("cloud metadata"), std::string::npos)
      << got.status().message();
  auto http = OpenStateBackend(
      "tfc",
      R"({"organization":"o","workspace":"w","endpoint":"http://127.0.0.1:9"})",
      R"({"token":"t"})");
  ASSERT_TRUE(http.ok());
  auto refused = (*http)->Fetch();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
}

TEST(FileBackend, FetchesAndListsLocalStates) {
  auto b = OpenStateBackend(
      "file",
      nlohmann::json{
          {"path", DW_SOURCE_DIR "/examples/data/basic-aws/terraform.tfstate"}}
          .dump(),
      "");
  ASSERT_TRUE(b.ok());
  auto got = (*b)->Fetch();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_GT(got->bytes.size(), 100u);
  EXPECT_EQ(got->info.size, got->bytes.size());
  auto listed = (*b)->List(DW_SOURCE_DIR "/examples/data/basic-aws/terraform",
                           ListOptions{});
  ASSERT_TRUE(listed.ok());
  ASSERT_GE(listed->size(), 1u);
  auto missing = (*b)->Fetch("/nonexistent/terraform.tfstate");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace dw::connectors

namespace dw::connectors {
namespace {

// Sets environment variables for one test and restores them after.
class ScopedEnv {
 public:
  ScopedEnv(std::initializer_list<std::pair<const char*, const char*>> vars) {
    for (const auto& [name, value] : vars) {
      const char* old = std::getenv(name);
      saved_.emplace_back(name,
                          old ? std::optional<std::string>(old) : std::nullopt);
      if (value) {
        setenv(name, value, 1);
      } else {
        unsetenv(name);
      }
    }
  }
  ~ScopedEnv() {
    for (const auto& [name, old] : saved_) {
      if (old) {
        setenv(name.c_str(), old->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST(EnvironmentCredentials, AwsProfileFromTheSharedCredentialsFile) {
  const std::string file = DW_BINARY_DIR "/connectors_aws_credentials";
  std::ofstream(file)
      << "[default]\naws_access_key_id = AKIDDEFAULT\n"
         "aws_secret_access_key = default-secret\n\n"
         "[profile ci]\naws_access_key_id=AKIDCI\n"
         "aws_secret_access_key=ci-secret\naws_session_token=tok\n";
  ScopedEnv env({{"AWS_ACCESS_KEY_ID", nullptr},
                 {"AWS_SHARED_CREDENTIALS_FILE", file.c_str()},
                 {"AWS_PROFILE", "ci"}});
  auto creds = CredentialsFromEnvironment("s3", "{}");
  ASSERT_TRUE(creds.ok()) << creds.status().ToString();
  auto j = nlohmann::json::parse(*creds);
  EXPECT_EQ(j["access_key_id"], "AKIDCI");
  EXPECT_EQ(j["secret_access_key"], "ci-secret");
  EXPECT_EQ(j["session_token"], "tok");
  ScopedEnv missing({{"AWS_PROFILE", "nope"}});
  auto none = CredentialsFromEnvironment("s3", "{}");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("profile 'nope' not found"),
            std::string::npos);
  std::remove(file.c_str());
}

TEST(EnvironmentCredentials, StaticKeysWinAndEndpointsComeFromAwsEndpointUrl) {
  ScopedEnv env({{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                 {"AWS_SECRET_ACCESS_KEY", "env-secret"},
                 {"AWS_SESSION_TOKEN", nullptr},
                 {"AWS_ENDPOINT_URL", "http://127.0.0.1:4566"},
                 {"AWS_ENDPOINT_URL_S3", nullptr},
                 {"AWS_REGION", "eu-central-1"}});
  auto j = nlohmann::json::parse(*CredentialsFromEnvironment("s3", "{}"));
  EXPECT_EQ(j["access_key_id"], "AKIDENV");
  EXPECT_FALSE(j.contains("session_token"));
  auto config =
      nlohmann::json::parse(*ConfigFromEnvironment("s3", R"({"bucket":"b"})"));
  EXPECT_EQ(config["endpoint"], "http://127.0.0.1:4566");
  EXPECT_EQ(config["sts_endpoint"], "http://127.0.0.1:4566");
  EXPECT_EQ(config["region"], "eu-central-1");
  // A config's own endpoint is kept.
  auto own = nlohmann::json::parse(*ConfigFromEnvironment(
      "s3", R"({"bucket":"b","endpoint":"https://minio.example"})"));
  EXPECT_EQ(own["endpoint"], "https://minio.example");
}

TEST(EnvironmentCredentials, AzureGcsAndTfcVariables) {
  ScopedEnv env({{"AZURE_STORAGE_CONNECTION_STRING", nullptr},
                 {"AZURE_STORAGE_KEY", nullptr},
                 {"AZURE_STORAGE_SAS_TOKEN", "sv=2020-10-02&sig=x"},
                 {"TF_TOKEN_tfe_example_com", "tfe-token"},
                 {"TFE_TOKEN", "fallback"}});
  EXPECT_EQ(nlohmann::json::parse(
                *CredentialsFromEnvironment("azure_blob", "{}"))["sas_token"],
            "sv=2020-10-02&sig=x");
  EXPECT_EQ(nlohmann::json::parse(*CredentialsFromEnvironment(
                "tfc", R"({"hostname":"tfe.example.com"})"))["token"],
            "tfe-token");
  EXPECT_EQ(
      nlohmann::json::parse(*CredentialsFromEnvironment("tfc", "{}"))["token"],
      "fallback");
  const std::string sa = DW_BINARY_DIR "/connectors_sa.json";
  std::ofstream(sa)
      << R"({"type":"service_account","client_email":"a@b","private_key":"k"})";
  ScopedEnv gcs({{"GOOGLE_APPLICATION_CREDENTIALS", sa.c_str()}});
  EXPECT_EQ(nlohmann::json::parse(
                *CredentialsFromEnvironment("gcs", "{}"))["client_email"],
            "a@b");
  std::remove(sa.c_str());
}

TEST(EnvironmentCredentials, LoopbackNeedsTheExplicitOptIn) {
  ScopedEnv env({{"DRIFTWISE_ALLOW_LOOPBACK", nullptr},
                 {"AWS_ACCESS_KEY_ID", "a"},
                 {"AWS_SECRET_ACCESS_KEY", "b"},
                 {"AWS_ENDPOINT_URL", "http://127.0.0.1:9"}});
  auto b = OpenStateUrlFromEnvironment("s3://b/k");
  ASSERT_TRUE(b.ok());
  auto got = (*b)->Fetch();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace dw::connectors
