// The assessment as plain text for a terminal.
#include "driftwise/report.hpp"
#include "report/change_explanation.hpp"

namespace dw {
inline namespace v1 {

std::string AssessmentToText(const Assessment& a, const ReportOptions& o) {
  (void)o;
  std::string out = a.narrative + "\n";
  if (!a.findings.empty()) {
    out += "\nFindings:\n";
    for (const Finding& f : a.findings) {
      const std::string why = report_internal::ExplainChange(f);
      out += "  [" + std::string(SeverityName(f.severity)) + "] " + f.address +
             " (" + std::string(ActionName(f.action)) +
             (f.drift ? ", drift" : "") + (why.empty() ? "" : ", " + why) +
             ")\n";
      for (const RuleHit& h : f.hits) {
        out +=
            "      " + std::string(SeverityName(h.severity)) + "  " + h.rule_id;
        if (!h.path.empty()) out += "  at " + h.path;
        out += "\n";
      }
      for (std::size_t i = 0; i < f.paths.size(); ++i) {
        out += "      ~ " + f.paths[i] + "  [" + f.fingerprints[i] + "]\n";
      }
    }
  }
  if (!a.noise.empty()) {
    out += "\nNoise:\n";
    for (const NoiseItem& n : a.noise) {
      out += "  " + n.address + "  " + n.path + "  [" + n.fingerprint + "]  " +
             n.rule + "\n";
    }
  }
  return out;
}

}  // namespace v1
}  // namespace dw
