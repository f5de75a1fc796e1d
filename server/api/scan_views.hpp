// File: server/api/scan_views.hpp
//
// JSON shapes of scans as the reference documents them: the scan run, the
// drift snapshot of a scan, and the posture entry of an account.
#ifndef DRIFTWISE_SERVER_API_SCAN_VIEWS_HPP
#define DRIFTWISE_SERVER_API_SCAN_VIEWS_HPP

#include <nlohmann/json.hpp>
#include <optional>

#include "store/live_store.hpp"

namespace dw::server {

/// The reference's scan run: {id, org_id, cloud_account_id, provider,
/// scan_type, status, status_kind, drift_status, resource_count, new_count,
/// missing_count, changed_count, scan_errors, result_json, created_at,
/// started_at, finished_at, repo_owner, repo_name, repo_url, branch,
/// commit_sha, pr_number}.
nlohmann::json ScanRunJson(const ScanRun& scan);

/// The drift snapshot header of a completed scan (without items):
/// {id, scan_run_id, created_at, total_live, total_iac, matched_count,
///  extra_count, missing_count, changed_count, noise_count, coverage_pct,
///  risk_level, narrative, narrative_status, parse_failure_count}.
nlohmann::json DriftSnapshotJson(const ScanSummary& summary,
                                 const ScanRun& scan);

/// The deterministic narrative of a scan, from its counts alone.
std::string DriftNarrative(const ScanSummary& summary);

/// One account's posture: the account and its latest completed scan (null
/// fields when it has none).
nlohmann::json AccountPostureJson(const CloudAccount& account,
                                  const std::optional<ScanSummary>& latest);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_SCAN_VIEWS_HPP
