#include "noise/config_fields.hpp"

#include <cctype>

namespace dw::config {

std::string Trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

void FieldReader::Issue(std::string_view field, std::string message,
                        JsonValue at) {
  ValidationIssue issue;
  issue.index = index_;
  issue.field = std::string(field);
  issue.message = std::move(message);
  issue.offset = at.valid() ? at.offset() : obj_.offset();
  issues_->push_back(std::move(issue));
}

std::string FieldReader::String(std::string_view field, bool required) {
  JsonValue v = obj_.Get(field);
  if (!v.valid() || v.is_null()) {
    if (required) Issue(field, "required field is missing");
    return "";
  }
  if (!v.is_string()) {
    Issue(field, "must be a string, not " + std::string(JsonTypeName(v.type())),
          v);
    return "";
  }
  std::string s = Trim(v.as_string());
  if (required && s.empty()) Issue(field, "must not be empty", v);
  return s;
}

std::string FieldReader::Enum(std::string_view field, bool required) {
  return Lower(String(field, required));
}

std::vector<std::string> FieldReader::Strings(std::string_view field,
                                              bool lower) {
  std::vector<std::string> out;
  JsonValue v = obj_.Get(field);
  if (!v.valid() || v.is_null()) return out;
  if (!v.is_array()) {
    Issue(field,
          "must be an array of strings, not " +
              std::string(JsonTypeName(v.type())),
          v);
    return out;
  }
  std::size_t i = 0;
  for (JsonValue e : v.elements()) {
    if (!e.is_string()) {
      Issue(std::string(field) + "[" + std::to_string(i) + "]",
            "must be a string, not " + std::string(JsonTypeName(e.type())), e);
    } else {
      std::string s = Trim(e.as_string());
      out.push_back(lower ? Lower(s) : s);
    }
    ++i;
  }
  return out;
}

bool FieldReader::Bool(std::string_view field, bool fallback) {
  JsonValue v = obj_.Get(field);
  if (!v.valid() || v.is_null()) return fallback;
  if (!v.is_bool()) {
    Issue(field,
          "must be true or false, not " + std::string(JsonTypeName(v.type())),
          v);
    return fallback;
  }
  return v.as_bool();
}

std::int64_t FieldReader::Int(std::string_view field, std::int64_t fallback) {
  JsonValue v = obj_.Get(field);
  if (!v.valid() || v.is_null()) return fallback;
  if (v.type() != JsonType::kInt64 && v.type() != JsonType::kUint64) {
    Issue(field,
          "must be an integer, not " + std::string(JsonTypeName(v.type())), v);
    return fallback;
  }
  return v.as_int64();
}

void FieldReader::RejectUnknown(std::initializer_list<std::string_view> known) {
  for (JsonMember m : obj_.members()) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || k == m.key;
    if (!ok) Issue(m.key, "unknown field", m.value);
  }
}

JsonValue RuleArray(JsonValue root, std::string_view key,
                    std::vector<ValidationIssue>* issues) {
  if (root.is_array()) return root;
  if (root.is_object()) {
    JsonValue a = root.Get(key);
    if (a.is_array()) return a;
    ValidationIssue issue;
    issue.field = std::string(key);
    issue.message =
        a.valid() ? "must be an array" : "required field is missing";
    issue.offset = a.valid() ? a.offset() : root.offset();
    issues->push_back(std::move(issue));
    return JsonValue();
  }
  ValidationIssue issue;
  issue.message = "the document must be a JSON object or array";
  issue.offset = root.offset();
  issues->push_back(std::move(issue));
  return JsonValue();
}

}  // namespace dw::config
