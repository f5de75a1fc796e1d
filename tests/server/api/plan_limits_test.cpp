#include "api/plan_limits.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace dw::server {
namespace {

bool HasFeature(const PlanLimits& p, std::string_view f) {
  return std::find(p.features.begin(), p.features.end(), f) != p.features.end();
}

TEST(PlanLimits, EveryStoredPlanHasLimitsAndHigherPlansIncludeLowerOnes) {
  const PlanLimits* free = FindPlanLimits("free");
  const PlanLimits* team = FindPlanLimits("team");
  const PlanLimits* enterprise = FindPlanLimits("enterprise");
  ASSERT_TRUE(free && team && enterprise);
  EXPECT_EQ(FindPlanLimits("gold"), nullptr);
  for (std::string_view f : free->features)
    EXPECT_TRUE(HasFeature(*team, f)) << f;
  for (std::string_view f : team->features)
    EXPECT_TRUE(HasFeature(*enterprise, f)) << f;
  EXPECT_TRUE(HasFeature(*team, "audit_compliance"));
  EXPECT_FALSE(HasFeature(*free, "audit_compliance"));
  EXPECT_LT(free->seats, team->seats);
  EXPECT_EQ(enterprise->seats, kUnlimited);
}

TEST(PlanLimits, WithinLimit) {
  EXPECT_TRUE(WithinLimit(3, 2));
  EXPECT_FALSE(WithinLimit(3, 3));
  EXPECT_TRUE(WithinLimit(kUnlimited, 1'000'000));
}

// Writes count existing rows only for capped limits: an enterprise org's
// key creation must not scan all its keys.
TEST(PlanLimits, CappedOnlyWhenThePlanSetsANumber) {
  const PlanLimits* free = FindPlanLimits("free");
  const PlanLimits* enterprise = FindPlanLimits("enterprise");
  ASSERT_NE(free, nullptr);
  ASSERT_NE(enterprise, nullptr);
  EXPECT_TRUE(Capped(free, &PlanLimits::api_keys));
  EXPECT_TRUE(Capped(free, &PlanLimits::seats));
  EXPECT_FALSE(Capped(enterprise, &PlanLimits::api_keys));
  EXPECT_FALSE(Capped(enterprise, &PlanLimits::seats));
  EXPECT_FALSE(Capped(nullptr, &PlanLimits::api_keys));
}

TEST(PlanLimits, PaymentRequiredBodyNamesTheLimit) {
  auto body = nlohmann::json::parse(
      PaymentRequiredBody("req_1", "seats", 3, 3, "free"));
  EXPECT_EQ(body["error_class"], "plan_limit_exceeded");
  EXPECT_EQ(body["limit"], "seats");
  EXPECT_EQ(body["current"], 3);
  EXPECT_EQ(body["max"], 3);
  EXPECT_EQ(body["plan"], "free");
  EXPECT_EQ(body["request_id"], "req_1");
  EXPECT_TRUE(body["error"].is_string());
}

}  // namespace
}  // namespace dw::server
