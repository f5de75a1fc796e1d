// File: driftwise/audit_checkpoint.hpp
//
// Signed checkpoints of an audit chain: Ed25519 (libsodium) signatures over a
// text body naming the chain, its head seq, head hash and a time. A verifier
// that kept an earlier checkpoint off-box detects truncation and a full
// recompute-and-rewrite of the chain (see VerifyOptions::checkpoint).
//
// Checkpoint text (the format of a C2SP signed note; NOT a C2SP
// tlog-checkpoint, whose third line must be a Merkle root):
//   driftwise/audit/checkpoint/v1\n
//   <chain_id>\n
//   <head_seq, decimal>\n
//   <head_hash, 64 lowercase hex>\n
//   <time, RFC 3339>\n
//   \n
//   — <key name> <base64(key_id u32be ‖ signature[64])>\n   (one or more)
// The signature covers the five body lines exactly (newlines included).
// Signature lines from other keys are ignored, as signed-note verifiers do.
//
// Keys, in the signed-note key format:
//   public:  <name>+<key_id, 8 hex>+<base64(0x01 ‖ public_key[32])>
//   private: PRIVATE+KEY+<name>+<key_id, 8 hex>+<base64(0x01 ‖ seed[32])>
// key_id = first 4 bytes (big-endian) of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ pk).
//
// Thread-safety: pure functions; call from any thread.
// Ownership: AuditSigningKey holds the secret seed by value; callers keep it
// out of logs and wipe it when done if they care.
#ifndef DRIFTWISE_AUDIT_CHECKPOINT_HPP
#define DRIFTWISE_AUDIT_CHECKPOINT_HPP

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/audit.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// An Ed25519 public key with its name and key id.
struct AuditPublicKey {
  std::string name;
  std::array<std::uint8_t, 32> key{};
  std::uint32_t key_id = 0;

  bool operator==(const AuditPublicKey&) const = default;
};

/// An Ed25519 signing key (the 32-byte seed) with its public half.
struct AuditSigningKey {
  std::string name;
  std::array<std::uint8_t, 32> seed{};
  AuditPublicKey public_key;
};

/// key_id of (name, public key); see the top of the file.
std::uint32_t ComputeAuditKeyId(std::string_view name,
                                const std::array<std::uint8_t, 32>& key);
/// Lowercase 8-digit hex of a key id.
std::string KeyIdToHex(std::uint32_t key_id);

/// A new random key (libsodium randombytes). Errors: the name is empty or
/// contains '+', whitespace or control characters.
Result<AuditSigningKey> GenerateAuditSigningKey(std::string_view name);
/// The key derived from a fixed seed (for tests and known-answer vectors).
Result<AuditSigningKey> AuditSigningKeyFromSeed(
    std::string_view name, const std::array<std::uint8_t, 32>& seed);

std::string FormatAuditPublicKey(const AuditPublicKey& key);
std::string FormatAuditPrivateKey(const AuditSigningKey& key);
/// Parse the key formats above (surrounding whitespace ignored). Errors name
/// the bad part; a key id that does not match name and key is an error.
Result<AuditPublicKey> ParseAuditPublicKey(std::string_view text);
Result<AuditSigningKey> ParseAuditPrivateKey(std::string_view text);

/// What a checkpoint states.
struct AuditCheckpoint {
  std::string chain_id;
  std::uint64_t head_seq = 0;
  Hash256 head_hash{};
  std::string time;

  bool operator==(const AuditCheckpoint&) const = default;
};

/// One signature line of a note.
struct CheckpointSignature {
  std::string key_name;
  std::uint32_t key_id = 0;
  std::array<std::uint8_t, 64> signature{};
};

/// A parsed, not yet verified, checkpoint note.
struct ParsedCheckpoint {
  AuditCheckpoint checkpoint;
  std::string body;  ///< the signed bytes
  std::vector<CheckpointSignature> signatures;
};

/// The five body lines. Errors: chain_id empty or containing a newline or
/// control character, time not RFC 3339.
Result<std::string> AuditCheckpointBody(const AuditCheckpoint& checkpoint);
/// The full signed note (body, blank line, one signature line).
Result<std::string> SignAuditCheckpoint(const AuditCheckpoint& checkpoint,
                                        const AuditSigningKey& key);
/// Parses a note without checking signatures. Errors carry byte offsets.
Result<ParsedCheckpoint> ParseAuditCheckpoint(std::string_view note);
/// Parses and requires a valid signature by `key` (by name and key id).
/// Errors: kInvalidArgument for a malformed note, kUnauthenticated when no
/// signature line belongs to `key` or its signature does not verify.
Result<AuditCheckpoint> VerifyAuditCheckpoint(std::string_view note,
                                              const AuditPublicKey& key);
/// The anchor a verified checkpoint gives VerifyOptions::checkpoint.
ChainAnchor CheckpointAnchor(const AuditCheckpoint& checkpoint);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_AUDIT_CHECKPOINT_HPP
