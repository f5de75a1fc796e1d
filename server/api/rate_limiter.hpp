// File: server/api/rate_limiter.hpp
//
// Token-bucket rate limits keyed by a string (org id, user id, IP). A limit
// of N per period lets a burst of N through, then one more every period/N.
// Limits are per process: with several server processes each enforces its
// own share, which is what the reference's per-pod limits describe.
//
// Thread-safety: all methods may be called concurrently.
#ifndef DRIFTWISE_SERVER_API_RATE_LIMITER_HPP
#define DRIFTWISE_SERVER_API_RATE_LIMITER_HPP

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dw::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  /// `max_events` per `period`; `max_keys` bounds memory (idle full buckets
  /// are dropped first when it is reached).
  RateLimiter(std::int64_t max_events, std::chrono::seconds period,
              std::size_t max_keys = 100000);

  struct Decision {
    bool allowed = true;
    /// Whole seconds until one more event is allowed (>= 1 when denied).
    std::int64_t retry_after_s = 0;
  };

  /// Takes one token for `key` at `now` if one is left.
  Decision Take(std::string_view key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void Refill(Bucket& bucket, Clock::time_point now) const;
  void PruneLocked(Clock::time_point now);

  const double capacity_;
  const double tokens_per_second_;
  const std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_RATE_LIMITER_HPP
