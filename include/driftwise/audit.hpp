// File: driftwise/audit.hpp
//
// The tamper-evident audit chain (docs/design.md §3.7): events, their canonical
// encoding and SHA-256 hash, appending, and verifying a chain.
//
// Encoding v1 (frozen by the known-answer vectors in tests/data/audit/):
//   "driftwise/audit/event/v1\0"        domain tag (25 bytes)
//   u8   alg_id = 1                     SHA-256
//   prev_hash[32]
//   lp(chain_id) u64be(seq) lp(time) lp(actor) lp(action) lp(target)
//   lp(detail)
// where lp(x) = u32be(byte length) ‖ bytes. Strings are hashed as stored
// (UTF-8, no normalisation). `detail` is JSON kept as exact bytes: the bytes
// of the value as written in the JSONL line, first to last character.
// hash = SHA-256(encoding). The genesis prev_hash is
//   SHA-256("driftwise/audit/genesis/v1\0" ‖ lp(chain_id)).
// Seqs start at 0 and are contiguous.
//
// JSONL: one event per line, an object with exactly the members chain_id,
// seq, time, actor, action, target, detail, prev_hash, hash (hashes 64
// lowercase hex digits). Unknown or repeated members are rejected: a member
// the hash does not cover could be changed undetected.
//
// Thread-safety: everything here is a pure function of its arguments; call
// from any thread. VerifyJsonl may start worker threads of its own.
// Errors: Result/Status, never exceptions; parse errors carry byte offsets.
#ifndef DRIFTWISE_AUDIT_HPP
#define DRIFTWISE_AUDIT_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// A SHA-256 digest.
using Hash256 = std::array<std::uint8_t, 32>;

/// Lowercase hex of a digest (64 characters).
std::string HashToHex(const Hash256& hash);
/// Parses exactly 64 lowercase hex digits.
Result<Hash256> HashFromHex(std::string_view hex);

/// The caller's part of an event; the chain assigns seq and hashes.
struct AuditEventInput {
  std::string chain_id;
  std::string time;  ///< RFC 3339, e.g. "2026-01-02T03:04:05.123456Z"
  std::string actor;
  std::string action;
  std::string target;
  std::string detail = "{}";  ///< exact JSON bytes
};

/// One chained event, as stored in a JSONL line.
struct AuditEvent {
  std::string chain_id;
  std::uint64_t seq = 0;
  std::string time;
  std::string actor;
  std::string action;
  std::string target;
  std::string detail = "{}";  ///< exact JSON bytes
  Hash256 prev_hash{};
  Hash256 hash{};

  bool operator==(const AuditEvent&) const = default;
};

/// The canonical v1 encoding of an event's hashed fields (see top of file).
/// `hash` is not part of it.
std::string EncodeAuditEvent(const AuditEvent& event);
/// SHA-256 of EncodeAuditEvent(event).
Hash256 ComputeAuditEventHash(const AuditEvent& event);
/// The prev_hash of seq 0 in chain `chain_id`.
Hash256 GenesisPrevHash(std::string_view chain_id);

/// Where a chain ends: the next event gets `next_seq` and `prev_hash`.
struct ChainHead {
  std::string chain_id;
  std::uint64_t next_seq = 0;
  Hash256 prev_hash{};

  bool operator==(const ChainHead&) const = default;
};

/// The head of an empty chain.
ChainHead EmptyChainHead(std::string_view chain_id);
/// The head just after `event` (which is assumed valid).
ChainHead HeadAfter(const AuditEvent& event);

/// An appended event and the new head.
struct AppendResult {
  AuditEvent event;
  ChainHead head;
};

/// Chains `input` onto `head`. Errors (kInvalidArgument, naming the field):
/// chain_id differs from the head's or is empty, time is not RFC 3339,
/// a string is not valid UTF-8, detail is not one valid JSON value.
Result<AppendResult> AppendAuditEvent(const ChainHead& head,
                                      const AuditEventInput& input);

/// Checks an event's own fields (UTF-8, time, detail JSON, non-empty
/// chain_id). The error names the field.
Status ValidateAuditEventFields(const AuditEvent& event);

// JSONL ----------------------------------------------------------------------

/// One JSONL line (no trailing newline): members in a fixed order, detail
/// copied verbatim.
std::string AuditEventToJsonLine(const AuditEvent& event);
/// Parses one line (without its newline). `base_offset` is added to byte
/// offsets in errors. Does not check the hash.
Result<AuditEvent> ParseAuditJsonLine(std::string_view line,
                                      std::uint64_t base_offset = 0);
/// Parses a whole JSONL text (a final newline is optional; blank lines are
/// errors). Errors name the line number and byte offset.
Result<std::vector<AuditEvent>> ParseAuditJsonl(std::string_view text);
/// Parses one append-input line: {"chain_id","time","actor","action",
/// "target","detail"} (detail optional, default {}).
Result<AuditEventInput> ParseAuditInputLine(std::string_view line,
                                            std::uint64_t base_offset = 0);

// Verification ----------------------------------------------------------------

enum class ChainStatus { kIntact, kBroken, kTruncated };
/// "intact", "broken", "truncated".
std::string_view ChainStatusName(ChainStatus status) noexcept;

/// What a verifier holding an earlier checkpoint knows: the event at `seq`
/// of `chain_id` had hash `head_hash`. Obtain it from a checkpoint whose
/// signature was verified (see audit_checkpoint.hpp).
struct ChainAnchor {
  std::string chain_id;
  std::uint64_t seq = 0;
  Hash256 head_hash{};
};

struct VerifyOptions {
  /// The chain being verified. Without it the checkpoint's chain_id is
  /// taken, else the first event's (then a foreign event at position 0
  /// shows up only at seq 1).
  std::optional<std::string> chain_id;
  /// The chain must reach at least this seq, else `truncated`.
  std::optional<std::uint64_t> expected_min_seq;
  /// The chain must pass through this point, else `broken` (different hash)
  /// or `truncated` (chain ends before it).
  std::optional<ChainAnchor> checkpoint;
  /// For a segment that does not start at seq 0: the event just before it
  /// (its seq and hash). Without it the first event must be seq 0.
  std::optional<ChainAnchor> start_after;
  /// Worker threads for VerifyJsonl (0 = automatic, at most 8). Links are
  /// always checked in order; only parsing and hashing run in parallel.
  unsigned threads = 0;
};

/// The outcome of verifying a chain.
struct VerifyReport {
  ChainStatus status = ChainStatus::kIntact;
  /// Events that verified before the first bad one (all, when intact).
  std::uint64_t checked = 0;
  /// The last good event (absent when there is none).
  std::optional<std::uint64_t> head_seq;
  std::string head_hash;  ///< lowercase hex, "" when head_seq is absent
  /// The seq expected at the first failing position (broken only).
  std::optional<std::uint64_t> first_bad_seq;
  /// Why it is not intact ("" when intact).
  std::string reason;
};

/// Walks `events` in order. Every event must belong to the same chain, have
/// the next seq, link to the previous hash (the genesis hash for seq 0) and
/// carry its own correct hash. The first failure makes the report `broken`
/// at the seq expected at that position. Then the options' checkpoint and
/// expected_min_seq are applied. Never fails: bad data is a report.
VerifyReport VerifyAuditEvents(std::span<const AuditEvent> events,
                               const VerifyOptions& options = {});

/// Parses and verifies a JSONL chain. A line that does not parse makes the
/// chain `broken` at that position (the reason names line and byte offset).
/// Parsing and hashing use `options.threads` threads.
VerifyReport VerifyAuditJsonl(std::string_view text,
                              const VerifyOptions& options = {});

/// The events of a chain that must be intact to be used (appending to it,
/// signing its head, packing it): the CLI, the C ABI and Python all open a
/// chain this way. Errors: those of ParseAuditJsonl, or kFailedPrecondition
/// "the chain is broken|truncated: <reason>".
Result<std::vector<AuditEvent>> ParseIntactChain(std::string_view jsonl);

/// The report as one JSON object: {"status","checked","head_seq",
/// "head_hash","first_bad_seq","reason"} (absent values are null).
std::string VerifyReportToJson(const VerifyReport& report);

// Time
// -------------------------------------------------------------------------

/// Parses an RFC 3339 date-time ("2026-01-02T03:04:05.123Z", offsets
/// allowed, up to 9 fraction digits) to microseconds since the Unix epoch.
Result<std::int64_t> ParseRfc3339Micros(std::string_view text);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_AUDIT_HPP
