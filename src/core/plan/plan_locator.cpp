// File: src/core/plan/plan_locator.cpp
#include "plan_locator.hpp"

#include <simdjson.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <string_view>

// The walk reads simdjson's stage 1 output (dom_parser_implementation's
// structural index), as the DOM tree builder does.
static_assert(simdjson::SIMDJSON_VERSION_MAJOR == 3, "check stage 1's API");

namespace dw {
inline namespace v1 {
namespace internal {
namespace {

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Asks for transparent huge pages over [p, p + bytes). Advice only: where
// the kernel says no, the buffer simply stays on small pages.
void AdviseHugePages(void* p, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t first = (start + page - 1) / page * page;
  const std::uintptr_t last = (start + bytes) / page * page;
  if (last > first) {
    (void)::madvise(reinterpret_cast<void*>(first), last - first,
                    MADV_HUGEPAGE);
  }
#else
  (void)p;
  (void)bytes;
#endif
}

// Walks the structural index of one input. Indexes below are positions in
// the index; s_[i] is the byte offset of structural i.
class StructuralWalk {
 public:
  StructuralWalk(const char* buf, std::size_t len, const std::uint32_t* s,
                 std::uint32_t n)
      : buf_(buf), len_(len), s_(s), n_(n) {}

  bool Run(LocatedPlan& out) {
    if (n_ < 2 || At(0) != '{') return false;
    std::uint32_t i = 1;
    if (At(i) == '}') return i + 1 == n_;
    for (;;) {
      if (i + 2 >= n_ || At(i) != '"' || At(i + 1) != ':') return false;
      const std::uint64_t key_end = TokenEnd(i) - 1;  // the closing quote
      const char* key = buf_ + s_[i] + 1;
      const std::size_t key_len =
          static_cast<std::size_t>(buf_ + key_end - key);
      if (buf_[key_end] != '"' || std::memchr(key, '\\', key_len) != nullptr) {
        return false;  // escapes: the On-Demand reader unescapes them
      }
      LocatedField field;
      field.name.assign(key, key_len);
      const std::uint32_t v = i + 2;
      const char c = At(v);
      std::uint32_t last = v;  // the value's last structural
      if (field.name == "resource_changes" || field.name == "resource_drift") {
        if (c != '[') return false;
        last = LocateEntries(v, field.name == "resource_drift", out.changes);
      } else if (c == '{' || c == '[') {
        last = Close(v);
      }
      if (last >= n_) return false;
      const std::uint64_t end =
          (c == '{' || c == '[') ? std::uint64_t{s_[last]} + 1 : TokenEnd(v);
      field.offset = s_[v];
      field.length = end - s_[v];
      out.fields.push_back(std::move(field));
      i = last + 1;
      if (i >= n_) return false;
      if (At(i) == ',') {
        ++i;
        continue;
      }
      return At(i) == '}' && i + 1 == n_;  // nothing may follow the plan
    }
  }

 private:
  char At(std::uint32_t i) const { return buf_[s_[i]]; }

  // The structural closing the container opened at `i`; n_ if none.
  std::uint32_t Close(std::uint32_t i) const {
    std::uint32_t depth = 0;
    for (; i < n_; ++i) {
      const char c = At(i);
      if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i;
      }
    }
    return n_;
  }

  // One past the last byte of the scalar starting at structural `i`: it
  // runs to the next structural, without the whitespace before it.
  std::uint64_t TokenEnd(std::uint32_t i) const {
    const char* end = i + 1 < n_ ? buf_ + s_[i + 1] : buf_ + len_;
    const char* begin = buf_ + s_[i];
    while (end > begin && IsJsonSpace(end[-1])) --end;
    return static_cast<std::uint64_t>(end - buf_);
  }

  // Records the objects of the array opened at `open`; returns the index
  // of its ']', or n_ when an entry is not an object or the array is cut.
  std::uint32_t LocateEntries(std::uint32_t open, bool drift,
                              std::vector<LocatedChange>& out) const {
    std::uint32_t j = open + 1;
    if (j < n_ && At(j) == ']') return j;
    for (std::uint32_t index = 0;; ++index) {
      if (j >= n_ || At(j) != '{') return n_;
      const std::uint32_t e = Close(j);
      if (e >= n_) return n_;
      out.push_back({s_[j], std::uint64_t{s_[e]} + 1 - s_[j], drift, index});
      j = e + 1;
      if (j >= n_) return n_;
      if (At(j) == ']') return j;
      if (At(j) != ',') return n_;
      ++j;
    }
  }

  const char* buf_;
  std::size_t len_;
  const std::uint32_t* s_;
  std::uint32_t n_;
};

}  // namespace

bool LocatePlan(const JsonSource& source, LocatedPlan& out) {
  const std::size_t len = source.size();
  if (len == 0 || len > 0xFFFFFFFFu) return false;
  std::unique_ptr<simdjson::internal::dom_parser_implementation> stage1;
  if (simdjson::get_active_implementation()->create_dom_parser_implementation(
          len, simdjson::DEFAULT_MAX_DEPTH, stage1) != simdjson::SUCCESS) {
    return false;
  }
  // The index holds at most one entry per input byte (plus a few).
  AdviseHugePages(stage1->structural_indexes.get(),
                  len * sizeof(std::uint32_t));
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(source.data());
  if (stage1->stage1(bytes, len, simdjson::stage1_mode::regular) !=
      simdjson::SUCCESS) {
    return false;
  }
  StructuralWalk walk(source.data(), len, stage1->structural_indexes.get(),
                      stage1->n_structural_indexes);
  return walk.Run(out);
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
