// File: src/core/match/driftignore.cpp
//
// .driftignore files (driftctl's format, extended with attribute paths in
// the §3.1 syntax): TYPE.ID[.PATH], `*`/`?` wildcards, `\.` for a dot inside
// an ID, `!` negation, `#` comments. Unlike driftctl, a `#` after
// whitespace also starts a comment instead of silently breaking the line
// (driftctl#1688).
#include <string>
#include <vector>

#include "driftwise/match.hpp"
#include "match/ignore_match.hpp"

namespace dw {
inline namespace v1 {

namespace {

std::string_view Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Cuts a trailing comment: '#' at the start or after whitespace.
std::string_view StripComment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' &&
        (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return line.substr(0, i);
    }
  }
  return line;
}

// Splits at the first unescaped '.', unescaping "\." in the head.
bool SplitField(std::string_view s, std::string* head, std::string_view* rest) {
  head->clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '.') {
      head->push_back('.');
      ++i;
    } else if (s[i] == '.') {
      *rest = s.substr(i + 1);
      return true;
    } else {
      head->push_back(s[i]);
    }
  }
  *rest = {};
  return false;
}

}  // namespace

Result<DriftIgnore> ParseDriftIgnore(std::string_view text) {
  DriftIgnore out;
  int line_no = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(StripComment(text.substr(start, end - start)));
    ++line_no;
    std::size_t line_offset = start;
    start = end + 1;
    if (line.empty()) {
      if (end == text.size()) break;
      continue;
    }
    DriftIgnoreRule rule;
    rule.line = line_no;
    if (line[0] == '!') {
      rule.negate = true;
      line.remove_prefix(1);
    }
    std::string_view rest;
    if (!SplitField(line, &rule.type_glob, &rest) || rest.empty()) {
      if (rule.type_glob == "*" && rest.empty()) {
        rule.id_glob = "*";  // "*" alone: everything
      } else {
        return InvalidArgumentError(
            ".driftignore line " + std::to_string(line_no) +
                ": expected TYPE.ID or TYPE.ID.ATTRIBUTE, got \"" +
                std::string(line) + "\"",
            line_offset);
      }
    } else {
      std::string_view path;
      bool has_path = SplitField(rest, &rule.id_glob, &path);
      if (has_path) rule.path_glob = std::string(path);
      if (rule.id_glob.empty()) {
        return InvalidArgumentError(
            ".driftignore line " + std::to_string(line_no) + ": empty ID part",
            line_offset);
      }
    }
    out.rules.push_back(std::move(rule));
    if (end == text.size()) break;
  }
  return out;
}

namespace match_internal {

namespace {

// Wildcard match in O(|pattern| x |s|) time (dynamic programming, no
// backtracking: a fuzzed line of 30 `*` took 26 s with the naive
// recursive matcher). `*` matches any run of characters not in `stops`,
// `**` (two or more stars) any run at all, `?` one character not in
// `stops`, `\c` the character c.
bool Glob(std::string_view pat, std::string_view s, std::string_view stops) {
  struct Token {
    enum Kind : unsigned char { kLiteral, kOne, kStar, kStarAny } kind;
    char c;
  };
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    char c = pat[i];
    if (c == '\\' && i + 1 < pat.size()) {
      tokens.push_back({Token::kLiteral, pat[++i]});
    } else if (c == '*') {
      std::size_t k = i;
      while (k < pat.size() && pat[k] == '*') ++k;
      tokens.push_back({k - i >= 2 ? Token::kStarAny : Token::kStar, '*'});
      i = k - 1;
    } else if (c == '?') {
      tokens.push_back({Token::kOne, '?'});
    } else {
      tokens.push_back({Token::kLiteral, c});
    }
  }
  const std::size_t T = tokens.size(), S = s.size();
  if ((T + 1) * (S + 1) > (std::size_t{1} << 24)) return false;  // bounded
  // ok[t * (S + 1) + j]: tokens[t..] match s[j..].
  std::vector<unsigned char> ok((T + 1) * (S + 1), 0);
  auto at = [&](std::size_t t, std::size_t j) -> unsigned char& {
    return ok[t * (S + 1) + j];
  };
  auto stop = [&](char c) { return stops.find(c) != std::string_view::npos; };
  at(T, S) = 1;
  for (std::size_t t = T; t-- > 0;) {
    const Token& tok = tokens[t];
    for (std::size_t j = S + 1; j-- > 0;) {
      switch (tok.kind) {
        case Token::kStar:
        case Token::kStarAny:
          at(t, j) = at(t + 1, j) ||
                     (j < S && (tok.kind == Token::kStarAny || !stop(s[j])) &&
                      at(t, j + 1));
          break;
        case Token::kOne:
          at(t, j) = j < S && !stop(s[j]) && at(t + 1, j + 1);
          break;
        case Token::kLiteral:
          at(t, j) = j < S && s[j] == tok.c && at(t + 1, j + 1);
          break;
      }
    }
  }
  return at(0, 0) != 0;
}

bool AnyMatches(std::string_view pat,
                std::span<const std::string_view> subjects) {
  for (std::string_view s : subjects) {
    if (!s.empty() && Glob(pat, s, "")) return true;
  }
  return false;
}

// The path or one of its ancestors (cut at '.' or '[') matches `pat`.
bool PathMatches(std::string_view pat, std::string_view path) {
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '.' || path[i] == '[') {
      if (i > 0 && Glob(pat, path.substr(0, i), ".[")) return true;
    }
  }
  return false;
}

}  // namespace

bool IgnoreMatcher::Ignored(const IgnoreSubject& s,
                            std::string_view path) const {
  bool ignored = false;
  for (const DriftIgnoreRule& r : rules_->rules) {
    if (!r.path_glob.empty() && path.empty()) continue;
    if (!AnyMatches(r.type_glob, s.types)) continue;
    if (!AnyMatches(r.id_glob, s.ids)) continue;
    if (!r.path_glob.empty() && !PathMatches(r.path_glob, path)) continue;
    ignored = !r.negate;
  }
  return ignored;
}

}  // namespace match_internal
}  // namespace v1
}  // namespace dw
