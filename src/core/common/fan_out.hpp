// File: src/core/common/fan_out.hpp
//
// The one way the core spreads work over threads (docs/design.md §8): how
// many threads a phase uses, and running its parts on them. Plan parsing,
// span batches, page prefetch, audit verification and drift matching all
// go through it, so they share one cap and one behaviour when the system
// has no thread to give. Internal.
//
// Thread policy: an explicit request is honoured; 0 means automatic, one
// thread per hardware thread but at most kAutoThreadCap (measured: these
// phases are memory-bound and stop scaling around 8); either way never
// more threads than pieces of work, never fewer than one.
//
// Errors: a part that throws does not stop the others; once every part has
// finished, the exception of the lowest-numbered part is rethrown. A
// thread that cannot be started (std::system_error, out of memory) is not
// an error: its part runs on the calling thread.
// Thread-safety: parts run concurrently and must only write what their
// part owns. Every thread is joined before FanOut returns (or, for a
// FanOutGroup, before Join() returns / it is destroyed).
#ifndef DRIFTWISE_SRC_CORE_COMMON_FAN_OUT_HPP
#define DRIFTWISE_SRC_CORE_COMMON_FAN_OUT_HPP

#include <algorithm>
#include <cstddef>
#include <exception>
#include <functional>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

namespace dw {
inline namespace v1 {
namespace internal {

inline constexpr unsigned kAutoThreadCap = 8;

/// Threads for a phase: `requested` when positive, else
/// min(hardware threads, kAutoThreadCap); at most `useful`, at least 1.
inline unsigned FanOutThreads(
    long long requested,
    std::size_t useful = std::numeric_limits<std::size_t>::max()) {
  std::size_t n = 0;
  if (requested > 0) {
    n = static_cast<std::size_t>(requested);
  } else {
    n = std::min(std::thread::hardware_concurrency(), kAutoThreadCap);
  }
  n = std::clamp<std::size_t>(std::min(n, useful), 1,
                              std::numeric_limits<unsigned>::max());
  return static_cast<unsigned>(n);
}

/// Helper threads for parts [1, parts), started at construction; part 0
/// and every part whose thread could not start run on the calling thread
/// in Join(). For callers that do other work while the helpers run.
class FanOutGroup {
 public:
  FanOutGroup(unsigned parts, std::function<void(unsigned)> part)
      : part_(std::move(part)), errors_(std::max(parts, 1u)) {
    try {
      helpers_.reserve(errors_.size() - 1);
      for (unsigned p = 1; p < errors_.size(); ++p, ++started_) {
        helpers_.emplace_back([this, p] { RunPart(p); });
      }
    } catch (const std::exception&) {
      // No more threads to be had: Join() runs the rest here.
    }
  }
  FanOutGroup(const FanOutGroup&) = delete;
  FanOutGroup& operator=(const FanOutGroup&) = delete;
  ~FanOutGroup() {
    for (std::thread& t : helpers_) {
      if (t.joinable()) t.join();
    }
  }

  /// Runs part 0 and the parts no thread took, joins the helpers, then
  /// rethrows the first exception (lowest part) if any part threw.
  void Join() {
    RunPart(0);
    for (unsigned p = started_; p < errors_.size(); ++p) RunPart(p);
    for (std::thread& t : helpers_) t.join();
    helpers_.clear();
    for (std::exception_ptr& e : errors_) {
      if (e) std::rethrow_exception(std::exchange(e, nullptr));
    }
  }

 private:
  void RunPart(unsigned p) noexcept {
    try {
      part_(p);
    } catch (...) {
      errors_[p] = std::current_exception();
    }
  }

  std::function<void(unsigned)> part_;
  std::vector<std::exception_ptr> errors_;
  std::vector<std::thread> helpers_;
  unsigned started_ = 1;  // parts [1, started_) have a thread
};

/// Runs part(p) for every p in [0, parts) (at least part 0), on `parts`
/// threads including the calling one, and returns when all are done.
inline void FanOut(unsigned parts, std::function<void(unsigned)> part) {
  if (parts <= 1) {
    part(0);
    return;
  }
  FanOutGroup group(parts, std::move(part));
  group.Join();
}

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_COMMON_FAN_OUT_HPP
