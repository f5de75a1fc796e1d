// File: examples/cpp/plan_summary.cpp
//
// Reads a Terraform plan and prints, per action, how many resources change,
// then every updated attribute with its old and new value (sensitive values
// masked). Usage: plan_summary PLAN.json
#include <cstdio>
#include <map>
#include <string>

#include "driftwise/plan.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PLAN.json\n", argv[0]);
    return 2;
  }
  dw::Result<dw::Plan> plan = dw::ParsePlanFile(argv[1]);
  if (!plan.ok()) {
    std::fprintf(stderr, "%s\n", plan.status().ToString().c_str());
    return 2;
  }
  std::map<std::string, int> by_action;
  for (const dw::ResourceChange& rc : plan->resource_changes) {
    ++by_action[std::string(dw::ActionName(rc.action))];
  }
  for (const auto& [action, count] : by_action) {
    std::printf("%-8s %d\n", action.c_str(), count);
  }
  // Terraform's own drift report (refresh-only plans) uses the same model.
  for (const auto* list : {&plan->resource_changes, &plan->resource_drift}) {
    for (const dw::ResourceChange& rc : *list) {
      if (rc.action != dw::Action::kUpdate) continue;
      for (const dw::AttributeChange& c : rc.diff) {
        std::string before = c.sensitive ? "(sensitive)" : c.before.ToJson();
        std::string after = c.sensitive ? "(sensitive)"
                            : c.unknown ? "(known after apply)"
                                        : c.after.ToJson();
        std::printf("%s %s: %s -> %s\n", rc.address.c_str(),
                    c.path_text.c_str(), before.c_str(), after.c_str());
      }
    }
  }
  return 0;
}
