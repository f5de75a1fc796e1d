// File: server/api/org_ops.hpp
//
// Operations shared by the admin routes and the org routes: creating an org,
// adding a member within the plan's seat limit, and changing a role with the
// reference's rules (same role = no-op without audit row; the sole owner
// cannot be demoted or removed: 409).
#ifndef DRIFTWISE_SERVER_API_ORG_OPS_HPP
#define DRIFTWISE_SERVER_API_ORG_OPS_HPP

#include <optional>
#include <string>

#include "api/call.hpp"

namespace dw::server {

/// Lowercase letters, digits and inner hyphens, 2..63 characters.
bool IsValidSlug(std::string_view slug);

/// Handles a {slug, display_name} body: validates, creates the org on the
/// free plan with its audit event, and, when `owner` is set, makes that user
/// its owner in the same transaction. Answers 201 with the org.
void CreateOrgFromBody(Call& call, const User* owner);

/// Changes `membership_id`'s role to the body's role. `scope_org_id` set:
/// the membership must belong to that org (else the uniform 404) and the
/// caller may not change their own role (409).
void ChangeMembershipRole(Call& call, const std::string& membership_id,
                          const std::optional<std::string>& scope_org_id);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_ORG_OPS_HPP
