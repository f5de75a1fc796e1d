#include "api/plan_limits.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace dw::server {
namespace {

// Feature names are the ones the API reference gates on (audit_compliance,
// glob_state_sources, slack, scim, ...). Free keeps the core drift workflow.
constexpr std::array<std::string_view, 3> kFreeFeatures = {
    "drift_detection", "plan_analysis", "audit_log"};
constexpr std::array<std::string_view, 8> kTeamFeatures = {
    "drift_detection",    "plan_analysis", "audit_log", "audit_compliance",
    "glob_state_sources", "slack",         "schedules", "webhooks"};
constexpr std::array<std::string_view, 11> kEnterpriseFeatures = {
    "drift_detection",
    "plan_analysis",
    "audit_log",
    "audit_compliance",
    "glob_state_sources",
    "slack",
    "schedules",
    "webhooks",
    "sso",
    "scim",
    "byok_llm"};

constexpr std::array<PlanLimits, 3> kPlans = {{
    {.plan = "free",
     .seats = 3,
     .api_keys = 2,
     .cloud_accounts = 1,
     .state_sources = 3,
     .schedules = 1,
     .concurrent_scans = 1,
     .audit_retention_days = 30,
     .features = kFreeFeatures},
    {.plan = "team",
     .seats = 25,
     .api_keys = 25,
     .cloud_accounts = 20,
     .state_sources = 100,
     .schedules = 20,
     .concurrent_scans = 5,
     .audit_retention_days = 365,
     .features = kTeamFeatures},
    {.plan = "enterprise",
     .seats = kUnlimited,
     .api_keys = kUnlimited,
     .cloud_accounts = kUnlimited,
     .state_sources = kUnlimited,
     .schedules = kUnlimited,
     .concurrent_scans = 50,
     .audit_retention_days = kUnlimited,
     .features = kEnterpriseFeatures},
}};

}  // namespace

const PlanLimits* FindPlanLimits(std::string_view plan) noexcept {
  for (const PlanLimits& limits : kPlans) {
    if (limits.plan == plan) return &limits;
  }
  return nullptr;
}

std::string PaymentRequiredBody(std::string_view request_id,
                                std::string_view limit_name,
                                std::int64_t current, std::int64_t max,
                                std::string_view plan) {
  nlohmann::json body = {
      {"error", "plan limit reached: " + std::string(limit_name) + " (" +
                    std::to_string(current) + " of " + std::to_string(max) +
                    " on the " + std::string(plan) + " plan)"},
      {"error_class", "plan_limit_exceeded"},
      {"request_id", request_id},
      {"limit", limit_name},
      {"current", current},
      {"max", max},
      {"plan", plan},
      {"upgrade_url", "/settings/billing"},
  };
  return body.dump();
}

}  // namespace dw::server
