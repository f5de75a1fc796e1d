// File: src/core/common/populate_pages.hpp
//
// Backing fresh memory in bulk, on several threads, before it is written.
//
// Memory a large allocation gets from the kernel is mapped on first touch,
// one page fault per 4 KiB page, all on the thread that writes first. On
// the project's 2-core VM that cost varied from 0.17 to 0.6 s for the 392
// MB that a million state resources are moved into after reading in parts;
// asking the kernel for the pages in one call per thread (Linux's
// MADV_POPULATE_WRITE) took 0.06 s on two threads, 0.11 s on one.
#ifndef DRIFTWISE_SRC_CORE_COMMON_POPULATE_PAGES_HPP
#define DRIFTWISE_SRC_CORE_COMMON_POPULATE_PAGES_HPP

#include <cstddef>
#include <vector>

namespace dw {
inline namespace v1 {
namespace internal {

/// Below this many bytes PopulatePages does nothing: the calls and threads
/// would cost more than the faults they save.
inline constexpr std::size_t kPopulateMinBytes = std::size_t{16} << 20;

/// Asks the kernel to back the whole pages inside [data, data + bytes) with
/// writable memory now, split over `threads` threads (1: the calling thread
/// only; 0: one per core, at most 8). The contents do not change: pages
/// already present stay as they are. Best effort and silent: nothing
/// happens for fewer than kPopulateMinBytes, on kernels before 5.14, or on
/// systems without MADV_POPULATE_WRITE; a thread that cannot be started
/// leaves its share to the calling thread.
/// Thread-safety: the caller must own the memory; other threads must not
/// unmap it during the call.
void PopulatePages(void* data, std::size_t bytes, int threads) noexcept;

/// Reserves room for `n` elements in `v` and backs the part of it past the
/// current elements (PopulatePages, on `threads` threads).
template <typename T>
void ReservePopulated(std::vector<T>& v, std::size_t n, int threads) {
  v.reserve(n);
  if (n > v.size()) {
    PopulatePages(v.data() + v.size(), (n - v.size()) * sizeof(T), threads);
  }
}

/// Grows `v` to `n` elements (as resize), backing the memory they will
/// occupy first (PopulatePages, on `threads` threads) when the vector has
/// to take it fresh. With one thread it only resizes: for ComputeDrift's
/// record arrays, populating on the one thread that then writes them was
/// slower than faulting them in as it writes (0.06 s more at a million).
template <typename T>
void ResizePopulated(std::vector<T>& v, std::size_t n, int threads) {
  if (threads != 1) ReservePopulated(v, n, threads);
  v.resize(n);
}

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_COMMON_POPULATE_PAGES_HPP
