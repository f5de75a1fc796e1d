// File: src/core/audit/rfc3339.cpp
//
// RFC 3339 date-times to microseconds since the epoch, for period selection
// and validation: the core's one reader (common/rfc3339.hpp), held to the
// strict spelling. The chain itself hashes the time text as written.
#include "common/rfc3339.hpp"

#include "driftwise/audit.hpp"

namespace dw {
inline namespace v1 {

Result<std::int64_t> ParseRfc3339Micros(std::string_view s) {
  return internal::ParseRfc3339(s, internal::Rfc3339Syntax::kStrict);
}

}  // namespace v1
}  // namespace dw
