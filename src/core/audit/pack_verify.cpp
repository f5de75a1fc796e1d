// File: src/core/audit/pack_verify.cpp
//
// Offline verification of a compliance pack. Order: the ZIP (canonical form,
// CRCs), the entry list, the key, the event before the period, the chain,
// the checkpoints, and finally the manifest and README, which must be exactly
// what the writer renders from the other entries.
#include <string>

#include "audit/pack_layout.hpp"
#include "audit/zip.hpp"
#include "driftwise/audit_pack.hpp"
#include "driftwise/json.hpp"

namespace dw {
inline namespace v1 {
namespace {

using audit_internal::ZipEntry;

void Fail(PackVerifyReport* r, std::string reason,
          std::optional<std::uint64_t> seq = std::nullopt) {
  r->chain.status = ChainStatus::kBroken;
  r->chain.reason = std::move(reason);
  r->chain.first_bad_seq = seq;
}

std::string StatusText(const Status& s) {
  std::string t = s.message();
  if (s.has_offset()) t += " (at byte " + std::to_string(s.offset()) + ")";
  return t;
}

// Checks entry names and order; fills the checkpoint entries' range.
bool CheckEntryNames(const std::vector<ZipEntry>& entries,
                     PackVerifyReport* r) {
  std::size_t n = entries.size();
  if (n < 6) {
    Fail(r, "pack has " + std::to_string(n) + " entries; at least 6 expected");
    return false;
  }
  const char* fixed_front[] = {audit_internal::kReadmeName,
                               audit_internal::kManifestName,
                               audit_internal::kPublicKeyName};
  for (std::size_t i = 0; i < 3; ++i) {
    if (entries[i].name != fixed_front[i]) {
      Fail(r, "pack entry " + std::to_string(i + 1) + " must be " +
                  fixed_front[i] + ", found " + entries[i].name.substr(0, 80));
      return false;
    }
  }
  if (entries[n - 2].name != audit_internal::kPreviousName ||
      entries[n - 1].name != audit_internal::kEventsName) {
    Fail(r, "pack must end with previous_event.jsonl and events.jsonl");
    return false;
  }
  for (std::size_t i = 3; i + 2 < n; ++i) {
    const std::string& name = entries[i].name;
    if (name.size() != 12 + 20 + 4 || !name.starts_with("checkpoints/") ||
        !name.ends_with(".txt")) {
      Fail(r, "unexpected pack entry " + name.substr(0, 80));
      return false;
    }
    if (i > 3 && !(entries[i - 1].name < name)) {
      Fail(r, "checkpoint entries are not in ascending seq order");
      return false;
    }
  }
  return true;
}

}  // namespace

PackVerifyReport VerifyAuditPack(std::string_view zip,
                                 const PackVerifyOptions& options) {
  PackVerifyReport r;
  Result<std::vector<ZipEntry>> read = audit_internal::ReadZipStrict(zip);
  if (!read.ok()) {
    Fail(&r, StatusText(read.status()));
    return r;
  }
  const std::vector<ZipEntry>& entries = *read;
  if (!CheckEntryNames(entries, &r)) return r;
  std::vector<std::string> content;
  for (const ZipEntry& e : entries) {
    Result<std::string> c = audit_internal::ExtractZipEntry(e);
    if (!c.ok()) {
      Fail(&r, StatusText(c.status()));
      return r;
    }
    content.push_back(std::move(*c));
  }
  std::size_t n = entries.size();
  audit_internal::PackParts parts;

  // The key.
  Result<AuditPublicKey> key = ParseAuditPublicKey(content[2]);
  if (!key.ok() || content[2] != FormatAuditPublicKey(*key) + "\n") {
    Fail(&r, "public_key.txt: " + (key.ok() ? std::string("not in canonical "
                                                          "form")
                                            : key.status().message()));
    return r;
  }
  parts.public_key = FormatAuditPublicKey(*key);
  r.key = parts.public_key;
  if (options.trusted_key) {
    if (!(*options.trusted_key == *key)) {
      Fail(&r, "the pack is signed by key " + parts.public_key +
                   ", not by the pinned key " +
                   FormatAuditPublicKey(*options.trusted_key));
      return r;
    }
    r.key_pinned = true;
  }

  // The event before the period.
  VerifyOptions vopts;
  vopts.threads = options.threads;
  vopts.checkpoint = options.checkpoint;
  vopts.expected_min_seq = options.expected_min_seq;
  const std::string& prev_text = content[n - 2];
  if (!prev_text.empty()) {
    if (prev_text.back() != '\n' ||
        prev_text.find('\n') != prev_text.size() - 1) {
      Fail(&r, "previous_event.jsonl must hold exactly one line");
      return r;
    }
    Result<AuditEvent> prev = ParseAuditJsonLine(
        std::string_view(prev_text).substr(0, prev_text.size() - 1));
    if (!prev.ok()) {
      Fail(&r, "previous_event.jsonl: " + StatusText(prev.status()));
      return r;
    }
    if (ComputeAuditEventHash(*prev) != prev->hash) {
      Fail(&r, "previous_event.jsonl: hash does not match the event's contents",
           prev->seq);
      return r;
    }
    vopts.start_after = ChainAnchor{prev->chain_id, prev->seq, prev->hash};
    parts.previous_event = std::move(*prev);
  }

  // The chain.
  const std::string& events_text = content[n - 1];
  r.chain = VerifyAuditJsonl(events_text, vopts);
  if (r.chain.status != ChainStatus::kIntact) return r;
  Result<std::vector<AuditEvent>> events = ParseAuditJsonl(events_text);
  if (!events.ok() || events->empty()) {
    Fail(&r, events.ok() ? "events.jsonl is empty"
                         : "events.jsonl: " + StatusText(events.status()));
    return r;
  }
  parts.events = std::move(*events);
  parts.chain_id = parts.events.front().chain_id;
  r.chain_id = parts.chain_id;
  r.from_seq = parts.events.front().seq;
  if (!parts.previous_event && *r.from_seq != 0) {
    Fail(&r,
         "the period starts at seq " + std::to_string(*r.from_seq) +
             " but the pack has no previous event",
         *r.from_seq);
    return r;
  }

  // The checkpoints: signed by the key, for this chain, matching the chain.
  std::uint64_t first_seq = parts.events.front().seq;
  std::uint64_t head_seq = parts.events.back().seq;
  std::uint64_t lowest = parts.previous_event ? parts.previous_event->seq : 0;
  for (std::size_t i = 3; i + 2 < n; ++i) {
    Result<AuditCheckpoint> cp = VerifyAuditCheckpoint(content[i], *key);
    if (!cp.ok()) {
      Fail(&r, entries[i].name + ": " + StatusText(cp.status()));
      return r;
    }
    if (entries[i].name != audit_internal::CheckpointEntryName(cp->head_seq) ||
        cp->chain_id != parts.chain_id || cp->head_seq < lowest ||
        cp->head_seq > head_seq) {
      Fail(&r, entries[i].name + ": checkpoint for chain \"" + cp->chain_id +
                   "\" seq " + std::to_string(cp->head_seq) +
                   " does not belong in this pack");
      return r;
    }
    const AuditEvent& at = cp->head_seq < first_seq
                               ? *parts.previous_event
                               : parts.events[cp->head_seq - first_seq];
    if (at.hash != cp->head_hash) {
      Fail(&r,
           entries[i].name +
               ": the chain does not pass through this "
               "signed checkpoint (rewritten)",
           cp->head_seq);
      return r;
    }
    parts.checkpoints[cp->head_seq] = content[i];
    ++r.checkpoints_verified;
  }
  if (!parts.checkpoints.contains(head_seq)) {
    Fail(&r,
         "no signed checkpoint covers the period's last event (seq " +
             std::to_string(head_seq) + ")",
         head_seq);
    return r;
  }

  // Everything else must be exactly what the writer renders.
  std::vector<std::pair<std::string, std::string>> expected =
      audit_internal::RenderPackFiles(parts);
  for (std::size_t i = 0; i < n; ++i) {
    if (expected.size() != n || expected[i].first != entries[i].name ||
        expected[i].second != content[i]) {
      Fail(&r, entries[i].name +
                   " does not match the pack's other contents "
                   "(edited manifest, README or events?)");
      return r;
    }
  }
  return r;
}

std::string PackVerifyReportToJson(const PackVerifyReport& r) {
  std::string out = VerifyReportToJson(r.chain);
  out.pop_back();  // reopen the object
  out += ",\"chain_id\":";
  AppendJsonString(out, r.chain_id);
  out += ",\"key\":";
  AppendJsonString(out, r.key);
  out += ",\"key_pinned\":";
  out += r.key_pinned ? "true" : "false";
  out += ",\"checkpoints_verified\":" + std::to_string(r.checkpoints_verified);
  out += ",\"from_seq\":";
  out += r.from_seq ? std::to_string(*r.from_seq) : "null";
  out += "}";
  return out;
}

}  // namespace v1
}  // namespace dw
