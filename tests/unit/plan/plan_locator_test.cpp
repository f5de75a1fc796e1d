// The fast first pass (plan/plan_locator.hpp) must locate exactly the
// fields and changes of a well-formed plan, and give up on anything else so
// that the On-Demand reader can name the problem. Its results are checked
// against an independent reading: the whole plan as one JsonDocument.
#include "plan/plan_locator.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "driftwise/json.hpp"
#include "driftwise/plan.hpp"
#include "json/json_span.hpp"
#include "unit/test_files.hpp"

namespace dw::internal {
namespace {

bool Locate(const std::string& json, LocatedPlan& out) {
  return LocatePlan(*MakeJsonSource(std::string_view(json)), out);
}

// The value of each located field and change, read back from its bytes,
// equals what a full parse of the plan finds there.
void ExpectMatchesFullParse(const std::string& json, const LocatedPlan& got,
                            const std::string& what) {
  auto doc = JsonDocument::Parse(json);
  ASSERT_TRUE(doc.ok()) << what;
  JsonValue root = doc->root();
  ASSERT_EQ(got.fields.size(), root.size()) << what;
  std::size_t f = 0, c = 0;
  for (JsonMember m : root.members()) {
    const LocatedField& field = got.fields[f++];
    EXPECT_EQ(field.name, m.key) << what;
    EXPECT_EQ(field.offset, m.value.offset()) << what;
    auto value = JsonDocument::Parse(json.substr(field.offset, field.length));
    ASSERT_TRUE(value.ok()) << what << ": field " << field.name;
    EXPECT_TRUE(value->root().Equals(m.value)) << what << ": " << field.name;
    if (m.key != "resource_changes" && m.key != "resource_drift") continue;
    std::uint32_t index = 0;
    for (JsonValue entry : m.value.elements()) {
      ASSERT_LT(c, got.changes.size()) << what;
      const LocatedChange& change = got.changes[c++];
      EXPECT_EQ(change.drift, m.key == "resource_drift") << what;
      EXPECT_EQ(change.index, index++) << what;
      EXPECT_EQ(change.offset, entry.offset()) << what;
      const std::string text = json.substr(change.offset, change.length);
      EXPECT_EQ(text.back(), '}') << what;
      auto parsed = JsonDocument::Parse(text);
      ASSERT_TRUE(parsed.ok()) << what;
      EXPECT_TRUE(parsed->root().Equals(entry)) << what;
    }
  }
  EXPECT_EQ(c, got.changes.size()) << what;
}

TEST(PlanLocator, LocatesFieldsAndChangesOfEveryWellFormedCorpusPlan) {
  namespace fs = std::filesystem;
  int located = 0;
  for (const auto& entry : fs::recursive_directory_iterator(
           dw::testing::SharedPath("corpus/plans"))) {
    if (!entry.is_regular_file()) continue;
    const std::string json = dw::testing::ReadFileOrDie(entry.path());
    LocatedPlan got;
    if (!Locate(json, got)) continue;
    ExpectMatchesFullParse(json, got, entry.path());
    ++located;
  }
  EXPECT_GT(located, 100);
}

TEST(PlanLocator, KeepsSpacingOutOfSpansAndTakesEmptyLists) {
  const std::string json =
      "{ \"format_version\" : \"1.2\" ,\n \"resource_changes\" : [ {\"a\": "
      "1} ,\n {\"b\":[2, {}]} ] , \"resource_drift\":[],\n"
      "\"planned_values\": {\"x\": [[], {}]}, \"errored\": false }\n";
  LocatedPlan got;
  ASSERT_TRUE(Locate(json, got));
  ExpectMatchesFullParse(json, got, "spaced");
  ASSERT_EQ(got.fields.size(), 5u);
  EXPECT_EQ(json.substr(got.fields[0].offset, got.fields[0].length), "\"1.2\"");
  EXPECT_EQ(json.substr(got.fields[4].offset, got.fields[4].length), "false");
  EXPECT_EQ(got.changes.size(), 2u);
}

TEST(PlanLocator, GivesUpOnWhatOnlyTheOnDemandReaderDescribes) {
  const std::vector<std::string> refused = {
      "",
      "[]",
      "{\"format_version\":\"1.2\"} {}",     // trailing content
      "{\"format_\\u0076ersion\":\"1.2\"}",  // escaped key
      "{\"resource_changes\":null}",         // not an array
      "{\"resource_changes\":[1]}",          // entry not an object
      "{\"resource_changes\":[{\"a\":1}",    // cut short
      "{\"planned_values\":{\"a\":[}}",      // unbalanced
      "{\"a\":\"\xff\"}",                    // not UTF-8
      "{\"a\x02"
      "b\":1}",  // control character in a key
      "{\"resource_changes\":[],\"resource_changes\":[]}",  // list twice
  };
  for (const std::string& json : refused) {
    LocatedPlan got;
    EXPECT_FALSE(Locate(json, got)) << json;
  }
}

TEST(PlanLocator, PlansItRefusesStillParseOrFailAsBefore) {
  // A null change list is valid; the On-Demand reader takes it.
  auto plan = ParsePlanCopy(
      R"({"format_version":"1.2","resource_changes":null,"resource_drift":[]})");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_TRUE(plan->resource_changes.empty());
  // A non-object entry is an error naming the entry.
  const std::string with_number =
      R"({"format_version":"1.2","resource_changes":[7]})";
  auto bad = ParsePlanCopy(with_number);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().offset(), with_number.find('7'));
  EXPECT_NE(bad.status().message().find("resource_changes[0]"),
            std::string::npos)
      << bad.status().ToString();
}

}  // namespace
}  // namespace dw::internal
