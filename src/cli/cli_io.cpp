// File: src/cli/cli_io.cpp
#include "cli_io.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "commands.hpp"

namespace dw::cli {

Result<std::string> ReadInput(const std::string& path) {
  const bool is_stdin = path == "-";
  std::FILE* f = is_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status(StatusCode::kNotFound,
                  "cannot open " + path + ": " + std::strerror(errno));
  }
  std::string data;
  if (!is_stdin && std::fseek(f, 0, SEEK_END) == 0) {
    long size = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    if (size > 0) {
      // Read straight into the final buffer, leaving room for the parsers'
      // SIMD padding so they need not copy it again.
      data.reserve(static_cast<std::size_t>(size) + 64);
      data.resize(static_cast<std::size_t>(size));
      std::size_t got = std::fread(data.data(), 1, data.size(), f);
      data.resize(got);
    }
  }
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
  bool failed = std::ferror(f) != 0;
  int err = errno;
  if (!is_stdin) std::fclose(f);
  if (failed) {
    return Status(StatusCode::kUnavailable,
                  "cannot read " + path + ": " + std::strerror(err));
  }
  return data;
}

void WriteStdout(std::string_view text) {
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    ssize_t w = ::write(STDOUT_FILENO, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;  // stdout closed (e.g. `| head`): nothing useful to do
    }
    p += w;
    left -= static_cast<std::size_t>(w);
  }
}

int ReportError(std::string_view what, const Status& status) {
  std::string line = "driftwise: ";
  line.append(what);
  line += ": ";
  line += status.message();
  if (status.has_offset() || !status.json_path().empty()) {
    line += " (";
    if (status.has_offset())
      line += "byte offset " + std::to_string(status.offset());
    if (status.has_offset() && !status.json_path().empty()) line += ", ";
    if (!status.json_path().empty()) line += "at " + status.json_path();
    line += ")";
  }
  line += "\n";
  std::fputs(line.c_str(), stderr);
  return kExitError;
}

bool IsOneOf(std::string_view format, std::string_view allowed) {
  while (!allowed.empty()) {
    std::size_t bar = allowed.find('|');
    if (allowed.substr(0, bar) == format) return true;
    if (bar == std::string_view::npos) break;
    allowed.remove_prefix(bar + 1);
  }
  return false;
}

}  // namespace dw::cli
