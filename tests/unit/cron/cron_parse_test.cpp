// Parsing cron expressions: accepted syntax, Vixie's day rule, and errors
// that name the field and the byte offset.
#include <gtest/gtest.h>

#include "driftwise/cron.hpp"

namespace dw {
namespace {

CronExpression MustParse(std::string_view text) {
  auto parsed = CronExpression::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().message();
  return parsed.ok() ? parsed.value() : CronExpression{};
}

TEST(CronParse, ListsRangesStepsAndNames) {
  CronExpression e = MustParse("*/20 9-17/4 1,15 jan-MAR mon-fri");
  EXPECT_EQ(
      e.minutes().to_string(),
      std::bitset<60>((1ull << 0) | (1ull << 20) | (1ull << 40)).to_string());
  EXPECT_TRUE(e.hours()[9] && e.hours()[13] && e.hours()[17]);
  EXPECT_EQ(e.hours().count(), 3u);
  EXPECT_TRUE(e.days_of_month()[1] && e.days_of_month()[15]);
  EXPECT_EQ(e.days_of_month().count(), 2u);
  EXPECT_EQ(e.months().count(), 3u);
  EXPECT_TRUE(e.months()[1] && e.months()[3]);
  EXPECT_EQ(e.days_of_week().count(), 5u);
  EXPECT_FALSE(e.days_of_week()[0]);
  EXPECT_FALSE(e.day_of_month_star());
  EXPECT_FALSE(e.day_of_week_star());
}

TEST(CronParse, SevenIsSundayAndOpenEndedStep) {
  CronExpression e = MustParse("5/15 0 * * 7");
  EXPECT_TRUE(e.days_of_week()[0]);
  EXPECT_EQ(e.days_of_week().count(), 1u);
  EXPECT_TRUE(e.minutes()[5] && e.minutes()[20] && e.minutes()[35] &&
              e.minutes()[50]);
  EXPECT_EQ(e.minutes().count(), 4u);
}

TEST(CronParse, MacrosEqualTheirFields) {
  EXPECT_EQ(MustParse("@daily"), MustParse("0 0 * * *"));
  EXPECT_EQ(MustParse("@MIDNIGHT"), MustParse("0 0 * * *"));
  EXPECT_EQ(MustParse("@hourly"), MustParse("0 * * * *"));
  EXPECT_EQ(MustParse("@weekly"), MustParse("0 0 * * 0"));
  EXPECT_EQ(MustParse("@monthly"), MustParse("0 0 1 * *"));
  EXPECT_EQ(MustParse("@yearly"), MustParse("0 0 1 1 *"));
  EXPECT_EQ(MustParse("@annually"), MustParse("0 0 1 1 *"));
  EXPECT_EQ(MustParse(" \t0  0 * *\t*  "), MustParse("0 0 * * *"));
}

TEST(CronParse, VixieDayRule) {
  // Both restricted: either matches (1st of month OR Monday).
  CronExpression both = MustParse("0 0 1 * mon");
  EXPECT_TRUE(both.FiresOnDay(6, 1, 3));   // the 1st, a Wednesday
  EXPECT_TRUE(both.FiresOnDay(6, 8, 1));   // a Monday
  EXPECT_FALSE(both.FiresOnDay(6, 9, 2));  // neither
  // A day field starting with '*' (even "*/2") means both must match.
  CronExpression starred = MustParse("0 0 */2 * mon");
  EXPECT_TRUE(starred.day_of_month_star());
  EXPECT_TRUE(starred.FiresOnDay(6, 3, 1));   // odd day and Monday
  EXPECT_FALSE(starred.FiresOnDay(6, 4, 1));  // Monday, even day
  EXPECT_FALSE(starred.FiresOnDay(6, 3, 2));  // odd day, Tuesday
  // "1-31" is a restricted field that happens to name every day.
  CronExpression full = MustParse("0 0 1-31 * mon");
  EXPECT_TRUE(full.FiresOnDay(6, 4, 2));
}

TEST(CronParse, MatchesChecksEveryField) {
  CronExpression e = MustParse("30 2 * jul sat");
  EXPECT_TRUE(e.Matches(7, 6, 6, 2, 30));
  EXPECT_FALSE(e.Matches(7, 6, 6, 2, 31));
  EXPECT_FALSE(e.Matches(7, 6, 6, 3, 30));
  EXPECT_FALSE(e.Matches(8, 3, 6, 2, 30));
  EXPECT_FALSE(e.Matches(7, 7, 0, 2, 30));
  EXPECT_FALSE(e.Matches(7, 6, 6, 24, 30));
}

struct BadCase {
  const char* text;
  const char* field;     // expected json_path ("" = whole expression)
  std::uint64_t offset;  // expected byte offset
  const char* words;     // expected in the message
};

TEST(CronParse, ErrorsNameFieldAndOffset) {
  const BadCase cases[] = {
      {"60 * * * *", "minute", 0, "outside 0-59"},
      {"* 24 * * *", "hour", 2, "outside 0-23"},
      {"* * 0 * *", "day-of-month", 4, "outside 1-31"},
      {"* * * 13 *", "month", 6, "outside 1-12"},
      {"* * * * 8", "day-of-week", 8, "outside 0-7"},
      {"* * * foo *", "month", 6, "unknown name 'foo'"},
      {"* * * * mon-fry", "day-of-week", 12, "unknown name 'fry'"},
      {"5-1 * * * *", "minute", 0, "runs backwards"},
      {"*/0 * * * *", "minute", 2, "step 0"},
      {"*/61 * * * *", "minute", 2, "step 61"},
      {"1,,2 * * * *", "minute", 2, "empty list item"},
      {"1/ * * * *", "minute", 2, "missing step"},
      {"1-x * * * *", "minute", 2, "unexpected character 'x'"},
      {"12345 * * * *", "minute", 0, "too long"},
      {"0 0 30 2 *", "day-of-month", 4, "never fires"},
      {"0 0 31 4,6,9,11 *", "day-of-month", 4, "never fires"},
  };
  for (const BadCase& c : cases) {
    auto parsed = CronExpression::Parse(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << c.text;
    EXPECT_EQ(parsed.status().json_path(), c.field) << c.text;
    EXPECT_EQ(parsed.status().offset(), c.offset) << c.text;
    EXPECT_NE(parsed.status().message().find(c.words), std::string::npos)
        << c.text << ": " << parsed.status().message();
  }
}

TEST(CronParse, WrongFieldCountsAndMacros) {
  auto four = CronExpression::Parse("* * * *");
  ASSERT_FALSE(four.ok());
  EXPECT_NE(four.status().message().find("4 fields, expected 5"),
            std::string::npos);
  auto six = CronExpression::Parse("* * * * * *");
  ASSERT_FALSE(six.ok());
  EXPECT_EQ(six.status().offset(), 10u);
  EXPECT_FALSE(CronExpression::Parse("").ok());
  auto reboot = CronExpression::Parse("@reboot");
  ASSERT_FALSE(reboot.ok());
  EXPECT_NE(reboot.status().message().find("unknown cron macro"),
            std::string::npos);
  EXPECT_FALSE(CronExpression::Parse(std::string(2000, '*')).ok());
}

TEST(CronParse, Feb29IsPossible) {
  EXPECT_TRUE(CronExpression::Parse("0 0 29 2 *").ok());
}

TEST(CronInterval, MinimumGapBetweenFirings) {
  EXPECT_EQ(MustParse("* * * * *").MinIntervalMinutes(), 1);
  EXPECT_EQ(MustParse("*/15 * * * *").MinIntervalMinutes(), 15);
  EXPECT_EQ(MustParse("0 * * * *").MinIntervalMinutes(), 60);
  // 0:00, 0:50, 1:00, 1:50 ... the shortest gap is 10 minutes.
  EXPECT_EQ(MustParse("0,50 * * * *").MinIntervalMinutes(), 10);
  EXPECT_EQ(MustParse("0 3 * * *").MinIntervalMinutes(), 24 * 60);
  // 23:00 then 01:00 the next day: 2 hours.
  EXPECT_EQ(MustParse("0 1,23 * * *").MinIntervalMinutes(), 120);
  EXPECT_EQ(MustParse("0 0 * * mon").MinIntervalMinutes(), 7 * 24 * 60);
  // Friday then Monday: three days apart.
  EXPECT_EQ(MustParse("0 9 * * mon,fri").MinIntervalMinutes(), 3 * 24 * 60);
  // Jan 31 and Feb 1 are consecutive days.
  EXPECT_EQ(MustParse("0 0 1,31 * *").MinIntervalMinutes(), 24 * 60);
}

}  // namespace
}  // namespace dw
