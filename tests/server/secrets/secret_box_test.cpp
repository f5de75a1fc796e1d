// Secrets at rest: sealed values open only in the place they were sealed
// for, under a key of the ring; tampering and key loss are errors that name
// no secret bytes; keys rotate.
#include "secrets/secret_box.hpp"

#include <gtest/gtest.h>

namespace dw::server {
namespace {

const SecretPlace kPlace{"org-1", "state_sources", "src-9", "credentials"};

SecretKeyring Ring(std::string_view text) {
  auto ring = SecretKeyring::Parse(text);
  EXPECT_TRUE(ring.ok()) << ring.status().message();
  return ring.value();
}

TEST(SecretBox, SealsAndOpensInItsPlace) {
  SecretKeyring ring = Ring(SecretKeyring::GenerateText("k1"));
  const std::string secret = "AKIAEXAMPLE/wJalrXUtnFEMI/K7MDENG";
  const std::string sealed = ring.Seal(secret, kPlace);
  EXPECT_TRUE(LooksSealed(sealed));
  EXPECT_EQ(sealed.rfind("dws1:k1:", 0), 0u);
  EXPECT_EQ(sealed.find(secret), std::string::npos);
  EXPECT_EQ(sealed.find("wJalr"), std::string::npos);
  auto opened = ring.Open(sealed, kPlace);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(opened.value(), secret);
  // A fresh nonce each time: the same secret never seals to the same text.
  EXPECT_NE(ring.Seal(secret, kPlace), sealed);
  EXPECT_EQ(ring.Open(ring.Seal("", kPlace), kPlace).value(), "");
}

TEST(SecretBox, AnotherPlaceDoesNotOpen) {
  SecretKeyring ring = Ring(SecretKeyring::GenerateText("k1"));
  const std::string sealed = ring.Seal("token", kPlace);
  const SecretPlace others[] = {
      {"org-2", "state_sources", "src-9", "credentials"},
      {"org-1", "webhook_configs", "src-9", "credentials"},
      {"org-1", "state_sources", "src-8", "credentials"},
      {"org-1", "state_sources", "src-9", "config"},
      // Shifting bytes between parts must not authenticate either.
      {"org-1s", "tate_sources", "src-9", "credentials"},
  };
  for (const SecretPlace& p : others) {
    auto opened = ring.Open(sealed, p);
    ASSERT_FALSE(opened.ok()) << p.org_id << "/" << p.table;
    EXPECT_EQ(opened.status().code(), StatusCode::kDataLoss);
    EXPECT_EQ(opened.status().message().find("token"), std::string::npos);
  }
}

TEST(SecretBox, EveryTamperedByteIsDetected) {
  SecretKeyring ring = Ring(SecretKeyring::GenerateText("k1"));
  const std::string sealed = ring.Seal("s3cr3t-value", kPlace);
  const std::size_t body = sealed.find(':', 5) + 1;
  for (std::size_t i = body; i < sealed.size(); ++i) {
    std::string bad = sealed;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    auto opened = ring.Open(bad, kPlace);
    EXPECT_FALSE(opened.ok()) << "byte " << i;
  }
  EXPECT_FALSE(ring.Open(sealed.substr(0, sealed.size() - 1), kPlace).ok());
  EXPECT_EQ(ring.Open("plaintext", kPlace).status().code(),
            StatusCode::kDataLoss);
}

TEST(SecretBox, KeysRotate) {
  const std::string old_text = SecretKeyring::GenerateText("k1");
  SecretKeyring old_ring = Ring(old_text);
  const std::string sealed_old = old_ring.Seal("v1", kPlace);

  // A new key goes first; the old one stays to open what it sealed.
  std::string new_key_line = SecretKeyring::GenerateText("k2");
  new_key_line = new_key_line.substr(new_key_line.find("k2 "));
  SecretKeyring rotated = Ring(new_key_line + old_text);
  EXPECT_EQ(rotated.current_key_id(), "k2");
  EXPECT_EQ(rotated.key_ids(), (std::vector<std::string>{"k2", "k1"}));
  EXPECT_TRUE(rotated.NeedsReseal(sealed_old));
  EXPECT_EQ(rotated.Open(sealed_old, kPlace).value(), "v1");
  const std::string resealed = rotated.Seal("v1", kPlace);
  EXPECT_FALSE(rotated.NeedsReseal(resealed));
  EXPECT_EQ(resealed.rfind("dws1:k2:", 0), 0u);

  // Once the old key is dropped, what it sealed names the missing key.
  SecretKeyring only_new = Ring(new_key_line);
  auto lost = only_new.Open(sealed_old, kPlace);
  EXPECT_EQ(lost.status().code(), StatusCode::kNotFound);
  EXPECT_NE(lost.status().message().find("'k1'"), std::string::npos);
  // A different key under the same id fails authentication.
  SecretKeyring impostor = Ring(SecretKeyring::GenerateText("k1"));
  EXPECT_EQ(impostor.Open(sealed_old, kPlace).status().code(),
            StatusCode::kDataLoss);
}

TEST(SecretBox, KeyringErrorsNameTheLine) {
  struct Case {
    const char* text;
    const char* words;
  };
  const Case cases[] = {
      {"", "holds no key"},
      {"# only a comment\n\n", "holds no key"},
      {"k1", "line 1: expected"},
      {"\nbad/id AAAA", "line 2: key id"},
      {"k1 not*base64", "line 1: key is not base64"},
      {"k1 AAAA", "key must be 32 bytes, got 3"},
  };
  for (const Case& c : cases) {
    auto ring = SecretKeyring::Parse(c.text);
    ASSERT_FALSE(ring.ok()) << c.text;
    EXPECT_NE(ring.status().message().find(c.words), std::string::npos)
        << ring.status().message();
  }
  const std::string one = SecretKeyring::GenerateText("dup");
  auto twice = SecretKeyring::Parse(one + one);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("repeats"), std::string::npos);
}

TEST(SecretBox, LooksSealedIsStrict) {
  EXPECT_FALSE(LooksSealed(""));
  EXPECT_FALSE(LooksSealed("dws1:"));
  EXPECT_FALSE(LooksSealed("dws1:k1:"));
  EXPECT_FALSE(LooksSealed("dws1:bad id:AAAA"));
  EXPECT_FALSE(LooksSealed("AKIAEXAMPLE"));
  EXPECT_TRUE(LooksSealed("dws1:k1:AAAA"));
}

}  // namespace
}  // namespace dw::server
