// File: src/core/audit/verify_check.cpp
#include "audit/verify_check.hpp"

#include <string>

namespace dw::audit_internal {

ChainContext MakeContext(std::string_view first_chain_id,
                         const VerifyOptions& options) {
  ChainContext ctx;
  // The chain's identity: given, else the checkpoint's, else the first
  // event's (weakest: a foreign first event then shows up at seq 1).
  ctx.chain_id = options.chain_id     ? *options.chain_id
                 : options.checkpoint ? options.checkpoint->chain_id
                                      : std::string(first_chain_id);
  if (options.start_after) {
    ctx.start_seq = options.start_after->seq + 1;
    ctx.start_prev = options.start_after->head_hash;
    ctx.start_is_genesis = false;
  } else {
    ctx.start_prev = GenesisPrevHash(ctx.chain_id);
  }
  if (options.checkpoint && options.checkpoint->chain_id == ctx.chain_id) {
    ctx.checkpoint = options.checkpoint;
  }
  return ctx;
}

std::string CheckPosition(const EventView& e, std::uint64_t expected_seq,
                          const Hash256& expected_prev, bool prev_is_genesis) {
  if (e.seq != expected_seq) {
    return "seq " + std::to_string(expected_seq) + ": found seq " +
           std::to_string(e.seq) +
           " at this position (event missing, "
           "duplicated or reordered)";
  }
  if (e.prev_hash != expected_prev) {
    return "seq " + std::to_string(expected_seq) +
           (prev_is_genesis
                ? ": prev_hash is not the genesis hash of the chain"
                : ": prev_hash does not link to the previous event's hash");
  }
  return {};
}

std::string CheckContents(const EventView& e, const Hash256& computed_hash,
                          const ChainContext& ctx) {
  if (e.chain_id != ctx.chain_id) {
    return "seq " + std::to_string(e.seq) + ": chain_id \"" +
           std::string(e.chain_id.substr(0, 128)) +
           "\" differs from the chain's \"" + ctx.chain_id + "\"";
  }
  if (computed_hash != e.hash) {
    return "seq " + std::to_string(e.seq) +
           ": hash does not match the event's contents (recomputed " +
           HashToHex(computed_hash) + ")";
  }
  if (ctx.checkpoint && e.seq == ctx.checkpoint->seq &&
      e.hash != ctx.checkpoint->head_hash) {
    return "seq " + std::to_string(e.seq) +
           ": hash differs from the signed checkpoint's head_hash " +
           HashToHex(ctx.checkpoint->head_hash) + " (chain rewritten)";
  }
  return {};
}

void FinishReport(const ChainContext* ctx, const VerifyOptions& options,
                  VerifyReport* r) {
  if (r->status != ChainStatus::kIntact) return;
  if (options.checkpoint) {
    const ChainAnchor& cp = *options.checkpoint;
    if (ctx == nullptr && options.chain_id &&
        cp.chain_id != *options.chain_id) {
      r->status = ChainStatus::kBroken;
      r->reason = "the checkpoint is for chain \"" + cp.chain_id +
                  "\", not \"" + *options.chain_id + "\"";
      return;
    }
    if (ctx != nullptr && cp.chain_id != ctx->chain_id) {
      r->status = ChainStatus::kBroken;
      r->first_bad_seq = ctx->start_seq;
      r->reason = "the checkpoint is for chain \"" + cp.chain_id +
                  "\", not \"" + ctx->chain_id + "\"";
      return;
    }
    if (!r->head_seq || *r->head_seq < cp.seq) {
      r->status = ChainStatus::kTruncated;
      r->reason = "the chain ends " +
                  (r->head_seq ? "at seq " + std::to_string(*r->head_seq)
                               : std::string("before its first event")) +
                  " but the signed checkpoint covers seq " +
                  std::to_string(cp.seq);
      return;
    }
    if (ctx != nullptr && options.start_after &&
        cp.seq == options.start_after->seq &&
        cp.head_hash != options.start_after->head_hash) {
      r->status = ChainStatus::kBroken;
      r->first_bad_seq = cp.seq;
      r->reason = "seq " + std::to_string(cp.seq) +
                  ": the event before the segment differs from the signed "
                  "checkpoint (chain rewritten)";
      return;
    }
  }
  if (options.expected_min_seq &&
      (!r->head_seq || *r->head_seq < *options.expected_min_seq)) {
    r->status = ChainStatus::kTruncated;
    r->reason = "the chain ends " +
                (r->head_seq ? "at seq " + std::to_string(*r->head_seq)
                             : std::string("before its first event")) +
                " but expected_min_seq is " +
                std::to_string(*options.expected_min_seq);
  }
}

}  // namespace dw::audit_internal
