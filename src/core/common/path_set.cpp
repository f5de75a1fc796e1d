// File: src/core/common/path_set.cpp
#include "common/path_set.hpp"

#include <algorithm>
#include <numeric>

#include "json/json_impl.hpp"

namespace dw {
inline namespace v1 {
namespace internal {
namespace {

bool IsPrefix(PathSteps p, PathSteps q) {
  return p.size() <= q.size() && std::equal(p.begin(), p.end(), q.begin());
}

void TrueSteps(const JsonValue& m, std::vector<PathStep>& path, PathSet& out) {
  if (m.is_bool()) {
    if (m.as_bool()) out.Add(path);
  } else if (m.is_object()) {
    for (JsonMember mem : m.members()) {
      path.push_back(PathStep::Key(mem.key));
      TrueSteps(mem.value, path, out);
      path.pop_back();
    }
  } else if (m.is_array()) {
    std::uint64_t i = 0;
    for (JsonValue v : m.elements()) {
      path.push_back(PathStep::Index(i++));
      TrueSteps(v, path, out);
      path.pop_back();
    }
  }
}

}  // namespace

void AppendPathStep(std::string& out, const PathStep& step, bool first) {
  if (step.is_index) {
    out.push_back('[');
    out += std::to_string(step.index);
    out.push_back(']');
  } else if (IsPlainIdentifier(step.key)) {
    if (!first) out.push_back('.');
    out += step.key;
  } else {
    out.push_back('[');
    AppendJsonString(out, step.key);
    out.push_back(']');
  }
}

std::string FormatSteps(PathSteps path) {
  std::string out;
  bool first = true;
  for (const PathStep& step : path) {
    AppendPathStep(out, step, first);
    first = false;
  }
  return out;
}

AttributePath ToAttributePath(PathSteps path) {
  AttributePath out;
  out.reserve(path.size());
  for (const PathStep& step : path) {
    out.push_back(step.is_index ? PathSegment::Index(step.index)
                                : PathSegment::Key(step.key));
  }
  return out;
}

bool StepsLess(PathSteps a, PathSteps b) { return SegmentsLess(a, b); }

void PathSet::Add(PathSteps path) {
  ranges_.emplace_back(static_cast<std::uint32_t>(steps_.size()),
                       static_cast<std::uint32_t>(path.size()));
  steps_.insert(steps_.end(), path.begin(), path.end());
}

void PathSet::SortUnique() {
  auto at = [this](const std::pair<std::uint32_t, std::uint32_t>& r) {
    return PathSteps(steps_).subspan(r.first, r.second);
  };
  auto less = [&](const auto& x, const auto& y) {
    return StepsLess(at(x), at(y));
  };
  // A diff of objects with sorted keys (Terraform writes them so) is
  // usually in order already, or two ordered runs (changed paths, then the
  // unknown ones): merge those rather than sort.
  auto mid = std::is_sorted_until(ranges_.begin(), ranges_.end(), less);
  if (mid != ranges_.end()) {
    if (std::is_sorted(mid, ranges_.end(), less)) {
      std::inplace_merge(ranges_.begin(), mid, ranges_.end(), less);
    } else {
      std::sort(ranges_.begin(), ranges_.end(), less);
    }
  }
  auto same = [&](const auto& x, const auto& y) {
    PathSteps a = at(x), b = at(y);
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  };
  ranges_.erase(std::unique(ranges_.begin(), ranges_.end(), same),
                ranges_.end());
}

std::vector<std::string> PathSet::Format() const {
  std::vector<std::string> out;
  out.reserve(size());
  for (std::size_t i = 0; i < size(); ++i)
    out.push_back(FormatSteps((*this)[i]));
  return out;
}

void CollectTrueSteps(JsonValue mask, PathSet& out, const JsonValue& parent) {
  if (mask.is_container() && parent.is_object()) {
    std::string_view text = JsonDocImpl::TextBeforeSibling(mask, parent);
    if (!text.empty() && text.find("true") == std::string_view::npos) return;
  }
  std::vector<PathStep>& path = out.walk_buffer();
  path.clear();
  TrueSteps(mask, path, out);
}

JsonValue ValueAtSteps(JsonValue root, PathSteps path) {
  JsonValue cur = root;
  for (const PathStep& step : path) {
    if (!cur.valid()) break;
    cur = step.is_index ? cur.at(step.index) : cur.Get(step.key);
  }
  return cur;
}

bool TouchesAnySteps(PathSteps path, const PathSet& marked) {
  for (std::size_t i = 0; i < marked.size(); ++i) {
    if (IsPrefix(marked[i], path) || IsPrefix(path, marked[i])) return true;
  }
  return false;
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
