// /api/v2/orgs, /api/v2/orgs/{id}, memberships and billing usage.
#include "api/api_route.hpp"
#include "api/json_views.hpp"
#include "api/org_ops.hpp"
#include "api/plan_limits.hpp"

namespace dw::server {
namespace {

void CreateOrg(Call& call) {
  // The reference: X-Org-ID on org creation is a client bug (it assumes the
  // header targets an existing org), so refuse loudly.
  if (call.req.Header("X-Org-ID")) {
    call.Fail(400, kErrValidation,
              "X-Org-ID must not be sent when creating an org");
    return;
  }
  CreateOrgFromBody(call, &call.principal->user);
}

void GetOrg(Call& call) { call.Json(200, OrgJson(call.org->org)); }

void ListMembers(Call& call) {
  auto paging = call.Paging(100, 500);
  if (!paging) return;
  Page<Membership> page;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto list = r.ListOrgMemberships(call.org->org.id, *paging);
    if (!list.ok()) return list.status();
    page = std::move(list.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  call.ListPage("memberships", page, *paging, MembershipJson);
}

void BillingUsage(Call& call) {
  const Org& org = call.org->org;
  const PlanLimits* limits = FindPlanLimits(org.plan);
  std::int64_t members = 0, keys = 0;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto m = r.CountOrgMembers(org.id);
    if (!m.ok()) return m.status();
    auto k = r.CountActiveApiKeys(org.id);
    if (!k.ok()) return k.status();
    members = m.value();
    keys = k.value();
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  nlohmann::json features = nlohmann::json::array();
  nlohmann::json plan_limits = nlohmann::json::object();
  std::int64_t seats_included = 0;
  if (limits) {
    for (std::string_view f : limits->features) features.push_back(f);
    seats_included = limits->seats;
    plan_limits = {{"seats", limits->seats},
                   {"api_keys", limits->api_keys},
                   {"cloud_accounts", limits->cloud_accounts},
                   {"state_sources", limits->state_sources},
                   {"schedules", limits->schedules},
                   {"concurrent_scans", limits->concurrent_scans},
                   {"audit_retention_days", limits->audit_retention_days}};
  }
  // The reference: API-key callers always see role "admin".
  const std::string role = call.principal->is_api_key()
                               ? "admin"
                               : std::string(RoleName(call.org->role));
  call.Json(200,
            {{"plan", org.plan},
             {"role", role},
             {"features", std::move(features)},
             {"seats", {{"used", members}, {"included", seats_included}}},
             {"api_keys",
              {{"used", keys}, {"included", limits ? limits->api_keys : 0}}},
             {"limits", std::move(plan_limits)},
             {"subscription_status", org.subscription_status}});
}

}  // namespace

std::vector<ApiRoute> OrgRoutes() {
  return {
      {"POST",
       "/api/v2/orgs",
       "Create a new org (self-service)",
       "OIDC only. The caller becomes the sole owner; the org starts on the "
       "free plan. X-Org-ID is refused with 400.",
       {.access = Access::kAuthenticated, .oidc_only = true},
       CreateOrg},
      {"GET",
       "/api/v2/orgs/{id}",
       "Get org metadata",
       "The org with its plan and feature flags.",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       GetOrg},
      {"GET",
       "/api/v2/orgs/{id}/memberships",
       "List org members",
       "Memberships with user email and role (limit default 100, max 500).",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       ListMembers},
      {"PATCH",
       "/api/v2/orgs/{id}/memberships/{membership_id}",
       "Change a team member's role",
       "Owner only, OIDC only. Self-demotion and demoting the only owner: 409; "
       "same role: 200 noop; another org's membership: 404.",
       {.access = Access::kOrg, .min_role = Role::kOwner, .oidc_only = true},
       [](Call& call) {
         ChangeMembershipRole(call,
                              std::string(call.req.Param("membership_id")),
                              call.org->org.id);
       }},
  };
}

std::vector<ApiRoute> BillingRoutes() {
  return {
      {"GET",
       "/api/v2/orgs/{id}/billing/usage",
       "Get current billing usage",
       "Plan, features, seats and limits from the database (no Stripe call). "
       "API-key callers see role admin.",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       BillingUsage},
  };
}

}  // namespace dw::server
