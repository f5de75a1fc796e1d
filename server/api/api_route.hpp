// File: server/api/api_route.hpp
//
// An API route with its access policy. The policy is the single source of
// who may call what: the guard enforces it, the route's declared auth kind
// (and so the OpenAPI security) is derived from it, and the authorization
// matrix test checks it from the outside.
//
// Order of checks (each failure answers at once):
//   401 no/invalid credentials → 403 API key on an OIDC-only route (or a
//   user on an API-key-only one) →
//   403 not a platform admin (admin routes) → 404 org not visible
//   (cross-org and nonexistent alike) → 403 role or key scope too low →
//   the handler.
#ifndef DRIFTWISE_SERVER_API_API_ROUTE_HPP
#define DRIFTWISE_SERVER_API_API_ROUTE_HPP

#include <functional>
#include <string>
#include <vector>

#include "api/call.hpp"
#include "api/roles.hpp"
#include "http/router.hpp"

namespace dw::server {

enum class Access {
  kPublic,         ///< no credentials needed
  kAuthenticated,  ///< any valid caller
  kPlatformAdmin,  ///< a platform admin (users only)
  kOrg,            ///< a caller with at least min_role in the org {id}
};

struct RoutePolicy {
  Access access = Access::kAuthenticated;
  Role min_role = Role::kViewer;  ///< for kOrg
  bool oidc_only = false;         ///< API keys get 403
  bool api_key_only = false;      ///< signed-in users get 403 (machine paths)
};

using ApiHandler = std::function<void(Call&)>;

struct ApiRoute {
  std::string method;
  std::string path;
  std::string title;
  std::string summary;
  RoutePolicy policy;
  ApiHandler handler;
  /// OpenAPI schemas (see RouteSpec); "" = not described yet.
  std::string request_schema{};
  std::string request_content_type = "application/json";
  std::string response_schema{};
  int response_status = 200;
};

/// "none", "OIDCBearer", "APIKey" or "OIDCBearerAPIKey" for the route table.
std::string_view AuthKindOf(const RoutePolicy& policy);

/// The HTTP handler that enforces `route.policy` and then runs its handler.
Handler GuardedHandler(ApiContext& ctx, ApiRoute route);

// Route groups, one per file.
std::vector<ApiRoute> AdminRoutes();
std::vector<ApiRoute> OrgRoutes();
std::vector<ApiRoute> ApiKeyRoutes();
std::vector<ApiRoute> CatalogRoutes();
std::vector<ApiRoute> AuditRoutes();
std::vector<ApiRoute> BillingRoutes();
std::vector<ApiRoute> StateSourceRoutes();
std::vector<ApiRoute> StateGlobRoutes();
std::vector<ApiRoute> AccountRoutes();
std::vector<ApiRoute> InventoryRoutes();
std::vector<ApiRoute> ResourceRoutes();
std::vector<ApiRoute> PlanAnalysisRoutes();
std::vector<ApiRoute> ScanReadRoutes();
std::vector<ApiRoute> PostureRoutes();
std::vector<ApiRoute> ScanRoutes();

/// Registers every API route and the operational ones (/healthz, /readyz,
/// /metrics, /api/v2/openapi.json). Errors: a duplicate route.
Status RegisterAllRoutes(ApiContext& ctx, Router& router);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_API_ROUTE_HPP
