// .driftignore parsing and its effect on findings.
#include <gtest/gtest.h>

#include "driftwise/match.hpp"
#include "unit/match/scenario_helpers.hpp"

namespace dw {
namespace {

TEST(ParseDriftIgnore, ReadsRulesCommentsNegationAndEscapes) {
  auto rules = ParseDriftIgnore(
      "# header\n"
      "aws_s3_bucket.shadow-it-bucket\n"
      "aws_iam_role.*   # inline comment\n"
      "!aws_iam_role.app\n"
      "aws_s3_bucket.dw-logs.tags.owner\n"
      "aws_sqs_queue.https://sqs\\.example/q\n"
      "\n*\n");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->rules.size(), 6u);
  EXPECT_EQ(rules->rules[0].type_glob, "aws_s3_bucket");
  EXPECT_EQ(rules->rules[0].id_glob, "shadow-it-bucket");
  EXPECT_EQ(rules->rules[0].line, 2);
  EXPECT_EQ(rules->rules[1].id_glob, "*");
  EXPECT_TRUE(rules->rules[2].negate);
  EXPECT_EQ(rules->rules[3].path_glob, "tags.owner");
  EXPECT_EQ(rules->rules[4].id_glob, "https://sqs.example/q");
  EXPECT_EQ(rules->rules[5].id_glob, "*");
}

TEST(ParseDriftIgnore, RejectsALineWithoutAnId) {
  auto rules = ParseDriftIgnore("ok.one\naws_s3_bucket\n");
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(rules.status().message().find("line 2"), std::string::npos);
  EXPECT_EQ(rules.status().offset(), 7u);
}

DriftResult RunWith(const testing::Scenario& s, std::string_view ignore) {
  MatchOptions opt;
  auto rules = ParseDriftIgnore(ignore);
  EXPECT_TRUE(rules.ok()) << rules.status().ToString();
  opt.ignore = *rules;
  StateSource st{"s", &s.state};
  InventorySource inv{"i", &s.inventory};
  auto r = ComputeDrift({&st, 1}, {&inv, 1}, {}, opt);
  EXPECT_TRUE(r.ok());
  return *std::move(r);
}

TEST(DriftIgnore, DropsResourcesAndPathsLastRuleWins) {
  testing::Scenario s =
      testing::LoadScenario(testing::SharedPath("corpus/scenarios/basic-aws"));
  DriftResult all = RunWith(s, "");
  EXPECT_EQ(all.summary.extra, 2u);
  EXPECT_EQ(all.summary.changed, 2u);

  DriftResult r = RunWith(s,
                          "aws_s3_bucket.shadow-it-bucket\n"
                          "AWS::IAM::Role.*\n"
                          "!AWS::IAM::Role.unmanaged-*\n"
                          "aws_s3_bucket.*.tags*.owner\n");
  testing::Facts f = testing::ResultFacts(r);
  EXPECT_EQ(f.extra.size(), 1u);
  EXPECT_TRUE(f.extra.count({"AWS::IAM::Role", "unmanaged-admin"}));
  EXPECT_FALSE(f.changed.count("aws_s3_bucket.logs"));  // both paths ignored
  EXPECT_TRUE(f.changed.count("aws_security_group.web"));
  // Coverage is computed after ignore rules: 8 matched of 9 considered
  // (the ignored bucket leaves the denominator; the ignored role pattern is
  // negated for unmanaged-admin).
  EXPECT_DOUBLE_EQ(r.summary.coverage_pct, 88.89);
  EXPECT_GT(r.summary.ignored, 0u);

  // A whole managed resource by address: its changes disappear too.
  DriftResult by_address =
      RunWith(s, "aws_security_group.aws_security_group\\.web\n");
  EXPECT_FALSE(
      testing::ResultFacts(by_address).changed.count("aws_security_group.web"));
}

}  // namespace
}  // namespace dw

namespace dw {
namespace {

TEST(DriftIgnore, GlobSemanticsPerPart) {
  testing::Scenario s =
      testing::LoadScenario(testing::SharedPath("corpus/scenarios/basic-aws"));
  // `?` is one character; the attribute part matches the path or an
  // ancestor; `*` in the attribute part stays within one segment.
  DriftResult one = RunWith(s, "aws_s3_bucket.*.tags_all.o?ner\n");
  EXPECT_EQ(testing::ResultFacts(one).changed["aws_s3_bucket.logs"],
            (std::set<std::string>{"tags.owner"}));
  DriftResult seg = RunWith(s, "aws_s3_bucket.*.*\n");  // every top-level attr
  EXPECT_FALSE(testing::ResultFacts(seg).changed.count("aws_s3_bucket.logs"));
  DriftResult no = RunWith(s, "aws_s3_bucket.*.tags_all.x*\n");
  EXPECT_EQ(testing::ResultFacts(no).changed["aws_s3_bucket.logs"].size(), 2u);
  // A pathological pattern (found by fuzzing: exponential with a
  // backtracking matcher) is matched in polynomial time.
  std::string stars = "a" + std::string(60, '*') + "_never_there.b\n";
  DriftResult slow = RunWith(s, stars);
  EXPECT_EQ(slow.summary.extra, 2u);
}

}  // namespace
}  // namespace dw
