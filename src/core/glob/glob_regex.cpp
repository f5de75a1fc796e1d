// Translation of resource-type and attribute-path globs into RE2 syntax.
//
// Attribute paths are matched in "match form": FormatPath's text with a '.'
// before a first key segment, so every segment has one of three shapes —
// `.plain_key`, `["quoted key"]`, `[7]` — and a segment regex never needs to
// know whether it comes first.
#include <re2/re2.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "driftwise/glob.hpp"
#include "driftwise/json.hpp"
#include "driftwise/path.hpp"
#include "glob/brace_expansion.hpp"

namespace dw {
inline namespace v1 {
namespace {

constexpr std::string_view kPlainChar = "[A-Za-z0-9_-]";
constexpr std::string_view kQuotedChar = R"((?:[^"\\]|\\.))";
constexpr std::string_view kAnySegment =
    R"((?:\.[A-Za-z0-9_-]+|\[[0-9]+\]|\["(?:[^"\\]|\\.)*"\]))";

bool IsPlainChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

std::string Describe(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u < 0x20 || u == 0x7f) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", u);
    return buf;
  }
  return std::string("'") + c + "'";
}

// ---- resource types -------------------------------------------------------

Status TypeClassToRegex(std::string_view p, std::size_t* i, std::string* re) {
  std::size_t start = *i;
  std::size_t j = *i + 1;
  bool negate = false;
  if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
    negate = true;
    ++j;
  }
  std::string body;
  bool any = false;
  while (j < p.size() && p[j] != ']') {
    char lo = p[j];
    if (lo == '\\') {
      if (j + 1 >= p.size()) {
        return InvalidArgumentError("dangling '\\' at end of pattern", j);
      }
      lo = p[++j];
    }
    if (!IsPlainChar(lo)) {
      return InvalidArgumentError(
          "invalid character " + Describe(lo) + " in character class", j);
    }
    if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
      char hi = p[j + 2];
      if (!IsPlainChar(hi)) {
        return InvalidArgumentError(
            "invalid character " + Describe(hi) + " in character class", j + 2);
      }
      if (hi < lo) {
        return InvalidArgumentError(
            std::string("reversed range '") + lo + "-" + hi + "'", j);
      }
      body += lo;
      body += '-';
      body += hi;
      j += 3;
    } else {
      body += lo == '-' ? std::string("\\-") : std::string(1, lo);
      ++j;
    }
    any = true;
  }
  if (j >= p.size()) return InvalidArgumentError("unclosed '['", start);
  if (!any) return InvalidArgumentError("empty character class", start);
  *re += negate ? "[^" : "[";
  *re += body;
  *re += "]";
  *i = j + 1;
  return OkStatus();
}

Status TypeGlobToRegex(std::string_view p, std::string* re) {
  for (std::size_t i = 0; i < p.size();) {
    char c = p[i];
    if (c == '*') {
      *re += kPlainChar;
      *re += '*';
      ++i;
    } else if (c == '?') {
      *re += kPlainChar;
      ++i;
    } else if (c == '[') {
      DW_RETURN_IF_ERROR(TypeClassToRegex(p, &i, re));
    } else if (c == ']') {
      return InvalidArgumentError("unmatched ']'", i);
    } else if (c == '\\') {
      if (i + 1 >= p.size()) {
        return InvalidArgumentError("dangling '\\' at end of pattern", i);
      }
      char e = p[i + 1];
      if (!IsPlainChar(e) && e != '*' && e != '?' && e != '[' && e != ']' &&
          e != '{' && e != '}' && e != '\\') {
        return InvalidArgumentError(
            "invalid character " + Describe(e) + " in resource type glob",
            i + 1);
      }
      *re += RE2::QuoteMeta(std::string_view(&p[i + 1], 1));
      i += 2;
    } else if (IsPlainChar(c)) {
      *re += c;  // letters, digits, '_' and '-' need no escaping
      ++i;
    } else {
      return InvalidArgumentError("invalid character " + Describe(c) +
                                      " in resource type glob (allowed: "
                                      "letters, digits, _ - * ? [ ] { } ,)",
                                  i);
    }
  }
  return OkStatus();
}

// ---- attribute paths ------------------------------------------------------

struct KeyToken {
  enum Kind { kLiteral, kStar, kQuestion } kind;
  char ch;
};

std::string LiteralSegmentRegex(const PathSegment& seg) {
  std::string text;
  AppendPathSegment(text, seg, /*first=*/false);
  return RE2::QuoteMeta(text);
}

// A key segment with wildcards: matches plain keys (`.name`) and quoted keys
// (`["na.me"]`) whose content fits the tokens.
std::string WildKeyRegex(const std::vector<KeyToken>& toks) {
  bool plain_possible = true;
  for (const KeyToken& t : toks) {
    if (t.kind == KeyToken::kLiteral && !IsPlainChar(t.ch)) {
      plain_possible = false;
    }
  }
  std::string quoted = R"(\[")";
  for (const KeyToken& t : toks) {
    if (t.kind == KeyToken::kStar) {
      quoted += kQuotedChar;
      quoted += '*';
    } else if (t.kind == KeyToken::kQuestion) {
      quoted += kQuotedChar;
    } else {
      std::string esc;
      AppendJsonString(esc, std::string_view(&t.ch, 1));
      quoted += RE2::QuoteMeta(std::string_view(esc).substr(1, esc.size() - 2));
    }
  }
  quoted += R"("\])";
  if (!plain_possible) return quoted;
  std::string plain = R"(\.)";
  for (const KeyToken& t : toks) {
    if (t.kind == KeyToken::kStar) {
      plain += kPlainChar;
      plain += '*';
    } else if (t.kind == KeyToken::kQuestion) {
      plain += kPlainChar;
    } else {
      plain += t.ch;
    }
  }
  // An all-wildcard plain key must not be empty ("*x" may be).
  return "(?:" + plain + "|" + quoted + ")";
}

Status ParseBracket(std::string_view p, std::size_t* i, std::string* re) {
  std::size_t start = *i;
  std::size_t j = start + 1;
  if (j < p.size() && p[j] == '*') {
    if (j + 1 < p.size() && p[j + 1] == ']') {
      *re += kAnySegment;
      *i = j + 2;
      return OkStatus();
    }
    return InvalidArgumentError("expected ']' after '[*'", j + 1);
  }
  if (j < p.size() && std::isdigit(static_cast<unsigned char>(p[j]))) {
    std::uint64_t value = 0;
    std::size_t digits = 0;
    while (j < p.size() && std::isdigit(static_cast<unsigned char>(p[j]))) {
      if (++digits > 18) {
        return InvalidArgumentError("list index too large", start);
      }
      value = value * 10 + static_cast<std::uint64_t>(p[j] - '0');
      ++j;
    }
    if (j >= p.size() || p[j] != ']') {
      return InvalidArgumentError("expected ']' after list index", j);
    }
    *re += LiteralSegmentRegex(PathSegment::Index(value));
    *i = j + 1;
    return OkStatus();
  }
  if (j < p.size() && p[j] == '"') {
    std::size_t k = j + 1;
    while (k < p.size() && p[k] != '"') {
      if (p[k] == '\\') ++k;
      ++k;
    }
    if (k >= p.size()) return InvalidArgumentError("unclosed quoted key", j);
    if (k + 1 >= p.size() || p[k + 1] != ']') {
      return InvalidArgumentError("expected ']' after quoted key", k + 1);
    }
    Result<JsonDocument> key = JsonDocument::Parse(p.substr(j, k + 1 - j));
    if (!key.ok() || !key->root().is_string()) {
      return InvalidArgumentError("invalid JSON string in quoted key", j);
    }
    if (key->root().as_string().empty()) {
      return InvalidArgumentError("empty quoted key", j);
    }
    *re += LiteralSegmentRegex(PathSegment::Key(key->root().as_string()));
    *i = k + 2;
    return OkStatus();
  }
  if (j >= p.size()) return InvalidArgumentError("unclosed '['", start);
  return InvalidArgumentError("expected [*], [index] or [\"key\"] after '['",
                              j);
}

Status ParseKeySegment(std::string_view p, std::size_t* i, std::string* re) {
  std::size_t start = *i;
  std::vector<KeyToken> toks;
  bool wild = false;
  std::size_t j = start;
  while (j < p.size() && p[j] != '.' && p[j] != '[') {
    char c = p[j];
    if (c == '\\') {
      if (j + 1 >= p.size()) {
        return InvalidArgumentError("dangling '\\' at end of pattern", j);
      }
      toks.push_back({KeyToken::kLiteral, p[j + 1]});
      j += 2;
      continue;
    }
    if (c == ']') return InvalidArgumentError("unmatched ']'", j);
    if (c == '"') {
      return InvalidArgumentError(
          "'\"' is only allowed inside [\"quoted key\"]", j);
    }
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == ',') {
      return InvalidArgumentError(
          "invalid character " + Describe(c) + " in attribute glob", j);
    }
    if (c == '*') {
      toks.push_back({KeyToken::kStar, c});
      wild = true;
    } else if (c == '?') {
      toks.push_back({KeyToken::kQuestion, c});
      wild = true;
    } else {
      toks.push_back({KeyToken::kLiteral, c});
    }
    ++j;
  }
  std::string_view raw = p.substr(start, j - start);
  *i = j;
  if (raw == "**") {
    *re += "(?:";
    *re += kAnySegment;
    *re += ")*";
    return OkStatus();
  }
  if (raw == "*") {
    *re += kAnySegment;
    return OkStatus();
  }
  // Collapse runs of stars.
  std::vector<KeyToken> collapsed;
  for (const KeyToken& t : toks) {
    if (t.kind == KeyToken::kStar && !collapsed.empty() &&
        collapsed.back().kind == KeyToken::kStar) {
      continue;
    }
    collapsed.push_back(t);
  }
  if (!wild) {
    std::string key;
    for (const KeyToken& t : collapsed) key += t.ch;
    *re += LiteralSegmentRegex(PathSegment::Key(key));
    return OkStatus();
  }
  *re += WildKeyRegex(collapsed);
  return OkStatus();
}

Status AttributeGlobToRegex(std::string_view p, std::string* re) {
  if (p.empty()) return InvalidArgumentError("empty attribute glob", 0);
  std::size_t i = 0;
  bool need_segment = true;  // at start or right after '.'
  while (i < p.size()) {
    char c = p[i];
    if (c == '.') {
      if (need_segment) {
        return InvalidArgumentError(
            i == 0 ? "pattern starts with '.'" : "empty segment ('..')", i);
      }
      need_segment = true;
      ++i;
      if (i == p.size()) {
        return InvalidArgumentError("pattern ends with '.'", i - 1);
      }
      if (p[i] == '[') {
        return InvalidArgumentError(
            "'[' right after '.' (write a[0], not "
            "a.[0])",
            i);
      }
      continue;
    }
    if (c == '[') {
      DW_RETURN_IF_ERROR(ParseBracket(p, &i, re));
      need_segment = false;
      continue;
    }
    if (!need_segment) {
      return InvalidArgumentError("expected '.' or '[' between segments", i);
    }
    DW_RETURN_IF_ERROR(ParseKeySegment(p, &i, re));
    need_segment = false;
  }
  return OkStatus();
}

Status OneAlternative(std::string_view alt, GlobKind kind, bool subtree,
                      std::string* re) {
  if (kind == GlobKind::kResourceType) {
    if (alt.empty()) return InvalidArgumentError("empty resource type glob", 0);
    return TypeGlobToRegex(alt, re);
  }
  DW_RETURN_IF_ERROR(AttributeGlobToRegex(alt, re));
  if (subtree) {
    *re += "(?:";
    *re += kAnySegment;
    *re += ")*";
  }
  return OkStatus();
}

// Offset of the first byte that is not part of valid UTF-8, or npos.
std::size_t InvalidUtf8At(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80         ? 1
                    : (c >> 5) == 6  ? 2
                    : (c >> 4) == 14 ? 3
                    : (c >> 3) == 30 ? 4
                                     : 0;
    if (n == 0 || (n == 2 && c < 0xc2) || i + n > s.size()) return i;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return i;
    }
    unsigned char c1 =
        static_cast<unsigned char>(s[i + 1 < s.size() ? i + 1 : i]);
    if ((n == 3 && c == 0xe0 && c1 < 0xa0) ||
        (n == 3 && c == 0xed && c1 > 0x9f) ||
        (n == 4 && c == 0xf0 && c1 < 0x90) || (n == 4 && c > 0xf4) ||
        (n == 4 && c == 0xf4 && c1 > 0x8f)) {
      return i;
    }
    i += n;
  }
  return std::string_view::npos;
}

}  // namespace

Result<std::string> GlobToRegex(std::string_view pattern, GlobKind kind,
                                bool subtree) {
  if (pattern.size() > kMaxGlobLength) {
    return InvalidArgumentError(
        "pattern longer than " + std::to_string(kMaxGlobLength) + " bytes",
        kMaxGlobLength);
  }
  if (pattern.empty()) {
    return InvalidArgumentError(kind == GlobKind::kResourceType
                                    ? "empty resource type glob"
                                    : "empty attribute glob",
                                0);
  }
  if (std::size_t bad = InvalidUtf8At(pattern); bad != std::string_view::npos) {
    return InvalidArgumentError("invalid UTF-8", bad);
  }
  DW_ASSIGN_OR_RETURN(std::vector<std::string> alts,
                      glob_internal::ExpandBraces(pattern, kind));
  const bool braces = alts.size() > 1 || alts[0] != pattern;
  std::string re = "(?:";
  for (std::size_t a = 0; a < alts.size(); ++a) {
    if (a) re += '|';
    Status st = OneAlternative(alts[a], kind, subtree, &re);
    if (!st.ok()) {
      if (!braces) return st;
      return InvalidArgumentError(
          "in alternative \"" + alts[a] + "\": " + st.message() + " (at byte " +
          std::to_string(st.offset()) + " of the alternative)");
    }
  }
  re += ')';
  return re;
}

Status ValidateGlob(std::string_view pattern, GlobKind kind) {
  DW_ASSIGN_OR_RETURN(std::string re, GlobToRegex(pattern, kind));
  // What validates must compile: let RE2 have the last word (size limits).
  RE2::Options options;
  options.set_log_errors(false);
  RE2 compiled(re, options);
  if (!compiled.ok()) {
    return InvalidArgumentError("pattern too complex: " + compiled.error());
  }
  return OkStatus();
}

std::string PathMatchForm(std::string_view path_text) {
  std::string out;
  if (!path_text.empty() && path_text[0] != '[') out += '.';
  out += path_text;
  return out;
}

}  // namespace v1
}  // namespace dw
