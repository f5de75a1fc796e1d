#include "api/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace dw::server {
namespace {

using std::chrono::seconds;

TEST(RateLimiter, AllowsTheBurstThenDeniesWithRetryAfter) {
  RateLimiter limiter(10, std::chrono::hours(1));
  const auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.Take("org-a", t0).allowed);
  auto denied = limiter.Take("org-a", t0);
  EXPECT_FALSE(denied.allowed);
  // One token comes back every 6 minutes.
  EXPECT_EQ(denied.retry_after_s, 360);
  EXPECT_TRUE(limiter.Take("org-b", t0).allowed) << "keys are independent";
}

TEST(RateLimiter, RefillsOverTime) {
  RateLimiter limiter(10, std::chrono::hours(1));
  const auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(limiter.Take("k", t0).allowed);
  EXPECT_FALSE(limiter.Take("k", t0 + seconds(359)).allowed);
  EXPECT_TRUE(limiter.Take("k", t0 + seconds(361)).allowed);
  EXPECT_FALSE(limiter.Take("k", t0 + seconds(362)).allowed);
  // A full period restores the whole burst, not more.
  const auto later = t0 + std::chrono::hours(5);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.Take("k", later).allowed);
  EXPECT_FALSE(limiter.Take("k", later).allowed);
}

TEST(RateLimiter, MemoryBoundKeepsDecisionsForBusyKeys) {
  RateLimiter limiter(1, seconds(60), /*max_keys=*/4);
  const auto t0 = RateLimiter::Clock::now();
  ASSERT_TRUE(limiter.Take("busy", t0).allowed);
  for (int i = 0; i < 100; ++i) {
    limiter.Take("k" + std::to_string(i), t0 + seconds(120));
  }
  // "busy" refilled after 60 s, so forgetting it changed nothing; a key
  // still empty must stay denied however many others come and go.
  ASSERT_TRUE(limiter.Take("busy", t0 + seconds(121)).allowed);
  EXPECT_FALSE(limiter.Take("busy", t0 + seconds(121)).allowed);
}

}  // namespace
}  // namespace dw::server
