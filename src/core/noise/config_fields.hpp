// Helpers for reading user configuration JSON (rules, policies,
// suppressions) field by field, collecting every problem instead of
// stopping at the first. Shared by the noise and policy modules.
#ifndef DRIFTWISE_SRC_CORE_NOISE_CONFIG_FIELDS_HPP
#define DRIFTWISE_SRC_CORE_NOISE_CONFIG_FIELDS_HPP

#include <string>
#include <string_view>
#include <vector>

#include "driftwise/json.hpp"
#include "driftwise/validation.hpp"

namespace dw::config {

/// Trims ASCII whitespace at both ends.
std::string Trim(std::string_view s);
/// ASCII lowercase.
std::string Lower(std::string_view s);

/// Reads configuration entries, recording issues for entry `index`.
class FieldReader {
 public:
  FieldReader(JsonValue object, int index, std::vector<ValidationIssue>* issues)
      : obj_(object), index_(index), issues_(issues) {}

  /// Adds an issue for `field` at the offset of `at` (or of the object).
  void Issue(std::string_view field, std::string message,
             JsonValue at = JsonValue());

  /// A trimmed string; "" when absent. Issue when present but not a string
  /// (null counts as absent), or when required and empty.
  std::string String(std::string_view field, bool required);
  /// Like String, then lowercased (enum values).
  std::string Enum(std::string_view field, bool required);
  /// An array of trimmed strings (lowercased when `lower`).
  std::vector<std::string> Strings(std::string_view field, bool lower);
  /// A boolean, `fallback` when absent.
  bool Bool(std::string_view field, bool fallback);
  /// An integer, `fallback` when absent.
  std::int64_t Int(std::string_view field, std::int64_t fallback);
  /// Issues for every member not in `known`.
  void RejectUnknown(std::initializer_list<std::string_view> known);

  JsonValue Get(std::string_view field) const { return obj_.Get(field); }

 private:
  JsonValue obj_;
  int index_;
  std::vector<ValidationIssue>* issues_;
};

/// Finds the rule array of a document: the member `key` of an object, or
/// the document itself when it is an array. Issue + absent value otherwise.
JsonValue RuleArray(JsonValue root, std::string_view key,
                    std::vector<ValidationIssue>* issues);

}  // namespace dw::config

#endif  // DRIFTWISE_SRC_CORE_NOISE_CONFIG_FIELDS_HPP
