// File: src/core/match/security_group_rules.hpp
// Canonical comparison of AWS security group rules. Internal to `match`.
#ifndef DRIFTWISE_SRC_CORE_MATCH_SECURITY_GROUP_RULES_HPP
#define DRIFTWISE_SRC_CORE_MATCH_SECURITY_GROUP_RULES_HPP

#include <string>
#include <string_view>
#include <vector>

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

/// True when `rules` (an array) is in the EC2 API's IpPermissions shape
/// rather than Terraform's ingress/egress block shape.
bool IsIpPermissions(const JsonValue& rules);

/// EC2 IpPermissions as Terraform ingress/egress blocks (compact JSON
/// array, one block per permission and description), so a live value can
/// be judged by rules written for Terraform's attributes.
std::string IpPermissionsAsTerraformRules(const JsonValue& live_permissions);

/// Rules one side allows and the other does not, each as a person reads
/// it: "tcp 22 from 0.0.0.0/0", "all traffic from sg-123 (\"admins\")".
/// Either side may be in either shape. `self_id`: the group's own id.
struct RuleDelta {
  std::vector<std::string> added;    // live allows, the state does not
  std::vector<std::string> removed;  // the state allows, live does not
};
RuleDelta SecurityGroupRuleDelta(const JsonValue& live_rules,
                                 const JsonValue& iac_rules,
                                 std::string_view self_id);

}  // namespace match_internal
}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_SRC_CORE_MATCH_SECURITY_GROUP_RULES_HPP
