// File: src/core/audit/rfc3339.cpp
//
// RFC 3339 date-times to microseconds since the epoch, for period selection
// and validation. The chain itself hashes the time text as written.
#include <string>

#include "driftwise/audit.hpp"

namespace dw {
inline namespace v1 {
namespace {

// Days from 1970-01-01 to y-m-d (proleptic Gregorian), H. Hinnant's method.
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

Result<std::int64_t> ParseRfc3339Micros(std::string_view s) {
  auto fail = [&](std::size_t pos, const char* what) {
    return InvalidArgumentError(std::string("not an RFC 3339 date-time (") +
                                    what + ") in \"" +
                                    std::string(s.substr(0, 64)) + "\"",
                                pos);
  };
  auto digits = [&](std::size_t pos, std::size_t n, int* out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  int year, month, day, hour, minute, second;
  if (!digits(0, 4, &year) || s.size() < 20 || s[4] != '-' ||
      !digits(5, 2, &month) || s[7] != '-' || !digits(8, 2, &day) ||
      s[10] != 'T' || !digits(11, 2, &hour) || s[13] != ':' ||
      !digits(14, 2, &minute) || s[16] != ':' || !digits(17, 2, &second)) {
    return fail(0, "expected YYYY-MM-DDTHH:MM:SS");
  }
  static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return fail(5, "month out of range");
  int mdays = kMonthDays[month - 1] + (month == 2 && IsLeap(year) ? 1 : 0);
  if (day < 1 || day > mdays) return fail(8, "day out of range");
  if (hour > 23) return fail(11, "hour out of range");
  if (minute > 59) return fail(14, "minute out of range");
  if (second > 60) return fail(17, "second out of range");  // 60: leap second
  std::size_t pos = 19;
  std::int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (pos - start < 6) micros = micros * 10 + (s[pos] - '0');
      ++pos;
    }
    std::size_t n = pos - start;
    if (n == 0 || n > 9) return fail(start, "1 to 9 fraction digits");
    for (std::size_t i = n; i < 6; ++i) micros *= 10;
  }
  std::int64_t offset_minutes = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!digits(pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !digits(pos + 4, 2, &om) || oh > 23 || om > 59) {
      return fail(pos, "bad UTC offset, expected +HH:MM");
    }
    offset_minutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return fail(pos, "expected 'Z' or a +HH:MM offset");
  }
  if (pos != s.size()) return fail(pos, "unexpected characters after time");
  std::int64_t days = DaysFromCivil(year, static_cast<unsigned>(month),
                                    static_cast<unsigned>(day));
  std::int64_t secs =
      days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return secs * 1000000 + micros;
}

}  // namespace v1
}  // namespace dw
