// File: server/http/openapi.cpp
#include "http/openapi.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace dw::server {
namespace {

using Json = nlohmann::ordered_json;

// "GET /api/v2/orgs/{id}/api-keys" -> "get_api_v2_orgs_id_api_keys":
// unique because method + template shape are unique in the router.
std::string OperationId(const RouteSpec& route) {
  std::string id;
  for (char c : route.method) {
    id.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  bool pending_sep = true;
  for (char c : route.path) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      if (pending_sep) id.push_back('_');
      pending_sep = false;
      id.push_back(c);
    } else {
      pending_sep = true;
    }
  }
  return id;
}

Json Security(std::string_view auth) {
  Json sec = Json::array();
  if (auth == kAuthOidc || auth == kAuthOidcOrApiKey) {
    sec.push_back({{"OIDCBearer", Json::array()}});
  }
  if (auth == kAuthApiKey || auth == kAuthOidcOrApiKey) {
    sec.push_back({{"APIKey", Json::array()}});
  }
  return sec;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

}  // namespace

std::string OpenApiDocument(const Router& router, std::string_view version) {
  Json paths = Json::object();
  const auto& routes = router.routes();
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const RouteSpec& route = routes[i];
    Json op = Json::object();
    op["operationId"] = OperationId(route);
    op["summary"] = route.title;
    if (!route.summary.empty()) op["description"] = route.summary;
    const auto& names = router.param_names(i);
    if (!names.empty()) {
      Json params = Json::array();
      for (const std::string& name : names) {
        params.push_back({{"name", name},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
      }
      op["parameters"] = std::move(params);
    }
    op["security"] = Security(route.auth);
    op["x-driftwise-auth"] = route.auth;
    Json responses = {
        {"default",
         {{"description",
           "See the DriftWise API v2 reference. Errors carry "
           "{error, error_class, request_id}."},
          {"content",
           {{"application/json",
             {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}};
    if (!route.response_schema.empty()) {
      responses[std::to_string(route.response_status)] = {
          {"description", "Success"},
          {"content",
           {{"application/json",
             {{"schema", Json::parse(route.response_schema)}}}}}};
    }
    op["responses"] = std::move(responses);
    if (!route.request_schema.empty()) {
      op["requestBody"] = {
          {"required", true},
          {"content",
           {{route.request_content_type,
             {{"schema", Json::parse(route.request_schema)}}}}}};
    }
    paths[route.path][Lower(route.method)] = std::move(op);
  }

  Json doc = Json::object();
  doc["openapi"] = "3.0.3";
  doc["info"] = {{"title", "DriftWise API"}, {"version", std::string(version)}};
  doc["paths"] = std::move(paths);
  doc["components"] = {
      {"schemas",
       {{"Error",
         {{"type", "object"},
          {"required", {"error", "error_class", "request_id"}},
          {"properties",
           {{"error", {{"type", "string"}}},
            {"error_class", {{"type", "string"}}},
            {"request_id", {{"type", "string"}}}}}}}}},
      {"securitySchemes",
       {{"OIDCBearer",
         {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}},
        {"APIKey",
         {{"type", "apiKey"}, {"in", "header"}, {"name", "X-API-Key"}}}}}};
  return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace dw::server
