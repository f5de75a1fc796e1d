// File: server/store/ids.cpp
#include "store/ids.hpp"

#include <openssl/rand.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "driftwise/time.hpp"

namespace dw::server {

std::string NewUuidV4() {
  std::array<unsigned char, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) {
    // Without randomness ids could collide; refusing is the only safe answer.
    std::fprintf(stderr, "driftwise: RAND_bytes failed; cannot make an id\n");
    std::abort();
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 9562 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0x0f]);
  }
  return out;
}

bool IsUuidText(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                 (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

std::string FormatRfc3339Micros(std::int64_t micros_since_epoch) {
  return dw::FormatRfc3339Micros(micros_since_epoch);
}

std::string NowRfc3339() {
  return dw::FormatRfc3339Micros(dw::NowUnixMicros());
}

bool IsStoreTime(std::string_view text) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.ddddddZ";
  if (text.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    bool ok = kShape[i] == 'd' ? (text[i] >= '0' && text[i] <= '9')
                               : text[i] == kShape[i];
    if (!ok) return false;
  }
  return true;
}

}  // namespace dw::server
