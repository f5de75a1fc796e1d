// File: src/core/noise/timestamp.cpp
//
// RFC 3339 timestamps <-> Unix seconds for suppressions and policies: the
// core's one reader (common/rfc3339.hpp), in its lenient spelling, and the
// one writer (driftwise/time.hpp).
#include "common/rfc3339.hpp"
#include "driftwise/noise.hpp"
#include "driftwise/time.hpp"

namespace dw {
inline namespace v1 {

Result<std::int64_t> ParseTimestamp(std::string_view s) {
  DW_ASSIGN_OR_RETURN(
      std::int64_t micros,
      internal::ParseRfc3339(s, internal::Rfc3339Syntax::kLenient));
  // Whole seconds, rounded down (the fraction of a time before 1970 too).
  return micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000);
}

std::string FormatTimestamp(std::int64_t t) { return FormatRfc3339Seconds(t); }

}  // namespace v1
}  // namespace dw
