// RFC 3339 timestamps <-> Unix seconds, without the C library's time zone
// state (timegm is not portable and localtime is not thread-safe).
#include <cstdio>
#include <string>

#include "driftwise/noise.hpp"

namespace dw {
inline namespace v1 {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

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

Result<std::int64_t> ParseTimestamp(std::string_view s) {
  auto bad = [&](std::size_t at, const char* what) {
    return InvalidArgumentError("invalid RFC 3339 timestamp \"" +
                                    std::string(s.substr(0, 64)) +
                                    "\": " + what,
                                at);
  };
  int year, month, day, hour, minute, second;
  if (!Digits(s, 0, 4, &year) || s.size() < 5 || s[4] != '-') {
    return bad(0, "expected YYYY-");
  }
  if (!Digits(s, 5, 2, &month) || s.size() < 8 || s[7] != '-') {
    return bad(5, "expected MM-");
  }
  if (!Digits(s, 8, 2, &day)) return bad(8, "expected DD");
  if (s.size() < 11 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) {
    return bad(10, "expected 'T'");
  }
  if (!Digits(s, 11, 2, &hour) || s.size() < 14 || s[13] != ':' ||
      !Digits(s, 14, 2, &minute) || s.size() < 17 || s[16] != ':' ||
      !Digits(s, 17, 2, &second)) {
    return bad(11, "expected HH:MM:SS");
  }
  static constexpr int kDaysIn[] = {31, 29, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDaysIn[month - 1] ||
      hour > 23 || minute > 59 || second > 60) {
    return bad(5, "field out of range");
  }
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return bad(i, "expected fraction digits");
  }
  std::int64_t offset = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    if (!Digits(s, i + 1, 2, &oh) || s.size() < i + 4 || s[i + 3] != ':' ||
        !Digits(s, i + 4, 2, &om) || oh > 23 || om > 59) {
      return bad(i, "expected +HH:MM offset");
    }
    offset = (s[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    i += 6;
  } else {
    return bad(i, "expected 'Z' or an offset");
  }
  if (i != s.size()) return bad(i, "trailing characters");
  std::int64_t days = DaysFromCivil(year, static_cast<unsigned>(month),
                                    static_cast<unsigned>(day));
  return days * 86400 + hour * 3600 + minute * 60 + second - offset;
}

std::string FormatTimestamp(std::int64_t t) {
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  std::int64_t secs = t - days * 86400;
  // civil_from_days (H. Hinnant).
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(y), m, d,
                static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

}  // namespace v1
}  // namespace dw
