// /api/v2/orgs/{id}/resources...: the live resources pushed for the org's
// cloud accounts, on-demand enrichment and the plan analyses that touched
// a resource.
#include "api/api_route.hpp"
#include "api/audit_trail.hpp"
#include "api/live_views.hpp"
#include "store/live_store.hpp"

namespace dw::server {
namespace {

Result<LiveResourceRow> LoadResource(Call& call) {
  LiveResourceRow row;
  const std::string resource_id(call.req.Param("resource_id"));
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto got = r.Live().GetLiveResource(call.org->org.id, resource_id);
    if (!got.ok()) return got.status();
    row = std::move(got.value());
    return OkStatus();
  });
  if (!status.ok()) return status;
  return row;
}

void ListResources(Call& call) {
  auto paging = call.Paging(100, 500);
  if (!paging) return;
  LiveResourceFilter filter;
  filter.account_id = std::string(call.req.Query("account_id").value_or(""));
  if (auto provider = call.req.Query("provider")) {
    filter.provider = EngineProviderName(*provider);
    if (filter.provider.empty()) {
      return call.Fail(400, kErrValidation,
                       "query parameter \"provider\" must be aws, azure, gcp "
                       "or kubernetes");
    }
  }
  Page<LiveResourceRow> page;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto list = r.Live().ListLiveResources(call.org->org.id, filter, *paging);
    if (!list.ok()) return list.status();
    page = std::move(list.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  call.ListPage("resources", page, *paging, LiveResourceJson);
}

void GetResource(Call& call) {
  auto row = LoadResource(call);
  if (!row.ok()) return call.FailWith(row.status());
  call.Json(200, LiveResourceJson(*row));
}

void EnrichResource(Call& call) {
  auto row = LoadResource(call);
  if (!row.ok()) return call.FailWith(row.status());
  // Pushed inventories carry every property their source listed ("n/a"),
  // and an enriched row has them already: nothing to fetch.
  if (row->enrichment_status == "n/a" || row->enrichment_status == "enriched") {
    return call.Json(200, LiveResourceJson(*row));
  }
  // Anything else would need the cloud's API; this build has no cloud
  // enricher, so the row is marked failed with the reason (as the
  // reference does for a per-resource failure) and 422 says so.
  const std::string reason = "no enricher is configured for provider " +
                             ApiProviderName(row->provider) + " on this server";
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    Status set =
        tx.LiveWrite().SetEnrichment(row->org_id, row->id, "failed", reason);
    if (!set.ok()) return set;
    return AuditOrg(tx, row->org_id, call.Actor(), "resource.enrich_failed",
                    row->id, {{"reason", reason}});
  });
  if (!status.ok()) return call.FailWith(status);
  call.Json(422, {{"error", reason},
                  {"error_class", "enrichment_failed"},
                  {"request_id", call.req.request_id},
                  {"enrichment_status", "failed"},
                  {"enrichment_failure_reason", reason}});
}

void ListPlanLinks(Call& call) {
  auto paging = call.Paging(20, 100);
  if (!paging) return;
  auto row = LoadResource(call);
  if (!row.ok()) return call.FailWith(row.status());
  Page<PlanLink> page;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto list = r.Live().ListPlanLinks(call.org->org.id, row->id, *paging);
    if (!list.ok()) return list.status();
    page = std::move(list.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  call.ListPage("links", page, *paging, PlanLinkJson);
}

}  // namespace

std::vector<ApiRoute> ResourceRoutes() {
  return {
      {"GET",
       "/api/v2/orgs/{id}/resources",
       "List live resources",
       "Live resources pushed for the org's cloud accounts (limit default "
       "100, max 500); ?account_id= and ?provider=aws|azure|gcp|kubernetes "
       "narrow it.",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       ListResources},
      {"GET",
       "/api/v2/orgs/{id}/resources/{resource_id}",
       "Get one live resource",
       "One live resource with its properties and enrichment status.",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       GetResource},
      {"POST",
       "/api/v2/orgs/{id}/resources/{resource_id}/enrich",
       "Enrich one resource",
       "Member. Skips cleanly (200) for resources at enrichment_status "
       "enriched or n/a (every pushed resource); otherwise 422 with the "
       "reason, the row marked failed.",
       {.access = Access::kOrg, .min_role = Role::kMember},
       EnrichResource},
      {"GET",
       "/api/v2/orgs/{id}/resources/{resource_id}/plan-links",
       "Resource plan links",
       "Plan analyses that touched this resource, newest first, with their "
       "CI metadata (limit default 20, max 100).",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       ListPlanLinks},
  };
}

}  // namespace dw::server
