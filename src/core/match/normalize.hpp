// File: src/core/match/normalize.hpp
//
// The value comparisons that keep drift free of false alarms, over the
// shared JSON tree (no copies in the common case). Internal to `match`.
#ifndef DRIFTWISE_SRC_CORE_MATCH_NORMALIZE_HPP
#define DRIFTWISE_SRC_CORE_MATCH_NORMALIZE_HPP

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/catalog.hpp"
#include "driftwise/json.hpp"
#include "driftwise/path.hpp"

namespace dw {
inline namespace v1 {
namespace match_internal {

/// Absent, null, "", [] and {} all mean "nothing".
bool IsNothing(const JsonValue& v) noexcept;

/// Equality after normalization: nothing ≈ nothing, numbers by value (and
/// numeric strings equal to the number), "true"/"false" strings equal to
/// booleans, objects order-free (a missing key equals a nothing value),
/// strings holding JSON documents compared as documents.
bool NormEqual(const JsonValue& a, const JsonValue& b);

/// Multiset equality of two lists under NormEqual (a scalar is a 1-list).
bool SetEqual(const JsonValue& a, const JsonValue& b);

/// Equality of two policy-style JSON documents, each a string or an
/// object: key order and whitespace ignored, arrays order-free, a lone
/// value equal to a one-element array, empty "Sid" equal to none.
bool DocumentEqual(const JsonValue& a, const JsonValue& b);

/// The value at `path` inside `root` (absent when any step is missing).
JsonValue ValueAt(const JsonValue& root, std::span<const PathSegment> path);

/// Evaluates a live property path (see PropertyMapping::live_path). Sets
/// `*found` false when the path does not exist; with `[*]` the projected
/// values are appended to `*projected` and the return value is absent.
JsonValue EvalLivePath(const JsonValue& root, std::string_view path,
                       std::vector<JsonValue>* projected, bool* found);

/// Compares one mapped property; true when equal.
bool MappedEqual(const PropertyMapping& mapping, const JsonValue& live,
                 const std::vector<JsonValue>& projected, const JsonValue& iac);

/// Appends the paths (prefix + ...) where `before` and `after` differ after
/// normalization: maps per key, equal-length lists per index, set
/// attributes (top level, named in `sets`) and JSON strings whole.
void DiffValues(const JsonValue& before, const JsonValue& after,
                AttributePath& prefix, std::span<const std::string_view> sets,
                std::vector<std::string>* out);

/// Compact JSON of a value for reports ("" when absent), cut at `limit`
/// bytes with a trailing "…" marker.
std::string ValueText(const JsonValue& v, std::size_t limit = 512);

}  // namespace match_internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_MATCH_NORMALIZE_HPP
