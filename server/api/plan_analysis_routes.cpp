// POST /api/v2/orgs/{id}/plans/analyze: the engine's risk assessment of a
// Terraform plan (the same as `driftwise plan assess --output json` on the
// same bytes), stored with its CI metadata and linked to the org's live
// resources each change touches (GET .../resources/{id}/plan-links).
//
// The narrative is the engine's deterministic one, written from the
// findings alone: this server calls no LLM.
#include <algorithm>
#include <chrono>
#include <map>

#include "api/api_route.hpp"
#include "api/audit_trail.hpp"
#include "api/inventory_ingest.hpp"
#include "driftwise/catalog.hpp"
#include "driftwise/plan.hpp"
#include "driftwise/policy.hpp"
#include "driftwise/report.hpp"
#include "driftwise/version.h"
#include "store/ids.hpp"
#include "store/live_store.hpp"

namespace dw::server {
namespace {

// The built-in rule set, compiled once (RiskEngine::Assess is const and
// safe to share between request threads).
const RiskEngine* BuiltinEngine() {
  static const Result<RiskEngine> engine = RiskEngine::Create(EngineConfig{});
  return engine.ok() ? &engine.value() : nullptr;
}

struct Touch {
  std::string address;
  std::string action;
  std::vector<std::string> identity_keys;
};

// The identities a managed change names, before and after (a replace may
// change the id; either side may be null for create/delete).
std::vector<Touch> TouchedIdentities(const Plan& plan) {
  const Catalog& catalog = Catalog::Builtin();
  std::vector<Touch> out;
  for (const ResourceChange& rc : plan.resource_changes) {
    if (rc.mode != "managed") continue;
    const CatalogEntry* entry = catalog.Find(rc.type);
    if (!entry) continue;
    Touch t{rc.address, std::string(ActionName(rc.action)), {}};
    for (const JsonValue& side : {rc.before(), rc.after()}) {
      if (!side.is_object()) continue;
      std::string key = StateIdentity(*entry, side).key;
      if (!key.empty() &&
          std::find(t.identity_keys.begin(), t.identity_keys.end(), key) ==
              t.identity_keys.end()) {
        t.identity_keys.push_back(std::move(key));
      }
    }
    if (!t.identity_keys.empty()) out.push_back(std::move(t));
  }
  return out;
}

nlohmann::json ChangesJson(const Plan& plan, const Assessment& a) {
  std::map<std::string, const Finding*> by_address;
  for (const Finding& f : a.findings) {
    if (!f.drift) by_address.emplace(f.address, &f);
  }
  nlohmann::json changes = nlohmann::json::array();
  for (const ResourceChange& rc : plan.resource_changes) {
    if (rc.action == Action::kNoOp || rc.action == Action::kRead) continue;
    auto it = by_address.find(rc.address);
    const Finding* f = it == by_address.end() ? nullptr : it->second;
    changes.push_back(
        {{"address", rc.address},
         {"resource_type", rc.type},
         {"action", std::string(ActionName(rc.action))},
         {"risk_level",
          std::string(SeverityName(f ? f->severity : Severity::kNone))},
         {"rules", f ? nlohmann::json(f->rules) : nlohmann::json::array()},
         {"paths", f ? nlohmann::json(f->paths) : nlohmann::json::array()}});
  }
  return changes;
}

void AnalyzePlan(Call& call) {
  nlohmann::json body =
      nlohmann::json::parse(call.req.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) {
    return call.Fail(400, kErrValidation, "body must be a JSON object");
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "plan_json" && key != "ci") {
      return call.Fail(
          400, kErrValidation,
          "unknown field \"" + key + "\" (expected plan_json, ci)");
    }
  }
  auto plan_field = body.find("plan_json");
  if (plan_field == body.end() ||
      !(plan_field->is_string() || plan_field->is_object())) {
    return call.Fail(400, kErrValidation,
                     "field \"plan_json\" is required: the plan's JSON "
                     "(`terraform show -json`) as a string");
  }
  nlohmann::json ci = body.value("ci", nlohmann::json::object());
  if (!ci.is_object()) {
    return call.Fail(400, kErrValidation, "field \"ci\" must be an object");
  }
  std::string plan_text = plan_field->is_string()
                              ? plan_field->get<std::string>()
                              : plan_field->dump();
  body = nullptr;  // the plan is large; keep one copy
  Result<Plan> plan = ParsePlan(std::move(plan_text));
  if (!plan.ok()) {
    return call.Fail(400, kErrValidation,
                     DescribeParseError("plan_json", plan.status()));
  }
  const RiskEngine* engine = BuiltinEngine();
  if (!engine) return call.Fail(500, kErrInternal, "risk rules did not load");
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  Result<Assessment> a = engine->Assess(*plan, now);
  if (!a.ok()) return call.FailWith(a.status());

  ReportOptions report;
  report.plan_uri = "plan_json";
  report.tool_version = DW_VERSION_STRING;
  report.json_indent = 0;
  nlohmann::json summary = nlohmann::json::array();
  for (const auto& [name, count] : a->counts) {
    summary.push_back({{"kind", name}, {"count", count}});
  }
  nlohmann::json noise_items = nlohmann::json::array();
  for (const NoiseItem& n : a->noise) {
    noise_items.push_back({{"address", n.address},
                           {"resource_type", n.resource_type},
                           {"action", std::string(ActionName(n.action))},
                           {"path", n.path},
                           {"fingerprint", n.fingerprint},
                           {"rule", n.rule},
                           {"reason", n.reason}});
  }
  PlanAnalysis analysis;
  analysis.id = NewUuidV4();
  analysis.org_id = call.org->org.id;
  analysis.risk_level = std::string(SeverityName(a->risk_level));
  analysis.ci = ci.dump();
  analysis.created_by = call.Actor();
  nlohmann::json result = {
      {"analysis_id", analysis.id},
      {"risk_level", analysis.risk_level},
      {"narrative", a->narrative},
      {"summary", std::move(summary)},
      {"changes", ChangesJson(*plan, *a)},
      {"plan_noise",
       {{"count", a->noise.size()}, {"items", std::move(noise_items)}}},
      // Plan analyses are not scan runs in this server.
      {"scan_run", nullptr},
      {"assessment", nlohmann::json::parse(AssessmentToJson(*a, report))},
      {"ci", ci}};
  analysis.result = result.dump();
  const std::vector<Touch> touches = TouchedIdentities(*plan);

  std::int64_t linked = 0;
  Status status = call.ctx.Write([&](StoreTx& tx) -> Status {
    LiveTx& live = tx.LiveWrite();
    auto stored = live.CreatePlanAnalysis(analysis);
    if (!stored.ok()) return stored.status();
    analysis = std::move(stored.value());
    for (const Touch& t : touches) {
      for (const std::string& key : t.identity_keys) {
        auto ids = live.FindLiveResourcesByIdentity(analysis.org_id, key);
        if (!ids.ok()) return ids.status();
        for (const std::string& id : ids.value()) {
          Status added = live.AddPlanLink({.analysis_id = analysis.id,
                                           .org_id = analysis.org_id,
                                           .live_resource_id = id,
                                           .address = t.address,
                                           .action = t.action,
                                           .created_at = analysis.created_at});
          if (!added.ok()) return added;
          ++linked;
        }
      }
    }
    return AuditOrg(tx, analysis.org_id, call.Actor(), "plan.analyzed",
                    analysis.id,
                    {{"risk_level", analysis.risk_level},
                     {"findings", a->findings.size()},
                     {"linked_resources", linked}});
  });
  if (!status.ok()) return call.FailWith(status);
  result["created_at"] = analysis.created_at;
  result["linked_resources"] = linked;
  call.Json(200, result);
}

}  // namespace

std::vector<ApiRoute> PlanAnalysisRoutes() {
  return {
      {"POST",
       "/api/v2/orgs/{id}/plans/analyze",
       "Analyze a Terraform plan",
       "Member. Body {plan_json, ci?}: the engine's risk level, findings "
       "with the rules that fired, noise and deterministic narrative (as "
       "`driftwise plan assess`), stored and linked to the live resources "
       "each change touches.",
       {.access = Access::kOrg, .min_role = Role::kMember},
       AnalyzePlan},
  };
}

}  // namespace dw::server
