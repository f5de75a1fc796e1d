// File: fuzz/cron_fuzzer.cpp
//
// Feeds arbitrary bytes to the cron parser. An error must name an offset
// inside the expression; an expression that parses must give, in UTC and in
// a zone with daylight-saving changes, a next firing strictly after the
// asked instant whose wall-clock minute the expression matches (or, in the
// zone, that follows a skipped hour), and never fire twice in a row at the
// same instant.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "driftwise/cron.hpp"

namespace {

using std::chrono::sys_seconds;

void CheckUtcMatch(const dw::CronExpression& expr, sys_seconds t) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const year_month_day ymd(day);
  const hh_mm_ss<seconds> hms(t - day);
  const int wday = static_cast<int>(std::chrono::weekday(day).c_encoding());
  if (hms.seconds().count() != 0 ||
      !expr.Matches(static_cast<int>(static_cast<unsigned>(ymd.month())),
                    static_cast<int>(static_cast<unsigned>(ymd.day())), wday,
                    static_cast<int>(hms.hours().count()),
                    static_cast<int>(hms.minutes().count()))) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto expr = dw::CronExpression::Parse(text);
  if (!expr.ok()) {
    if (expr.status().has_offset() && expr.status().offset() > size) {
      std::abort();
    }
    return 0;
  }
  static const dw::TimeZone kUtc;
  static const dw::TimeZone kBerlin =
      dw::TimeZone::Load("Europe/Berlin").value();
  // A winter instant, one just before the spring change and one in autumn.
  for (std::int64_t start : {1767225600LL, 1774738800LL, 1792886400LL}) {
    for (const dw::TimeZone* zone : {&kUtc, &kBerlin}) {
      sys_seconds t{std::chrono::seconds(start)};
      for (int i = 0; i < 3; ++i) {
        auto next = dw::NextCronTime(*expr, *zone, t);
        if (!next.ok() || next.value() <= t) std::abort();
        t = next.value();
        if (zone == &kUtc) CheckUtcMatch(*expr, t);
      }
    }
  }
  if (expr->MinIntervalMinutes() < 1) std::abort();
  return 0;
}
