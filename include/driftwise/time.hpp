// RFC 3339 times, written one way everywhere: the CLI, audit events,
// suppressions, policies and the server's records all format with these.
// The calendar arithmetic is Abseil's time library; this header stays
// std-only.
//
// Thread-safety: pure functions (NowUnixMicros reads the system clock).
// Errors: none; every int64 formats (years beyond 9999 print all digits).
#ifndef DRIFTWISE_TIME_HPP
#define DRIFTWISE_TIME_HPP

#include <cstdint>
#include <string>

namespace dw {
inline namespace v1 {

/// "2026-01-02T03:04:05Z" (UTC) for seconds since the Unix epoch.
std::string FormatRfc3339Seconds(std::int64_t unix_seconds);
/// "2026-01-02T03:04:05.123456Z" (UTC, always six fraction digits) for
/// microseconds since the Unix epoch; such texts sort as times.
std::string FormatRfc3339Micros(std::int64_t unix_micros);
/// Microseconds since the Unix epoch, from the system clock.
std::int64_t NowUnixMicros();

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_TIME_HPP
