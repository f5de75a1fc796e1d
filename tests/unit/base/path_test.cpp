// Tests for the attribute path syntax (driftwise/path.hpp).
#include "driftwise/path.hpp"

#include <gtest/gtest.h>

namespace dw {
namespace {

TEST(Path, FormatsKeysIndexesAndQuotedKeys) {
  AttributePath p = {PathSegment::Key("tags"),
                     PathSegment::Key("kubernetes.io/name"),
                     PathSegment::Index(3), PathSegment::Key("a-b_c")};
  EXPECT_EQ(FormatPath(p), R"(tags["kubernetes.io/name"][3].a-b_c)");
  EXPECT_EQ(FormatPath(AttributePath{PathSegment::Index(0)}), "[0]");
  EXPECT_EQ(FormatPath(AttributePath{PathSegment::Key("9lives")}),
            R"(["9lives"])");
}

TEST(Path, ParseRoundTripsFormat) {
  for (const char* text :
       {"a", "a.b", "a[0]", "a[0].b[12].c", R"(tags["kubernetes.io/name"])",
        R"(m["quote\"d"].x)", R"(["9lives"])"}) {
    auto parsed = ParsePath(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
    EXPECT_EQ(FormatPath(*parsed), text);
  }
}

TEST(Path, ParseErrorsNameTheOffset) {
  EXPECT_EQ(ParsePath("a..b").status().offset(), 2u);
  EXPECT_EQ(ParsePath("a[x]").status().offset(), 2u);
  EXPECT_FALSE(ParsePath("a[0").ok());
  EXPECT_FALSE(ParsePath("").ok());
  EXPECT_FALSE(ParsePath("a.").ok());
  EXPECT_FALSE(ParsePath("a b").ok());
  EXPECT_FALSE(ParsePath(R"(a["open)").ok());
}

TEST(Path, OrdersIndexesBeforeKeysAndNumerically) {
  auto p = [](const char* t) { return *ParsePath(t); };
  EXPECT_TRUE(PathLess(p("a[2]"), p("a[10]")));
  EXPECT_TRUE(PathLess(p("a[0]"), p("a.b")));
  EXPECT_TRUE(PathLess(p("a"), p("a.b")));
  EXPECT_FALSE(PathLess(p("b"), p("a.z")));
}

}  // namespace
}  // namespace dw
