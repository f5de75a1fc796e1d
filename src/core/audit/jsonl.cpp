// File: src/core/audit/jsonl.cpp
//
// Reading and writing audit JSONL lines. The reader is strict: exactly the
// nine members, each once, with the right types, because a member the hash
// does not cover could be changed without detection.
#include <string>

#include "audit/event_codec.hpp"
#include "audit/json_scan.hpp"
#include "driftwise/audit.hpp"
#include "driftwise/json.hpp"

namespace dw::audit_internal {
namespace {

// Lines are capped so every field fits the encoding's u32 lengths with room.
constexpr std::size_t kMaxLineBytes = std::size_t{1} << 30;

enum Member : unsigned {
  kChainId = 0,
  kSeq,
  kTime,
  kActor,
  kAction,
  kTarget,
  kDetail,
  kPrevHash,
  kHash,
  kMemberCount
};
constexpr std::string_view kMemberNames[kMemberCount] = {
    "chain_id", "seq",    "time",      "actor", "action",
    "target",   "detail", "prev_hash", "hash"};

int MemberIndex(std::string_view key) {
  // Dispatch on length first: this runs nine times per verified event.
  auto is = [&](Member m) {
    return key == kMemberNames[m] ? static_cast<int>(m) : -1;
  };
  switch (key.size()) {
    case 3:
      return is(kSeq);
    case 4:
      return key[0] == 't' ? is(kTime) : is(kHash);
    case 5:
      return is(kActor);
    case 6:
      return key[0] == 'a'   ? is(kAction)
             : key[0] == 't' ? is(kTarget)
                             : is(kDetail);
    case 8:
      return is(kChainId);
    case 9:
      return is(kPrevHash);
    default:
      return -1;
  }
}

Status ParseSeq(const RawValue& v, std::uint64_t base, std::uint64_t* out) {
  std::string_view s = v.raw;
  bool ok = v.kind == RawKind::kNumber && !s.empty() && s.size() <= 20 &&
            (s.size() == 1 || s[0] != '0');
  std::uint64_t n = 0;
  for (char c : s) {
    if (!ok) break;
    if (c < '0' || c > '9') {
      ok = false;
      break;
    }
    std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (n > (~std::uint64_t{0} - d) / 10) ok = false;
    n = n * 10 + d;
  }
  if (!ok) {
    return InvalidArgumentError(
        "seq must be a non-negative integer without sign, fraction or "
        "exponent that fits 64 bits",
        base + v.offset, "seq");
  }
  *out = n;
  return OkStatus();
}

Status ParseHashMember(const RawValue& v, std::uint64_t base, const char* name,
                       Hash256* out) {
  if (v.kind != RawKind::kString) {
    return InvalidArgumentError(std::string(name) + " must be a string",
                                base + v.offset, name);
  }
  if (DecodeHashHex(v.raw.substr(1, v.raw.size() - 2), out)) return OkStatus();
  Result<Hash256> h = HashFromHex(v.raw.substr(1, v.raw.size() - 2));
  return InvalidArgumentError(std::string(name) + ": " + h.status().message(),
                              base + v.offset, name);
}

}  // namespace

Status ParseEventLine(std::string_view line, std::uint64_t base,
                      EventView* out) {
  if (line.size() > kMaxLineBytes) {
    return InvalidArgumentError("line longer than 1 GiB", base);
  }
  unsigned seen = 0;
  std::uint64_t time_offset = 0;
  std::uint64_t chain_offset = 0;
  std::string_view* string_fields[] = {&out->chain_id, nullptr,
                                       &out->time,     &out->actor,
                                       &out->action,   &out->target};
  JsonScanner scanner(line, base);
  Status s = scanner.ScanObject([&](std::string_view key,
                                    const RawValue& v) -> Status {
    int idx = MemberIndex(key);
    if (idx < 0) {
      return InvalidArgumentError(
          "unknown member \"" + std::string(key.substr(0, 64)) +
              "\" (an audit event has exactly chain_id, seq, time, actor, "
              "action, target, detail, prev_hash, hash)",
          base + v.offset);
    }
    unsigned bit = 1u << idx;
    const char* name = kMemberNames[idx].data();
    if (seen & bit) {
      return InvalidArgumentError(
          "member \"" + std::string(name) + "\" appears twice", base + v.offset,
          name);
    }
    seen |= bit;
    switch (idx) {
      case kSeq:
        return ParseSeq(v, base, &out->seq);
      case kDetail:
        out->detail = v.raw;
        return OkStatus();
      case kPrevHash:
        return ParseHashMember(v, base, name, &out->prev_hash);
      case kHash:
        return ParseHashMember(v, base, name, &out->hash);
      default: {
        if (v.kind != RawKind::kString) {
          return InvalidArgumentError(std::string(name) + " must be a string",
                                      base + v.offset, name);
        }
        if (idx == kTime) time_offset = base + v.offset;
        if (idx == kChainId) chain_offset = base + v.offset;
        // scratch[idx - 1] keeps chain_id at 0 and time..target at 1..4.
        std::string* scratch = &out->scratch[idx == kChainId ? 0 : idx - 1];
        *string_fields[idx] = JsonScanner::StringValue(v.raw, scratch);
        return OkStatus();
      }
    }
  });
  DW_RETURN_IF_ERROR(s);
  if (seen != (1u << kMemberCount) - 1) {
    for (unsigned i = 0; i < kMemberCount; ++i) {
      if (!(seen & (1u << i))) {
        return InvalidArgumentError(
            "missing member \"" + std::string(kMemberNames[i]) + "\"", base,
            std::string(kMemberNames[i]));
      }
    }
  }
  if (!IsValidChainId(out->chain_id)) {
    return InvalidArgumentError(
        "chain_id must be non-empty and without control characters",
        chain_offset, "chain_id");
  }
  Result<std::int64_t> t = ParseRfc3339Micros(out->time);
  if (!t.ok()) {
    return InvalidArgumentError("time: " + t.status().message(), time_offset,
                                "time");
  }
  return OkStatus();
}

}  // namespace dw::audit_internal

namespace dw {
inline namespace v1 {

std::string AuditEventToJsonLine(const AuditEvent& e) {
  std::string out;
  out.reserve(256 + e.detail.size());
  out += "{\"chain_id\":";
  AppendJsonString(out, e.chain_id);
  out += ",\"seq\":";
  out += std::to_string(e.seq);
  out += ",\"time\":";
  AppendJsonString(out, e.time);
  out += ",\"actor\":";
  AppendJsonString(out, e.actor);
  out += ",\"action\":";
  AppendJsonString(out, e.action);
  out += ",\"target\":";
  AppendJsonString(out, e.target);
  out += ",\"detail\":";
  out += e.detail;
  out += ",\"prev_hash\":\"";
  out += HashToHex(e.prev_hash);
  out += "\",\"hash\":\"";
  out += HashToHex(e.hash);
  out += "\"}";
  return out;
}

Result<AuditEvent> ParseAuditJsonLine(std::string_view line,
                                      std::uint64_t base_offset) {
  audit_internal::EventView view;
  DW_RETURN_IF_ERROR(audit_internal::ParseEventLine(line, base_offset, &view));
  return audit_internal::ToEvent(view);
}

Result<std::vector<AuditEvent>> ParseAuditJsonl(std::string_view text) {
  std::vector<AuditEvent> events;
  std::size_t pos = 0;
  std::uint64_t line_no = 1;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    Result<AuditEvent> e = ParseAuditJsonLine(text.substr(pos, end - pos), pos);
    if (!e.ok()) {
      return e.status().WithContext("line " + std::to_string(line_no));
    }
    events.push_back(std::move(*e));
    pos = end + 1;
    ++line_no;
  }
  return events;
}

Result<AuditEventInput> ParseAuditInputLine(std::string_view line,
                                            std::uint64_t base) {
  using audit_internal::JsonScanner;
  using audit_internal::RawKind;
  using audit_internal::RawValue;
  static constexpr const char* kNames[] = {"chain_id", "time",   "actor",
                                           "action",   "target", "detail"};
  AuditEventInput in;
  std::string* fields[] = {&in.chain_id, &in.time,   &in.actor,
                           &in.action,   &in.target, &in.detail};
  unsigned seen = 0;
  JsonScanner scanner(line, base);
  Status s = scanner.ScanObject([&](std::string_view key,
                                    const RawValue& v) -> Status {
    int idx = -1;
    for (int i = 0; i < 6; ++i) {
      if (key == kNames[i]) idx = i;
    }
    if (idx < 0) {
      return InvalidArgumentError(
          "unknown member \"" + std::string(key.substr(0, 64)) +
              "\" (an input event has chain_id, time, actor, action, target "
              "and optionally detail)",
          base + v.offset);
    }
    if (seen & (1u << idx)) {
      return InvalidArgumentError(
          std::string("member \"") + kNames[idx] + "\" appears twice",
          base + v.offset, kNames[idx]);
    }
    seen |= 1u << idx;
    if (idx == 5) {
      in.detail = std::string(v.raw);
      return OkStatus();
    }
    if (v.kind != RawKind::kString) {
      return InvalidArgumentError(
          std::string(kNames[idx]) + " must be a string", base + v.offset,
          kNames[idx]);
    }
    JsonScanner::DecodeString(v.raw, fields[idx]);
    return OkStatus();
  });
  DW_RETURN_IF_ERROR(s);
  for (int i = 0; i < 5; ++i) {
    if (!(seen & (1u << i))) {
      return InvalidArgumentError(
          std::string("missing member \"") + kNames[i] + "\"", base, kNames[i]);
    }
  }
  return in;
}

}  // namespace v1
}  // namespace dw
