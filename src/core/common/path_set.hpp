// File: src/core/common/path_set.hpp
//
// Attribute paths while they are being collected: each step views a key in
// a JSON tree instead of copying it, and all paths of a set share one step
// array. A diff visits every value of a change and may report thousands of
// paths; building a std::vector of std::string-keyed segments for each
// visit costs more than the rest of the diff. Paths become AttributePath
// (and text) only once they are reported.
//
// Ownership: steps borrow the keys of the JSON tree they were collected
// from; a PathSet must not outlive it. Not thread-safe to modify.
#ifndef DRIFTWISE_SRC_CORE_COMMON_PATH_SET_HPP
#define DRIFTWISE_SRC_CORE_COMMON_PATH_SET_HPP

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "driftwise/json.hpp"
#include "driftwise/path.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

/// One step of a path: an object key (borrowed) or a list index.
struct PathStep {
  std::string_view key;
  std::uint64_t index = 0;
  bool is_index = false;

  static PathStep Key(std::string_view k) { return {k, 0, false}; }
  static PathStep Index(std::uint64_t i) { return {{}, i, true}; }
  friend bool operator==(const PathStep&, const PathStep&) = default;
};

using PathSteps = std::span<const PathStep>;

/// Appends one step to a formatted path (`first`: no leading dot). The one
/// implementation of the §3.1 syntax; AppendPathSegment calls it too.
void AppendPathStep(std::string& out, const PathStep& step, bool first);
/// The §3.1 text of a path; the same bytes as FormatPath.
std::string FormatSteps(PathSteps path);
/// The path with its keys copied.
AttributePath ToAttributePath(PathSteps path);
/// PathLess over steps.
bool StepsLess(PathSteps a, PathSteps b);

/// The one order of attribute paths, for any segment type with is_index,
/// index and key (PathStep here, dw::PathSegment in path.hpp): at each step
/// an index sorts before a key, indexes by value, keys bytewise; a prefix
/// sorts first. Both kinds of path must sort alike, so both use this.
template <class Segment>
bool SegmentsLess(std::span<const Segment> a, std::span<const Segment> b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const Segment& x = a[i];
    const Segment& y = b[i];
    if (x.is_index != y.is_index) return x.is_index;
    if (x.is_index) {
      if (x.index != y.index) return x.index < y.index;
    } else if (x.key != y.key) {
      return x.key < y.key;
    }
  }
  return a.size() < b.size();
}

/// An ordered collection of paths sharing one step array.
class PathSet {
 public:
  void Add(PathSteps path);
  std::size_t size() const noexcept { return ranges_.size(); }
  bool empty() const noexcept { return ranges_.empty(); }
  PathSteps operator[](std::size_t i) const noexcept {
    return PathSteps(steps_).subspan(ranges_[i].first, ranges_[i].second);
  }
  /// Sorts by PathLess and drops duplicates.
  void SortUnique();
  /// The §3.1 text of every path, in order.
  std::vector<std::string> Format() const;
  /// Empties the set, keeping its memory for the next use.
  void Clear() noexcept {
    steps_.clear();
    ranges_.clear();
  }
  /// A buffer for the path being walked by whatever fills this set, kept
  /// with it so that a reused set allocates nothing.
  std::vector<PathStep>& walk_buffer() noexcept { return walk_; }

 private:
  std::vector<PathStep> walk_;
  std::vector<PathStep> steps_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges_;  // at, size
};

/// Adds every path at which `mask` (an after_unknown or *_sensitive mask)
/// is `true`. A `true` mask at the root adds the empty path. With `parent`
/// (the object holding the mask), a mask whose input text has no `true` in
/// it is not walked: most masks are all false or empty.
void CollectTrueSteps(JsonValue mask, PathSet& out,
                      const JsonValue& parent = JsonValue());

/// The value at `path` inside `root` (absent when any step is missing).
JsonValue ValueAtSteps(JsonValue root, PathSteps path);

/// True when `path` equals, extends or is a prefix of any path of `marked`.
bool TouchesAnySteps(PathSteps path, const PathSet& marked);

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_COMMON_PATH_SET_HPP
