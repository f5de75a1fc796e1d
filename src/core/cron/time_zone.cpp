// IANA time zones for cron (driftwise/cron.hpp), read from the system's
// tzdata by Abseil's time library.
#include "cron/time_zone_impl.hpp"

namespace dw {
inline namespace v1 {
namespace {

// A zone name is a path below the tzdata folder: refuse anything that could
// leave it ("../", a leading "/") or that no IANA name contains.
bool IsPlausibleZoneName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '/') return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    (c >= '0' && c <= '9') || c == '/' || c == '_' ||
                    c == '-' || c == '+';
    if (!ok) return false;
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t slash = name.find('/', start);
    std::string_view part = name.substr(start, slash == std::string_view::npos
                                                   ? std::string_view::npos
                                                   : slash - start);
    if (part.empty() || part.front() == '-') return false;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

}  // namespace

TimeZone::TimeZone()
    : impl_(std::make_shared<const Impl>(Impl{"UTC", absl::UTCTimeZone()})) {}

TimeZone::TimeZone(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Result<TimeZone> TimeZone::Load(std::string_view name) {
  // "localtime" would silently mean whatever the server's clock says; a
  // schedule must name its zone.
  if (!IsPlausibleZoneName(name) || name == "localtime") {
    return InvalidArgumentError("'" + std::string(name) +
                                    "' is not an IANA time zone name (e.g. "
                                    "UTC, Europe/Berlin, America/New_York)",
                                kNoOffset, "timezone");
  }
  absl::TimeZone tz;
  if (!absl::LoadTimeZone(std::string(name), &tz)) {
    return NotFoundError("time zone '" + std::string(name) +
                         "' is not in this system's tzdata");
  }
  return TimeZone(std::make_shared<const Impl>(Impl{std::string(name), tz}));
}

const std::string& TimeZone::name() const { return impl_->name; }

std::int32_t TimeZone::OffsetAt(std::chrono::sys_seconds instant) const {
  const absl::Time t =
      absl::FromUnixSeconds(instant.time_since_epoch().count());
  return static_cast<std::int32_t>(impl_->zone.At(t).offset);
}

std::string TimeZone::FormatRfc3339(std::chrono::sys_seconds instant) const {
  const absl::Time t =
      absl::FromUnixSeconds(instant.time_since_epoch().count());
  return absl::FormatTime(absl::RFC3339_sec, t, impl_->zone);
}

}  // namespace v1
}  // namespace dw
