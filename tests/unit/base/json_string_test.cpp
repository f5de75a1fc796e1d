// dw::AppendJsonString, the project's one JSON string writer (the server's
// error bodies and access log use it too): escapes, valid UTF-8 kept as
// is, every other byte replaced by U+FFFD so the output is always JSON.
#include <gtest/gtest.h>

#include <string>

#include "driftwise/json.hpp"

namespace dw {
namespace {

std::string Quoted(const std::string& s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

TEST(AppendJsonString, EscapesWhatJsonRequires) {
  EXPECT_EQ(Quoted("plain text that is long enough for the fast path"),
            "\"plain text that is long enough for the fast path\"");
  EXPECT_EQ(Quoted("q\" b\\ n\n r\r t\t b\b f\f"),
            "\"q\\\" b\\\\ n\\n r\\r t\\t b\\b f\\f\"");
  EXPECT_EQ(Quoted(std::string("\x01\x1f", 2) + std::string(1, '\0')),
            "\"\\u0001\\u001f\\u0000\"");
  EXPECT_EQ(Quoted("del\x7f"), "\"del\x7f\"");  // valid JSON as is
}

TEST(AppendJsonString, KeepsValidUtf8) {
  for (const char* s : {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                        "\xef\xbb\xbf\xed\x9f\xbf\xf4\x8f\xbf\xbf"}) {
    EXPECT_EQ(Quoted(s), std::string("\"") + s + "\"");
    // The same bytes after eight plain ones (the 8-byte fast path).
    EXPECT_EQ(Quoted(std::string("abcdefgh") + s),
              std::string("\"abcdefgh") + s + "\"");
  }
}

TEST(AppendJsonString, ReplacesInvalidUtf8) {
  EXPECT_EQ(Quoted("a\xff"
                   "b"),
            "\"a\\ufffdb\"");
  EXPECT_EQ(Quoted("\xc0\xaf"), "\"\\ufffd\\ufffd\"");             // overlong
  EXPECT_EQ(Quoted("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // surrogate
  EXPECT_EQ(Quoted("\xf4\x90\x80\x80"),
            "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // above U+10FFFF
  EXPECT_EQ(Quoted("cut \xe2\x82"), "\"cut \\ufffd\\ufffd\"");  // truncated
  EXPECT_EQ(Quoted("ok \xe2\x82\xac then \xfe"),
            "\"ok \xe2\x82\xac then \\ufffd\"");
  // Whatever went in, the output parses as JSON.
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  Result<JsonDocument> doc = JsonDocument::Parse(Quoted(all + all));
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
}

}  // namespace
}  // namespace dw
