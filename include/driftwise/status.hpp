// File: driftwise/status.hpp
//
// dw::Status and dw::Result<T>: how every fallible driftwise call reports an
// error. The codes are the canonical set (same numeric values as
// absl::StatusCode) so the C ABI can return the negated code unchanged.
//
// Besides a message, a Status may carry where the problem is: a byte offset
// into the input that was being read and a JSON path (e.g.
// `resource_changes[3].change.actions`). Both are optional.
//
// Thread-safety: values; distinct objects may be used from distinct threads.
// Nothing here throws. Result<T>::value() on an error aborts with the message,
// like absl::StatusOr without exceptions: check ok() first.
#ifndef DRIFTWISE_STATUS_HPP
#define DRIFTWISE_STATUS_HPP

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dw {
inline namespace v1 {

/// Canonical error codes (values equal absl::StatusCode).
enum class StatusCode : int {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};

/// Name of a code, e.g. "INVALID_ARGUMENT".
std::string_view StatusCodeName(StatusCode code) noexcept;

/// Marks "no byte offset known".
inline constexpr std::uint64_t kNoOffset = ~std::uint64_t{0};

/// The outcome of an operation: OK, or a code with a message and, when known,
/// the byte offset and JSON path of the offending input.
class [[nodiscard]] Status {
 public:
  /// An OK status.
  Status() = default;
  Status(StatusCode code, std::string message, std::uint64_t offset = kNoOffset,
         std::string json_path = {})
      : code_(code),
        message_(std::move(message)),
        offset_(offset),
        json_path_(std::move(json_path)) {}

  bool ok() const noexcept { return code_ == StatusCode::kOk; }
  StatusCode code() const noexcept { return code_; }
  /// Human-readable message; does not repeat offset or path.
  const std::string& message() const noexcept { return message_; }
  /// Byte offset into the input, or kNoOffset.
  std::uint64_t offset() const noexcept { return offset_; }
  bool has_offset() const noexcept { return offset_ != kNoOffset; }
  /// JSON path of the offending value ("" when unknown).
  const std::string& json_path() const noexcept { return json_path_; }

  /// "INVALID_ARGUMENT: message (at byte 12, path resource_changes[0])".
  std::string ToString() const;

  /// Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::uint64_t offset_ = kNoOffset;
  std::string json_path_;
};

inline Status OkStatus() { return Status(); }
inline Status InvalidArgumentError(std::string msg,
                                   std::uint64_t offset = kNoOffset,
                                   std::string path = {}) {
  return Status(StatusCode::kInvalidArgument, std::move(msg), offset,
                std::move(path));
}
inline Status NotFoundError(std::string msg) {
  return Status(StatusCode::kNotFound, std::move(msg));
}
inline Status InternalError(std::string msg) {
  return Status(StatusCode::kInternal, std::move(msg));
}
inline Status UnimplementedError(std::string msg,
                                 std::uint64_t offset = kNoOffset,
                                 std::string path = {}) {
  return Status(StatusCode::kUnimplemented, std::move(msg), offset,
                std::move(path));
}
inline Status DataLossError(std::string msg, std::uint64_t offset = kNoOffset,
                            std::string path = {}) {
  return Status(StatusCode::kDataLoss, std::move(msg), offset, std::move(path));
}

/// Either a T or a non-OK Status. Never holds an OK status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : data_(value) {}            // NOLINT
  Result(T&& value) : data_(std::move(value)) {}      // NOLINT
  Result(Status status) : data_(std::move(status)) {  // NOLINT
    if (std::get<Status>(data_).ok()) {
      data_ =
          Status(StatusCode::kInternal, "Result constructed from an OK status");
    }
  }

  bool ok() const noexcept { return data_.index() == 0; }
  /// The error, or OK when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(data_); }

  T& value() & {
    Check();
    return std::get<T>(data_);
  }
  const T& value() const& {
    Check();
    return std::get<T>(data_);
  }
  T&& value() && {
    Check();
    return std::get<T>(std::move(data_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  void Check() const {
    if (!ok()) {
      std::fprintf(stderr, "dw::Result::value() on error: %s\n",
                   std::get<Status>(data_).ToString().c_str());
      std::abort();
    }
  }
  std::variant<T, Status> data_;
};

}  // namespace v1
}  // namespace dw

/// Returns from the enclosing function when `expr` (a Status) is not OK.
#define DW_RETURN_IF_ERROR(expr)                     \
  do {                                               \
    ::dw::Status dw_status_tmp_ = (expr);            \
    if (!dw_status_tmp_.ok()) return dw_status_tmp_; \
  } while (0)

#define DW_STATUS_CONCAT_INNER_(a, b) a##b
#define DW_STATUS_CONCAT_(a, b) DW_STATUS_CONCAT_INNER_(a, b)

/// `DW_ASSIGN_OR_RETURN(auto x, Fn());` binds the value or returns the error.
#define DW_ASSIGN_OR_RETURN(lhs, rexpr) \
  DW_ASSIGN_OR_RETURN_IMPL_(DW_STATUS_CONCAT_(dw_result_, __LINE__), lhs, rexpr)
#define DW_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                              \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

#endif  // DRIFTWISE_STATUS_HPP
