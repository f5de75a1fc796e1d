// Tests for the JSON value tree (driftwise/json.hpp).
#include "driftwise/json.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

namespace dw {
namespace {

TEST(JsonDocument, ParsesScalarsAndKeepsNumberText) {
  auto doc = JsonDocument::Parse(
      R"({"i":-5,"u":18446744073709551615,"d":1.50,"s":"x","b":true,"n":null})");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  JsonValue r = doc->root();
  EXPECT_EQ(r.Get("i").as_int64(), -5);
  EXPECT_EQ(r.Get("u").as_uint64(), 18446744073709551615ull);
  EXPECT_EQ(r.Get("d").as_double(), 1.5);
  EXPECT_EQ(r.Get("d").number_text(), "1.50");
  EXPECT_EQ(r.Get("s").as_string(), "x");
  EXPECT_TRUE(r.Get("b").as_bool());
  EXPECT_TRUE(r.Get("n").is_null());
  EXPECT_FALSE(r.Get("missing").valid());
  EXPECT_EQ(r.size(), 6u);
}

TEST(JsonDocument, UnescapesStringsAndKeys) {
  auto doc = JsonDocument::Parse(R"({"a\"b":"line\nnext \u00e9","plain":"p"})");
  ASSERT_TRUE(doc.ok());
  JsonValue r = doc->root();
  EXPECT_EQ(r.Get("a\"b").as_string(), "line\nnext \xc3\xa9");
  EXPECT_EQ(r.Get("plain").as_string(), "p");
  EXPECT_EQ(r.ToJson(), R"({"a\"b":"line\nnext é","plain":"p"})");
}

TEST(AppendJsonString, EscapesExactlyTheBytesThatNeedIt) {
  // Every byte value at every position of strings longer and shorter than
  // the 8-byte steps the writer takes over plain text, against the rule
  // written out byte by byte. A byte >= 0x80 is kept only inside valid
  // UTF-8, which in these strings (plain 'a's and at most two other bytes)
  // can only be a two-byte sequence C2-DF 80-BF; any other becomes U+FFFD.
  auto expected = [](const std::string& s) {
    static const std::map<unsigned char, std::string> kShort = {
        {'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\r', "\\r"},
        {'\t', "\\t"}, {'\b', "\\b"},  {'\f', "\\f"}};
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      const auto next =
          i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
      char buf[8];
      if (c >= 0x80) {
        if (c >= 0xC2 && c <= 0xDF && next >= 0x80 && next <= 0xBF) {
          out += s.substr(i++, 2);
        } else {
          out += "\\ufffd";
        }
      } else if (auto it = kShort.find(c); it != kShort.end()) {
        out += it->second;
      } else if (c < 0x20) {
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else {
        out.push_back(static_cast<char>(c));
      }
    }
    return out + "\"";
  };
  for (std::size_t length : {1u, 7u, 8u, 9u, 17u, 24u}) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string s(length, 'a');
        s[at] = static_cast<char>(byte);
        if (at + 1 < length) s[length - 1] = static_cast<char>(0xc3 ^ byte);
        std::string got;
        AppendJsonString(got, s);
        ASSERT_EQ(got, expected(s))
            << "byte " << byte << " at " << at << " of " << length;
      }
    }
  }
}

TEST(JsonDocument, IteratesNestedContainersAndSkipsSubtrees) {
  auto doc = JsonDocument::Parse(R"([[1,[2,3]],{"k":{"x":[]}},4])");
  ASSERT_TRUE(doc.ok());
  JsonValue r = doc->root();
  ASSERT_EQ(r.size(), 3u);
  std::vector<JsonType> types;
  for (JsonValue v : r.elements()) types.push_back(v.type());
  EXPECT_EQ(types, (std::vector<JsonType>{JsonType::kArray, JsonType::kObject,
                                          JsonType::kInt64}));
  EXPECT_EQ(r.at(2).as_int64(), 4);
  EXPECT_TRUE(r.at(1).Get("k").Get("x").is_array());
  EXPECT_FALSE(r.at(3).valid());
}

TEST(JsonDocument, OffsetsPointIntoTheInput) {
  std::string text = R"({"a": [10, "s"]})";
  auto doc = JsonDocument::Parse(text);
  ASSERT_TRUE(doc.ok());
  JsonValue arr = doc->root().Get("a");
  EXPECT_EQ(arr.offset(), text.find('['));
  EXPECT_EQ(arr.at(0).offset(), text.find("10"));
  EXPECT_EQ(arr.at(1).offset(), text.find("\"s\""));
}

TEST(JsonDocument, EqualityIsDeepAndOrderFreeForObjects) {
  auto a = JsonDocument::Parse(R"({"x":1,"y":[1,{"z":2}]})");
  auto b = JsonDocument::Parse(R"({"y":[1.0,{"z":2}],"x":1})");
  auto c = JsonDocument::Parse(R"({"y":[{"z":2},1],"x":1})");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_TRUE(a->root().Equals(b->root()));
  EXPECT_FALSE(a->root().Equals(c->root()));  // arrays are ordered
}

TEST(JsonDocument, ErrorsNameTheByteOffset) {
  auto empty = JsonDocument::Parse("");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("empty"), std::string::npos);

  auto truncated = JsonDocument::Parse(R"({"a": [1, 2)");
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("truncated"), std::string::npos)
      << truncated.status().ToString();

  auto bad = JsonDocument::Parse(R"({"a": tru})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().offset(), 6u) << bad.status().ToString();

  auto trailing = JsonDocument::Parse(R"({"a":1} x)");
  EXPECT_FALSE(trailing.ok());
}

// Found by json_fuzzer: text that is no number ("9-", a control byte
// after the digits) used to be taken for a number simdjson could not
// represent, kept as text and accepted.
TEST(JsonDocument, RejectsMalformedNumbersAtTheirOffset) {
  for (const char* text :
       {"[9-]", "[1.5e]", "[2.]", "[01]", "[-]", "[1e+]", "[0.5\x17]",
        "[0.92233720368547758085\x17]", "[123456789012345678901234x]"}) {
    auto doc = JsonDocument::Parse(text);
    ASSERT_FALSE(doc.ok()) << text << " parsed";
    EXPECT_EQ(doc.status().offset(), 1u) << doc.status().ToString();
    EXPECT_NE(doc.status().message().find("number"), std::string::npos)
        << doc.status().ToString();
  }
}

TEST(JsonDocument, RejectsBrokenLiteralsAtTheirOffset) {
  for (const char* text : {"[nul]", "[tru, 1]", "{\"a\": falsey}", "null>",
                           "[true>]", "{\"a\": null>}"}) {
    auto doc = JsonDocument::Parse(text);
    ASSERT_FALSE(doc.ok()) << text << " parsed";
    EXPECT_NE(doc.status().message().find("atom starting with the letter"),
              std::string::npos)
        << doc.status().ToString();
    EXPECT_EQ(doc.status().offset(),
              std::string_view(text).find_first_of("ntf"))
        << text << ": " << doc.status().ToString();
  }
  auto ok = JsonDocument::Parse(" [null ,true\n, false] ");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->root().ToJson(), "[null,true,false]");
}

TEST(JsonDocument, KeepsNumbersBeyondWhatMachineTypesHold) {
  auto doc = JsonDocument::Parse(
      "[123456789012345678901234567890, -1.5e400, 18446744073709551616 ]");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  JsonValue r = doc->root();
  EXPECT_EQ(r.at(0).number_text(), "123456789012345678901234567890");
  EXPECT_DOUBLE_EQ(r.at(0).as_double(), 1.2345678901234568e29);
  EXPECT_EQ(r.at(1).number_text(), "-1.5e400");
  EXPECT_EQ(r.at(2).number_text(), "18446744073709551616");
  EXPECT_EQ(r.ToJson(),
            "[123456789012345678901234567890,-1.5e400,18446744073709551616]");
}

TEST(JsonDocument, RejectsExcessiveNesting) {
  std::string deep(2000, '[');
  deep += std::string(2000, ']');
  auto doc = JsonDocument::Parse(deep);
  ASSERT_FALSE(doc.ok());
}

TEST(JsonDocument, ScalarRootDocuments) {
  auto s = JsonDocument::Parse(R"("hi")");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->root().as_string(), "hi");
  auto n = JsonDocument::Parse("42");
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n->root().as_int64(), 42);
}

}  // namespace
}  // namespace dw

namespace dw {
namespace {

TEST(JsonDocument, NestingLimitIs256Levels) {
  auto nested = [](int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']');
  };
  EXPECT_TRUE(JsonDocument::Parse(nested(256)).ok());
  auto deep = JsonDocument::Parse(nested(257));
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.status().message().find("nested deeper than 256"),
            std::string::npos)
      << deep.status().ToString();
}

}  // namespace
}  // namespace dw
