#include "glob/brace_expansion.hpp"

#include <cstddef>

namespace dw::glob_internal {
namespace {

// Tracks whether a position is inside a quoted key or a character class,
// where braces and commas are ordinary characters.
struct Scanner {
  GlobKind kind;
  bool in_quote = false;
  bool in_class = false;

  // Advances over p[i] (and an escaped follower); returns the new index and
  // whether p[i] is a structural brace/comma.
  std::size_t Step(std::string_view p, std::size_t i, bool* structural) {
    *structural = false;
    char c = p[i];
    if (c == '\\') return i + 2;
    if (in_quote) {
      if (c == '"') in_quote = false;
      return i + 1;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      return i + 1;
    }
    if (c == '[') {
      if (kind == GlobKind::kAttributePath) {
        if (i + 1 < p.size() && p[i + 1] == '"') {
          in_quote = true;
          return i + 2;
        }
      } else {
        in_class = true;
      }
      return i + 1;
    }
    *structural = c == '{' || c == '}' || c == ',';
    return i + 1;
  }
};

Status Expand(const std::string& pattern, GlobKind kind,
              std::vector<std::string>* out) {
  // Find the first top-level '{' and its matching '}'.
  Scanner sc{kind};
  std::size_t open = std::string::npos;
  std::vector<std::size_t> commas;
  int depth = 0;
  for (std::size_t i = 0; i < pattern.size();) {
    bool structural = false;
    std::size_t next = sc.Step(pattern, i, &structural);
    if (structural) {
      char c = pattern[i];
      if (c == '{') {
        if (depth == 0) open = i;
        ++depth;
      } else if (c == '}') {
        --depth;
        if (depth == 0) {
          std::string prefix = pattern.substr(0, open);
          std::string suffix = pattern.substr(i + 1);
          std::size_t start = open + 1;
          commas.push_back(i);
          for (std::size_t end : commas) {
            std::string alt =
                prefix + pattern.substr(start, end - start) + suffix;
            DW_RETURN_IF_ERROR(Expand(alt, kind, out));
            if (out->size() > kMaxGlobAlternatives) {
              return InvalidArgumentError(
                  "more than " + std::to_string(kMaxGlobAlternatives) +
                  " alternatives after expanding braces");
            }
            start = end + 1;
          }
          return OkStatus();
        }
      } else if (c == ',' && depth == 1) {
        commas.push_back(i);
      }
    }
    i = next;
  }
  out->push_back(pattern);
  return OkStatus();
}

// Checks brace balance on the original pattern so errors point into it.
Status CheckBalance(std::string_view pattern, GlobKind kind) {
  Scanner sc{kind};
  std::vector<std::size_t> opens;
  for (std::size_t i = 0; i < pattern.size();) {
    bool structural = false;
    std::size_t next = sc.Step(pattern, i, &structural);
    if (structural && pattern[i] == '{') opens.push_back(i);
    if (structural && pattern[i] == '}') {
      if (opens.empty()) {
        return InvalidArgumentError("unmatched '}'", i);
      }
      opens.pop_back();
    }
    i = next;
  }
  if (!opens.empty()) {
    return InvalidArgumentError("unclosed '{'", opens.back());
  }
  return OkStatus();
}

}  // namespace

Result<std::vector<std::string>> ExpandBraces(std::string_view pattern,
                                              GlobKind kind) {
  DW_RETURN_IF_ERROR(CheckBalance(pattern, kind));
  std::vector<std::string> out;
  DW_RETURN_IF_ERROR(Expand(std::string(pattern), kind, &out));
  return out;
}

}  // namespace dw::glob_internal
