#include "policy/narrative.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace dw::policy_internal {
namespace {

std::string Plural(int n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

int Count(const Assessment& a, const std::string& key) {
  auto it = a.counts.find(key);
  return it == a.counts.end() ? 0 : it->second;
}

}  // namespace

std::string Narrative(const Assessment& a) {
  std::string out =
      "Risk level: " + std::string(SeverityName(a.risk_level)) + ".";
  int changes = 0;
  std::string parts;
  for (const char* action :
       {"create", "update", "replace", "delete", "forget", "read", "no-op"}) {
    int n = Count(a, action);
    changes += n;
    if (n == 0) continue;
    parts += parts.empty() ? "" : ", ";
    parts += std::to_string(n) + " " + action;
  }
  out += " The plan lists " +
         Plural(changes, "resource change", "resource changes");
  if (!parts.empty()) out += " (" + parts + ")";
  int drift = Count(a, "drift");
  out += " and " + Plural(drift, "drift entry", "drift entries") + ".";

  const int findings = static_cast<int>(a.findings.size());
  int risky = 0;
  for (const Finding& f : a.findings) risky += f.severity != Severity::kNone;
  if (findings == 0) {
    out += " No change carries signal.";
  } else {
    out += " " + Plural(findings, "change carries", "changes carry") +
           " signal, " + std::to_string(risky) +
           " of them matched by risk rules:";
    std::size_t shown = 0;
    for (const Finding& f : a.findings) {
      if (shown++ == kNarrativeFindings) break;
      out += "\n- " + f.address + " (" + std::string(ActionName(f.action)) +
             (f.drift ? ", changed outside Terraform" : "") + "): ";
      if (f.hits.empty()) {
        out += "no rule fired; " +
               Plural(static_cast<int>(f.paths.size()), "attribute changed",
                      "attributes changed") +
               ".";
        continue;
      }
      const RuleHit& top = f.hits.front();
      out += std::string(SeverityName(f.severity)) + " by " + top.rule_id;
      if (!top.path.empty()) out += " at " + top.path;
      if (!top.reason.empty()) out += " (" + top.reason + ")";
      if (f.rules.size() > 1) {
        out += "; also ";
        bool first = true;
        for (const std::string& id : f.rules) {
          if (id == top.rule_id) continue;
          out += (first ? "" : ", ") + id;
          first = false;
        }
      }
      out += ".";
    }
    if (a.findings.size() > kNarrativeFindings) {
      out += "\n- and " +
             Plural(static_cast<int>(a.findings.size() - kNarrativeFindings),
                    "more change", "more changes") +
             ".";
    }
  }
  if (!a.noise.empty()) {
    std::map<std::string, int> by_rule;
    std::set<std::string> resources;
    for (const NoiseItem& n : a.noise) {
      ++by_rule[n.rule];
      resources.insert(n.address);
    }
    std::vector<std::pair<std::string, int>> rules(by_rule.begin(),
                                                   by_rule.end());
    std::stable_sort(
        rules.begin(), rules.end(),
        [](const auto& x, const auto& y) { return x.second > y.second; });
    out += "\n" + Plural(static_cast<int>(a.noise.size()), "diff", "diffs") +
           " on " +
           Plural(static_cast<int>(resources.size()), "resource", "resources") +
           " classified as noise:";
    bool first = true;
    for (const auto& [rule, n] : rules) {
      out += std::string(first ? " " : ", ") + rule + " (" + std::to_string(n) +
             ")";
      first = false;
    }
    out += ".";
  }
  return out;
}

}  // namespace dw::policy_internal
