// Format names and dispatch for assessment reports.
#include "driftwise/report.hpp"

namespace dw {
inline namespace v1 {

std::string_view ReportFormatName(ReportFormat f) noexcept {
  switch (f) {
    case ReportFormat::kText:
      return "text";
    case ReportFormat::kJson:
      return "json";
    case ReportFormat::kSarif:
      return "sarif";
    case ReportFormat::kMarkdown:
      return "markdown";
    case ReportFormat::kJunit:
      return "junit";
  }
  return "text";
}

bool ParseReportFormat(std::string_view name, ReportFormat* out) noexcept {
  for (ReportFormat f :
       {ReportFormat::kText, ReportFormat::kJson, ReportFormat::kSarif,
        ReportFormat::kMarkdown, ReportFormat::kJunit}) {
    if (ReportFormatName(f) == name) {
      *out = f;
      return true;
    }
  }
  return false;
}

std::string RenderAssessment(const Assessment& a, ReportFormat format,
                             const ReportOptions& o) {
  switch (format) {
    case ReportFormat::kJson:
      return AssessmentToJson(a, o);
    case ReportFormat::kSarif:
      return AssessmentToSarif(a, o);
    case ReportFormat::kMarkdown:
      return AssessmentToMarkdown(a, o);
    case ReportFormat::kJunit:
      return AssessmentToJunit(a, o);
    case ReportFormat::kText:
      break;
  }
  return AssessmentToText(a, o);
}

}  // namespace v1
}  // namespace dw
