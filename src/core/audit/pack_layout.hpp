// File: src/core/audit/pack_layout.hpp
//
// The parts of a compliance pack and the texts derived from them (manifest,
// README). The writer renders them; the verifier renders them again from
// what it read and requires the pack's copies to be identical, so a pack is
// valid only in its one canonical form.
#ifndef DRIFTWISE_SRC_CORE_AUDIT_PACK_LAYOUT_HPP
#define DRIFTWISE_SRC_CORE_AUDIT_PACK_LAYOUT_HPP

#include <map>
#include <string>
#include <vector>

#include "audit/zip.hpp"
#include "driftwise/audit.hpp"

namespace dw::audit_internal {

inline constexpr char kReadmeName[] = "README.txt";
inline constexpr char kManifestName[] = "manifest.json";
inline constexpr char kPublicKeyName[] = "public_key.txt";
inline constexpr char kPreviousName[] = "previous_event.jsonl";
inline constexpr char kEventsName[] = "events.jsonl";

/// "checkpoints/<seq, 20 digits>.txt", so names sort by seq.
std::string CheckpointEntryName(std::uint64_t seq);

/// Everything a pack holds, as content.
struct PackParts {
  std::string chain_id;
  std::vector<AuditEvent> events;  // non-empty
  std::optional<AuditEvent> previous_event;
  std::map<std::uint64_t, std::string> checkpoints;  // seq -> signed note
  std::string public_key;                            // formatted, no newline
};

std::string RenderReadme(const PackParts& parts);
/// `files` are the entries other than the manifest, in pack order (their
/// contents are hashed into the manifest).
std::string RenderManifest(
    const PackParts& parts,
    const std::vector<std::pair<std::string, std::string>>& files);
std::string RenderJsonl(const std::vector<AuditEvent>& events);

/// Every file's name and content in pack order (README, manifest, key,
/// checkpoints, previous_event, events).
std::vector<std::pair<std::string, std::string>> RenderPackFiles(
    const PackParts& parts);
/// All entries in pack order (README, manifest, key, checkpoints,
/// previous_event, events).
Result<std::vector<ZipEntry>> RenderPackEntries(const PackParts& parts);

}  // namespace dw::audit_internal

#endif  // DRIFTWISE_SRC_CORE_AUDIT_PACK_LAYOUT_HPP
