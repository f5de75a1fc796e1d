// File: src/core/common/rfc3339.hpp
//
// The one RFC 3339 reader of the core. ParseRfc3339Micros (audit.hpp) reads
// with kStrict, ParseTimestamp (noise.hpp: suppressions, policies, --now)
// with kLenient; both report errors the same way. Formatting is in
// driftwise/time.hpp. Internal.
//
// Thread-safety: pure functions.
#ifndef DRIFTWISE_SRC_CORE_COMMON_RFC3339_HPP
#define DRIFTWISE_SRC_CORE_COMMON_RFC3339_HPP

#include <cstdint>
#include <string_view>

#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

enum class Rfc3339Syntax {
  // RFC 3339 section 5.6 as machines write it: 'T' and 'Z' upper-case,
  // 1 to 9 fraction digits. Audit events are hashed as written, so they are
  // held to one spelling.
  kStrict,
  // What people type too: 't' or a space between date and time (the RFC
  // allows both), 'z', any number of fraction digits.
  kLenient,
};

/// Microseconds since the Unix epoch (fraction digits past six are
/// dropped). Errors: kInvalidArgument naming what is wrong, with the byte
/// offset in `text`.
Result<std::int64_t> ParseRfc3339(std::string_view text, Rfc3339Syntax syntax);

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_COMMON_RFC3339_HPP
