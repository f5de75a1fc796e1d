// Next firing times in real IANA zones, across daylight-saving changes.
#include <gtest/gtest.h>

#include "driftwise/cron.hpp"

namespace dw {
namespace {

using std::chrono::sys_seconds;

// Seconds since the epoch of a UTC wall-clock time.
sys_seconds Utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  using namespace std::chrono;
  return sys_days(year(y) / month(mo) / day(d)) + hours(h) + minutes(mi) +
         seconds(s);
}

sys_seconds Next(std::string_view expr, std::string_view zone,
                 sys_seconds after) {
  auto e = CronExpression::Parse(expr);
  EXPECT_TRUE(e.ok()) << expr;
  auto z = TimeZone::Load(zone);
  EXPECT_TRUE(z.ok()) << zone;
  auto next = NextCronTime(e.value(), z.value(), after);
  EXPECT_TRUE(next.ok()) << next.status().message();
  return next.ok() ? next.value() : sys_seconds{};
}

TEST(CronNext, StrictlyAfter) {
  EXPECT_EQ(Next("*/15 * * * *", "UTC", Utc(2026, 3, 1, 10, 0)),
            Utc(2026, 3, 1, 10, 15));
  EXPECT_EQ(Next("*/15 * * * *", "UTC", Utc(2026, 3, 1, 10, 14, 59)),
            Utc(2026, 3, 1, 10, 15));
  EXPECT_EQ(Next("0 0 1 1 *", "UTC", Utc(2026, 6, 1, 0, 0)),
            Utc(2027, 1, 1, 0, 0));
}

TEST(CronNext, Feb29AndWeekdays) {
  EXPECT_EQ(Next("0 0 29 2 *", "UTC", Utc(2025, 1, 1, 0, 0)),
            Utc(2028, 2, 29, 0, 0));
  // 2096 is a leap year, 2100 is not: the next Feb 29 after 2096 is 2104.
  EXPECT_EQ(Next("0 0 29 2 *", "UTC", Utc(2096, 3, 1, 0, 0)),
            Utc(2104, 2, 29, 0, 0));
  // Both day fields restricted: the 13th OR a Friday.
  EXPECT_EQ(Next("0 12 13 * fri", "UTC", Utc(2026, 12, 7, 0, 0)),
            Utc(2026, 12, 11, 12, 0));
}

TEST(CronNext, InTheZonesWallClock) {
  // 09:00 in New York is 14:00 UTC in winter, 13:00 in summer.
  EXPECT_EQ(Next("0 9 * * *", "America/New_York", Utc(2026, 1, 10, 0, 0)),
            Utc(2026, 1, 10, 14, 0));
  EXPECT_EQ(Next("0 9 * * *", "America/New_York", Utc(2026, 7, 10, 0, 0)),
            Utc(2026, 7, 10, 13, 0));
  // Kathmandu is UTC+5:45.
  EXPECT_EQ(Next("0 0 * * *", "Asia/Kathmandu", Utc(2026, 5, 1, 12, 0)),
            Utc(2026, 5, 1, 18, 15));
}

TEST(CronNext, SkippedLocalTimeFiresWhenTheGapEnds) {
  // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
  EXPECT_EQ(Next("30 2 * * *", "Europe/Berlin", Utc(2026, 3, 28, 23, 0)),
            Utc(2026, 3, 29, 1, 0));
  // Every quarter hour: 01:45 CET, then the gap's matches and 03:00 fire
  // once, at 03:00 CEST, then 03:15.
  sys_seconds t =
      Next("*/15 * * * *", "Europe/Berlin", Utc(2026, 3, 29, 0, 30));
  EXPECT_EQ(t, Utc(2026, 3, 29, 0, 45));
  t = Next("*/15 * * * *", "Europe/Berlin", t);
  EXPECT_EQ(t, Utc(2026, 3, 29, 1, 0));
  t = Next("*/15 * * * *", "Europe/Berlin", t);
  EXPECT_EQ(t, Utc(2026, 3, 29, 1, 15));
  // The next day 02:30 exists again.
  EXPECT_EQ(Next("30 2 * * *", "Europe/Berlin", Utc(2026, 3, 29, 1, 0)),
            Utc(2026, 3, 30, 0, 30));
}

TEST(CronNext, RepeatedLocalTimeFiresOnce) {
  // Berlin, 2026-10-25: 03:00 CEST goes back to 02:00 CET (01:00 UTC);
  // 02:30 local happens at 00:30 UTC and again at 01:30 UTC.
  EXPECT_EQ(Next("30 2 * * *", "Europe/Berlin", Utc(2026, 10, 24, 23, 0)),
            Utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(Next("30 2 * * *", "Europe/Berlin", Utc(2026, 10, 25, 0, 30)),
            Utc(2026, 10, 26, 1, 30));
  // Asked from inside the second 02:xx hour, nothing fires until 03:00.
  EXPECT_EQ(Next("*/30 * * * *", "Europe/Berlin", Utc(2026, 10, 25, 1, 10)),
            Utc(2026, 10, 25, 2, 0));
}

TEST(CronNext, ZoneNamesAreChecked) {
  EXPECT_EQ(TimeZone::Load("Mars/Olympus_Mons").status().code(),
            StatusCode::kNotFound);
  for (const char* bad : {"../../etc/passwd", "/etc/localtime", "", "a//b",
                          "Europe/ Berlin", "localtime", "Europe/-x"}) {
    EXPECT_EQ(TimeZone::Load(bad).status().code(), StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_EQ(TimeZone().name(), "UTC");
  auto berlin = TimeZone::Load("Europe/Berlin");
  ASSERT_TRUE(berlin.ok());
  EXPECT_EQ(berlin.value().OffsetAt(Utc(2026, 1, 1, 0, 0)), 3600);
  EXPECT_EQ(berlin.value().OffsetAt(Utc(2026, 7, 1, 0, 0)), 7200);
}

TEST(CronNext, OutOfRange) {
  auto e = CronExpression::Parse("* * * * *");
  ASSERT_TRUE(e.ok());
  auto far = NextCronTime(e.value(), TimeZone(),
                          sys_seconds(std::chrono::seconds(400'000'000'000)));
  EXPECT_EQ(far.status().code(), StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace dw
