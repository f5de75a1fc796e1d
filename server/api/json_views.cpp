#include "api/json_views.hpp"

#include "api/plan_limits.hpp"

namespace dw::server {
namespace {

nlohmann::json OptionalText(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json OrgJson(const Org& org) {
  nlohmann::json features = nlohmann::json::array();
  if (const PlanLimits* limits = FindPlanLimits(org.plan)) {
    for (std::string_view f : limits->features) features.push_back(f);
  }
  return {{"id", org.id},
          {"slug", org.slug},
          {"display_name", org.name},
          {"plan", org.plan},
          {"subscription_status", org.subscription_status},
          {"features", std::move(features)},
          {"created_at", org.created_at}};
}

nlohmann::json UserJson(const User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"display_name", user.display_name},
          {"is_platform_admin", user.is_platform_admin},
          {"created_at", user.created_at},
          {"last_login_at", OptionalText(user.last_login_at)},
          {"deleted_at", OptionalText(user.deleted_at)}};
}

nlohmann::json MembershipJson(const Membership& m) {
  return {{"id", m.id},
          {"org_id", m.org_id},
          {"org_name", m.org_name},
          {"user_id", m.user_id},
          {"user_email", m.user_email},
          {"role", m.role},
          {"created_at", m.created_at}};
}

nlohmann::json ApiKeyJson(const ApiKey& key) {
  return {{"id", key.id},
          {"name", key.name},
          {"key_prefix", key.key_prefix},
          {"last4", key.last4},
          {"scopes", key.scopes},
          {"created_by", key.created_by},
          {"created_at", key.created_at},
          {"last_used_at", OptionalText(key.last_used_at)},
          {"raw_key", ""}};
}

nlohmann::json DomainJson(const AllowedDomain& d) {
  return {{"id", d.id},
          {"domain", d.domain},
          {"created_by", d.created_by},
          {"created_at", d.created_at}};
}

nlohmann::json AuditEventJson(const StoredAuditEvent& e) {
  nlohmann::json detail = nlohmann::json::parse(e.event.detail, nullptr,
                                                /*allow_exceptions=*/false);
  if (detail.is_discarded()) detail = e.event.detail;  // never fail a listing
  return {{"chain_id", e.event.chain_id},
          {"seq", e.event.seq},
          {"time", e.event.time},
          {"actor", e.event.actor},
          {"action", e.event.action},
          {"target", e.event.target},
          {"org_id", e.org_id.empty() ? nlohmann::json(nullptr)
                                      : nlohmann::json(e.org_id)},
          {"detail", std::move(detail)},
          {"prev_hash", dw::HashToHex(e.event.prev_hash)},
          {"hash", dw::HashToHex(e.event.hash)}};
}

nlohmann::json VerifyReportJson(const dw::VerifyReport& report) {
  // The core renders the canonical report; reuse it so CLI and API agree.
  return nlohmann::json::parse(dw::VerifyReportToJson(report));
}

}  // namespace dw::server
