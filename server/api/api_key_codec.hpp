// File: server/api/api_key_codec.hpp
//
// API key format and hashing. A key reads `dw_<prefix>_<secret>`: `dw_` tells
// secret scanners what it is, the 12-character base62 prefix is public (shown
// in lists, indexed for lookup) and the 43-character base62 secret carries
// 256 bits from the CSPRNG. The store keeps only HMAC-SHA-256(pepper, key):
// a leaked database does not give usable keys, and without the pepper not
// even an offline guess can be checked. A slow KDF buys nothing for 256-bit
// random secrets.
//
// Thread-safety: pure functions; call from any thread.
#ifndef DRIFTWISE_SERVER_API_API_KEY_CODEC_HPP
#define DRIFTWISE_SERVER_API_API_KEY_CODEC_HPP

#include <optional>
#include <string>
#include <string_view>

namespace dw::server {

inline constexpr std::size_t kApiKeyPrefixChars = 12;
inline constexpr std::size_t kApiKeySecretChars = 43;

struct NewApiKey {
  std::string raw_key;     ///< shown to the user once, never stored
  std::string key_prefix;  ///< "dw_" + 12 chars, stored and shown
  std::string last4;       ///< last 4 characters of the key, shown in lists
};

/// Draws a new key from the CSPRNG (OpenSSL RAND_bytes, rejection-sampled
/// into base62 so every character is uniform).
NewApiKey GenerateApiKey();

/// The public prefix ("dw_XXXXXXXXXXXX") of a well-formed key, or nullopt
/// when `raw_key` does not have the key format (length, charset, separators).
std::optional<std::string> ApiKeyPrefix(std::string_view raw_key);

/// HMAC-SHA-256(pepper, raw_key) as 64 lowercase hex digits.
std::string HashApiKey(std::string_view pepper, std::string_view raw_key);

/// Constant-time comparison of two hex digests (false when lengths differ).
bool ApiKeyHashEquals(std::string_view a, std::string_view b);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_API_KEY_CODEC_HPP
