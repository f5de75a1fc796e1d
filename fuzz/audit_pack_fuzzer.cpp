// File: fuzz/audit_pack_fuzzer.cpp
//
// The compliance-pack verifier (strict ZIP reader, inflate, manifest and
// chain checks) on arbitrary bytes: never crash, never hang, and anything
// not intact says why.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "driftwise/audit_pack.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  dw::PackVerifyOptions opts;
  opts.threads = 1;
  dw::PackVerifyReport r = dw::VerifyAuditPack(bytes, opts);
  if (r.chain.status != dw::ChainStatus::kIntact && r.chain.reason.empty()) {
    std::abort();
  }
  (void)dw::PackVerifyReportToJson(r);
  return 0;
}
