// File: src/core/common/path.cpp
//
// The §3.1 attribute path syntax: formatting, parsing and ordering.
#include "driftwise/path.hpp"

#include <algorithm>
#include <limits>

#include "common/path_set.hpp"
#include "driftwise/json.hpp"

namespace dw {
inline namespace v1 {

bool IsPlainIdentifier(std::string_view key) noexcept {
  if (key.empty()) return false;
  auto head = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (!head(key[0])) return false;
  for (char c : key.substr(1)) {
    if (!head(c) && !(c >= '0' && c <= '9') && c != '-') return false;
  }
  return true;
}

void AppendPathSegment(std::string& out, const PathSegment& seg, bool first) {
  internal::AppendPathStep(out,
                           seg.is_index ? internal::PathStep::Index(seg.index)
                                        : internal::PathStep::Key(seg.key),
                           first);
}

std::string FormatPath(std::span<const PathSegment> path) {
  std::string out;
  bool first = true;
  for (const PathSegment& seg : path) {
    AppendPathSegment(out, seg, first);
    first = false;
  }
  return out;
}

namespace {

Status PathError(std::string msg, std::size_t at) {
  return InvalidArgumentError("invalid attribute path: " + msg, at);
}

// Parses a JSON string starting at text[i] == '"'; advances i past it.
Result<std::string> ParseQuoted(std::string_view text, std::size_t& i) {
  std::string out;
  std::size_t start = i++;
  while (i < text.size()) {
    char c = text[i++];
    if (c == '"') return out;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i >= text.size()) break;
    char e = text[i++];
    switch (e) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '/':
        out.push_back('/');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'u': {
        if (i + 4 > text.size()) return PathError("short \\u escape", i);
        unsigned cp = 0;
        for (int k = 0; k < 4; ++k) {
          char h = text[i++];
          cp <<= 4;
          if (h >= '0' && h <= '9')
            cp |= unsigned(h - '0');
          else if (h >= 'a' && h <= 'f')
            cp |= unsigned(h - 'a' + 10);
          else if (h >= 'A' && h <= 'F')
            cp |= unsigned(h - 'A' + 10);
          else
            return PathError("bad hex digit in \\u escape", i - 1);
        }
        if (cp < 0x80) {
          out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
          out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
          out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        break;
      }
      default:
        return PathError("unknown escape in quoted key", i - 1);
    }
  }
  return PathError("unterminated quoted key", start);
}

}  // namespace

Result<AttributePath> ParsePath(std::string_view text) {
  AttributePath path;
  std::size_t i = 0;
  if (text.empty()) return PathError("empty path", 0);
  bool expect_name = true;  // at start or after '.'
  while (i < text.size()) {
    char c = text[i];
    if (c == '[') {
      ++i;
      if (i < text.size() && text[i] == '"') {
        DW_ASSIGN_OR_RETURN(std::string key, ParseQuoted(text, i));
        path.push_back(PathSegment::Key(key));
      } else {
        std::size_t start = i;
        std::uint64_t n = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
          if (n > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) {
            return PathError("index too large", i);
          }
          n = n * 10 + std::uint64_t(text[i] - '0');
          ++i;
        }
        if (i == start) return PathError("expected an index or quoted key", i);
        path.push_back(PathSegment::Index(n));
      }
      if (i >= text.size() || text[i] != ']') {
        return PathError("expected ']'", i);
      }
      ++i;
      expect_name = false;
    } else if (c == '.') {
      if (expect_name) return PathError("unexpected '.'", i);
      ++i;
      expect_name = true;
      if (i >= text.size()) return PathError("path ends with '.'", i);
    } else {
      if (!expect_name && !path.empty()) {
        return PathError("expected '.' or '['", i);
      }
      std::size_t start = i;
      while (i < text.size() && text[i] != '.' && text[i] != '[') ++i;
      std::string_view name = text.substr(start, i - start);
      if (!IsPlainIdentifier(name)) {
        // Built with append: GCC 12 at -O3 misreports `"'" + string` as an
        // overlapping memcpy (-Wrestrict).
        std::string msg(1, '\'');
        msg.append(name);
        msg.append("' is not a plain identifier; quote it as [\"...\"]");
        return PathError(std::move(msg), start);
      }
      path.push_back(PathSegment::Key(name));
      expect_name = false;
    }
  }
  return path;
}

bool PathLess(std::span<const PathSegment> a, std::span<const PathSegment> b) {
  return internal::SegmentsLess(a, b);
}

}  // namespace v1
}  // namespace dw
