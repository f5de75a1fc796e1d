// The assessment as JSON: {risk_level, counts, findings, noise, narrative}.
#include "driftwise/json_writer.hpp"
#include "driftwise/report.hpp"
#include "report/change_explanation.hpp"

namespace dw {
inline namespace v1 {

std::string AssessmentToJson(const Assessment& a, const ReportOptions& o) {
  std::string out;
  JsonWriter w(&out, o.json_indent);
  w.BeginObject();
  w.Member("risk_level", SeverityName(a.risk_level));
  w.Key("counts");
  w.BeginObject();
  for (const auto& [k, v] : a.counts) {
    w.Key(k);
    w.Int(v);
  }
  w.EndObject();
  w.Key("findings");
  w.BeginArray();
  for (const Finding& f : a.findings) {
    w.BeginObject();
    w.Member("address", f.address);
    w.Member("resource_type", f.resource_type);
    w.Member("action", ActionName(f.action));
    w.Key("drift");
    w.Bool(f.drift);
    if (!f.action_reason.empty()) w.Member("action_reason", f.action_reason);
    if (!f.replace_paths.empty()) {
      w.Key("replace_paths");
      w.StringArray(f.replace_paths);
    }
    const std::string why = report_internal::ExplainChange(f);
    if (!why.empty()) w.Member("explanation", why);
    w.Member("severity", SeverityName(f.severity));
    w.Key("rules");
    w.StringArray(f.rules);
    w.Key("paths");
    w.StringArray(f.paths);
    w.Key("fingerprints");
    w.StringArray(f.fingerprints);
    w.Key("hits");
    w.BeginArray();
    for (const RuleHit& h : f.hits) {
      w.BeginObject();
      w.Member("rule", h.rule_id);
      w.Member("origin", h.origin);
      if (!h.category.empty()) w.Member("category", h.category);
      w.Member("severity", SeverityName(h.severity));
      w.Member("path", h.path);
      w.Member("reason", h.reason);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("noise");
  w.BeginArray();
  for (const NoiseItem& n : a.noise) {
    w.BeginObject();
    w.Member("address", n.address);
    w.Member("action", ActionName(n.action));
    w.Key("drift");
    w.Bool(n.drift);
    w.Member("path", n.path);
    w.Member("fingerprint", n.fingerprint);
    w.Member("rule", n.rule);
    w.Member("reason", n.reason);
    w.EndObject();
  }
  w.EndArray();
  w.Member("narrative", a.narrative);
  w.EndObject();
  out += '\n';
  return out;
}

}  // namespace v1
}  // namespace dw
