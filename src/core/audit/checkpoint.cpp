// File: src/core/audit/checkpoint.cpp
//
// Signed checkpoint notes: body text, Ed25519 signature lines, strict parsing.
#include <sodium.h>

#include <string>

#include "audit/base64.hpp"
#include "audit/event_codec.hpp"
#include "driftwise/audit_checkpoint.hpp"

namespace dw {
inline namespace v1 {
namespace {

constexpr std::string_view kHeader = "driftwise/audit/checkpoint/v1";
constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // "— " (U+2014)
constexpr std::size_t kMaxNoteBytes = 64 * 1024;
constexpr std::size_t kMaxSignatures = 64;

Result<std::uint64_t> ParseDecimal(std::string_view s) {
  if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) {
    return InvalidArgumentError("not a decimal seq");
  }
  std::uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return InvalidArgumentError("not a decimal seq");
    std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (n > (~std::uint64_t{0} - d) / 10) {
      return InvalidArgumentError("seq does not fit 64 bits");
    }
    n = n * 10 + d;
  }
  return n;
}

std::string Sign(std::string_view body, const AuditSigningKey& key) {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(pk, sk, key.seed.data());
  std::string raw(4 + crypto_sign_BYTES, '\0');
  std::uint32_t id = key.public_key.key_id;
  raw[0] = static_cast<char>(id >> 24);
  raw[1] = static_cast<char>(id >> 16);
  raw[2] = static_cast<char>(id >> 8);
  raw[3] = static_cast<char>(id);
  crypto_sign_detached(
      reinterpret_cast<unsigned char*>(raw.data() + 4), nullptr,
      reinterpret_cast<const unsigned char*>(body.data()), body.size(), sk);
  sodium_memzero(sk, sizeof sk);
  return std::string(kSigPrefix) + key.name + " " +
         audit_internal::Base64Encode(raw) + "\n";
}

}  // namespace

Result<std::string> AuditCheckpointBody(const AuditCheckpoint& cp) {
  if (!audit_internal::IsValidChainId(cp.chain_id)) {
    return InvalidArgumentError(
        "checkpoint chain_id must be non-empty UTF-8 without control "
        "characters",
        kNoOffset, "chain_id");
  }
  Result<std::int64_t> t = ParseRfc3339Micros(cp.time);
  if (!t.ok()) return t.status().WithContext("checkpoint time");
  std::string body(kHeader);
  body += "\n" + cp.chain_id + "\n" + std::to_string(cp.head_seq) + "\n" +
          HashToHex(cp.head_hash) + "\n" + cp.time + "\n";
  return body;
}

Result<std::string> SignAuditCheckpoint(const AuditCheckpoint& checkpoint,
                                        const AuditSigningKey& key) {
  DW_ASSIGN_OR_RETURN(std::string body, AuditCheckpointBody(checkpoint));
  if (sodium_init() < 0) return InternalError("libsodium failed to start");
  return body + "\n" + Sign(body, key);
}

Result<ParsedCheckpoint> ParseAuditCheckpoint(std::string_view note) {
  if (note.size() > kMaxNoteBytes) {
    return InvalidArgumentError("checkpoint note larger than 64 KiB", 0);
  }
  std::size_t split = note.find("\n\n");
  if (split == std::string_view::npos) {
    return InvalidArgumentError(
        "checkpoint note has no blank line before its signatures", note.size());
  }
  ParsedCheckpoint out;
  out.body = std::string(note.substr(0, split + 1));
  // Body: exactly five lines.
  std::string_view body = out.body;
  std::string_view lines[5];
  std::size_t offsets[5];
  std::size_t pos = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) {
      return InvalidArgumentError(
          "checkpoint body must have 5 lines (header, chain_id, seq, hash, "
          "time)",
          pos);
    }
    lines[i] = body.substr(pos, nl - pos);
    offsets[i] = pos;
    pos = nl + 1;
  }
  if (pos != body.size()) {
    return InvalidArgumentError(
        "checkpoint body has extra lines (extensions are not accepted)", pos);
  }
  if (lines[0] != kHeader) {
    return InvalidArgumentError(
        "checkpoint must start with \"driftwise/audit/checkpoint/v1\"", 0);
  }
  out.checkpoint.chain_id = std::string(lines[1]);
  if (!audit_internal::IsValidChainId(lines[1])) {
    return InvalidArgumentError("checkpoint chain_id is empty or invalid",
                                offsets[1], "chain_id");
  }
  Result<std::uint64_t> seq = ParseDecimal(lines[2]);
  if (!seq.ok()) {
    return InvalidArgumentError(
        "checkpoint head_seq: " + seq.status().message(), offsets[2],
        "head_seq");
  }
  out.checkpoint.head_seq = *seq;
  Result<Hash256> hash = HashFromHex(lines[3]);
  if (!hash.ok()) {
    return InvalidArgumentError(
        "checkpoint head_hash: " + hash.status().message(), offsets[3],
        "head_hash");
  }
  out.checkpoint.head_hash = *hash;
  Result<std::int64_t> t = ParseRfc3339Micros(lines[4]);
  if (!t.ok()) {
    return InvalidArgumentError("checkpoint time: " + t.status().message(),
                                offsets[4], "time");
  }
  out.checkpoint.time = std::string(lines[4]);

  // Signature lines.
  pos = split + 2;
  while (pos < note.size()) {
    std::size_t nl = note.find('\n', pos);
    if (nl == std::string_view::npos) {
      return InvalidArgumentError("signature line does not end with a newline",
                                  pos);
    }
    std::string_view line = note.substr(pos, nl - pos);
    if (line.substr(0, kSigPrefix.size()) != kSigPrefix) {
      return InvalidArgumentError(
          "expected a signature line starting with \"\u2014 \"", pos);
    }
    line.remove_prefix(kSigPrefix.size());
    std::size_t sp = line.find(' ');
    if (sp == std::string_view::npos || sp == 0 ||
        line.find(' ', sp + 1) != std::string_view::npos) {
      return InvalidArgumentError(
          "signature line must be \"\u2014 <key name> <base64>\"", pos);
    }
    Result<std::string> raw = audit_internal::Base64Decode(line.substr(sp + 1));
    if (!raw.ok() || raw->size() != 4 + 64) {
      return InvalidArgumentError(
          "signature must be base64 of a 4-byte key id and a 64-byte Ed25519 "
          "signature",
          pos + kSigPrefix.size() + sp + 1);
    }
    if (out.signatures.size() >= kMaxSignatures) {
      return InvalidArgumentError("more than 64 signature lines", pos);
    }
    CheckpointSignature sig;
    sig.key_name = std::string(line.substr(0, sp));
    const auto* r = reinterpret_cast<const std::uint8_t*>(raw->data());
    sig.key_id = std::uint32_t{r[0]} << 24 | std::uint32_t{r[1]} << 16 |
                 std::uint32_t{r[2]} << 8 | std::uint32_t{r[3]};
    std::copy(r + 4, r + 68, sig.signature.begin());
    out.signatures.push_back(std::move(sig));
    pos = nl + 1;
  }
  if (out.signatures.empty()) {
    return InvalidArgumentError("checkpoint has no signature line", split + 2);
  }
  return out;
}

Result<AuditCheckpoint> VerifyAuditCheckpoint(std::string_view note,
                                              const AuditPublicKey& key) {
  DW_ASSIGN_OR_RETURN(ParsedCheckpoint parsed, ParseAuditCheckpoint(note));
  if (sodium_init() < 0) return InternalError("libsodium failed to start");
  bool found = false;
  for (const CheckpointSignature& sig : parsed.signatures) {
    if (sig.key_name != key.name || sig.key_id != key.key_id) continue;
    found = true;
    if (crypto_sign_verify_detached(
            sig.signature.data(),
            reinterpret_cast<const unsigned char*>(parsed.body.data()),
            parsed.body.size(), key.key.data()) == 0) {
      return parsed.checkpoint;
    }
  }
  return Status(StatusCode::kUnauthenticated,
                found ? "checkpoint signature by key " + key.name + "+" +
                            KeyIdToHex(key.key_id) + " does not verify"
                      : "checkpoint has no signature by key " + key.name + "+" +
                            KeyIdToHex(key.key_id));
}

ChainAnchor CheckpointAnchor(const AuditCheckpoint& cp) {
  return ChainAnchor{cp.chain_id, cp.head_seq, cp.head_hash};
}

}  // namespace v1
}  // namespace dw
