// File: driftwise/drift_risk.hpp
//
// Risk and noise on drift: each finding of a DriftResult goes through the
// same RiskEngine as a plan's changes (type, attribute and action rules,
// policy rules and exceptions, noise rules, suppressions with expiry), so
// an ingress opened by hand is as high (or critical, for 22/3389 or all
// ports) as the same change in a plan, and a diff the org accepted as
// noise is not reported as drift.
//
// How a finding is seen by the engine: a changed resource is an `update`
// whose before/after hold the changed paths (state value, live value); an
// unmanaged (extra) resource a `create`, a missing one a `delete`, both
// with no attributes, so type rules decide them. Every finding is marked
// `drift` (changed outside Terraform), as Terraform's resource_drift is.
//
// Ownership: the assessment owns its strings and refers to findings by
// index. Thread-safety: AssessDrift is reentrant; the engine may be shared.
#ifndef DRIFTWISE_DRIFT_RISK_HPP
#define DRIFTWISE_DRIFT_RISK_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/drift_report.hpp"
#include "driftwise/match.hpp"
#include "driftwise/policy.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// The verdict on one drift finding.
struct DriftRisk {
  Severity severity = Severity::kNone;  // max over hits
  std::vector<std::string> rules;       // ids that fired, sorted, distinct
  std::vector<RuleHit> hits;            // severity desc, rule id, path
  /// Changed paths that carry signal, with their ChangeFingerprint.
  std::vector<std::string> signal_paths;
  std::vector<std::string> fingerprints;
  /// Changed paths classified as noise (noise rule or suppression).
  std::vector<NoiseItem> noise;
  /// Every changed path is noise: the finding is not drift to report.
  bool noise_only = false;
};

struct DriftAssessment {
  /// One per DriftResult::findings entry, in the same order.
  std::vector<DriftRisk> items;
  /// Max severity over findings that are not noise_only.
  Severity risk_level = Severity::kNone;
  std::size_t signal = 0;      // findings that are not noise_only
  std::size_t noise_only = 0;  // changed findings whose every diff is noise

  /// True when a finding that is not noise reaches `threshold` (kNone: any
  /// such finding at all).
  bool Fails(Severity threshold) const noexcept;
};

/// Assesses every finding of `result` with `engine`; `now` (Unix seconds)
/// decides which suppressions are active. Errors: kInvalidArgument when a
/// finding's changed path or value is not what DriftResult documents.
Result<DriftAssessment> AssessDrift(const DriftResult& result,
                                    const RiskEngine& engine, std::int64_t now);

/// Renders `result` (RenderDrift) with its findings assessed by the
/// built-in risk and noise rules at `now`: what `driftwise drift` prints
/// without policy options, for the C ABI and Python to give the same bytes.
/// Errors: those of AssessDrift and RenderDrift.
Result<std::string> RenderDriftWithBuiltinRisk(const DriftResult& result,
                                               std::string_view format,
                                               DriftRenderOptions options,
                                               std::int64_t now);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_DRIFT_RISK_HPP
