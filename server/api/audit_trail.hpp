// File: server/api/audit_trail.hpp
//
// Appending a mutation's audit event inside the mutation's own transaction
// (DESIGN.md §5: they commit together or not at all).
#ifndef DRIFTWISE_SERVER_API_AUDIT_TRAIL_HPP
#define DRIFTWISE_SERVER_API_AUDIT_TRAIL_HPP

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace dw::server {

/// Appends to the platform chain.
Status AuditPlatform(StoreTx& tx, std::string_view actor,
                     std::string_view action, std::string_view target,
                     const nlohmann::json& detail);
/// Appends to the chain of `org_id`.
Status AuditOrg(StoreTx& tx, std::string_view org_id, std::string_view actor,
                std::string_view action, std::string_view target,
                const nlohmann::json& detail);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_AUDIT_TRAIL_HPP
