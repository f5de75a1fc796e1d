// Error bodies, JSON escaping and request ids.
#include "http/errors.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "http/json_escape.hpp"
#include "http/request_id.hpp"

namespace dw::server {
namespace {

using nlohmann::json;

TEST(ErrorsTest, WriteErrorGivesTheDesignBodyAndKeepsHeaders) {
  HttpRequest req;
  req.request_id = "req_abc";
  HttpResponse res;
  res.SetHeader("Allow", "GET");
  res.content_type = "text/plain";
  WriteError(req, res, 405, "method_not_allowed", "no \"POST\" here\n");
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.content_type, "application/json");
  json body = json::parse(res.body);
  EXPECT_EQ(body, json({{"error", "no \"POST\" here\n"},
                        {"error_class", "method_not_allowed"},
                        {"request_id", "req_abc"}}));
  EXPECT_EQ(res.headers.count("allow"), 1u);
}

TEST(ErrorsTest, EscapingAlwaysYieldsValidJson) {
  const std::string nasty =
      std::string("ctl\x01\x1f\x7f tab\t back\\ quote\" ") +
      "bad utf8 \xff\xfe \xc0\xaf \xed\xa0\x80 trunc \xe2\x82 ok \xe2\x82\xac" +
      std::string(1, '\0') + "end";
  std::string out;
  AppendJsonString(out, nasty);
  json parsed = json::parse(out);  // throws on invalid JSON or UTF-8
  const std::string s = parsed.get<std::string>();
  EXPECT_NE(s.find("\xe2\x82\xac"), std::string::npos);  // valid kept
  EXPECT_NE(s.find("\xef\xbf\xbd"), std::string::npos);  // invalid replaced
  EXPECT_NE(s.find(std::string("\x01", 1)), std::string::npos);
  EXPECT_NE(s.find(std::string(1, '\0') + "end"), std::string::npos);
  EXPECT_EQ(out.find('\n'), std::string::npos);
}

TEST(RequestIdTest, GeneratedIdsHaveTheReferenceShapeAndAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = GenerateRequestId();
    ASSERT_EQ(id.size(), 30u) << id;
    EXPECT_EQ(id.substr(0, 4), "req_");
    EXPECT_TRUE(IsValidClientRequestId(id));
    EXPECT_LE(id[4], '7');  // ULID: the first char carries 3 bits
    EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id;
  }
}

TEST(RequestIdTest, ClientIdsAreCheckedBeforeUse) {
  EXPECT_EQ(ChooseRequestId("abc-123.x_y:z"), "abc-123.x_y:z");
  for (std::string bad :
       {std::string(""), std::string("a\r\nSet-Cookie: x=1"),
        std::string("has space"), std::string("quote\""), std::string(129, 'a'),
        std::string(1000, 'b'), std::string("caf\xc3\xa9")}) {
    EXPECT_FALSE(IsValidClientRequestId(bad)) << bad;
    const std::string chosen = ChooseRequestId(bad);
    EXPECT_NE(chosen, bad);
    EXPECT_EQ(chosen.substr(0, 4), "req_");
  }
  EXPECT_TRUE(IsValidClientRequestId(std::string(128, 'a')));
  EXPECT_EQ(ChooseRequestId(std::nullopt).substr(0, 4), "req_");
}

TEST(HttpTypesTest, HeadersAreCaseInsensitiveAndSetReplaces) {
  HttpRequest req;
  req.headers.emplace("X-API-Key", "k");
  req.query.emplace("limit", "5");
  req.path_params.emplace("id", "o1");
  EXPECT_EQ(req.Header("x-api-key"), "k");
  EXPECT_FALSE(req.Header("authorization").has_value());
  EXPECT_EQ(req.Query("limit"), "5");
  EXPECT_FALSE(req.Query("offset").has_value());
  EXPECT_EQ(req.Param("id"), "o1");
  EXPECT_EQ(req.Param("nope"), "");
  HttpResponse res;
  res.SetHeader("Retry-After", "1");
  res.SetHeader("retry-after", "2");
  ASSERT_EQ(res.headers.size(), 1u);
  EXPECT_EQ(res.headers.begin()->second, "2");
}

}  // namespace
}  // namespace dw::server
