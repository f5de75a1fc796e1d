// File: driftwise/drift_report.hpp
//
// Renderers for drift results (driftwise/match.hpp): JSON (the shape the
// CLI prints and tools consume), a text table a person can act on,
// Markdown for pull-request comments, and SARIF 2.1.0 for code-scanning
// dashboards.
//
// JSON shape:
//   {"summary": {"total_live", "total_iac", "matched", "changed", "extra",
//                "missing", "defaults", "coverage_pct"},
//    "coverage": {"by_type": {K: {"live", "matched", "coverage_pct"}},
//                 "by_region": {...}, "by_account": {...}},
//    "items": [{"id", "kind", "address"?, "type"?, "provider_type"?,
//               "provider_resource_id"?, "name"?, "region"?, "account"?,
//               "state"?, "sources"?, "paths"?: [{"path", "sources",
//               "iac"?, "live"?, "sensitive"?}], "reason"}],
//    "details": {"ignored", "unmapped_live", "unmapped_iac",
//                "unobserved_iac", "duplicate_live", "skipped_records"},
//    "notes": [...], "catalog_version": "..."}
// Values ("iac", "live") are JSON values; sensitive ones are "(sensitive)".
// With DriftRenderOptions::risk, also: "risk": {"level", "signal",
// "noise_only"} after "summary", and per item "severity", "rules"?,
// "fingerprints"? (of the signal paths, for suppressions), "noise"?:
// [{"path", "rule", "reason"}], "noise_only"? (true).
//
// Thread-safety: pure functions of their arguments.
#ifndef DRIFTWISE_DRIFT_REPORT_HPP
#define DRIFTWISE_DRIFT_REPORT_HPP

#include <cstddef>
#include <string>
#include <string_view>

#include "driftwise/match.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

struct DriftAssessment;  // driftwise/drift_risk.hpp

struct DriftRenderOptions {
  int json_indent = 2;       // 0 = compact JSON
  bool show_values = true;   // text/markdown: print iac -> live values
  std::string tool_version;  // SARIF driver version ("" = unknown)
  /// Risk and noise of the findings (AssessDrift of the same result),
  /// borrowed for the call; null renders without them. With it: a severity
  /// per finding and a risk line (text, Markdown), `risk` members (JSON),
  /// SARIF levels from severity; findings whose every diff is noise are
  /// marked as such and not counted as drift.
  const DriftAssessment* risk = nullptr;
  /// Markdown: the longest output, in characters (GitHub's comment limit is
  /// 65,536). Rows that do not fit are left out and counted in a closing
  /// line. 0 = no limit.
  std::size_t markdown_max_chars = 65000;
};

std::string RenderDriftJson(const DriftResult& result,
                            const DriftRenderOptions& options = {});
std::string RenderDriftText(const DriftResult& result,
                            const DriftRenderOptions& options = {});
std::string RenderDriftMarkdown(const DriftResult& result,
                                const DriftRenderOptions& options = {});
std::string RenderDriftSarif(const DriftResult& result,
                             const DriftRenderOptions& options = {});

/// Renders by format name: "json", "text", "markdown" (or "md"), "sarif".
/// Errors: kInvalidArgument naming an unknown format.
Result<std::string> RenderDrift(const DriftResult& result,
                                std::string_view format,
                                const DriftRenderOptions& options = {});

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_DRIFT_REPORT_HPP
