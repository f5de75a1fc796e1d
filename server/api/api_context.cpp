#include "api/api_context.hpp"

namespace dw::server {

bool ApiContext::ShouldTouchKey(const std::string& key_id) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(touch_mu_);
  if (touched_.size() > 100000) touched_.clear();
  auto [it, inserted] = touched_.try_emplace(key_id, now);
  if (inserted) return true;
  if (now - it->second < std::chrono::minutes(1)) return false;
  it->second = now;
  return true;
}

}  // namespace dw::server
