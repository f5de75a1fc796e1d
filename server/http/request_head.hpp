// File: server/http/request_head.hpp
//
// The strict HTTP/1.1 request-head parser of the event-loop transport
// (http_server.hpp), kept apart from any socket so it can be fuzzed
// (fuzz/request_head_fuzzer.cpp) and tested byte by byte.
//
// What it refuses, and with which status (RFC 9112 unless noted):
//   - a request line that is not `METHOD SP target SP HTTP/1.x` with a token
//     method and an origin-form target ("/..." or "*"): 400; longer than
//     HeadLimits::max_request_line: 414; another HTTP version: 505;
//   - a line not ended by CRLF (a bare LF), a NUL byte anywhere, a header
//     name that is not a token, a line without ':', whitespace before the
//     colon, obsolete line folding: 400 (request-smuggling vectors);
//   - a header line longer than max_header_line: 400 (as the cpp-httplib
//     transport answered; clients and tests rely on it); more header lines
//     than max_headers or a head longer than max_head_bytes: 431;
// A bare CR inside a field value is replaced by SP (RFC 9110 §5.5 allows
// either that or refusal), so a value can never split into two headers.
// Every error message names the line and the byte offset.
//
// CheckBodyFraming then decides from the parsed head whether the body can
// be read safely (Transfer-Encoding: 411; Content-Encoding other than
// identity: 415; a repeated or non-decimal Content-Length: 400; a body on a
// method that has none: 400; over the cap: 413).
//
// Thread-safety: pure functions of their arguments.
#ifndef DRIFTWISE_SERVER_HTTP_REQUEST_HEAD_HPP
#define DRIFTWISE_SERVER_HTTP_REQUEST_HEAD_HPP

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dw::server {

struct HeadLimits {
  std::size_t max_request_line = 8192;  ///< 414 beyond
  std::size_t max_header_line = 8192;   ///< 400 beyond
  std::size_t max_head_bytes = 65536;   ///< whole head; 431 beyond
  std::size_t max_headers = 100;        ///< 431 beyond
};

struct RequestHead {
  std::string method;
  std::string target;     ///< as sent: path and query, still percent-encoded
  int minor_version = 1;  ///< HTTP/1.<minor_version>, 0 or 1
  /// In arrival order; names as sent, values with surrounding OWS removed.
  std::vector<std::pair<std::string, std::string>> headers;

  /// First value of a header (names compare case-insensitively).
  std::optional<std::string_view> Header(std::string_view name) const;
  std::size_t HeaderCount(std::string_view name) const;
  /// Whether the connection may stay open after this request's response
  /// (HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with keep-alive).
  bool KeepAlive() const;
};

enum class HeadState { kIncomplete, kComplete, kError };

struct HeadParseResult {
  HeadState state = HeadState::kIncomplete;
  /// kComplete: bytes of `data` the head used (the body starts there).
  std::size_t consumed = 0;
  /// kError: the status to answer (400, 414, 431, 505) and why.
  int status = 0;
  std::string message;
};

/// Parses the head at the start of `data` (which may hold more: a body, a
/// pipelined request). Incomplete data is checked against the limits as
/// far as it goes, so a client cannot grow a head past them by sending it
/// slowly.
HeadParseResult ParseRequestHead(std::string_view data,
                                 const HeadLimits& limits, RequestHead& out);

/// Why a request's body cannot be read; the connection must then close
/// unless `close` is false (the body will be read and dropped first).
struct BodyRejection {
  int status;
  std::string_view error_class;
  std::string message;
  bool close;
};

/// Checks the framing headers of a parsed head. On success `body_length`
/// holds the declared Content-Length (0 without one).
std::optional<BodyRejection> CheckBodyFraming(const RequestHead& head,
                                              std::size_t max_body,
                                              std::uint64_t& body_length);

/// "%41" -> "A"; malformed escapes are kept as sent. With `plus_as_space`
/// (query strings) '+' becomes ' '.
std::string PercentDecodeLenient(std::string_view in, bool plus_as_space);

/// "a=1&b=x%20y&b=2" -> {a:1, b:"x y", b:2}.
std::multimap<std::string, std::string> ParseQueryString(std::string_view q);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_REQUEST_HEAD_HPP
