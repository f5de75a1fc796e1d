// File: server/http/request_id.cpp
#include "http/request_id.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>

namespace dw::server {
namespace {

// xoshiro-style speed is not needed; splitmix64 seeded per thread from
// std::random_device gives unpredictable-enough ids without a syscall per
// request. (Ids are correlation handles, not secrets.)
std::uint64_t NextRandom() {
  thread_local std::uint64_t state = [] {
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  }();
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

bool IsValidClientRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
           c == '-';
  });
}

std::string GenerateRequestId() {
  static constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  // ULID: 48-bit milliseconds then 80 random bits, 128 bits in 26 chars
  // (the first char carries only 3 bits).
  const std::uint64_t r1 = NextRandom();
  const std::uint64_t r2 = NextRandom();
  const std::uint64_t hi = ((ms & 0xFFFFFFFFFFFFULL) << 16) | (r1 & 0xFFFF);
  const std::uint64_t lo = r2;
  std::string id = "req_";
  id.resize(4 + 26);
  for (unsigned i = 0; i < 26; ++i) {
    const unsigned shift = 5 * (25 - i);  // bit offset in the 128-bit value
    std::uint64_t group;
    if (shift >= 64) {
      group = hi >> (shift - 64);
    } else if (shift + 5 <= 64) {
      group = lo >> shift;
    } else {
      group = (lo >> shift) | (hi << (64 - shift));
    }
    id[4 + i] = kCrockford[group & 0x1F];
  }
  return id;
}

std::string ChooseRequestId(std::optional<std::string_view> client_id) {
  if (client_id && IsValidClientRequestId(*client_id)) {
    return std::string(*client_id);
  }
  return GenerateRequestId();
}

}  // namespace dw::server
