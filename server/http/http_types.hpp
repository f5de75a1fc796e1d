// File: server/http/http_types.hpp
//
// The server's own HTTP request/response types. Handlers and middleware see
// only these, never cpp-httplib's, so the transport can be replaced without
// touching the API layer.
//
// Thread-safety: a request and its response belong to the one worker thread
// handling them.
#ifndef DRIFTWISE_SERVER_HTTP_HTTP_TYPES_HPP
#define DRIFTWISE_SERVER_HTTP_HTTP_TYPES_HPP

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dw::server {

/// Header names compare case-insensitively (RFC 9110 §5.1).
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const noexcept;
  using is_transparent = void;
};
using HeaderMap = std::multimap<std::string, std::string, CaseInsensitiveLess>;

struct HttpRequest {
  std::string method;  ///< "GET", "POST", ...
  std::string path;    ///< decoded path without the query string
  /// The path as sent (still percent-encoded), without the query string.
  /// The router matches on this so "%2F" inside a {param} stays one
  /// segment. When empty (hand-built requests), `path` is used.
  std::string raw_path;
  /// Query parameters, percent-decoded; a repeated key keeps every value.
  std::multimap<std::string, std::string> query;
  HeaderMap headers;
  /// The body, when it is at most the transport's spool threshold
  /// (HttpServerOptions::spool_above_bytes); else empty, see body_path.
  std::string body;
  /// Set instead of `body` for a larger body: a private (0600) temp file
  /// holding exactly the body bytes, complete when the handler runs. The
  /// handler may read it or rename(2) it away to keep it (same file
  /// system as the spool directory); the transport removes whatever is
  /// still at this path once the answer is sent. Empty for small bodies.
  std::string body_path;
  std::string remote_addr;
  std::string request_id;  ///< set by the transport (X-Request-ID or generated)
  /// Values of the matched route template's {params}, filled by the router.
  std::map<std::string, std::string, std::less<>> path_params;
  /// The matched route's template ("/api/v2/orgs/{id}"), "" when none matched.
  std::string route_template;

  /// First value of a header, if present.
  std::optional<std::string_view> Header(std::string_view name) const;
  /// First value of a query parameter, if present.
  std::optional<std::string_view> Query(std::string_view name) const;
  /// A path parameter ("" when absent).
  std::string_view Param(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  HeaderMap headers;

  void SetHeader(std::string name, std::string value);
};

using Handler = std::function<void(HttpRequest&, HttpResponse&)>;

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_HTTP_TYPES_HPP
