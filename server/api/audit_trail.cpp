#include "api/audit_trail.hpp"

#include "store/ids.hpp"

namespace dw::server {
namespace {

Status Append(StoreTx& tx, std::string chain_id, std::string org_id,
              std::string_view actor, std::string_view action,
              std::string_view target, const nlohmann::json& detail) {
  auto event = tx.AppendAudit({.chain_id = std::move(chain_id),
                               .org_id = std::move(org_id),
                               .time = NowRfc3339(),
                               .actor = std::string(actor),
                               .action = std::string(action),
                               .target = std::string(target),
                               .detail = detail.dump()});
  return event.ok() ? OkStatus() : event.status();
}

}  // namespace

Status AuditPlatform(StoreTx& tx, std::string_view actor,
                     std::string_view action, std::string_view target,
                     const nlohmann::json& detail) {
  return Append(tx, std::string(kPlatformChainId), "", actor, action, target,
                detail);
}

Status AuditOrg(StoreTx& tx, std::string_view org_id, std::string_view actor,
                std::string_view action, std::string_view target,
                const nlohmann::json& detail) {
  return Append(tx, OrgChainId(org_id), std::string(org_id), actor, action,
                target, detail);
}

}  // namespace dw::server
