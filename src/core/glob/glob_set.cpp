// GlobSet: every rule's type glob in one RE2::Set, every (type, attribute)
// pair in another, so classifying a path is one DFA pass whatever the
// number of rules.
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "driftwise/glob.hpp"

namespace dw {
inline namespace v1 {

struct GlobSet::Impl {
  Impl()
      : type_set(Options(), RE2::ANCHOR_BOTH),
        path_set(Options(), RE2::ANCHOR_BOTH) {}

  static RE2::Options Options() {
    RE2::Options o;
    o.set_log_errors(false);
    // Large rule sets need room for the DFA; RE2 falls back to slower
    // matching (never wrong answers) when the budget runs out.
    o.set_max_mem(std::int64_t{512} << 20);
    return o;
  }

  // Distinguishes sets in the per-thread cache of MatchPath (addresses can
  // be reused after a set is destroyed; ids are not).
  const std::uint64_t id = NextId();
  static std::uint64_t NextId() {
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
  }

  std::size_t rule_count = 0;
  RE2::Set type_set;
  RE2::Set path_set;
  std::vector<int> path_rule;  // path_set index -> rule index
  // Per rule with an attribute glob: the exact (non-subtree) attribute
  // regex, used to find which ancestor of a path a rule selected.
  std::vector<std::unique_ptr<RE2>> exact;
  std::vector<std::string> attr_regex;  // subtree regex per rule, or ""
  bool has_types = false;
  bool has_paths = false;

  // Per resource type, built on first use: only the rules whose type glob
  // matches it, over the path alone. A plan has few distinct types, and a
  // set of the relevant rules is a much smaller DFA than all of them.
  struct TypeSet {
    TypeSet() : set(Options(), RE2::ANCHOR_BOTH) {}
    RE2::Set set;
    std::vector<int> rules;  // set index -> rule index
  };
  static constexpr std::size_t kMaxTypeSets = 4096;
  mutable std::shared_mutex mu;
  mutable std::unordered_map<std::string, std::shared_ptr<const TypeSet>>
      by_type;

  std::shared_ptr<const TypeSet> ForType(std::string_view type) const;
};

std::shared_ptr<const GlobSet::Impl::TypeSet> GlobSet::Impl::ForType(
    std::string_view type) const {
  {
    std::shared_lock lock(mu);
    auto it = by_type.find(std::string(type));
    if (it != by_type.end()) return it->second;
    if (by_type.size() >= kMaxTypeSets) return nullptr;
  }
  auto ts = std::make_shared<TypeSet>();
  std::vector<int> candidates;
  type_set.Match(type, &candidates);
  std::sort(candidates.begin(), candidates.end());
  std::string error;
  for (int i : candidates) {
    const std::string& re = attr_regex[static_cast<std::size_t>(i)];
    if (re.empty()) continue;
    if (ts->set.Add(re, &error) < 0) return nullptr;  // cannot happen
    ts->rules.push_back(i);
  }
  if (!ts->rules.empty() && !ts->set.Compile()) return nullptr;
  std::unique_lock lock(mu);
  auto [it, inserted] = by_type.emplace(std::string(type), ts);
  return it->second;
}

GlobSet::GlobSet() = default;
GlobSet::~GlobSet() = default;
GlobSet::GlobSet(const GlobSet&) = default;
GlobSet& GlobSet::operator=(const GlobSet&) = default;
GlobSet::GlobSet(GlobSet&&) noexcept = default;
GlobSet& GlobSet::operator=(GlobSet&&) noexcept = default;

Result<GlobSet> GlobSet::Compile(const std::vector<GlobRule>& rules) {
  auto impl = std::make_shared<Impl>();
  impl->rule_count = rules.size();
  impl->exact.resize(rules.size());
  impl->attr_regex.resize(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string where = "rules[" + std::to_string(i) + "].";
    Result<std::string> type_re =
        GlobToRegex(rules[i].resource_type, GlobKind::kResourceType);
    if (!type_re.ok()) {
      return InvalidArgumentError(
          where + "resource_type: " + type_re.status().message(),
          type_re.status().offset(), where + "resource_type");
    }
    std::string error;
    if (impl->type_set.Add(*type_re, &error) != static_cast<int>(i)) {
      return InvalidArgumentError(where + "resource_type: " + error);
    }
    if (rules[i].attribute.empty()) continue;
    Result<std::string> attr_re =
        GlobToRegex(rules[i].attribute, GlobKind::kAttributePath, true);
    Result<std::string> exact_re =
        GlobToRegex(rules[i].attribute, GlobKind::kAttributePath, false);
    if (!attr_re.ok() || !exact_re.ok()) {
      Status st = attr_re.ok() ? exact_re.status() : attr_re.status();
      return InvalidArgumentError(where + "attribute: " + st.message(),
                                  st.offset(), where + "attribute");
    }
    if (impl->path_set.Add(*type_re + *attr_re, &error) < 0) {
      return InvalidArgumentError(where + "attribute: " + error);
    }
    impl->path_rule.push_back(static_cast<int>(i));
    impl->attr_regex[i] = *attr_re;
    impl->exact[i] = std::make_unique<RE2>(*exact_re, Impl::Options());
    if (!impl->exact[i]->ok()) {
      return InternalError(
          where + "attribute: RE2 rejected: " + impl->exact[i]->error());
    }
  }
  impl->has_types = !rules.empty();
  impl->has_paths = !impl->path_rule.empty();
  if (impl->has_types && !impl->type_set.Compile()) {
    return Status(StatusCode::kResourceExhausted,
                  "resource type globs exceed the RE2 memory budget");
  }
  if (impl->has_paths && !impl->path_set.Compile()) {
    return Status(StatusCode::kResourceExhausted,
                  "attribute globs exceed the RE2 memory budget");
  }
  GlobSet set;
  set.impl_ = std::move(impl);
  return set;
}

std::size_t GlobSet::size() const noexcept {
  return impl_ ? impl_->rule_count : 0;
}

void GlobSet::MatchType(std::string_view resource_type,
                        std::vector<int>* out) const {
  out->clear();
  if (!impl_ || !impl_->has_types) return;
  impl_->type_set.Match(resource_type, out);
  if (out->size() > 1) std::sort(out->begin(), out->end());
}

void GlobSet::MatchPath(std::string_view resource_type,
                        std::string_view path_text,
                        std::vector<int>* out) const {
  out->clear();
  if (!impl_ || !impl_->has_paths) return;
  thread_local std::string text;
  // Consecutive paths usually share their type: remember the last one.
  struct LastType {
    std::uint64_t set_id = 0;
    std::string type;
    std::shared_ptr<const Impl::TypeSet> ts;
  };
  thread_local LastType last;
  if (last.set_id != impl_->id || last.type != resource_type) {
    last.ts = impl_->ForType(resource_type);
    last.set_id = last.ts ? impl_->id : 0;
    last.type.assign(resource_type);
  }
  if (const Impl::TypeSet* ts = last.ts.get()) {
    if (ts->rules.empty()) return;
    // The match form of the path: a '.' before a first key segment.
    text.clear();
    if (!path_text.empty() && path_text[0] != '[') text += '.';
    text += path_text;
    ts->set.Match(text, out);
    for (int& idx : *out) idx = ts->rules[static_cast<std::size_t>(idx)];
  } else {
    // Too many distinct types cached: one pass over every rule.
    text.assign(resource_type);
    if (!path_text.empty() && path_text[0] != '[') text += '.';
    text += path_text;
    impl_->path_set.Match(text, out);
    for (int& idx : *out) {
      idx = impl_->path_rule[static_cast<std::size_t>(idx)];
    }
  }
  if (out->size() > 1) std::sort(out->begin(), out->end());
}

int GlobSet::MatchedPrefixLength(int index,
                                 std::span<const PathSegment> path) const {
  if (!impl_ || index < 0 ||
      static_cast<std::size_t>(index) >= impl_->rule_count) {
    return -1;
  }
  const RE2* re = impl_->exact[static_cast<std::size_t>(index)].get();
  if (re == nullptr) return -1;
  // Match forms of every prefix are prefixes of the full match form.
  std::string text;
  std::vector<std::size_t> ends{0};
  for (const PathSegment& seg : path) {
    if (!seg.is_index) text += '.';
    std::string piece;
    AppendPathSegment(piece, seg, /*first=*/true);
    if (!seg.is_index && !piece.empty() && piece[0] == '[') {
      text.pop_back();  // quoted keys carry no dot
    }
    text += piece;
    ends.push_back(text.size());
  }
  for (std::size_t k = ends.size(); k-- > 0;) {
    if (RE2::FullMatch(std::string_view(text).substr(0, ends[k]), *re)) {
      return static_cast<int>(k);
    }
  }
  return -1;
}

}  // namespace v1
}  // namespace dw
