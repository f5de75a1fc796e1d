// File: server/http/openapi.hpp
//
// /api/v2/openapi.json, generated from the route table so the document can
// never list a route that is not served or miss one that is.
//
// Per route: the template as the path key, one operation per method with
// summary (RouteSpec::title), description (RouteSpec::summary), an
// operationId, the {params} of the template as required string path
// parameters, and security from RouteSpec::auth:
//   none              -> []                      (explicitly anonymous)
//   OIDCBearer        -> [{OIDCBearer: []}]
//   OIDCBearerAPIKey  -> [{OIDCBearer: []}, {APIKey: []}]   (either)
//   APIKey            -> [{APIKey: []}]
//   webhook-secret    -> []  plus "x-driftwise-auth": "webhook-secret"
//                        (verified per provider; OpenAPI has no HMAC scheme)
// Every operation also carries "x-driftwise-auth" with the raw kind.
// components.securitySchemes: OIDCBearer = http bearer (JWT), APIKey =
// apiKey in header X-API-Key.
//
// Thread-safety: reads the router only.
#ifndef DRIFTWISE_SERVER_HTTP_OPENAPI_HPP
#define DRIFTWISE_SERVER_HTTP_OPENAPI_HPP

#include <string>
#include <string_view>

#include "http/router.hpp"

namespace dw::server {

/// The OpenAPI 3.0.3 document (compact JSON) for every route in `router`;
/// `version` becomes info.version.
std::string OpenApiDocument(const Router& router, std::string_view version);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_HTTP_OPENAPI_HPP
