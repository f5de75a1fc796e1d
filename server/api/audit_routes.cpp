// The audit log: listing events and verifying the hash chains with the
// core's verifier (driftwise/audit.hpp).
#include "api/api_route.hpp"
#include "api/json_views.hpp"

namespace dw::server {
namespace {

void VerifyChain(Call& call, const std::string& chain_id) {
  std::optional<std::int64_t> expected_min_seq;
  if (!call.QueryInt("expected_min_seq", expected_min_seq)) return;
  std::vector<dw::AuditEvent> events;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto chain = r.LoadChain(chain_id);
    if (!chain.ok()) return chain.status();
    events = std::move(chain.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  dw::VerifyOptions options;
  options.chain_id = chain_id;
  if (expected_min_seq) {
    options.expected_min_seq = static_cast<std::uint64_t>(*expected_min_seq);
  }
  call.Json(200, VerifyReportJson(dw::VerifyAuditEvents(events, options)));
}

void VerifyPlatform(Call& call) {
  VerifyChain(call, std::string(kPlatformChainId));
}

void VerifyOrg(Call& call) {
  // The reference: 10 verifications per hour per org (a walk reads the
  // whole chain).
  auto decision = call.ctx.org_verify_limiter.Take(call.org->org.id);
  if (!decision.allowed) {
    call.res.SetHeader("Retry-After", std::to_string(decision.retry_after_s));
    return call.Fail(
        429, kErrRateLimited,
        "audit chain verification is limited to 10 per hour per org");
  }
  VerifyChain(call, OrgChainId(call.org->org.id));
}

void ListOrgEvents(Call& call) {
  auto paging = call.Paging(50, 200);
  if (!paging) return;
  Page<StoredAuditEvent> page;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto list = r.ListAuditEvents(OrgChainId(call.org->org.id), *paging);
    if (!list.ok()) return list.status();
    page = std::move(list.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  call.ListPage("events", page, *paging, AuditEventJson);
}

}  // namespace

std::vector<ApiRoute> AuditRoutes() {
  return {
      {"GET",
       "/api/v2/admin/audit-log/verify",
       "Verify the platform audit chain",
       "Walks the platform chain; expected_min_seq detects tail truncation.",
       {.access = Access::kPlatformAdmin, .oidc_only = true},
       VerifyPlatform},
      {"GET",
       "/api/v2/orgs/{id}/audit-log",
       "List org audit log entries",
       "The org's events, newest first (limit default 50, max 200).",
       {.access = Access::kOrg, .min_role = Role::kAdmin},
       ListOrgEvents},
      {"GET",
       "/api/v2/orgs/{id}/audit-log/verify",
       "Verify the org audit chain",
       "Walks the org's chain; expected_min_seq detects tail truncation. "
       "10 per hour per org.",
       {.access = Access::kOrg, .min_role = Role::kAdmin},
       VerifyOrg},
  };
}

}  // namespace dw::server
