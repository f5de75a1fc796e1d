// File: server/jwt/dev_issuer.hpp
//
// A local token issuer for running the server without an identity provider
// (`driftwise dev-issuer init DIR` / `driftwise dev-issuer token DIR`).
//
// DIR holds:
//   signing-key.pem  Ed25519 private key, PKCS#8 PEM, mode 0600
//   jwks.json        its public JWK (kid = RFC 7638 thumbprint): point the
//                    server's --oidc-jwks at this file
//   issuer.json      {"issuer": ..., "audience": ..., "kid": ..., "alg":
//   "EdDSA"}
// EdDSA: small keys, deterministic signatures, no parameter choices to get
// wrong. (Verification costs more than RS256 on OpenSSL 3.0, but the
// server caches verified tokens.)
//
// Anyone who can read signing-key.pem can mint tokens the server accepts:
// it is for local development only.
//
// Thread-safety: functions touch only DIR; do not run two inits on one DIR
// at once.
#ifndef DRIFTWISE_SERVER_JWT_DEV_ISSUER_HPP
#define DRIFTWISE_SERVER_JWT_DEV_ISSUER_HPP

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "driftwise/status.hpp"

namespace dw::server {

inline constexpr char kDevIssuerDefaultIssuer[] =
    "http://127.0.0.1:8080/dev-issuer";
inline constexpr char kDevIssuerDefaultAudience[] = "driftwise";

struct DevIssuerInitOptions {
  std::string issuer = kDevIssuerDefaultIssuer;
  std::string audience = kDevIssuerDefaultAudience;
  /// Replace an existing key (tokens signed with the old one stop working).
  bool overwrite = false;
};

/// Creates DIR (mode 0700) if needed and writes a new key, jwks.json and
/// issuer.json. AlreadyExists when DIR already has a signing key and
/// `overwrite` is false; InvalidArgument for an empty issuer or audience;
/// Internal (naming the path and errno text) when a file cannot be written.
Status DevIssuerInit(const std::string& dir,
                     const DevIssuerInitOptions& options = {});

struct DevTokenOptions {
  std::string email;     ///< required unless `sub` is given
  std::string sub;       ///< default: "dev:" + email
  std::string issuer;    ///< default: issuer.json's
  std::string audience;  ///< default: issuer.json's
  std::int64_t ttl_seconds = 3600;
  /// Issue time; default the system clock.
  std::optional<std::int64_t> now_unix;
  /// Merged into the claims last (so they may override any claim); must be
  /// a JSON object or null.
  nlohmann::json extra_claims;
};

/// A JWT signed with DIR's key: header {"alg":"EdDSA","kid","typ":"JWT"},
/// claims iss, aud, sub, email, email_verified=true, iat, nbf, exp = now +
/// ttl, jti (random). NotFound when DIR has not been initialized;
/// InvalidArgument for no email and no sub, a ttl <= 0, or extra claims
/// that are not an object.
Result<std::string> DevIssuerToken(const std::string& dir,
                                   const DevTokenOptions& options);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JWT_DEV_ISSUER_HPP
