// File: server/api/json_views.hpp
//
// How stored records look in API responses. One place per record so every
// route shows the same fields, and no secret field (key hashes) can leak
// through a route that forgot to drop it.
#ifndef DRIFTWISE_SERVER_API_JSON_VIEWS_HPP
#define DRIFTWISE_SERVER_API_JSON_VIEWS_HPP

#include <nlohmann/json.hpp>

#include "driftwise/audit.hpp"
#include "store/store.hpp"

namespace dw::server {

/// {id, slug, display_name, plan, subscription_status, features, created_at}
nlohmann::json OrgJson(const Org& org);
/// {id, email, display_name, is_platform_admin, created_at, last_login_at,
///  deleted_at}
nlohmann::json UserJson(const User& user);
/// {id, org_id, org_name, user_id, user_email, role, created_at}
nlohmann::json MembershipJson(const Membership& m);
/// {id, name, key_prefix, last4, scopes, created_by, created_at,
///  last_used_at, raw_key: ""} — the raw key is never stored, so lists
/// show it empty as the reference describes.
nlohmann::json ApiKeyJson(const ApiKey& key);
/// {id, domain, created_by, created_at}
nlohmann::json DomainJson(const AllowedDomain& d);
/// {chain_id, seq, time, actor, action, target, org_id, detail, prev_hash,
///  hash}; detail as JSON.
nlohmann::json AuditEventJson(const StoredAuditEvent& e);
/// {status, checked, head_seq, head_hash, first_bad_seq, reason}
nlohmann::json VerifyReportJson(const dw::VerifyReport& report);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_JSON_VIEWS_HPP
