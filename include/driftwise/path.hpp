// File: driftwise/path.hpp
//
// Attribute paths in one syntax for every module (docs/design.md §3.1):
//   a.b             nested attribute / object key that is a plain identifier
//   a[0]            list index
//   tags.team       map key that is a plain identifier
//   tags["kubernetes.io/name"]   any other map key, as a JSON string
// A plain identifier matches [A-Za-z_][A-Za-z0-9_-]*.
//
// Thread-safety: values and pure functions.
#ifndef DRIFTWISE_PATH_HPP
#define DRIFTWISE_PATH_HPP

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// One step of a path: an object key or a list index.
struct PathSegment {
  bool is_index = false;
  std::uint64_t index = 0;
  std::string key;

  static PathSegment Key(std::string_view k) {
    PathSegment s;
    s.key = std::string(k);
    return s;
  }
  static PathSegment Index(std::uint64_t i) {
    PathSegment s;
    s.is_index = true;
    s.index = i;
    return s;
  }
  friend bool operator==(const PathSegment&, const PathSegment&) = default;
};

using AttributePath = std::vector<PathSegment>;

/// True when `key` can be written bare (`a.key`) rather than quoted.
bool IsPlainIdentifier(std::string_view key) noexcept;

/// Formats a path in the §3.1 syntax. An empty path formats as "".
std::string FormatPath(std::span<const PathSegment> path);
/// Appends one segment to a formatted path (`first` = no leading dot).
void AppendPathSegment(std::string& out, const PathSegment& seg, bool first);

/// Parses the §3.1 syntax back into segments. Errors name the byte offset.
Result<AttributePath> ParsePath(std::string_view text);

/// Orders paths segment by segment, indexes before keys, indexes numerically,
/// keys bytewise (the order `jq unique` gives, so outputs are comparable).
bool PathLess(std::span<const PathSegment> a, std::span<const PathSegment> b);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_PATH_HPP
