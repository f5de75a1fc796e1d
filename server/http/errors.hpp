// File: server/http/errors.hpp
//
// The one error body every failing API response carries (DESIGN.md §5):
//   {"error": "<message>", "error_class": "<class>", "request_id": "<id>"}
// The message is for humans, the class is for programs (stable snake_case
// like "not_found", "access_denied"), and the request id ties the answer to
// the access log line.
//
// Thread-safety: pure functions on the caller's request/response.
#ifndef DRIFTWISE_SERVER_HTTP_ERRORS_HPP
#define DRIFTWISE_SERVER_HTTP_ERRORS_HPP

#include <string>
#include <string_view>

#include "http/http_types.hpp"

namespace dw::server {

/// Error classes the HTTP layer itself produces.
inline constexpr std::string_view kErrBadRequest = "bad_request";
inline constexpr std::string_view kErrNotFound = "not_found";
inline constexpr std::string_view kErrMethodNotAllowed = "method_not_allowed";
inline constexpr std::string_view kErrLengthRequired = "length_required";
inline constexpr std::string_view kErrPayloadTooLarge = "payload_too_large";
inline constexpr std::string_view kErrInternal = "internal";

/// The error body for `request_id` (strings JSON-escaped; invalid UTF-8
/// replaced, so the body is always valid JSON).
std::string ErrorBody(std::string_view message, std::string_view error_class,
                      std::string_view request_id);

/// Replaces the response's status, content type and body with the error
/// body. Headers already set (Allow, Retry-After, ...) are kept.
void WriteError(const HttpRequest& req, HttpResponse& res, int status,
                std::string_view error_class, std::string_view message);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_ERRORS_HPP
