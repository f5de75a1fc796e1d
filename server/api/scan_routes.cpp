// Creating and computing scans: POST /api/v2/orgs/{id}/scans (202, run by
// the worker pool), POST /scans/bulk (every or some accounts; 5 per minute
// per org) and POST /scans/{scan_id}/drift/compute (inline). Reading them
// is scan_read_routes.cpp.
#include "api/api_route.hpp"
#include "api/audit_trail.hpp"
#include "api/plan_limits.hpp"
#include "api/scan_runner.hpp"
#include "api/scan_views.hpp"
#include "jobs/worker_pool.hpp"
#include "store/ids.hpp"

namespace dw::server {
namespace {

// The reference: bulk scans are limited to 5 per minute per org.
RateLimiter& BulkLimiter() {
  static RateLimiter limiter(5, std::chrono::minutes(1));
  return limiter;
}

// filter_regions: an optional array of non-empty strings.
std::optional<nlohmann::json> Regions(Call& call, const nlohmann::json& body) {
  auto it = body.find("filter_regions");
  if (it == body.end() || it->is_null()) return nlohmann::json::array();
  bool ok = it->is_array();
  if (ok) {
    for (const auto& r : *it) ok = ok && r.is_string() && !r.empty();
  }
  if (!ok) {
    call.Fail(400, kErrValidation,
              "field \"filter_regions\" must be an array of region names");
    return std::nullopt;
  }
  return *it;
}

std::optional<nlohmann::json> ParseObject(
    Call& call, std::initializer_list<const char*> allowed) {
  nlohmann::json body = nlohmann::json::parse(call.req.body, nullptr, false);
  if (!body.is_object()) {
    call.Fail(400, kErrValidation, "body must be a JSON object");
    return std::nullopt;
  }
  for (const auto& [key, value] : body.items()) {
    if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) {
          return key == a;
        }) == allowed.end()) {
      call.Fail(400, kErrValidation, "unknown field \"" + key + "\"");
      return std::nullopt;
    }
  }
  return body;
}

// Queues one scan (its row, its job and its audit event) in `tx`.
Result<ScanRun> QueueScan(StoreTx& tx, const CloudAccount& account,
                          const nlohmann::json& regions,
                          const nlohmann::json& ci, const std::string& actor) {
  ScanRun scan;
  scan.id = NewUuidV4();
  scan.org_id = account.org_id;
  scan.account_id = account.id;
  scan.scan_type = "manual";
  scan.created_by = actor;
  scan.detail = nlohmann::json{
      {"provider", account.provider},
      {"filter_regions", regions},
      {"ci", ci}}.dump();
  Job job;
  job.kind = std::string(kScanJobKind);
  job.org_id = account.org_id;
  job.payload =
      nlohmann::json{{"org_id", account.org_id}, {"scan_id", scan.id}}.dump();
  DW_ASSIGN_OR_RETURN(Job queued, tx.EnqueueJob(job));
  scan.job_id = queued.id;
  DW_ASSIGN_OR_RETURN(scan, tx.LiveWrite().CreateScanRun(scan));
  DW_RETURN_IF_ERROR(
      AuditOrg(tx, scan.org_id, actor, "scan.queued", scan.id,
               {{"account_id", account.id}, {"job_id", scan.job_id}}));
  return scan;
}

// 402 body when `adding` more scans would exceed the concurrent limit.
Result<std::optional<std::string>> OverConcurrentLimit(StoreTx& tx,
                                                       const Call& call,
                                                       std::int64_t adding) {
  const Org& org = call.org->org;
  const PlanLimits* limits = FindPlanLimits(org.plan);
  if (!Capped(limits, &PlanLimits::concurrent_scans))
    return std::optional<std::string>{};
  DW_ASSIGN_OR_RETURN(std::int64_t active, tx.Live().CountActiveScans(org.id));
  if (active + adding <= limits->concurrent_scans)
    return std::optional<std::string>{};
  return std::optional<std::string>(
      PaymentRequiredBody(call.req.request_id, "concurrent_scans", active,
                          limits->concurrent_scans, org.plan));
}

void CreateScan(Call& call) {
  auto body = ParseObject(call, {"cloud_account_id", "filter_regions", "ci"});
  if (!body) return;
  auto account_id = body->find("cloud_account_id");
  if (account_id == body->end() || !account_id->is_string()) {
    return call.Fail(400, kErrValidation,
                     "field \"cloud_account_id\" is required");
  }
  auto regions = Regions(call, *body);
  if (!regions) return;
  nlohmann::json ci = body->value("ci", nlohmann::json::object());
  if (!ci.is_object()) {
    return call.Fail(400, kErrValidation, "field \"ci\" must be an object");
  }
  std::optional<std::string> over;
  ScanRun scan;
  Status st = call.ctx.Write([&](StoreTx& tx) -> Status {
    DW_ASSIGN_OR_RETURN(CloudAccount account,
                        tx.Live().GetCloudAccount(
                            call.org->org.id, account_id->get<std::string>()));
    DW_ASSIGN_OR_RETURN(over, OverConcurrentLimit(tx, call, 1));
    if (over) return OkStatus();
    DW_ASSIGN_OR_RETURN(scan,
                        QueueScan(tx, account, *regions, ci, call.Actor()));
    return OkStatus();
  });
  if (!st.ok()) return call.FailWith(st);
  if (over) return call.PaymentRequired(std::move(*over));
  if (call.ctx.jobs) call.ctx.jobs->Wake();
  call.Json(202, ScanRunJson(scan));
}

void BulkScans(Call& call) {
  auto body = ParseObject(call, {"account_ids", "filter_regions"});
  if (!body) return;
  std::vector<std::string> wanted;
  if (auto ids = body->find("account_ids");
      ids != body->end() && !ids->is_null()) {
    bool ok = ids->is_array();
    if (ok) {
      for (const auto& id : *ids) ok = ok && id.is_string();
    }
    if (!ok) {
      return call.Fail(400, kErrValidation,
                       "field \"account_ids\" must be an array of ids");
    }
    for (const auto& id : *ids) wanted.push_back(id.get<std::string>());
  }
  auto regions = Regions(call, *body);
  if (!regions) return;
  auto decision = BulkLimiter().Take(call.org->org.id);
  if (!decision.allowed) {
    call.res.SetHeader("Retry-After", std::to_string(decision.retry_after_s));
    return call.Fail(429, kErrRateLimited,
                     "bulk scans are limited to 5 per minute per org");
  }
  std::optional<std::string> over;
  std::vector<std::string> scan_ids;
  Status st = call.ctx.Write([&](StoreTx& tx) -> Status {
    std::vector<CloudAccount> accounts;
    if (wanted.empty()) {
      DW_ASSIGN_OR_RETURN(
          auto page, tx.Live().ListCloudAccounts(
                         call.org->org.id, {.limit = 100000, .offset = 0}));
      accounts = std::move(page.items);
    } else {
      for (const std::string& id : wanted) {
        DW_ASSIGN_OR_RETURN(CloudAccount a,
                            tx.Live().GetCloudAccount(call.org->org.id, id));
        accounts.push_back(std::move(a));
      }
    }
    DW_ASSIGN_OR_RETURN(
        over, OverConcurrentLimit(tx, call,
                                  static_cast<std::int64_t>(accounts.size())));
    if (over) return OkStatus();
    for (const CloudAccount& a : accounts) {
      nlohmann::json ci = nlohmann::json::object();
      DW_ASSIGN_OR_RETURN(ScanRun scan,
                          QueueScan(tx, a, *regions, ci, call.Actor()));
      scan_ids.push_back(scan.id);
    }
    return OkStatus();
  });
  if (!st.ok()) return call.FailWith(st);
  if (over) return call.PaymentRequired(std::move(*over));
  if (call.ctx.jobs) call.ctx.jobs->Wake();
  call.Json(202, {{"count", scan_ids.size()}, {"scan_ids", scan_ids}});
}

void ComputeDriftNow(Call& call) {
  const std::string org_id = call.org->org.id;
  ScanRun scan;
  Status st = call.ctx.store.Read([&](StoreReader& r) -> Status {
    DW_ASSIGN_OR_RETURN(scan,
                        r.Live().GetScanRun(org_id, call.req.Param("scan_id")));
    return OkStatus();
  });
  if (!st.ok()) return call.FailWith(st);
  if (scan.status != "done") {
    return call.Fail(409, kErrConflict,
                     "the scan is " + scan.status +
                         "; drift is computed for scans that are done");
  }
  auto results = ComputeScan(call.ctx, scan);
  if (!results.ok()) {
    if (results.status().code() == StatusCode::kFailedPrecondition ||
        results.status().code() == StatusCode::kInvalidArgument) {
      return call.Fail(422, kErrValidation, results.status().message());
    }
    return call.FailWith(results.status());
  }
  st = call.ctx.Write([&](StoreTx& tx) -> Status {
    return StoreScan(tx, scan, *results, call.Actor());
  });
  if (!st.ok()) return call.FailWith(st);
  scan.detail = results->detail;
  scan.finished_at = results->summary.finished_at;
  nlohmann::json body = DriftSnapshotJson(results->summary, scan);
  // The first page, as GET .../drift answers by default.
  nlohmann::json items = nlohmann::json::array();
  std::int64_t total = 0;
  for (const DriftItemRow& row : results->items) {
    if (row.noise) continue;
    if (total++ < 100) items.push_back(nlohmann::json::parse(row.item));
  }
  body["items"] = std::move(items);
  body["limit"] = 100;
  body["offset"] = 0;
  body["total"] = total;
  call.Json(200, body);
}

}  // namespace

std::vector<ApiRoute> ScanRoutes() {
  return {
      {"POST",
       "/api/v2/orgs/{id}/scans",
       "Queue a new scan run",
       "Member. Body {cloud_account_id, filter_regions?, ci?}: a pending scan "
       "(202) that a worker runs (running, then done with its drift or error "
       "with the reason). 402 at the plan's concurrent_scans limit.",
       {.access = Access::kOrg, .min_role = Role::kMember},
       CreateScan},
      {"POST",
       "/api/v2/orgs/{id}/scans/bulk",
       "Queue bulk scans",
       "Member. A scan per account in account_ids (empty: every account); "
       "402 when they would exceed concurrent_scans; 5 per minute per org "
       "(429 with Retry-After).",
       {.access = Access::kOrg, .min_role = Role::kMember},
       BulkScans},
      {"POST",
       "/api/v2/orgs/{id}/scans/{scan_id}/drift/compute",
       "Compute drift for a scan (sync)",
       "Member. Recomputes a done scan's drift inline against the current "
       "state snapshots and live resources, replaces its results and returns "
       "the snapshot with the first page of items; 409 unless done.",
       {.access = Access::kOrg, .min_role = Role::kMember},
       ComputeDriftNow},
  };
}

}  // namespace dw::server
