// File: server/http/request_id.hpp
//
// Request ids: a client may pass its own in X-Request-ID (to correlate with
// its logs); otherwise the server makes one, "req_" + a ULID (time-ordered,
// 80 random bits), the shape the API reference shows ("req_01HXABC...").
//
// A client id is echoed in a response header and written to logs, so only a
// short, plain one is accepted: 1-128 characters of [A-Za-z0-9._:-]. CR/LF
// (header injection), quotes, spaces and long values are refused and replaced
// by a generated id.
//
// Thread-safety: all functions may be called from any thread (the random
// state is per thread).
#ifndef DRIFTWISE_SERVER_HTTP_REQUEST_ID_HPP
#define DRIFTWISE_SERVER_HTTP_REQUEST_ID_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dw::server {

inline constexpr std::size_t kMaxRequestIdLength = 128;

/// Whether a client-supplied X-Request-ID may be used as is.
bool IsValidClientRequestId(std::string_view id);

/// A fresh id: "req_" followed by 26 Crockford base32 characters.
std::string GenerateRequestId();

/// The client's id when valid, else a generated one.
std::string ChooseRequestId(std::optional<std::string_view> client_id);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_REQUEST_ID_HPP
