// `plan show --output json` rendered while parsing, on several threads
// (ParsePlanOptions::on_change_unordered + PlanShowJsonStream::OnChangeAt),
// must be byte for byte the document rendered from a fully parsed plan.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "driftwise/plan.hpp"
#include "driftwise/show.hpp"
#include "unit/test_files.hpp"

namespace dw {
namespace {

std::string RenderedWhileParsing(const std::string& text, int threads) {
  PlanShowJsonStream stream;
  ParsePlanOptions options;
  options.retain_values = false;
  options.threads = threads;
  options.on_change_unordered = [&stream](const ResourceChange& rc, bool drift,
                                          std::uint32_t index) {
    return stream.OnChangeAt(rc, drift, index);
  };
  auto plan = ParsePlanCopy(text, options);
  if (!plan.ok()) return "error: " + plan.status().ToString();
  return stream.Finish(*plan);
}

TEST(PlanShowJsonStream, RenderedOnThreadsEqualsRenderedFromTheWholePlan) {
  namespace fs = std::filesystem;
  int compared = 0;
  for (const auto& entry : fs::recursive_directory_iterator(
           dw::testing::SharedPath("corpus/plans"))) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") {
      continue;
    }
    const std::string text = dw::testing::ReadFileOrDie(entry.path());
    auto plan = ParsePlanCopy(text);
    if (!plan.ok()) continue;  // the broken ones have their own tests
    const std::string expected = PlanShowJson(*plan);
    for (int threads : {1, 3}) {
      ASSERT_EQ(RenderedWhileParsing(text, threads), expected)
          << entry.path() << " with " << threads << " threads";
    }
    ++compared;
  }
  EXPECT_GT(compared, 100);
}

TEST(PlanShowJsonStream, ASinkGetsTheSameDocumentInPieces) {
  // Large enough that the document leaves in several pieces.
  std::string changes;
  for (int i = 0; i < 3000; ++i) {
    if (i) changes += ",";
    changes +=
        R"({"address":"aws_s3_bucket.b)" + std::to_string(i) +
        R"(","mode":"managed","type":"aws_s3_bucket","name":"b)" +
        std::to_string(i) +
        R"(","change":{"actions":["update"],"before":{"tags":{"a":"1"},"x":[1,2]},"after":{"tags":{"a":"2"},"x":[2]}}})";
  }
  const std::string text = R"({"format_version":"1.2","resource_changes":[)" +
                           changes + R"(],"resource_drift":[]})";
  auto plan = ParsePlanCopy(text);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const std::string expected = PlanShowJson(*plan);

  PlanShowJsonStream stream;
  ParsePlanOptions options;
  options.retain_values = false;
  options.threads = 3;
  options.on_change_unordered = [&stream](const ResourceChange& rc, bool drift,
                                          std::uint32_t index) {
    return stream.OnChangeAt(rc, drift, index);
  };
  auto streamed = ParsePlanCopy(text, options);
  ASSERT_TRUE(streamed.ok());
  std::string joined;
  int pieces = 0;
  stream.Finish(*streamed, [&](std::string_view piece) {
    joined += piece;
    ++pieces;
  });
  EXPECT_EQ(joined, expected);
  EXPECT_GT(pieces, 1) << expected.size() << " bytes in one piece";
}

TEST(PlanShowJsonStream, AListKeyGivenTwiceKeepsEveryChangeInOrder) {
  // Not something Terraform writes, but valid JSON the reader takes: the
  // second list's changes follow the first's, numbered on from them.
  const std::string change =
      R"({"address":"a.b","mode":"managed","type":"a","name":"b",)"
      R"("change":{"actions":["update"],"before":{"x":1},"after":{"x":2}}})";
  std::string other = change;
  other.replace(other.find("a.b"), 3, "a.c");
  const std::string text = R"({"format_version":"1.2","resource_changes":[)" +
                           change + "," + change + R"(],"resource_changes":[)" +
                           other + "]}";
  auto plan = ParsePlanCopy(text);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->resource_changes.size(), 3u);
  for (int threads : {1, 2}) {
    EXPECT_EQ(RenderedWhileParsing(text, threads), PlanShowJson(*plan))
        << threads << " threads";
  }
}

TEST(PlanShowJsonStream, EmptyListsStayEmptyArrays) {
  const std::string text =
      R"({"format_version":"1.2","resource_changes":[],"resource_drift":[]})";
  auto plan = ParsePlanCopy(text);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(RenderedWhileParsing(text, 2), PlanShowJson(*plan));
  EXPECT_NE(PlanShowJson(*plan).find("\"resource_changes\": []"),
            std::string::npos)
      << PlanShowJson(*plan);
}

}  // namespace
}  // namespace dw
