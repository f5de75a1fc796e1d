// File: driftwise/audit_pack.hpp
//
// Compliance packs: a deterministic ZIP holding one period of an audit chain
// so that an auditor can verify it offline, from the pack alone.
//
// Entries, in this order (every ZIP field fixed: mtime 1980-01-01 00:00, no
// extra fields, no comment, UTF-8 names, deflate level 6 for JSONL):
//   README.txt               how to verify offline
//   manifest.json            format, chain, period, counts, head hashes,
//                            size and SHA-256 of every other entry
//   public_key.txt           the signing key (signed-note format)
//   checkpoints/<seq>.txt    signed checkpoints inside the period, one per
//                            entry, ascending seq; one always signs the head
//   previous_event.jsonl     the event just before the period (empty file
//                            when the period starts at seq 0)
//   events.jsonl             the period's events
// Same request → byte-identical ZIP (Ed25519 signatures are deterministic).
//
// Verification is strict: the ZIP must be exactly what the writer produces
// for its own entries (so any changed byte is detected, even in a field a
// lax reader would ignore), every entry's CRC-32, size and SHA-256 must
// match, every checkpoint must be signed by the pack's key (or a pinned key)
// and match the chain, and the chain must verify from previous_event.
//
// Thread-safety: pure functions; call from any thread.
#ifndef DRIFTWISE_AUDIT_PACK_HPP
#define DRIFTWISE_AUDIT_PACK_HPP

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/audit.hpp"
#include "driftwise/audit_checkpoint.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// Which events make a period: seq bounds and/or time bounds (inclusive
/// from, exclusive to for times; inclusive both ends for seqs).
struct AuditPeriodSelection {
  std::optional<std::uint64_t> from_seq;
  std::optional<std::uint64_t> to_seq;
  std::optional<std::string> from_time;  ///< RFC 3339
  std::optional<std::string> to_time;    ///< RFC 3339
};

/// A contiguous run of a chain and the event just before it.
struct AuditPeriod {
  std::vector<AuditEvent> events;
  std::optional<AuditEvent> previous_event;
};

/// Selects the contiguous events of `chain` (a whole chain starting at seq 0)
/// that match `selection`. Errors: bad times, or no event matches.
Result<AuditPeriod> SelectAuditPeriod(std::span<const AuditEvent> chain,
                                      const AuditPeriodSelection& selection);

struct AuditPackRequest {
  AuditPeriod period;
  /// Signs a checkpoint of the period's last event, included in the pack.
  AuditSigningKey key;
  /// Time written in that checkpoint; "" = the last event's time (so the
  /// pack depends on its inputs only, never on the clock).
  std::string checkpoint_time;
  /// More signed checkpoint notes to include (each must verify with `key`
  /// and fall inside the period, else an error).
  std::vector<std::string> extra_checkpoints;
};

/// Writes the pack, handing consecutive byte ranges to `sink` (which may
/// write them to a file). Errors: the period does not verify, a checkpoint
/// does not fit, an entry exceeds 4 GiB (no ZIP64), or the sink's error.
Status WriteAuditPack(const AuditPackRequest& request,
                      const std::function<Status(std::string_view)>& sink);
/// The pack as one string.
Result<std::string> BuildAuditPack(const AuditPackRequest& request);

struct PackVerifyOptions {
  /// When set, the pack's key must be this one; otherwise the pack's own
  /// key is used and the report says it was not pinned.
  std::optional<AuditPublicKey> trusted_key;
  /// An earlier checkpoint the verifier holds (already verified).
  std::optional<ChainAnchor> checkpoint;
  std::optional<std::uint64_t> expected_min_seq;
  unsigned threads = 0;
};

struct PackVerifyReport {
  /// The chain verdict; damage to the ZIP or manifest is `broken` too, with
  /// the reason naming the entry or byte offset.
  VerifyReport chain;
  std::string chain_id;
  std::string key;  ///< the pack's public key (formatted), "" if unreadable
  bool key_pinned = false;
  std::uint64_t checkpoints_verified = 0;
  std::optional<std::uint64_t> from_seq;  ///< first event of the period
};

/// Verifies a pack offline. Never fails: every problem is a report.
PackVerifyReport VerifyAuditPack(std::string_view zip_bytes,
                                 const PackVerifyOptions& options = {});

/// The report as JSON: VerifyReportToJson's members plus "chain_id",
/// "key", "key_pinned", "checkpoints_verified", "from_seq".
std::string PackVerifyReportToJson(const PackVerifyReport& report);

/// True when `bytes` starts like a ZIP file ("PK\3\4").
bool LooksLikeZip(std::string_view bytes) noexcept;

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_AUDIT_PACK_HPP
