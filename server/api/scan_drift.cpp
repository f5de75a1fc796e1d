// File: server/api/scan_drift.cpp
#include "api/scan_drift.hpp"

#include <ctime>
#include <map>
#include <set>

#include "driftwise/drift_risk.hpp"
#include "driftwise/inventory.hpp"
#include "driftwise/match.hpp"
#include "driftwise/policy.hpp"
#include "driftwise/state.hpp"

namespace dw::server {
namespace {

nlohmann::json ParsedOr(const std::string& text, nlohmann::json fallback) {
  if (text.empty()) return fallback;
  nlohmann::json v = nlohmann::json::parse(text, nullptr, false);
  return v.is_discarded() ? fallback : v;
}

// Whether `path` is `prefix` or lies under it.
bool Under(std::string_view path, std::string_view prefix) {
  if (!path.starts_with(prefix)) return false;
  if (path.size() == prefix.size()) return true;
  const char next = path[prefix.size()];
  return next == '.' || next == '[';
}

const RiskEngine* Engine() {
  static const Result<RiskEngine> engine = RiskEngine::Create(EngineConfig{});
  return engine.ok() ? &engine.value() : nullptr;
}

std::string_view ApiKind(FindingKind kind) {
  switch (kind) {
    case FindingKind::kChanged:
      return "changed";
    case FindingKind::kMissing:
      return "missing";
    case FindingKind::kExtra:
      return "new";
    case FindingKind::kDefault:
      return "default";
  }
  return "";
}

}  // namespace

std::string LiveRowsAsInventory(const std::vector<LiveResourceRow>& rows,
                                const std::vector<std::string>& covered_types) {
  nlohmann::json list = nlohmann::json::array();
  for (const LiveResourceRow& r : rows) {
    nlohmann::json rec = {{"provider", r.provider},
                          {"provider_type", r.provider_type},
                          {"provider_resource_id", r.provider_resource_id},
                          {"region", r.region},
                          {"account", r.account},
                          {"name", r.name},
                          {"properties", ParsedOr(r.properties, nullptr)}};
    if (!r.normalized_type.empty()) rec["normalized_type"] = r.normalized_type;
    if (r.terraform_shaped) rec["properties_shape"] = "terraform";
    if (r.has_tags) {
      nlohmann::json tags = nlohmann::json::object();
      for (const auto& t : ParsedOr(r.tags, nlohmann::json::array())) {
        tags[t.value("key", "")] = t.value("value", "");
      }
      rec["tags"] = std::move(tags);
    }
    list.push_back(std::move(rec));
  }
  return nlohmann::json{{"resources", std::move(list)},
                        {"covered_types", covered_types}}
      .dump();
}

Result<ScanDriftOutcome> ComputeScanDrift(const ScanDriftInput& input) {
  std::vector<State> states;
  states.reserve(input.states.size());
  for (const ScanStateFile& f : input.states) {
    auto state = ParseStateFile(f.path, {.threads = input.threads});
    if (!state.ok()) return state.status().WithContext("state " + f.label);
    states.push_back(std::move(state.value()));
  }
  InventoryOptions inv_options;
  inv_options.format = InventoryFormat::kDriftwise;
  inv_options.threads = input.threads;
  DW_ASSIGN_OR_RETURN(
      Inventory inventory,
      ParseInventory(LiveRowsAsInventory(input.live, input.covered_types),
                     inv_options));
  std::vector<dw::StateSource> state_sources;
  for (std::size_t i = 0; i < states.size(); ++i) {
    state_sources.push_back({input.states[i].label, &states[i]});
  }
  std::vector<dw::InventorySource> inventories = {{"live", &inventory}};
  MatchOptions options;
  options.threads = static_cast<unsigned>(input.threads);
  DW_ASSIGN_OR_RETURN(DriftResult result,
                      ComputeDrift(state_sources, inventories, {}, options));

  // Rate every finding with the risk and noise rules `driftwise drift`
  // uses (AssessDrift), so a scan's items rate as the CLI's do.
  DriftAssessment risk;
  if (const RiskEngine* engine = Engine()) {
    DW_ASSIGN_OR_RETURN(risk, AssessDrift(result, *engine, std::time(nullptr)));
  }

  ScanDriftOutcome out;
  out.live_count = static_cast<std::int64_t>(result.summary.total_live);
  out.iac_count = static_cast<std::int64_t>(result.summary.total_iac);
  out.matched_count = static_cast<std::int64_t>(result.summary.matched);
  out.coverage_pct = result.summary.coverage_pct;
  out.notes = result.notes;
  Severity scan_risk = Severity::kNone;
  std::map<std::pair<std::string, std::string>, ScanBucket> buckets;
  for (const auto& b : result.by_region) {
    buckets[{"region", b.key}] = {"region", b.key,
                                  static_cast<std::int64_t>(b.live),
                                  static_cast<std::int64_t>(b.matched), 0};
  }
  for (const auto& b : result.by_type) {
    buckets[{"type", b.key}] = {"type", b.key,
                                static_cast<std::int64_t>(b.live),
                                static_cast<std::int64_t>(b.matched), 0};
  }
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    const DriftFinding& f = result.findings[i];
    if (f.kind == FindingKind::kDefault) continue;
    const bool extra = f.kind == FindingKind::kExtra;
    const DriftRisk* rating = i < risk.items.size() ? &risk.items[i] : nullptr;
    nlohmann::json paths = nlohmann::json::array();
    const bool all_noise = rating != nullptr && rating->noise_only;
    std::set<std::string> noise_rules;
    for (const ChangedPath& p : f.paths) {
      bool signal = false, noisy = false;
      if (rating) {
        for (const std::string& s : rating->signal_paths) {
          signal |= Under(s, p.path);
        }
        for (const NoiseItem& n : rating->noise) {
          if (Under(n.path, p.path)) {
            noisy = true;
            noise_rules.insert(n.rule);
          }
        }
      }
      const bool is_noise = all_noise || (noisy && !signal);
      paths.push_back({{"path", p.path},
                       {"iac_value", ParsedOr(p.iac_value, nullptr)},
                       {"live_value", ParsedOr(p.live_value, nullptr)},
                       {"sensitive", p.sensitive},
                       {"noise", is_noise},
                       {"sources", DriftSourceNames(p.sources)}});
    }
    const Severity severity =
        all_noise ? Severity::kNone
                  : (rating ? rating->severity : Severity::kNone);
    if (!all_noise && severity > scan_risk) scan_risk = severity;
    nlohmann::json item = {
        {"id", f.id},
        {"kind", std::string(ApiKind(f.kind))},
        {"address", f.address},
        {"resource_type", f.type},
        {"provider_type", f.provider_type},
        {"provider_resource_id", f.provider_resource_id},
        {"name", f.name},
        {"region", f.region},
        {"account", f.account},
        {"state_source", f.state_source},
        {"reason", f.reason},
        {"severity", std::string(SeverityName(severity))},
        {"rules", rating && !all_noise ? nlohmann::json(rating->rules)
                                       : nlohmann::json::array()},
        {"noise", all_noise},
        {"noise_rules", noise_rules},
        {"paths", std::move(paths)}};
    if (all_noise) {
      ++out.noise_count;
    } else {
      if (f.kind == FindingKind::kChanged) ++out.changed_count;
      if (f.kind == FindingKind::kMissing) ++out.missing_count;
      if (extra) ++out.new_count;
      const std::string type_key = f.type.empty() ? f.provider_type : f.type;
      for (auto key : {std::make_pair(std::string("region"), f.region),
                       std::make_pair(std::string("type"), type_key)}) {
        ScanBucket& b = buckets[key];
        b.dimension = key.first;
        b.key = key.second;
        ++b.drifted;
      }
    }
    out.items.push_back(std::move(item));
  }
  out.risk_level = std::string(SeverityName(scan_risk));
  for (auto& [key, b] : buckets) out.buckets.push_back(std::move(b));
  return out;
}

}  // namespace dw::server
