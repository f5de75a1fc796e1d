// File: src/connectors/crypto.hpp
//
// The few primitives the connectors sign with, on OpenSSL: SHA-256,
// HMAC-SHA256, base64 (standard and url-safe) and RS256 signatures for
// Google service-account assertions. Internal to driftwise_connectors.
#ifndef DRIFTWISE_SRC_CONNECTORS_CRYPTO_HPP
#define DRIFTWISE_SRC_CONNECTORS_CRYPTO_HPP

#include <string>
#include <string_view>

#include "driftwise/status.hpp"

namespace dw::connectors {

/// Raw 32-byte digest.
std::string Sha256(std::string_view data);
/// Lower-case hex of `bytes`.
std::string Hex(std::string_view bytes);
/// Raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);
std::string Base64Encode(std::string_view bytes);
/// Fails (nullopt-like empty Result) on characters outside the alphabet.
Result<std::string> Base64Decode(std::string_view text);
/// Unpadded url-safe base64 (RFC 4648 §5), as JWTs use.
std::string Base64UrlEncode(std::string_view bytes);
/// RSASSA-PKCS1-v1_5 with SHA-256 of `data` under a PEM private key
/// (PKCS#8 or PKCS#1). The error never quotes the key.
Result<std::string> RsaSha256Sign(std::string_view pem_private_key,
                                  std::string_view data);

}  // namespace dw::connectors

#endif  // DRIFTWISE_SRC_CONNECTORS_CRYPTO_HPP
