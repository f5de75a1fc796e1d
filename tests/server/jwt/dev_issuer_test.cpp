// File: tests/server/jwt/dev_issuer_test.cpp
#include "jwt/dev_issuer.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "jwt/jwt_verifier.hpp"

namespace dw::server {
namespace {

// Designated initializers would trip -Wmissing-field-initializers.
DevTokenOptions Email(std::string email) {
  DevTokenOptions o;
  o.email = std::move(email);
  return o;
}

JwtVerifierConfig Config(std::string issuer, std::string audience) {
  JwtVerifierConfig c;
  c.issuer = std::move(issuer);
  c.audience = std::move(audience);
  return c;
}

JwksSourceOptions At(std::string location) {
  JwksSourceOptions o;
  o.location = std::move(location);
  return o;
}

class DevIssuerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dw-dev-issuer-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    dir_ = root_ + "/issuer";  // Init creates it
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::unique_ptr<JwtVerifier> VerifierFromFiles() {
    auto source = JwksSource::Create(At(dir_ + "/jwks.json"));
    EXPECT_TRUE(source.ok()) << source.status().message();
    return JwtVerifier::Create(
               Config(kDevIssuerDefaultIssuer, kDevIssuerDefaultAudience),
               *source)
        .value();
  }

  std::string root_, dir_;
};

TEST_F(DevIssuerTest, InitWritesAPrivateKeyAJwksAndTheIssuer) {
  ASSERT_TRUE(DevIssuerInit(dir_).ok());
  struct stat st {};
  ASSERT_EQ(stat((dir_ + "/signing-key.pem").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  std::ifstream jwks_in(dir_ + "/jwks.json");
  const auto jwks = nlohmann::json::parse(jwks_in);
  ASSERT_EQ(jwks["keys"].size(), 1u);
  const auto& jwk = jwks["keys"][0];
  EXPECT_EQ(jwk["kty"], "OKP");
  EXPECT_EQ(jwk["crv"], "Ed25519");
  EXPECT_FALSE(jwk.contains("d"));
  EXPECT_EQ(jwk["kid"], JwkThumbprint(jwk).value());
  std::ifstream issuer_in(dir_ + "/issuer.json");
  const auto issuer = nlohmann::json::parse(issuer_in);
  EXPECT_EQ(issuer["issuer"], kDevIssuerDefaultIssuer);
  EXPECT_EQ(issuer["audience"], "driftwise");
  EXPECT_EQ(issuer["kid"], jwk["kid"]);
}

TEST_F(DevIssuerTest, TokenVerifiesAgainstTheWrittenJwks) {
  ASSERT_TRUE(DevIssuerInit(dir_).ok());
  auto token = DevIssuerToken(dir_, Email("ada@example.com"));
  ASSERT_TRUE(token.ok()) << token.status().message();
  auto claims = VerifierFromFiles()->Verify(*token);
  ASSERT_TRUE(claims.ok()) << claims.status().message();
  EXPECT_EQ(claims->email, "ada@example.com");
  EXPECT_EQ(claims->sub, "dev:ada@example.com");
  EXPECT_EQ(claims->email_verified, true);
  EXPECT_EQ(claims->alg, "EdDSA");
  EXPECT_EQ(claims->exp - *claims->iat, 3600);
  EXPECT_FALSE(claims->jti.empty());
}

TEST_F(DevIssuerTest, TokenOptionsOverrideClaims) {
  DevIssuerInitOptions init;
  init.issuer = "https://dev.local/";
  init.audience = "api";
  ASSERT_TRUE(DevIssuerInit(dir_, init).ok());
  DevTokenOptions o = Email("bo@example.com");
  o.sub = "user-42";
  o.audience = "other";
  o.ttl_seconds = 60;
  o.now_unix = 1'700'000'000;
  o.extra_claims = {{"roles", {"admin"}}};
  auto token = DevIssuerToken(dir_, o);
  ASSERT_TRUE(token.ok()) << token.status().message();
  auto source = JwksSource::Create(At(dir_ + "/jwks.json")).value();
  auto v = JwtVerifier::Create(Config("https://dev.local/", "other"), source)
               .value();
  auto claims = v->Verify(*token, 1'700'000'010);
  ASSERT_TRUE(claims.ok()) << claims.status().message();
  EXPECT_EQ(claims->sub, "user-42");
  EXPECT_EQ(claims->exp, 1'700'000'060);
  EXPECT_EQ(nlohmann::json::parse(claims->raw_json)["roles"][0], "admin");
  EXPECT_EQ(v->Verify(*token, 1'700'000'100).status().message(),
            "token expired");
}

TEST_F(DevIssuerTest, InitRefusesToReplaceAKeyUnlessAsked) {
  ASSERT_TRUE(DevIssuerInit(dir_).ok());
  const auto old_token = DevIssuerToken(dir_, Email("a@example.com")).value();
  const Status again = DevIssuerInit(dir_);
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.message(), dir_ +
                                 "/signing-key.pem already exists; pass "
                                 "overwrite to replace it");
  EXPECT_TRUE(VerifierFromFiles()->Verify(old_token).ok());
  DevIssuerInitOptions replace;
  replace.overwrite = true;
  ASSERT_TRUE(DevIssuerInit(dir_, replace).ok());
  auto v = VerifierFromFiles();
  EXPECT_EQ(v->Verify(old_token).status().message().substr(0, 12),
            "unknown kid ");
  EXPECT_TRUE(
      v->Verify(DevIssuerToken(dir_, Email("a@example.com")).value()).ok());
}

TEST_F(DevIssuerTest, TokenErrorsNameTheProblem) {
  EXPECT_EQ(DevIssuerToken(dir_, Email("a@example.com")).status().code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(DevIssuerInit(dir_).ok());
  EXPECT_EQ(DevIssuerToken(dir_, {}).status().message(),
            "dev issuer token: give an email or a sub");
  DevTokenOptions no_ttl = Email("a@example.com");
  no_ttl.ttl_seconds = 0;
  EXPECT_EQ(DevIssuerToken(dir_, no_ttl).status().message(),
            "dev issuer token: ttl must be positive");
  DevTokenOptions bad_extra = Email("a@example.com");
  bad_extra.extra_claims = {1, 2};
  EXPECT_EQ(DevIssuerToken(dir_, bad_extra).status().message(),
            "dev issuer token: extra claims must be a JSON object");
}

}  // namespace
}  // namespace dw::server
