// File: server/jwt/jwt_verifier.cpp
#include "jwt/jwt_verifier.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "jwt/base64url.hpp"
#include "jwt/jws.hpp"
#include "jwt/log_quote.hpp"
#include "jwt/strict_json.hpp"

namespace dw::server {
namespace {

constexpr std::size_t kMaxSubBytes = 255;
constexpr std::size_t kMaxEmailBytes = 320;

Status Reject(std::string msg) {
  return Status(StatusCode::kUnauthenticated, std::move(msg));
}

bool HasControlOrSpace(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c <= 0x20 || c == 0x7f;
  });
}

// The three parts of a compact JWS, without decoding.
struct Parts {
  std::string_view header, payload, signature, signing_input;
};

Result<Parts> Split(std::string_view token) {
  const std::size_t a = token.find('.');
  const std::size_t b =
      a == std::string_view::npos ? a : token.find('.', a + 1);
  if (b == std::string_view::npos) {
    return Reject("token does not have 3 dot-separated parts");
  }
  if (token.find('.', b + 1) != std::string_view::npos) {
    return Reject("token has more than 3 dot-separated parts");
  }
  Parts p;
  p.header = token.substr(0, a);
  p.payload = token.substr(a + 1, b - a - 1);
  p.signature = token.substr(b + 1);
  p.signing_input = token.substr(0, b);
  // An empty signature ("alg":"none") is left to the algorithm check, so
  // the log says what was attempted.
  if (p.header.empty() || p.payload.empty()) {
    return Reject("token has an empty header or claims part");
  }
  return p;
}

Result<std::string> DecodePart(std::string_view part, const char* name) {
  auto bytes = Base64UrlDecode(part);
  if (!bytes.ok()) {
    return Reject(std::string(name) + ": " + bytes.status().message());
  }
  return bytes;
}

Result<nlohmann::json> ParsePart(std::string_view text, const char* name) {
  auto doc = ParseStrictJsonObject(text, name);
  if (!doc.ok()) return Reject(doc.status().message());
  return doc;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

std::string MediaType(std::string_view typ) {
  std::string t = Lower(typ);
  if (t.starts_with("application/")) t.erase(0, 12);
  return t;
}

// A NumericDate (RFC 7519 §2): a JSON number, never a string.
Result<std::optional<std::int64_t>> NumericDate(const nlohmann::json& claims,
                                                const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end()) return std::optional<std::int64_t>();
  if (it->is_number_integer()) {
    if (it->is_number_unsigned() &&
        it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      return Reject(std::string(name) + " is out of range");
    }
    return std::optional<std::int64_t>(it->get<std::int64_t>());
  }
  if (it->is_number_float()) {
    const double v = it->get<double>();
    if (!std::isfinite(v) || v < -9.2e18 || v > 9.2e18) {
      return Reject(std::string(name) + " is out of range");
    }
    return std::optional<std::int64_t>(
        static_cast<std::int64_t>(std::floor(v)));
  }
  return Reject(std::string(name) + " is not a number (" +
                std::string(it->type_name()) + ")");
}

Result<std::string> OptionalString(const nlohmann::json& claims,
                                   const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end()) return std::string();
  if (!it->is_string()) {
    return Reject(std::string(name) + " is not a string");
  }
  return it->get<std::string>();
}

Status CheckHeader(const nlohmann::json& header, const JwtVerifierConfig& cfg) {
  // RFC 7515 §4.1.11: an unknown critical extension must fail, and we know
  // none.
  if (header.contains("crit")) {
    return Reject("header has \"crit\"; no extensions are supported");
  }
  if (!cfg.required_typ.empty()) {
    const auto typ = header.find("typ");
    if (typ == header.end() || !typ->is_string() ||
        MediaType(typ->get_ref<const std::string&>()) !=
            MediaType(cfg.required_typ)) {
      return Reject("header typ is not " + QuoteForLog(cfg.required_typ));
    }
  }
  return OkStatus();
}

Result<JwtClaims> ReadClaims(const nlohmann::json& c,
                             const JwtVerifierConfig& cfg) {
  JwtClaims out;
  // iss: exact match (RFC 8725 §3.8), no prefix or normalization.
  const auto iss = c.find("iss");
  if (iss == c.end() || !iss->is_string()) {
    return Reject("iss is missing or not a string");
  }
  out.iss = iss->get<std::string>();
  if (out.iss != cfg.issuer) {
    return Reject("wrong issuer " + QuoteForLog(out.iss));
  }
  // aud: exact match of a string or of one array element (RFC 8725 §3.9).
  const auto aud = c.find("aud");
  if (aud == c.end()) return Reject("aud is missing");
  if (aud->is_string()) {
    out.aud.push_back(aud->get<std::string>());
  } else if (aud->is_array()) {
    for (const auto& a : *aud) {
      if (!a.is_string()) return Reject("aud array holds a non-string");
      out.aud.push_back(a.get<std::string>());
    }
  } else {
    return Reject("aud is neither a string nor an array");
  }
  if (std::find(out.aud.begin(), out.aud.end(), cfg.audience) ==
      out.aud.end()) {
    return Reject("token is not for audience " + QuoteForLog(cfg.audience));
  }
  DW_ASSIGN_OR_RETURN(const auto exp, NumericDate(c, "exp"));
  if (!exp) return Reject("exp is missing");
  out.exp = *exp;
  DW_ASSIGN_OR_RETURN(out.nbf, NumericDate(c, "nbf"));
  DW_ASSIGN_OR_RETURN(out.iat, NumericDate(c, "iat"));
  const auto sub = c.find("sub");
  if (sub == c.end() || !sub->is_string() ||
      sub->get_ref<const std::string&>().empty()) {
    return Reject("sub is missing, empty or not a string");
  }
  out.sub = sub->get<std::string>();
  if (out.sub.size() > kMaxSubBytes || HasControlOrSpace(out.sub)) {
    return Reject("sub is too long or has control characters");
  }
  DW_ASSIGN_OR_RETURN(out.email, OptionalString(c, "email"));
  if (!out.email.empty()) {
    // The email picks the user and, through its domain, the org allowlist:
    // it must have one unambiguous domain and nothing hidden (NUL, spaces).
    const std::size_t at = out.email.find('@');
    if (out.email.size() > kMaxEmailBytes || HasControlOrSpace(out.email) ||
        at == 0 || at == std::string::npos || at + 1 == out.email.size() ||
        out.email.find('@', at + 1) != std::string::npos) {
      return Reject("email " + QuoteForLog(out.email) +
                    " is not a plain address");
    }
  }
  if (const auto ev = c.find("email_verified"); ev != c.end()) {
    if (!ev->is_boolean()) return Reject("email_verified is not a boolean");
    out.email_verified = ev->get<bool>();
  }
  DW_ASSIGN_OR_RETURN(out.jti, OptionalString(c, "jti"));
  return out;
}

}  // namespace

JwtVerifier::JwtVerifier(JwtVerifierConfig config,
                         std::shared_ptr<JwksSource> keys)
    : config_(std::move(config)),
      keys_(std::move(keys)),
      cache_(config_.cache_capacity) {}

Result<std::unique_ptr<JwtVerifier>> JwtVerifier::Create(
    JwtVerifierConfig config, std::shared_ptr<JwksSource> keys) {
  if (config.issuer.empty()) return InvalidArgumentError("JWT issuer is empty");
  if (config.audience.empty()) {
    return InvalidArgumentError("JWT audience is empty");
  }
  if (config.leeway_seconds < 0 ||
      config.leeway_seconds > kMaxJwtLeewaySeconds) {
    return InvalidArgumentError(
        "JWT leeway " + std::to_string(config.leeway_seconds) +
        " s is outside 0.." + std::to_string(kMaxJwtLeewaySeconds));
  }
  if (config.max_token_bytes == 0) {
    return InvalidArgumentError("JWT max_token_bytes is 0");
  }
  if (!keys) return InvalidArgumentError("JWT verifier has no key source");
  return std::unique_ptr<JwtVerifier>(
      new JwtVerifier(std::move(config), std::move(keys)));
}

Result<JwtClaims> JwtVerifier::Verify(std::string_view token) const {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return Verify(token, static_cast<std::int64_t>(now));
}

Status JwtVerifier::CheckTimes(const JwtClaims& claims,
                               std::int64_t now_unix) const {
  const std::int64_t leeway = config_.leeway_seconds;
  // Saturating comparisons: claims are attacker-chosen and may be extreme.
  if (claims.exp <= INT64_MIN + leeway || now_unix - leeway >= claims.exp) {
    return Reject("token expired");
  }
  if (claims.nbf && *claims.nbf > now_unix + leeway) {
    return Reject("token not valid yet (nbf in the future)");
  }
  if (claims.iat && *claims.iat > now_unix + leeway) {
    return Reject("token issued in the future (iat)");
  }
  return OkStatus();
}

Result<JwtClaims> JwtVerifier::Verify(std::string_view token,
                                      std::int64_t now_unix) const {
  // The size cap comes first: nothing else runs on an oversized token.
  if (token.size() > config_.max_token_bytes) {
    return Reject("token is " + std::to_string(token.size()) +
                  " bytes, more than the limit of " +
                  std::to_string(config_.max_token_bytes));
  }
  const auto digest = VerifiedTokenCache::DigestOf(token);
  const std::uint64_t generation = keys_->generation();
  if (auto hit = cache_.Find(digest, generation)) {
    DW_RETURN_IF_ERROR(CheckTimes(*hit, now_unix));
    return *hit;
  }
  DW_ASSIGN_OR_RETURN(JwtClaims claims, VerifyUncached(token, now_unix));
  cache_.Insert(digest, std::make_shared<const JwtClaims>(claims), generation,
                now_unix, config_.leeway_seconds);
  return claims;
}

Result<JwtClaims> JwtVerifier::VerifyUncached(std::string_view token,
                                              std::int64_t now_unix) const {
  DW_ASSIGN_OR_RETURN(const Parts parts, Split(token));
  DW_ASSIGN_OR_RETURN(const std::string header_text,
                      DecodePart(parts.header, "header"));
  DW_ASSIGN_OR_RETURN(const nlohmann::json header,
                      ParsePart(header_text, "header"));
  const auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string()) {
    return Reject("header alg is missing or not a string");
  }
  const auto kid = header.find("kid");
  if (kid == header.end() || !kid->is_string()) {
    return Reject("header kid is missing or not a string");
  }
  DW_RETURN_IF_ERROR(CheckHeader(header, config_));
  // jku, jwk, x5u and x5c are deliberately never read (RFC 8725 §3.10).
  DW_ASSIGN_OR_RETURN(const std::shared_ptr<const Jwk> key,
                      keys_->Lookup(kid->get_ref<const std::string&>()));
  // RFC 8725 §3.1: the key decides the algorithm; the header must agree.
  const std::string& alg_name = alg->get_ref<const std::string&>();
  if (alg_name != JwtAlgName(key->alg)) {
    return Reject("algorithm " + QuoteForLog(alg_name) +
                  " not allowed for key " + QuoteForLog(key->kid) +
                  " (pinned to " + std::string(JwtAlgName(key->alg)) + ")");
  }
  DW_ASSIGN_OR_RETURN(const std::string signature,
                      DecodePart(parts.signature, "signature"));
  DW_RETURN_IF_ERROR(VerifyJwsSignature(*key, parts.signing_input, signature));
  // Only now, with the signature good, are the claims read.
  DW_ASSIGN_OR_RETURN(std::string claims_text,
                      DecodePart(parts.payload, "claims"));
  DW_ASSIGN_OR_RETURN(const nlohmann::json claims_json,
                      ParsePart(claims_text, "claims"));
  DW_ASSIGN_OR_RETURN(JwtClaims claims, ReadClaims(claims_json, config_));
  DW_RETURN_IF_ERROR(CheckTimes(claims, now_unix));
  claims.kid = key->kid;
  claims.alg = std::string(JwtAlgName(key->alg));
  claims.raw_json = std::move(claims_text);
  return claims;
}

}  // namespace dw::server
