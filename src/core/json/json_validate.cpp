// File: src/core/json/json_validate.cpp
#include "json/json_validate.hpp"

#include <simdjson.h>

#include "driftwise/json.hpp"
#include "json/json_span.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

bool IsJsonDocument(std::string_view text) {
  // Nesting is capped as JsonDocument caps it, so "too deep" is decided
  // by JsonDocument itself below.
  thread_local simdjson::dom::parser parser(simdjson::SIMDJSON_MAXSIZE_BYTES);
  thread_local bool sized =
      parser.allocate(4096, kMaxJsonDepth) == simdjson::SUCCESS;
  if (sized) {
    simdjson::dom::element root;
    if (parser.parse(text.data(), text.size()).get(root) == simdjson::SUCCESS) {
      return true;
    }
  }
  // What simdjson refuses but JsonDocument may take (integers over 64 bits,
  // the depth limit's edge): JsonDocument decides.
  return JsonDocument::Parse(text).ok();
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
