// File: tests/server/jwt/base64url_test.cpp
#include "jwt/base64url.hpp"

#include <gtest/gtest.h>

namespace dw::server {
namespace {

TEST(Base64Url, EncodesRfc4648VectorsWithoutPadding) {
  // RFC 4648 §10 test vectors, padding removed.
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
}

TEST(Base64Url, UsesTheUrlAlphabet) {
  EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"), "-_-_");
  EXPECT_EQ(Base64UrlDecode("-_-_").value(), "\xfb\xff\xbf");
}

TEST(Base64Url, RoundTripsEveryByteAndLength) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t n = 0; n <= bytes.size(); n += 7) {
    const std::string in = bytes.substr(0, n);
    auto out = Base64UrlDecode(Base64UrlEncode(in));
    ASSERT_TRUE(out.ok()) << n << ": " << out.status().message();
    EXPECT_EQ(*out, in);
  }
}

TEST(Base64Url, RejectsPadding) {
  auto r = Base64UrlDecode("Zg==");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "invalid base64url character '=' at 2");
}

TEST(Base64Url, RejectsStandardAlphabetAndWhitespace) {
  for (const char* bad : {"ab+d", "ab/d", "ab d", "ab\nd", "ab\td", "ab\0c"}) {
    auto r = Base64UrlDecode(std::string_view(bad, 4));
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().offset(), 2u);
  }
  EXPECT_EQ(Base64UrlDecode("ab\nd").status().message(),
            "invalid base64url character 0x0a at 2");
}

TEST(Base64Url, RejectsImpossibleLength) {
  auto r = Base64UrlDecode("Zm9vY");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "invalid base64url length 5");
}

TEST(Base64Url, RejectsNonZeroUnusedBits) {
  // "Zg" is 'f'; "Zh" carries the same byte with a stray low bit.
  EXPECT_TRUE(Base64UrlDecode("Zg").ok());
  auto r = Base64UrlDecode("Zh");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("non-canonical"), std::string::npos);
  EXPECT_FALSE(Base64UrlDecode("Zm9").ok());  // "fo" is Zm8
}

}  // namespace
}  // namespace dw::server
