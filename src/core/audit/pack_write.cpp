// File: src/core/audit/pack_write.cpp
//
// Selecting a period and writing a compliance pack.
#include <string>

#include "audit/pack_layout.hpp"
#include "audit/zip.hpp"
#include "driftwise/audit_pack.hpp"

namespace dw {
inline namespace v1 {

Result<AuditPeriod> SelectAuditPeriod(std::span<const AuditEvent> chain,
                                      const AuditPeriodSelection& sel) {
  std::optional<std::int64_t> from_us, to_us;
  if (sel.from_time) {
    Result<std::int64_t> t = ParseRfc3339Micros(*sel.from_time);
    if (!t.ok()) return t.status().WithContext("from_time");
    from_us = *t;
  }
  if (sel.to_time) {
    Result<std::int64_t> t = ParseRfc3339Micros(*sel.to_time);
    if (!t.ok()) return t.status().WithContext("to_time");
    to_us = *t;
  }
  AuditPeriod period;
  std::optional<std::size_t> first;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const AuditEvent& e = chain[i];
    bool in = true;
    if (sel.from_seq && e.seq < *sel.from_seq) in = false;
    if (sel.to_seq && e.seq > *sel.to_seq) in = false;
    if (in && (from_us || to_us)) {
      Result<std::int64_t> t = ParseRfc3339Micros(e.time);
      if (!t.ok()) {
        return t.status().WithContext("event seq " + std::to_string(e.seq));
      }
      if (from_us && *t < *from_us) in = false;
      if (to_us && *t >= *to_us) in = false;
    }
    if (!in) {
      // A period is contiguous: stop at the first event after it.
      if (first) break;
      continue;
    }
    if (!first) first = i;
    period.events.push_back(e);
  }
  if (!first) {
    return NotFoundError("no event of the chain falls in the period");
  }
  if (*first > 0) period.previous_event = chain[*first - 1];
  return period;
}

Status WriteAuditPack(const AuditPackRequest& req,
                      const std::function<Status(std::string_view)>& sink) {
  const std::vector<AuditEvent>& events = req.period.events;
  if (events.empty()) return InvalidArgumentError("the period has no events");
  audit_internal::PackParts parts;
  parts.chain_id = events.front().chain_id;
  parts.events = events;
  parts.previous_event = req.period.previous_event;
  parts.public_key = FormatAuditPublicKey(req.key.public_key);

  // Only an intact period is packed: a pack vouches for its contents.
  VerifyOptions opts;
  if (parts.previous_event) {
    const AuditEvent& prev = *parts.previous_event;
    if (ComputeAuditEventHash(prev) != prev.hash) {
      return InvalidArgumentError(
          "the event before the period does not match its own hash");
    }
    opts.start_after = ChainAnchor{prev.chain_id, prev.seq, prev.hash};
  } else if (events.front().seq != 0) {
    return InvalidArgumentError(
        "the period does not start at seq 0, so the event before it is needed");
  }
  VerifyReport report = VerifyAuditEvents(events, opts);
  if (report.status != ChainStatus::kIntact) {
    return InvalidArgumentError("the period does not verify: " + report.reason);
  }

  const AuditEvent& head = events.back();
  std::uint64_t lowest =
      parts.previous_event ? parts.previous_event->seq : events.front().seq;
  for (const std::string& note : req.extra_checkpoints) {
    Result<AuditCheckpoint> cp =
        VerifyAuditCheckpoint(note, req.key.public_key);
    if (!cp.ok()) return cp.status().WithContext("extra checkpoint");
    if (cp->chain_id != parts.chain_id || cp->head_seq < lowest ||
        cp->head_seq > head.seq) {
      return InvalidArgumentError("extra checkpoint for seq " +
                                  std::to_string(cp->head_seq) +
                                  " is not inside the period");
    }
    const AuditEvent& at = cp->head_seq < events.front().seq
                               ? *parts.previous_event
                               : events[cp->head_seq - events.front().seq];
    if (at.hash != cp->head_hash) {
      return InvalidArgumentError("extra checkpoint for seq " +
                                  std::to_string(cp->head_seq) +
                                  " does not match the chain");
    }
    if (cp->head_seq != head.seq) parts.checkpoints[cp->head_seq] = note;
  }
  AuditCheckpoint head_cp{
      parts.chain_id, head.seq, head.hash,
      req.checkpoint_time.empty() ? head.time : req.checkpoint_time};
  DW_ASSIGN_OR_RETURN(parts.checkpoints[head.seq],
                      SignAuditCheckpoint(head_cp, req.key));

  DW_ASSIGN_OR_RETURN(std::vector<audit_internal::ZipEntry> entries,
                      audit_internal::RenderPackEntries(parts));
  audit_internal::ZipWriter writer(sink);
  for (const audit_internal::ZipEntry& e : entries) {
    DW_RETURN_IF_ERROR(writer.Add(e));
  }
  return writer.Finish();
}

Result<std::string> BuildAuditPack(const AuditPackRequest& request) {
  std::string out;
  DW_RETURN_IF_ERROR(WriteAuditPack(request, [&](std::string_view bytes) {
    out.append(bytes);
    return OkStatus();
  }));
  return out;
}

bool LooksLikeZip(std::string_view bytes) noexcept {
  return bytes.size() >= 4 &&
         bytes.substr(0, 4) == std::string_view("PK\3\4", 4);
}

}  // namespace v1
}  // namespace dw
