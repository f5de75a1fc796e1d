// The core's one RFC 3339 reader (common/rfc3339.hpp) in both spellings and
// its one writer (driftwise/time.hpp).
#include "common/rfc3339.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

#include "driftwise/time.hpp"

namespace dw::internal {
namespace {

constexpr std::int64_t kMicros = 1000000;

std::int64_t Strict(const std::string& s) {
  Result<std::int64_t> r = ParseRfc3339(s, Rfc3339Syntax::kStrict);
  EXPECT_TRUE(r.ok()) << s << ": " << r.status().ToString();
  return r.ok() ? *r : 0;
}

TEST(Rfc3339, ReadsUtcOffsetsAndFractions) {
  EXPECT_EQ(Strict("2026-01-02T03:04:05Z"), 1767323045 * kMicros);
  EXPECT_EQ(Strict("2026-01-02T04:04:05+01:00"), 1767323045 * kMicros);
  EXPECT_EQ(Strict("2026-01-01T23:34:05-03:30"), 1767323045 * kMicros);
  EXPECT_EQ(Strict("2026-01-02T03:04:05.5Z"), 1767323045 * kMicros + 500000);
  EXPECT_EQ(Strict("2026-01-02T03:04:05.123456789Z"),
            1767323045 * kMicros + 123456);  // past six digits: dropped
  EXPECT_EQ(Strict("1969-12-31T23:59:59Z"), -1 * kMicros);
  EXPECT_EQ(Strict("0001-01-01T00:00:00Z"), -62135596800 * kMicros);
  EXPECT_EQ(Strict("2024-02-29T23:59:59Z"), 1709251199 * kMicros);
  // A leap second is the next minute's first second, as in POSIX time.
  EXPECT_EQ(Strict("2016-12-31T23:59:60Z"), Strict("2017-01-01T00:00:00Z"));
}

TEST(Rfc3339, StrictAndLenientSpellings) {
  for (const char* s :
       {"2026-01-02t03:04:05Z", "2026-01-02 03:04:05Z", "2026-01-02T03:04:05z",
        "2026-01-02T03:04:05.1234567890Z"}) {
    EXPECT_FALSE(ParseRfc3339(s, Rfc3339Syntax::kStrict).ok()) << s;
    Result<std::int64_t> r = ParseRfc3339(s, Rfc3339Syntax::kLenient);
    ASSERT_TRUE(r.ok()) << s << ": " << r.status().ToString();
    EXPECT_EQ(*r / kMicros, 1767323045) << s;
  }
}

TEST(Rfc3339, ErrorsNameWhatAndWhere) {
  struct Case {
    const char* text;
    std::uint64_t offset;
    const char* what;
  };
  for (const Case& c : {
           Case{"2026-01-02", 0, "expected YYYY-MM-DDTHH:MM:SS"},
           Case{"2026-13-02T03:04:05Z", 5, "month out of range"},
           Case{"2025-02-29T03:04:05Z", 8, "day out of range"},
           Case{"2026-04-31T03:04:05Z", 8, "day out of range"},
           Case{"2026-04-00T03:04:05Z", 8, "day out of range"},
           Case{"2026-01-02T24:04:05Z", 11, "hour out of range"},
           Case{"2026-01-02T03:60:05Z", 14, "minute out of range"},
           Case{"2026-01-02T03:04:61Z", 17, "second out of range"},
           Case{"2026-01-02T03:04:05.Z", 20, "fraction"},
           Case{"2026-01-02T03:04:05+0100", 19, "bad UTC offset"},
           Case{"2026-01-02T03:04:05", 19, "expected 'Z'"},
           Case{"2026-01-02T03:04:05Zx", 20, "unexpected characters"},
       }) {
    for (Rfc3339Syntax syntax :
         {Rfc3339Syntax::kStrict, Rfc3339Syntax::kLenient}) {
      Result<std::int64_t> r = ParseRfc3339(c.text, syntax);
      ASSERT_FALSE(r.ok()) << c.text;
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(r.status().offset(), c.offset) << c.text;
      EXPECT_NE(r.status().message().find(c.what), std::string::npos)
          << c.text << ": " << r.status().message();
      EXPECT_NE(r.status().message().find(c.text), std::string::npos)
          << "names the text";
    }
  }
}

TEST(Rfc3339, Formats) {
  EXPECT_EQ(FormatRfc3339Seconds(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339Seconds(1767323045), "2026-01-02T03:04:05Z");
  EXPECT_EQ(FormatRfc3339Seconds(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339Seconds(-62135596800), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339Micros(1767323045 * kMicros + 123456),
            "2026-01-02T03:04:05.123456Z");
  EXPECT_EQ(FormatRfc3339Micros(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(FormatRfc3339Micros(0), "1970-01-01T00:00:00.000000Z");
}

TEST(Rfc3339, WhatIsWrittenReadsBack) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> any(-62135596800 * kMicros,
                                                  253402300799 * kMicros);
  for (int i = 0; i < 10000; ++i) {
    const std::int64_t t = any(rng);
    EXPECT_EQ(Strict(FormatRfc3339Micros(t)), t);
    const std::int64_t s = t / kMicros;
    EXPECT_EQ(Strict(FormatRfc3339Seconds(s)), s * kMicros);
  }
  const std::int64_t now = NowUnixMicros();
  EXPECT_GT(now, 1767323045 * kMicros);  // after this code was written
}

}  // namespace
}  // namespace dw::internal
