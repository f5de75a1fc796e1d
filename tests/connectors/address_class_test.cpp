// Address classification and the permissive host-literal decoding the
// outbound client relies on.
#include <gtest/gtest.h>

#include "driftwise/connectors/http_client.hpp"

namespace dw::connectors {
namespace {

TEST(HostLiteral, DecodesEveryInetAtonSpellingOfLoopback) {
  for (const char* s :
       {"127.0.0.1", "127.1", "0x7f.1", "0x7f.0.0.1", "2130706433",
        "0177.0.0.1", "0x7f000001", "017700000001", "127.0.1", "127.0.0.1."}) {
    auto lit = ParseHostLiteral(s);
    ASSERT_TRUE(lit.has_value()) << s;
    EXPECT_EQ(*lit, "127.0.0.1") << s;
  }
}

TEST(HostLiteral, NamesAndMalformedNumbersAreNotLiterals) {
  EXPECT_FALSE(ParseHostLiteral("example.com"));
  EXPECT_FALSE(ParseHostLiteral("127.0.0.1.nip.io"));
  EXPECT_FALSE(ParseHostLiteral("256.0.0.1"));
  EXPECT_FALSE(ParseHostLiteral("1.2.3.4.5"));
  EXPECT_FALSE(ParseHostLiteral("08.0.0.1"));  // 8 is not octal
  EXPECT_EQ(*ParseHostLiteral("[::ffff:127.0.0.1]"), "::ffff:127.0.0.1");
}

struct Case {
  const char* address;
  AddressClass want;
};

TEST(ClassifyAddress, KnowsEverySpecialRange) {
  const Case cases[] = {
      {"8.8.8.8", AddressClass::kPublic},
      {"1.1.1.1", AddressClass::kPublic},
      {"2606:4700:4700::1111", AddressClass::kPublic},
      {"127.0.0.1", AddressClass::kLoopback},
      {"127.255.255.254", AddressClass::kLoopback},
      {"::1", AddressClass::kLoopback},
      {"10.1.2.3", AddressClass::kPrivate},
      {"172.16.0.1", AddressClass::kPrivate},
      {"172.31.255.255", AddressClass::kPrivate},
      {"172.32.0.1", AddressClass::kPublic},
      {"192.168.1.1", AddressClass::kPrivate},
      {"169.254.169.254", AddressClass::kMetadata},
      {"169.254.170.2", AddressClass::kMetadata},
      {"fd00:ec2::254", AddressClass::kMetadata},
      {"169.254.1.1", AddressClass::kLinkLocal},
      {"fe80::1", AddressClass::kLinkLocal},
      {"100.64.0.1", AddressClass::kCgnat},
      {"100.127.255.255", AddressClass::kCgnat},
      {"fc00::1", AddressClass::kUniqueLocal},
      {"fd12:3456::1", AddressClass::kUniqueLocal},
      {"0.0.0.0", AddressClass::kUnspecified},
      {"::", AddressClass::kUnspecified},
      {"224.0.0.1", AddressClass::kMulticast},
      {"ff02::1", AddressClass::kMulticast},
      {"255.255.255.255", AddressClass::kReserved},
      {"240.0.0.1", AddressClass::kReserved},
      {"192.0.2.1", AddressClass::kReserved},
      {"198.18.0.1", AddressClass::kReserved},
      {"2001:db8::1", AddressClass::kReserved},
      {"::ffff:127.0.0.1", AddressClass::kLoopback},
      {"::ffff:169.254.169.254", AddressClass::kMetadata},
      {"::ffff:10.0.0.1", AddressClass::kPrivate},
      {"::ffff:8.8.8.8", AddressClass::kPublic},
      {"::127.0.0.1", AddressClass::kLoopback},
      {"::8.8.8.8", AddressClass::kReserved},
      {"64:ff9b::7f00:1", AddressClass::kLoopback},
      {"2002:7f00:1::", AddressClass::kLoopback},
      {"2002:a9fe:a9fe::1", AddressClass::kMetadata},
      {"2001::1", AddressClass::kReserved},
      {"fe80::1%eth0", AddressClass::kLinkLocal},
      {"not an address", AddressClass::kReserved},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ClassifyAddress(c.address), c.want)
        << c.address << " is " << AddressClassName(ClassifyAddress(c.address));
  }
}

}  // namespace
}  // namespace dw::connectors
