// File: driftwise/report.hpp
//
// Renderers of a plan assessment (policy.hpp) for people and pipelines:
// JSON, SARIF 2.1.0, Markdown (a pull-request comment), JUnit XML and text.
// Every renderer is deterministic: the same assessment gives the same bytes.
//
// SARIF: one result per (change, rule that fired). ruleId is the rule's id
// (stable across releases); partialFingerprints["driftwise/v1"] is
// Fingerprint(rule_id, address, attribute_path) from noise.hpp, so a result
// keeps its identity across runs. Locations point at the change inside the
// plan file (startLine, byteOffset) and name the resource address as a
// logical location.
//
// Thread-safety: pure functions. Errors: none; any assessment renders.
#ifndef DRIFTWISE_REPORT_HPP
#define DRIFTWISE_REPORT_HPP

#include <string>
#include <string_view>

#include "driftwise/policy.hpp"

namespace dw {
inline namespace v1 {

enum class ReportFormat { kText, kJson, kSarif, kMarkdown, kJunit };

/// "text", "json", "sarif", "markdown", "junit".
std::string_view ReportFormatName(ReportFormat f) noexcept;
bool ParseReportFormat(std::string_view name, ReportFormat* out) noexcept;

struct ReportOptions {
  /// The plan file as the report should name it (SARIF artifact URI, JUnit
  /// suite name). "" = "plan.json".
  std::string plan_uri;
  /// driftwise's version, written into SARIF's tool.driver.version.
  std::string tool_version;
  /// JUnit marks findings at or above this severity as failures.
  Severity fail_on = Severity::kHigh;
  /// JSON indentation (0 = compact).
  int json_indent = 2;
};

std::string AssessmentToJson(const Assessment& a, const ReportOptions& o);
std::string AssessmentToSarif(const Assessment& a, const ReportOptions& o);
std::string AssessmentToMarkdown(const Assessment& a, const ReportOptions& o);
std::string AssessmentToJunit(const Assessment& a, const ReportOptions& o);
std::string AssessmentToText(const Assessment& a, const ReportOptions& o);

/// Dispatches on `format`.
std::string RenderAssessment(const Assessment& a, ReportFormat format,
                             const ReportOptions& o);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_REPORT_HPP
