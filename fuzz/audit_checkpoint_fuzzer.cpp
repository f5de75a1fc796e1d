// File: fuzz/audit_checkpoint_fuzzer.cpp
//
// Checkpoint notes and key texts on arbitrary bytes: never crash; a note
// that parses renders back to the same body; nothing verifies under a key
// that did not sign it.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "driftwise/audit_checkpoint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  dw::Result<dw::ParsedCheckpoint> parsed = dw::ParseAuditCheckpoint(text);
  if (parsed.ok()) {
    dw::Result<std::string> body = dw::AuditCheckpointBody(parsed->checkpoint);
    if (!body.ok() || *body != parsed->body) std::abort();
  }
  std::array<std::uint8_t, 32> seed{};
  seed[0] = 1;
  static const dw::AuditSigningKey key =
      *dw::AuditSigningKeyFromSeed("fuzz", seed);
  dw::Result<dw::AuditCheckpoint> cp =
      dw::VerifyAuditCheckpoint(text, key.public_key);
  if (cp.ok()) {
    // Only a note this key signed can verify: re-signing must reproduce it.
    dw::Result<std::string> again = dw::SignAuditCheckpoint(*cp, key);
    if (!again.ok() || again->substr(0, parsed->body.size()) != parsed->body) {
      std::abort();
    }
  }
  dw::Result<dw::AuditPublicKey> pub = dw::ParseAuditPublicKey(text);
  if (pub.ok()) {
    dw::Result<dw::AuditPublicKey> back =
        dw::ParseAuditPublicKey(dw::FormatAuditPublicKey(*pub));
    if (!back.ok() || !(*back == *pub)) std::abort();
  }
  (void)dw::ParseAuditPrivateKey(text);
  return 0;
}
