// File: driftwise/validation.hpp
//
// Validation problems of a user-supplied configuration (risk policy, custom
// noise rules, suppressions). Validators report every problem at once, each
// naming the rule index and field, so an API can answer 422 with the whole
// list and a CLI can print it.
//
// Thread-safety: values.
#ifndef DRIFTWISE_VALIDATION_HPP
#define DRIFTWISE_VALIDATION_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// One problem in a configuration document.
struct ValidationIssue {
  int index = -1;       // index of the rule/entry, -1 for document level
  std::string field;    // e.g. "severity", "resource_type", "rules"
  std::string message;  // what is wrong, for people
  std::uint64_t offset = kNoOffset;  // byte offset in the document, if known

  /// "rules[2].severity: unknown severity \"urgent\" (byte 120)". `list` is
  /// the name of the array the index points into ("rules").
  std::string ToString(std::string_view list = "rules") const;
};

/// kInvalidArgument whose message lists every issue ("; "-separated) and
/// whose offset and JSON path are those of the first; OK when empty.
Status IssuesToStatus(const std::vector<ValidationIssue>& issues,
                      std::string_view what, std::string_view list = "rules");

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_VALIDATION_HPP
