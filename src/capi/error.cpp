// File: src/capi/error.cpp
//
// The thread-local error record, dw_buf and version queries.
#include <cstdlib>
#include <cstring>
#include <string>

#include "capi_internal.hpp"
#include "driftwise/c/common.h"

namespace dw::capi {
namespace {

// One per thread: the strings back the pointers in `error`.
struct ThreadError {
  std::string message;
  std::string path;
  dw_error error{DW_OK, DW_DETAIL_NONE, "", DW_NO_OFFSET, ""};
  std::int32_t pending_detail = DW_DETAIL_NONE;
};

ThreadError& Tls() noexcept {
  thread_local ThreadError tls;
  return tls;
}

}  // namespace

dw_status SetError(const Status& status) noexcept {
  ThreadError& t = Tls();
  int code = static_cast<int>(status.code());
  if (code == 0) code = static_cast<int>(StatusCode::kUnknown);
  try {
    t.message = status.message();
    t.path = status.json_path();
  } catch (...) {
    // Out of memory while recording the error: keep the code, lose text.
    t.message.clear();
    t.path.clear();
  }
  t.error.code = -code;
  t.error.detail = t.pending_detail;
  t.error.message = t.message.c_str();
  t.error.offset = status.offset();
  t.error.path = t.path.c_str();
  t.pending_detail = DW_DETAIL_NONE;
  return -code;
}

dw_status SetOk() noexcept {
  dw_error_clear();
  return DW_OK;
}

void SetPendingDetail(std::int32_t detail) noexcept {
  Tls().pending_detail = detail;
}

Status NullArgument(const char* name) {
  SetPendingDetail(DW_DETAIL_NULL_ARGUMENT);
  return InvalidArgumentError(std::string("argument `") + name +
                              "` must not be NULL");
}

Status CheckOptionsVersion(std::uint32_t version, std::uint32_t latest,
                           const char* type_name) {
  if (version >= 1 && version <= latest) return OkStatus();
  SetPendingDetail(DW_DETAIL_STRUCT_VERSION);
  return InvalidArgumentError(
      std::string(type_name) + ".version is " + std::to_string(version) +
      "; this library knows versions 1 to " + std::to_string(latest));
}

void FillBuf(dw_buf* out, std::string_view bytes) {
  char* p = static_cast<char*>(std::malloc(bytes.size() + 1));
  if (p == nullptr) throw std::bad_alloc();
  if (!bytes.empty()) std::memcpy(p, bytes.data(), bytes.size());
  p[bytes.size()] = '\0';
  *out = dw_buf{p, bytes.size(), 0};
}

}  // namespace dw::capi

extern "C" {

DW_API const dw_error* dw_error_last(void) noexcept {
  return &dw::capi::Tls().error;
}

DW_API void dw_error_clear(void) noexcept {
  auto& t = dw::capi::Tls();
  t.message.clear();
  t.path.clear();
  t.error = dw_error{DW_OK, DW_DETAIL_NONE, t.message.c_str(), DW_NO_OFFSET,
                     t.path.c_str()};
  t.pending_detail = DW_DETAIL_NONE;
}

DW_API const char* dw_status_str(dw_status code) noexcept {
  switch (code) {
    case DW_OK:
      return "ok";
    case DW_E_CANCELLED:
      return "cancelled";
    case DW_E_UNKNOWN:
      return "unknown";
    case DW_E_INVALID_ARGUMENT:
      return "invalid argument";
    case DW_E_DEADLINE_EXCEEDED:
      return "deadline exceeded";
    case DW_E_NOT_FOUND:
      return "not found";
    case DW_E_ALREADY_EXISTS:
      return "already exists";
    case DW_E_PERMISSION_DENIED:
      return "permission denied";
    case DW_E_RESOURCE_EXHAUSTED:
      return "resource exhausted";
    case DW_E_FAILED_PRECONDITION:
      return "failed precondition";
    case DW_E_ABORTED:
      return "aborted";
    case DW_E_OUT_OF_RANGE:
      return "out of range";
    case DW_E_UNIMPLEMENTED:
      return "unimplemented";
    case DW_E_INTERNAL:
      return "internal";
    case DW_E_UNAVAILABLE:
      return "unavailable";
    case DW_E_DATA_LOSS:
      return "data loss";
    case DW_E_UNAUTHENTICATED:
      return "unauthenticated";
    default:
      return "unrecognized status";
  }
}

DW_API void dw_buf_dispose(dw_buf* buf) noexcept {
  if (buf == nullptr) return;
  std::free(buf->ptr);
  *buf = dw_buf{nullptr, 0, 0};
}

DW_API const char* dw_version(void) noexcept { return DW_VERSION_STRING; }

DW_API uint32_t dw_version_number(void) noexcept {
  return DW_VERSION_MAJOR * 1000000u + DW_VERSION_MINOR * 1000u +
         DW_VERSION_PATCH;
}

DW_API uint32_t dw_abi_version(void) noexcept { return DW_ABI_VERSION; }

}  // extern "C"
