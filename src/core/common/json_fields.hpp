// File: src/core/common/json_fields.hpp
//
// Typed reads of JSON fields with errors that name the field's JSON path
// and byte offset. Shared by the plan and state readers.
#ifndef DRIFTWISE_SRC_CORE_COMMON_JSON_FIELDS_HPP
#define DRIFTWISE_SRC_CORE_COMMON_JSON_FIELDS_HPP

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/json.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

/// "expected string, found number" at the value's offset and `path`.
Status WrongType(const JsonValue& v, std::string_view expected,
                 std::string path);

/// Reads optional string member `key` of `obj` into `out` (unchanged when
/// absent or null).
Status ReadOptionalString(const JsonValue& obj, std::string_view key,
                          const std::string& obj_path, std::string* out);
/// ReadOptionalString for a member already found: `v` is its value (absent
/// when missing).
Status ReadOptionalStringValue(const JsonValue& v, std::string_view key,
                               const std::string& obj_path, std::string* out);
/// Like ReadOptionalString, but a missing member is an error.
Status ReadRequiredString(const JsonValue& obj, std::string_view key,
                          const std::string& obj_path, std::string* out);
/// Reads optional boolean member `key`.
Status ReadOptionalBool(const JsonValue& obj, std::string_view key,
                        const std::string& obj_path, bool* out);
/// Reads a member that must be an array of strings.
Status ReadStringArray(const JsonValue& obj, std::string_view key,
                       const std::string& obj_path, bool required,
                       std::vector<std::string>* out);

/// Looks up members `keys` of `obj` in one pass: out[i] is the value of
/// keys[i], absent when missing; the last duplicate wins, as with Get.
void GetMembers(const JsonValue& obj, std::span<const std::string_view> keys,
                std::span<JsonValue> out);

/// `base.key` (or `key` when base is empty), for error paths.
std::string JoinPath(const std::string& base, std::string_view key);
/// `base[i]`.
std::string IndexPath(const std::string& base, std::size_t i);

}  // namespace internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_COMMON_JSON_FIELDS_HPP
