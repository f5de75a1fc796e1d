// File: fuzz/json_fuzzer.cpp
//
// Round-trip oracle for the JSON value tree: whatever parses must serialize
// to JSON that parses again to an equal value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "driftwise/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto doc = dw::JsonDocument::Parse(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!doc.ok()) return 0;
  std::string again = doc->root().ToJson();
  auto reparsed = dw::JsonDocument::Parse(again);
  if (!reparsed.ok()) std::abort();
  if (!reparsed->root().Equals(doc->root())) std::abort();
  return 0;
}
