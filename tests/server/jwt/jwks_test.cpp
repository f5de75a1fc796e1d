// File: tests/server/jwt/jwks_test.cpp
#include "jwt/jwks.hpp"

#include <gtest/gtest.h>
#include <openssl/rsa.h>

#include "jwt/jws.hpp"
#include "server/jwt/jwt_test_keys.hpp"

namespace dw::server {
namespace {

using testing::MakeTestKeys;
using testing::MustGenerate;

nlohmann::json JwkOf(const EVP_PKEY* key, const std::string& kid) {
  nlohmann::json j = PublicJwk(key).value();
  j["kid"] = kid;
  return j;
}

std::string Doc(const nlohmann::json& keys) {
  return nlohmann::json{{"keys", keys}}.dump();
}

std::string ReasonFor(const Jwks& set, const std::string& kid) {
  for (const auto& s : set.skipped()) {
    if (s.kid == kid) return s.reason;
  }
  return "(not skipped)";
}

TEST(Jwks, ParsesRsaEcAndEd25519KeysEachPinnedToOneAlgorithm) {
  const auto keys = MakeTestKeys();
  auto set = Jwks::Parse(keys.JwksJson());
  ASSERT_TRUE(set.ok()) << set.status().message();
  ASSERT_EQ(set->keys().size(), 3u);
  EXPECT_TRUE(set->skipped().empty());
  EXPECT_EQ(set->Find("rsa-1")->alg, JwtAlg::kRS256);
  EXPECT_EQ(set->Find("ec-1")->alg, JwtAlg::kES256);
  EXPECT_EQ(set->Find("ed-1")->alg, JwtAlg::kEdDSA);
  EXPECT_EQ(set->Find("attacker-rsa"), nullptr);
}

TEST(Jwks, ParsedPublicKeysVerifyWhatThePrivateKeysSigned) {
  const auto keys = MakeTestKeys();
  auto set = Jwks::Parse(keys.JwksJson()).value();
  for (const char* name : {"rsa", "ec", "ed"}) {
    const auto& k = keys.at(name);
    const std::string sig = SignJws(k.key.get(), "payload").value();
    const dw::server::Jwk* pub = set.Find(k.kid);
    ASSERT_NE(pub, nullptr);
    EXPECT_TRUE(VerifyJwsSignature(*pub, "payload", sig).ok()) << name;
    EXPECT_FALSE(VerifyJwsSignature(*pub, "payloaD", sig).ok()) << name;
  }
}

TEST(Jwks, SkipsUnusableKeysWithAReasonAndKeepsTheRest) {
  const auto keys = MakeTestKeys();
  auto weak_rsa = EvpPkeyPtr(EVP_RSA_gen(1024));
  auto p384 = EvpPkeyPtr(EVP_EC_gen("P-384"));
  nlohmann::json list = nlohmann::json::array();
  list.push_back(JwkOf(keys.at("ed").key.get(), "good"));
  list.push_back(JwkOf(weak_rsa.get(), "weak-rsa"));
  auto enc = JwkOf(keys.at("rsa").key.get(), "enc");
  enc["use"] = "enc";
  list.push_back(enc);
  list.push_back({{"kty", "oct"}, {"kid", "hmac"}, {"k", "c2VjcmV0"}});
  auto mismatched = JwkOf(keys.at("ec").key.get(), "ec-says-rs256");
  mismatched["alg"] = "RS256";
  list.push_back(mismatched);
  auto off_curve = JwkOf(keys.at("ec").key.get(), "off-curve");
  off_curve["y"] = off_curve["x"];  // (x, x) is not a P-256 point
  list.push_back(off_curve);
  nlohmann::json p384_jwk = {{"kty", "EC"},
                             {"crv", "P-384"},
                             {"kid", "p384"},
                             {"x", "AA"},
                             {"y", "AA"}};
  list.push_back(p384_jwk);
  list.push_back(
      {{"kty", "OKP"}, {"crv", "Ed448"}, {"kid", "ed448"}, {"x", "AA"}});
  list.push_back({{"kty", "XYZ"}, {"kid", "future"}});
  auto no_kid = JwkOf(keys.at("ed").key.get(), "x");
  no_kid.erase("kid");
  list.push_back(no_kid);
  list.push_back(JwkOf(keys.at("rsa").key.get(), "good"));  // duplicate kid
  auto ops = JwkOf(keys.at("rsa").key.get(), "encrypt-only");
  ops["key_ops"] = {"encrypt"};
  list.push_back(ops);
  auto short_ec = JwkOf(keys.at("ec").key.get(), "short-x");
  short_ec["x"] = "AAAA";
  list.push_back(short_ec);

  auto set = Jwks::Parse(Doc(list));
  ASSERT_TRUE(set.ok()) << set.status().message();
  ASSERT_EQ(set->keys().size(), 1u);
  EXPECT_EQ(set->keys()[0].kid, "good");
  EXPECT_EQ(set->keys()[0].alg, JwtAlg::kEdDSA);
  EXPECT_EQ(set->skipped().size(), list.size() - 1);
  EXPECT_EQ(ReasonFor(*set, "weak-rsa"),
            "RSA modulus has 1024 bits, need 2048 to 8192");
  EXPECT_EQ(ReasonFor(*set, "enc"), "\"use\" \"enc\" is not \"sig\"");
  EXPECT_EQ(ReasonFor(*set, "hmac"), "kty \"oct\" is not accepted");
  EXPECT_EQ(ReasonFor(*set, "ec-says-rs256"),
            "alg \"RS256\" does not match kty EC (ES256)");
  EXPECT_EQ(ReasonFor(*set, "off-curve"), "EC point is not on P-256");
  EXPECT_EQ(ReasonFor(*set, "p384"), "EC curve \"P-384\" is not accepted");
  EXPECT_EQ(ReasonFor(*set, "ed448"), "OKP curve \"Ed448\" is not accepted");
  EXPECT_EQ(ReasonFor(*set, "future"), "kty \"XYZ\" is not accepted");
  EXPECT_EQ(ReasonFor(*set, ""), "missing or empty \"kid\"");
  EXPECT_EQ(ReasonFor(*set, "encrypt-only"),
            "\"key_ops\" does not include \"verify\"");
  EXPECT_EQ(ReasonFor(*set, "short-x"),
            "EC P-256 coordinates must be 32 bytes each (x has 3, y has 32)");
  bool duplicate_reported = false;
  for (const auto& s : set->skipped()) {
    duplicate_reported =
        duplicate_reported || (s.index == 10 && s.reason == "duplicate kid");
  }
  EXPECT_TRUE(duplicate_reported);
}

TEST(Jwks, RejectsDocumentsThatAreNotAKeySet) {
  EXPECT_EQ(Jwks::Parse("{\"keys\": [").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Jwks::Parse("[]").status().message(), "JWKS is not a JSON object");
  EXPECT_EQ(Jwks::Parse("{\"key\": []}").status().message(),
            "JWKS has no \"keys\" array");
  EXPECT_TRUE(Jwks::Parse("{\"keys\": []}").ok());
}

TEST(Jwks, BoundsKeyCountAndDocumentSize) {
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = 0; i <= kMaxJwksKeys; ++i) {
    list.push_back({{"kty", "XYZ"}, {"kid", std::to_string(i)}});
  }
  EXPECT_EQ(Jwks::Parse(Doc(list)).status().message(),
            "JWKS lists 101 keys, more than the limit of 100");
  list.erase(list.size() - 1);
  EXPECT_TRUE(Jwks::Parse(Doc(list)).ok());
  const std::string big =
      "{\"keys\": [], \"pad\": \"" + std::string(kMaxJwksBytes, 'a') + "\"}";
  EXPECT_NE(Jwks::Parse(big).status().message().find("more than the limit"),
            std::string::npos);
}

TEST(Jwk, ThumbprintMatchesRfc7638Example) {
  // RFC 7638 §3.1.
  const nlohmann::json jwk = {
      {"kty", "RSA"},
      {"n",
       "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7a"
       "PFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArw"
       "l93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0z"
       "gdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2Nc"
       "Rwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"},
      {"e", "AQAB"},
      {"alg", "RS256"},
      {"kid", "2011-04-29"}};
  EXPECT_EQ(JwkThumbprint(jwk).value(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  // The RFC's key is a real 2048-bit RSA key: it parses.
  auto parsed = ParseJwk(jwk);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->alg, JwtAlg::kRS256);
}

TEST(Jwk, PublicJwkUsesThumbprintAsKid) {
  const auto key = MustGenerate(JwtAlg::kEdDSA);
  const auto jwk = PublicJwk(key.get()).value();
  EXPECT_EQ(jwk["kid"], JwkThumbprint(jwk).value());
  EXPECT_EQ(jwk["alg"], "EdDSA");
  EXPECT_EQ(jwk["use"], "sig");
  EXPECT_FALSE(jwk.contains("d"));  // never the private part
}

}  // namespace
}  // namespace dw::server
