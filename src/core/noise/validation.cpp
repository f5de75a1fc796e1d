#include "driftwise/validation.hpp"

namespace dw {
inline namespace v1 {

std::string ValidationIssue::ToString(std::string_view list) const {
  std::string out;
  if (index >= 0) {
    out += list;
    out += "[" + std::to_string(index) + "]";
    if (!field.empty()) out += ".";
  }
  out += field;
  if (!out.empty()) out += ": ";
  out += message;
  if (offset != kNoOffset) out += " (byte " + std::to_string(offset) + ")";
  return out;
}

Status IssuesToStatus(const std::vector<ValidationIssue>& issues,
                      std::string_view what, std::string_view list) {
  if (issues.empty()) return OkStatus();
  std::string msg(what);
  msg += ": " + std::to_string(issues.size()) +
         (issues.size() == 1 ? " problem: " : " problems: ");
  for (std::size_t i = 0; i < issues.size(); ++i) {
    if (i) msg += "; ";
    msg += issues[i].ToString(list);
  }
  const ValidationIssue& first = issues.front();
  std::string path;
  if (first.index >= 0) {
    path = std::string(list) + "[" + std::to_string(first.index) + "]";
    if (!first.field.empty()) path += "." + first.field;
  } else {
    path = first.field;
  }
  return InvalidArgumentError(std::move(msg), first.offset, std::move(path));
}

}  // namespace v1
}  // namespace dw
