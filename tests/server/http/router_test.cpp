// Router: template validation, matching precedence, 405 data, decoding.
#include "http/router.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dw::server {
namespace {

Handler Noop() {
  return [](HttpRequest&, HttpResponse&) {};
}

RouteSpec Route(std::string method, std::string path,
                std::string auth = "none") {
  return RouteSpec{std::move(method), std::move(path), "t", "s",
                   std::move(auth),   Noop()};
}

std::string MatchedPath(const Router& r, std::string_view method,
                        std::string_view path) {
  RouteMatch m = r.Find(method, path);
  return m.route ? m.route->method + " " + m.route->path : "none";
}

TEST(RouterTest, MatchesLiteralAndParamSegments) {
  Router r;
  ASSERT_TRUE(r.Add(Route("GET", "/api/v2/orgs/{id}")).ok());
  ASSERT_TRUE(r.Add(Route("GET", "/api/v2/orgs/{id}/api-keys/{keyID}")).ok());
  RouteMatch m = r.Find("GET", "/api/v2/orgs/o-1/api-keys/k_2");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->path, "/api/v2/orgs/{id}/api-keys/{keyID}");
  ASSERT_EQ(m.params.size(), 2u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "o-1");
  EXPECT_EQ(m.params[1].first, "keyID");
  EXPECT_EQ(m.params[1].second, "k_2");
  EXPECT_EQ(r.routes()[m.index].path, m.route->path);
}

TEST(RouterTest, LiteralWinsOverParamAndBacktracks) {
  Router r;
  ASSERT_TRUE(r.Add(Route("GET", "/orgs/{id}")).ok());
  ASSERT_TRUE(r.Add(Route("GET", "/orgs/me")).ok());
  ASSERT_TRUE(r.Add(Route("GET", "/a/b/d")).ok());
  ASSERT_TRUE(r.Add(Route("GET", "/a/{x}/c")).ok());
  EXPECT_EQ(MatchedPath(r, "GET", "/orgs/me"), "GET /orgs/me");
  EXPECT_EQ(MatchedPath(r, "GET", "/orgs/other"), "GET /orgs/{id}");
  // The literal "b" branch has no "c": matching falls back to {x}.
  RouteMatch m = r.Find("GET", "/a/b/c");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->path, "/a/{x}/c");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "b");
  // Registration order does not matter for precedence.
  Router r2;
  ASSERT_TRUE(r2.Add(Route("GET", "/orgs/me")).ok());
  ASSERT_TRUE(r2.Add(Route("GET", "/orgs/{id}")).ok());
  EXPECT_EQ(MatchedPath(r2, "GET", "/orgs/me"), "GET /orgs/me");
}

TEST(RouterTest, ParamsMatchOneNonEmptySegmentAndTrailingSlashDiffers) {
  Router r;
  ASSERT_TRUE(r.Add(Route("GET", "/orgs/{id}")).ok());
  ASSERT_TRUE(r.Add(Route("GET", "/")).ok());
  EXPECT_EQ(MatchedPath(r, "GET", "/orgs/"), "none");
  EXPECT_EQ(MatchedPath(r, "GET", "/orgs"), "none");
  EXPECT_EQ(MatchedPath(r, "GET", "/orgs/a/b"), "none");
  EXPECT_EQ(MatchedPath(r, "GET", "/orgs/a/"), "none");
  EXPECT_EQ(MatchedPath(r, "GET", "/orgs//"), "none");
  EXPECT_EQ(MatchedPath(r, "GET", "/"), "GET /");
  EXPECT_EQ(MatchedPath(r, "GET", ""), "none");
  EXPECT_EQ(MatchedPath(r, "GET", "orgs/a"), "none");
  EXPECT_FALSE(r.Find("GET", "/orgs/").path_exists());
}

TEST(RouterTest, LiteralsAreCaseSensitive) {
  Router r;
  ASSERT_TRUE(r.Add(Route("GET", "/healthz")).ok());
  EXPECT_EQ(MatchedPath(r, "GET", "/HEALTHZ"), "none");
  EXPECT_EQ(MatchedPath(r, "get", "/healthz"), "none");
}

TEST(RouterTest, OtherMethodsGiveAllowList) {
  Router r;
  ASSERT_TRUE(r.Add(Route("DELETE", "/orgs/{id}")).ok());
  ASSERT_TRUE(r.Add(Route("GET", "/orgs/{id}")).ok());
  ASSERT_TRUE(r.Add(Route("PATCH", "/orgs/me")).ok());
  RouteMatch m = r.Find("PUT", "/orgs/x");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_exists());
  EXPECT_EQ(m.allow, "GET, HEAD, DELETE");
  // "/orgs/me" reaches both the literal and the {id} routes.
  m = r.Find("POST", "/orgs/me");
  EXPECT_EQ(m.allow, "GET, HEAD, PATCH, DELETE");
  EXPECT_EQ(r.Find("PUT", "/nope").allow, "");
}

TEST(RouterTest, HeadFallsBackToGet) {
  Router r;
  ASSERT_TRUE(r.Add(Route("GET", "/healthz")).ok());
  EXPECT_EQ(MatchedPath(r, "HEAD", "/healthz"), "GET /healthz");
}

TEST(RouterTest, PercentDecodesParamsOnly) {
  Router r;
  ASSERT_TRUE(r.Add(Route("GET", "/files/{name}/raw")).ok());
  RouteMatch m = r.Find("GET", "/files/a%2Fb%20c%e2%82%ac/raw");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params[0].second, "a/b c\xe2\x82\xac");
  // Literals are compared as sent: an encoded literal is a different path.
  EXPECT_EQ(r.Find("GET", "/%66iles/x/raw").route, nullptr);
  // '+' is not a space in a path.
  EXPECT_EQ(r.Find("GET", "/files/a+b/raw").params[0].second, "a+b");
}

TEST(RouterTest, MalformedPercentEncodingIsReported) {
  Router r;
  ASSERT_TRUE(r.Add(Route("GET", "/files/{name}")).ok());
  for (const char* bad : {"/files/%zz", "/files/%4", "/files/abc%"}) {
    RouteMatch m = r.Find("GET", bad);
    EXPECT_EQ(m.route, nullptr) << bad;
    EXPECT_NE(m.bad_encoding.find("{name}"), std::string::npos) << bad;
  }
}

TEST(RouterTest, RejectsDuplicatesIncludingSameShape) {
  Router r;
  ASSERT_TRUE(r.Add(Route("GET", "/orgs/{id}")).ok());
  Status s = r.Add(Route("GET", "/orgs/{id}"));
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  s = r.Add(Route("GET", "/orgs/{org_id}"));
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(s.message().find("/orgs/{id}"), std::string::npos) << s.message();
  EXPECT_TRUE(r.Add(Route("DELETE", "/orgs/{org_id}")).ok());
  EXPECT_EQ(r.routes().size(), 2u);
}

TEST(RouterTest, RejectsMalformedTemplatesNamingTheProblem) {
  struct Case {
    RouteSpec spec;
    const char* expect_in_message;
  };
  std::vector<Case> cases = {
      {Route("GET", "orgs"), "must start with '/'"},
      {Route("GET", ""), "must start with '/'"},
      {Route("GET", "/orgs//x"), "empty segment 2"},
      {Route("GET", "/orgs/"), "empty segment 2"},
      {Route("GET", "/orgs/{id"), "segment 2 \"{id\""},
      {Route("GET", "/orgs/id}"), "segment 2"},
      {Route("GET", "/orgs/{}"), "segment 2"},
      {Route("GET", "/orgs/{1id}"), "segment 2"},
      {Route("GET", "/orgs/x{id}"), "segment 2"},
      {Route("GET", "/orgs/{id}/x/{id}"), "repeats parameter {id}"},
      {Route("GET", "/orgs/a b"), "character ' '"},
      {Route("GET", "/orgs/a%20b"), "character '%'"},
      {Route("get", "/orgs"), "upper-case token"},
      {Route("GET", "/orgs", "JWT"), "auth \"JWT\""},
      {RouteSpec{"GET", "/orgs", "t", "s", "none", nullptr}, "no handler"},
  };
  Router r;
  for (const Case& c : cases) {
    Status s = r.Add(c.spec);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.spec.path;
    EXPECT_NE(s.message().find(c.expect_in_message), std::string::npos)
        << s.message();
  }
  EXPECT_TRUE(r.routes().empty());
  // A rejected template left nothing behind in the trie.
  EXPECT_FALSE(r.Find("GET", "/orgs/x").path_exists());
}

TEST(RouterTest, AcceptsEveryAuthKind) {
  Router r;
  int i = 0;
  for (const char* auth :
       {"none", "OIDCBearer", "OIDCBearerAPIKey", "APIKey", "webhook-secret"}) {
    EXPECT_TRUE(r.Add(Route("GET", "/r" + std::to_string(i++), auth)).ok())
        << auth;
  }
}

TEST(RouterTest, PathsTooDeepDoNotMatch) {
  Router r;
  ASSERT_TRUE(r.Add(Route("GET", "/{a}")).ok());
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "/x";
  EXPECT_EQ(r.Find("GET", deep).route, nullptr);
}

}  // namespace
}  // namespace dw::server
