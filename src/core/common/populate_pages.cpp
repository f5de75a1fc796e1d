// File: src/core/common/populate_pages.cpp
#include "common/populate_pages.hpp"

#include <algorithm>
#include <cstdint>
#include <system_error>
#include <thread>
#include <vector>

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
  unsigned parts = threads > 0
                       ? static_cast<unsigned>(threads)
                       : std::min(8u, std::thread::hardware_concurrency());
  parts = std::max(1u, parts);
  const std::uintptr_t pages = (end - begin) / kPage;
  auto part_begin = [&](unsigned p) {
    return begin + pages * p / parts * kPage;
  };
  std::vector<std::thread> helpers;
  unsigned started = 1;
  try {
    helpers.reserve(parts - 1);
    for (unsigned p = 1; p < parts; ++p, ++started) {
      helpers.emplace_back(Populate, part_begin(p), part_begin(p + 1));
    }
  } catch (const std::exception&) {
    // Out of threads or memory: the calling thread takes what is left.
  }
  Populate(part_begin(0), part_begin(1));
  if (started < parts) Populate(part_begin(started), end);
  for (std::thread& h : helpers) h.join();
#else
  (void)data;
  (void)bytes;
  (void)threads;
#endif
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
