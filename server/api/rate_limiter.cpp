#include "api/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace dw::server {

RateLimiter::RateLimiter(std::int64_t max_events, std::chrono::seconds period,
                         std::size_t max_keys)
    : capacity_(static_cast<double>(std::max<std::int64_t>(max_events, 1))),
      tokens_per_second_(capacity_ / static_cast<double>(std::max<std::int64_t>(
                                         period.count(), 1))),
      max_keys_(std::max<std::size_t>(max_keys, 1)) {}

void RateLimiter::Refill(Bucket& bucket, Clock::time_point now) const {
  const double elapsed =
      std::chrono::duration<double>(now - bucket.updated).count();
  if (elapsed > 0) {
    bucket.tokens =
        std::min(capacity_, bucket.tokens + elapsed * tokens_per_second_);
    bucket.updated = now;
  }
}

void RateLimiter::PruneLocked(Clock::time_point now) {
  // Buckets that have refilled completely carry no information: forgetting
  // them changes no decision.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Refill(it->second, now);
    it = it->second.tokens >= capacity_ ? buckets_.erase(it) : std::next(it);
  }
}

RateLimiter::Decision RateLimiter::Take(std::string_view key,
                                        Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) PruneLocked(now);
    it = buckets_.emplace(std::string(key), Bucket{capacity_, now}).first;
  }
  Bucket& bucket = it->second;
  Refill(bucket, now);
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return {};
  }
  const double wait = (1.0 - bucket.tokens) / tokens_per_second_;
  return {.allowed = false,
          .retry_after_s = std::max<std::int64_t>(
              1, static_cast<std::int64_t>(std::ceil(wait)))};
}

}  // namespace dw::server
