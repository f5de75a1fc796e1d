// File: src/core/match/drift_report_text.cpp
//
// Text and Markdown renderings of a drift result: a headline a person can
// read in one line, then one row per finding with what to look at.
#include <cstdio>
#include <string>
#include <vector>

#include "driftwise/drift_report.hpp"
#include "driftwise/drift_risk.hpp"
#include "match/security_group_rules.hpp"

namespace dw {
inline namespace v1 {

namespace {

std::string Pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", v);
  return buf;
}

std::string Headline(const DriftResult& r) {
  const DriftSummary& s = r.summary;
  std::string out = r.has_drift() ? "Drift found: " : "No drift: ";
  out += std::to_string(s.changed) + " changed, " + std::to_string(s.missing) +
         " missing, " + std::to_string(s.extra) + " unmanaged; coverage " +
         Pct(s.coverage_pct) + " (" + std::to_string(s.matched) + " of " +
         std::to_string(s.matched + s.extra) + " live resources managed; " +
         std::to_string(s.defaults) + " provider defaults not counted)";
  return out;
}

std::string Subject(const DriftFinding& f) {
  if (!f.address.empty()) return f.address;
  std::string s = f.provider_type;
  if (!f.name.empty()) s += " " + f.name;
  return s;
}

// Values in a table cell: short enough to scan (JSON output has them all).
std::string Display(const std::string& json) {
  if (json.empty()) return "(absent)";
  if (json.size() <= 60) return json;
  std::size_t cut = 57;
  while (cut > 0 && (static_cast<unsigned char>(json[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return json.substr(0, cut) + "...";
}

std::string PathLine(const ChangedPath& p, bool values) {
  std::string s = p.path;
  if (values) s += ": " + Display(p.iac_value) + " -> " + Display(p.live_value);
  std::string src;
  for (const std::string& n : DriftSourceNames(p.sources)) {
    src += (src.empty() ? "" : "+") + n;
  }
  return s + " [" + src + "]";
}

// Security group rules read as rules added and removed ("+ tcp 22 from
// 0.0.0.0/0") instead of two truncated JSON lists; other paths as one line.
std::vector<std::string> PathLines(const DriftFinding& f, const ChangedPath& p,
                                   bool values) {
  const bool sg_rules = (f.type == "aws_security_group" ||
                         f.provider_type == "AWS::EC2::SecurityGroup") &&
                        (p.path == "ingress" || p.path == "egress");
  if (sg_rules && values) {
    auto live = JsonDocument::Parse(p.live_value.empty() ? "[]" : p.live_value);
    auto iac = JsonDocument::Parse(p.iac_value.empty() ? "[]" : p.iac_value);
    if (live.ok() && iac.ok() && live->root().is_array() &&
        iac->root().is_array()) {
      match_internal::RuleDelta delta = match_internal::SecurityGroupRuleDelta(
          live->root(), iac->root(), f.provider_resource_id);
      ChangedPath bare = p;
      std::vector<std::string> lines;
      for (const std::string& r : delta.added) {
        lines.push_back(
            PathLine(bare, false).insert(p.path.size(), ": + " + r));
      }
      for (const std::string& r : delta.removed) {
        lines.push_back(
            PathLine(bare, false).insert(p.path.size(), ": - " + r));
      }
      if (!lines.empty()) return lines;
    }
  }
  return {PathLine(p, values)};
}

std::string Pad(std::string s, std::size_t w) {
  if (s.size() < w) s.append(w - s.size(), ' ');
  return s;
}

// Markdown table cells must not contain raw pipes or newlines.
std::string Cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

const DriftRisk* RiskOf(const DriftRenderOptions& options, std::size_t i) {
  if (options.risk == nullptr || i >= options.risk->items.size()) {
    return nullptr;
  }
  return &options.risk->items[i];
}

// "high", or "noise" for a finding whose every diff is noise.
std::string SeverityLabel(const DriftRisk& risk) {
  return risk.noise_only ? "noise" : std::string(SeverityName(risk.severity));
}

// The line under the headline when findings were assessed.
std::string RiskLine(const DriftAssessment& a) {
  std::string out = "Risk: " + std::string(SeverityName(a.risk_level)) + " (" +
                    std::to_string(a.signal) + " finding" +
                    (a.signal == 1 ? "" : "s") + " to act on";
  if (a.noise_only > 0) {
    out += "; " + std::to_string(a.noise_only) + " changed resource" +
           (a.noise_only == 1 ? " is" : "s are") +
           " noise only and not counted";
  }
  return out + ")";
}

}  // namespace

std::string RenderDriftText(const DriftResult& r,
                            const DriftRenderOptions& options) {
  std::string out = Headline(r) + "\n";
  if (options.risk != nullptr) out += RiskLine(*options.risk) + "\n";
  if (!r.findings.empty()) {
    std::size_t width = 8;
    for (const DriftFinding& f : r.findings) {
      width = std::max(width, Subject(f).size());
    }
    width = std::min<std::size_t>(width, 60);
    const std::size_t sev_width = options.risk != nullptr ? 10 : 0;
    out += "\n" + Pad("KIND", 9) +
           (sev_width > 0 ? Pad("SEVERITY", sev_width) : "") +
           Pad("RESOURCE", width + 2) + "DETAIL\n";
    for (std::size_t i = 0; i < r.findings.size(); ++i) {
      const DriftFinding& f = r.findings[i];
      const DriftRisk* risk = RiskOf(options, i);
      std::string kind(FindingKindName(f.kind));
      std::string detail;
      std::vector<std::string> lines;
      for (const ChangedPath& p : f.paths) {
        for (std::string& l : PathLines(f, p, options.show_values)) {
          lines.push_back(std::move(l));
        }
      }
      if (f.kind == FindingKind::kChanged && !lines.empty()) {
        detail = lines.front();
      } else if (f.kind == FindingKind::kExtra ||
                 f.kind == FindingKind::kDefault) {
        detail = f.provider_resource_id;
        if (!f.region.empty()) detail += " (" + f.region + ")";
      } else {
        detail =
            f.provider_resource_id.empty() ? f.reason : f.provider_resource_id;
      }
      out += Pad(kind, 9) +
             (sev_width > 0 ? Pad(risk ? SeverityLabel(*risk) : "", sev_width)
                            : "") +
             Pad(Subject(f), width + 2) + detail + "\n";
      for (std::size_t l = 1; l < lines.size(); ++l) {
        out += Pad("", 9 + sev_width + width + 2) + lines[l] + "\n";
      }
    }
  }
  if (!r.by_type.empty()) {
    out += "\nCoverage by type:\n";
    for (const CoverageBucket& b : r.by_type) {
      out += "  " + Pad(b.key, 40) + Pad(Pct(b.coverage_pct), 9) + "(" +
             std::to_string(b.matched) + "/" + std::to_string(b.live) + ")\n";
    }
  }
  for (const std::string& n : r.notes) out += "note: " + n + "\n";
  return out;
}

std::string RenderDriftMarkdown(const DriftResult& r,
                                const DriftRenderOptions& options) {
  const DriftSummary& s = r.summary;
  std::string out = "## driftwise drift report\n\n" + Headline(r) + "\n\n";
  if (options.risk != nullptr) out += RiskLine(*options.risk) + "\n\n";
  out +=
      "| changed | missing | unmanaged | matched | defaults | coverage |\n"
      "|---:|---:|---:|---:|---:|---:|\n";
  out += "| " + std::to_string(s.changed) + " | " + std::to_string(s.missing) +
         " | " + std::to_string(s.extra) + " | " + std::to_string(s.matched) +
         " | " + std::to_string(s.defaults) + " | " + Pct(s.coverage_pct) +
         " |\n";
  // The tail (notes, coverage) is rendered first so the findings table
  // knows how much room the comment limit leaves it.
  std::string tail;
  for (const std::string& n : r.notes) tail += "\n> " + Cell(n) + "\n";
  std::string coverage;
  if (!r.by_type.empty()) {
    coverage +=
        "\n<details><summary>Coverage by type</summary>\n\n"
        "| type | managed | live | coverage |\n|---|---:|---:|---:|\n";
    for (const CoverageBucket& b : r.by_type) {
      coverage += "| `" + b.key + "` | " + std::to_string(b.matched) + " | " +
                  std::to_string(b.live) + " | " + Pct(b.coverage_pct) + " |\n";
    }
    coverage += "\n</details>\n";
  }
  const std::size_t limit = options.markdown_max_chars;
  // Room kept for the closing "left out" line.
  constexpr std::size_t kOmissionLine = 200;
  std::size_t left_out = 0;
  if (!r.findings.empty()) {
    const bool with_risk = options.risk != nullptr;
    out += with_risk
               ? "\n| kind | severity | resource | details | id |\n"
                 "|---|---|---|---|---|\n"
               : "\n| kind | resource | details | id |\n|---|---|---|---|\n";
    for (std::size_t i = 0; i < r.findings.size(); ++i) {
      const DriftFinding& f = r.findings[i];
      const DriftRisk* risk = RiskOf(options, i);
      std::string detail;
      for (const ChangedPath& p : f.paths) {
        for (const std::string& l : PathLines(f, p, options.show_values)) {
          detail += (detail.empty() ? "" : "<br>") + std::string("`") + l + "`";
        }
      }
      if (detail.empty()) detail = f.reason;
      std::string row = "| " + std::string(FindingKindName(f.kind)) + " | ";
      if (with_risk) row += (risk ? SeverityLabel(*risk) : "") + " | ";
      row += "`" + Cell(Subject(f)) + "` | " + Cell(detail) + " | `" + f.id +
             "` |\n";
      if (limit != 0 &&
          (left_out > 0 ||
           out.size() + row.size() + tail.size() + kOmissionLine > limit)) {
        ++left_out;
        continue;
      }
      out += row;
    }
  }
  if (left_out > 0) {
    out += "\n**" + std::to_string(left_out) + " of " +
           std::to_string(r.findings.size()) +
           " findings left out** to stay within the comment limit; "
           "`driftwise drift --output json` lists them all.\n";
  }
  if (limit == 0 || out.size() + coverage.size() + tail.size() <= limit) {
    out += coverage;
  } else if (!coverage.empty()) {
    out += "\nCoverage by type left out (comment limit).\n";
  }
  out += tail;
  return out;
}

}  // namespace v1
}  // namespace dw
