// File: driftwise/cron.hpp
//
// Five-field cron expressions and their next firing time in an IANA time
// zone, for scheduled scans (docs/schedules.md).
//
// Syntax: `minute hour day-of-month month day-of-week`, fields separated by
// spaces or tabs. Each field is a comma-separated list of items:
//   *        every value           a-b      a range (a <= b)
//   */s      every s-th value      a-b/s    every s-th value of a range
//   a        one value             a/s      every s-th value from a to the end
// minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 or jan-dec,
// day-of-week 0-7 or sun-sat (0 and 7 are Sunday). Names are
// case-insensitive and may start or end a range (mon-fri). The macros
// @yearly (@annually), @monthly, @weekly, @daily (@midnight) and @hourly
// stand for their usual five fields.
//
// Day matching follows Vixie cron: when either day field starts with `*`,
// a day must match both fields; when both are restricted, a day matching
// either one fires ("0 0 1 * mon" = the 1st of each month and every Monday).
//
// Time zones and daylight-saving changes (the local wall clock decides):
// - a local time that occurs twice (clocks set back) fires once, at its
//   first occurrence;
// - a local time that does not exist (clocks set forward) fires at the
//   instant the gap ends, once, however many matching times the gap hid.
//
// Errors: kInvalidArgument naming the field ("minute", "hour",
// "day-of-month", "month", "day-of-week") and the byte offset in the
// expression (Status::offset()); an expression that can never fire
// ("0 0 30 2 *") is refused the same way. TimeZone::Load answers kNotFound
// for a zone the system's tzdata does not have.
// Thread-safety: CronExpression and TimeZone are immutable values, usable
// from any number of threads at once.
#ifndef DRIFTWISE_CRON_HPP
#define DRIFTWISE_CRON_HPP

#include <bitset>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// A parsed five-field cron expression.
class CronExpression {
 public:
  /// Longest expression accepted, in bytes.
  static constexpr std::size_t kMaxLength = 1024;

  /// Parses `text` (leading and trailing blanks ignored).
  static Result<CronExpression> Parse(std::string_view text);

  /// Whether the wall-clock minute (month 1-12, day 1-31, weekday 0-6 with
  /// 0 = Sunday) is one the expression names.
  bool Matches(int month, int day, int weekday, int hour, int minute) const;

  /// Whether the expression fires at some time of that calendar day.
  bool FiresOnDay(int month, int day, int weekday) const;

  /// The shortest wall-clock gap between two consecutive firings, in
  /// minutes, over a whole year of calendars (daylight-saving changes
  /// ignored): what a plan's minimum schedule interval is checked against.
  std::int64_t MinIntervalMinutes() const;

  // The parsed fields, as bit sets of allowed values.
  const std::bitset<60>& minutes() const { return minutes_; }
  const std::bitset<24>& hours() const { return hours_; }
  const std::bitset<32>& days_of_month() const {
    return days_;
  }                                                          // bit 0 unused
  const std::bitset<13>& months() const { return months_; }  // bit 0 unused
  const std::bitset<7>& days_of_week() const { return weekdays_; }
  /// Day-of-month / day-of-week field began with `*` (Vixie's rule above).
  bool day_of_month_star() const { return days_star_; }
  bool day_of_week_star() const { return weekdays_star_; }

  bool operator==(const CronExpression&) const = default;

 private:
  friend class CronParser;

  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;
  std::bitset<13> months_;
  std::bitset<7> weekdays_;
  bool days_star_ = false;
  bool weekdays_star_ = false;
};

/// An IANA time zone read from the system's tzdata ("UTC", "Europe/Berlin").
class TimeZone {
 public:
  /// UTC.
  TimeZone();
  static Result<TimeZone> Load(std::string_view name);

  const std::string& name() const;

  /// The zone's UTC offset, in seconds, at `instant`.
  std::int32_t OffsetAt(std::chrono::sys_seconds instant) const;

  /// `instant` as RFC 3339 wall-clock time in this zone with its offset
  /// ("2026-03-29T03:00:00+02:00"; "Z" in UTC).
  std::string FormatRfc3339(std::chrono::sys_seconds instant) const;

  struct Impl;

 private:
  explicit TimeZone(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
  friend Result<std::chrono::sys_seconds> NextCronTime(
      const CronExpression&, const TimeZone&, std::chrono::sys_seconds);
};

/// The first instant strictly after `after` at which `expr` fires in `zone`,
/// following the daylight-saving rules in the header comment. Errors:
/// kOutOfRange when `after` falls outside the years 1-9999 in `zone`.
Result<std::chrono::sys_seconds> NextCronTime(const CronExpression& expr,
                                              const TimeZone& zone,
                                              std::chrono::sys_seconds after);

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_CRON_HPP
