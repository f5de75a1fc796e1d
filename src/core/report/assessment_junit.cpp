// The assessment as JUnit XML: one test case per finding, failed when its
// severity reaches the threshold; noise diffs as skipped cases.
#include "driftwise/report.hpp"

namespace dw {
inline namespace v1 {
namespace {

std::string Xml(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 forbids most control characters, even escaped.
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += '?';
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

}  // namespace

std::string AssessmentToJunit(const Assessment& a, const ReportOptions& o) {
  const std::string suite = o.plan_uri.empty() ? "plan.json" : o.plan_uri;
  std::size_t failures = 0;
  for (const Finding& f : a.findings) {
    failures += f.severity != Severity::kNone && f.severity >= o.fail_on;
  }
  const std::size_t tests = a.findings.size() + a.noise.size();
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"driftwise\" tests=\"" + std::to_string(tests) +
         "\" failures=\"" + std::to_string(failures) + "\">\n";
  out += "  <testsuite name=\"" + Xml("plan-assessment:" + suite) +
         "\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\" skipped=\"" +
         std::to_string(a.noise.size()) + "\" errors=\"0\">\n";
  out += "    <properties>\n      <property name=\"risk_level\" value=\"" +
         std::string(SeverityName(a.risk_level)) + "\"/>\n    </properties>\n";
  for (const Finding& f : a.findings) {
    out += "    <testcase classname=\"" + Xml(f.resource_type) + "\" name=\"" +
           Xml(f.address + " (" + std::string(ActionName(f.action)) +
               (f.drift ? ", drift" : "") + ")") +
           "\"";
    const bool failed =
        f.severity != Severity::kNone && f.severity >= o.fail_on;
    if (!failed) {
      out += "/>\n";
      continue;
    }
    std::string body;
    for (const RuleHit& h : f.hits) {
      body += std::string(SeverityName(h.severity)) + " " + h.rule_id;
      if (!h.path.empty()) body += " at " + h.path;
      if (!h.reason.empty()) body += ": " + h.reason;
      body += "\n";
    }
    out += ">\n      <failure type=\"" + std::string(SeverityName(f.severity)) +
           "\" message=\"" +
           Xml(std::string(SeverityName(f.severity)) + " risk: " +
               (f.rules.empty() ? std::string() : f.rules.front())) +
           "\">" + Xml(body) + "</failure>\n    </testcase>\n";
  }
  for (const NoiseItem& n : a.noise) {
    out += "    <testcase classname=\"" + Xml(n.resource_type) + "\" name=\"" +
           Xml(n.address + " " + n.path) + "\">\n      <skipped message=\"" +
           Xml("noise: " + n.rule + " (" + n.fingerprint + ")") +
           "\"/>\n    </testcase>\n";
  }
  out += "    <system-out>" + Xml(a.narrative) + "</system-out>\n";
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace v1
}  // namespace dw
