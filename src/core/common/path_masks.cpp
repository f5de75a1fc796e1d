// File: src/core/common/path_masks.cpp
#include "common/path_masks.hpp"

#include <algorithm>

namespace dw {
inline namespace v1 {
namespace internal {
namespace {

void TruePaths(const JsonValue& m, AttributePath& path,
               std::vector<AttributePath>& out) {
  if (m.is_bool()) {
    if (m.as_bool()) out.push_back(path);
  } else if (m.is_object()) {
    for (JsonMember mem : m.members()) {
      path.push_back(PathSegment::Key(mem.key));
      TruePaths(mem.value, path, out);
      path.pop_back();
    }
  } else if (m.is_array()) {
    std::uint64_t i = 0;
    for (JsonValue v : m.elements()) {
      path.push_back(PathSegment::Index(i++));
      TruePaths(v, path, out);
      path.pop_back();
    }
  }
}

bool IsPrefix(const AttributePath& p, const AttributePath& q) {
  return p.size() <= q.size() && std::equal(p.begin(), p.end(), q.begin());
}

}  // namespace

void CollectTruePaths(JsonValue mask, std::vector<AttributePath>& out) {
  AttributePath path;
  TruePaths(mask, path, out);
}

void SortUniquePaths(std::vector<AttributePath>& paths) {
  std::sort(paths.begin(), paths.end(),
            [](const AttributePath& a, const AttributePath& b) {
              return PathLess(a, b);
            });
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
}

std::vector<std::string> FormatPaths(const std::vector<AttributePath>& paths) {
  std::vector<std::string> out;
  out.reserve(paths.size());
  for (const AttributePath& p : paths) out.push_back(FormatPath(p));
  return out;
}

JsonValue ValueAt(JsonValue root, const AttributePath& path) {
  JsonValue cur = root;
  for (const PathSegment& seg : path) {
    if (!cur.valid()) break;
    cur = seg.is_index ? cur.at(seg.index) : cur.Get(seg.key);
  }
  return cur;
}

bool TouchesAny(const AttributePath& path,
                const std::vector<AttributePath>& marked) {
  for (const AttributePath& m : marked) {
    if (IsPrefix(m, path) || IsPrefix(path, m)) return true;
  }
  return false;
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
