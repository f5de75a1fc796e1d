// File: tests/unit/audit/vectors_test.cpp
//
// Known-answer vectors: tests/data/audit/vector_inputs.json holds inputs,
// tests/data/audit/vectors.json the frozen outputs (encoded bytes, hashes,
// heads, JSONL lines, checkpoint texts, Ed25519 signatures). Any change to
// the encoding, the JSONL layout or the checkpoint text fails here.
//
// To regenerate after a deliberate, versioned format change:
//   DW_AUDIT_REGENERATE_VECTORS=1 dw_audit_tests
//   --gtest_filter='AuditVectors.*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "audit/base64.hpp"
#include "driftwise/audit.hpp"
#include "driftwise/audit_checkpoint.hpp"
#include "driftwise/json.hpp"

namespace dw::audit_test {
namespace {

const std::string kInputs =
    std::string(DW_TEST_DATA_DIR) + "/audit/vector_inputs.json";
const std::string kVectors =
    std::string(DW_TEST_DATA_DIR) + "/audit/vectors.json";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    auto u = static_cast<unsigned char>(c);
    out.push_back(kHex[u >> 4]);
    out.push_back(kHex[u & 15]);
  }
  return out;
}

void Str(std::string& out, std::string_view key, std::string_view value) {
  AppendJsonString(out, key);
  out += ": ";
  AppendJsonString(out, value);
}

// Renders vectors.json from the inputs with the library under test.
std::string RenderVectors(const JsonDocument& inputs) {
  JsonValue root = inputs.root();
  std::string seed_hex(root.Get("key").Get("seed_hex").as_string());
  AuditSigningKey key = *AuditSigningKeyFromSeed(
      root.Get("key").Get("name").as_string(), *HashFromHex(seed_hex));
  std::string o =
      "{\n \"format\": \"driftwise-audit-vectors/v1\",\n \"key\": {";
  Str(o, "name", key.name);
  o += ", ";
  Str(o, "seed_hex", seed_hex);
  o += ", ";
  Str(o, "public_key_hex", HashToHex(key.public_key.key));
  o += ", ";
  Str(o, "key_id", KeyIdToHex(key.public_key.key_id));
  o += ", ";
  Str(o, "public_key_text", FormatAuditPublicKey(key.public_key));
  o += "},\n \"vectors\": [";
  bool first_vector = true;
  for (JsonValue v : root.Get("vectors").elements()) {
    std::string chain_id(v.Get("chain_id").as_string());
    ChainHead head = EmptyChainHead(chain_id);
    JsonValue start = v.Get("start");
    o += first_vector ? "\n  {" : ",\n  {";
    first_vector = false;
    Str(o, "name", v.Get("name").as_string());
    o += ", ";
    Str(o, "chain_id", chain_id);
    o += ", \"start\": ";
    if (start.is_object()) {
      head.next_seq = start.Get("seq").as_uint64() + 1;
      head.prev_hash = *HashFromHex(start.Get("hash").as_string());
      o += "{\"seq\": " + std::to_string(start.Get("seq").as_uint64()) + ", ";
      Str(o, "hash", start.Get("hash").as_string());
      o += "}";
    } else {
      o += "null";
    }
    o += ",\n   \"events\": [";
    bool first_event = true;
    for (JsonValue in : v.Get("events").elements()) {
      AuditEventInput input{chain_id,
                            std::string(in.Get("time").as_string()),
                            std::string(in.Get("actor").as_string()),
                            std::string(in.Get("action").as_string()),
                            std::string(in.Get("target").as_string()),
                            std::string(in.Get("detail").as_string())};
      Result<AppendResult> r = AppendAuditEvent(head, input);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (!r.ok()) return {};
      const AuditEvent& e = r->event;
      o += first_event ? "\n    {\"input\": {" : ",\n    {\"input\": {";
      first_event = false;
      Str(o, "time", input.time);
      o += ", ";
      Str(o, "actor", input.actor);
      o += ", ";
      Str(o, "action", input.action);
      o += ", ";
      Str(o, "target", input.target);
      o += ", ";
      Str(o, "detail", input.detail);
      o += "},\n     \"seq\": " + std::to_string(e.seq) + ", ";
      Str(o, "prev_hash", HashToHex(e.prev_hash));
      o += ",\n     ";
      Str(o, "encoded_hex", Hex(EncodeAuditEvent(e)));
      o += ",\n     ";
      Str(o, "hash", HashToHex(e.hash));
      o += ",\n     ";
      Str(o, "jsonl", AuditEventToJsonLine(e));
      o += "}";
      head = r->head;
    }
    AuditCheckpoint cp{chain_id, head.next_seq - 1, head.prev_hash,
                       std::string(v.Get("checkpoint_time").as_string())};
    std::string note = *SignAuditCheckpoint(cp, key);
    std::string body = *AuditCheckpointBody(cp);
    std::string sig_b64 = note.substr(note.rfind(' ') + 1);
    sig_b64.pop_back();  // newline
    std::string sig = *audit_internal::Base64Decode(sig_b64);
    o += "],\n   \"head\": {\"seq\": " + std::to_string(cp.head_seq) + ", ";
    Str(o, "hash", HashToHex(cp.head_hash));
    o += "},\n   \"checkpoint\": {";
    Str(o, "time", cp.time);
    o += ", ";
    Str(o, "body", body);
    o += ",\n    ";
    Str(o, "text", note);
    o += ",\n    ";
    Str(o, "signature_hex", Hex(sig.substr(4)));
    o += "}}";
  }
  o += "\n ]\n}\n";
  return o;
}

TEST(AuditVectors, MatchTheCommittedOutputs) {
  Result<JsonDocument> inputs = JsonDocument::Parse(ReadFile(kInputs));
  ASSERT_TRUE(inputs.ok()) << inputs.status().ToString();
  std::string rendered = RenderVectors(*inputs);
  ASSERT_FALSE(rendered.empty());
  if (std::getenv("DW_AUDIT_REGENERATE_VECTORS") != nullptr) {
    std::ofstream(kVectors, std::ios::binary) << rendered;
    GTEST_SKIP() << "regenerated " << kVectors;
  }
  std::string committed = ReadFile(kVectors);
  ASSERT_FALSE(committed.empty()) << kVectors << " is missing";
  if (rendered == committed) return;
  // Name the first differing line, not just "different".
  std::size_t i = 0;
  while (i < rendered.size() && i < committed.size() &&
         rendered[i] == committed[i])
    ++i;
  std::size_t line_start = committed.rfind('\n', i);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  FAIL() << "vectors.json differs from what the library produces at byte " << i
         << ", line: " << committed.substr(line_start, 200);
}

TEST(AuditVectors, CommittedVectorsVerifyAndAreEnough) {
  Result<JsonDocument> doc = JsonDocument::Parse(ReadFile(kVectors));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  Result<AuditPublicKey> key = ParseAuditPublicKey(
      doc->root().Get("key").Get("public_key_text").as_string());
  ASSERT_TRUE(key.ok());
  int vectors = 0;
  for (JsonValue v : doc->root().Get("vectors").elements()) {
    std::string jsonl;
    for (JsonValue e : v.Get("events").elements()) {
      jsonl += e.Get("jsonl").as_string();
      jsonl += '\n';
    }
    VerifyOptions opts;
    JsonValue start = v.Get("start");
    if (start.is_object()) {
      opts.start_after =
          ChainAnchor{std::string(v.Get("chain_id").as_string()),
                      start.Get("seq").as_uint64(),
                      *HashFromHex(start.Get("hash").as_string())};
    }
    Result<AuditCheckpoint> cp = VerifyAuditCheckpoint(
        v.Get("checkpoint").Get("text").as_string(), *key);
    ASSERT_TRUE(cp.ok()) << cp.status().ToString();
    opts.checkpoint = CheckpointAnchor(*cp);
    VerifyReport r = VerifyAuditJsonl(jsonl, opts);
    EXPECT_EQ(r.status, ChainStatus::kIntact)
        << v.Get("name").as_string() << ": " << r.reason;
    EXPECT_EQ(r.head_hash, v.Get("head").Get("hash").as_string());
    ++vectors;
  }
  EXPECT_GE(vectors, 20);
}

}  // namespace
}  // namespace dw::audit_test
