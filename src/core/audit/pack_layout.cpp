// File: src/core/audit/pack_layout.cpp
#include "audit/pack_layout.hpp"

#include <string>

#include "audit/sha256.hpp"
#include "driftwise/json.hpp"

namespace dw::audit_internal {

std::string CheckpointEntryName(std::uint64_t seq) {
  std::string digits = std::to_string(seq);
  return "checkpoints/" + std::string(20 - digits.size(), '0') + digits +
         ".txt";
}

std::string RenderJsonl(const std::vector<AuditEvent>& events) {
  std::string out;
  for (const AuditEvent& e : events) {
    out += AuditEventToJsonLine(e);
    out += '\n';
  }
  return out;
}

std::string RenderReadme(const PackParts& p) {
  const AuditEvent& first = p.events.front();
  const AuditEvent& last = p.events.back();
  std::string r;
  r += "driftwise audit compliance pack\n";
  r += "===============================\n\n";
  r += "Chain:   " + p.chain_id + "\n";
  r += "Period:  seq " + std::to_string(first.seq) + " to " +
       std::to_string(last.seq) + " (" + first.time + " to " + last.time +
       "), " + std::to_string(p.events.size()) + " events\n";
  r += "Key:     " + p.public_key + "\n\n";
  r += R"(Files
-----
events.jsonl          the period's events, one JSON object per line
previous_event.jsonl  the event just before the period (empty if the period
                      starts at seq 0); the first event's prev_hash is its hash
checkpoints/*.txt     Ed25519-signed checkpoints of the chain; one signs the
                      period's last event
public_key.txt        the key that signed them (compare it with the key you
                      obtained from the chain's owner, out of band)
manifest.json         period, counts, head hashes, size and SHA-256 of every
                      other file

Verify offline
--------------
With driftwise:  driftwise audit verify pack.zip --public-key KEY_FILE

By hand (any language with SHA-256 and Ed25519):
1. Each file's SHA-256 and size equal those in manifest.json.
2. Every event's hash is SHA-256 of this byte string:
     "driftwise/audit/event/v1" 0x00, 0x01,
     prev_hash (32 bytes), lp(chain_id), seq (8 bytes big-endian),
     lp(time), lp(actor), lp(action), lp(target), lp(detail)
   where lp(x) is x's UTF-8 byte length (4 bytes big-endian) then x, and
   detail is the exact bytes of the "detail" value as written in the line.
   For seq 0, prev_hash is SHA-256("driftwise/audit/genesis/v1" 0x00
   lp(chain_id)).
3. Seqs are consecutive; each prev_hash equals the previous event's hash
   (the first event's equals previous_event's hash).
4. Each checkpoint is five lines (header, chain_id, head seq, head hash,
   time) and a signature line "<U+2014> <key name> <base64>"; the base64
   decodes to a 4-byte key id and a 64-byte Ed25519 signature over the five
   lines (newlines included). The public key is the base64 after the second
   '+' in public_key.txt, without its first byte (0x01).
5. The event at each checkpoint's seq has the checkpoint's hash. If you hold
   a checkpoint from earlier, the chain must pass through it as well.
)";
  return r;
}

std::string RenderManifest(
    const PackParts& p,
    const std::vector<std::pair<std::string, std::string>>& files) {
  const AuditEvent& first = p.events.front();
  const AuditEvent& last = p.events.back();
  std::string m = "{\n  \"format\": \"driftwise-audit-pack/v1\",\n";
  m += "  \"chain_id\": ";
  AppendJsonString(m, p.chain_id);
  m += ",\n  \"period\": {\"from_seq\": " + std::to_string(first.seq) +
       ", \"to_seq\": " + std::to_string(last.seq) + ", \"from_time\": ";
  AppendJsonString(m, first.time);
  m += ", \"to_time\": ";
  AppendJsonString(m, last.time);
  m += "},\n  \"counts\": {\"events\": " + std::to_string(p.events.size()) +
       ", \"checkpoints\": " + std::to_string(p.checkpoints.size()) + "},\n";
  m += "  \"previous_event\": ";
  if (p.previous_event) {
    m += "{\"seq\": " + std::to_string(p.previous_event->seq) +
         ", \"hash\": \"" + HashToHex(p.previous_event->hash) + "\"}";
  } else {
    m += "null";
  }
  m += ",\n  \"head\": {\"seq\": " + std::to_string(last.seq) +
       ", \"hash\": \"" + HashToHex(last.hash) + "\"},\n";
  m += "  \"public_key\": ";
  AppendJsonString(m, p.public_key);
  m += ",\n  \"files\": [";
  Sha256 sha;
  for (std::size_t i = 0; i < files.size(); ++i) {
    m += i == 0 ? "\n" : ",\n";
    m += "    {\"name\": ";
    AppendJsonString(m, files[i].first);
    m += ", \"size\": " + std::to_string(files[i].second.size()) +
         ", \"sha256\": \"" + HashToHex(sha.Digest(files[i].second)) + "\"}";
  }
  m += "\n  ]\n}\n";
  return m;
}

std::vector<std::pair<std::string, std::string>> RenderPackFiles(
    const PackParts& p) {
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back(kReadmeName, RenderReadme(p));
  files.emplace_back(kPublicKeyName, p.public_key + "\n");
  for (const auto& [seq, note] : p.checkpoints) {
    files.emplace_back(CheckpointEntryName(seq), note);
  }
  files.emplace_back(kPreviousName,
                     p.previous_event
                         ? AuditEventToJsonLine(*p.previous_event) + "\n"
                         : std::string());
  files.emplace_back(kEventsName, RenderJsonl(p.events));
  // The manifest hashes the others, and sits second.
  std::string manifest = RenderManifest(p, files);
  files.emplace(files.begin() + 1, kManifestName, std::move(manifest));
  return files;
}

Result<std::vector<ZipEntry>> RenderPackEntries(const PackParts& p) {
  std::vector<ZipEntry> entries;
  for (const auto& [name, content] : RenderPackFiles(p)) {
    // JSONL compresses well and can be large; small texts stay readable.
    ZipMethod method = !content.empty() && name.ends_with(".jsonl")
                           ? ZipMethod::kDeflate
                           : ZipMethod::kStored;
    DW_ASSIGN_OR_RETURN(ZipEntry e, MakeZipEntry(name, content, method));
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace dw::audit_internal
