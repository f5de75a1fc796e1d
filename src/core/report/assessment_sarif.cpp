// The assessment as SARIF 2.1.0 for code-scanning tools.
#include <map>

#include "driftwise/json_writer.hpp"
#include "driftwise/noise.hpp"
#include "driftwise/report.hpp"

namespace dw {
inline namespace v1 {
namespace {

std::string_view Level(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    case Severity::kLow:
      return "note";
    case Severity::kNone:
      break;
  }
  return "none";
}

// GitHub code scanning ranks results by this CVSS-like score.
std::string_view SecuritySeverity(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "9.5";
    case Severity::kHigh:
      return "8.0";
    case Severity::kMedium:
      return "5.5";
    case Severity::kLow:
      return "3.0";
    case Severity::kNone:
      break;
  }
  return "0.0";
}

struct RuleInfo {
  Severity severity = Severity::kNone;  // highest seen
  std::string reason;
  std::string origin;
  std::string category;
};

}  // namespace

std::string AssessmentToSarif(const Assessment& a, const ReportOptions& o) {
  const std::string uri = o.plan_uri.empty() ? "plan.json" : o.plan_uri;
  // Rules that fired, in id order (stable ruleIndex).
  std::map<std::string, RuleInfo> rules;
  for (const Finding& f : a.findings) {
    for (const RuleHit& h : f.hits) {
      RuleInfo& r = rules[h.rule_id];
      if (h.severity > r.severity) r.severity = h.severity;
      if (r.reason.empty()) r.reason = h.reason;
      r.origin = h.origin;
      r.category = h.category;
    }
  }
  std::map<std::string, int> index;
  std::string out;
  JsonWriter w(&out, o.json_indent);
  w.BeginObject();
  w.Member("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.Member("version", "2.1.0");
  w.Key("runs");
  w.BeginArray();
  w.BeginObject();
  w.Key("tool");
  w.BeginObject();
  w.Key("driver");
  w.BeginObject();
  w.Member("name", "driftwise");
  if (!o.tool_version.empty()) w.Member("version", o.tool_version);
  w.Member("informationUri", "https://github.com/driftwise/driftwise");
  w.Key("rules");
  w.BeginArray();
  for (const auto& [id, info] : rules) {
    index[id] = static_cast<int>(index.size());
    w.BeginObject();
    w.Member("id", id);
    w.Member("name", id);
    w.Key("shortDescription");
    w.BeginObject();
    w.Member("text", info.reason.empty() ? id : info.reason);
    w.EndObject();
    w.Key("defaultConfiguration");
    w.BeginObject();
    w.Member("level", Level(info.severity));
    w.EndObject();
    w.Key("properties");
    w.BeginObject();
    w.Member("origin", info.origin);
    if (!info.category.empty()) w.Member("category", info.category);
    w.Member("security-severity", SecuritySeverity(info.severity));
    w.Key("tags");
    w.StringArray({"infrastructure", "terraform", "plan-risk"});
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();  // driver
  w.EndObject();  // tool
  w.Key("artifacts");
  w.BeginArray();
  w.BeginObject();
  w.Key("location");
  w.BeginObject();
  w.Member("uri", uri);
  w.EndObject();
  w.EndObject();
  w.EndArray();
  w.Key("results");
  w.BeginArray();
  for (const Finding& f : a.findings) {
    for (const RuleHit& h : f.hits) {
      w.BeginObject();
      w.Member("ruleId", h.rule_id);
      w.Key("ruleIndex");
      w.Int(index[h.rule_id]);
      w.Member("level", Level(h.severity));
      w.Key("message");
      w.BeginObject();
      std::string text = f.address + " (" + std::string(ActionName(f.action)) +
                         (f.drift ? ", changed outside Terraform" : "") +
                         "): " + std::string(SeverityName(h.severity));
      if (!h.path.empty()) text += " at " + h.path;
      if (!h.reason.empty()) text += ": " + h.reason;
      w.Member("text", text);
      w.EndObject();
      w.Key("locations");
      w.BeginArray();
      w.BeginObject();
      w.Key("physicalLocation");
      w.BeginObject();
      w.Key("artifactLocation");
      w.BeginObject();
      w.Member("uri", uri);
      w.Key("index");
      w.Int(0);
      w.EndObject();
      w.Key("region");
      w.BeginObject();
      w.Key("startLine");
      w.Uint(f.line > 0 ? f.line : 1);
      if (f.length > 0) {
        w.Key("byteOffset");
        w.Uint(f.offset);
        w.Key("byteLength");
        w.Uint(f.length);
      }
      w.EndObject();
      w.EndObject();  // physicalLocation
      w.Key("logicalLocations");
      w.BeginArray();
      w.BeginObject();
      w.Member("fullyQualifiedName", f.address);
      w.Member("kind", "resource");
      w.EndObject();
      w.EndArray();
      w.EndObject();
      w.EndArray();  // locations
      w.Key("partialFingerprints");
      w.BeginObject();
      w.Member("driftwise/v1", Fingerprint(h.rule_id, f.address, h.path));
      w.EndObject();
      w.Key("properties");
      w.BeginObject();
      w.Member("severity", SeverityName(h.severity));
      w.Member("resource_type", f.resource_type);
      w.Member("action", ActionName(f.action));
      w.Key("drift");
      w.Bool(f.drift);
      w.EndObject();
      w.EndObject();
    }
  }
  w.EndArray();
  w.EndObject();  // run
  w.EndArray();
  w.EndObject();
  out += '\n';
  return out;
}

}  // namespace v1
}  // namespace dw
