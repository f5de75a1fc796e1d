#include "api/api_key_codec.hpp"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace dw::server {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool IsBase62(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z');
}

std::string RandomBase62(std::size_t n) {
  std::string out;
  out.reserve(n);
  std::array<unsigned char, 64> buf{};
  while (out.size() < n) {
    if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
      throw std::runtime_error("RAND_bytes failed: no entropy for API key");
    }
    for (unsigned char b : buf) {
      // 248 = 4 * 62: bytes above it would bias the first characters.
      if (b < 248 && out.size() < n) out.push_back(kBase62[b % 62]);
    }
  }
  return out;
}

}  // namespace

NewApiKey GenerateApiKey() {
  NewApiKey key;
  key.key_prefix = "dw_" + RandomBase62(kApiKeyPrefixChars);
  key.raw_key = key.key_prefix + "_" + RandomBase62(kApiKeySecretChars);
  key.last4 = key.raw_key.substr(key.raw_key.size() - 4);
  return key;
}

std::optional<std::string> ApiKeyPrefix(std::string_view raw_key) {
  constexpr std::size_t kPrefixLen = 3 + kApiKeyPrefixChars;
  if (raw_key.size() != kPrefixLen + 1 + kApiKeySecretChars)
    return std::nullopt;
  if (raw_key.substr(0, 3) != "dw_" || raw_key[kPrefixLen] != '_') {
    return std::nullopt;
  }
  for (std::size_t i = 3; i < raw_key.size(); ++i) {
    if (i == kPrefixLen) continue;
    if (!IsBase62(raw_key[i])) return std::nullopt;
  }
  return std::string(raw_key.substr(0, kPrefixLen));
}

std::string HashApiKey(std::string_view pepper, std::string_view raw_key) {
  std::array<unsigned char, 32> mac{};
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), pepper.data(), static_cast<int>(pepper.size()),
       reinterpret_cast<const unsigned char*>(raw_key.data()), raw_key.size(),
       mac.data(), &mac_len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(64);
  for (unsigned char b : mac) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 15]);
  }
  return hex;
}

bool ApiKeyHashEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace dw::server
