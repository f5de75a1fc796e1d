// File: src/core/common/json_fields.cpp
#include "common/json_fields.hpp"

namespace dw {
inline namespace v1 {
namespace internal {

std::string JoinPath(const std::string& base, std::string_view key) {
  if (base.empty()) return std::string(key);
  std::string out = base;
  out.push_back('.');
  out.append(key);
  return out;
}

std::string IndexPath(const std::string& base, std::size_t i) {
  return base + "[" + std::to_string(i) + "]";
}

void GetMembers(const JsonValue& obj, std::span<const std::string_view> keys,
                std::span<JsonValue> out) {
  for (JsonMember m : obj.members()) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (m.key == keys[i]) {
        out[i] = m.value;
        break;  // keys are distinct
      }
    }
  }
}

Status WrongType(const JsonValue& v, std::string_view expected,
                 std::string path) {
  std::string msg = path + ": expected ";
  msg.append(expected);
  msg += ", found ";
  msg.append(JsonTypeName(v.type()));
  return InvalidArgumentError(std::move(msg), v.offset(), std::move(path));
}

Status ReadOptionalString(const JsonValue& obj, std::string_view key,
                          const std::string& obj_path, std::string* out) {
  return ReadOptionalStringValue(obj.Get(key), key, obj_path, out);
}

Status ReadOptionalStringValue(const JsonValue& v, std::string_view key,
                               const std::string& obj_path, std::string* out) {
  if (!v.valid() || v.is_null()) return OkStatus();
  if (!v.is_string()) return WrongType(v, "string", JoinPath(obj_path, key));
  *out = std::string(v.as_string());
  return OkStatus();
}

Status ReadRequiredString(const JsonValue& obj, std::string_view key,
                          const std::string& obj_path, std::string* out) {
  JsonValue v = obj.Get(key);
  if (!v.valid()) {
    std::string path = JoinPath(obj_path, key);
    return InvalidArgumentError(path + ": required field is missing",
                                obj.offset(), path);
  }
  if (!v.is_string()) return WrongType(v, "string", JoinPath(obj_path, key));
  *out = std::string(v.as_string());
  return OkStatus();
}

Status ReadOptionalBool(const JsonValue& obj, std::string_view key,
                        const std::string& obj_path, bool* out) {
  JsonValue v = obj.Get(key);
  if (!v.valid() || v.is_null()) return OkStatus();
  if (!v.is_bool()) return WrongType(v, "boolean", JoinPath(obj_path, key));
  *out = v.as_bool();
  return OkStatus();
}

Status ReadStringArray(const JsonValue& obj, std::string_view key,
                       const std::string& obj_path, bool required,
                       std::vector<std::string>* out) {
  JsonValue v = obj.Get(key);
  std::string path = JoinPath(obj_path, key);
  if (!v.valid() || v.is_null()) {
    if (!required) return OkStatus();
    return InvalidArgumentError(path + ": required field is missing",
                                obj.offset(), path);
  }
  if (!v.is_array()) return WrongType(v, "array of strings", path);
  out->clear();
  std::size_t i = 0;
  for (JsonValue e : v.elements()) {
    if (!e.is_string()) return WrongType(e, "string", IndexPath(path, i));
    out->emplace_back(e.as_string());
    ++i;
  }
  return OkStatus();
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
