// Glob semantics (noise-risk-study §C.3) and every class of glob error the
// policy endpoint answers with 422.
#include "driftwise/glob.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "driftwise/path.hpp"

namespace dw {
namespace {

bool TypeMatches(const std::string& glob, const std::string& type) {
  Result<GlobSet> set = GlobSet::Compile({{glob, ""}});
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  std::vector<int> hits;
  set->MatchType(type, &hits);
  return !hits.empty();
}

bool PathMatches(const std::string& glob, const std::string& path) {
  Result<GlobSet> set = GlobSet::Compile({{"*", glob}});
  EXPECT_TRUE(set.ok()) << glob << ": " << set.status().ToString();
  if (!set.ok()) return false;
  std::vector<int> hits;
  set->MatchPath("aws_x", path, &hits);
  return !hits.empty();
}

TEST(TypeGlob, StarQuestionClassBraces) {
  EXPECT_TRUE(TypeMatches("aws_*", "aws_s3_bucket"));
  EXPECT_FALSE(TypeMatches("aws_*", "google_storage_bucket"));
  EXPECT_TRUE(TypeMatches("aws_s3_bucke?", "aws_s3_bucket"));
  EXPECT_FALSE(TypeMatches("aws_s3_bucke?", "aws_s3_bucket_policy"));
  EXPECT_TRUE(TypeMatches("aws_sqs_queue{,_policy}", "aws_sqs_queue"));
  EXPECT_TRUE(TypeMatches("aws_sqs_queue{,_policy}", "aws_sqs_queue_policy"));
  EXPECT_FALSE(TypeMatches("aws_sqs_queue{,_policy}", "aws_sqs_queue_x"));
  EXPECT_TRUE(TypeMatches("google_*_iam_{member,binding,policy}",
                          "google_project_iam_member"));
  EXPECT_FALSE(TypeMatches("google_*_iam_{member,binding,policy}",
                           "google_project_iam_audit_config"));
  EXPECT_TRUE(TypeMatches("aws_{db_instance,rds_{cluster,global_cluster}}",
                          "aws_rds_global_cluster"));
  EXPECT_TRUE(TypeMatches("aws_s3_[a-c]ucket", "aws_s3_bucket"));
  EXPECT_FALSE(TypeMatches("aws_s3_[!b]ucket", "aws_s3_bucket"));
  EXPECT_TRUE(TypeMatches("*", "anything_at_all"));
  EXPECT_FALSE(TypeMatches("aws_s3", "aws_s3_bucket"));  // whole name only
}

TEST(AttributeGlob, SegmentSemantics) {
  // '*' stays inside one segment; '**' crosses segments.
  EXPECT_TRUE(PathMatches("tags.*", "tags.team"));
  EXPECT_TRUE(PathMatches("tags[*]", "tags.team"));
  EXPECT_TRUE(PathMatches("tags.*", "tags[\"kubernetes.io/name\"]"));
  EXPECT_TRUE(
      PathMatches("ingress[*].cidr_blocks[*]", "ingress[0].cidr_blocks[1]"));
  EXPECT_FALSE(
      PathMatches("ingress[*].cidr_blocks[*]", "egress[0].cidr_blocks[1]"));
  EXPECT_TRUE(
      PathMatches("ingress[0].cidr_blocks", "ingress[0].cidr_blocks[3]"));
  EXPECT_FALSE(PathMatches("ingress[1].cidr_blocks", "ingress[0].cidr_blocks"));
  EXPECT_TRUE(PathMatches("**.protocol", "ingress[2].protocol"));
  EXPECT_TRUE(PathMatches("**.protocol", "protocol"));  // zero segments
  EXPECT_FALSE(PathMatches("**.protocol", "protocols"));
  EXPECT_TRUE(PathMatches("a.**.z", "a.z"));
  EXPECT_TRUE(PathMatches("a.**.z", "a.b[0].c.z"));
  EXPECT_FALSE(PathMatches("a*.z", "ab.cd.z"));
  // Subtree: a glob selects the matched node and everything below it.
  EXPECT_TRUE(PathMatches("tags", "tags.owner"));
  EXPECT_TRUE(PathMatches("tags", "tags"));
  EXPECT_FALSE(PathMatches("tags", "tags_all.owner"));
  EXPECT_TRUE(PathMatches("tags*", "tags_all.owner"));
  EXPECT_TRUE(PathMatches("{tags,labels}.*", "labels.env"));
  EXPECT_FALSE(PathMatches("{tags,labels}.*", "labels"));
  EXPECT_TRUE(PathMatches("**_self_link", "subnetwork_self_link"));
  EXPECT_TRUE(PathMatches("us?r", "user"));
  EXPECT_FALSE(PathMatches("us?r", "usr"));
  EXPECT_TRUE(PathMatches("tags[\"kubernetes.io/name\"]",
                          "tags[\"kubernetes.io/name\"]"));
  EXPECT_FALSE(PathMatches("tags[\"kubernetes.io/name\"]", "tags.name"));
  EXPECT_TRUE(PathMatches("app_settings.WEBSITE_*",
                          "app_settings.WEBSITE_RUN_FROM_PACKAGE"));
  EXPECT_TRUE(PathMatches("metadata.kubectl*", "metadata[\"kubectl.io/x\"]"));
  EXPECT_TRUE(PathMatches("a.\\*", "a[\"*\"]"));
  EXPECT_FALSE(PathMatches("a.\\*", "a.b"));
  EXPECT_TRUE(
      PathMatches("{default_cache_behavior,ordered_cache_behavior}[*]"
                  ".{allowed_methods,cached_methods}",
                  "ordered_cache_behavior[2].cached_methods[0]"));
  EXPECT_TRUE(PathMatches("**", ""));
}

TEST(AttributeGlob, PrefixLengthFindsTheSelectedNode) {
  Result<GlobSet> set = GlobSet::Compile(
      {{"*", "ingress"}, {"*", "**"}, {"*", "tags.*"}, {"*", "nope"}});
  ASSERT_TRUE(set.ok());
  AttributePath p = *ParsePath("ingress[0].from_port");
  EXPECT_EQ(set->MatchedPrefixLength(0, p), 1);
  EXPECT_EQ(set->MatchedPrefixLength(1, p), 3);  // longest
  AttributePath t = *ParsePath("tags[\"a.b\"].c");
  EXPECT_EQ(set->MatchedPrefixLength(2, t), 2);
  EXPECT_EQ(set->MatchedPrefixLength(3, p), -1);
}

TEST(GlobSet, OnePassReturnsEveryMatchingRule) {
  Result<GlobSet> set = GlobSet::Compile({{"aws_*", "tags"},
                                          {"aws_s3_bucket", ""},
                                          {"*", "**"},
                                          {"google_*", "tags"},
                                          {"aws_s3_bucket", "tags.owner"}});
  ASSERT_TRUE(set.ok());
  std::vector<int> hits;
  set->MatchPath("aws_s3_bucket", "tags.owner", &hits);
  EXPECT_EQ(hits, (std::vector<int>{0, 2, 4}));
  set->MatchType("aws_s3_bucket", &hits);
  EXPECT_EQ(hits, (std::vector<int>{0, 1, 2, 4}));
}

struct BadGlob {
  GlobKind kind;
  std::string pattern;
  std::string message_part;
  std::uint64_t offset;
};

class GlobErrors : public ::testing::TestWithParam<BadGlob> {};

TEST_P(GlobErrors, NamesProblemAndOffset) {
  const BadGlob& c = GetParam();
  Status st = ValidateGlob(c.pattern, c.kind);
  ASSERT_FALSE(st.ok()) << c.pattern;
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find(c.message_part), std::string::npos)
      << st.message();
  EXPECT_EQ(st.offset(), c.offset) << st.ToString();
}

constexpr GlobKind kT = GlobKind::kResourceType;
constexpr GlobKind kA = GlobKind::kAttributePath;

INSTANTIATE_TEST_SUITE_P(
    EveryErrorClass, GlobErrors,
    ::testing::Values(
        BadGlob{kT, "", "empty resource type glob", 0},
        BadGlob{kA, "", "empty attribute glob", 0},
        BadGlob{kT, "aws_{a,b", "unclosed '{'", 4},
        BadGlob{kT, "aws_a}", "unmatched '}'", 5},
        BadGlob{kA, "{tags,labels", "unclosed '{'", 0},
        BadGlob{kT, "aws_[a-", "unclosed '['", 4},
        BadGlob{kT, "aws_[]x", "empty character class", 4},
        BadGlob{kT, "aws_[z-a]", "reversed range", 5},
        BadGlob{kT, "aws s3", "invalid character ' '", 3},
        BadGlob{kT, "aws.s3", "invalid character '.'", 3},
        BadGlob{kT, "aws_x\\", "dangling '\\'", 5},
        BadGlob{kT, "aws_]", "unmatched ']'", 4},
        BadGlob{kA, ".tags", "starts with '.'", 0},
        BadGlob{kA, "tags..a", "empty segment", 5},
        BadGlob{kA, "tags.", "ends with '.'", 4},
        BadGlob{kA, "a[", "unclosed '['", 1},
        BadGlob{kA, "a[x]", "expected [*], [index]", 2},
        BadGlob{kA, "a[*", "expected ']' after '[*'", 3},
        BadGlob{kA, "a[12", "expected ']' after list index", 4},
        BadGlob{kA, "a[\"k", "unclosed quoted key", 2},
        BadGlob{kA, "a[\"k\"x", "expected ']' after quoted key", 5},
        BadGlob{kA, "a[\"\"]", "empty quoted key", 2},
        BadGlob{kA, "a[\"\\q\"]", "invalid JSON string", 2},
        BadGlob{kA, "a]", "unmatched ']'", 1},
        BadGlob{kA, "a\"b", "only allowed inside", 1},
        BadGlob{kA, "a b", "invalid character ' '", 1},
        BadGlob{kA, "a.[0]", "right after '.'", 2},
        BadGlob{kA, "a[0]b", "expected '.' or '['", 4},
        BadGlob{kA, "a\\", "dangling '\\'", 1},
        BadGlob{kA, "a[99999999999999999999]", "list index too large", 1},
        BadGlob{kA, "ab\xff", "invalid UTF-8", 2},
        BadGlob{kT, "aws_{a\xc3,b}", "invalid UTF-8", 6}));

TEST(GlobErrors, TooLongAndTooManyAlternatives) {
  EXPECT_NE(ValidateGlob(std::string(kMaxGlobLength + 1, 'a'), kA)
                .message()
                .find("longer than"),
            std::string::npos);
  std::string many;
  for (int i = 0; i < 9; ++i) many += "{a,b}";
  Status st = ValidateGlob(many, kA);
  EXPECT_NE(st.message().find("alternatives"), std::string::npos)
      << st.ToString();
  // An error inside one alternative names that alternative.
  st = ValidateGlob("{ok,bad..x}", kA);
  EXPECT_NE(st.message().find("in alternative \"bad..x\""), std::string::npos)
      << st.ToString();
}

TEST(GlobSet, CompileNamesTheRuleAndField) {
  Result<GlobSet> set =
      GlobSet::Compile({{"aws_*", "tags"}, {"aws_*", "tags..x"}});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().json_path(), "rules[1].attribute");
  EXPECT_NE(set.status().message().find("rules[1].attribute"),
            std::string::npos);
  set = GlobSet::Compile({{"aws_{", ""}});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().json_path(), "rules[0].resource_type");
  EXPECT_EQ(set.status().offset(), 4u);
}

}  // namespace
}  // namespace dw
