// File: server/api/plan_limits.hpp
//
// What each billing plan includes: feature flags (drive UI gating and 402s)
// and numeric limits (seats, API keys, cloud accounts, ...). Compiled in, so
// every server build answers the same; -1 means unlimited.
//
// Thread-safety: immutable data; call from any thread.
#ifndef DRIFTWISE_SERVER_API_PLAN_LIMITS_HPP
#define DRIFTWISE_SERVER_API_PLAN_LIMITS_HPP

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dw::server {

struct PlanLimits {
  std::string_view plan;  ///< "free", "team", "enterprise"
  std::int64_t seats = 0;
  std::int64_t api_keys = 0;
  std::int64_t cloud_accounts = 0;
  std::int64_t state_sources = 0;
  std::int64_t schedules = 0;
  std::int64_t concurrent_scans = 0;
  std::int64_t audit_retention_days = 0;
  std::span<const std::string_view> features;
};

inline constexpr std::int64_t kUnlimited = -1;

/// The limits of `plan`, or nullptr when the name is not a plan.
const PlanLimits* FindPlanLimits(std::string_view plan) noexcept;

/// True when `limits` caps the number of items `limit_of` names: only then
/// need a write count what is there (counting an unlimited org's rows made
/// every write of that kind slower as the org grew).
inline bool Capped(const PlanLimits* limits,
                   std::int64_t PlanLimits::*limit_of) noexcept {
  return limits != nullptr && limits->*limit_of != kUnlimited;
}

/// True when `limit` allows one more item given `current` items.
inline bool WithinLimit(std::int64_t limit, std::int64_t current) noexcept {
  return limit == kUnlimited || current < limit;
}

/// The canonical 402 body: {"error", "error_class": "plan_limit_exceeded",
/// "request_id", "limit": name, "current", "max", "plan", "upgrade_url"}.
std::string PaymentRequiredBody(std::string_view request_id,
                                std::string_view limit_name,
                                std::int64_t current, std::int64_t max,
                                std::string_view plan);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_PLAN_LIMITS_HPP
