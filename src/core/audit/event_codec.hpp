// File: src/core/audit/event_codec.hpp
//
// Internal pieces shared by the event encoder, the JSONL reader and the
// verifiers: the v1 encoding written from views (so the verifier need not
// copy fields into std::strings) and a view-based JSONL line parser.
#ifndef DRIFTWISE_SRC_CORE_AUDIT_EVENT_CODEC_HPP
#define DRIFTWISE_SRC_CORE_AUDIT_EVENT_CODEC_HPP

#include <cstdint>
#include <string>
#include <string_view>

#include "driftwise/audit.hpp"

namespace dw::audit_internal {

inline constexpr std::string_view kEventDomain{"driftwise/audit/event/v1\0",
                                               25};
inline constexpr std::string_view kGenesisDomain{"driftwise/audit/genesis/v1\0",
                                                 27};
inline constexpr std::uint8_t kAlgSha256 = 1;

/// An event whose strings are views (into a line or into `scratch`).
struct EventView {
  std::string_view chain_id, time, actor, action, target, detail;
  std::uint64_t seq = 0;
  Hash256 prev_hash{};
  Hash256 hash{};
  // Decoded copies of string fields that contained escapes.
  std::string scratch[5];
};

/// Writes the v1 encoding of `e` into *out (replacing its contents).
void EncodeEventInto(const EventView& e, std::string* out);
/// Views of an AuditEvent's fields (hash copied).
EventView ViewOf(const AuditEvent& event);
AuditEvent ToEvent(const EventView& view);

/// Parses one JSONL event line into *out. Offsets in errors are
/// base_offset + position in `line`. Validates member set, types, hashes,
/// seq and time; not the hash itself.
Status ParseEventLine(std::string_view line, std::uint64_t base_offset,
                      EventView* out);

/// Decodes 64 lowercase hex digits; false (and *out unspecified) otherwise.
bool DecodeHashHex(std::string_view hex, Hash256* out);

/// chain_id rules: non-empty, valid UTF-8, no control characters (it is a
/// line of the checkpoint text).
bool IsValidChainId(std::string_view chain_id);

}  // namespace dw::audit_internal

#endif  // DRIFTWISE_SRC_CORE_AUDIT_EVENT_CODEC_HPP
