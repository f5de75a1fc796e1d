// File: src/core/plan/plan_locator.cpp
#include "plan_locator.hpp"

#include <simdjson.h>

#include <cstring>
#include <string>

#include "plan/bracket_scanner.hpp"

namespace dw {
inline namespace v1 {
namespace internal {
namespace {

constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Reads the plan's top level byte by byte (a dozen fields) and steps over
// every container with FindClosingBracket.
class TopLevelWalk {
 public:
  TopLevelWalk(const char* buf, std::size_t len,
               const std::function<void(const LocatedChange&)>& on_change)
      : buf_(buf), len_(len), on_change_(on_change) {}

  bool Run(LocatedPlan& out) {
    std::size_t i = SkipSpace(0);
    if (i >= len_ || buf_[i] != '{') return false;
    i = SkipSpace(i + 1);
    if (i < len_ && buf_[i] == '}') return SkipSpace(i + 1) == len_;
    for (;;) {
      if (i >= len_ || buf_[i] != '"') return false;
      const std::size_t key_end = StringEnd(i);
      if (key_end == kNotFound) return false;
      const char* key = buf_ + i + 1;
      const std::size_t key_len = key_end - 1 - (i + 1);
      if (std::memchr(key, '\\', key_len) != nullptr ||
          !simdjson::validate_utf8(key, key_len)) {
        return false;  // escapes: the On-Demand reader unescapes them
      }
      LocatedField field;
      field.name.assign(key, key_len);
      i = SkipSpace(key_end);
      if (i >= len_ || buf_[i] != ':') return false;
      i = SkipSpace(i + 1);
      if (i >= len_) return false;
      const std::size_t end = ValueEnd(i, field.name, out.changes);
      if (end == kNotFound) return false;
      field.offset = i;
      field.length = end - i;
      out.fields.push_back(std::move(field));
      i = SkipSpace(end);
      if (i >= len_) return false;
      if (buf_[i] == ',') {
        i = SkipSpace(i + 1);
        continue;
      }
      // Nothing but spacing may follow the plan.
      return buf_[i] == '}' && SkipSpace(i + 1) == len_;
    }
  }

 private:
  std::size_t SkipSpace(std::size_t i) const {
    while (i < len_ && IsJsonSpace(buf_[i])) ++i;
    return i;
  }

  // One past the closing quote of the string opening at `i`.
  std::size_t StringEnd(std::size_t i) const {
    for (++i; i < len_; ++i) {
      if (buf_[i] == '\\') {
        ++i;
      } else if (buf_[i] == '"') {
        return i + 1;
      }
    }
    return kNotFound;
  }

  // One past the value starting at `i`; the entries of a change list are
  // recorded on the way. Sections other than the change lists are checked
  // for UTF-8 here, as they are not parsed until asked for (each change is
  // checked by its own parse).
  std::size_t ValueEnd(std::size_t i, const std::string& name,
                       std::vector<LocatedChange>& changes) const {
    const char c = buf_[i];
    std::size_t end;
    if (name == "resource_changes" || name == "resource_drift") {
      if (c != '[') return kNotFound;
      end = LocateEntries(i, name == "resource_drift", changes);
      return end == kNotFound ? kNotFound : end + 1;
    }
    if (c == '{' || c == '[') {
      end = FindClosingBracket(buf_, len_, i);
      if (end >= len_) return kNotFound;
      ++end;
    } else if (c == '"') {
      end = StringEnd(i);
      if (end == kNotFound) return kNotFound;
    } else {
      // A number or literal: up to the next separator. Its grammar is
      // checked when the field is read.
      end = i;
      while (end < len_ && !IsJsonSpace(buf_[end]) && buf_[end] != ',' &&
             buf_[end] != '}' && buf_[end] != ']') {
        ++end;
      }
      if (end == i) return kNotFound;
    }
    if (!simdjson::validate_utf8(buf_ + i, end - i)) return kNotFound;
    return end;
  }

  // Records the objects of the array opened at `open`; returns the offset
  // of its ']', or kNotFound when an entry is not an object or the array
  // is cut short.
  std::size_t LocateEntries(std::size_t open, bool drift,
                            std::vector<LocatedChange>& out) const {
    std::size_t j = SkipSpace(open + 1);
    if (j < len_ && buf_[j] == ']') return j;
    for (std::uint32_t index = 0;; ++index) {
      if (j >= len_ || buf_[j] != '{') return kNotFound;
      const std::size_t close = FindClosingBracket(buf_, len_, j);
      if (close >= len_) return kNotFound;
      const LocatedChange change{j, close + 1 - j, drift, index};
      if (on_change_) {
        on_change_(change);
      } else {
        out.push_back(change);
      }
      j = SkipSpace(close + 1);
      if (j >= len_) return kNotFound;
      if (buf_[j] == ']') return j;
      if (buf_[j] != ',') return kNotFound;
      j = SkipSpace(j + 1);
    }
  }

  const char* buf_;
  std::size_t len_;
  const std::function<void(const LocatedChange&)>& on_change_;
};

}  // namespace

bool LocatePlan(const JsonSource& source, LocatedPlan& out,
                const std::function<void(const LocatedChange&)>& on_change) {
  const std::size_t len = source.size();
  if (len == 0 || len > 0xFFFFFFFFu) return false;
  return TopLevelWalk(source.data(), len, on_change).Run(out);
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
