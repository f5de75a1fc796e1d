// File: src/core/audit/verify_check.hpp
//
// The per-event rules shared by the sequential verifier (VerifyAuditEvents)
// and the parallel JSONL verifier, so both report the same first bad seq.
#ifndef DRIFTWISE_SRC_CORE_AUDIT_VERIFY_CHECK_HPP
#define DRIFTWISE_SRC_CORE_AUDIT_VERIFY_CHECK_HPP

#include <optional>
#include <string>

#include "audit/event_codec.hpp"
#include "driftwise/audit.hpp"

namespace dw::audit_internal {

/// What the verifier knows before it looks at any event.
struct ChainContext {
  std::string chain_id;          // the chain's id (from its first event)
  std::uint64_t start_seq = 0;   // seq expected at position 0
  Hash256 start_prev{};          // prev_hash expected at position 0
  bool start_is_genesis = true;  // start_prev is the genesis hash
  std::optional<ChainAnchor> checkpoint;  // only when for this chain
};

/// Builds the context for a chain whose first event has `first_chain_id`.
ChainContext MakeContext(std::string_view first_chain_id,
                         const VerifyOptions& options);

/// The position rules: seq and link. Returns "" when they hold.
std::string CheckPosition(const EventView& e, std::uint64_t expected_seq,
                          const Hash256& expected_prev, bool prev_is_genesis);
/// The event's own rules: chain, hash, checkpoint. "" when they hold.
std::string CheckContents(const EventView& e, const Hash256& computed_hash,
                          const ChainContext& ctx);

/// Applies checkpoint/expected_min_seq to a report that is intact so far.
void FinishReport(const ChainContext* ctx, const VerifyOptions& options,
                  VerifyReport* report);

}  // namespace dw::audit_internal

#endif  // DRIFTWISE_SRC_CORE_AUDIT_VERIFY_CHECK_HPP
