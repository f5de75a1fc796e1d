// File: tests/server/jwt/jwt_verifier_test.cpp
#include "jwt/jwt_verifier.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <thread>

#include "jwt/jws.hpp"
#include "server/jwt/jwt_negative_corpus.hpp"
#include "server/jwt/jwt_test_keys.hpp"

namespace dw::server {
namespace {

using testing::BuildJwtCaseToken;
using testing::BuildJwtNegativeCorpus;
using testing::CorpusContext;
using testing::MakeTestKeys;
using testing::TestKeys;

// Designated initializers would trip -Wmissing-field-initializers.
template <typename F>
JwtVerifierConfig Config(F&& set) {
  JwtVerifierConfig c;
  set(c);
  return c;
}

constexpr char kIssuer[] = "https://idp.example.com/";
constexpr char kAudience[] = "driftwise";
constexpr std::int64_t kNow = 1'700'000'000;

class JwtVerifierTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { keys_ = new TestKeys(MakeTestKeys()); }
  static void TearDownTestSuite() { delete keys_; }

  static std::unique_ptr<JwtVerifier> MakeVerifier(JwtVerifierConfig cfg = {}) {
    if (cfg.issuer.empty()) cfg.issuer = kIssuer;
    if (cfg.audience.empty()) cfg.audience = kAudience;
    auto source = JwksSource::FromJwks(Jwks::Parse(keys_->JwksJson()).value());
    auto v = JwtVerifier::Create(cfg, source);
    EXPECT_TRUE(v.ok()) << v.status().message();
    return std::move(v).value();
  }

  // A valid token built from a corpus-style description.
  static std::string Token(nlohmann::json spec) {
    if (!spec.contains("name")) spec["name"] = "positive";
    return BuildJwtCaseToken(spec,
                             CorpusContext{*keys_, kIssuer, kAudience, kNow});
  }

  static void ExpectRejected(const JwtVerifier& v, const std::string& token,
                             const std::string& message,
                             std::int64_t now = kNow) {
    auto r = v.Verify(token, now);
    ASSERT_FALSE(r.ok()) << "accepted: " << token;
    EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(r.status().message(), message);
  }

  static TestKeys* keys_;
};
TestKeys* JwtVerifierTest::keys_ = nullptr;

TEST_F(JwtVerifierTest, VerifiesRs256Es256AndEdDsaTokens) {
  auto v = MakeVerifier();
  for (const char* key : {"rsa", "ec", "ed"}) {
    auto r = v->Verify(Token({{"key", key}}), kNow);
    ASSERT_TRUE(r.ok()) << key << ": " << r.status().message();
    EXPECT_EQ(r->sub, "user-1");
    EXPECT_EQ(r->email, "user1@example.com");
    EXPECT_EQ(r->email_verified, true);
    EXPECT_EQ(r->iss, kIssuer);
    EXPECT_EQ(r->aud, std::vector<std::string>{kAudience});
    EXPECT_EQ(r->exp, kNow + 3600);
    EXPECT_EQ(r->iat, kNow);
    EXPECT_EQ(r->nbf, kNow);
    EXPECT_EQ(r->jti, "corpus-positive");
    EXPECT_EQ(r->kid, keys_->at(key).kid);
    EXPECT_EQ(nlohmann::json::parse(r->raw_json)["sub"], "user-1");
  }
  EXPECT_EQ(v->Verify(Token({{"key", "rsa"}}), kNow)->alg, "RS256");
  EXPECT_EQ(v->Verify(Token({{"key", "ec"}}), kNow)->alg, "ES256");
  EXPECT_EQ(v->Verify(Token({{"key", "ed"}}), kNow)->alg, "EdDSA");
}

TEST_F(JwtVerifierTest, RejectsEveryCaseOfTheNegativeCorpus) {
  auto v = MakeVerifier();
  const auto corpus = BuildJwtNegativeCorpus(*keys_, kIssuer, kAudience, kNow);
  ASSERT_GE(corpus.size(), 25u);
  std::set<std::string> names, tokens;
  for (const auto& c : corpus) {
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate name " << c.name;
    EXPECT_TRUE(tokens.insert(c.token).second) << "duplicate token " << c.name;
    auto r = v->Verify(c.token, kNow);
    EXPECT_FALSE(r.ok()) << c.name << " was accepted";
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated) << c.name;
      EXPECT_FALSE(r.status().message().empty()) << c.name;
    }
  }
  // Nothing rejected was cached.
  EXPECT_EQ(v->cached_tokens(), 0u);
}

TEST_F(JwtVerifierTest, CorpusCasesFailForTheReasonTheyTarget) {
  auto v = MakeVerifier();
  std::map<std::string, std::string> message;
  for (const auto& c :
       BuildJwtNegativeCorpus(*keys_, kIssuer, kAudience, kNow)) {
    message[c.name] = v->Verify(c.token, kNow).status().message();
  }
  EXPECT_EQ(
      message["alg_none_capitalized"],
      "algorithm \"None\" not allowed for key \"rsa-1\" (pinned to RS256)");
  EXPECT_EQ(message["empty_signature"],
            "RS256 signature is 0 bytes, expected 256");
  EXPECT_EQ(
      message["alg_none"],
      "algorithm \"none\" not allowed for key \"rsa-1\" (pinned to RS256)");
  EXPECT_EQ(
      message["hs256_rsa_public_key_as_hmac_secret"],
      "algorithm \"HS256\" not allowed for key \"rsa-1\" (pinned to RS256)");
  EXPECT_EQ(
      message["rs256_header_on_ec_key"],
      "algorithm \"RS256\" not allowed for key \"ec-1\" (pinned to ES256)");
  EXPECT_EQ(message["unknown_kid"], "unknown kid \"no-such-key\"");
  EXPECT_EQ(message["missing_kid"], "header kid is missing or not a string");
  EXPECT_EQ(message["wrong_iss"], "wrong issuer \"https://evil.example/\"");
  EXPECT_EQ(message["aud_superstring"],
            "token is not for audience \"driftwise\"");
  EXPECT_EQ(message["expired"], "token expired");
  EXPECT_EQ(message["expired_just_beyond_leeway"], "token expired");
  EXPECT_EQ(message["exp_missing"], "exp is missing");
  EXPECT_EQ(message["exp_as_string"], "exp is not a number (string)");
  EXPECT_EQ(message["nbf_in_future"],
            "token not valid yet (nbf in the future)");
  EXPECT_EQ(message["iat_in_future"], "token issued in the future (iat)");
  EXPECT_EQ(message["duplicate_exp_claim"],
            "claims has duplicate member \"exp\"");
  EXPECT_EQ(message["bad_signature_bit_flipped"], "bad signature");
  EXPECT_EQ(message["signature_by_other_rsa_key_same_kid"], "bad signature");
  EXPECT_EQ(message["truncated_signature"],
            "RS256 signature is 255 bytes, expected 256");
  {
    // The case is signed afresh each run, and a DER signature's length
    // varies with its random R and S: usually 70-72 bytes, now and then
    // fewer. Whatever it is, the message names it and the 64 expected.
    const std::string& m = message["es256_signature_in_der"];
    int bytes = 0;
    char tail[40] = {};
    ASSERT_EQ(std::sscanf(m.c_str(), "ES256 signature is %d bytes, %39[^\n]",
                          &bytes, tail),
              2)
        << m;
    EXPECT_GE(bytes, 8) << m;
    EXPECT_LE(bytes, 72) << m;
    EXPECT_STREQ(tail, "expected 64 (raw R||S)") << m;
  }
  EXPECT_EQ(message["noncanonical_base64_signature_tail"].substr(0, 36),
            "signature: non-canonical base64url: ");
  EXPECT_EQ(message["oversize_token"].substr(0, 9), "token is ");
  EXPECT_NE(message["oversize_token"].find("more than the limit of 8192"),
            std::string::npos);
  EXPECT_EQ(message["base64_padding"].substr(0, 43),
            "claims: invalid base64url character '=' at ");
  EXPECT_EQ(message["base64_plus"].substr(0, 46),
            "signature: invalid base64url character '+' at ");
  EXPECT_EQ(message["base64_space"].substr(0, 44),
            "claims: invalid base64url character 0x20 at ");
  EXPECT_EQ(message["base64_padding_in_header"].substr(0, 43),
            "header: invalid base64url character '=' at ");
  EXPECT_EQ(message["two_parts"], "token does not have 3 dot-separated parts");
  EXPECT_EQ(message["four_parts"], "token has more than 3 dot-separated parts");
  EXPECT_EQ(message["header_not_json"], "header is not JSON (at byte 2)");
  EXPECT_EQ(message["claims_not_an_object"], "claims is not a JSON object");
  EXPECT_EQ(message["crit_header"],
            "header has \"crit\"; no extensions are supported");
  EXPECT_EQ(message["jku_to_attacker_keys"], "unknown kid \"attacker-rsa\"");
  EXPECT_EQ(message["jku_with_trusted_kid"], "bad signature");
  EXPECT_EQ(message["embedded_jwk_header"], "bad signature");
  EXPECT_EQ(message["sub_missing"], "sub is missing, empty or not a string");
  EXPECT_EQ(message["email_trailing_nul"],
            "email \"user1@example.com\\x00\" is not a plain address");
  EXPECT_EQ(message["email_verified_as_string"],
            "email_verified is not a boolean");
}

TEST_F(JwtVerifierTest, OversizeCaseIsJustOverTheConfiguredCap) {
  // The server caps bearer tokens below its transport's header limit; the
  // corpus follows the cap it is given.
  for (std::size_t cap : {std::size_t{6144}, std::size_t{8192}}) {
    JwtVerifierConfig cfg;
    cfg.max_token_bytes = cap;
    auto v = MakeVerifier(cfg);
    for (const auto& c :
         BuildJwtNegativeCorpus(*keys_, kIssuer, kAudience, kNow, cap)) {
      if (c.name != "oversize_token") continue;
      EXPECT_GT(c.token.size(), cap);
      EXPECT_LE(c.token.size(), cap + 8);
      EXPECT_EQ(v->Verify(c.token, kNow).status().message(),
                "token is " + std::to_string(c.token.size()) +
                    " bytes, more than the limit of " + std::to_string(cap));
    }
  }
}

TEST_F(JwtVerifierTest, AppliesLeewayAtItsBoundaries) {
  auto v = MakeVerifier();  // leeway 30 s
  EXPECT_TRUE(
      v->Verify(Token({{"claims", {{"exp", {{"$now", -29}}}}}}), kNow).ok());
  EXPECT_TRUE(
      v->Verify(Token({{"claims", {{"nbf", {{"$now", 30}}}}}}), kNow).ok());
  EXPECT_TRUE(
      v->Verify(Token({{"claims", {{"iat", {{"$now", 30}}}}}}), kNow).ok());
  ExpectRejected(*v, Token({{"claims", {{"nbf", {{"$now", 31}}}}}}),
                 "token not valid yet (nbf in the future)");
  ExpectRejected(*v, Token({{"claims", {{"iat", {{"$now", 31}}}}}}),
                 "token issued in the future (iat)");
}

TEST_F(JwtVerifierTest, AcceptsAudienceArraysContainingOurs) {
  auto v = MakeVerifier();
  auto r =
      v->Verify(Token({{"claims", {{"aud", {"other", "driftwise"}}}}}), kNow);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->aud, (std::vector<std::string>{"other", "driftwise"}));
}

TEST_F(JwtVerifierTest, OptionalClaimsMayBeAbsent) {
  auto v = MakeVerifier();
  auto r = v->Verify(Token({{"claims",
                             {{"email", nullptr},
                              {"email_verified", nullptr},
                              {"iat", nullptr},
                              {"nbf", nullptr},
                              {"jti", nullptr}}}}),
                     kNow);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->email, "");
  EXPECT_FALSE(r->email_verified.has_value());
  EXPECT_FALSE(r->iat.has_value());
  EXPECT_FALSE(r->nbf.has_value());
  EXPECT_EQ(r->jti, "");
}

TEST_F(JwtVerifierTest, IgnoresUnknownHeaderMembersButNotCrit) {
  auto v = MakeVerifier();
  EXPECT_TRUE(
      v->Verify(Token({{"header", {{"x-custom", 1}, {"typ", nullptr}}}}), kNow)
          .ok());
}

TEST_F(JwtVerifierTest, RequiredTypIsCheckedWhenConfigured) {
  auto v = MakeVerifier(Config([](auto& c) { c.required_typ = "at+jwt"; }));
  EXPECT_TRUE(v->Verify(Token({{"header", {{"typ", "at+jwt"}}}}), kNow).ok());
  EXPECT_TRUE(
      v->Verify(Token({{"header", {{"typ", "application/AT+JWT"}}}}), kNow)
          .ok());
  ExpectRejected(*v, Token({}), "header typ is not \"at+jwt\"");
}

TEST_F(JwtVerifierTest, TokenSizeCapIsConfigurable) {
  auto v = MakeVerifier(Config([](auto& c) { c.max_token_bytes = 200; }));
  const std::string token = Token({});
  ExpectRejected(*v, token,
                 "token is " + std::to_string(token.size()) +
                     " bytes, more than the limit of 200");
}

TEST_F(JwtVerifierTest, CachedTokensStillExpire) {
  auto v = MakeVerifier();
  const std::string token = Token({{"claims", {{"exp", {{"$now", 100}}}}}});
  ASSERT_TRUE(v->Verify(token, kNow).ok());
  EXPECT_EQ(v->cached_tokens(), 1u);
  auto again = v->Verify(token, kNow + 50);  // a cache hit
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->exp, kNow + 100);
  ExpectRejected(*v, token, "token expired", kNow + 130);
  EXPECT_TRUE(v->Verify(token, kNow + 129).ok());
}

TEST_F(JwtVerifierTest, CacheIsBoundedAndCanBeDisabled) {
  auto small = MakeVerifier(Config([](auto& c) { c.cache_capacity = 16; }));
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(small
                    ->Verify(Token({{"key", "ed"},
                                    {"claims", {{"jti", std::to_string(i)}}}}),
                             kNow)
                    .ok());
  }
  EXPECT_LE(small->cached_tokens(), 16u);
  auto none = MakeVerifier(Config([](auto& c) { c.cache_capacity = 0; }));
  ASSERT_TRUE(none->Verify(Token({}), kNow).ok());
  EXPECT_EQ(none->cached_tokens(), 0u);
}

TEST_F(JwtVerifierTest, ManyThreadsVerifyConcurrently) {
  auto v = MakeVerifier(Config([](auto& c) { c.cache_capacity = 64; }));
  std::vector<std::string> tokens;
  for (int i = 0; i < 32; ++i) {
    tokens.push_back(
        Token({{"key", i % 2 ? "ed" : "ec"},
               {"claims", {{"sub", "user-" + std::to_string(i)}}}}));
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const int k = (i * 7 + t) % 32;
        auto r = v->Verify(tokens[k], kNow);
        if (!r.ok() || r->sub != "user-" + std::to_string(k)) ++failures;
        if (v->Verify(tokens[k] + "x", kNow).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(JwtVerifierTest, CreateRejectsBadConfiguration) {
  auto source = JwksSource::FromJwks(Jwks::Parse(keys_->JwksJson()).value());
  const auto make = [&](std::string issuer, std::string audience,
                        std::int64_t leeway = 30,
                        std::size_t max_bytes = 8192) {
    JwtVerifierConfig c;
    c.issuer = std::move(issuer);
    c.audience = std::move(audience);
    c.leeway_seconds = leeway;
    c.max_token_bytes = max_bytes;
    return JwtVerifier::Create(std::move(c), source).status().message();
  };
  EXPECT_EQ(make("", "a"), "JWT issuer is empty");
  EXPECT_EQ(make("i", ""), "JWT audience is empty");
  EXPECT_EQ(make("i", "a", 61), "JWT leeway 61 s is outside 0..60");
  EXPECT_EQ(make("i", "a", -1), "JWT leeway -1 s is outside 0..60");
  EXPECT_EQ(make("i", "a", 30, 0), "JWT max_token_bytes is 0");
  JwtVerifierConfig ok;
  ok.issuer = "i";
  ok.audience = "a";
  EXPECT_TRUE(JwtVerifier::Create(ok, source).ok());
  EXPECT_EQ(JwtVerifier::Create(ok, nullptr).status().message(),
            "JWT verifier has no key source");
}

}  // namespace
}  // namespace dw::server
