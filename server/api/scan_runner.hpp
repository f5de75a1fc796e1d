// File: server/api/scan_runner.hpp
//
// Running a scan: the job kind "scan.run" that moves a scan from pending
// through running to done (its drift items, summary and buckets stored in
// the same transaction as the scan's and the job's end) or error (with the
// reason), and the same computation inline for POST .../drift/compute.
//
// The IaC side is the org's current state snapshots (the verbatim files
// beside the database); the live side the account's stored live resources
// (in the scan's filter_regions when it has some). A crash mid-scan leaves
// the job leased; once the lease expires it runs again from the start and
// stores its results once (StoreScanResults replaces a scan's results).
//
// Thread-safety: handlers run on the worker pool's threads.
#ifndef DRIFTWISE_SERVER_API_SCAN_RUNNER_HPP
#define DRIFTWISE_SERVER_API_SCAN_RUNNER_HPP

#include <functional>
#include <string>

#include "api/api_context.hpp"
#include "api/scan_drift.hpp"
#include "store/live_store.hpp"

namespace dw::server {

class WorkerPool;

inline constexpr std::string_view kScanJobKind = "scan.run";

/// What a computed scan stores.
struct ScanResults {
  ScanSummary summary;
  std::vector<DriftItemRow> items;
  std::vector<ScanBucketRow> buckets;
  std::string detail;  ///< the scan's detail JSON once done
};

/// Computes `scan`'s drift from the current snapshots and live rows.
/// Errors: the scan's input is unusable (no state snapshot, a state that
/// does not parse); the message says why, for the scan's error.
Result<ScanResults> ComputeScan(ApiContext& ctx, const ScanRun& scan);

/// The writes that store `results` and end `scan` as done, with its audit
/// event.
Status StoreScan(StoreTx& tx, const ScanRun& scan, const ScanResults& results,
                 std::string_view actor);

/// Registers "scan.run" on `pool`.
void RegisterScanJobs(ApiContext& ctx, WorkerPool& pool);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_SCAN_RUNNER_HPP
