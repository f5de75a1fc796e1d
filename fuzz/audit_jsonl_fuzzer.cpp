// File: fuzz/audit_jsonl_fuzzer.cpp
//
// Audit JSONL reader and chain verifier on arbitrary bytes: never crash, and
// for every line that parses, writing it back and re-reading gives the same
// event and the same hash (encode/decode round trip, deterministic encoding).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "driftwise/audit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  dw::VerifyOptions opts;
  opts.threads = 1;
  dw::VerifyReport report = dw::VerifyAuditJsonl(text, opts);
  if (report.status == dw::ChainStatus::kBroken && !report.first_bad_seq) {
    std::abort();  // a broken chain always names where
  }
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    dw::Result<dw::AuditEvent> e = dw::ParseAuditJsonLine(line, pos);
    if (e.ok()) {
      std::string again = dw::AuditEventToJsonLine(*e);
      dw::Result<dw::AuditEvent> back = dw::ParseAuditJsonLine(again);
      if (!back.ok() || !(*back == *e)) std::abort();
      if (dw::EncodeAuditEvent(*back) != dw::EncodeAuditEvent(*e)) std::abort();
      if (!dw::ValidateAuditEventFields(*e).ok()) std::abort();
    } else if (e.status().offset() != dw::kNoOffset &&
               e.status().offset() > pos + line.size()) {
      std::abort();  // error offsets point into the line
    }
    (void)dw::ParseAuditInputLine(line, pos);
    pos = end + 1;
  }
  return 0;
}
