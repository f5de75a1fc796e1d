// Fingerprints of attribute diffs (docs/design.md §3.5). Byte layout frozen
// by known-answer tests: changing it would orphan every stored suppression.
#include <xxhash.h>

#include <cstdio>
#include <string>

#include "driftwise/noise.hpp"

namespace dw {
inline namespace v1 {
namespace {

constexpr char kUnitSeparator = '\x1f';

std::string Hex16(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return std::string(buf, 16);
}

std::uint64_t HashParts(std::initializer_list<std::string_view> parts) {
  // The canonical bytes, built in a reused per-thread buffer.
  thread_local std::string bytes;
  bytes.clear();
  bool first = true;
  for (std::string_view p : parts) {
    if (!first) bytes += kUnitSeparator;
    bytes += p;
    first = false;
  }
  return XXH3_64bits(bytes.data(), bytes.size());
}

}  // namespace

std::uint64_t FingerprintValue(std::string_view resource_type,
                               std::string_view attribute_path,
                               std::string_view action) {
  return HashParts({resource_type, attribute_path, action});
}

std::string Fingerprint(std::string_view resource_type,
                        std::string_view attribute_path,
                        std::string_view action) {
  return Hex16(FingerprintValue(resource_type, attribute_path, action));
}

std::string FingerprintPath(std::span<const PathSegment> path) {
  std::string out;
  bool first = true;
  for (const PathSegment& seg : path) {
    if (seg.is_index) {
      out += "[*]";
    } else {
      AppendPathSegment(out, seg, first);
    }
    first = false;
  }
  return out;
}

std::string ChangeFingerprint(std::string_view resource_type,
                              std::span<const PathSegment> path,
                              Action action) {
  return Fingerprint(resource_type, FingerprintPath(path), ActionName(action));
}

std::string AddressFingerprint(std::string_view fingerprint,
                               std::string_view address) {
  return Hex16(HashParts({fingerprint, address}));
}

bool IsFingerprint(std::string_view text) noexcept {
  if (text.size() != 16) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace v1
}  // namespace dw
