// File: server/jwt/jwt_verifier.hpp
//
// Verification of OIDC bearer JWTs (compact JWS) against a JWKS, following
// RFC 8725 (see guides/reliability-study.md §2.3):
//   - the token's size is capped before anything is decoded;
//   - exactly three parts, strict unpadded base64url (base64url.hpp);
//   - header: a JSON object with string "alg" and "kid"; "alg" must equal
//     the algorithm the key with that kid is pinned to, so "none", HS256
//     and RS256-vs-ES256 confusion all fail; "crit" is rejected (we
//     understand no extensions); jku/jwk/x5u/x5c are ignored, keys come only
//     from the configured JwksSource;
//   - the signature is checked before the claims are parsed;
//   - claims: a JSON object; iss equal to the issuer; aud equal to, or an
//     array containing, the audience (exact match, no substring); exp
//     required with now < exp + leeway; nbf and iat, when present, <= now +
//     leeway; time claims must be JSON numbers; sub required; email, when
//     present, a plain address without control characters; email_verified,
//     when present, a boolean. Duplicate member names are rejected.
// Every failure is Unauthenticated with a message naming what was wrong
// ("token expired", "unknown kid \"x\"", "algorithm HS256 not allowed for
// key \"k\" (pinned to RS256)"). Messages may quote token content (bounded,
// escaped): log them, but answer clients with a generic 401.
//
// Verified tokens are cached (verified_token_cache.hpp); a hit re-checks
// exp/nbf against `now`, and a JWKS change (new generation) invalidates.
//
// Thread-safety: Verify() may be called from many threads at once.
#ifndef DRIFTWISE_SERVER_JWT_JWT_VERIFIER_HPP
#define DRIFTWISE_SERVER_JWT_JWT_VERIFIER_HPP

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "driftwise/status.hpp"
#include "jwt/jwks_source.hpp"
#include "jwt/jwt_claims.hpp"
#include "jwt/verified_token_cache.hpp"

namespace dw::server {

/// Largest leeway allowed for clock skew (RFC 8725 practice: small).
inline constexpr std::int64_t kMaxJwtLeewaySeconds = 60;

struct JwtVerifierConfig {
  std::string issuer;                ///< required; compared exactly with "iss"
  std::string audience;              ///< required; must appear exactly in "aud"
  std::int64_t leeway_seconds = 30;  ///< 0..kMaxJwtLeewaySeconds
  std::size_t max_token_bytes = 8192;
  /// When set, the header "typ" must equal it, ignoring case and an
  /// "application/" prefix (RFC 9068 access tokens use "at+jwt").
  std::string required_typ;
  /// Verified tokens remembered; 0 disables the cache.
  std::size_t cache_capacity = 65536;
};

class JwtVerifier {
 public:
  /// InvalidArgument for an empty issuer or audience, a leeway outside
  /// 0..60 or a zero size cap; `keys` must not be null.
  static Result<std::unique_ptr<JwtVerifier>> Create(
      JwtVerifierConfig config, std::shared_ptr<JwksSource> keys);

  /// Verifies `token` as of `now_unix` (seconds since the epoch).
  Result<JwtClaims> Verify(std::string_view token, std::int64_t now_unix) const;
  /// Verifies `token` as of the system clock.
  Result<JwtClaims> Verify(std::string_view token) const;

  const JwtVerifierConfig& config() const { return config_; }
  /// Tokens currently cached (for metrics and tests).
  std::size_t cached_tokens() const { return cache_.size(); }

 private:
  JwtVerifier(JwtVerifierConfig config, std::shared_ptr<JwksSource> keys);
  Result<JwtClaims> VerifyUncached(std::string_view token,
                                   std::int64_t now_unix) const;
  Status CheckTimes(const JwtClaims& claims, std::int64_t now_unix) const;

  JwtVerifierConfig config_;
  std::shared_ptr<JwksSource> keys_;
  mutable VerifiedTokenCache cache_;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JWT_JWT_VERIFIER_HPP
