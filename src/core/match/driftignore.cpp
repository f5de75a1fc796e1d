// File: src/core/match/driftignore.cpp
//
// .driftignore files (driftctl's format, extended with attribute paths in
// the §3.1 syntax): TYPE.ID[.PATH], `*`/`?` wildcards, `\.` for a dot inside
// an ID, `!` negation, `#` comments. Unlike driftctl, a `#` after
// whitespace also starts a comment instead of silently breaking the line
// (driftctl#1688).
#include <string>

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

// Wildcard match; `*` stops at any char in `stops`, `**` never stops.
bool Glob(std::string_view pat, std::string_view s, std::string_view stops,
          int depth = 0) {
  if (depth > 64) return false;
  while (!pat.empty()) {
    char c = pat[0];
    if (c == '*') {
      bool star2 = pat.size() > 1 && pat[1] == '*';
      std::string_view tail = pat.substr(star2 ? 2 : 1);
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (Glob(tail, s.substr(i), stops, depth + 1)) return true;
        if (i < s.size() && !star2 &&
            stops.find(s[i]) != std::string_view::npos) {
          return false;
        }
      }
      return false;
    }
    if (s.empty()) return false;
    if (c == '\\' && pat.size() > 1) {
      if (pat[1] != s[0]) return false;
      pat.remove_prefix(2);
      s.remove_prefix(1);
      continue;
    }
    if (c != '?' && c != s[0]) return false;
    pat.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
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
