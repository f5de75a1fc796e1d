// File: server/api/epoch_cache.hpp
//
// A bounded, sharded cache whose entries are only valid for the "epoch" they
// were computed in. The server bumps the epoch after every committed write,
// so any cached principal, membership or org is dropped the moment anything
// changes on this process: a revoked key, a deleted user or a removed
// membership is denied on the very next request. Reads vastly outnumber
// writes, so the hot authenticated read path is served without SQL.
//
// Correctness rule for callers: read the epoch BEFORE reading the store and
// Put() with that value; an entry computed from data older than a concurrent
// commit then carries a stale epoch and is never served.
//
// Thread-safety: all methods may be called concurrently.
#ifndef DRIFTWISE_SERVER_API_EPOCH_CACHE_HPP
#define DRIFTWISE_SERVER_API_EPOCH_CACHE_HPP

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dw::server {

template <class V>
class EpochCache {
 public:
  explicit EpochCache(std::size_t capacity = 1 << 16)
      : per_shard_(capacity / kShards + 1) {}

  std::optional<V> Get(std::string_view key, std::uint64_t epoch) const {
    const Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mu);
    auto it = shard.map.find(std::string(key));
    if (it == shard.map.end() || it->second.epoch != epoch) return std::nullopt;
    return it->second.value;
  }

  void Put(std::string key, V value, std::uint64_t epoch) {
    Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mu);
    // Dropping a whole shard is crude but bounded and O(1) amortized; the
    // entries come back from the store on the next miss.
    if (shard.map.size() >= per_shard_) shard.map.clear();
    shard.map.insert_or_assign(std::move(key), Entry{std::move(value), epoch});
  }

 private:
  static constexpr std::size_t kShards = 16;
  struct Entry {
    V value;
    std::uint64_t epoch;
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Entry> map;
  };
  Shard& ShardFor(std::string_view key) {
    return shards_[std::hash<std::string_view>{}(key) % kShards];
  }
  const Shard& ShardFor(std::string_view key) const {
    return shards_[std::hash<std::string_view>{}(key) % kShards];
  }

  std::size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_EPOCH_CACHE_HPP
