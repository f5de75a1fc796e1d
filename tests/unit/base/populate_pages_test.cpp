// Tests for src/core/common/populate_pages.hpp: PopulatePages backs fresh
// memory without changing what it holds.
#include "common/populate_pages.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace dw::internal {
namespace {

// A private anonymous mapping, unmapped at the end of the test.
class Mapping {
 public:
  explicit Mapping(std::size_t bytes) : bytes_(bytes) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    data_ = p == MAP_FAILED ? nullptr : static_cast<char*>(p);
  }
  ~Mapping() {
    if (data_ != nullptr) munmap(data_, bytes_);
  }
  char* data() const { return data_; }

  // Pages of [data + from, data + to) the kernel has backed (mincore).
  std::size_t ResidentPages(std::size_t from, std::size_t to) const {
    const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> flags((to - from) / page);
    if (mincore(data_ + from, to - from, flags.data()) != 0) return 0;
    std::size_t n = 0;
    for (unsigned char f : flags) n += f & 1;
    return n;
  }

 private:
  std::size_t bytes_;
  char* data_ = nullptr;
};

// Whether this kernel knows MADV_POPULATE_WRITE (Linux 5.14+).
bool KernelPopulates() {
  Mapping probe(1 << 16);
  return probe.data() != nullptr &&
         madvise(probe.data(), 1 << 16, 23 /* MADV_POPULATE_WRITE */) == 0;
}

TEST(PopulatePages, BacksEveryPageOfAFreshMappingOnAnyThreadCount) {
  if (!KernelPopulates()) GTEST_SKIP() << "kernel without MADV_POPULATE_WRITE";
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t bytes = kPopulateMinBytes + 16 * page;
  for (int threads : {1, 2, 3, 0}) {
    Mapping m(bytes);
    ASSERT_NE(m.data(), nullptr);
    ASSERT_EQ(m.ResidentPages(0, bytes), 0u) << "fresh mappings start empty";
    PopulatePages(m.data(), bytes, threads);
    EXPECT_EQ(m.ResidentPages(0, bytes), bytes / page) << threads;
  }
}

TEST(PopulatePages, TouchesOnlyWholePagesInsideTheRange) {
  if (!KernelPopulates()) GTEST_SKIP() << "kernel without MADV_POPULATE_WRITE";
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t bytes = kPopulateMinBytes + 8 * page;
  Mapping m(bytes + 2 * page);
  ASSERT_NE(m.data(), nullptr);
  // From the middle of the first page to the middle of the last: the two
  // partial pages at the ends are not the range's to back.
  PopulatePages(m.data() + page / 2, bytes + page, 2);
  EXPECT_EQ(m.ResidentPages(0, page), 0u);
  EXPECT_EQ(m.ResidentPages(page, bytes + page), bytes / page);
  EXPECT_EQ(m.ResidentPages(bytes + page, bytes + 2 * page), 0u);
}

TEST(PopulatePages, LeavesSmallRangesAlone) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t bytes = kPopulateMinBytes - page;
  Mapping m(bytes);
  ASSERT_NE(m.data(), nullptr);
  PopulatePages(m.data(), bytes, 2);
  EXPECT_EQ(m.ResidentPages(0, bytes), 0u);
  PopulatePages(nullptr, bytes * 4, 2);  // and a null pointer is no range
}

TEST(PopulatePages, KeepsTheContentsOfMemoryInUse) {
  std::vector<std::uint32_t> values(kPopulateMinBytes / sizeof(std::uint32_t) +
                                    12345);
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = static_cast<std::uint32_t>(i * 2654435761u);
  }
  PopulatePages(values.data(), values.size() * sizeof(std::uint32_t), 2);
  for (std::size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(values[i], static_cast<std::uint32_t>(i * 2654435761u)) << i;
  }
}

}  // namespace
}  // namespace dw::internal
