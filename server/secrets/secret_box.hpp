// File: server/secrets/secret_box.hpp
//
// Secrets at rest (backend credentials, cloud keys, webhook signing secrets):
// sealed with an AEAD before they reach the store, opened only where a job or
// a delivery needs them, never returned by the API and never logged.
//
// Sealing: XChaCha20-Poly1305 (libsodium, 24-byte random nonce) under the
// keyring's current key. The associated data binds the ciphertext to where it
// is stored — org, table, row id and column — so a sealed value copied into
// another row, column or org fails to open instead of leaking across the
// boundary.
//
// Sealed text: "dws1:<key_id>:<base64url(nonce || ciphertext || tag)>", plain
// ASCII so it fits a TEXT column in SQLite and PostgreSQL alike. The key id
// says which key of the ring opens it, so keys rotate: put a new key first,
// keep the old ones until every value is sealed again (NeedsReseal).
//
// Keyring text (DRIFTWISE_SECRET_KEYS, or the key file): one key per line,
// "<key_id> <base64 of 32 random bytes>", the first line the current key;
// blank lines and lines starting with '#' are ignored. Key ids are 1-32 of
// [A-Za-z0-9_-].
//
// Errors: kInvalidArgument for a malformed keyring (line number named);
// kNotFound for a sealed value whose key id is not in the ring;
// kDataLoss when a sealed value is malformed or fails authentication (wrong
// place, tampered, wrong key). Messages never contain key or plaintext bytes.
// Thread-safety: a SecretKeyring is immutable after loading; Seal and Open
// may be called from any number of threads at once. Key bytes live in
// libsodium's guarded, locked memory and are wiped when the ring goes.
#ifndef DRIFTWISE_SERVER_SECRETS_SECRET_BOX_HPP
#define DRIFTWISE_SERVER_SECRETS_SECRET_BOX_HPP

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/status.hpp"

namespace dw::server {

/// Where a sealed value lives; all four parts are authenticated.
struct SecretPlace {
  std::string_view org_id;
  std::string_view table;
  std::string_view row_id;
  std::string_view column;
};

class SecretKeyring {
 public:
  /// Parses keyring text (see the header comment).
  static Result<SecretKeyring> Parse(std::string_view text);
  /// A ring with one new random key, as the text a key file holds.
  static std::string GenerateText(std::string_view key_id);

  /// Seals `plaintext` for `place` under the current key.
  std::string Seal(std::string_view plaintext, const SecretPlace& place) const;
  /// Opens a value sealed for exactly `place`.
  Result<std::string> Open(std::string_view sealed,
                           const SecretPlace& place) const;
  /// True when `sealed` was sealed under a key other than the current one.
  bool NeedsReseal(std::string_view sealed) const;

  const std::string& current_key_id() const;
  std::vector<std::string> key_ids() const;

 private:
  struct Key;
  struct Ring;
  explicit SecretKeyring(std::shared_ptr<const Ring> ring);
  std::shared_ptr<const Ring> ring_;
};

/// Whether `text` has the shape of a sealed value ("dws1:..."); a cheap
/// check for tests and audits that no plaintext secret reached the store.
bool LooksSealed(std::string_view text);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_SECRETS_SECRET_BOX_HPP
