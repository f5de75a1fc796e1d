// File: server/api/scan_runner.cpp
#include "api/scan_runner.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "api/audit_trail.hpp"
#include "jobs/worker_pool.hpp"
#include "store/ids.hpp"

namespace dw::server {
namespace {

struct ScanInputs {
  CloudAccount account;
  std::vector<ScanStateFile> states;
  std::vector<LiveResourceRow> live;
  std::set<std::string> covered;
  std::int64_t skipped_records = 0;
};

Result<ScanInputs> LoadInputs(ApiContext& ctx, const ScanRun& scan,
                              const nlohmann::json& detail) {
  ScanInputs in;
  std::vector<StateSnapshot> snapshots;
  Status st = ctx.store.Read([&](StoreReader& r) -> Status {
    LiveReader& live = r.Live();
    DW_ASSIGN_OR_RETURN(in.account,
                        live.GetCloudAccount(scan.org_id, scan.account_id));
    DW_ASSIGN_OR_RETURN(
        in.live, live.AccountLiveResources(scan.org_id, scan.account_id));
    DW_ASSIGN_OR_RETURN(auto batches,
                        live.AccountBatches(scan.org_id, scan.account_id));
    for (const InventoryBatch& b : batches) {
      in.skipped_records += b.skipped_count;
      auto types = nlohmann::json::parse(b.covered_types, nullptr, false);
      if (!types.is_array()) continue;
      for (const auto& t : types) {
        if (t.is_string()) in.covered.insert(t.get<std::string>());
      }
    }
    DW_ASSIGN_OR_RETURN(snapshots, r.ListCurrentSnapshots(scan.org_id));
    return OkStatus();
  });
  if (!st.ok()) return st;
  if (!ctx.snapshots) {
    return Status(StatusCode::kFailedPrecondition,
                  "snapshot storage is not configured");
  }
  if (snapshots.empty()) {
    return Status(
        StatusCode::kFailedPrecondition,
        "the org has no Terraform state snapshot to compare with: upload or "
        "refresh a state source first");
  }
  for (const StateSnapshot& s : snapshots) {
    in.states.push_back({s.source_id, ctx.snapshots->PathFor(s.sha256)});
  }
  const auto regions = detail.value("filter_regions", nlohmann::json::array());
  if (regions.is_array() && !regions.empty()) {
    std::set<std::string> keep;
    for (const auto& r : regions) {
      if (r.is_string()) keep.insert(r.get<std::string>());
    }
    std::erase_if(in.live, [&](const LiveResourceRow& r) {
      return !keep.contains(r.region) && !keep.contains(r.scope_region);
    });
  }
  return in;
}

std::string Today(const std::string& rfc3339) { return rfc3339.substr(0, 10); }

}  // namespace

Result<ScanResults> ComputeScan(ApiContext& ctx, const ScanRun& scan) {
  nlohmann::json detail =
      nlohmann::json::parse(scan.detail, nullptr, /*allow_exceptions=*/false);
  if (!detail.is_object()) detail = nlohmann::json::object();
  DW_ASSIGN_OR_RETURN(ScanInputs in, LoadInputs(ctx, scan, detail));
  ScanDriftInput input;
  input.states = std::move(in.states);
  input.live = std::move(in.live);
  input.covered_types.assign(in.covered.begin(), in.covered.end());
  input.threads = 0;  // one per core, like `driftwise drift`
  DW_ASSIGN_OR_RETURN(ScanDriftOutcome outcome, ComputeScanDrift(input));

  ScanResults out;
  const std::string now = NowRfc3339();
  ScanSummary& s = out.summary;
  s.scan_id = scan.id;
  s.org_id = scan.org_id;
  s.account_id = scan.account_id;
  s.provider = in.account.provider;
  s.finished_at = now;
  s.day = Today(now);
  s.live_count = outcome.live_count;
  s.iac_count = outcome.iac_count;
  s.matched_count = outcome.matched_count;
  s.new_count = outcome.new_count;
  s.missing_count = outcome.missing_count;
  s.changed_count = outcome.changed_count;
  s.noise_count = outcome.noise_count;
  s.coverage_bp = std::llround(outcome.coverage_pct * 100.0);
  s.risk_level = outcome.risk_level;
  out.items.reserve(outcome.items.size());
  std::int64_t seq = 0;
  for (nlohmann::json& item : outcome.items) {
    DriftItemRow row;
    row.seq = seq++;
    row.kind = item["kind"].get<std::string>();
    row.noise = item["noise"].get<bool>();
    row.item = item.dump();
    out.items.push_back(std::move(row));
  }
  for (ScanBucket& b : outcome.buckets) {
    out.buckets.push_back({.dimension = std::move(b.dimension),
                           .key = std::move(b.key),
                           .live = b.live,
                           .matched = b.matched,
                           .drifted = b.drifted});
  }
  nlohmann::json errors = nlohmann::json::array();
  if (in.skipped_records > 0) {
    errors.push_back(std::to_string(in.skipped_records) +
                     " inventory records were rejected when pushed");
  }
  const std::int64_t drifted = s.new_count + s.missing_count + s.changed_count;
  detail["drift_status"] = drifted > 0 ? "drifted" : "clean";
  detail["resource_count"] = s.live_count;
  detail["new_count"] = s.new_count;
  detail["missing_count"] = s.missing_count;
  detail["changed_count"] = s.changed_count;
  detail["scan_errors"] = std::move(errors);
  detail["result"] = {
      {"total_live", s.live_count},           {"total_iac", s.iac_count},
      {"matched_count", s.matched_count},     {"noise_count", s.noise_count},
      {"coverage_pct", outcome.coverage_pct}, {"risk_level", s.risk_level},
      {"state_files", input.states.size()},   {"notes", outcome.notes}};
  out.detail = detail.dump();
  return out;
}

Status StoreScan(StoreTx& tx, const ScanRun& scan, const ScanResults& results,
                 std::string_view actor) {
  LiveTx& live = tx.LiveWrite();
  DW_RETURN_IF_ERROR(
      live.StoreScanResults(results.summary, results.items, results.buckets));
  DW_RETURN_IF_ERROR(live.SetScanStatus(scan.id, "done", "", results.detail,
                                        results.summary.finished_at));
  return AuditOrg(tx, scan.org_id, actor, "scan.completed", scan.id,
                  {{"account_id", scan.account_id},
                   {"new", results.summary.new_count},
                   {"missing", results.summary.missing_count},
                   {"changed", results.summary.changed_count},
                   {"risk_level", results.summary.risk_level}});
}

void RegisterScanJobs(ApiContext& ctx, WorkerPool& pool) {
  pool.Register(std::string(kScanJobKind), [&ctx](JobRun& run) -> Status {
    auto payload = nlohmann::json::parse(run.job().payload, nullptr, false);
    if (!payload.is_object()) return InvalidArgumentError("bad job payload");
    const std::string org_id = payload.value("org_id", "");
    const std::string scan_id = payload.value("scan_id", "");
    ScanRun scan;
    Status st = ctx.store.Read([&](StoreReader& r) -> Status {
      DW_ASSIGN_OR_RETURN(scan, r.Live().GetScanRun(org_id, scan_id));
      return OkStatus();
    });
    if (!st.ok()) return st;
    if (scan.status == "done" || scan.status == "error") {
      // Already ended (a duplicate job): nothing to redo.
      return run.Commit([](StoreTx&) { return OkStatus(); },
                        [] { return std::string("{}"); });
    }
    // Mark it running (a re-run after a crash marks it again).
    st = ctx.Write([&](StoreTx& tx) -> Status {
      return tx.LiveWrite().SetScanStatus(scan.id, "running", "", scan.detail,
                                          NowRfc3339());
    });
    if (!st.ok()) return st;
    auto results = ComputeScan(ctx, scan);
    if (!results.ok()) {
      if (results.status().code() == StatusCode::kUnavailable &&
          run.job().attempts < run.job().max_attempts) {
        return results.status();  // transient: the pool retries the job
      }
      // The scan ends in error with the reason, together with its job.
      const std::string reason = results.status().message();
      return run.Commit(
          [&](StoreTx& tx) -> Status {
            DW_RETURN_IF_ERROR(tx.LiveWrite().SetScanStatus(
                scan.id, "error", reason, scan.detail, NowRfc3339()));
            return AuditOrg(tx, scan.org_id, "worker", "scan.failed", scan.id,
                            {{"error", reason}});
          },
          [&] {
            return nlohmann::json{{"error", reason}}.dump();
          });
    }
    return run.Commit(
        [&](StoreTx& tx) { return StoreScan(tx, scan, *results, "worker"); },
        [&] {
          return nlohmann::json{{"scan_id", scan.id}}.dump();
        });
  });
}

}  // namespace dw::server
