// The one thread fan-out of the core (common/fan_out.hpp): its thread
// policy, every part run exactly once, and exceptions after all parts.
#include "common/fan_out.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace dw::internal {
namespace {

TEST(FanOutThreads, ExplicitRequestsAreHonouredUpToTheWork) {
  EXPECT_EQ(FanOutThreads(1), 1u);
  EXPECT_EQ(FanOutThreads(3), 3u);
  EXPECT_EQ(FanOutThreads(20), 20u);  // no cap on what the caller asked
  EXPECT_EQ(FanOutThreads(20, 5), 5u);
  EXPECT_EQ(FanOutThreads(4, 0), 1u);  // never fewer than one
}

TEST(FanOutThreads, AutomaticIsOnePerHardwareThreadAtMostTheCap) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(FanOutThreads(0), std::min(hw, kAutoThreadCap));
  EXPECT_EQ(FanOutThreads(-1), std::min(hw, kAutoThreadCap));
  EXPECT_EQ(FanOutThreads(0, 1), 1u);
}

TEST(FanOut, RunsEveryPartOnceOnDistinctThreads) {
  for (unsigned parts : {0u, 1u, 2u, 7u, 33u}) {
    std::vector<std::atomic<int>> runs(std::max(parts, 1u));
    std::vector<std::thread::id> ids(runs.size());
    FanOut(parts, [&](unsigned p) {
      runs[p].fetch_add(1);
      ids[p] = std::this_thread::get_id();
    });
    for (std::size_t p = 0; p < runs.size(); ++p) {
      EXPECT_EQ(runs[p].load(), 1) << "part " << p << " of " << parts;
    }
    EXPECT_EQ(ids[0], std::this_thread::get_id())
        << "part 0 runs on the caller";
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end())
        << "each part on its own thread";
  }
}

TEST(FanOut, RethrowsTheLowestPartsExceptionAfterAllParts) {
  std::atomic<int> finished{0};
  try {
    FanOut(6, [&](unsigned p) {
      if (p == 4) throw std::runtime_error("four");
      if (p == 2) throw std::runtime_error("two");
      finished.fetch_add(1);
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "two");
  }
  EXPECT_EQ(finished.load(), 4) << "the other parts still ran";
}

TEST(FanOutGroup, HelpersRunWhileTheCallerWorksAndJoinRunsPartZero) {
  std::atomic<int> sum{0};
  FanOutGroup group(4, [&](unsigned p) { sum.fetch_add(1 << p); });
  int caller_work = 0;
  for (int i = 0; i < 1000; ++i) caller_work += i;
  group.Join();
  EXPECT_EQ(caller_work, 499500);
  EXPECT_EQ(sum.load(), 1 + 2 + 4 + 8);
}

}  // namespace
}  // namespace dw::internal
