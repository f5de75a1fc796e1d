// File: tests/unit/audit/checkpoint_test.cpp
//
// Keys and signed checkpoints, including the malicious-input cases of the
// reliability study (§1.4, §6 goal 4): unknown key, wrong size, reused
// signature, extension lines.
#include <gtest/gtest.h>

#include <string>

#include "driftwise/audit.hpp"
#include "driftwise/audit_checkpoint.hpp"

namespace dw::audit_test {
namespace {

std::array<std::uint8_t, 32> FromHex32(std::string_view hex) {
  Result<Hash256> h = HashFromHex(hex);
  EXPECT_TRUE(h.ok());
  return *h;
}

// RFC 8032 §7.1 TEST 1.
constexpr std::string_view kRfcSeed =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr std::string_view kRfcPublic =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

AuditSigningKey TestKey(std::string_view name = "rfc8032-test-1") {
  Result<AuditSigningKey> k =
      AuditSigningKeyFromSeed(name, FromHex32(kRfcSeed));
  EXPECT_TRUE(k.ok());
  return *k;
}

AuditCheckpoint SampleCheckpoint() {
  return AuditCheckpoint{"org-1", 41, GenesisPrevHash("org-1"),
                         "2026-01-02T03:04:05Z"};
}

TEST(AuditKeys, DerivesTheRfc8032PublicKey) {
  AuditSigningKey key = TestKey();
  EXPECT_EQ(HashToHex(key.public_key.key), kRfcPublic);
  EXPECT_EQ(key.public_key.key_id,
            ComputeAuditKeyId(key.name, key.public_key.key));
}

TEST(AuditKeys, TextFormsRoundTripAndAreChecked) {
  AuditSigningKey key = TestKey();
  std::string pub = FormatAuditPublicKey(key.public_key);
  EXPECT_EQ(pub.substr(0, 15), "rfc8032-test-1+");
  Result<AuditPublicKey> p = ParseAuditPublicKey(pub + "\n");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(*p, key.public_key);
  Result<AuditSigningKey> s = ParseAuditPrivateKey(FormatAuditPrivateKey(key));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->seed, key.seed);
  EXPECT_EQ(s->public_key, key.public_key);

  std::string wrong_id = pub;
  wrong_id[15] = wrong_id[15] == '0' ? '1' : '0';
  EXPECT_FALSE(ParseAuditPublicKey(wrong_id).ok());
  std::string renamed = "other" + pub.substr(pub.find('+'));
  EXPECT_FALSE(ParseAuditPublicKey(renamed).ok());  // id binds the name
  EXPECT_FALSE(ParseAuditPublicKey("a+b").ok());
  EXPECT_FALSE(ParseAuditPublicKey(pub.substr(0, pub.size() - 4)).ok());
  EXPECT_FALSE(ParseAuditPrivateKey(pub).ok());
  EXPECT_FALSE(GenerateAuditSigningKey("has space").ok());
  EXPECT_FALSE(GenerateAuditSigningKey("a+b").ok());
}

TEST(AuditKeys, GeneratedKeysDiffer) {
  Result<AuditSigningKey> a = GenerateAuditSigningKey("k");
  Result<AuditSigningKey> b = GenerateAuditSigningKey("k");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->seed, b->seed);
  EXPECT_NE(a->public_key.key, b->public_key.key);
}

TEST(AuditCheckpoint, SignsTheDocumentedTextAndVerifies) {
  AuditSigningKey key = TestKey();
  Result<std::string> note = SignAuditCheckpoint(SampleCheckpoint(), key);
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  std::string body = "driftwise/audit/checkpoint/v1\norg-1\n41\n" +
                     HashToHex(GenesisPrevHash("org-1")) +
                     "\n2026-01-02T03:04:05Z\n";
  EXPECT_EQ(note->substr(0, body.size() + 1), body + "\n");
  EXPECT_EQ(note->substr(body.size() + 1, 4 + 14),
            "\xE2\x80\x94 rfc8032-test-1");
  Result<AuditCheckpoint> cp = VerifyAuditCheckpoint(*note, key.public_key);
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(*cp, SampleCheckpoint());
  // Deterministic (Ed25519): same input, same note.
  EXPECT_EQ(*SignAuditCheckpoint(SampleCheckpoint(), key), *note);
}

TEST(AuditCheckpoint, RejectsMaliciousInputs) {
  AuditSigningKey key = TestKey();
  std::string note = *SignAuditCheckpoint(SampleCheckpoint(), key);
  std::size_t sig_at = note.find("\n\n") + 2;

  // Unknown key: a different key signed it.
  AuditSigningKey other = *GenerateAuditSigningKey("rfc8032-test-1");
  Result<AuditCheckpoint> r = VerifyAuditCheckpoint(note, other.public_key);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  // Signed by another key only.
  std::string by_other = *SignAuditCheckpoint(SampleCheckpoint(), other);
  EXPECT_EQ(VerifyAuditCheckpoint(by_other, key.public_key).status().code(),
            StatusCode::kUnauthenticated);

  // Wrong size / seq: the signature does not cover the changed body.
  std::string changed = note;
  changed.replace(changed.find("\n41\n"), 4, "\n42\n");
  EXPECT_EQ(VerifyAuditCheckpoint(changed, key.public_key).status().code(),
            StatusCode::kUnauthenticated);

  // Reused signature: a valid signature line moved onto another body.
  AuditCheckpoint later = SampleCheckpoint();
  later.head_seq = 99;
  std::string later_note = *SignAuditCheckpoint(later, key);
  std::string reused =
      later_note.substr(0, later_note.find("\n\n") + 2) + note.substr(sig_at);
  EXPECT_EQ(VerifyAuditCheckpoint(reused, key.public_key).status().code(),
            StatusCode::kUnauthenticated);

  // Extension lines in the body are refused, not ignored.
  std::string extended = note;
  extended.insert(note.find("\n\n") + 1, "extra line\n");
  r = VerifyAuditCheckpoint(extended, key.public_key);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("extra lines"), std::string::npos);

  // Signature lines from unknown keys are ignored when a good one exists.
  std::string cosigned = note + by_other.substr(by_other.find("\n\n") + 2);
  EXPECT_TRUE(VerifyAuditCheckpoint(cosigned, key.public_key).ok());
  EXPECT_TRUE(VerifyAuditCheckpoint(cosigned, other.public_key).ok());

  // Flipping any single byte of the note makes it fail.
  for (std::size_t i = 0; i < note.size(); ++i) {
    std::string flipped = note;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x01);
    EXPECT_FALSE(VerifyAuditCheckpoint(flipped, key.public_key).ok()) << i;
  }
  // Truncated note, no signature, garbage.
  EXPECT_FALSE(
      VerifyAuditCheckpoint(note.substr(0, sig_at), key.public_key).ok());
  EXPECT_FALSE(
      VerifyAuditCheckpoint(note.substr(0, note.size() - 1), key.public_key)
          .ok());
  EXPECT_FALSE(ParseAuditCheckpoint("").ok());
  Result<ParsedCheckpoint> p =
      ParseAuditCheckpoint("driftwise/audit/checkpoint/v1\norg\n01\n" +
                           std::string(64, 'a') + "\n2026-01-01T00:00:00Z\n\n");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().json_path(), "head_seq");
}

TEST(AuditCheckpoint, BodyRulesNameTheField) {
  AuditCheckpoint cp = SampleCheckpoint();
  cp.chain_id = "a\nb";
  EXPECT_FALSE(AuditCheckpointBody(cp).ok());
  cp = SampleCheckpoint();
  cp.time = "yesterday";
  EXPECT_FALSE(AuditCheckpointBody(cp).ok());
}

}  // namespace
}  // namespace dw::audit_test
