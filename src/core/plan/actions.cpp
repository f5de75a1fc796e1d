// File: src/core/plan/actions.cpp
//
// Folding Terraform's action lists to one dw::Action.
#include <string>

#include "driftwise/plan.hpp"

namespace dw {
inline namespace v1 {

std::string_view ActionName(Action action) noexcept {
  switch (action) {
    case Action::kNoOp:
      return "no-op";
    case Action::kCreate:
      return "create";
    case Action::kRead:
      return "read";
    case Action::kUpdate:
      return "update";
    case Action::kDelete:
      return "delete";
    case Action::kReplace:
      return "replace";
    case Action::kForget:
      return "forget";
  }
  return "no-op";
}

bool ParseActionName(std::string_view name, Action* out) noexcept {
  static constexpr Action kAll[] = {
      Action::kNoOp,   Action::kCreate,  Action::kRead,  Action::kUpdate,
      Action::kDelete, Action::kReplace, Action::kForget};
  for (Action a : kAll) {
    if (ActionName(a) == name) {
      *out = a;
      return true;
    }
  }
  return false;
}

Result<Action> FoldActions(const std::vector<std::string>& actions,
                           ReplaceOrder* order) {
  *order = ReplaceOrder::kNone;
  if (actions.size() == 1) {
    Action a;
    if (ParseActionName(actions[0], &a) && a != Action::kReplace) return a;
  } else if (actions.size() == 2) {
    if (actions[0] == "delete" && actions[1] == "create") {
      *order = ReplaceOrder::kDeleteBeforeCreate;
      return Action::kReplace;
    }
    if (actions[0] == "create" && actions[1] == "delete") {
      *order = ReplaceOrder::kCreateBeforeDelete;
      return Action::kReplace;
    }
  }
  std::string list = "[";
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (i) list += ",";
    list += "\"" + actions[i] + "\"";
  }
  list += "]";
  return InvalidArgumentError(
      "unsupported action list " + list +
      " (expected one of no-op, create, read, update, delete, forget, or "
      "delete+create / create+delete for a replacement)");
}

}  // namespace v1
}  // namespace dw
