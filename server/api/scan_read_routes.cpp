// Reading scans: GET /api/v2/orgs/{id}/scans, /scans/{scan_id} and
// /scans/{scan_id}/drift (the drift snapshot with its items a page at a
// time). Scans are created and run by scan_routes.cpp.
#include <chrono>

#include "api/api_route.hpp"
#include "api/scan_views.hpp"
#include "store/ids.hpp"
#include "store/live_store.hpp"

namespace dw::server {
namespace {

// The reference: free plans see the last 24 hours of scans, paid ones all.
std::string RetentionSince(const Org& org) {
  if (org.plan != "free") return "";
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return FormatRfc3339Micros(now - std::int64_t{24} * 3600 * 1000000);
}

void ListScans(Call& call) {
  auto paging = call.Paging(50, 200);
  if (!paging) return;
  ScanFilter filter;
  filter.account_id = std::string(call.req.Query("account_id").value_or(""));
  filter.scan_type = std::string(call.req.Query("scan_type").value_or(""));
  filter.provider = std::string(call.req.Query("provider").value_or(""));
  filter.since = RetentionSince(call.org->org);
  Page<ScanRun> page;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto list = r.Live().ListScanRuns(call.org->org.id, filter, *paging);
    if (!list.ok()) return list.status();
    page = std::move(list.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  call.ListPage("scans", page, *paging, ScanRunJson);
}

void GetScan(Call& call) {
  ScanRun scan;
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    auto got = r.Live().GetScanRun(call.org->org.id, call.req.Param("scan_id"));
    if (!got.ok()) return got.status();
    scan = std::move(got.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  call.Json(200, ScanRunJson(scan));
}

void GetDrift(Call& call) {
  auto paging = call.Paging(100, 1000);
  if (!paging) return;
  const bool include_noise =
      call.req.Query("include_noise").value_or("false") == "true";
  const std::string org_id = call.org->org.id;
  const std::string scan_id(call.req.Param("scan_id"));
  ScanRun scan;
  ScanSummary summary;
  Page<DriftItemRow> items;
  // One snapshot: the header and the page agree even while a re-compute
  // replaces the results.
  Status status = call.ctx.store.Read([&](StoreReader& r) -> Status {
    LiveReader& live = r.Live();
    auto got = live.GetScanRun(org_id, scan_id);
    if (!got.ok()) return got.status();
    scan = std::move(got.value());
    auto s = live.GetScanSummary(org_id, scan_id);
    if (!s.ok()) return s.status();
    summary = std::move(s.value());
    auto page = live.ListDriftItems(scan_id, include_noise, *paging);
    if (!page.ok()) return page.status();
    items = std::move(page.value());
    return OkStatus();
  });
  if (!status.ok()) return call.FailWith(status);
  nlohmann::json body = DriftSnapshotJson(summary, scan);
  nlohmann::json list = nlohmann::json::array();
  for (const DriftItemRow& row : items.items) {
    list.push_back(nlohmann::json::parse(row.item));
  }
  body["items"] = std::move(list);
  body["limit"] = paging->limit;
  body["offset"] = paging->offset;
  body["total"] = items.total;
  call.Json(200, body);
}

}  // namespace

std::vector<ApiRoute> ScanReadRoutes() {
  return {
      {"GET",
       "/api/v2/orgs/{id}/scans",
       "List scan runs",
       "Newest first (limit default 50, max 200); ?account_id=, ?scan_type= "
       "and ?provider= narrow it. The free plan sees the last 24 hours.",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       ListScans},
      {"GET",
       "/api/v2/orgs/{id}/scans/{scan_id}",
       "Get a scan run",
       "Status (pending, running, done, error with the reason), counts, "
       "scan_errors and status_kind (ok, partial, failed).",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       GetScan},
      {"GET",
       "/api/v2/orgs/{id}/scans/{scan_id}/drift",
       "Get drift results for a scan",
       "The drift snapshot: counts, coverage, risk, narrative and the items "
       "(new, missing, changed with both values per path; limit default 100, "
       "max 1000; noise only with ?include_noise=true). 404 until computed.",
       {.access = Access::kOrg, .min_role = Role::kViewer},
       GetDrift},
  };
}

}  // namespace dw::server
