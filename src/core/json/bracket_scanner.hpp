// File: src/core/json/bracket_scanner.hpp
//
// Finds the bracket that closes a JSON object or array, 64 bytes at a time,
// without building any index: per block it computes bit masks of quotes,
// backslashes and brackets (SSE2 on x86-64, a portable loop elsewhere),
// removes escaped quotes, turns the quotes into an in-string mask with a
// prefix XOR, and counts the brackets outside strings. Only blocks where the
// depth could reach zero are walked bit by bit.
//
// The top-level locator (top_level_locator.hpp) uses it to step over each
// entry of a large list (a plan's resource changes, a state's resources, an
// inventory's records) and each large top-level section: that is the whole
// first pass over such a file, so it must run near memory speed and
// allocate nothing.
//
// It does not validate JSON: `{` and `[` count alike, as do `}` and `]`.
// The parse of each entry (and of each section, when asked for) does.
#ifndef DRIFTWISE_SRC_CORE_JSON_BRACKET_SCANNER_HPP
#define DRIFTWISE_SRC_CORE_JSON_BRACKET_SCANNER_HPP

#include <cstddef>
#include <cstdint>

namespace dw {
inline namespace v1 {
namespace internal {

/// `buf[open]` is `{` or `[` outside any string. Returns the offset of the
/// bracket that closes it, or `len` when the input ends first. Reads only
/// [buf, buf + len). Thread-safe (no state).
std::size_t FindClosingBracket(const char* buf, std::size_t len,
                               std::size_t open) noexcept;
/// The same without SIMD: what CPUs without AVX2 run. Exposed so tests can
/// hold both to the same answers.
std::size_t FindClosingBracketPortable(const char* buf, std::size_t len,
                                       std::size_t open) noexcept;

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_JSON_BRACKET_SCANNER_HPP
