// Known-answer tests freezing the §3.5 fingerprint encoding. The expected
// values were computed independently with `xxhsum -H3` (xxHash 0.8.1) over
// the canonical bytes, e.g.
//   printf 'aws_s3_bucket\x1ftags\x1fupdate' | xxhsum -H3
#include <gtest/gtest.h>

#include "driftwise/noise.hpp"

namespace dw {
namespace {

struct Kat {
  const char* type;
  const char* path;
  const char* action;
  const char* hex;
};

TEST(Fingerprint, KnownAnswers) {
  const Kat kats[] = {
      {"aws_security_group", "ingress[*].cidr_blocks[*]", "update",
       "2d7f82dc60c63eaf"},
      {"aws_s3_bucket", "tags", "update", "a61b38e4c5455336"},
      {"aws_s3_bucket", "tags_all.owner", "update", "815dd31ae6b25804"},
      {"aws_iam_role", "assume_role_policy", "update", "9858e2ae9f1c4b78"},
      {"google_compute_instance", "metadata[\"startup-script\"]", "replace",
       "cb46251048496c45"},
      {"azurerm_storage_account", "network_rules[*].ip_rules[*]", "update",
       "c152764bb62957b4"},
      {"aws_db_instance", "", "delete", "511e3e2706724c89"},
      {"", "", "", "2e2fd91375a20aaf"},
      {"kubernetes_deployment", "spec[*].replicas", "update",
       "a25e75c0cd7feeae"},
      {"aws_instance", "tags[\"kubernetes.io/cluster/x\"]", "create",
       "acff5c5278327821"},
      {"aws_lambda_function", "last_modified", "no-op", "9cc867a20be9ed4d"},
      {"aws_dynamodb_table", "tags", "update", "898fd10b71172738"},
  };
  for (const Kat& k : kats) {
    EXPECT_EQ(Fingerprint(k.type, k.path, k.action), k.hex)
        << k.type << " / " << k.path << " / " << k.action;
    EXPECT_EQ(FingerprintValue(k.type, k.path, k.action),
              std::stoull(k.hex, nullptr, 16));
  }
}

TEST(Fingerprint, AddressScopedKnownAnswers) {
  // printf '8d8c154528ae3d95\x1faws_security_group.web' | xxhsum -H3
  EXPECT_EQ(AddressFingerprint("8d8c154528ae3d95", "aws_security_group.web"),
            "c407aee847ae08b0");
  EXPECT_EQ(AddressFingerprint("0000000000000000",
                               "module.a[\"x\"].aws_s3_bucket.b[0]"),
            "497686825133a41f");
  EXPECT_EQ(Fingerprint("aws_security_group", "ingress", "update"),
            "8d8c154528ae3d95");
}

TEST(Fingerprint, SeparatorsKeepFieldsApart) {
  // Moving a byte across a field boundary changes the hash.
  EXPECT_NE(Fingerprint("ab", "c", "update"), Fingerprint("a", "bc", "update"));
  EXPECT_NE(Fingerprint("a", "b", "update"), Fingerprint("b", "a", "update"));
}

TEST(Fingerprint, ChangeFingerprintNormalizesIndices) {
  AttributePath p0 = *ParsePath("ingress[0].cidr_blocks[1]");
  AttributePath p3 = *ParsePath("ingress[3].cidr_blocks[0]");
  EXPECT_EQ(FingerprintPath(p0), "ingress[*].cidr_blocks[*]");
  EXPECT_EQ(ChangeFingerprint("aws_security_group", p0, Action::kUpdate),
            ChangeFingerprint("aws_security_group", p3, Action::kUpdate));
  EXPECT_EQ(ChangeFingerprint("aws_security_group", p0, Action::kUpdate),
            "2d7f82dc60c63eaf");
  AttributePath quoted = *ParsePath("tags[\"kubernetes.io/cluster/x\"]");
  EXPECT_EQ(FingerprintPath(quoted), "tags[\"kubernetes.io/cluster/x\"]");
  EXPECT_NE(
      ChangeFingerprint("aws_s3_bucket", *ParsePath("tags"), Action::kUpdate),
      ChangeFingerprint("aws_s3_bucket", *ParsePath("tags"), Action::kReplace));
}

TEST(Fingerprint, IsFingerprint) {
  EXPECT_TRUE(IsFingerprint("0123456789abcdef"));
  EXPECT_FALSE(IsFingerprint("0123456789ABCDEF"));
  EXPECT_FALSE(IsFingerprint("0123456789abcde"));
  EXPECT_FALSE(IsFingerprint("0123456789abcdeg"));
}

TEST(Timestamp, RoundTripsAndRejects) {
  EXPECT_EQ(*ParseTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*ParseTimestamp("2026-11-27T02:33:03Z"), 1795746783);
  EXPECT_EQ(*ParseTimestamp("2026-11-27T04:33:03.250+02:00"), 1795746783);
  EXPECT_EQ(FormatTimestamp(1795746783), "2026-11-27T02:33:03Z");
  EXPECT_EQ(FormatTimestamp(951782400), "2000-02-29T00:00:00Z");
  EXPECT_FALSE(ParseTimestamp("2026-02-30T00:00:00Z").ok());
  EXPECT_FALSE(ParseTimestamp("2026-11-27").ok());
  EXPECT_FALSE(ParseTimestamp("2026-11-27T02:33:03").ok());
  EXPECT_FALSE(ParseTimestamp("2026-11-27T02:33:03Zjunk").ok());
}

}  // namespace
}  // namespace dw
