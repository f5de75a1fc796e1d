// File: src/core/audit/json_scan.cpp
#include "audit/json_scan.hpp"

#include <array>
#include <cstring>

namespace dw::audit_internal {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads 4 hex digits at s[0..3]; -1 when they are not hex.
int Hex4(std::string_view s) {
  if (s.size() < 4) return -1;
  int v = 0;
  for (int i = 0; i < 4; ++i) {
    int d = HexDigit(s[i]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// Length of the valid UTF-8 sequence starting at p (non-ASCII lead), or 0.
std::size_t Utf8SequenceLength(const unsigned char* p, std::size_t n) {
  unsigned char c = p[0];
  auto cont = [&](std::size_t i) { return i < n && (p[i] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0)
    return (n > 1 && p[1] >= 0xA0 && p[1] <= 0xBF && cont(2)) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
    return (cont(1) && cont(2)) ? 3 : 0;
  if (c == 0xED)
    return (n > 1 && p[1] >= 0x80 && p[1] <= 0x9F && cont(2)) ? 3 : 0;
  if (c == 0xF0)
    return (n > 1 && p[1] >= 0x90 && p[1] <= 0xBF && cont(2) && cont(3)) ? 4
                                                                         : 0;
  if (c >= 0xF1 && c <= 0xF3) return (cont(1) && cont(2) && cont(3)) ? 4 : 0;
  if (c == 0xF4)
    return (n > 1 && p[1] >= 0x80 && p[1] <= 0x8F && cont(2) && cont(3)) ? 4
                                                                         : 0;
  return 0;
}

void AppendUtf8(std::string* out, std::uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

Status JsonScanner::Error(std::size_t pos, std::string message) const {
  return InvalidArgumentError(std::move(message), base_ + pos);
}

Status JsonScanner::ScanString(bool* has_escape) {
  // text_[pos_] == '"'
  const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
  std::size_t n = text_.size();
  std::size_t i = pos_ + 1;
  *has_escape = false;
  // Printable ASCII other than '"' and '\\' needs no further look.
  static constexpr auto kPlain = [] {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
    return t;
  }();
  while (true) {
    // Eight bytes at a time while none needs a look (SWAR: flags bytes
    // below 0x20, '"', '\\' and non-ASCII; a flag may be spurious only when
    // a real one is in the same word, and then the byte loop decides).
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
      constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
      std::uint64_t quote = w ^ (kOnes * '"');
      std::uint64_t slash = w ^ (kOnes * '\\');
      std::uint64_t flags = ((w - kOnes * 0x20) & ~w) |
                            ((quote - kOnes) & ~quote) |
                            ((slash - kOnes) & ~slash) | w;
      if (flags & kHighs) break;
      i += 8;
    }
    while (i < n && kPlain[p[i]]) ++i;
    if (i >= n) return Error(pos_, "unterminated string");
    unsigned char c = p[i];
    if (c == '"') {
      pos_ = i + 1;
      return OkStatus();
    }
    if (c < 0x20) return Error(i, "raw control character in string");
    if (c == '\\') {
      *has_escape = true;
      if (i + 1 >= n) return Error(i, "unterminated escape");
      char e = static_cast<char>(p[i + 1]);
      if (e == 'u') {
        int cp = Hex4(text_.substr(i + 2));
        if (cp < 0) return Error(i, "bad \\u escape (needs 4 hex digits)");
        i += 6;
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return Error(i - 6, "lone low surrogate in \\u escape");
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (i + 1 >= n || p[i] != '\\' || p[i + 1] != 'u') {
            return Error(i - 6, "high surrogate not followed by a low one");
          }
          int lo = Hex4(text_.substr(i + 2));
          if (lo < 0xDC00 || lo > 0xDFFF) {
            return Error(i, "high surrogate not followed by a low one");
          }
          i += 6;
        }
        continue;
      }
      if (std::strchr("\"\\/bfnrt", e) == nullptr || e == '\0') {
        return Error(i, "invalid escape in string");
      }
      i += 2;
      continue;
    }
    std::size_t len = Utf8SequenceLength(p + i, n - i);
    if (len == 0) return Error(i, "invalid UTF-8 in string");
    i += len;
  }
}

Status JsonScanner::ScanNumber() {
  std::size_t start = pos_;
  std::size_t n = text_.size();
  auto digit = [&](std::size_t i) {
    return i < n && text_[i] >= '0' && text_[i] <= '9';
  };
  std::size_t i = pos_;
  if (i < n && text_[i] == '-') ++i;
  if (!digit(i)) return Error(start, "invalid number");
  if (text_[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  if (i < n && text_[i] == '.') {
    ++i;
    if (!digit(i)) return Error(i, "invalid number: digit expected after '.'");
    while (digit(i)) ++i;
  }
  if (i < n && (text_[i] == 'e' || text_[i] == 'E')) {
    ++i;
    if (i < n && (text_[i] == '+' || text_[i] == '-')) ++i;
    if (!digit(i))
      return Error(i, "invalid number: digit expected in exponent");
    while (digit(i)) ++i;
  }
  pos_ = i;
  return OkStatus();
}

Status JsonScanner::ScanLiteral() {
  for (std::string_view lit : {"true", "false", "null"}) {
    if (text_.substr(pos_, lit.size()) == lit) {
      pos_ += lit.size();
      return OkStatus();
    }
  }
  return Error(pos_, "invalid value");
}

Status JsonScanner::ScanContainer(int depth) {
  char open = text_[pos_];
  char close = open == '{' ? '}' : ']';
  ++pos_;
  SkipWs();
  if (pos_ < text_.size() && text_[pos_] == close) {
    ++pos_;
    return OkStatus();
  }
  while (true) {
    SkipWs();
    if (open == '{') {
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        return Error(pos_, "expected a member name (a string)");
      }
      bool escaped = false;
      DW_RETURN_IF_ERROR(ScanString(&escaped));
      SkipWs();
      if (pos_ >= text_.size() || text_[pos_] != ':') {
        return Error(pos_, "expected ':' after member name");
      }
      ++pos_;
      SkipWs();
    }
    RawValue ignored;
    DW_RETURN_IF_ERROR(ScanValue(depth + 1, &ignored));
    SkipWs();
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (pos_ < text_.size() && text_[pos_] == close) {
      ++pos_;
      return OkStatus();
    }
    return Error(pos_, open == '{' ? "expected ',' or '}' in object"
                                   : "expected ',' or ']' in array");
  }
}

Status JsonScanner::ScanValue(int depth, RawValue* value) {
  if (depth > kMaxJsonDepth) return Error(pos_, "JSON nested too deeply");
  if (pos_ >= text_.size()) return Error(pos_, "unexpected end of input");
  std::size_t start = pos_;
  char c = text_[pos_];
  if (c == '"') {
    bool escaped = false;
    DW_RETURN_IF_ERROR(ScanString(&escaped));
    value->kind = RawKind::kString;
  } else if (c == '{' || c == '[') {
    DW_RETURN_IF_ERROR(ScanContainer(depth));
    value->kind = c == '{' ? RawKind::kObject : RawKind::kArray;
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    DW_RETURN_IF_ERROR(ScanNumber());
    value->kind = RawKind::kNumber;
  } else {
    DW_RETURN_IF_ERROR(ScanLiteral());
    value->kind = RawKind::kLiteral;
  }
  value->raw = text_.substr(start, pos_ - start);
  value->offset = start;
  return OkStatus();
}

Status JsonScanner::ScanSingleValue(RawValue* value) {
  SkipWs();
  DW_RETURN_IF_ERROR(ScanValue(1, value));
  SkipWs();
  if (pos_ != text_.size()) return Error(pos_, "unexpected bytes after value");
  return OkStatus();
}

bool JsonScanner::IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = Utf8SequenceLength(p + i, n - i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

void JsonScanner::DecodeString(std::string_view token, std::string* out) {
  out->clear();
  std::string_view s = token.substr(1, token.size() - 2);
  std::size_t i = 0;
  while (i < s.size()) {
    // Copy the run up to the next escape in one go.
    std::size_t esc = s.find('\\', i);
    if (esc == std::string_view::npos) esc = s.size();
    out->append(s.data() + i, esc - i);
    if (esc == s.size()) break;
    i = esc + 1;
    char e = s[i];
    switch (e) {
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        std::uint32_t cp = static_cast<std::uint32_t>(Hex4(s.substr(i + 1)));
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          std::uint32_t lo = static_cast<std::uint32_t>(Hex4(s.substr(i + 3)));
          i += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        AppendUtf8(out, cp);
        break;
      }
      default:
        out->push_back(e);
        break;  // " \ /
    }
    ++i;
  }
}

std::string_view JsonScanner::StringValue(std::string_view token,
                                          std::string* scratch) {
  if (token.find('\\') == std::string_view::npos) {
    return token.substr(1, token.size() - 2);
  }
  DecodeString(token, scratch);
  return *scratch;
}

}  // namespace dw::audit_internal
