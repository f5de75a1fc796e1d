// Ids and times in the store's formats.
#include <set>

#include "store_test_util.hpp"

namespace dw::server::testing {
namespace {

TEST(StoreIds, UuidV4ShapeVersionAndVariant) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewUuidV4();
    ASSERT_TRUE(IsUuidText(id)) << id;
    EXPECT_EQ(id[14], '4') << id;
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    EXPECT_EQ(id.find_first_of("ABCDEF"), std::string::npos) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(StoreIds, UuidTextCheckRejectsNearMisses) {
  EXPECT_TRUE(IsUuidText("0f8fad5b-d9cb-469f-a165-70867728950e"));
  EXPECT_FALSE(IsUuidText("0f8fad5b-d9cb-469f-a165-70867728950"));
  EXPECT_FALSE(IsUuidText("0f8fad5bd-9cb-469f-a165-70867728950e"));
  EXPECT_FALSE(IsUuidText("0f8fad5b-d9cb-469f-a165-70867728950g"));
  EXPECT_FALSE(IsUuidText(""));
}

TEST(StoreIds, Rfc3339MicrosFormatting) {
  EXPECT_EQ(FormatRfc3339Micros(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatRfc3339Micros(1767323045123456),
            "2026-01-02T03:04:05.123456Z");
  EXPECT_EQ(FormatRfc3339Micros(-1), "1969-12-31T23:59:59.999999Z");
  std::string now = NowRfc3339();
  EXPECT_TRUE(IsStoreTime(now)) << now;
  auto parsed = dw::ParseRfc3339Micros(now);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(FormatRfc3339Micros(*parsed), now);
}

TEST(StoreIds, StoreTimeShape) {
  EXPECT_TRUE(IsStoreTime("2026-01-02T03:04:05.123456Z"));
  EXPECT_FALSE(IsStoreTime("2026-01-02T03:04:05Z"));
  EXPECT_FALSE(IsStoreTime("2026-01-02T03:04:05.123456+00:00"));
  EXPECT_FALSE(IsStoreTime("2026-01-02 03:04:05.123456Z"));
}

}  // namespace
}  // namespace dw::server::testing
