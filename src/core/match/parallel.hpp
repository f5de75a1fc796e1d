// File: src/core/match/parallel.hpp
//
// The matcher's per-record phases on several threads: [0, n) is cut into
// one contiguous range per thread, in order, so that results gathered per
// range and joined in range order are the same for any thread count.
// Internal.
//
// Thread-safety: a Workers object belongs to one ComputeDrift call; its
// ranges run concurrently and must only write what their range owns.
// Errors: an exception thrown in any range is rethrown by ForRanges after
// every range has finished (the one of the lowest range first).
#ifndef DRIFTWISE_SRC_CORE_MATCH_PARALLEL_HPP
#define DRIFTWISE_SRC_CORE_MATCH_PARALLEL_HPP

#include <time.h>

#include <algorithm>
#include <cstddef>
#include <exception>
#include <vector>

#include "common/fan_out.hpp"

namespace dw {
inline namespace v1 {
namespace match_internal {

/// CPU seconds of the calling thread (on a shared machine wall time would
/// mostly measure the neighbours).
inline double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

class Workers {
 public:
  /// Threads to use: `requested`, or automatic when 0 (common/fan_out.hpp).
  explicit Workers(unsigned requested)
      : count_(internal::FanOutThreads(requested, kMaxThreads)) {}

  unsigned count() const noexcept { return count_; }

  /// Start of range `part` of [0, n) (part == count() gives n).
  std::size_t RangeBegin(std::size_t n, unsigned part) const noexcept {
    return n * part / count_;
  }

  /// Runs fn(part, begin, end) for every range of [0, n): range 0 on the
  /// calling thread, the others on new threads; returns when all are done.
  template <typename Fn>
  void ForRanges(std::size_t n, Fn&& fn) {
    ForParts([&](unsigned part) {
      fn(part, RangeBegin(n, part), RangeBegin(n, part + 1));
    });
  }

  /// Runs fn(part) for part in [0, count()), part 0 on the calling thread.
  template <typename Fn>
  void ForParts(Fn&& fn) {
    if (count_ == 1) {
      fn(0u);
      return;
    }
    std::vector<double> cpu(count_, 0.0);
    try {
      internal::FanOut(count_, [&](unsigned part) {
        if (part == 0) return fn(0u);
        double start = ThreadCpuSeconds();
        struct Account {  // counted even when fn throws
          double start;
          double* out;
          ~Account() { *out = ThreadCpuSeconds() - start; }
        } account{start, &cpu[part]};
        fn(part);
      });
    } catch (...) {
      for (unsigned part = 1; part < count_; ++part) helper_cpu_ += cpu[part];
      throw;
    }
    for (unsigned part = 1; part < count_; ++part) helper_cpu_ += cpu[part];
  }

  /// CPU seconds the helper threads spent since the last call (the calling
  /// thread's own share is in its thread clock).
  double TakeHelperCpuSeconds() noexcept {
    double s = helper_cpu_;
    helper_cpu_ = 0;
    return s;
  }

 private:
  static constexpr unsigned kMaxThreads = 256;
  unsigned count_ = 1;
  double helper_cpu_ = 0;
};

/// Sorts `v` by `less`, which must be a strict total order (no two
/// elements equivalent), so that the result is the one std::sort gives,
/// whatever the thread count: each thread sorts one range, then pairs of
/// sorted runs are merged (pairs in parallel) until one run is left.
template <typename Vector, typename Less>
void ParallelSort(Vector& v, Less less, Workers& workers) {
  const std::size_t n = v.size();
  workers.ForRanges(n, [&](unsigned, std::size_t begin, std::size_t end) {
    std::sort(v.begin() + static_cast<std::ptrdiff_t>(begin),
              v.begin() + static_cast<std::ptrdiff_t>(end), less);
  });
  if (workers.count() == 1) return;
  std::vector<std::size_t> bounds;
  for (unsigned p = 0; p <= workers.count(); ++p) {
    bounds.push_back(workers.RangeBegin(n, p));
  }
  Vector merged(n);
  while (bounds.size() > 2) {
    const std::size_t runs = bounds.size() - 1;
    const std::size_t pairs = (runs + 1) / 2;
    workers.ForParts([&](unsigned part) {
      for (std::size_t i = part; i < pairs; i += workers.count()) {
        auto at = [&](std::size_t k) {
          return static_cast<std::ptrdiff_t>(bounds[std::min(k, runs)]);
        };
        std::merge(v.begin() + at(2 * i), v.begin() + at(2 * i + 1),
                   v.begin() + at(2 * i + 1), v.begin() + at(2 * i + 2),
                   merged.begin() + at(2 * i), less);
      }
    });
    std::vector<std::size_t> next;
    for (std::size_t k = 0; k < runs; k += 2) next.push_back(bounds[k]);
    next.push_back(n);
    bounds.swap(next);
    v.swap(merged);
  }
}

}  // namespace match_internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_MATCH_PARALLEL_HPP
