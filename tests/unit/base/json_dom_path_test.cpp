// The two JSON builders must agree: the fast one (simdjson DOM tape to
// nodes, json_dom_builder.cpp) is what every parser runs, the On-Demand one
// (json_builder.cpp) takes over only for what the DOM refuses. A silent
// failure of the fast path would not change any result, only make every
// parse several times slower, so these tests check that it really succeeds
// and builds exactly the nodes the On-Demand reader builds.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "json/json_span.hpp"
#include "unit/test_files.hpp"

namespace dw::internal {
namespace {

// Builds `json` both ways; `fast_ok` tells whether the DOM path took it.
struct BothTrees {
  bool fast_ok = false;
  JsonDocImpl fast;
  std::shared_ptr<JsonDocImpl> slow;
};

BothTrees BuildBoth(const std::string& json, std::uint64_t offset = 0,
                    std::uint64_t length = std::string::npos) {
  auto source = MakeJsonSource(std::string_view(json));
  if (length == std::string::npos) length = source->size() - offset;
  BothTrees t;
  t.fast.source = source;
  t.fast_ok = ParseJsonSpanFast(source, offset, length, t.fast).ok();
  auto slow = ParseJsonSpanSlow(source, offset, length);
  if (slow.ok()) t.slow = *slow;
  return t;
}

void ExpectSameNodes(const JsonDocImpl& a, const JsonDocImpl& b,
                     const std::string& what) {
  ASSERT_EQ(a.nodes.size(), b.nodes.size()) << what;
  for (std::size_t i = 0; i < a.nodes.size(); ++i) {
    ASSERT_EQ(std::memcmp(&a.nodes[i], &b.nodes[i], sizeof(JsonNode)), 0)
        << what << ": node " << i << " differs";
  }
  ASSERT_EQ(a.numbers.size(), b.numbers.size()) << what;
  for (std::size_t i = 0; i < a.numbers.size(); ++i) {
    EXPECT_EQ(a.numbers[i].u, b.numbers[i].u) << what << ": number " << i;
  }
  EXPECT_EQ(a.arena, b.arena) << what;
}

TEST(JsonDomPath, TakesScalarsContainersAndEscapes) {
  const std::vector<std::string> inputs = {
      R"("1.9.5")",
      "true",
      "null",
      "-0",
      "[]",
      "{}",
      R"({"a":1,"b":[true,false,null,"x"],"c":{"d":-2.5e3}})",
      R"({"k\n":"v\u00e9\"","":""})",
      // Escapes at the end, where the raw text could look complete: an
      // escaped quote right where the value ends, escaped backslashes.
      R"(["a\"","\"","\"\"","ab\\","\\","x\u0022","\\\"",""])",
      R"({"\"":1,"k\\":2,"q\"\"":3})",
      "[-0,0,-0.0,1E5,9223372036854775807,9223372036854775808,"
      "18446744073709551615,-9223372036854775808,1.5e308,0.1]",
  };
  for (const std::string& json : inputs) {
    BothTrees t = BuildBoth(json);
    ASSERT_TRUE(t.fast_ok) << json;
    ASSERT_TRUE(t.slow) << json;
    ExpectSameNodes(t.fast, *t.slow, json);
  }
}

TEST(JsonDomPath, SpanOffsetsAreRelativeToTheWholeInput) {
  const std::string json = R"({"x":[1,{"y":"z\tw"}],"after":2})";
  const std::size_t start = json.find('[');
  const std::size_t end = json.find(']') + 1;
  BothTrees t = BuildBoth(json, start, end - start);
  ASSERT_TRUE(t.fast_ok);
  ASSERT_TRUE(t.slow);
  ExpectSameNodes(t.fast, *t.slow, "span");
  EXPECT_EQ(t.fast.nodes[0].c, start);
}

TEST(JsonDomPath, LeavesIntegersBeyond64BitsToTheOnDemandReader) {
  BothTrees t = BuildBoth("[18446744073709551616]");
  EXPECT_FALSE(t.fast_ok);
  ASSERT_TRUE(t.slow);
  EXPECT_EQ(t.slow->nodes[1].type, JsonType::kDouble);
}

TEST(JsonDomPath, AgreesWithOnDemandOnEveryCorpusPlan) {
  namespace fs = std::filesystem;
  int compared = 0;
  for (const auto& entry : fs::recursive_directory_iterator(
           dw::testing::SharedPath("corpus/plans"))) {
    if (!entry.is_regular_file()) continue;
    const std::string json = dw::testing::ReadFileOrDie(entry.path());
    BothTrees t = BuildBoth(json);
    if (!t.slow) continue;  // broken on purpose: nothing to compare
    ASSERT_TRUE(t.fast_ok) << entry.path();
    ExpectSameNodes(t.fast, *t.slow, entry.path());
    ++compared;
  }
  EXPECT_GT(compared, 50);
}

}  // namespace
}  // namespace dw::internal
