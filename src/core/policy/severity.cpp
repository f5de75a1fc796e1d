#include <array>

#include "driftwise/policy.hpp"

namespace dw {
inline namespace v1 {
namespace {
constexpr std::array<std::string_view, 5> kNames = {"none", "low", "medium",
                                                    "high", "critical"};
}  // namespace

std::string_view SeverityName(Severity s) noexcept {
  auto i = static_cast<std::size_t>(s);
  return i < kNames.size() ? kNames[i] : "none";
}

bool ParseSeverity(std::string_view name, Severity* out) noexcept {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      *out = static_cast<Severity>(i);
      return true;
    }
  }
  return false;
}

}  // namespace v1
}  // namespace dw
