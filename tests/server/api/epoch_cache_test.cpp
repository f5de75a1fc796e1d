#include "api/epoch_cache.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace dw::server {
namespace {

TEST(EpochCache, EntriesAreServedOnlyInTheirEpoch) {
  EpochCache<int> cache;
  cache.Put("a", 1, 7);
  EXPECT_EQ(cache.Get("a", 7), 1);
  EXPECT_EQ(cache.Get("a", 8), std::nullopt) << "a write happened since";
  EXPECT_EQ(cache.Get("b", 7), std::nullopt);
  cache.Put("a", 2, 8);
  EXPECT_EQ(cache.Get("a", 8), 2);
}

TEST(EpochCache, StaysBounded) {
  EpochCache<int> cache(64);
  for (int i = 0; i < 10000; ++i) cache.Put(std::to_string(i), i, 1);
  int hits = 0;
  for (int i = 0; i < 10000; ++i)
    hits += cache.Get(std::to_string(i), 1).has_value();
  EXPECT_LE(hits, 64 + 16);
  EXPECT_GT(hits, 0);
}

TEST(EpochCache, ConcurrentUseIsSafe) {
  EpochCache<std::string> cache(1024);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 20000; ++i) {
        const std::string key = std::to_string((i * 7 + t) % 3000);
        cache.Put(key, key, static_cast<std::uint64_t>(i % 3));
        auto v = cache.Get(key, static_cast<std::uint64_t>(i % 3));
        if (v) {
          ASSERT_EQ(*v, key);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
}

}  // namespace
}  // namespace dw::server
