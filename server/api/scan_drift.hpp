// File: server/api/scan_drift.hpp
//
// One scan's drift, computed by the engine exactly as `driftwise drift`
// computes it: the IaC side is the org's current state files, the live side
// the account's stored live resources (given back to the engine in its own
// inventory format, so the engine reads the same resources it read when
// they were pushed). Each finding is then rated by AssessDrift
// (driftwise/drift_risk.hpp) with the built-in risk and noise rules, as
// `driftwise drift` rates it: severity, rules, and noise (a changed item
// whose every diff is noise is kept apart and not counted).
//
// The outcome holds the drift items as the API shows them (new / missing /
// changed, paths with both values, sensitive values masked), the headline
// counts and the per-region and per-type buckets posture and history read.
//
// Thread-safety: reentrant; `threads` other than 1 starts and joins threads.
#ifndef DRIFTWISE_SERVER_API_SCAN_DRIFT_HPP
#define DRIFTWISE_SERVER_API_SCAN_DRIFT_HPP

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "driftwise/status.hpp"
#include "store/live_store.hpp"

namespace dw::server {

struct ScanStateFile {
  std::string label;  ///< shown in findings (the state source's id)
  std::string path;   ///< the verbatim state file
};

struct ScanDriftInput {
  std::vector<ScanStateFile> states;
  std::vector<LiveResourceRow> live;
  /// Provider types the pushes said they listed completely.
  std::vector<std::string> covered_types;
  int threads = 1;
};

struct ScanBucket {
  std::string dimension;  ///< "region" or "type"
  std::string key;
  std::int64_t live = 0;
  std::int64_t matched = 0;
  std::int64_t drifted = 0;
};

struct ScanDriftOutcome {
  /// The API's drift items in the engine's order (changed, missing, new).
  std::vector<nlohmann::json> items;
  std::int64_t live_count = 0;
  std::int64_t iac_count = 0;
  std::int64_t matched_count = 0;
  std::int64_t new_count = 0;
  std::int64_t missing_count = 0;
  std::int64_t changed_count = 0;
  /// Changed items whose every path is noise (counted apart from changed).
  std::int64_t noise_count = 0;
  double coverage_pct = 100.0;
  std::string risk_level = "none";
  std::vector<ScanBucket> buckets;
  std::vector<std::string> notes;
};

/// Errors: a state file that cannot be read or parsed (kNotFound,
/// kInvalidArgument with its byte offset, the label in the message).
Result<ScanDriftOutcome> ComputeScanDrift(const ScanDriftInput& input);

/// The live rows as a driftwise-format inventory document (what the engine
/// parses for a scan).
std::string LiveRowsAsInventory(const std::vector<LiveResourceRow>& rows,
                                const std::vector<std::string>& covered_types);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_SCAN_DRIFT_HPP
