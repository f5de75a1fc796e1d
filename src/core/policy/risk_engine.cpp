// RiskEngine: every risk rule (built-in types, built-in attribute rules,
// policy rules) in one GlobSet; noise rules in another (NoiseMatcher).
// Assess walks each change once: type-level rules by one RE2 pass over the
// type (cached per type), attribute rules by one pass per changed path.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "driftwise/glob.hpp"
#include "driftwise/policy.hpp"
#include "noise/noise_conditions.hpp"
#include "policy/attribute_conditions.hpp"
#include "policy/builtin_risk_catalog.hpp"
#include "policy/narrative.hpp"

namespace dw {
inline namespace v1 {

using policy_internal::CompiledCondition;

namespace {

enum class EntryKind { kType, kAttribute, kChangeLevel, kPolicy };

struct Entry {
  EntryKind kind;
  std::size_t index;  // into catalog.resource_types / attribute_rules /
                      // policy.rules
};

constexpr std::string_view kStateful = "risk_stateful_types";

bool Has(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

struct RiskEngine::Impl {
  RiskCatalog catalog;  // after provider and exception filtering
  std::vector<CompiledCondition> conditions;  // per attribute rule
  Policy policy;
  std::vector<Entry> entries;  // GlobSet index -> rule
  GlobSet globs;
  NoiseMatcher noise;
  SuppressionSet suppressions;

  // contains_any rules (0.0.0.0/0 ingress, public members) also fire when
  // a list element that already allowed the value changed in any other
  // way (a port of an open ingress rule), not only when the value itself
  // appears: such a rule now exposes something else.
  void AddOpenedUnits(
      const ResourceChange& rc, const std::vector<int>& type_hits,
      std::vector<RuleHit>* hits,
      std::set<std::pair<std::string, std::string>>* seen) const;

  void AssessChange(const ResourceChange& rc, bool drift, std::int64_t now,
                    std::unordered_map<std::string, std::vector<int>>* types,
                    Assessment* out) const;
};

RiskEngine::RiskEngine() = default;
RiskEngine::~RiskEngine() = default;
RiskEngine::RiskEngine(RiskEngine&&) noexcept = default;
RiskEngine& RiskEngine::operator=(RiskEngine&&) noexcept = default;

void RiskEngine::Impl::AddOpenedUnits(
    const ResourceChange& rc, const std::vector<int>& type_hits,
    std::vector<RuleHit>* hits,
    std::set<std::pair<std::string, std::string>>* seen) const {
  if (rc.action != Action::kUpdate && rc.action != Action::kReplace) return;
  std::vector<int> rules;
  for (int idx : type_hits) {
    const Entry& e = entries[static_cast<std::size_t>(idx)];
    if (e.kind == EntryKind::kAttribute &&
        catalog.attribute_rules[e.index].op == "contains_any") {
      rules.push_back(idx);
    }
  }
  if (rules.empty()) return;
  // Units: a changed path up to its first list index (ingress[0]).
  std::set<std::string> done;
  for (const AttributeChange& c : rc.diff) {
    std::size_t cut = 0;
    while (cut < c.path.size() && !c.path[cut].is_index) ++cut;
    if (cut == c.path.size()) continue;
    AttributePath unit(c.path.begin(),
                       c.path.begin() + static_cast<long>(cut) + 1);
    if (!done.insert(FormatPath(unit)).second) continue;
    JsonValue after = noise_internal::ValueAt(rc.after(), unit);
    if (!after.valid()) continue;
    // Walk the unit's subtree; test each node against each rule's glob.
    std::vector<std::pair<AttributePath, JsonValue>> stack{{unit, after}};
    while (!stack.empty()) {
      auto [path, node] = std::move(stack.back());
      stack.pop_back();
      for (int idx : rules) {
        if (globs.MatchedPrefixLength(idx, path) !=
            static_cast<int>(path.size())) {
          continue;
        }
        const Entry& e = entries[static_cast<std::size_t>(idx)];
        if (!policy_internal::ContainsTarget(conditions[e.index], rc, node)) {
          continue;
        }
        const RiskAttributeRule& r = catalog.attribute_rules[e.index];
        std::string where = FormatPath(path);
        if (seen->insert({r.id, where}).second) {
          hits->push_back(
              {r.id, "builtin", r.category, r.severity, where, r.reason});
        }
      }
      if (path.size() > 8) continue;  // rule globs are shallow
      std::size_t i = 0;
      for (JsonValue child : node.elements()) {
        AttributePath p = path;
        p.push_back(PathSegment::Index(i++));
        stack.emplace_back(std::move(p), child);
      }
      for (JsonMember m : node.members()) {
        AttributePath p = path;
        p.push_back(PathSegment::Key(m.key));
        stack.emplace_back(std::move(p), m.value);
      }
    }
  }
}

Result<RiskEngine> RiskEngine::Create(EngineConfig config) {
  SanitizePolicy(&config.policy);
  DW_RETURN_IF_ERROR(
      IssuesToStatus(ValidatePolicy(config.policy), "invalid policy"));
  auto impl = std::make_unique<Impl>();
  std::set<std::string> off_risk, off_noise;
  for (const RuleException& e : config.policy.exceptions) {
    (e.rule_type == "noise" ? off_noise : off_risk).insert(e.builtin_rule_id);
  }
  if (config.builtin_risk) {
    const RiskCatalog& all = policy_internal::FullCatalog();
    for (const RiskTypeRule& r : all.resource_types) {
      if (!off_risk.count(r.id)) impl->catalog.resource_types.push_back(r);
    }
    for (const RiskAttributeRule& r : all.attribute_rules) {
      if (!off_risk.count(r.id)) impl->catalog.attribute_rules.push_back(r);
    }
  }
  impl->policy = std::move(config.policy);

  std::vector<GlobRule> globs;
  for (std::size_t i = 0; i < impl->catalog.resource_types.size(); ++i) {
    globs.push_back({impl->catalog.resource_types[i].resource_type, ""});
    impl->entries.push_back({EntryKind::kType, i});
  }
  for (std::size_t i = 0; i < impl->catalog.attribute_rules.size(); ++i) {
    const RiskAttributeRule& r = impl->catalog.attribute_rules[i];
    CompiledCondition c;
    c.op = r.op;
    c.on_create = r.on_create;
    if (!r.value_json.empty()) {
      DW_ASSIGN_OR_RETURN(c.value, JsonDocument::Parse(r.value_json));
    }
    for (const auto& [k, v] : r.where) {
      DW_ASSIGN_OR_RETURN(JsonDocument doc, JsonDocument::Parse(v));
      c.where.emplace_back(k, std::move(doc));
    }
    bool change_level = policy_internal::IsChangeLevelOp(r.op);
    impl->conditions.push_back(std::move(c));
    globs.push_back({r.resource_type, change_level ? "" : r.attribute});
    impl->entries.push_back(
        {change_level ? EntryKind::kChangeLevel : EntryKind::kAttribute, i});
  }
  for (std::size_t i = 0; i < impl->policy.rules.size(); ++i) {
    const PolicyRule& r = impl->policy.rules[i];
    if (!r.enabled) continue;
    globs.push_back({r.resource_type, r.attribute});
    impl->entries.push_back({EntryKind::kPolicy, i});
  }
  Result<GlobSet> set = GlobSet::Compile(globs);
  if (!set.ok()) return set.status().WithContext("risk rules");
  impl->globs = std::move(*set);

  std::vector<NoiseRule> noise_rules;
  if (config.builtin_noise) {
    for (NoiseRule& r : BuiltinNoiseRules()) {
      if (!off_noise.count(r.id)) noise_rules.push_back(std::move(r));
    }
  }
  for (NoiseRule& r : config.noise_rules) noise_rules.push_back(std::move(r));
  DW_ASSIGN_OR_RETURN(impl->noise,
                      NoiseMatcher::Create(std::move(noise_rules)));
  impl->suppressions = SuppressionSet(std::move(config.suppressions));
  RiskEngine engine;
  engine.impl_ = std::move(impl);
  return engine;
}

void RiskEngine::Impl::AssessChange(
    const ResourceChange& rc, bool drift, std::int64_t now,
    std::unordered_map<std::string, std::vector<int>>* types,
    Assessment* out) const {
  if (rc.action == Action::kNoOp || rc.action == Action::kRead) return;
  const std::string_view action = ActionName(rc.action);
  const std::string_view provider = policy_internal::ProviderOfType(rc.type);
  auto policy_applies = [&](const PolicyRule& r) {
    return (r.actions.empty() || Has(r.actions, action)) &&
           (r.provider.empty() || r.provider == provider);
  };

  auto it = types->find(rc.type);
  if (it == types->end()) {
    std::vector<int> hits;
    globs.MatchType(rc.type, &hits);
    it = types->emplace(rc.type, std::move(hits)).first;
  }
  const std::vector<int>& type_hits = it->second;

  std::vector<RuleHit> hits;
  bool stateful = false;
  for (int idx : type_hits) {
    const Entry& e = entries[static_cast<std::size_t>(idx)];
    if (e.kind == EntryKind::kType) {
      const RiskTypeRule& r = catalog.resource_types[e.index];
      stateful = stateful || r.category == kStateful;
      auto sev = r.severity_by_action.find(std::string(action));
      if (Has(r.actions, action) && sev != r.severity_by_action.end()) {
        hits.push_back(
            {r.id, "builtin", r.category, sev->second, "", r.reason});
      }
    } else if (e.kind == EntryKind::kChangeLevel) {
      const RiskAttributeRule& r = catalog.attribute_rules[e.index];
      if (policy_internal::ChangeConditionHolds(conditions[e.index], rc)) {
        hits.push_back({r.id, "builtin", r.category, r.severity, "", r.reason});
      }
    } else if (e.kind == EntryKind::kPolicy) {
      const PolicyRule& r = policy.rules[e.index];
      if (r.attribute.empty() && policy_applies(r)) {
        hits.push_back({r.id, "policy", "", r.severity, "", r.description});
      }
    }
  }
  const bool protected_change = stateful && (rc.action == Action::kDelete ||
                                             rc.action == Action::kReplace);

  std::vector<std::pair<std::string, const AttributeChange*>> signal;
  std::vector<NoiseItem> noise_items;
  std::vector<int> path_hits;
  std::set<std::pair<std::string, std::string>> seen;  // (rule, path)
  for (const AttributeChange& c : rc.diff) {
    globs.MatchPath(rc.type, c.path_text, &path_hits);
    bool fired = false;
    for (int idx : path_hits) {
      const Entry& e = entries[static_cast<std::size_t>(idx)];
      if (e.kind == EntryKind::kAttribute) {
        const RiskAttributeRule& r = catalog.attribute_rules[e.index];
        int prefix = globs.MatchedPrefixLength(idx, c.path);
        if (prefix < 0) continue;
        JsonValue before = c.before, after = c.after;
        bool unknown = c.unknown;
        std::span<const PathSegment> head(c.path.data(),
                                          static_cast<std::size_t>(prefix));
        if (prefix < static_cast<int>(c.path.size())) {
          before = noise_internal::ValueAt(rc.before(), head);
          after = noise_internal::ValueAt(rc.after(), head);
          unknown = false;
        }
        if (!policy_internal::PathConditionHolds(conditions[e.index], rc,
                                                 before, after, unknown)) {
          continue;
        }
        fired = true;
        std::string where = FormatPath(head);
        if (seen.insert({r.id, where}).second) {
          hits.push_back(
              {r.id, "builtin", r.category, r.severity, where, r.reason});
        }
      } else if (e.kind == EntryKind::kPolicy) {
        const PolicyRule& r = policy.rules[e.index];
        if (!policy_applies(r)) continue;
        fired = true;
        if (seen.insert({r.id, c.path_text}).second) {
          hits.push_back(
              {r.id, "policy", "", r.severity, c.path_text, r.description});
        }
      }
    }
    if (fired || protected_change) {
      signal.emplace_back(ChangeFingerprint(rc.type, c.path, rc.action), &c);
      continue;
    }
    std::string fp = ChangeFingerprint(rc.type, c.path, rc.action);
    NoiseItem item{rc.address,  rc.type, rc.action, drift,
                   c.path_text, fp,      "",        ""};
    if (const Suppression* s = suppressions.Find(fp, rc.address, now)) {
      item.rule = "suppression";
      item.reason = s->reason + " (suppressed by " + s->created_by + ")";
      noise_items.push_back(std::move(item));
    } else if (auto hit = noise.Match(rc, c, drift, protected_change)) {
      item.rule = hit->rule->id;
      item.reason = hit->rule->reason;
      noise_items.push_back(std::move(item));
    } else {
      signal.emplace_back(std::move(fp), &c);
    }
  }
  AddOpenedUnits(rc, type_hits, &hits, &seen);
  for (NoiseItem& n : noise_items) out->noise.push_back(std::move(n));
  // A change whose every diff is noise is noise, type-level rules included.
  if (!rc.diff.empty() && signal.empty() && !protected_change) return;

  Finding f;
  f.address = rc.address;
  f.resource_type = rc.type;
  f.action = rc.action;
  f.drift = drift;
  f.offset = rc.offset;
  f.length = rc.length;
  f.action_reason = rc.action_reason;
  f.replace_paths = rc.replace_paths;
  for (auto& [fp, c] : signal) {
    f.paths.push_back(c->path_text);
    f.fingerprints.push_back(fp);
  }
  std::sort(hits.begin(), hits.end(), [](const RuleHit& a, const RuleHit& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.rule_id != b.rule_id) return a.rule_id < b.rule_id;
    return a.path < b.path;
  });
  std::set<std::string> ids;
  for (const RuleHit& h : hits) {
    f.severity = std::max(f.severity, h.severity);
    ids.insert(h.rule_id);
  }
  f.rules.assign(ids.begin(), ids.end());
  f.hits = std::move(hits);
  out->findings.push_back(std::move(f));
}

Result<Assessment> RiskEngine::Assess(const Plan& plan,
                                      std::int64_t now) const {
  Assessment out;
  for (std::string_view a : {"create", "update", "delete", "replace", "read",
                             "no-op", "forget", "drift"}) {
    out.counts[std::string(a)] = 0;
  }
  std::unordered_map<std::string, std::vector<int>> types;
  for (const ResourceChange& rc : plan.resource_changes) {
    ++out.counts[std::string(ActionName(rc.action))];
    impl_->AssessChange(rc, false, now, &types, &out);
  }
  for (const ResourceChange& rc : plan.resource_drift) {
    ++out.counts["drift"];
    impl_->AssessChange(rc, true, now, &types, &out);
  }
  std::stable_sort(out.findings.begin(), out.findings.end(),
                   [](const Finding& a, const Finding& b) {
                     if (a.severity != b.severity)
                       return a.severity > b.severity;
                     if (a.address != b.address) return a.address < b.address;
                     return a.drift < b.drift;
                   });
  std::stable_sort(out.noise.begin(), out.noise.end(),
                   [](const NoiseItem& a, const NoiseItem& b) {
                     if (a.address != b.address) return a.address < b.address;
                     if (a.drift != b.drift) return a.drift < b.drift;
                     return a.path < b.path;
                   });
  // Line numbers for reports that point into the plan (SARIF).
  std::string_view src = plan.source();
  std::vector<std::uint64_t> line_starts{0};
  for (std::size_t i = 0; i < src.size(); ++i) {
    if (src[i] == '\n') line_starts.push_back(i + 1);
  }
  for (Finding& f : out.findings) {
    out.risk_level = std::max(out.risk_level, f.severity);
    if (f.offset < src.size()) {
      auto it =
          std::upper_bound(line_starts.begin(), line_starts.end(), f.offset);
      f.line = static_cast<std::uint64_t>(it - line_starts.begin());
    }
  }
  out.counts["findings"] = static_cast<int>(out.findings.size());
  out.counts["noise"] = static_cast<int>(out.noise.size());
  out.narrative = policy_internal::Narrative(out);
  return out;
}

Result<Assessment> RiskEngine::AssessChange(const ResourceChange& change,
                                            bool drift,
                                            std::int64_t now) const {
  Assessment out;
  std::unordered_map<std::string, std::vector<int>> types;
  impl_->AssessChange(change, drift, now, &types, &out);
  for (const Finding& f : out.findings) {
    out.risk_level = std::max(out.risk_level, f.severity);
  }
  return out;
}

ScanRecord AssessmentToScan(const Assessment& assessment, std::string scan_id,
                            std::int64_t time, std::string repo_owner,
                            std::string repo_name) {
  ScanRecord scan;
  scan.scan_id = std::move(scan_id);
  scan.time = time;
  scan.repo_owner = std::move(repo_owner);
  scan.repo_name = std::move(repo_name);
  auto fp_path = [](const std::string& text) {
    Result<AttributePath> p = ParsePath(text);
    return p.ok() ? FingerprintPath(*p) : text;
  };
  for (const Finding& f : assessment.findings) {
    for (const std::string& p : f.paths) {
      scan.diffs.push_back({f.address, f.resource_type, fp_path(p),
                            std::string(ActionName(f.action)), ""});
    }
  }
  for (const NoiseItem& n : assessment.noise) {
    scan.diffs.push_back({n.address, n.resource_type, fp_path(n.path),
                          std::string(ActionName(n.action)),
                          n.rule == "suppression" ? "" : n.rule});
  }
  return scan;
}

}  // namespace v1
}  // namespace dw
