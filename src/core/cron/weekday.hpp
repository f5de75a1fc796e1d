// Cron's weekday numbering over Abseil's civil days (internal to cron).
#ifndef DRIFTWISE_CORE_CRON_WEEKDAY_HPP
#define DRIFTWISE_CORE_CRON_WEEKDAY_HPP

#include "absl/time/civil_time.h"

namespace dw::cron_internal {

/// 0 = Sunday .. 6 = Saturday, as cron numbers days of the week.
inline int SundayBased(absl::CivilDay day) {
  // absl::Weekday runs monday = 0 .. sunday = 6.
  return (static_cast<int>(absl::GetWeekday(day)) + 1) % 7;
}

}  // namespace dw::cron_internal

#endif  // DRIFTWISE_CORE_CRON_WEEKDAY_HPP
