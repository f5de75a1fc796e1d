// File: server/store/store.cpp
//
// The backend-neutral helpers declared in store.hpp.
#include "store/store.hpp"

#include <algorithm>

namespace dw::server {

std::string OrgChainId(std::string_view org_id) {
  return "org:" + std::string(org_id);
}

bool IsValidRole(std::string_view role) {
  return std::find(std::begin(kRoles), std::end(kRoles), role) !=
         std::end(kRoles);
}

bool IsValidPlan(std::string_view plan) {
  return std::find(std::begin(kPlans), std::end(kPlans), plan) !=
         std::end(kPlans);
}

}  // namespace dw::server
