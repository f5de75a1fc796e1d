// File: src/capi/capi_internal.hpp
//
// The pieces every C entry point uses: the exception firewall (Guard), the
// thread-local error record, dw_buf filling and options-version checks.
#ifndef DRIFTWISE_SRC_CAPI_CAPI_INTERNAL_HPP
#define DRIFTWISE_SRC_CAPI_CAPI_INTERNAL_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "driftwise/c/common.h"
#include "driftwise/status.hpp"

namespace dw::capi {

/// Records `status` as this thread's last error and returns the negated
/// code. `status` must not be OK.
dw_status SetError(const Status& status) noexcept;
/// Records success (clears the thread's error) and returns DW_OK.
dw_status SetOk() noexcept;

/// Runs `fn` (returning dw::Status) so that no exception escapes: a
/// bad_alloc becomes DW_E_RESOURCE_EXHAUSTED, anything else DW_E_INTERNAL.
template <typename Fn>
dw_status Guard(Fn&& fn) noexcept {
  try {
    Status s = fn();
    return s.ok() ? SetOk() : SetError(s);
  } catch (const std::bad_alloc&) {
    return SetError(Status(StatusCode::kResourceExhausted, "out of memory"));
  } catch (const std::exception& e) {
    return SetError(
        InternalError(std::string("unexpected exception: ") + e.what()));
  } catch (...) {
    return SetError(InternalError("unexpected exception"));
  }
}

/// Copies `bytes` into `out` (malloc'ed, NUL-terminated). Throws bad_alloc.
void FillBuf(dw_buf* out, std::string_view bytes);
/// Makes `out` empty without freeing (for failure paths).
inline void ClearBuf(dw_buf* out) noexcept {
  if (out != nullptr) *out = dw_buf{nullptr, 0, 0};
}

/// Makes the next SetError on this thread carry `detail` (DW_DETAIL_*).
void SetPendingDetail(std::int32_t detail) noexcept;

/// The error for a NULL required argument `name`.
Status NullArgument(const char* name);
/// The error for an options struct whose version this library does not
/// know (0 or newer than `latest`), or OK.
Status CheckOptionsVersion(std::uint32_t version, std::uint32_t latest,
                           const char* type_name);

/// The body of every dw_X_options_init(): `defaults` (the struct's _INIT)
/// written to `*opts` with `version`, once the version is known good. A
/// struct that grew across versions is written only up to the end of
/// `version`'s fields (`size`), so a caller's older, shorter struct is not
/// overrun.
template <typename Options>
Status InitOptions(Options* opts, std::uint32_t version, std::uint32_t latest,
                   const char* type_name, Options defaults,
                   std::size_t size = sizeof(Options)) {
  if (opts == nullptr) return NullArgument("opts");
  DW_RETURN_IF_ERROR(CheckOptionsVersion(version, latest, type_name));
  defaults.version = version;
  std::memcpy(opts, &defaults, size);
  return OkStatus();
}

}  // namespace dw::capi

/// Returns the NULL-argument error from the enclosing Guard lambda.
#define DW_CAPI_REQUIRE(ptr) \
  if ((ptr) == nullptr) return ::dw::capi::NullArgument(#ptr)

#endif  // DRIFTWISE_SRC_CAPI_CAPI_INTERNAL_HPP
