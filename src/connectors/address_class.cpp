// File: src/connectors/address_class.cpp
//
// Host-literal decoding and address classification for the outbound client.
// Literals are decoded the permissive way inet_aton does (1 to 4 parts,
// each decimal, 0x-hex or 0-octal, the last part filling the remaining
// bytes) because that is how resolvers and libcurl will read them: a check
// that only knew dotted quads would wave "0x7f.1" through to 127.0.0.1.
#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "driftwise/connectors/http_client.hpp"

namespace dw::connectors {
namespace {

using V6 = std::array<unsigned char, 16>;

// One inet_aton part: decimal, 0x hex or leading-0 octal; nullopt when not
// a number or over 32 bits.
std::optional<std::uint64_t> ParsePart(std::string_view p) {
  if (p.empty()) return std::nullopt;
  int base = 10;
  if (p.size() > 1 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    base = 16;
    p.remove_prefix(2);
    if (p.empty()) return 0;  // "0x" alone is 0 for inet_aton
  } else if (p.size() > 1 && p[0] == '0') {
    base = 8;
    p.remove_prefix(1);
  }
  std::uint64_t v = 0;
  for (char c : p) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (base == 16 && c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    if (d >= base) return std::nullopt;
    v = v * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
    if (v > 0xffffffffULL) return std::nullopt;
  }
  return v;
}

std::optional<std::uint32_t> ParseLooseV4(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  std::uint64_t parts[4];
  int n = 0;
  while (true) {
    std::size_t dot = host.find('.');
    std::string_view part = host.substr(0, dot);
    if (n == 4) return std::nullopt;
    auto v = ParsePart(part);
    if (!v) return std::nullopt;
    parts[n++] = *v;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  std::uint64_t addr = 0;
  for (int i = 0; i < n - 1; ++i) {
    if (parts[i] > 0xff) return std::nullopt;
    addr |= parts[i] << (8 * (3 - i));
  }
  const std::uint64_t last_max = 0xffffffffULL >> (8 * (n - 1));
  if (parts[n - 1] > last_max) return std::nullopt;
  addr |= parts[n - 1];
  return static_cast<std::uint32_t>(addr);
}

std::string V4Text(std::uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) +
         "." + std::to_string((a >> 8) & 0xff) + "." + std::to_string(a & 0xff);
}

std::optional<V6> ParseV6(std::string_view text) {
  // A zone id ("fe80::1%eth0") names an interface: strip it, the address
  // itself is what gets classified.
  std::string s(text.substr(0, text.find('%')));
  V6 out{};
  if (inet_pton(AF_INET6, s.c_str(), out.data()) != 1) return std::nullopt;
  return out;
}

bool InV4(std::uint32_t a, std::uint32_t net, int bits) {
  const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return (a & mask) == net;
}

constexpr std::uint32_t V4(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

AddressClass ClassifyV4(std::uint32_t a) {
  if (InV4(a, V4(0, 0, 0, 0), 8)) return AddressClass::kUnspecified;
  if (InV4(a, V4(127, 0, 0, 0), 8)) return AddressClass::kLoopback;
  if (InV4(a, V4(10, 0, 0, 0), 8) || InV4(a, V4(172, 16, 0, 0), 12) ||
      InV4(a, V4(192, 168, 0, 0), 16)) {
    return AddressClass::kPrivate;
  }
  // AWS/GCP/Azure/OpenStack 169.254.169.254, ECS task metadata 169.254.170.2,
  // Oracle's 192.0.0.192, Alibaba's 100.100.100.200.
  if (a == V4(169, 254, 169, 254) || a == V4(169, 254, 170, 2) ||
      a == V4(192, 0, 0, 192) || a == V4(100, 100, 100, 200)) {
    return AddressClass::kMetadata;
  }
  if (InV4(a, V4(169, 254, 0, 0), 16)) return AddressClass::kLinkLocal;
  if (InV4(a, V4(100, 64, 0, 0), 10)) return AddressClass::kCgnat;
  if (InV4(a, V4(224, 0, 0, 0), 4)) return AddressClass::kMulticast;
  if (InV4(a, V4(240, 0, 0, 0), 4) ||      // reserved + broadcast
      InV4(a, V4(192, 0, 0, 0), 24) ||     // IETF protocol assignments
      InV4(a, V4(192, 0, 2, 0), 24) ||     // TEST-NET-1
      InV4(a, V4(198, 51, 100, 0), 24) ||  // TEST-NET-2
      InV4(a, V4(203, 0, 113, 0), 24) ||   // TEST-NET-3
      InV4(a, V4(192, 88, 99, 0), 24) ||   // 6to4 relay anycast
      InV4(a, V4(198, 18, 0, 0), 15)) {    // benchmarking
    return AddressClass::kReserved;
  }
  return AddressClass::kPublic;
}

std::uint32_t V4At(const V6& b, int i) {
  return (static_cast<std::uint32_t>(b[i]) << 24) |
         (static_cast<std::uint32_t>(b[i + 1]) << 16) |
         (static_cast<std::uint32_t>(b[i + 2]) << 8) | b[i + 3];
}

// An IPv6 address carrying an IPv4 one: non-public inner addresses keep
// their class (so ::ffff:127.0.0.1 is loopback); public ones are `outer`.
AddressClass Embedded(std::uint32_t inner, AddressClass outer) {
  AddressClass c = ClassifyV4(inner);
  return c == AddressClass::kPublic ? outer : c;
}

AddressClass ClassifyV6(const V6& b) {
  static constexpr unsigned char kZero[16] = {};
  if (std::memcmp(b.data(), kZero, 16) == 0) return AddressClass::kUnspecified;
  if (std::memcmp(b.data(), kZero, 15) == 0 && b[15] == 1) {
    return AddressClass::kLoopback;
  }
  // ::ffff:a.b.c.d (v4-mapped): exactly the IPv4 address.
  if (std::memcmp(b.data(), kZero, 10) == 0 && b[10] == 0xff && b[11] == 0xff) {
    return ClassifyV4(V4At(b, 12));
  }
  // ::a.b.c.d (v4-compatible, deprecated): never a legitimate target.
  if (std::memcmp(b.data(), kZero, 12) == 0) {
    return Embedded(V4At(b, 12), AddressClass::kReserved);
  }
  // ::ffff:0:a.b.c.d (SIIT translated).
  if (std::memcmp(b.data(), kZero, 8) == 0 && b[8] == 0xff && b[9] == 0xff &&
      b[10] == 0 && b[11] == 0) {
    return Embedded(V4At(b, 12), AddressClass::kReserved);
  }
  // 64:ff9b::/96 NAT64 well-known prefix: as the IPv4 it translates to.
  static constexpr unsigned char kNat64[12] = {0, 0x64, 0xff, 0x9b};
  if (std::memcmp(b.data(), kNat64, 12) == 0) {
    return Embedded(V4At(b, 12), AddressClass::kPublic);
  }
  // fd00:ec2::254, the AWS metadata service over IPv6.
  static constexpr unsigned char kAwsMeta[16] = {
      0xfd, 0, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
  if (std::memcmp(b.data(), kAwsMeta, 16) == 0) return AddressClass::kMetadata;
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::kUniqueLocal;  // fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::kLinkLocal;
  if (b[0] == 0xff) return AddressClass::kMulticast;
  // 2002::/16 6to4: the embedded IPv4 is where it goes.
  if (b[0] == 0x20 && b[1] == 0x02) {
    return Embedded(V4At(b, 2), AddressClass::kPublic);
  }
  // 2001::/32 Teredo (obfuscated IPv4 inside), 2001:db8::/32 documentation,
  // 2001:10::/28 ORCHID, 64:ff9b:1::/48 local NAT64, 100::/64 discard.
  if (b[0] == 0x20 && b[1] == 0x01 &&
      ((b[2] == 0 && b[3] == 0) || (b[2] == 0x0d && b[3] == 0xb8) ||
       (b[2] == 0 && (b[3] & 0xf0) == 0x10))) {
    return AddressClass::kReserved;
  }
  // Only 2000::/3 is global unicast; everything else is special-purpose.
  if ((b[0] & 0xe0) != 0x20) return AddressClass::kReserved;
  return AddressClass::kPublic;
}

}  // namespace

std::string_view AddressClassName(AddressClass c) noexcept {
  switch (c) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kMetadata:
      return "cloud metadata";
    case AddressClass::kCgnat:
      return "carrier-grade NAT";
    case AddressClass::kUniqueLocal:
      return "IPv6 unique-local";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kReserved:
      return "reserved";
  }
  return "reserved";
}

std::optional<std::string> ParseHostLiteral(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.find(':') != std::string_view::npos) {
    auto v6 = ParseV6(host);
    if (!v6) return std::nullopt;
    char buf[INET6_ADDRSTRLEN];
    if (inet_ntop(AF_INET6, v6->data(), buf, sizeof buf) == nullptr) {
      return std::nullopt;
    }
    return std::string(buf);
  }
  auto v4 = ParseLooseV4(host);
  if (!v4) return std::nullopt;
  return V4Text(*v4);
}

AddressClass ClassifyAddress(std::string_view address) {
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  }
  if (address.find(':') != std::string_view::npos) {
    auto v6 = ParseV6(address);
    return v6 ? ClassifyV6(*v6) : AddressClass::kReserved;
  }
  auto v4 = ParseLooseV4(address);
  return v4 ? ClassifyV4(*v4) : AddressClass::kReserved;
}

}  // namespace dw::connectors
