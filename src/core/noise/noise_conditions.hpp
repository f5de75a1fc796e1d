// Value checks behind NoiseCondition: is the difference between `before`
// and `after` only a representation difference of the given kind?
#ifndef DRIFTWISE_SRC_CORE_NOISE_NOISE_CONDITIONS_HPP
#define DRIFTWISE_SRC_CORE_NOISE_NOISE_CONDITIONS_HPP

#include <span>

#include "driftwise/json.hpp"
#include "driftwise/noise.hpp"
#include "driftwise/path.hpp"

namespace dw::noise_internal {

/// True when `before` -> `after` is noise under `condition`. Absent values
/// stand for missing attributes; `after_unknown` says the after value is
/// known only after apply.
bool ConditionHolds(NoiseCondition condition, const JsonValue& before,
                    const JsonValue& after, bool after_unknown);

/// The value at `path` under `root` (absent when any step is missing).
JsonValue ValueAt(JsonValue root, std::span<const PathSegment> path);

/// null, absent, "", [] or {}.
bool IsEmptyish(const JsonValue& v);

}  // namespace dw::noise_internal

#endif  // DRIFTWISE_SRC_CORE_NOISE_NOISE_CONDITIONS_HPP
