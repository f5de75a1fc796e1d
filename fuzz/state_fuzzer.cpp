// File: fuzz/state_fuzzer.cpp
//
// Feeds arbitrary bytes to the state reader; every listed sensitive path
// must be valid path syntax (outputs mask values through it). A state file
// is read in parts (a first pass, then batches of resources) unless the
// first pass refuses it: the same bytes with an escaped top-level key
// first, which that pass always refuses, must read the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "driftwise/path.hpp"
#include "driftwise/state.hpp"

namespace {

// The input with "\u005f": 0 first in its top-level object ("" when the
// input does not start with an object that has members).
std::string WithEscapedKeyFirst(std::string_view input) {
  std::size_t brace = input.find_first_not_of(" \t\r\n");
  if (brace == std::string_view::npos || input[brace] != '{') return {};
  std::size_t next = input.find_first_not_of(" \t\r\n", brace + 1);
  if (next == std::string_view::npos || input[next] == '}') return {};
  std::string out(input);
  out.insert(brace + 1, R"("\u005f": 0, )");
  return out;
}

// Read in parts and read whole agree. Reading whole counts nesting from
// the top of the file, in parts from each resource, so only the whole
// read can find a resource nested too deeply.
void CheckSameAsWholeRead(std::string_view input,
                          const dw::Result<dw::State>& parts) {
  std::string whole_input = WithEscapedKeyFirst(input);
  if (whole_input.empty()) return;
  auto whole = dw::ParseState(std::move(whole_input));
  if (whole.ok() != parts.ok()) {
    if (parts.ok() &&
        whole.status().message().find("nested deeper") != std::string::npos) {
      return;
    }
    std::abort();
  }
  if (!whole.ok()) return;
  if (whole->resources.size() != parts->resources.size()) std::abort();
  for (std::size_t i = 0; i < parts->resources.size(); ++i) {
    const dw::StateResource& a = parts->resources[i];
    const dw::StateResource& b = whole->resources[i];
    if (a.address != b.address || a.provider != b.provider ||
        a.sensitive_paths != b.sensitive_paths ||
        a.attributes.ToJson() != b.attributes.ToJson()) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  dw::ParseStateOptions options;
  options.threads = size % 2 == 0 ? 1 : 2;  // both ways, cheaply
  auto state = dw::ParseState(std::string(input), options);
  CheckSameAsWholeRead(input, state);
  if (!state.ok()) {
    if (state.status().has_offset() && state.status().offset() > size) {
      std::abort();
    }
    return 0;
  }
  for (const dw::StateResource& r : state->resources) {
    if (r.address.empty()) std::abort();
    for (const std::string& p : r.sensitive_paths) {
      if (!p.empty() && !dw::ParsePath(p).ok()) std::abort();
    }
    (void)r.attributes.ToJson();
  }
  return 0;
}
