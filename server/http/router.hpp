// File: server/http/router.hpp
//
// The route table: every API route is registered here exactly once, and the
// same table drives request dispatch, /api/v2/openapi.json and the
// authorization-matrix tests.
//
// Templates are absolute paths whose segments are literals or `{name}`
// parameters: "/api/v2/orgs/{id}/api-keys/{keyID}". Matching works on
// '/'-separated segments of the path as sent (still percent-encoded):
//   - a literal segment matches itself exactly (case-sensitive);
//   - a {param} matches any one non-empty segment, and its value is
//     percent-decoded ("%2F" becomes '/' inside the value);
//   - where both could match, the literal wins; if the rest of the path then
//     fails, matching backtracks to the parameter ("/a/b/c" reaches
//     "/a/{x}/c" even though "/a/b/d" exists);
//   - a trailing slash is a different path: "/orgs/" never matches "/orgs".
// HEAD falls back to the GET route when no HEAD route is registered.
//
// Errors: Add() rejects malformed templates and a second route with the same
// method and shape ("/orgs/{id}" and "/orgs/{org_id}" are the same shape),
// naming the route and the problem.
//
// Thread-safety: Add() is for start-up, before serving. Once serving, Find()
// and routes() may be called from any number of threads at once, as long as
// nothing calls Add() any more. Pointers in a RouteMatch stay valid until the
// next Add().
#ifndef DRIFTWISE_SERVER_HTTP_ROUTER_HPP
#define DRIFTWISE_SERVER_HTTP_ROUTER_HPP

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "driftwise/status.hpp"
#include "http/http_types.hpp"

namespace dw::server {

namespace internal {
struct RouteNode;  // the trie node, defined in router.cpp
}  // namespace internal

/// Authentication kinds a route may declare (RouteSpec::auth).
inline constexpr std::string_view kAuthNone = "none";
inline constexpr std::string_view kAuthOidc = "OIDCBearer";
inline constexpr std::string_view kAuthOidcOrApiKey = "OIDCBearerAPIKey";
inline constexpr std::string_view kAuthApiKey = "APIKey";
inline constexpr std::string_view kAuthWebhookSecret = "webhook-secret";

struct RouteSpec {
  std::string method;  ///< "GET", "POST", ... (upper-case token)
  /// Template like /api/v2/orgs/{id}/api-keys/{keyID}.
  std::string path;
  std::string title;    ///< short; the OpenAPI operation summary
  std::string summary;  ///< longer; the OpenAPI operation description
  /// "none" | "OIDCBearer" | "OIDCBearerAPIKey" | "APIKey" |
  /// "webhook-secret" (see the kAuth* constants).
  std::string auth;
  Handler handler;
  /// OpenAPI JSON Schemas as JSON text ("" = not described): the request
  /// body (of request_content_type) and the success response (with its
  /// status). openapi.cpp emits them; they document, the handlers check.
  std::string request_schema{};
  std::string request_content_type = "application/json";
  std::string response_schema{};
  int response_status = 200;
};

struct RouteMatch {
  /// The matched route, or null when none matched this method and path.
  const RouteSpec* route = nullptr;
  /// Index of `route` in Router::routes() (valid when route != null).
  std::size_t index = 0;
  /// {param} values in template order, percent-decoded. The names are views
  /// into the router's storage.
  std::vector<std::pair<std::string_view, std::string>> params;
  /// Set when no route matched the method but the path exists for other
  /// methods (the caller answers 405): their names for the Allow header,
  /// comma-separated in a fixed order (GET, HEAD, POST, PUT, PATCH, DELETE,
  /// then any others alphabetically), e.g. "GET, HEAD, DELETE".
  std::string allow;
  /// Set when a route matched but one of its parameter segments has broken
  /// percent-encoding ("%zz", a truncated "%4"): the caller answers 400.
  /// `route` is null in that case and this names the segment.
  std::string bad_encoding;

  bool path_exists() const { return route != nullptr || !allow.empty(); }
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  /// Registers a route. Errors (INVALID_ARGUMENT): a method that is not an
  /// upper-case token, a template that is not absolute, has an empty segment
  /// (also a trailing slash), a brace outside a whole `{name}` segment, a
  /// parameter name that is not [A-Za-z_][A-Za-z0-9_]* or repeats, an
  /// unknown auth kind, or no handler. ALREADY_EXISTS: the same method and
  /// template shape is registered already.
  Status Add(RouteSpec spec);

  /// Finds the route for `method` and `path`, the request path as sent
  /// without the query string and still percent-encoded.
  RouteMatch Find(std::string_view method, std::string_view path) const;

  /// Every route in registration order.
  const std::vector<RouteSpec>& routes() const { return routes_; }

  /// The {param} names of routes()[index], in template order.
  const std::vector<std::string>& param_names(std::size_t index) const;

 private:
  struct RouteInfo {
    std::vector<std::string> param_names;
  };

  std::unique_ptr<internal::RouteNode> root_;
  std::vector<RouteSpec> routes_;
  // A deque so string_views into param names survive later Add() calls.
  std::deque<RouteInfo> infos_;
};

/// Percent-decodes `in` into `out` (no '+' handling: this is for paths).
/// Returns false on a '%' not followed by two hex digits.
bool PercentDecode(std::string_view in, std::string& out);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_ROUTER_HPP
