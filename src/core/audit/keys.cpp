// File: src/core/audit/keys.cpp
//
// Ed25519 signing keys for checkpoints (libsodium), in the signed-note key
// text format so existing tooling conventions apply.
#include <sodium.h>

#include <string>
#include <vector>

#include "audit/base64.hpp"
#include "audit/sha256.hpp"
#include "driftwise/audit_checkpoint.hpp"

namespace dw {
inline namespace v1 {
namespace {

constexpr std::uint8_t kAlgEd25519 = 0x01;

Status CheckKeyName(std::string_view name) {
  if (name.empty()) return InvalidArgumentError("key name is empty");
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (c == '+' || c == ' ' || u < 0x21 || u == 0x7F) {
      return InvalidArgumentError(
          "key name must not contain '+', spaces or control characters");
    }
  }
  return OkStatus();
}

Status InitSodium() {
  if (sodium_init() < 0) return InternalError("libsodium failed to start");
  return OkStatus();
}

// Splits at the first max_parts-1 '+' signs; the base64 tail may hold '+'.
std::vector<std::string_view> SplitPlus(std::string_view s,
                                        std::size_t max_parts) {
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (true) {
    std::size_t p = s.find('+', pos);
    if (p == std::string_view::npos || parts.size() + 1 == max_parts) {
      parts.push_back(s.substr(pos));
      return parts;
    }
    parts.push_back(s.substr(pos, p - pos));
    pos = p + 1;
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' ||
                        s.front() == '\r' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' ||
                        s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// Parses name, hex key id and base64(0x01 ‖ 32 bytes) of either key format.
Status ParseKeyParts(std::string_view name, std::string_view id_hex,
                     std::string_view b64, std::string* out_name,
                     std::uint32_t* out_id,
                     std::array<std::uint8_t, 32>* out_bytes) {
  DW_RETURN_IF_ERROR(CheckKeyName(name));
  if (id_hex.size() != 8) {
    return InvalidArgumentError("key id must be 8 hex digits");
  }
  std::uint32_t id = 0;
  for (char c : id_hex) {
    int v = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                     : -1;
    if (v < 0) return InvalidArgumentError("key id must be lowercase hex");
    id = id << 4 | static_cast<std::uint32_t>(v);
  }
  Result<std::string> raw = audit_internal::Base64Decode(b64);
  if (!raw.ok()) return raw.status().WithContext("key");
  if (raw->size() != 33 ||
      static_cast<std::uint8_t>((*raw)[0]) != kAlgEd25519) {
    return InvalidArgumentError(
        "key material must be 0x01 (Ed25519) followed by 32 bytes");
  }
  *out_name = std::string(name);
  *out_id = id;
  std::copy(raw->begin() + 1, raw->end(), out_bytes->begin());
  return OkStatus();
}

}  // namespace

std::uint32_t ComputeAuditKeyId(std::string_view name,
                                const std::array<std::uint8_t, 32>& key) {
  audit_internal::Sha256 sha;
  sha.Begin();
  sha.Update(name);
  const char sep[2] = {'\n', static_cast<char>(kAlgEd25519)};
  sha.Update(std::string_view(sep, 2));
  sha.Update(std::string_view(reinterpret_cast<const char*>(key.data()), 32));
  Hash256 h = sha.Finish();
  return std::uint32_t{h[0]} << 24 | std::uint32_t{h[1]} << 16 |
         std::uint32_t{h[2]} << 8 | std::uint32_t{h[3]};
}

std::string KeyIdToHex(std::uint32_t key_id) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[key_id & 15];
    key_id >>= 4;
  }
  return out;
}

Result<AuditSigningKey> AuditSigningKeyFromSeed(
    std::string_view name, const std::array<std::uint8_t, 32>& seed) {
  DW_RETURN_IF_ERROR(CheckKeyName(name));
  DW_RETURN_IF_ERROR(InitSodium());
  AuditSigningKey key;
  key.name = std::string(name);
  key.seed = seed;
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(key.public_key.key.data(), sk, seed.data());
  sodium_memzero(sk, sizeof sk);
  key.public_key.name = key.name;
  key.public_key.key_id = ComputeAuditKeyId(name, key.public_key.key);
  return key;
}

Result<AuditSigningKey> GenerateAuditSigningKey(std::string_view name) {
  DW_RETURN_IF_ERROR(CheckKeyName(name));
  DW_RETURN_IF_ERROR(InitSodium());
  std::array<std::uint8_t, 32> seed{};
  randombytes_buf(seed.data(), seed.size());
  Result<AuditSigningKey> key = AuditSigningKeyFromSeed(name, seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

std::string FormatAuditPublicKey(const AuditPublicKey& key) {
  std::string raw(1, static_cast<char>(kAlgEd25519));
  raw.append(reinterpret_cast<const char*>(key.key.data()), key.key.size());
  return key.name + "+" + KeyIdToHex(key.key_id) + "+" +
         audit_internal::Base64Encode(raw);
}

std::string FormatAuditPrivateKey(const AuditSigningKey& key) {
  std::string raw(1, static_cast<char>(kAlgEd25519));
  raw.append(reinterpret_cast<const char*>(key.seed.data()), key.seed.size());
  std::string out = "PRIVATE+KEY+" + key.name + "+" +
                    KeyIdToHex(key.public_key.key_id) + "+" +
                    audit_internal::Base64Encode(raw);
  sodium_memzero(raw.data(), raw.size());
  return out;
}

Result<AuditPublicKey> ParseAuditPublicKey(std::string_view text) {
  std::vector<std::string_view> parts = SplitPlus(Trim(text), 3);
  if (parts.size() != 3) {
    return InvalidArgumentError(
        "public key must look like <name>+<8 hex key id>+<base64 key>");
  }
  AuditPublicKey key;
  DW_RETURN_IF_ERROR(ParseKeyParts(parts[0], parts[1], parts[2], &key.name,
                                   &key.key_id, &key.key));
  if (ComputeAuditKeyId(key.name, key.key) != key.key_id) {
    return InvalidArgumentError(
        "public key: key id does not match the name and key");
  }
  return key;
}

Result<AuditSigningKey> ParseAuditPrivateKey(std::string_view text) {
  std::vector<std::string_view> parts = SplitPlus(Trim(text), 5);
  if (parts.size() != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY") {
    return InvalidArgumentError(
        "private key must look like PRIVATE+KEY+<name>+<8 hex key "
        "id>+<base64>");
  }
  std::string name;
  std::uint32_t id = 0;
  std::array<std::uint8_t, 32> seed{};
  DW_RETURN_IF_ERROR(
      ParseKeyParts(parts[2], parts[3], parts[4], &name, &id, &seed));
  Result<AuditSigningKey> key = AuditSigningKeyFromSeed(name, seed);
  sodium_memzero(seed.data(), seed.size());
  if (key.ok() && key->public_key.key_id != id) {
    return InvalidArgumentError(
        "private key: key id does not match the name and key");
  }
  return key;
}

}  // namespace v1
}  // namespace dw
