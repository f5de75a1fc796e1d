// File: src/core/common/rfc3339.cpp
//
// RFC 3339 reading (common/rfc3339.hpp) and writing (driftwise/time.hpp).
// The syntax is checked here, byte by byte, so errors can name the byte;
// the calendar (days per month, leap years, offsets, seconds since the
// epoch) is Abseil's.
#include "common/rfc3339.hpp"

#include <chrono>
#include <cstdio>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "driftwise/time.hpp"

namespace dw {
inline namespace v1 {
namespace internal {
namespace {

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Result<std::int64_t> ParseRfc3339(std::string_view s, Rfc3339Syntax syntax) {
  const bool lenient = syntax == Rfc3339Syntax::kLenient;
  auto fail = [&](std::size_t pos, const char* what) {
    return InvalidArgumentError(std::string("not an RFC 3339 date-time (") +
                                    what + ") in \"" +
                                    std::string(s.substr(0, 64)) + "\"",
                                pos);
  };
  int year, month, day, hour, minute, second;
  const bool separator =
      s.size() > 10 &&
      (s[10] == 'T' || (lenient && (s[10] == 't' || s[10] == ' ')));
  if (!Digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' ||
      !Digits(s, 5, 2, &month) || s[7] != '-' || !Digits(s, 8, 2, &day) ||
      !separator || !Digits(s, 11, 2, &hour) || s[13] != ':' ||
      !Digits(s, 14, 2, &minute) || s[16] != ':' ||
      !Digits(s, 17, 2, &second)) {
    return fail(0, "expected YYYY-MM-DDTHH:MM:SS");
  }
  if (month < 1 || month > 12) return fail(5, "month out of range");
  // Abseil normalizes day 31 of a 30-day month to the 1st of the next:
  // a date that does not come back unchanged does not exist.
  const absl::CivilDay date(year, month, day);
  if (day < 1 || date.day() != day || date.month() != month) {
    return fail(8, "day out of range");
  }
  if (hour > 23) return fail(11, "hour out of range");
  if (minute > 59) return fail(14, "minute out of range");
  if (second > 60) return fail(17, "second out of range");  // 60: leap second
  std::size_t pos = 19;
  std::int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (pos - start < 6) micros = micros * 10 + (s[pos] - '0');
      ++pos;
    }
    const std::size_t n = pos - start;
    if (n == 0 || (!lenient && n > 9)) {
      return fail(start, lenient ? "fraction digits expected"
                                 : "1 to 9 fraction digits");
    }
    for (std::size_t i = n; i < 6; ++i) micros *= 10;
  }
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || (lenient && s[pos] == 'z'))) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() ||
        s[pos + 3] != ':' || !Digits(s, pos + 4, 2, &om) || oh > 23 ||
        om > 59) {
      return fail(pos, "bad UTC offset, expected +HH:MM");
    }
    offset_minutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return fail(pos, "expected 'Z' or a +HH:MM offset");
  }
  if (pos != s.size()) return fail(pos, "unexpected characters after time");
  // Second 60 (a leap second) is the next minute's first, as POSIX time has it.
  const absl::Time t =
      absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, second),
                      absl::UTCTimeZone()) -
      absl::Minutes(offset_minutes);
  return absl::ToUnixSeconds(t) * 1000000 + micros;
}

}  // namespace internal

namespace {

// Zero-padded four-digit years, as RFC 3339 writes them (absl's %Y would
// print year 1 as "1").
std::string Format(std::int64_t seconds, const char* fraction) {
  const absl::CivilSecond c =
      absl::ToCivilSecond(absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d%sZ",
                static_cast<long long>(c.year()), c.month(), c.day(), c.hour(),
                c.minute(), c.second(), fraction);
  return buf;
}

}  // namespace

std::string FormatRfc3339Seconds(std::int64_t unix_seconds) {
  return Format(unix_seconds, "");
}

std::string FormatRfc3339Micros(std::int64_t unix_micros) {
  std::int64_t secs = unix_micros / 1000000;
  std::int64_t micros = unix_micros % 1000000;
  if (micros < 0) {  // floor division for times before 1970
    micros += 1000000;
    secs -= 1;
  }
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%06lld",
                static_cast<long long>(micros));
  return Format(secs, fraction);
}

std::int64_t NowUnixMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace v1
}  // namespace dw
