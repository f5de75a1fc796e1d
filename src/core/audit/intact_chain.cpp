// File: src/core/audit/intact_chain.cpp
//
// Opening a chain that must be intact before it is used: the one way the
// CLI (append, checkpoint, pack), the C ABI and Python open a chain.
#include <string>

#include "driftwise/audit.hpp"

namespace dw {
inline namespace v1 {

Result<std::vector<AuditEvent>> ParseIntactChain(std::string_view jsonl) {
  DW_ASSIGN_OR_RETURN(std::vector<AuditEvent> events, ParseAuditJsonl(jsonl));
  const VerifyReport report = VerifyAuditEvents(events);
  if (report.status != ChainStatus::kIntact) {
    return Status(StatusCode::kFailedPrecondition,
                  "the chain is " +
                      std::string(ChainStatusName(report.status)) + ": " +
                      report.reason);
  }
  return events;
}

}  // namespace v1
}  // namespace dw
