#include "secrets/secret_box.hpp"

#include <sodium.h>

#include <cstdint>
#include <cstring>

namespace dw::server {
namespace {

constexpr std::string_view kPrefix = "dws1:";
constexpr std::size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t kNonceBytes =
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kMaxKeyId = 32;

bool EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

bool IsKeyIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool IsValidKeyId(std::string_view id) {
  if (id.empty() || id.size() > kMaxKeyId) return false;
  for (char c : id) {
    if (!IsKeyIdChar(c)) return false;
  }
  return true;
}

// Length-prefixed fields after a domain tag, so ("a","bc") and ("ab","c")
// never authenticate the same bytes.
std::string AssociatedData(std::string_view key_id, const SecretPlace& p) {
  std::string ad = "driftwise secret v1";
  ad.push_back('\0');
  for (std::string_view part :
       {key_id, p.org_id, p.table, p.row_id, p.column}) {
    const std::uint32_t n = static_cast<std::uint32_t>(part.size());
    for (int shift = 24; shift >= 0; shift -= 8) {
      ad.push_back(static_cast<char>((n >> shift) & 0xff));
    }
    ad.append(part);
  }
  return ad;
}

std::string Base64Url(const unsigned char* bytes, std::size_t n) {
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(n, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool DecodeBase64(std::string_view text, int variant,
                  std::vector<unsigned char>* out) {
  out->assign(text.size(), 0);
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out->data(), out->size(), text.data(), text.size(),
                        nullptr, &len, &end, variant) != 0 ||
      end != text.data() + text.size()) {
    return false;
  }
  out->resize(len);
  return true;
}

}  // namespace

// One key in guarded memory (sodium_malloc: guard pages, mlock, wiped on
// free), so key bytes neither swap out nor linger after the ring goes.
struct SecretKeyring::Key {
  std::string id;
  unsigned char* bytes = nullptr;

  explicit Key(std::string key_id)
      : id(std::move(key_id)),
        bytes(static_cast<unsigned char*>(sodium_malloc(kKeyBytes))) {}
  ~Key() { sodium_free(bytes); }
  Key(const Key&) = delete;
  Key& operator=(const Key&) = delete;
};

struct SecretKeyring::Ring {
  std::vector<std::unique_ptr<Key>> keys;  // keys[0] is current

  const Key* Find(std::string_view id) const {
    for (const auto& k : keys) {
      if (k->id == id) return k.get();
    }
    return nullptr;
  }
};

SecretKeyring::SecretKeyring(std::shared_ptr<const Ring> ring)
    : ring_(std::move(ring)) {}

Result<SecretKeyring> SecretKeyring::Parse(std::string_view text) {
  if (!EnsureSodium()) return InternalError("libsodium failed to initialize");
  auto ring = std::make_shared<Ring>();
  std::size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(
        pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    while (!line.empty() &&
           (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      line.remove_prefix(1);
    }
    if (line.empty() || line.front() == '#') continue;
    auto where = [&](std::string what) {
      return InvalidArgumentError("secret keyring line " +
                                  std::to_string(line_no) + ": " + what);
    };
    std::size_t space = line.find_first_of(" \t");
    if (space == std::string_view::npos) {
      return where("expected \"<key_id> <base64 key>\"");
    }
    std::string_view id = line.substr(0, space);
    std::string_view encoded = line.substr(space + 1);
    while (!encoded.empty() &&
           (encoded.front() == ' ' || encoded.front() == '\t')) {
      encoded.remove_prefix(1);
    }
    if (!IsValidKeyId(id)) {
      return where("key id must be 1-32 of A-Z a-z 0-9 _ -");
    }
    if (ring->Find(id))
      return where("key id '" + std::string(id) + "' repeats");
    std::vector<unsigned char> raw;
    if (!DecodeBase64(encoded, sodium_base64_VARIANT_ORIGINAL, &raw) &&
        !DecodeBase64(encoded, sodium_base64_VARIANT_URLSAFE_NO_PADDING,
                      &raw)) {
      return where("key is not base64");
    }
    if (raw.size() != kKeyBytes) {
      sodium_memzero(raw.data(), raw.size());
      return where("key must be 32 bytes, got " + std::to_string(raw.size()));
    }
    auto key = std::make_unique<Key>(std::string(id));
    if (key->bytes == nullptr) return InternalError("sodium_malloc failed");
    std::memcpy(key->bytes, raw.data(), kKeyBytes);
    sodium_memzero(raw.data(), raw.size());
    ring->keys.push_back(std::move(key));
  }
  if (ring->keys.empty()) {
    return InvalidArgumentError("secret keyring holds no key");
  }
  return SecretKeyring(std::move(ring));
}

std::string SecretKeyring::GenerateText(std::string_view key_id) {
  EnsureSodium();
  unsigned char raw[kKeyBytes];
  randombytes_buf(raw, sizeof raw);
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string b64(sodium_base64_encoded_len(sizeof raw, variant), '\0');
  sodium_bin2base64(b64.data(), b64.size(), raw, sizeof raw, variant);
  sodium_memzero(raw, sizeof raw);
  b64.resize(std::strlen(b64.c_str()));
  return "# driftwise secret keyring: the first key seals, every key opens.\n" +
         std::string(key_id) + " " + b64 + "\n";
}

std::string SecretKeyring::Seal(std::string_view plaintext,
                                const SecretPlace& place) const {
  const Key& key = *ring_->keys.front();
  const std::string ad = AssociatedData(key.id, place);
  std::vector<unsigned char> box(kNonceBytes + plaintext.size() + kTagBytes);
  randombytes_buf(box.data(), kNonceBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      box.data() + kNonceBytes, &written,
      reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(ad.data()),
      ad.size(), nullptr, box.data(), key.bytes);
  return std::string(kPrefix) + key.id + ":" +
         Base64Url(box.data(), kNonceBytes + written);
}

Result<std::string> SecretKeyring::Open(std::string_view sealed,
                                        const SecretPlace& place) const {
  if (!LooksSealed(sealed)) {
    return DataLossError("stored secret is not a sealed value");
  }
  std::string_view rest = sealed.substr(kPrefix.size());
  const std::size_t colon = rest.find(':');
  const std::string_view id = rest.substr(0, colon);
  const Key* key = ring_->Find(id);
  if (key == nullptr) {
    return NotFoundError("stored secret was sealed with key '" +
                         std::string(id) +
                         "', which the secret keyring does not hold");
  }
  std::vector<unsigned char> box;
  if (!DecodeBase64(rest.substr(colon + 1),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING, &box) ||
      box.size() < kNonceBytes + kTagBytes) {
    return DataLossError("stored secret is malformed");
  }
  const std::string ad = AssociatedData(key->id, place);
  std::string plain(box.size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &len, nullptr,
          box.data() + kNonceBytes, box.size() - kNonceBytes,
          reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
          box.data(), key->bytes) != 0) {
    return DataLossError(
        "stored secret failed authentication (tampered, moved to another "
        "row, column or org, or sealed with another key of that id)");
  }
  plain.resize(static_cast<std::size_t>(len));
  return plain;
}

bool SecretKeyring::NeedsReseal(std::string_view sealed) const {
  if (!LooksSealed(sealed)) return true;
  std::string_view rest = sealed.substr(kPrefix.size());
  return rest.substr(0, rest.find(':')) != ring_->keys.front()->id;
}

const std::string& SecretKeyring::current_key_id() const {
  return ring_->keys.front()->id;
}

std::vector<std::string> SecretKeyring::key_ids() const {
  std::vector<std::string> ids;
  for (const auto& k : ring_->keys) ids.push_back(k->id);
  return ids;
}

bool LooksSealed(std::string_view text) {
  if (text.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string_view rest = text.substr(kPrefix.size());
  const std::size_t colon = rest.find(':');
  return colon != std::string_view::npos &&
         IsValidKeyId(rest.substr(0, colon)) && colon + 1 < rest.size();
}

}  // namespace dw::server
