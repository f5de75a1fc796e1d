// Risk and noise on drift (driftwise/drift_risk.hpp): the findings are
// written as the resource_drift of a small synthetic plan, read back with
// the plan parser (so the engine sees exactly the diff and values a plan
// would give it) and assessed one change at a time, in batches that bound
// the memory the synthetic text takes.
#include "driftwise/drift_risk.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "driftwise/json.hpp"
#include "driftwise/path.hpp"
#include "driftwise/plan.hpp"
#include "match/security_group_rules.hpp"

namespace dw {
inline namespace v1 {
namespace {

// Findings per synthetic plan: large enough that parsing is a few calls,
// small enough that the text stays a few megabytes.
constexpr std::size_t kBatch = 4096;

// A sparse JSON value built from (path, value) pairs. Arrays keep only the
// indexes set; the gaps are written as null on both sides alike, so they
// never show as a difference.
struct SparseNode {
  enum class Kind { kEmpty, kLeaf, kObject, kArray } kind = Kind::kEmpty;
  std::string raw;  // kLeaf: compact JSON
  std::map<std::string, SparseNode> members;
  std::map<std::uint64_t, SparseNode> elements;

  void Set(const AttributePath& path, std::size_t at, const std::string& v) {
    if (at == path.size()) {
      kind = Kind::kLeaf;
      raw = v;
      members.clear();
      elements.clear();
      return;
    }
    const PathSegment& seg = path[at];
    const Kind want = seg.is_index ? Kind::kArray : Kind::kObject;
    if (kind != want) {  // a leaf or the other container: the deeper wins
      kind = want;
      raw.clear();
      members.clear();
      elements.clear();
    }
    SparseNode& child = seg.is_index ? elements[seg.index] : members[seg.key];
    child.Set(path, at + 1, v);
  }

  void Write(std::string& out) const {
    switch (kind) {
      case Kind::kEmpty:
        out += "null";
        return;
      case Kind::kLeaf:
        out += raw;
        return;
      case Kind::kObject: {
        out += '{';
        bool first = true;
        for (const auto& [key, child] : members) {
          if (!first) out += ',';
          first = false;
          AppendJsonString(out, key);
          out += ':';
          child.Write(out);
        }
        out += '}';
        return;
      }
      case Kind::kArray: {
        out += '[';
        std::uint64_t next = 0;
        for (const auto& [index, child] : elements) {
          for (; next < index; ++next) out += next == 0 ? "null" : ",null";
          if (next != 0) out += ',';
          child.Write(out);
          next = index + 1;
        }
        out += ']';
        return;
      }
    }
  }
};

// The live side of a path in Terraform's shape where the inventory gave
// the cloud API's: security group rules arrive as EC2 IpPermissions, and
// the rules that judge an opened ingress read Terraform's blocks.
std::string LiveInTerraformShape(const DriftFinding& f, const ChangedPath& p) {
  const bool sg_rules = (f.type == "aws_security_group" ||
                         f.provider_type == "AWS::EC2::SecurityGroup") &&
                        (p.path == "ingress" || p.path == "egress");
  if (!sg_rules || p.live_value.empty()) return p.live_value;
  Result<JsonDocument> doc = JsonDocument::Parse(p.live_value);
  if (!doc.ok() || !match_internal::IsIpPermissions(doc->root())) {
    return p.live_value;
  }
  return match_internal::IpPermissionsAsTerraformRules(doc->root());
}

// The two sides of a changed finding. Errors name the finding and path.
Status ChangedSides(const DriftFinding& f, std::string* before,
                    std::string* after) {
  SparseNode iac, live;
  iac.kind = live.kind = SparseNode::Kind::kObject;
  for (const ChangedPath& p : f.paths) {
    Result<AttributePath> path = ParsePath(p.path);
    if (!path.ok()) {
      return InvalidArgumentError("drift finding " + f.id +
                                  ": changed path \"" + p.path +
                                  "\": " + path.status().message());
    }
    if (path->empty()) continue;  // the whole resource: nothing to place
    if (!p.iac_value.empty()) iac.Set(*path, 0, p.iac_value);
    if (!p.live_value.empty()) live.Set(*path, 0, LiveInTerraformShape(f, p));
  }
  iac.Write(*before);
  live.Write(*after);
  return OkStatus();
}

std::string_view ActionFor(FindingKind kind) {
  switch (kind) {
    case FindingKind::kChanged:
      return "update";
    case FindingKind::kMissing:
      return "delete";
    default:
      return "create";
  }
}

// One resource_drift entry standing for `f`.
Status AppendEntry(const DriftFinding& f, std::string& out) {
  const std::string& type = f.type.empty() ? f.provider_type : f.type;
  const std::string& address =
      !f.address.empty()
          ? f.address
          : (!f.provider_resource_id.empty() ? f.provider_resource_id : f.id);
  out += R"({"mode":"managed","address":)";
  AppendJsonString(out, address);
  out += R"(,"type":)";
  AppendJsonString(out, type);
  out += R"(,"name":)";
  AppendJsonString(out, f.name);
  out += R"(,"change":{"actions":[")";
  out += ActionFor(f.kind);
  out += R"("],"before":)";
  if (f.kind == FindingKind::kChanged) {
    std::string before, after;
    DW_RETURN_IF_ERROR(ChangedSides(f, &before, &after));
    out += before;
    out += R"(,"after":)";
    out += after;
  } else if (f.kind == FindingKind::kMissing) {
    out += R"({},"after":null)";
  } else {
    out += R"(null,"after":{})";
  }
  out += "}}";
  return OkStatus();
}

DriftRisk ToRisk(const DriftFinding& f, Assessment&& a) {
  DriftRisk risk;
  risk.noise = std::move(a.noise);
  if (a.findings.empty()) {
    risk.noise_only = f.kind == FindingKind::kChanged;
    return risk;
  }
  Finding& found = a.findings.front();
  // Drift has a floor a plan change does not: nobody meant it, so even a
  // change no rule rates (a tag edited by hand, a bucket made in the
  // console) is something to look at.
  risk.severity = std::max(found.severity, Severity::kLow);
  risk.rules = std::move(found.rules);
  risk.hits = std::move(found.hits);
  risk.signal_paths = std::move(found.paths);
  risk.fingerprints = std::move(found.fingerprints);
  return risk;
}

bool IsDrift(FindingKind kind) { return kind != FindingKind::kDefault; }

}  // namespace

bool DriftAssessment::Fails(Severity threshold) const noexcept {
  if (signal == 0) return false;
  return threshold == Severity::kNone || risk_level >= threshold;
}

Result<DriftAssessment> AssessDrift(const DriftResult& result,
                                    const RiskEngine& engine,
                                    std::int64_t now) {
  DriftAssessment out;
  out.items.resize(result.findings.size());
  std::vector<std::size_t> batch;
  std::string text;
  auto flush = [&]() -> Status {
    if (batch.empty()) return OkStatus();
    text += "]}";
    Result<Plan> plan = ParsePlan(std::move(text));
    text.clear();
    if (!plan.ok()) {
      return InternalError("drift risk: the synthetic plan did not parse: " +
                           plan.status().message());
    }
    if (plan->resource_drift.size() != batch.size()) {
      return InternalError("drift risk: synthetic plan lost entries");
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const DriftFinding& f = result.findings[batch[i]];
      DW_ASSIGN_OR_RETURN(
          Assessment a,
          engine.AssessChange(plan->resource_drift[i], true, now));
      out.items[batch[i]] = ToRisk(f, std::move(a));
    }
    batch.clear();
    return OkStatus();
  };
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    const DriftFinding& f = result.findings[i];
    if (!IsDrift(f.kind)) continue;
    text +=
        batch.empty() ? R"({"format_version":"1.2","resource_drift":[)" : ",";
    DW_RETURN_IF_ERROR(AppendEntry(f, text));
    batch.push_back(i);
    if (batch.size() == kBatch) DW_RETURN_IF_ERROR(flush());
  }
  DW_RETURN_IF_ERROR(flush());
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    if (!IsDrift(result.findings[i].kind)) continue;
    const DriftRisk& r = out.items[i];
    if (r.noise_only) {
      ++out.noise_only;
      continue;
    }
    ++out.signal;
    out.risk_level = std::max(out.risk_level, r.severity);
  }
  return out;
}

Result<std::string> RenderDriftWithBuiltinRisk(const DriftResult& result,
                                               std::string_view format,
                                               DriftRenderOptions options,
                                               std::int64_t now) {
  // Compiled once: the built-in catalogs do not change in a process.
  static const Result<RiskEngine> kEngine = RiskEngine::Create({});
  if (!kEngine.ok()) return kEngine.status();
  DW_ASSIGN_OR_RETURN(DriftAssessment risk, AssessDrift(result, *kEngine, now));
  options.risk = &risk;
  return RenderDrift(result, format, options);
}

}  // namespace v1
}  // namespace dw
