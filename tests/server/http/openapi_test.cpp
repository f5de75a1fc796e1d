// OpenAPI document generated from the route table: every route documented,
// every documented operation a route (checked on the API's real endpoint
// list from the shared spec).
#include "http/openapi.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

namespace dw::server {
namespace {

using nlohmann::json;

// The real route list: spec/endpoints.json (method, path, title, auth,
// summary) registered with no-op handlers.
Router SpecRouter() {
  std::ifstream in(std::string(DW_SHARED_DIR) + "/spec/endpoints.json");
  EXPECT_TRUE(in.good()) << "cannot read spec/endpoints.json";
  json endpoints = json::parse(in);
  Router router;
  for (const json& e : endpoints) {
    Status s = router.Add(RouteSpec{
        e.at("method").get<std::string>(), e.at("path").get<std::string>(),
        e.at("title").get<std::string>(), e.value("summary", ""),
        e.at("auth").get<std::string>(), [](HttpRequest&, HttpResponse&) {}});
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  EXPECT_EQ(router.routes().size(), endpoints.size());
  return router;
}

std::set<std::string> TemplateParams(const std::string& path) {
  std::set<std::string> out;
  std::size_t pos = 0;
  while ((pos = path.find('{', pos)) != std::string::npos) {
    const std::size_t end = path.find('}', pos);
    out.insert(path.substr(pos + 1, end - pos - 1));
    pos = end;
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(c));
  return s;
}

TEST(OpenApiTest, EveryRouteIsDocumentedAndEveryOperationIsARoute) {
  Router router = SpecRouter();
  ASSERT_GT(router.routes().size(), 100u);
  json doc = json::parse(OpenApiDocument(router, "2.0.0-test"));
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_EQ(doc["info"]["version"], "2.0.0-test");

  // Routes -> document.
  for (const RouteSpec& r : router.routes()) {
    ASSERT_TRUE(doc["paths"].contains(r.path)) << r.path;
    const json& paths_item = doc["paths"][r.path];
    ASSERT_TRUE(paths_item.contains(Lower(r.method))) << r.method << r.path;
    const json& op = paths_item[Lower(r.method)];
    EXPECT_EQ(op["summary"], r.title);
    EXPECT_EQ(op["x-driftwise-auth"], r.auth);
    std::set<std::string> documented;
    for (const json& p : op.value("parameters", json::array())) {
      EXPECT_EQ(p["in"], "path");
      EXPECT_EQ(p["required"], true);
      documented.insert(p["name"].get<std::string>());
    }
    EXPECT_EQ(documented, TemplateParams(r.path)) << r.path;
  }

  // Document -> routes: each operation resolves to the route it names.
  std::set<std::string> operation_ids;
  std::size_t operations = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      ++operations;
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(c));
      bool found = false;
      for (const RouteSpec& r : router.routes()) {
        found = found || (r.path == path && r.method == upper);
      }
      EXPECT_TRUE(found) << "documented but not routed: " << upper << " "
                         << path;
      EXPECT_TRUE(operation_ids.insert(op["operationId"]).second)
          << "duplicate operationId " << op["operationId"];
    }
  }
  EXPECT_EQ(operations, router.routes().size());
}

TEST(OpenApiTest, SecurityFollowsTheAuthKind) {
  Router r;
  const auto add = [&](std::string path, std::string auth) {
    ASSERT_TRUE(r.Add(RouteSpec{"GET", std::move(path), "t", "", auth,
                                [](HttpRequest&, HttpResponse&) {}})
                    .ok());
  };
  add("/a", "none");
  add("/b", "OIDCBearer");
  add("/c", "OIDCBearerAPIKey");
  add("/d", "APIKey");
  add("/e", "webhook-secret");
  json doc = json::parse(OpenApiDocument(r, "1"));
  const auto sec = [&](const char* p) {
    return doc["paths"][p]["get"]["security"];
  };
  EXPECT_EQ(sec("/a"), json::array());
  EXPECT_EQ(sec("/b"), json::parse(R"([{"OIDCBearer":[]}])"));
  EXPECT_EQ(sec("/c"), json::parse(R"([{"OIDCBearer":[]},{"APIKey":[]}])"));
  EXPECT_EQ(sec("/d"), json::parse(R"([{"APIKey":[]}])"));
  EXPECT_EQ(sec("/e"), json::array());
  EXPECT_FALSE(doc["paths"]["/a"]["get"].contains("description"));
  const json& schemes = doc["components"]["securitySchemes"];
  EXPECT_EQ(schemes["OIDCBearer"]["type"], "http");
  EXPECT_EQ(schemes["OIDCBearer"]["scheme"], "bearer");
  EXPECT_EQ(schemes["OIDCBearer"]["bearerFormat"], "JWT");
  EXPECT_EQ(schemes["APIKey"]["type"], "apiKey");
  EXPECT_EQ(schemes["APIKey"]["in"], "header");
  EXPECT_EQ(schemes["APIKey"]["name"], "X-API-Key");
}

// When the image's openapi-spec-validator is importable, the document must
// validate against the OpenAPI 3.0 schema; otherwise the test is skipped.
TEST(OpenApiTest, ValidatesWithOpenApiSpecValidatorWhenAvailable) {
  if (std::system("python3 -c 'import openapi_spec_validator' >/dev/null "
                  "2>&1") != 0) {
    GTEST_SKIP() << "openapi-spec-validator not importable";
  }
  Router router = SpecRouter();
  const std::string file = ::testing::TempDir() + "/dw_openapi_" +
                           std::to_string(::getpid()) + ".json";
  {
    std::ofstream out(file);
    out << OpenApiDocument(router, "2.0.0");
  }
  const std::string cmd =
      "python3 -c 'import json,sys; from openapi_spec_validator import "
      "validate; validate(json.load(open(sys.argv[1])))' " +
      file;
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  std::remove(file.c_str());
}

}  // namespace
}  // namespace dw::server
