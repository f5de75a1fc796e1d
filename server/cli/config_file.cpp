#include "cli/config_file.hpp"

#include <fstream>
#include <optional>
#include <vector>

namespace dw::server {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Reads one value at the start of `s` (a quoted string or a bare token) and
// advances `s` past it.
std::optional<std::string> ReadScalar(std::string_view& s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  std::string out;
  if (s.front() == '"') {
    std::size_t i = 1;
    for (; i < s.size() && s[i] != '"'; ++i) {
      if (s[i] == '\\') {
        if (++i == s.size()) return std::nullopt;
        if (s[i] != '"' && s[i] != '\\') return std::nullopt;
      }
      out.push_back(s[i]);
    }
    if (i == s.size()) return std::nullopt;  // unterminated
    s.remove_prefix(i + 1);
    return out;
  }
  std::size_t end = 0;
  while (end < s.size() && s[end] != ',' && s[end] != ']' && s[end] != '#' &&
         s[end] != ' ' && s[end] != '\t') {
    ++end;
  }
  if (end == 0) return std::nullopt;
  out.assign(s.substr(0, end));
  s.remove_prefix(end);
  return out;
}

// Parses `value` text into one or more values (arrays give several).
std::optional<std::vector<std::string>> ParseValues(std::string_view text) {
  std::vector<std::string> values;
  text = Trim(text);
  if (!text.empty() && text.front() == '[') {
    text.remove_prefix(1);
    text = Trim(text);
    while (!text.empty() && text.front() != ']') {
      auto v = ReadScalar(text);
      if (!v) return std::nullopt;
      values.push_back(std::move(*v));
      text = Trim(text);
      if (!text.empty() && text.front() == ',') text.remove_prefix(1);
      text = Trim(text);
    }
    if (text.empty()) return std::nullopt;  // no closing bracket
    text.remove_prefix(1);
  } else {
    auto v = ReadScalar(text);
    if (!v) return std::nullopt;
    values.push_back(std::move(*v));
  }
  text = Trim(text);
  if (!text.empty() && text.front() != '#')
    return std::nullopt;  // trailing junk
  return values;
}

}  // namespace

Status ApplyConfigFile(CLI::App& command, const std::string& path) {
  std::ifstream in(path);
  if (!in) return InvalidArgumentError("--config: cannot read " + path);
  std::string line;
  int number = 0;
  auto error = [&](const std::string& what) {
    return InvalidArgumentError("--config " + path + " line " +
                                std::to_string(number) + ": " + what);
  };
  while (std::getline(in, line)) {
    ++number;
    std::string_view text = Trim(line);
    if (text.empty() || text.front() == '#' || text.front() == ';') continue;
    if (text.front() == '[') {
      if (text != "[serve]") return error("only a [serve] section is known");
      continue;
    }
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) return error("expected key = value");
    std::string key(Trim(text.substr(0, eq)));
    for (char& c : key) {
      if (c == '_') c = '-';
    }
    if (key.empty() || key == "config" || key == "help") {
      return error("key \"" + key + "\" cannot be set here");
    }
    auto values = ParseValues(text.substr(eq + 1));
    if (!values) return error("cannot read the value of \"" + key + "\"");
    CLI::Option* option = nullptr;
    try {
      option = command.get_option("--" + key);
    } catch (const CLI::OptionNotFound&) {
      return error("unknown option \"" + key + "\"");
    }
    if (option->count() > 0) continue;  // the flag or the environment won
    try {
      for (const std::string& v : *values) option->add_result(v);
      option->run_callback();
    } catch (const CLI::Error& e) {
      return error("\"" + key + "\": " + e.what());
    }
  }
  return OkStatus();
}

}  // namespace dw::server
