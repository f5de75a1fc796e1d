// Suppressions (expiry, parsing) and recurrence aggregation.
#include <gtest/gtest.h>

#include "driftwise/noise.hpp"

namespace dw {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kT0 = 1795746783;  // 2026-11-27T02:33:03Z

TEST(Suppressions, ExpiryPerDuration) {
  Suppression s;
  s.fingerprint = "a61b38e4c5455336";
  s.resource_address = "aws_s3_bucket.logs";
  s.created_at = kT0;
  s.duration = SuppressionDuration::k7d;
  EXPECT_EQ(*s.expires_at(), kT0 + 7 * kDay);
  EXPECT_TRUE(s.Active(kT0 + 7 * kDay - 1));
  EXPECT_FALSE(s.Active(kT0 + 7 * kDay));
  s.duration = SuppressionDuration::k90d;
  EXPECT_TRUE(s.Active(kT0 + 89 * kDay));
  EXPECT_FALSE(s.Active(kT0 + 90 * kDay));
  s.duration = SuppressionDuration::kForever;
  EXPECT_FALSE(s.expires_at().has_value());
  EXPECT_TRUE(s.Active(kT0 + 10000 * kDay));
  EXPECT_EQ(s.ScopedFingerprint(),
            AddressFingerprint("a61b38e4c5455336", "aws_s3_bucket.logs"));
}

TEST(Suppressions, SetFindsActiveAndListsExpired) {
  auto parsed = ParseSuppressions(R"({"suppressions": [
    {"fingerprint": "a61b38e4c5455336", "resource_address": "aws_s3_bucket.logs",
     "reason": "tag bot", "created_by": "ana@example.com", "duration": "7d",
     "created_at": "2026-11-01T00:00:00Z"},
    {"fingerprint": "a61b38e4c5455336", "resource_address": "aws_s3_bucket.data",
     "reason": "known", "created_by": "bo@example.com", "duration": "FOREVER",
     "created_at": "2026-11-20T00:00:00Z", "is_false_positive": true}]})");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  SuppressionSet set(*parsed);
  std::int64_t now = *ParseTimestamp("2026-11-27T00:00:00Z");
  // The first expired on 2026-11-08; it stops applying but stays listable.
  EXPECT_EQ(set.Find("a61b38e4c5455336", "aws_s3_bucket.logs", now), nullptr);
  const Suppression* s =
      set.Find("a61b38e4c5455336", "aws_s3_bucket.data", now);
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(s->is_false_positive);
  EXPECT_EQ(set.Find("a61b38e4c5455336", "aws_s3_bucket.other", now), nullptr);
  EXPECT_EQ(set.List(now, false).size(), 1u);
  ASSERT_EQ(set.List(now, true).size(), 2u);
  EXPECT_EQ(set.List(now, true)[0].resource_address, "aws_s3_bucket.logs");
  EXPECT_NE(set.Find("a61b38e4c5455336", "aws_s3_bucket.logs",
                     *ParseTimestamp("2026-11-02T00:00:00Z")),
            nullptr);
}

TEST(Suppressions, BulkFormAndErrors) {
  auto bulk = ParseSuppressions(
      R"({"fingerprints": ["a61b38e4c5455336", "815dd31ae6b25804"],
    "resource_addresses": ["a.b", "c.d"], "duration": "30d", "reason": "r",
    "created_by": "me", "created_at": "2026-11-01T00:00:00Z"})");
  ASSERT_TRUE(bulk.ok()) << bulk.status().ToString();
  ASSERT_EQ(bulk->size(), 2u);
  EXPECT_EQ((*bulk)[1].resource_address, "c.d");
  EXPECT_EQ((*bulk)[1].duration, SuppressionDuration::k30d);

  auto mismatch = ParseSuppressions(R"({"fingerprints": ["a61b38e4c5455336"],
    "resource_addresses": [], "duration": "30d", "reason": "r",
    "created_by": "me", "created_at": "2026-11-01T00:00:00Z"})");
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.status().message().find("as many entries"),
            std::string::npos);

  auto bad = ParseSuppressions(R"({"suppressions": [
    {"fingerprint": "XYZ", "resource_address": "", "duration": "2w",
     "created_at": "yesterday"}]})");
  ASSERT_FALSE(bad.ok());
  const std::string msg = bad.status().message();
  for (const char* part :
       {"suppressions[0].fingerprint", "not a fingerprint",
        "suppressions[0].resource_address", "suppressions[0].reason",
        "suppressions[0].created_by", "unknown duration \"2w\"",
        "suppressions[0].created_at"}) {
    EXPECT_NE(msg.find(part), std::string::npos) << part << " in " << msg;
  }
}

ScanRecord Scan(const std::string& id, std::int64_t t, const std::string& repo,
                std::vector<ObservedDiff> diffs) {
  ScanRecord s;
  s.scan_id = id;
  s.time = t;
  s.repo_owner = "acme";
  s.repo_name = repo;
  s.diffs = std::move(diffs);
  return s;
}

TEST(Recurrence, CountsScansInWindowAndOrdersDeterministically) {
  ObservedDiff tags{"aws_s3_bucket.a", "aws_s3_bucket", "tags", "update", ""};
  ObservedDiff tags_b{"aws_s3_bucket.b", "aws_s3_bucket", "tags", "update", ""};
  ObservedDiff ami{"aws_instance.web", "aws_instance", "ami", "update", ""};
  ObservedDiff all{"aws_s3_bucket.a", "aws_s3_bucket", "tags_all", "update",
                   "aws.tags_all.default_tags"};
  std::vector<ScanRecord> scans = {
      Scan("s1", kT0 - 20 * kDay, "infra", {tags, ami}),  // outside window
      Scan("s2", kT0 - 10 * kDay, "infra", {tags, tags_b}),
      Scan("s3", kT0 - 5 * kDay, "infra", {tags, all}),
      Scan("s4", kT0 - 1 * kDay, "infra", {tags_b, ami}),
      Scan("s5", kT0 - 1 * kDay, "other", {ami}),
  };
  RecurrenceOptions opt;
  opt.now = kT0;
  opt.repo_owner = "acme";
  opt.repo_name = "infra";
  auto patterns = AggregateRecurrence(scans, opt);
  ASSERT_TRUE(patterns.ok());
  ASSERT_EQ(patterns->size(), 3u);
  const NoisePattern& p0 = (*patterns)[0];
  EXPECT_EQ(p0.attribute_path, "tags");
  EXPECT_EQ(p0.fingerprint, "a61b38e4c5455336");
  EXPECT_EQ(p0.occurrences, 3);  // s2 counted once although two addresses
  EXPECT_EQ(p0.first_seen, kT0 - 10 * kDay);
  EXPECT_EQ(p0.last_seen, kT0 - 1 * kDay);
  EXPECT_EQ(p0.example_addresses,
            (std::vector<std::string>{"aws_s3_bucket.a", "aws_s3_bucket.b"}));
  EXPECT_TRUE(p0.is_noise);  // 3 >= threshold 3
  EXPECT_EQ(p0.matched_rule, "");
  // ami: once in the window for this repo (s1 is too old, s5 other repo).
  const NoisePattern& p1 = (*patterns)[1];
  EXPECT_EQ(p1.attribute_path, "ami");
  EXPECT_EQ(p1.occurrences, 1);
  EXPECT_FALSE(p1.is_noise);
  const NoisePattern& p2 = (*patterns)[2];
  EXPECT_EQ(p2.attribute_path, "tags_all");
  EXPECT_TRUE(p2.is_noise);  // a noise rule matched
  EXPECT_EQ(p2.matched_rule, "aws.tags_all.default_tags");

  opt.recurrence_threshold = 4;
  EXPECT_FALSE((*AggregateRecurrence(scans, opt))[0].is_noise);
  opt.repo_name.clear();
  opt.window_days = 30;
  auto wide = AggregateRecurrence(scans, opt);
  EXPECT_EQ((*wide)[0].occurrences, 4);  // tags in s1..s4 (s5 has no tags)
  opt.window_days = 0;
  EXPECT_FALSE(AggregateRecurrence(scans, opt).ok());
}

}  // namespace
}  // namespace dw
