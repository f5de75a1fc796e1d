// File: src/core/match/security_group_rules.hpp
// Canonical comparison of AWS security group rules. Internal to `match`.
#ifndef DRIFTWISE_SRC_CORE_MATCH_SECURITY_GROUP_RULES_HPP
#define DRIFTWISE_SRC_CORE_MATCH_SECURITY_GROUP_RULES_HPP

#include <string_view>

#include "driftwise/json.hpp"

namespace dw {
inline namespace v1 {
namespace match_internal {

/// True when EC2 IpPermissions and Terraform ingress/egress blocks allow
/// the same traffic (one tuple per protocol, ports, source, description).
/// `self_id` is the group's own id (for `self = true` rules).
bool SecurityGroupRulesEqual(const JsonValue& live_permissions,
                             const JsonValue& iac_rules,
                             std::string_view self_id);

}  // namespace match_internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_MATCH_SECURITY_GROUP_RULES_HPP
