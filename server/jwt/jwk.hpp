// File: server/jwt/jwk.hpp
//
// One JSON Web Key (RFC 7517) as an OpenSSL public key pinned to exactly one
// signature algorithm (RFC 8725 §3.1). The algorithm comes from the key's
// kty/crv, never from a token: RSA -> RS256, EC P-256 -> ES256, OKP Ed25519
// -> EdDSA. A JWK's own "alg" member, when present, must agree.
//
// Also: the reverse direction (public key -> JWK), RFC 7638 thumbprints and
// key generation, used by the dev issuer and by tests.
//
// Thread-safety: functions are reentrant. A Jwk's EVP_PKEY is never modified
// after parsing, and OpenSSL 3 allows one EVP_PKEY to verify signatures on
// many threads at once, so a Jwk may be shared freely.
#ifndef DRIFTWISE_SERVER_JWT_JWK_HPP
#define DRIFTWISE_SERVER_JWT_JWK_HPP

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "driftwise/status.hpp"
#include "jwt/openssl_ptr.hpp"

namespace dw::server {

/// The only JWS algorithms accepted (what OIDC identity providers publish).
/// HMAC algorithms are absent on purpose: a JWKS holds public keys.
enum class JwtAlg { kRS256, kES256, kEdDSA };

/// "RS256", "ES256" or "EdDSA" (the JWS "alg" spelling).
std::string_view JwtAlgName(JwtAlg alg);

/// Smallest RSA modulus accepted (RFC 7518 §3.3 requires 2048 bits).
inline constexpr int kMinRsaBits = 2048;
/// Largest RSA modulus accepted: verification cost grows with it.
inline constexpr int kMaxRsaBits = 8192;

/// A verification key: its kid, its one algorithm and the public key.
struct Jwk {
  std::string kid;
  JwtAlg alg = JwtAlg::kRS256;
  std::shared_ptr<EVP_PKEY> key;  ///< public key; never null in a parsed Jwk
};

/// Parses one JWK. InvalidArgument says why the key cannot be used for
/// signature verification, e.g. "kty \"oct\" is not accepted",
/// "use \"enc\" is not \"sig\"", "RSA modulus has 1024 bits, need >= 2048",
/// "alg \"RS256\" does not match kty EC (ES256)", "EC point is not on P-256".
Result<Jwk> ParseJwk(const nlohmann::json& jwk);

/// The public JWK of `key` (RSA, EC P-256 or Ed25519; a private key's public
/// half): kty, crv, n/e or x/y, "use":"sig", "alg", and "kid" = its RFC 7638
/// thumbprint. InvalidArgument for any other key type.
Result<nlohmann::json> PublicJwk(const EVP_PKEY* key);

/// RFC 7638 thumbprint of a public JWK: base64url(SHA-256(canonical JSON of
/// the required members)). InvalidArgument if a required member is missing.
Result<std::string> JwkThumbprint(const nlohmann::json& jwk);

/// The algorithm `key` signs with (by key type). InvalidArgument otherwise.
Result<JwtAlg> AlgForKey(const EVP_PKEY* key);

/// A new private key for `alg`: RSA 2048 bits, EC P-256 or Ed25519.
Result<EvpPkeyPtr> GenerateSigningKey(JwtAlg alg);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JWT_JWK_HPP
