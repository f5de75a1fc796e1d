// File: src/core/plan/change_feed.hpp
//
// The resource changes a plan's first pass has located, handed to the
// threads that parse them while the first pass is still walking: one
// producer appends, any number of consumers wait for an index and read it.
// Entries live in fixed blocks that never move (the table of blocks is
// sized up front), so a consumer can read an entry while the producer
// appends later ones. Internal.
#ifndef DRIFTWISE_SRC_CORE_PLAN_CHANGE_FEED_HPP
#define DRIFTWISE_SRC_CORE_PLAN_CHANGE_FEED_HPP

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

// A resource change located by the first pass, parsed by the second.
struct PendingChange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  bool drift = false;       // in resource_drift rather than resource_changes
  std::uint32_t index = 0;  // position in its list (for error paths)
  // Position among all changes of its kind (drift or not) in input order:
  // its place in the Plan's list, even when a plan repeats a list's key.
  std::uint32_t ordinal = 0;
  Status error;  // set when the entry is not even an object
};

// Numbers changes of each kind in the order they are located.
class ChangeOrdinals {
 public:
  std::uint32_t Next(bool drift) { return next_[drift ? 1 : 0]++; }

 private:
  std::uint32_t next_[2] = {0, 0};
};

class ChangeFeed {
 public:
  /// `max_changes` bounds how many entries will ever be pushed (a plan of
  /// N bytes holds fewer than N / 2 changes: each takes at least "{}").
  explicit ChangeFeed(std::size_t max_changes)
      : blocks_(max_changes / kBlock + 1) {}

  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  /// Producer only. Entries become visible in groups, and all at Close().
  void Push(PendingChange change) {
    if (size_ % kBlock == 0) {
      blocks_[size_ / kBlock] = std::make_unique<PendingChange[]>(kBlock);
    }
    blocks_[size_ / kBlock][size_ % kBlock] = std::move(change);
    ++size_;
    if (size_ % kPublishEvery == 0) Publish(false);
  }

  /// Producer only: no more entries. Wakes every waiting consumer.
  void Close() { Publish(true); }

  /// Waits until entry `i` is visible (true) or the feed closed without
  /// it (false).
  bool Wait(std::size_t i) const {
    std::uint64_t state = state_.load(std::memory_order_acquire);
    if (i < (state >> 1)) return true;  // the usual case: no lock
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      state = state_.load(std::memory_order_acquire);
      if (i < (state >> 1)) return true;
      if (state & 1) return false;
      published_.wait(lock);
    }
  }

  /// Entry `i`, after Wait(i) returned true (or, on the producer's thread).
  const PendingChange& operator[](std::size_t i) const {
    return blocks_[i / kBlock][i % kBlock];
  }

  /// Entries pushed so far (producer), or visible after Close (anyone).
  std::size_t size() const { return size_; }

 private:
  static constexpr std::size_t kBlock = 1024;
  // Small enough that consumers start soon after the producer does, large
  // enough that wake-ups stay rare.
  static constexpr std::size_t kPublishEvery = 32;

  void Publish(bool closed) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      state_.store((std::uint64_t{size_} << 1) | (closed ? 1 : 0),
                   std::memory_order_release);
    }
    published_.notify_all();
  }

  std::vector<std::unique_ptr<PendingChange[]>> blocks_;
  std::size_t size_ = 0;
  // Visible entries << 1 | closed; read without the lock by consumers
  // that find what they want, changed under it so that no waiter misses a
  // wake-up.
  std::atomic<std::uint64_t> state_{0};
  mutable std::mutex mu_;
  mutable std::condition_variable published_;
};

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_PLAN_CHANGE_FEED_HPP
