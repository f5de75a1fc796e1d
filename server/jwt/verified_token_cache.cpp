// File: server/jwt/verified_token_cache.cpp
#include "jwt/verified_token_cache.hpp"

#include <openssl/sha.h>

#include <cstring>

namespace dw::server {
namespace {
// Enough shards that two worker threads rarely meet on one mutex.
constexpr std::size_t kShards = 16;
}  // namespace

VerifiedTokenCache::VerifiedTokenCache(std::size_t capacity)
    : per_shard_capacity_(capacity == 0 ? 0
                                        : (capacity + kShards - 1) / kShards),
      shards_(new Shard[kShards]) {}

VerifiedTokenCache::Digest VerifiedTokenCache::DigestOf(
    std::string_view token) {
  Digest d;
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(),
         d.data());
  return d;
}

std::size_t VerifiedTokenCache::DigestHash::operator()(
    const Digest& d) const noexcept {
  std::size_t h;  // SHA-256 output is already uniformly distributed
  std::memcpy(&h, d.data(), sizeof h);
  return h;
}

VerifiedTokenCache::Shard& VerifiedTokenCache::ShardFor(const Digest& d) const {
  return shards_[d[31] % kShards];  // bytes other than those hashed above
}

std::shared_ptr<const JwtClaims> VerifiedTokenCache::Find(
    const Digest& digest, std::uint64_t generation) const {
  if (per_shard_capacity_ == 0) return nullptr;
  Shard& shard = ShardFor(digest);
  std::lock_guard<std::mutex> lock(shard.mu);
  const auto it = shard.entries.find(digest);
  if (it == shard.entries.end() || it->second.generation != generation) {
    return nullptr;
  }
  return it->second.claims;
}

void VerifiedTokenCache::Insert(const Digest& digest,
                                std::shared_ptr<const JwtClaims> claims,
                                std::uint64_t generation, std::int64_t now_unix,
                                std::int64_t grace_seconds) {
  if (per_shard_capacity_ == 0) return;
  Shard& shard = ShardFor(digest);
  std::lock_guard<std::mutex> lock(shard.mu);
  if (shard.entries.size() >= per_shard_capacity_ &&
      shard.entries.find(digest) == shard.entries.end()) {
    std::erase_if(shard.entries, [&](const auto& kv) {
      return kv.second.claims->exp + grace_seconds <= now_unix ||
             kv.second.generation != generation;
    });
    // Still full of live tokens: drop one. Which one matters little; the
    // cache is a shortcut, never the authority.
    if (shard.entries.size() >= per_shard_capacity_) {
      shard.entries.erase(shard.entries.begin());
    }
  }
  shard.entries.insert_or_assign(digest, Entry{std::move(claims), generation});
}

std::size_t VerifiedTokenCache::size() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < kShards; ++i) {
    std::lock_guard<std::mutex> lock(shards_[i].mu);
    n += shards_[i].entries.size();
  }
  return n;
}

void VerifiedTokenCache::Clear() {
  for (std::size_t i = 0; i < kShards; ++i) {
    std::lock_guard<std::mutex> lock(shards_[i].mu);
    shards_[i].entries.clear();
  }
}

}  // namespace dw::server
