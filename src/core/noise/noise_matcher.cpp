// NoiseMatcher: every noise rule's globs in one GlobSet; the value
// condition of a candidate rule is checked only when its globs match.
#include <algorithm>

#include "driftwise/glob.hpp"
#include "driftwise/noise.hpp"
#include "noise/noise_conditions.hpp"

namespace dw {
inline namespace v1 {

struct NoiseMatcher::Impl {
  std::vector<NoiseRule> rules;
  GlobSet globs;
};

NoiseMatcher::NoiseMatcher() : impl_(std::make_unique<Impl>()) {}
NoiseMatcher::~NoiseMatcher() = default;
NoiseMatcher::NoiseMatcher(NoiseMatcher&&) noexcept = default;
NoiseMatcher& NoiseMatcher::operator=(NoiseMatcher&&) noexcept = default;

Result<NoiseMatcher> NoiseMatcher::Create(std::vector<NoiseRule> rules) {
  std::vector<GlobRule> globs;
  globs.reserve(rules.size());
  for (const NoiseRule& r : rules)
    globs.push_back({r.resource_type, r.attribute});
  Result<GlobSet> set = GlobSet::Compile(globs);
  if (!set.ok()) return set.status().WithContext("noise rules");
  NoiseMatcher m;
  m.impl_->rules = std::move(rules);
  m.impl_->globs = std::move(*set);
  return m;
}

const std::vector<NoiseRule>& NoiseMatcher::rules() const {
  return impl_->rules;
}

std::optional<NoiseHit> NoiseMatcher::Match(const ResourceChange& change,
                                            const AttributeChange& diff,
                                            bool is_drift,
                                            bool protected_change) const {
  if (protected_change || impl_->rules.empty()) return std::nullopt;
  std::string_view action = is_drift ? "drift" : ActionName(change.action);
  thread_local std::vector<int> path_hits;
  thread_local std::vector<int> type_hits;
  impl_->globs.MatchPath(change.type, diff.path_text, &path_hits);
  impl_->globs.MatchType(change.type, &type_hits);
  // Candidates in rule order: attribute rules that matched the path, and
  // whole-resource rules (no attribute glob) that matched the type.
  std::vector<int> candidates = path_hits;
  for (int i : type_hits) {
    if (impl_->rules[static_cast<std::size_t>(i)].attribute.empty()) {
      candidates.push_back(i);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  for (int i : candidates) {
    const NoiseRule& rule = impl_->rules[static_cast<std::size_t>(i)];
    if (!rule.enabled) continue;
    if (std::find(rule.actions.begin(), rule.actions.end(), action) ==
        rule.actions.end()) {
      continue;
    }
    int prefix = static_cast<int>(diff.path.size());
    if (!rule.attribute.empty()) {
      prefix = impl_->globs.MatchedPrefixLength(i, diff.path);
      if (prefix < 0) continue;
    }
    JsonValue before = diff.before, after = diff.after;
    bool unknown = diff.unknown;
    if (prefix < static_cast<int>(diff.path.size()) &&
        rule.condition != NoiseCondition::kAlways) {
      std::span<const PathSegment> head(diff.path.data(),
                                        static_cast<std::size_t>(prefix));
      before = noise_internal::ValueAt(change.before(), head);
      after = noise_internal::ValueAt(change.after(), head);
      unknown = false;
    }
    if (!noise_internal::ConditionHolds(rule.condition, before, after,
                                        unknown)) {
      continue;
    }
    return NoiseHit{&rule, prefix};
  }
  return std::nullopt;
}

}  // namespace v1
}  // namespace dw
