// File: server/jwt/verified_token_cache.hpp
//
// Tokens that passed full verification, keyed by the SHA-256 of the token
// text, so a client reusing its bearer token (the common case) costs a hash
// and a map lookup instead of a signature check (tens of microseconds).
//
// Only fully verified tokens are inserted, so a hit means these exact bytes
// were verified before. Entries remember the key-set generation they were
// verified under: after a JWKS rotation they no longer hit, and the token is
// verified again against the new keys. The time claims are re-checked by the
// caller on every hit; entries past their exp are dropped lazily.
//
// Bounded: `capacity` entries in total, spread over shards; a full shard
// first drops expired entries, then an arbitrary one.
//
// Thread-safety: all methods may be called concurrently (one mutex per
// shard).
#ifndef DRIFTWISE_SERVER_JWT_VERIFIED_TOKEN_CACHE_HPP
#define DRIFTWISE_SERVER_JWT_VERIFIED_TOKEN_CACHE_HPP

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "jwt/jwt_claims.hpp"

namespace dw::server {

class VerifiedTokenCache {
 public:
  using Digest = std::array<unsigned char, 32>;

  /// `capacity` 0 disables the cache (Find never hits, Insert does nothing).
  explicit VerifiedTokenCache(std::size_t capacity);

  static Digest DigestOf(std::string_view token);

  /// The claims cached for `digest` under `generation`, or nullptr.
  std::shared_ptr<const JwtClaims> Find(const Digest& digest,
                                        std::uint64_t generation) const;

  /// Caches `claims`; `now_unix` lets a full shard drop expired entries
  /// (those whose exp + `grace_seconds` is past).
  void Insert(const Digest& digest, std::shared_ptr<const JwtClaims> claims,
              std::uint64_t generation, std::int64_t now_unix,
              std::int64_t grace_seconds);

  std::size_t size() const;
  void Clear();

 private:
  struct Entry {
    std::shared_ptr<const JwtClaims> claims;
    std::uint64_t generation = 0;
  };
  struct DigestHash {
    std::size_t operator()(const Digest& d) const noexcept;
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<Digest, Entry, DigestHash> entries;
  };
  Shard& ShardFor(const Digest& d) const;

  std::size_t per_shard_capacity_;
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_JWT_VERIFIED_TOKEN_CACHE_HPP
