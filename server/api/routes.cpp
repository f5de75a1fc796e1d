// The whole route table: the API groups plus the operational routes.
#include "api/api_route.hpp"
#include "driftwise/version.h"
#include "http/errors.hpp"
#include "http/openapi.hpp"

namespace dw::server {
namespace {

Status AddPublic(Router& router, std::string method, std::string path,
                 std::string title, std::string summary, Handler handler) {
  return router.Add({.method = std::move(method),
                     .path = std::move(path),
                     .title = std::move(title),
                     .summary = std::move(summary),
                     .auth = std::string(kAuthNone),
                     .handler = std::move(handler)});
}

Status AddOperationalRoutes(ApiContext& ctx, Router& router) {
  Status s = AddPublic(
      router, "GET", "/healthz", "Liveness", "200 when the process serves.",
      [](HttpRequest&, HttpResponse& res) { res.body = R"({"status":"ok"})"; });
  if (!s.ok()) return s;
  s = AddPublic(router, "GET", "/readyz", "Readiness",
                "200 when the store answers and migrations are applied.",
                [&ctx](HttpRequest& req, HttpResponse& res) {
                  Status ping = ctx.store.Ping();
                  if (!ping.ok()) {
                    WriteError(req, res, 503, "unavailable",
                               "store not ready: " + ping.message());
                    return;
                  }
                  res.body = R"({"status":"ready","schema_version":)" +
                             std::to_string(ctx.store.SchemaVersion()) + "}";
                });
  if (!s.ok()) return s;
  s = AddPublic(router, "GET", "/metrics", "Prometheus metrics",
                "Request counts and latency histograms by route and status.",
                [&ctx](HttpRequest&, HttpResponse& res) {
                  res.content_type = std::string(kPrometheusContentType);
                  res.body = ctx.metrics ? ctx.metrics->RenderPrometheus() : "";
                });
  if (!s.ok()) return s;
  return AddPublic(router, "GET", "/api/v2/openapi.json", "OpenAPI document",
                   "The OpenAPI 3 description of every route served.",
                   [&router](HttpRequest&, HttpResponse& res) {
                     res.body = OpenApiDocument(router, DW_VERSION_STRING);
                   });
}

}  // namespace

Status RegisterAllRoutes(ApiContext& ctx, Router& router) {
  for (auto group :
       {AdminRoutes, OrgRoutes, ApiKeyRoutes, CatalogRoutes, AuditRoutes,
        BillingRoutes, StateSourceRoutes, StateGlobRoutes, AccountRoutes,
        InventoryRoutes, ResourceRoutes, PlanAnalysisRoutes, ScanReadRoutes,
        ScanRoutes, PostureRoutes}) {
    for (ApiRoute& route : group()) {
      RouteSpec spec{.method = route.method,
                     .path = route.path,
                     .title = route.title,
                     .summary = route.summary,
                     .auth = std::string(AuthKindOf(route.policy)),
                     .handler = {},
                     .request_schema = route.request_schema,
                     .request_content_type = route.request_content_type,
                     .response_schema = route.response_schema,
                     .response_status = route.response_status};
      spec.handler = GuardedHandler(ctx, std::move(route));
      Status added = router.Add(std::move(spec));
      if (!added.ok()) return added;
    }
  }
  return AddOperationalRoutes(ctx, router);
}

}  // namespace dw::server
