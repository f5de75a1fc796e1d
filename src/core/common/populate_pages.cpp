// File: src/core/common/populate_pages.cpp
#include "common/populate_pages.hpp"

#include <algorithm>
#include <cstdint>

#include "common/fan_out.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace dw {
inline namespace v1 {
namespace internal {

namespace {

#if defined(__linux__)
// Glibc of Debian 12 predates the name; the value is Linux's ABI.
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
constexpr std::uintptr_t kPage = 4096;

void Populate(std::uintptr_t begin, std::uintptr_t end) {
  if (end > begin) {
    // EINVAL on kernels that do not know the advice: nothing to do then.
    (void)madvise(reinterpret_cast<void*>(begin), end - begin,
                  MADV_POPULATE_WRITE);
  }
}
#endif

}  // namespace

void PopulatePages(void* data, std::size_t bytes, int threads) noexcept {
#if defined(__linux__)
  if (data == nullptr || bytes < kPopulateMinBytes) return;
  const auto start = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t begin = (start + kPage - 1) & ~(kPage - 1);
  const std::uintptr_t end = (start + bytes) & ~(kPage - 1);
  if (end <= begin) return;
  const std::uintptr_t pages = (end - begin) / kPage;
  const unsigned parts = FanOutThreads(threads, pages);
  auto part_begin = [&](unsigned p) {
    return begin + pages * p / parts * kPage;
  };
  try {
    FanOut(parts,
           [&](unsigned p) { Populate(part_begin(p), part_begin(p + 1)); });
  } catch (const std::exception&) {
    // Populate never throws; FanOut itself could only fail to allocate.
  }
#else
  (void)data;
  (void)bytes;
  (void)threads;
#endif
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
