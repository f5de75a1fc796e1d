#include "api/api_key_codec.hpp"

#include <gtest/gtest.h>

#include <set>

namespace dw::server {
namespace {

TEST(ApiKeyCodec, GeneratedKeysHaveTheDocumentedFormat) {
  const NewApiKey key = GenerateApiKey();
  ASSERT_EQ(key.raw_key.size(),
            3 + kApiKeyPrefixChars + 1 + kApiKeySecretChars);
  EXPECT_EQ(key.raw_key.substr(0, 3), "dw_");
  EXPECT_EQ(key.raw_key.substr(0, key.key_prefix.size()), key.key_prefix);
  EXPECT_EQ(key.last4, key.raw_key.substr(key.raw_key.size() - 4));
  auto prefix = ApiKeyPrefix(key.raw_key);
  ASSERT_TRUE(prefix.has_value());
  EXPECT_EQ(*prefix, key.key_prefix);
}

TEST(ApiKeyCodec, KeysAreDistinct) {
  std::set<std::string> keys, prefixes;
  for (int i = 0; i < 2000; ++i) {
    NewApiKey key = GenerateApiKey();
    keys.insert(key.raw_key);
    prefixes.insert(key.key_prefix);
  }
  EXPECT_EQ(keys.size(), 2000u);
  EXPECT_EQ(prefixes.size(), 2000u);
}

TEST(ApiKeyCodec, MalformedKeysHaveNoPrefix) {
  const std::string good = GenerateApiKey().raw_key;
  EXPECT_FALSE(ApiKeyPrefix(""));
  EXPECT_FALSE(ApiKeyPrefix(good.substr(1)));
  EXPECT_FALSE(ApiKeyPrefix(good + "x"));
  std::string bad_char = good;
  bad_char[20] = '-';
  EXPECT_FALSE(ApiKeyPrefix(bad_char));
  std::string bad_sep = good;
  bad_sep[3 + kApiKeyPrefixChars] = 'x';
  EXPECT_FALSE(ApiKeyPrefix(bad_sep));
  std::string bad_tag = good;
  bad_tag[0] = 'x';
  EXPECT_FALSE(ApiKeyPrefix(bad_tag));
}

TEST(ApiKeyCodec, HashDependsOnPepperAndKey) {
  const std::string key = GenerateApiKey().raw_key;
  const std::string a = HashApiKey("pepper-one-16bytes", key);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a, HashApiKey("pepper-one-16bytes", key));
  EXPECT_NE(a, HashApiKey("pepper-two-16bytes", key));
  EXPECT_NE(a, HashApiKey("pepper-one-16bytes", GenerateApiKey().raw_key));
  EXPECT_TRUE(ApiKeyHashEquals(a, a));
  std::string other = a;
  other[63] = other[63] == '0' ? '1' : '0';
  EXPECT_FALSE(ApiKeyHashEquals(a, other));
  EXPECT_FALSE(ApiKeyHashEquals(a, a.substr(1)));
}

// RFC 4231 test case 2: HMAC-SHA-256 with key "Jefe".
TEST(ApiKeyCodec, HmacMatchesRfc4231) {
  EXPECT_EQ(HashApiKey("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace dw::server
