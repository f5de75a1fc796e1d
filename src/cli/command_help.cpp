// File: src/cli/command_help.cpp
//
// The shared --help footer and the --version text (see command_help.hpp).
#include "command_help.hpp"

#include <string>

#include "commands.hpp"
#include "driftwise/catalog.hpp"
#include "driftwise/version.h"

namespace dw::cli {

void DescribeCommand(CLI::App* cmd, const std::string& output,
                     const std::string& ok, const std::string& finding) {
  std::string text = "Output: " + output +
                     "\nExit codes: " + std::to_string(kExitOk) + " " + ok;
  if (!finding.empty()) {
    text += ", " + std::to_string(kExitFinding) + " " + finding;
  }
  text += ", " + std::to_string(kExitError) +
          " unusable input or usage (the error, naming the file and byte "
          "offset, on stderr).";
  cmd->footer(text);
}

namespace {

// How this binary was built, from what the compiler itself defines (so the
// CMake and meson builds say the same without extra configuration).
std::string BuildText() {
  std::string s;
#if defined(__clang__)
  s += "clang " __clang_version__;
#elif defined(__GNUC__)
  s += "gcc " __VERSION__;
#else
  s += "unknown compiler";
#endif
#if defined(__OPTIMIZE__)
  s += ", optimized";
#else
  s += ", not optimized";
#endif
#if defined(NDEBUG)
  s += ", assertions off";
#else
  s += ", assertions on";
#endif
#if defined(__SANITIZE_ADDRESS__)
  s += ", AddressSanitizer";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  s += ", AddressSanitizer";
#endif
#endif
#if defined(DW_BUILD_COMMIT)
  s += ", commit " DW_BUILD_COMMIT;
#endif
  return s;
}

}  // namespace

std::string VersionText() {
  return std::string("driftwise ") + DW_VERSION_STRING +
         "\nC ABI: " + std::to_string(DW_ABI_VERSION) + " (libdriftwise.so." +
         std::to_string(DW_ABI_VERSION) +
         ")\nresource catalog: " + std::string(Catalog::Builtin().version()) +
         " (" + std::to_string(Catalog::Builtin().entries().size()) +
         " resource types)\nbuild: " + BuildText();
}

}  // namespace dw::cli
