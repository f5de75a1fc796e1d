// What a dw::TimeZone holds (internal to cron): the name it was loaded by and
// Abseil's zone, which public headers may not name.
#ifndef DRIFTWISE_CORE_CRON_TIME_ZONE_IMPL_HPP
#define DRIFTWISE_CORE_CRON_TIME_ZONE_IMPL_HPP

#include <string>

#include "absl/time/time.h"
#include "driftwise/cron.hpp"

namespace dw {
inline namespace v1 {

struct TimeZone::Impl {
  std::string name;
  absl::TimeZone zone;
};

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_CORE_CRON_TIME_ZONE_IMPL_HPP
