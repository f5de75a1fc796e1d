// File: src/core/match/drift_report_text.cpp
//
// Text and Markdown renderings of a drift result: a headline a person can
// read in one line, then one row per finding with what to look at.
#include <cstdio>
#include <string>

#include "driftwise/drift_report.hpp"

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

}  // namespace

std::string RenderDriftText(const DriftResult& r,
                            const DriftRenderOptions& options) {
  std::string out = Headline(r) + "\n";
  if (!r.findings.empty()) {
    std::size_t width = 8;
    for (const DriftFinding& f : r.findings) {
      width = std::max(width, Subject(f).size());
    }
    width = std::min<std::size_t>(width, 60);
    out += "\n" + Pad("KIND", 9) + Pad("RESOURCE", width + 2) + "DETAIL\n";
    for (const DriftFinding& f : r.findings) {
      std::string kind(FindingKindName(f.kind));
      std::string detail;
      if (f.kind == FindingKind::kChanged) {
        detail = PathLine(f.paths.front(), options.show_values);
      } else if (f.kind == FindingKind::kExtra ||
                 f.kind == FindingKind::kDefault) {
        detail = f.provider_resource_id;
        if (!f.region.empty()) detail += " (" + f.region + ")";
      } else {
        detail =
            f.provider_resource_id.empty() ? f.reason : f.provider_resource_id;
      }
      out += Pad(kind, 9) + Pad(Subject(f), width + 2) + detail + "\n";
      for (std::size_t i = 1; i < f.paths.size(); ++i) {
        out += Pad("", 9 + width + 2) +
               PathLine(f.paths[i], options.show_values) + "\n";
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
  out +=
      "| changed | missing | unmanaged | matched | defaults | coverage |\n"
      "|---:|---:|---:|---:|---:|---:|\n";
  out += "| " + std::to_string(s.changed) + " | " + std::to_string(s.missing) +
         " | " + std::to_string(s.extra) + " | " + std::to_string(s.matched) +
         " | " + std::to_string(s.defaults) + " | " + Pct(s.coverage_pct) +
         " |\n";
  if (!r.findings.empty()) {
    out += "\n| kind | resource | details | id |\n|---|---|---|---|\n";
    for (const DriftFinding& f : r.findings) {
      std::string detail;
      for (const ChangedPath& p : f.paths) {
        detail += (detail.empty() ? "" : "<br>") + std::string("`") +
                  PathLine(p, options.show_values) + "`";
      }
      if (detail.empty()) detail = f.reason;
      out += "| " + std::string(FindingKindName(f.kind)) + " | `" +
             Cell(Subject(f)) + "` | " + Cell(detail) + " | `" + f.id + "` |\n";
    }
  }
  if (!r.by_type.empty()) {
    out +=
        "\n<details><summary>Coverage by type</summary>\n\n"
        "| type | managed | live | coverage |\n|---|---:|---:|---:|\n";
    for (const CoverageBucket& b : r.by_type) {
      out += "| `" + b.key + "` | " + std::to_string(b.matched) + " | " +
             std::to_string(b.live) + " | " + Pct(b.coverage_pct) + " |\n";
    }
    out += "\n</details>\n";
  }
  for (const std::string& n : r.notes) out += "\n> " + Cell(n) + "\n";
  return out;
}

}  // namespace v1
}  // namespace dw
