// File: src/core/match/identity_index.hpp
//
// The hash side of the join: an open-addressing table from (family,
// normalized identity) to the chain of IaC records with that identity.
// Keys are views into the inputs; nothing is copied. Internal.
#ifndef DRIFTWISE_SRC_CORE_MATCH_IDENTITY_INDEX_HPP
#define DRIFTWISE_SRC_CORE_MATCH_IDENTITY_INDEX_HPP

#include <xxhash.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace dw {
inline namespace v1 {
namespace match_internal {

inline std::uint64_t IdentityHash(std::string_view family,
                                  std::string_view key) {
  return XXH3_64bits_withSeed(key.data(), key.size(),
                              XXH3_64bits(family.data(), family.size()));
}

class IdentityIndex {
 public:
  static constexpr std::uint32_t kEmpty = ~std::uint32_t{0};

  explicit IdentityIndex(std::size_t expected) {
    std::size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;
    slots_.assign(cap, Slot{0, kEmpty});
    mask_ = cap - 1;
  }

  struct Slot {
    std::uint64_t hash;
    std::uint32_t head;  // first record of the chain, kEmpty when free
  };

  /// Asks the CPU to load the slot `hash` starts probing at.
  void Prefetch(std::uint64_t hash) const noexcept {
    __builtin_prefetch(&slots_[hash & mask_]);
  }

  /// The head of the first slot holding `hash` (kEmpty when none), without
  /// comparing keys: only a guess of what Find will read, for prefetching.
  std::uint32_t PeekHead(std::uint64_t hash) const noexcept {
    std::size_t i = hash & mask_;
    while (true) {
      const Slot& s = slots_[i];
      if (s.head == kEmpty || s.hash == hash) return s.head;
      i = (i + 1) & mask_;
    }
  }

  /// The slot holding `hash` whose head record satisfies `same`, or the
  /// empty slot where it would go (its hash already set).
  template <typename Same>
  Slot* Find(std::uint64_t hash, Same same) {
    std::size_t i = hash & mask_;
    while (true) {
      Slot& s = slots_[i];
      if (s.head == kEmpty) {
        s.hash = hash;
        return &s;
      }
      if (s.hash == hash && same(s.head)) return &s;
      i = (i + 1) & mask_;
    }
  }

 private:
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

}  // namespace match_internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_MATCH_IDENTITY_INDEX_HPP
