// The next firing of a cron expression in a time zone (driftwise/cron.hpp).
//
// The search walks wall-clock (civil) minutes forward, day by day, and maps
// each matching minute to an instant: a unique local time to itself, a
// repeated one to its first occurrence, a skipped one to the end of the gap.
// That mapping never goes backwards as civil time goes forwards, so the
// first matching minute whose instant lies after `after` is the answer.
#include "absl/time/civil_time.h"
#include "cron/time_zone_impl.hpp"
#include "cron/weekday.hpp"

namespace dw {
inline namespace v1 {
namespace {

absl::Time InstantOf(absl::CivilMinute minute, const absl::TimeZone& zone) {
  const absl::TimeZone::TimeInfo info = zone.At(absl::CivilSecond(minute));
  switch (info.kind) {
    case absl::TimeZone::TimeInfo::SKIPPED:
      return info.trans;  // the first instant after the gap
    case absl::TimeZone::TimeInfo::REPEATED:
    case absl::TimeZone::TimeInfo::UNIQUE:
      return info.pre;  // for a repeated time, its first occurrence
  }
  return info.pre;
}

// Firings are at most eight years apart (Feb 29 across 2100); the bound only
// stops a search that a bug could make endless.
constexpr int kMaxSearchDays = 12 * 366;

}  // namespace

Result<std::chrono::sys_seconds> NextCronTime(const CronExpression& expr,
                                              const TimeZone& zone,
                                              std::chrono::sys_seconds after) {
  const absl::TimeZone& tz = zone.impl_->zone;
  const absl::Time limit =
      absl::FromUnixSeconds(after.time_since_epoch().count());
  const absl::CivilMinute start(tz.At(limit).cs);
  if (start.year() < 1 || start.year() > 9999) {
    return Status(StatusCode::kOutOfRange,
                  "time " + std::to_string(after.time_since_epoch().count()) +
                      " is outside the years 1-9999");
  }

  absl::CivilDay day(start);
  for (int step = 0; step < kMaxSearchDays; ++step, ++day) {
    if (!expr.months()[static_cast<std::size_t>(day.month())]) {
      // To the last day of this month; the loop's ++day moves on from there.
      day = absl::CivilDay(absl::CivilMonth(day) + 1) - 1;
      continue;
    }
    if (!expr.FiresOnDay(day.month(), day.day(),
                         cron_internal::SundayBased(day))) {
      continue;
    }
    const bool first_day = day == absl::CivilDay(start);
    for (int h = first_day ? start.hour() : 0; h < 24; ++h) {
      if (!expr.hours()[static_cast<std::size_t>(h)]) continue;
      for (int m = 0; m < 60; ++m) {
        if (!expr.minutes()[static_cast<std::size_t>(m)]) continue;
        const absl::CivilMinute candidate(day.year(), day.month(), day.day(), h,
                                          m);
        if (candidate < start) continue;
        const absl::Time instant = InstantOf(candidate, tz);
        if (instant > limit) {
          return std::chrono::sys_seconds(
              std::chrono::seconds(absl::ToUnixSeconds(instant)));
        }
      }
    }
  }
  return InternalError("no firing found for the cron expression");
}

}  // namespace v1
}  // namespace dw
