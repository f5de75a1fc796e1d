// File: src/core/json/top_level_locator.cpp
#include "json/top_level_locator.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "json/bracket_scanner.hpp"

namespace dw {
inline namespace v1 {
namespace internal {
namespace {

constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

// Reads the top level byte by byte (a dozen fields) and steps over every
// container with FindClosingBracket.
class TopLevelWalk {
 public:
  TopLevelWalk(const char* buf, std::size_t len,
               std::span<const std::string_view> lists,
               const std::function<void(const LocatedEntry&)>& on_entry)
      : buf_(buf), len_(len), lists_(lists), on_entry_(on_entry) {}

  bool Run(bool array_root, LocatedTopLevel& out) {
    std::size_t i = SkipSpace(0);
    if (i >= len_) return false;
    if (buf_[i] == '[') {
      if (!array_root) return false;
      out.root_is_array = true;
      const std::size_t close =
          LocateEntries(i, LocatedEntry::kRootList, out.entries);
      return close != kNotFound && SkipSpace(close + 1) == len_;
    }
    if (buf_[i] != '{') return false;
    i = SkipSpace(i + 1);
    if (i < len_ && buf_[i] == '}') return SkipSpace(i + 1) == len_;
    std::vector<bool> seen(lists_.size(), false);
    for (;;) {
      if (i >= len_ || buf_[i] != '"') return false;
      const std::size_t key_end = StringEnd(i);
      if (key_end == kNotFound) return false;
      const char* key = buf_ + i + 1;
      const std::size_t key_len = key_end - 1 - (i + 1);
      // Escapes are for the full parser to unescape; control characters
      // (which JSON strings may not hold) and bad UTF-8 for it to refuse.
      if (std::memchr(key, '\\', key_len) != nullptr ||
          std::any_of(
              key, key + key_len,
              [](char c) { return static_cast<unsigned char>(c) < 0x20; }) ||
          !simdjson::validate_utf8(key, key_len)) {
        return false;
      }
      LocatedField field;
      field.name.assign(key, key_len);
      i = SkipSpace(key_end);
      if (i >= len_ || buf_[i] != ':') return false;
      i = SkipSpace(i + 1);
      if (i >= len_) return false;
      const auto list = static_cast<std::size_t>(
          std::find(lists_.begin(), lists_.end(), field.name) - lists_.begin());
      std::size_t end;
      if (list < lists_.size()) {
        // A repeated list would leave two sets of entries where a parser
        // keeps the last: the full parser decides.
        if (seen[list] || buf_[i] != '[') return false;
        seen[list] = true;
        end = LocateEntries(i, static_cast<std::uint32_t>(list), out.entries);
        if (end == kNotFound) return false;
        ++end;
      } else {
        end = ValueEnd(i);
        if (end == kNotFound) return false;
      }
      field.offset = i;
      field.length = end - i;
      out.fields.push_back(std::move(field));
      i = SkipSpace(end);
      if (i >= len_) return false;
      if (buf_[i] == ',') {
        i = SkipSpace(i + 1);
        continue;
      }
      // Nothing but spacing may follow the top-level object.
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

  // One past the value starting at `i`, a member other than the lists.
  // Such members are checked for UTF-8 here, as they are not parsed until
  // asked for (each entry is checked by its own parse).
  std::size_t ValueEnd(std::size_t i) const {
    const char c = buf_[i];
    std::size_t end;
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
  std::size_t LocateEntries(std::size_t open, std::uint32_t list,
                            std::vector<LocatedEntry>& out) const {
    std::size_t j = SkipSpace(open + 1);
    if (j < len_ && buf_[j] == ']') return j;
    for (std::uint32_t index = 0;; ++index) {
      if (j >= len_ || buf_[j] != '{') return kNotFound;
      const std::size_t close = FindClosingBracket(buf_, len_, j);
      if (close >= len_) return kNotFound;
      const LocatedEntry entry{j, close + 1 - j, list, index};
      if (on_entry_) {
        on_entry_(entry);
      } else {
        out.push_back(entry);
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
  std::span<const std::string_view> lists_;
  const std::function<void(const LocatedEntry&)>& on_entry_;
};

}  // namespace

bool LocateTopLevel(const JsonSource& source,
                    std::span<const std::string_view> lists, bool array_root,
                    LocatedTopLevel& out,
                    const std::function<void(const LocatedEntry&)>& on_entry) {
  const std::size_t len = source.size();
  if (len == 0 || len > 0xFFFFFFFFu) return false;
  return TopLevelWalk(source.data(), len, lists, on_entry).Run(array_root, out);
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
