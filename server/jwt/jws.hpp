// File: server/jwt/jws.hpp
//
// JWS signatures (RFC 7515) over OpenSSL EVP for the three accepted
// algorithms, in their JWS wire formats (RFC 7518 §3.3-3.4, RFC 8037):
// RS256 = RSASSA-PKCS1-v1_5 with SHA-256, ES256 = ECDSA P-256 with SHA-256 as
// raw R||S (64 bytes, not DER), EdDSA = Ed25519.
//
// JwtSign builds a compact JWT from header and claims text taken verbatim, so
// tests can forge any header ("alg":"none", "crit", "jku", ...) and any
// claims; the server itself signs only through the dev issuer.
//
// Thread-safety: reentrant; a key may be used by several threads at once.
#ifndef DRIFTWISE_SERVER_JWT_JWS_HPP
#define DRIFTWISE_SERVER_JWT_JWS_HPP

#include <string>
#include <string_view>

#include "driftwise/status.hpp"
#include "jwt/jwk.hpp"

namespace dw::server {

/// Checks `signature` (raw JWS bytes) over `signing_input` with `key` and
/// its pinned algorithm. Unauthenticated "bad signature" when it does not
/// verify, or a message naming a wrong length ("ES256 signature is 70
/// bytes, expected 64").
Status VerifyJwsSignature(const Jwk& key, std::string_view signing_input,
                          std::string_view signature);

/// Signs `signing_input` with the private `key` using the algorithm of its
/// type (AlgForKey); returns the raw JWS signature.
Result<std::string> SignJws(EVP_PKEY* key, std::string_view signing_input);

/// base64url(header_json) "." base64url(claims_json) "." base64url(sig),
/// signed with `key`. The texts are not checked or changed.
Result<std::string> JwtSign(std::string_view header_json,
                            std::string_view claims_json, EVP_PKEY* key);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JWT_JWS_HPP
