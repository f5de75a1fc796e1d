// The assessment as Markdown, sized for a pull-request comment.
#include <map>

#include "driftwise/report.hpp"
#include "report/change_explanation.hpp"

namespace dw {
inline namespace v1 {
namespace {

// Table cells: no pipes or newlines; code spans for identifiers.
std::string Cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string Code(std::string_view s) {
  std::string inner = Cell(s);
  std::string fence = inner.find('`') == std::string::npos ? "`" : "``";
  return fence + (fence.size() > 1 ? " " : "") + inner +
         (fence.size() > 1 ? " " : "") + fence;
}

// " — forced by `x`: reason" after the action, "" when Terraform said
// nothing about why.
std::string Explained(const Finding& f) {
  std::string why = report_internal::ExplainChange(f);
  return why.empty() ? "" : " — " + Cell(why);
}

std::string_view Badge(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "🔴 critical";
    case Severity::kHigh:
      return "🟠 high";
    case Severity::kMedium:
      return "🟡 medium";
    case Severity::kLow:
      return "🔵 low";
    case Severity::kNone:
      break;
  }
  return "⚪ none";
}

constexpr std::size_t kMaxRows = 50;  // keep comments under size limits

}  // namespace

std::string AssessmentToMarkdown(const Assessment& a, const ReportOptions& o) {
  (void)o;
  std::string out =
      "## driftwise plan assessment: " + std::string(Badge(a.risk_level)) +
      "\n\n";
  out += "| create | update | replace | delete | drift | noise diffs |\n";
  out += "|---:|---:|---:|---:|---:|---:|\n";
  auto count = [&](const char* k) {
    auto it = a.counts.find(k);
    return std::to_string(it == a.counts.end() ? 0 : it->second);
  };
  out += "| " + count("create") + " | " + count("update") + " | " +
         count("replace") + " | " + count("delete") + " | " + count("drift") +
         " | " + count("noise") + " |\n\n";
  if (a.findings.empty()) {
    out += "No change carries signal.\n";
  } else {
    out +=
        "### Findings\n\n| Severity | Resource | Action | Rules | Changed "
        "paths |\n|---|---|---|---|---|\n";
    std::size_t rows = 0;
    for (const Finding& f : a.findings) {
      if (rows++ == kMaxRows) break;
      std::string rules;
      for (const std::string& r : f.rules) {
        rules += (rules.empty() ? "" : " ") + Code(r);
      }
      std::string paths;
      for (std::size_t i = 0; i < f.paths.size() && i < 5; ++i) {
        paths += (i ? " " : "") + Code(f.paths[i]);
      }
      if (f.paths.size() > 5) {
        paths += " +" + std::to_string(f.paths.size() - 5) + " more";
      }
      out += "| " + std::string(Badge(f.severity)) + " | " + Code(f.address) +
             " | " + std::string(ActionName(f.action)) +
             (f.drift ? " (drift)" : "") + Explained(f) + " | " +
             (rules.empty() ? "—" : rules) + " | " +
             (paths.empty() ? "—" : paths) + " |\n";
    }
    if (a.findings.size() > kMaxRows) {
      out += "\n_" + std::to_string(a.findings.size() - kMaxRows) +
             " more findings are in the JSON report._\n";
    }
  }
  if (!a.noise.empty()) {
    out += "\n<details><summary>" + std::to_string(a.noise.size()) +
           " diffs classified as noise</summary>\n\n| Resource | Path | Rule | "
           "Fingerprint |\n|---|---|---|---|\n";
    std::size_t rows = 0;
    for (const NoiseItem& n : a.noise) {
      if (rows++ == kMaxRows) break;
      out += "| " + Code(n.address) + " | " + Code(n.path) + " | " +
             Code(n.rule) + " | " + Code(n.fingerprint) + " |\n";
    }
    if (a.noise.size() > kMaxRows) {
      out += "\n_" + std::to_string(a.noise.size() - kMaxRows) + " more._\n";
    }
    out += "\n</details>\n";
  }
  out += "\n<details><summary>Narrative</summary>\n\n```text\n" + a.narrative +
         "\n```\n\n</details>\n";
  return out;
}

}  // namespace v1
}  // namespace dw
