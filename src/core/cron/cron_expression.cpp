// What a parsed cron expression matches, and the shortest gap between its
// firings (driftwise/cron.hpp).
#include <algorithm>
#include <limits>
#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "cron/weekday.hpp"
#include "driftwise/cron.hpp"

namespace dw {
inline namespace v1 {

bool CronExpression::FiresOnDay(int month, int day, int weekday) const {
  if (month < 1 || month > 12 || day < 1 || day > 31 || weekday < 0 ||
      weekday > 6) {
    return false;
  }
  if (!months_[static_cast<std::size_t>(month)]) return false;
  const bool dom = days_[static_cast<std::size_t>(day)];
  const bool dow = weekdays_[static_cast<std::size_t>(weekday)];
  // Vixie cron: both restricted -> either may match; otherwise both must
  // (the starred one matches every day it allows).
  if (!days_star_ && !weekdays_star_) return dom || dow;
  return dom && dow;
}

bool CronExpression::Matches(int month, int day, int weekday, int hour,
                             int minute) const {
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return false;
  return minutes_[static_cast<std::size_t>(minute)] &&
         hours_[static_cast<std::size_t>(hour)] &&
         FiresOnDay(month, day, weekday);
}

std::int64_t CronExpression::MinIntervalMinutes() const {
  // Firing minutes of a firing day, ascending (every firing day has the same).
  std::vector<int> times;
  for (int h = 0; h < 24; ++h) {
    if (!hours_[static_cast<std::size_t>(h)]) continue;
    for (int m = 0; m < 60; ++m) {
      if (minutes_[static_cast<std::size_t>(m)]) times.push_back(h * 60 + m);
    }
  }
  std::int64_t best = std::numeric_limits<std::int64_t>::max();
  for (std::size_t i = 1; i < times.size(); ++i) {
    best = std::min<std::int64_t>(best, times[i] - times[i - 1]);
  }
  // Between firing days: eight years hold every leap-year and weekday
  // pattern a five-field expression can tell apart (2100 is no leap year,
  // but the gap it makes is only longer).
  const absl::CivilDay first(2024, 1, 1);
  const absl::CivilDay end = first + 8 * 366;
  std::optional<absl::CivilDay> previous;
  for (absl::CivilDay d = first; d < end; ++d) {
    if (!FiresOnDay(d.month(), d.day(), cron_internal::SundayBased(d))) {
      continue;
    }
    if (previous) {
      best = std::min<std::int64_t>(
          best, (d - *previous) * 1440 + times.front() - times.back());
    }
    previous = d;
  }
  return best;
}

}  // namespace v1
}  // namespace dw
