// File: src/core/match/drift_report_sarif.cpp
//
// SARIF 2.1.0 rendering: one rule per finding kind, one result per
// finding, the finding id as partial fingerprint (so dashboards track a
// finding across runs), the resource as a logical location and the state
// file (or inventory) as the artifact.
#include "driftwise/drift_report.hpp"
#include "driftwise/drift_risk.hpp"
#include "driftwise/json_writer.hpp"

namespace dw {
inline namespace v1 {

namespace {

struct Rule {
  FindingKind kind;
  std::string_view id;
  std::string_view name;
  std::string_view text;
  std::string_view level;
};

constexpr Rule kRules[] = {
    {FindingKind::kChanged, "drift/changed", "ChangedOutsideTerraform",
     "A managed resource's attributes differ from the Terraform state.",
     "warning"},
    {FindingKind::kMissing, "drift/missing", "MissingResource",
     "A resource in the Terraform state no longer exists.", "error"},
    {FindingKind::kExtra, "drift/unmanaged", "UnmanagedResource",
     "A live resource is not managed by any Terraform state.", "warning"},
    {FindingKind::kDefault, "drift/provider-default", "ProviderDefault",
     "A resource the cloud provider created by itself.", "note"},
};

// With a risk assessment the level follows the finding's severity, as a
// code-scanning dashboard sorts by it: high and critical are errors,
// medium a warning, low and none notes; noise is a note.
std::string_view LevelFor(const Rule& rule, const DriftRisk* risk) {
  if (risk == nullptr) return rule.level;
  if (risk->noise_only) return "note";
  switch (risk->severity) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    default:
      return "note";
  }
}

const Rule& RuleFor(FindingKind k) {
  for (const Rule& r : kRules) {
    if (r.kind == k) return r;
  }
  return kRules[0];
}

}  // namespace

std::string RenderDriftSarif(const DriftResult& result,
                             const DriftRenderOptions& options) {
  std::string out;
  JsonWriter w(&out, options.json_indent);
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
  if (!options.tool_version.empty()) w.Member("version", options.tool_version);
  w.Member("informationUri", "https://github.com/driftwise/driftwise");
  w.Key("rules");
  w.BeginArray();
  for (const Rule& r : kRules) {
    w.BeginObject();
    w.Member("id", r.id);
    w.Member("name", r.name);
    w.Key("shortDescription");
    w.BeginObject();
    w.Member("text", r.text);
    w.EndObject();
    w.Key("defaultConfiguration");
    w.BeginObject();
    w.Member("level", r.level);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  w.Key("results");
  w.BeginArray();
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    const DriftFinding& f = result.findings[i];
    const DriftRisk* risk =
        options.risk != nullptr && i < options.risk->items.size()
            ? &options.risk->items[i]
            : nullptr;
    const Rule& rule = RuleFor(f.kind);
    w.BeginObject();
    w.Member("ruleId", rule.id);
    w.Member("level", LevelFor(rule, risk));
    w.Key("message");
    w.BeginObject();
    w.Member("text", f.reason);
    w.EndObject();
    w.Key("locations");
    w.BeginArray();
    w.BeginObject();
    if (!f.state_source.empty()) {
      w.Key("physicalLocation");
      w.BeginObject();
      w.Key("artifactLocation");
      w.BeginObject();
      w.Member("uri", f.state_source);
      w.EndObject();
      w.EndObject();
    }
    w.Key("logicalLocations");
    w.BeginArray();
    w.BeginObject();
    w.Member("fullyQualifiedName",
             f.address.empty() ? f.provider_resource_id : f.address);
    w.Member("kind", "resource");
    w.EndObject();
    w.EndArray();
    w.EndObject();
    w.EndArray();
    w.Key("partialFingerprints");
    w.BeginObject();
    w.Member("driftwiseFindingId/v1", f.id);
    w.EndObject();
    w.Key("properties");
    w.BeginObject();
    w.Member("kind", FindingKindName(f.kind));
    if (!f.type.empty()) w.Member("type", f.type);
    if (!f.provider_type.empty()) w.Member("provider_type", f.provider_type);
    if (!f.provider_resource_id.empty()) {
      w.Member("provider_resource_id", f.provider_resource_id);
    }
    if (!f.paths.empty()) {
      std::vector<std::string> paths;
      for (const ChangedPath& p : f.paths) paths.push_back(p.path);
      w.Key("paths");
      w.StringArray(paths);
    }
    if (risk != nullptr) {
      w.Member("severity", SeverityName(risk->severity));
      if (!risk->rules.empty()) {
        w.Key("rules");
        w.StringArray(risk->rules);
      }
      if (risk->noise_only) {
        w.Key("noise_only");
        w.Bool(true);
      }
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace v1
}  // namespace dw
