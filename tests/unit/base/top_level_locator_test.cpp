// The top-level locator (json/top_level_locator.hpp) with a top-level
// array: its elements are the entries, each exactly the bytes of one
// object, in order; anything unusual is left to a full parser. (Object
// roots are held to a full parse by the plan locator's tests.)
#include "json/top_level_locator.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "driftwise/json.hpp"
#include "json/json_span.hpp"

namespace dw::internal {
namespace {

constexpr std::array<std::string_view, 1> kLists = {"resources"};

bool Locate(const std::string& json, bool array_root, LocatedTopLevel& out) {
  return LocateTopLevel(*MakeJsonSource(std::string_view(json)), kLists,
                        array_root, out);
}

TEST(TopLevelLocator, ArrayRootEntriesAreTheElements) {
  const std::string json =
      " [ {\"a\": \"]}\\\"\"} ,\n{\"b\": [1, {\"c\": 2}]},{} ] \n";
  LocatedTopLevel got;
  ASSERT_TRUE(Locate(json, /*array_root=*/true, got));
  EXPECT_TRUE(got.root_is_array);
  EXPECT_TRUE(got.fields.empty());
  auto doc = JsonDocument::Parse(json);
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(got.entries.size(), 3u);
  std::uint32_t i = 0;
  for (JsonValue element : doc->root().elements()) {
    const LocatedEntry& e = got.entries[i];
    EXPECT_EQ(e.list, LocatedEntry::kRootList);
    EXPECT_EQ(e.index, i);
    EXPECT_EQ(e.offset, element.offset());
    auto value = JsonDocument::Parse(json.substr(e.offset, e.length));
    ASSERT_TRUE(value.ok());
    EXPECT_TRUE(value->root().Equals(element));
    ++i;
  }
  LocatedTopLevel empty;
  ASSERT_TRUE(Locate("[]", true, empty));
  EXPECT_TRUE(empty.entries.empty());
}

TEST(TopLevelLocator, RefusesWhatAFullParserMustJudge) {
  const std::string refused[] = {
      "[{}]",         // an array root where none is expected (below: false)
      "[1]",          // element not an object
      "[{}, 2]",      // a later one not an object
      "[{} {}]",      // missing comma
      "[{}",          // cut short
      "[{}] []",      // trailing content
      "[{\"a\":[}]",  // unbalanced
  };
  for (std::size_t i = 0; i < std::size(refused); ++i) {
    LocatedTopLevel got;
    EXPECT_FALSE(Locate(refused[i], /*array_root=*/i != 0, got)) << refused[i];
  }
}

}  // namespace
}  // namespace dw::internal
