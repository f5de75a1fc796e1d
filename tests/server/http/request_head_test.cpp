// The strict request-head parser, byte by byte.
#include "http/request_head.hpp"

#include <gtest/gtest.h>

namespace dw::server {
namespace {

HeadParseResult Parse(std::string_view text, RequestHead& head,
                      HeadLimits limits = {}) {
  return ParseRequestHead(text, limits, head);
}

TEST(RequestHeadTest, ParsesRequestLineHeadersAndWhereTheBodyStarts) {
  RequestHead head;
  const std::string text =
      "POST /api/v2/orgs?x=1 HTTP/1.1\r\nHost: a\r\nX-Pad:  v w \t\r\n"
      "Content-Length: 2\r\n\r\n{}";
  auto r = Parse(text, head);
  ASSERT_EQ(r.state, HeadState::kComplete) << r.message;
  EXPECT_EQ(text.substr(r.consumed), "{}");
  EXPECT_EQ(head.method, "POST");
  EXPECT_EQ(head.target, "/api/v2/orgs?x=1");
  EXPECT_EQ(head.minor_version, 1);
  EXPECT_EQ(head.Header("x-pad"), "v w");  // OWS trimmed, inner kept
  EXPECT_EQ(head.HeaderCount("HOST"), 1u);
  EXPECT_TRUE(head.KeepAlive());
}

TEST(RequestHeadTest, EveryPrefixOfAHeadIsIncomplete) {
  const std::string text = "GET /a HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n";
  for (std::size_t n = 0; n < text.size(); ++n) {
    RequestHead head;
    EXPECT_EQ(Parse(text.substr(0, n), head).state, HeadState::kIncomplete)
        << n;
  }
}

TEST(RequestHeadTest, KeepAliveFollowsVersionAndConnection) {
  RequestHead head;
  ASSERT_EQ(Parse("GET / HTTP/1.0\r\n\r\n", head).state, HeadState::kComplete);
  EXPECT_FALSE(head.KeepAlive());
  ASSERT_EQ(
      Parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", head).state,
      HeadState::kComplete);
  EXPECT_TRUE(head.KeepAlive());
  ASSERT_EQ(
      Parse("GET / HTTP/1.1\r\nConnection: foo, close\r\n\r\n", head).state,
      HeadState::kComplete);
  EXPECT_FALSE(head.KeepAlive());
}

TEST(RequestHeadTest, RefusesSmugglingShapesWithStatusAndOffset) {
  struct Case {
    std::string text;
    int status;
    std::string where;
  };
  for (const Case& c : std::vector<Case>{
           {"GET / HTTP/1.1\nHost: a\n\n", 400, "bare LF"},
           {"GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, "header line 1"},
           {"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400, "folding"},
           {std::string("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 26), 400, "NUL"},
           {"GET / HTTP/1.1\r\nX: a\x01\r\n\r\n", 400, "control character"},
           {"GET  / HTTP/1.1\r\n\r\n", 400, "single spaces"},
           {"GET http://h/ HTTP/1.1\r\n\r\n", 400, "origin form"},
           {"G(T / HTTP/1.1\r\n\r\n", 400, "token"},
           {"GET / HTTP/2.0\r\n\r\n", 505, "not supported"},
           {"GET / HTTP/1.7\r\n\r\n", 505, "not supported"},
           {"GET / HTTX/1.1\r\n\r\n", 400, "version"},
           {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400, "no ':'"},
       }) {
    RequestHead head;
    auto r = Parse(c.text, head);
    EXPECT_EQ(r.state, HeadState::kError) << c.text;
    EXPECT_EQ(r.status, c.status) << c.text << " " << r.message;
    EXPECT_NE(r.message.find(c.where), std::string::npos) << r.message;
    if (c.status == 400 && c.where != "bare LF" && c.where != "folding") {
      EXPECT_NE(r.message.find("(byte "), std::string::npos) << r.message;
    }
  }
}

TEST(RequestHeadTest, BareCrInAValueBecomesASpaceNotALineBreak) {
  RequestHead head;
  auto r =
      Parse("GET / HTTP/1.1\r\nX-Request-ID: a\rInjected: yes\r\n\r\n", head);
  ASSERT_EQ(r.state, HeadState::kComplete) << r.message;
  ASSERT_EQ(head.headers.size(), 1u);
  EXPECT_EQ(head.headers[0].second, "a Injected: yes");
  EXPECT_FALSE(head.Header("Injected"));
}

TEST(RequestHeadTest, LimitsApplyEvenBeforeTheHeadIsComplete) {
  HeadLimits limits;
  limits.max_request_line = 32;
  limits.max_header_line = 32;
  limits.max_head_bytes = 100;
  limits.max_headers = 2;
  RequestHead head;
  // Slowloris shapes: never completed, refused as soon as they exceed.
  EXPECT_EQ(Parse("GET /" + std::string(40, 'a'), head, limits).status, 414);
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\nX: " + std::string(40, 'a'), head, limits)
                .status,
            400);
  EXPECT_EQ(
      Parse("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", head, limits)
          .status,
      431);
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 5; ++i) many += "X: " + std::string(25, 'b') + "\r\n";
  EXPECT_EQ(Parse(many, head, limits).status, 431);
  // Within the limits: fine.
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n", head, limits).state,
            HeadState::kComplete);
}

TEST(RequestHeadTest, BodyFramingMirrorsTheOldTransportRules) {
  struct Case {
    std::string head;
    int status;  // 0 = accepted
    bool close;
    std::uint64_t length;
  };
  for (const Case& c : std::vector<Case>{
           {"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n", 0, false, 10},
           {"POST / HTTP/1.1\r\n\r\n", 0, false, 0},
           {"GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 0, false, 0},
           {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411, true,
            0},
           {"POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: "
            "identity\r\n\r\n",
            411, true, 0},
           {"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: "
            "5\r\n\r\n",
            400, true, 0},
           {"POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", 400, true, 0},
           {"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
            400, true, 0},
           {"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Encoding: "
            "gzip\r\n\r\n",
            415, true, 0},
           {"GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\n", 400, true, 0},
           {"PUT / HTTP/1.1\r\nContent-Length: 2000\r\n\r\n", 413, false, 0},
           {"PUT / HTTP/1.1\r\nContent-Length: 9000\r\n\r\n", 413, true, 0},
       }) {
    RequestHead head;
    ASSERT_EQ(Parse(c.head, head).state, HeadState::kComplete) << c.head;
    std::uint64_t length = 77;
    auto r = CheckBodyFraming(head, 1024, length);
    if (c.status == 0) {
      EXPECT_FALSE(r) << c.head << r->message;
      EXPECT_EQ(length, c.length) << c.head;
    } else {
      ASSERT_TRUE(r) << c.head;
      EXPECT_EQ(r->status, c.status) << c.head;
      EXPECT_EQ(r->close, c.close) << c.head;
    }
  }
}

TEST(RequestHeadTest, DecodesPathsAndQueriesLikeTheOldTransport) {
  EXPECT_EQ(PercentDecodeLenient("/a%2Fb%20c+d", false), "/a/b c+d");
  EXPECT_EQ(PercentDecodeLenient("%zz%4", false), "%zz%4");
  auto q = ParseQueryString("limit=5&q=x%26y&q=z&flag&=v&a+b=c+d");
  EXPECT_EQ(q.count("q"), 2u);
  EXPECT_EQ(q.find("q")->second, "x&y");
  EXPECT_EQ(q.find("limit")->second, "5");
  EXPECT_EQ(q.find("flag")->second, "");
  EXPECT_EQ(q.find("a b")->second, "c d");
  EXPECT_EQ(q.size(), 5u);
}

}  // namespace
}  // namespace dw::server
