// File: src/core/json/json_validate.hpp
//
// Whether a short text is one JSON document, without building a tree: for
// renderers that embed engine-made values as raw JSON when they are JSON
// (and as strings when they were cut short). Internal: not installed.
#ifndef DRIFTWISE_SRC_CORE_JSON_JSON_VALIDATE_HPP
#define DRIFTWISE_SRC_CORE_JSON_JSON_VALIDATE_HPP

#include <string_view>

namespace dw {
inline namespace v1 {
namespace internal {

/// True when JsonDocument::Parse(text) would succeed. Each thread keeps one
/// parser for its calls, so checking many small values allocates nothing
/// after the first. Thread-safe.
bool IsJsonDocument(std::string_view text);

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_JSON_JSON_VALIDATE_HPP
