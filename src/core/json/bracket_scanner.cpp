// File: src/core/json/bracket_scanner.cpp
#include "json/bracket_scanner.hpp"

#include <bit>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace dw {
inline namespace v1 {
namespace internal {
namespace {

constexpr std::size_t kBlock = 64;

// Bit i is set when byte i of the block is that character.
struct BlockMasks {
  std::uint64_t quote = 0;
  std::uint64_t backslash = 0;
  std::uint64_t open = 0;   // { or [
  std::uint64_t close = 0;  // } or ]
};

// OR-ing 0x20 folds '[' (0x5B) onto '{' (0x7B) and ']' (0x5D) onto '}'
// (0x7D), and no other byte onto either: one compare finds both kinds.
#if defined(__x86_64__)
#define DW_HAVE_AVX2_SCAN 1
// Bit i of the result: the top bit of byte i of lo:hi.
[[gnu::target("avx2")]] inline std::uint64_t Bits(__m256i lo, __m256i hi) {
  return static_cast<std::uint64_t>(
             static_cast<std::uint32_t>(_mm256_movemask_epi8(lo))) |
         static_cast<std::uint64_t>(
             static_cast<std::uint32_t>(_mm256_movemask_epi8(hi)))
             << 32;
}

[[gnu::target("avx2")]] inline BlockMasks ClassifyAvx2(const char* p) noexcept {
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i backslash = _mm256_set1_epi8('\\');
  const __m256i fold = _mm256_set1_epi8(0x20);
  const __m256i open = _mm256_set1_epi8('{');
  const __m256i close = _mm256_set1_epi8('}');
  const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i hi =
      _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  const __m256i lo_folded = _mm256_or_si256(lo, fold);
  const __m256i hi_folded = _mm256_or_si256(hi, fold);
  BlockMasks m;
  m.quote = Bits(_mm256_cmpeq_epi8(lo, quote), _mm256_cmpeq_epi8(hi, quote));
  m.backslash =
      Bits(_mm256_cmpeq_epi8(lo, backslash), _mm256_cmpeq_epi8(hi, backslash));
  m.open = Bits(_mm256_cmpeq_epi8(lo_folded, open),
                _mm256_cmpeq_epi8(hi_folded, open));
  m.close = Bits(_mm256_cmpeq_epi8(lo_folded, close),
                 _mm256_cmpeq_epi8(hi_folded, close));
  return m;
}
#endif

// The portable classifier, for CPUs without AVX2 (and other architectures).
inline BlockMasks ClassifyPortable(const char* p) noexcept {
  BlockMasks m;
  for (std::size_t i = 0; i < kBlock; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    const char folded = static_cast<char>(p[i] | 0x20);
    m.quote |= p[i] == '"' ? bit : 0;
    m.backslash |= p[i] == '\\' ? bit : 0;
    m.open |= folded == '{' ? bit : 0;
    m.close |= folded == '}' ? bit : 0;
  }
  return m;
}

// The bytes escaped by a backslash: those after an odd-length run of
// backslashes. `carry` says the previous block ended inside such a run
// (so this block's first byte is escaped), and is updated for the next.
// Runs starting on odd bit positions are found by adding their start bits
// to the backslash mask: the carry ripples to the end of each run, and the
// parity of where a run ends against where it started tells whether the
// byte after it is escaped.
std::uint64_t Escaped(std::uint64_t backslash, std::uint64_t* carry) noexcept {
  if (backslash == 0) {
    const std::uint64_t escaped = *carry;
    *carry = 0;
    return escaped;
  }
  constexpr std::uint64_t kEven = 0x5555555555555555ULL;
  backslash &= ~*carry;  // an escaped backslash starts nothing
  const std::uint64_t follows = (backslash << 1) | *carry;
  const std::uint64_t odd_starts = backslash & ~kEven & ~follows;
  std::uint64_t sum = 0;
  *carry = __builtin_add_overflow(odd_starts, backslash, &sum) ? 1 : 0;
  return (kEven ^ (sum << 1)) & follows;
}

// Bit i set when an odd number of bits at or below i are set in x.
std::uint64_t PrefixXor(std::uint64_t x) noexcept {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// The block loop is written once (bracket_scan_loop.inc) and compiled into
// each target's function: a function built for AVX2 may inline baseline
// code but not the other way round, so a template could not share it.
#if defined(DW_HAVE_AVX2_SCAN)
[[gnu::target("avx2,popcnt")]] std::size_t FindClosingBracketAvx2(
    const char* buf, std::size_t len, std::size_t open) noexcept {
#define DW_CLASSIFY ClassifyAvx2
#include "json/bracket_scan_loop.inc"
#undef DW_CLASSIFY
}
#endif

}  // namespace

std::size_t FindClosingBracketPortable(const char* buf, std::size_t len,
                                       std::size_t open) noexcept {
#define DW_CLASSIFY ClassifyPortable
#include "json/bracket_scan_loop.inc"
#undef DW_CLASSIFY
}

std::size_t FindClosingBracket(const char* buf, std::size_t len,
                               std::size_t open) noexcept {
#if defined(DW_HAVE_AVX2_SCAN)
  static const bool avx2 =
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
  if (avx2) return FindClosingBracketAvx2(buf, len, open);
#endif
  return FindClosingBracketPortable(buf, len, open);
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
