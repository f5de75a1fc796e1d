// File: tests/server/jwt/jwt_negative_corpus.hpp
//
// Test support (header-only): the JWT negative corpus. Each case in
// tests/data/jwt/negative_corpus.json describes how to build one token that
// a correct verifier must reject (RFC 8725 pitfalls, claim checks, encoding
// tricks). BuildJwtNegativeCorpus() turns the descriptions into tokens for
// given keys, issuer, audience and time, so the same corpus serves the
// verifier's unit test and the server's HTTP test (each token -> 401).
//
// Case description members (all optional except "name"):
//   "why"         what the case attacks
//   "key"         signing key name in TestKeys (default "rsa")
//   "kid" / "kid_of"  literal kid, or the kid of another key (default: the
//                 signing key's); null "kid" removes the member
//   "header"      members merged over {"alg": <signing key's alg>, "kid",
//                 "typ": "JWT"}; a null value removes a member
//   "claims"      members merged over the valid default claims (iss, aud,
//                 sub, email, email_verified, iat, nbf, exp = now + 3600,
//                 jti); null removes; {"$now": N} becomes the number now+N
//   "raw_header" / "raw_claims"  exact JSON text instead
//   "sign"        "key" (default), "none" (empty signature),
//                 "hmac-public-pem" (HS256 keyed with the signing key's
//                 public PEM: the RS256->HS256 confusion), "ecdsa-der"
//                 (ES256 signature left in DER)
//   "mutate"      list applied to the finished token, in order:
//                 "flip-signature-bit", "truncate-signature",
//                 "noncanonical-signature-tail", "plus-in-signature",
//                 "slash-in-signature", "two-parts", "four-parts",
//                 "oversize" (a "pad" claim making the token a few bytes
//                 longer than the context's max_token_bytes); and, applied
//                 before signing so only the encoding is wrong: "pad-header",
//                 "pad-payload", "space-in-payload", "newline-in-payload"
// Strings in "header", "claims", "raw_*" may use ${issuer}, ${audience},
// ${now}, ${now+N}, ${now-N}.
//
// Errors in the corpus file throw std::runtime_error (test code).
#ifndef DRIFTWISE_TESTS_SERVER_JWT_JWT_NEGATIVE_CORPUS_HPP
#define DRIFTWISE_TESTS_SERVER_JWT_JWT_NEGATIVE_CORPUS_HPP

#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "jwt/base64url.hpp"
#include "jwt/jws.hpp"
#include "server/jwt/jwt_test_keys.hpp"

namespace dw::server::testing {

struct NegativeCase {
  std::string name;
  std::string why;
  std::string token;
};

struct CorpusContext {
  const TestKeys& keys;
  std::string issuer;
  std::string audience;
  std::int64_t now = 0;
  /// The verifier's token size cap; "oversize" tokens are a little longer.
  std::size_t max_token_bytes = 8192;
};

#ifdef DW_SOURCE_DIR
inline const char kJwtNegativeCorpusPath[] =
    DW_SOURCE_DIR "/tests/data/jwt/negative_corpus.json";
#endif

namespace corpus_detail {

inline std::string Fail(const std::string& name, const std::string& msg) {
  throw std::runtime_error("JWT corpus case " + name + ": " + msg);
}

inline std::string Expand(const std::string& text, const CorpusContext& ctx) {
  static const std::regex kVar(R"(\$\{(issuer|audience|now)(([+-])(\d+))?\})");
  std::string out;
  auto begin = std::sregex_iterator(text.begin(), text.end(), kVar);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    out.append(text, last, static_cast<std::size_t>(m.position()) - last);
    if (m[1] == "issuer") {
      out += ctx.issuer;
    } else if (m[1] == "audience") {
      out += ctx.audience;
    } else {
      std::int64_t v = ctx.now;
      if (m[2].matched) {
        const std::int64_t d = std::stoll(m[4].str());
        v += m[3] == "+" ? d : -d;
      }
      out += std::to_string(v);
    }
    last = static_cast<std::size_t>(m.position() + m.length());
  }
  out.append(text, last);
  return out;
}

inline nlohmann::json ExpandValue(const nlohmann::json& v,
                                  const CorpusContext& ctx) {
  if (v.is_string()) return Expand(v.get<std::string>(), ctx);
  if (v.is_object() && v.size() == 1 && v.contains("$now")) {
    return ctx.now + v["$now"].get<std::int64_t>();
  }
  if (v.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : v) out.push_back(ExpandValue(e, ctx));
    return out;
  }
  if (v.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, e] : v.items()) out[k] = ExpandValue(e, ctx);
    return out;
  }
  return v;
}

inline void MergeInto(nlohmann::json& base, const nlohmann::json& patch,
                      const CorpusContext& ctx) {
  for (auto& [k, v] : patch.items()) {
    if (v.is_null()) {
      base.erase(k);
    } else {
      base[k] = ExpandValue(v, ctx);
    }
  }
}

inline std::string PublicPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return pem;
}

inline std::string DerEcdsaSignature(EVP_PKEY* key, const std::string& input) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t len = 0;
  EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key);
  const auto* in = reinterpret_cast<const unsigned char*>(input.data());
  EVP_DigestSign(ctx.get(), nullptr, &len, in, input.size());
  std::string sig(len, '\0');
  EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                 in, input.size());
  sig.resize(len);
  return sig;
}

// Mutations of the signing input, applied before signing so that the
// signature is good and only the encoding is wrong.
inline bool MutateSigningInput(std::string& input, const std::string& op) {
  const std::size_t dot = input.find('.');
  if (op == "pad-header") {
    input.insert(dot, "=");
  } else if (op == "pad-payload") {
    input += "=";
  } else if (op == "space-in-payload") {
    input.insert(dot + 3, " ");
  } else if (op == "newline-in-payload") {
    input.insert(dot + 3, "\n");
  } else {
    return false;
  }
  return true;
}

// Position of the k-th '.' in token (k = 0 or 1).
inline std::size_t Dot(const std::string& token, int k) {
  std::size_t p = token.find('.');
  if (k == 1) p = token.find('.', p + 1);
  return p;
}

inline void Mutate(std::string& token, const std::string& op,
                   const std::string& name) {
  const std::size_t d0 = Dot(token, 0);
  const std::size_t d1 = Dot(token, 1);
  if (op == "flip-signature-bit") {
    // Flip one bit of the first signature byte: change the first char's
    // top bit in the base64url alphabet by swapping to a distant letter.
    std::string sig = Base64UrlDecode(token.substr(d1 + 1)).value();
    sig[0] = static_cast<char>(sig[0] ^ 0x01);
    token = token.substr(0, d1 + 1) + Base64UrlEncode(sig);
  } else if (op == "truncate-signature") {
    std::string sig = Base64UrlDecode(token.substr(d1 + 1)).value();
    sig.resize(sig.size() - 1);
    token = token.substr(0, d1 + 1) + Base64UrlEncode(sig);
  } else if (op == "noncanonical-signature-tail") {
    // Set unused low bits of the last character: same bytes for a lax
    // decoder, a different token text.
    const std::size_t len = token.size() - d1 - 1;
    if (len % 4 == 0) Fail(name, "signature has no unused bits");
    char& c = token.back();
    const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const std::size_t v = alphabet.find(c);
    c = alphabet[v | 1];
    if (alphabet.find(c) == v) Fail(name, "could not alter tail");
  } else if (op == "plus-in-signature" || op == "slash-in-signature") {
    token[d1 + 1] = op[0] == 'p' ? '+' : '/';
  } else if (op == "two-parts") {
    token = token.substr(0, d1);
  } else if (op == "four-parts") {
    token += "." + token.substr(d0 + 1, d1 - d0 - 1);
  } else {
    Fail(name, "unknown mutation " + op);
  }
}

}  // namespace corpus_detail

inline std::string BuildJwtCaseTokenWithPad(const nlohmann::json& spec,
                                            const CorpusContext& ctx,
                                            std::size_t pad);

/// Builds the token one case describes (see the file comment).
inline std::string BuildJwtCaseToken(const nlohmann::json& spec,
                                     const CorpusContext& ctx) {
  bool oversize = false;
  for (const auto& m : spec.value("mutate", nlohmann::json::array())) {
    oversize = oversize || m == "oversize";
  }
  if (!oversize) return BuildJwtCaseTokenWithPad(spec, ctx, 0);
  // Just over the cap (by at most a few bytes), so that it is the verifier's
  // cap that rejects it and not, in an HTTP test, the transport's header
  // line limit. Each base64url character carries 3/4 of a byte.
  std::size_t pad = 1;
  for (;;) {
    std::string token = BuildJwtCaseTokenWithPad(spec, ctx, pad);
    if (token.size() > ctx.max_token_bytes) return token;
    pad += std::max<std::size_t>(
        1, (ctx.max_token_bytes + 1 - token.size()) * 3 / 4);
  }
}

inline std::string BuildJwtCaseTokenWithPad(const nlohmann::json& spec,
                                            const CorpusContext& ctx,
                                            std::size_t pad) {
  using namespace corpus_detail;
  const std::string name = spec.value("name", "?");
  const TestKey& signer = ctx.keys.at(spec.value("key", "rsa"));
  const JwtAlg alg = AlgForKey(signer.key.get()).value();
  nlohmann::json header = {
      {"alg", JwtAlgName(alg)}, {"kid", signer.kid}, {"typ", "JWT"}};
  if (spec.contains("kid_of")) {
    header["kid"] = ctx.keys.at(spec["kid_of"].get<std::string>()).kid;
  }
  if (spec.contains("header")) MergeInto(header, spec["header"], ctx);
  nlohmann::json claims = {
      {"iss", ctx.issuer},      {"aud", ctx.audience},
      {"sub", "user-1"},        {"email", "user1@example.com"},
      {"email_verified", true}, {"iat", ctx.now},
      {"nbf", ctx.now},         {"exp", ctx.now + 3600},
      {"jti", "corpus-" + name}};
  if (spec.contains("claims")) MergeInto(claims, spec["claims"], ctx);
  const auto mutations = spec.value("mutate", nlohmann::json::array());
  if (pad > 0) claims["pad"] = std::string(pad, 'a');
  const std::string header_text = spec.contains("raw_header")
                                      ? Expand(spec["raw_header"], ctx)
                                      : header.dump();
  const std::string claims_text = spec.contains("raw_claims")
                                      ? Expand(spec["raw_claims"], ctx)
                                      : claims.dump();
  std::string input =
      Base64UrlEncode(header_text) + "." + Base64UrlEncode(claims_text);
  std::vector<std::string> later;  // mutations of the finished token
  for (const auto& m : mutations) {
    const std::string op = m.get<std::string>();
    if (op != "oversize" && !MutateSigningInput(input, op)) later.push_back(op);
  }
  const std::string how = spec.value("sign", "key");
  std::string sig;
  if (how == "key") {
    auto s = SignJws(signer.key.get(), input);
    if (!s.ok()) Fail(name, s.status().message());
    sig = *s;
  } else if (how == "none") {
    sig.clear();
  } else if (how == "hmac-public-pem") {
    const std::string secret = PublicPem(signer.key.get());
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(),
         mac, &mac_len);
    sig.assign(reinterpret_cast<const char*>(mac), mac_len);
  } else if (how == "ecdsa-der") {
    sig = DerEcdsaSignature(signer.key.get(), input);
  } else {
    Fail(name, "unknown sign mode " + how);
  }
  std::string token = input + "." + Base64UrlEncode(sig);
  for (const auto& op : later) Mutate(token, op, name);
  return token;
}

/// Reads the corpus descriptions from `path`.
inline nlohmann::json LoadJwtNegativeCorpus(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str());
  if (!doc.is_object() || !doc.contains("cases") || !doc["cases"].is_array()) {
    throw std::runtime_error(path + ": expected {\"cases\": [...]}");
  }
  return doc["cases"];
}

/// Every case of the corpus as a token that must be rejected by a verifier
/// configured with `issuer`, `audience`, the default leeway (30 s) and a
/// token size cap of `max_token_bytes`, trusting keys.JwksJson(), at time
/// `now`.
inline std::vector<NegativeCase> BuildJwtNegativeCorpus(
    const TestKeys& keys, const std::string& issuer,
    const std::string& audience, std::int64_t now,
    std::size_t max_token_bytes = 8192,
    const std::string& path
#ifdef DW_SOURCE_DIR
    = kJwtNegativeCorpusPath
#endif
) {
  const CorpusContext ctx{keys, issuer, audience, now, max_token_bytes};
  std::vector<NegativeCase> out;
  for (const auto& spec : LoadJwtNegativeCorpus(path)) {
    out.push_back({spec.at("name").get<std::string>(), spec.value("why", ""),
                   BuildJwtCaseToken(spec, ctx)});
  }
  return out;
}

}  // namespace dw::server::testing

#endif  // DRIFTWISE_TESTS_SERVER_JWT_JWT_NEGATIVE_CORPUS_HPP
