// File: src/core/audit/event.cpp
//
// The v1 event encoding, hashing, the genesis hash and appending.
#include <array>
#include <cstring>

#include "audit/event_codec.hpp"
#include "audit/json_scan.hpp"
#include "audit/sha256.hpp"
#include "driftwise/audit.hpp"

namespace {

void PutU32(std::string* out, std::uint32_t v) {
  char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
               static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(b, 4);
}

void PutU64(std::string* out, std::uint64_t v) {
  PutU32(out, static_cast<std::uint32_t>(v >> 32));
  PutU32(out, static_cast<std::uint32_t>(v));
}

// lp(x) = u32be(len) ‖ x. Fields over 4 GiB cannot occur: inputs are capped
// far below that by the readers.
void PutLp(std::string* out, std::string_view s) {
  PutU32(out, static_cast<std::uint32_t>(s.size()));
  out->append(s);
}

}  // namespace

namespace dw {
inline namespace v1 {

std::string HashToHex(const Hash256& hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(64, '0');
  for (std::size_t i = 0; i < hash.size(); ++i) {
    out[2 * i] = kHex[hash[i] >> 4];
    out[2 * i + 1] = kHex[hash[i] & 15];
  }
  return out;
}

Result<Hash256> HashFromHex(std::string_view hex) {
  if (hex.size() != 64) {
    return InvalidArgumentError("hash must be 64 lowercase hex digits, got " +
                                std::to_string(hex.size()) + " characters");
  }
  Hash256 out{};
  if (!audit_internal::DecodeHashHex(hex, &out)) {
    std::size_t i = 0;
    while ((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f'))
      ++i;
    return InvalidArgumentError(
        "hash must be 64 lowercase hex digits; bad character at position " +
            std::to_string(i),
        i);
  }
  return out;
}

std::string EncodeAuditEvent(const AuditEvent& event) {
  std::string out;
  audit_internal::EncodeEventInto(audit_internal::ViewOf(event), &out);
  return out;
}

Hash256 ComputeAuditEventHash(const AuditEvent& event) {
  audit_internal::Sha256 sha;
  return sha.Digest(EncodeAuditEvent(event));
}

Hash256 GenesisPrevHash(std::string_view chain_id) {
  std::string pre(audit_internal::kGenesisDomain);
  PutLp(&pre, chain_id);
  audit_internal::Sha256 sha;
  return sha.Digest(pre);
}

ChainHead EmptyChainHead(std::string_view chain_id) {
  return ChainHead{std::string(chain_id), 0, GenesisPrevHash(chain_id)};
}

ChainHead HeadAfter(const AuditEvent& event) {
  return ChainHead{event.chain_id, event.seq + 1, event.hash};
}

Status ValidateAuditEventFields(const AuditEvent& e) {
  using audit_internal::JsonScanner;
  if (!audit_internal::IsValidChainId(e.chain_id)) {
    return InvalidArgumentError(
        "chain_id must be non-empty UTF-8 without control characters",
        kNoOffset, "chain_id");
  }
  struct Field {
    const char* name;
    const std::string* value;
  };
  for (Field f : {Field{"time", &e.time}, Field{"actor", &e.actor},
                  Field{"action", &e.action}, Field{"target", &e.target}}) {
    if (!JsonScanner::IsValidUtf8(*f.value)) {
      return InvalidArgumentError(std::string(f.name) + " is not valid UTF-8",
                                  kNoOffset, f.name);
    }
  }
  Result<std::int64_t> t = ParseRfc3339Micros(e.time);
  if (!t.ok()) {
    return InvalidArgumentError("time: " + t.status().message(), kNoOffset,
                                "time");
  }
  audit_internal::RawValue raw;
  JsonScanner scanner(e.detail, 0);
  Status s = scanner.ScanSingleValue(&raw);
  if (!s.ok()) {
    return InvalidArgumentError("detail is not one JSON value: " + s.message(),
                                s.offset(), "detail");
  }
  if (raw.raw.size() != e.detail.size()) {
    return InvalidArgumentError(
        "detail has whitespace around the JSON value (it is hashed as exact "
        "bytes, so store it trimmed)",
        0, "detail");
  }
  return OkStatus();
}

Result<AppendResult> AppendAuditEvent(const ChainHead& head,
                                      const AuditEventInput& input) {
  if (input.chain_id != head.chain_id) {
    return InvalidArgumentError("chain_id \"" + input.chain_id +
                                    "\" does not match the chain \"" +
                                    head.chain_id + "\"",
                                kNoOffset, "chain_id");
  }
  AppendResult r;
  AuditEvent& e = r.event;
  e.chain_id = input.chain_id;
  e.seq = head.next_seq;
  e.time = input.time;
  e.actor = input.actor;
  e.action = input.action;
  e.target = input.target;
  e.detail = input.detail;
  e.prev_hash = head.prev_hash;
  DW_RETURN_IF_ERROR(ValidateAuditEventFields(e));
  e.hash = ComputeAuditEventHash(e);
  r.head = HeadAfter(e);
  return r;
}

}  // namespace v1
}  // namespace dw

namespace dw::audit_internal {

void EncodeEventInto(const EventView& e, std::string* out) {
  out->clear();
  out->reserve(kEventDomain.size() + 1 + 32 + 6 * 4 + 8 + e.chain_id.size() +
               e.time.size() + e.actor.size() + e.action.size() +
               e.target.size() + e.detail.size());
  out->append(kEventDomain);
  out->push_back(static_cast<char>(kAlgSha256));
  out->append(reinterpret_cast<const char*>(e.prev_hash.data()), 32);
  PutLp(out, e.chain_id);
  PutU64(out, e.seq);
  PutLp(out, e.time);
  PutLp(out, e.actor);
  PutLp(out, e.action);
  PutLp(out, e.target);
  PutLp(out, e.detail);
}

EventView ViewOf(const AuditEvent& event) {
  EventView v;
  v.chain_id = event.chain_id;
  v.time = event.time;
  v.actor = event.actor;
  v.action = event.action;
  v.target = event.target;
  v.detail = event.detail;
  v.seq = event.seq;
  v.prev_hash = event.prev_hash;
  v.hash = event.hash;
  return v;
}

AuditEvent ToEvent(const EventView& v) {
  AuditEvent e;
  e.chain_id = std::string(v.chain_id);
  e.seq = v.seq;
  e.time = std::string(v.time);
  e.actor = std::string(v.actor);
  e.action = std::string(v.action);
  e.target = std::string(v.target);
  e.detail = std::string(v.detail);
  e.prev_hash = v.prev_hash;
  e.hash = v.hash;
  return e;
}

bool DecodeHashHex(std::string_view hex, Hash256* out) {
  // Value of each byte as a lowercase hex digit, 0xFF for anything else;
  // verification decodes two hashes per event, so this is on the hot path.
  static constexpr auto kValue = [] {
    std::array<std::uint8_t, 256> t{};
    t.fill(0xFF);
    for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<std::uint8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) {
      t[c] = static_cast<std::uint8_t>(c - 'a' + 10);
    }
    return t;
  }();
  if (hex.size() != 64) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(hex.data());
  std::uint8_t bad = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    std::uint8_t hi = kValue[p[2 * i]];
    std::uint8_t lo = kValue[p[2 * i + 1]];
    bad |= hi | lo;
    (*out)[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return (bad & 0xF0) == 0;
}

bool IsValidChainId(std::string_view chain_id) {
  if (chain_id.empty()) return false;
  for (char c : chain_id) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
  }
  return JsonScanner::IsValidUtf8(chain_id);
}

}  // namespace dw::audit_internal
