// File: src/core/plan/plan_locator.cpp
#include "plan_locator.hpp"

#include <array>

namespace dw {
inline namespace v1 {
namespace internal {

bool LocatePlan(const JsonSource& source, LocatedPlan& out,
                const std::function<void(const LocatedChange&)>& on_change) {
  static constexpr std::array<std::string_view, 2> kLists = {"resource_changes",
                                                             "resource_drift"};
  auto as_change = [](const LocatedEntry& e) {
    return LocatedChange{e.offset, e.length, e.list == 1, e.index};
  };
  LocatedTopLevel top;
  std::function<void(const LocatedEntry&)> forward;
  if (on_change) {
    forward = [&](const LocatedEntry& e) { on_change(as_change(e)); };
  }
  if (!LocateTopLevel(source, kLists, /*array_root=*/false, top, forward)) {
    return false;
  }
  out.fields = std::move(top.fields);
  for (const LocatedEntry& e : top.entries) out.changes.push_back(as_change(e));
  return true;
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
