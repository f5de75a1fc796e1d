// File: src/core/match/drift_report_json.cpp
//
// The JSON rendering of a drift result (shape documented in
// driftwise/drift_report.hpp). Lives in `match` rather than `report` so the
// report module does not have to depend on matching.
#include "driftwise/drift_report.hpp"
#include "driftwise/drift_risk.hpp"
#include "driftwise/json_writer.hpp"
#include "json/json_validate.hpp"

namespace dw {
inline namespace v1 {

namespace {

void WriteValue(JsonWriter& w, std::string_view key, const std::string& json) {
  if (json.empty()) return;
  w.Key(key);
  // Values are compact JSON produced by the engine (possibly cut with a
  // trailing marker, which makes them a string instead).
  if (internal::IsJsonDocument(json)) {
    w.Raw(json);
  } else {
    w.String(json);
  }
}

void WriteBuckets(JsonWriter& w, std::string_view key,
                  const std::vector<CoverageBucket>& buckets) {
  w.Key(key);
  w.BeginObject();
  for (const CoverageBucket& b : buckets) {
    w.Key(b.key);
    w.BeginObject();
    w.Key("live");
    w.Uint(b.live);
    w.Key("matched");
    w.Uint(b.matched);
    w.Key("coverage_pct");
    w.Double(b.coverage_pct);
    w.EndObject();
  }
  w.EndObject();
}

void OptionalMember(JsonWriter& w, std::string_view key, const std::string& v) {
  if (!v.empty()) w.Member(key, v);
}

// An upper estimate of the rendered size: the text of every finding plus a
// generous allowance per member for its key, quotes and indentation.
// Reserved up front, the output is written once; grown by doubling, a
// 200 MB report was copied about as often as it was written, into fresh
// pages each time.
std::size_t EstimatedSize(const DriftResult& r, int indent) {
  const std::size_t per_member = 24 + 3 * static_cast<std::size_t>(indent);
  std::size_t n = 4096 + 64 * (r.by_type.size() + r.by_account.size() +
                               r.by_region.size() + r.notes.size());
  for (const std::string& note : r.notes) n += note.size();
  for (const DriftFinding& f : r.findings) {
    n += 13 * per_member + f.id.size() + f.address.size() + f.type.size() +
         f.provider_type.size() + f.provider_resource_id.size() +
         f.name.size() + f.region.size() + f.account.size() +
         f.state_source.size() + f.reason.size();
    for (const ChangedPath& p : f.paths) {
      n += 6 * per_member + p.path.size() + p.iac_value.size() +
           p.live_value.size();
    }
  }
  return n;
}

void WriteRisk(JsonWriter& w, const DriftRisk& risk) {
  w.Member("severity", SeverityName(risk.severity));
  if (!risk.rules.empty()) {
    w.Key("rules");
    w.StringArray(risk.rules);
  }
  if (!risk.fingerprints.empty()) {
    w.Key("fingerprints");  // what a suppression names to accept the drift
    w.StringArray(risk.fingerprints);
  }
  if (!risk.noise.empty()) {
    w.Key("noise");
    w.BeginArray();
    for (const NoiseItem& n : risk.noise) {
      w.BeginObject();
      w.Member("path", n.path);
      w.Member("rule", n.rule);
      w.Member("reason", n.reason);
      w.EndObject();
    }
    w.EndArray();
  }
  if (risk.noise_only) {
    w.Key("noise_only");
    w.Bool(true);
  }
}

}  // namespace

std::string RenderDriftJson(const DriftResult& r,
                            const DriftRenderOptions& options) {
  std::string out;
  out.reserve(EstimatedSize(r, options.json_indent));
  JsonWriter w(&out, options.json_indent);
  const DriftSummary& s = r.summary;
  w.BeginObject();
  w.Key("summary");
  w.BeginObject();
  w.Key("total_live");
  w.Uint(s.total_live);
  w.Key("total_iac");
  w.Uint(s.total_iac);
  w.Key("matched");
  w.Uint(s.matched);
  w.Key("changed");
  w.Uint(s.changed);
  w.Key("extra");
  w.Uint(s.extra);
  w.Key("missing");
  w.Uint(s.missing);
  w.Key("defaults");
  w.Uint(s.defaults);
  w.Key("coverage_pct");
  w.Double(s.coverage_pct);
  w.EndObject();
  const DriftAssessment* risk = options.risk;
  if (risk != nullptr) {
    w.Key("risk");
    w.BeginObject();
    w.Member("level", SeverityName(risk->risk_level));
    w.Key("signal");
    w.Uint(risk->signal);
    w.Key("noise_only");
    w.Uint(risk->noise_only);
    w.EndObject();
  }
  w.Key("coverage");
  w.BeginObject();
  WriteBuckets(w, "by_type", r.by_type);
  WriteBuckets(w, "by_region", r.by_region);
  WriteBuckets(w, "by_account", r.by_account);
  w.EndObject();
  w.Key("items");
  w.BeginArray();
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const DriftFinding& f = r.findings[i];
    w.BeginObject();
    w.Member("id", f.id);
    w.Member("kind", FindingKindName(f.kind));
    OptionalMember(w, "address", f.address);
    OptionalMember(w, "type", f.type);
    OptionalMember(w, "provider_type", f.provider_type);
    OptionalMember(w, "provider_resource_id", f.provider_resource_id);
    OptionalMember(w, "name", f.name);
    OptionalMember(w, "region", f.region);
    OptionalMember(w, "account", f.account);
    OptionalMember(w, "state", f.state_source);
    if (f.sources != 0) {
      w.Key("sources");
      w.StringArray(DriftSourceNames(f.sources));
    }
    if (!f.paths.empty()) {
      w.Key("paths");
      w.BeginArray();
      for (const ChangedPath& p : f.paths) {
        w.BeginObject();
        w.Member("path", p.path);
        w.Key("sources");
        w.StringArray(DriftSourceNames(p.sources));
        WriteValue(w, "iac", p.iac_value);
        WriteValue(w, "live", p.live_value);
        if (p.sensitive) {
          w.Key("sensitive");
          w.Bool(true);
        }
        w.EndObject();
      }
      w.EndArray();
    }
    w.Member("reason", f.reason);
    if (risk != nullptr && i < risk->items.size()) {
      WriteRisk(w, risk->items[i]);
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("details");
  w.BeginObject();
  w.Key("ignored");
  w.Uint(s.ignored);
  w.Key("unmapped_live");
  w.Uint(s.unmapped_live);
  w.Key("unmapped_iac");
  w.Uint(s.unmapped_iac);
  w.Key("unobserved_iac");
  w.Uint(s.unobserved_iac);
  w.Key("duplicate_live");
  w.Uint(s.duplicate_live);
  w.Key("skipped_records");
  w.Uint(s.skipped_records);
  w.EndObject();
  w.Key("notes");
  w.StringArray(r.notes);
  w.Member("catalog_version", r.catalog_version);
  w.EndObject();
  out.push_back('\n');
  return out;
}

Result<std::string> RenderDrift(const DriftResult& result,
                                std::string_view format,
                                const DriftRenderOptions& options) {
  if (format == "json") return RenderDriftJson(result, options);
  if (format == "text") return RenderDriftText(result, options);
  if (format == "markdown" || format == "md") {
    return RenderDriftMarkdown(result, options);
  }
  if (format == "sarif") return RenderDriftSarif(result, options);
  return InvalidArgumentError("unknown drift output format \"" +
                              std::string(format) +
                              "\" (expected text, json, markdown or sarif)");
}

}  // namespace v1
}  // namespace dw
