// Tests for the state reader (driftwise/state.hpp).
#include "driftwise/state.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/test_files.hpp"

namespace dw {
namespace {

using ::dw::testing::ReadShared;

std::vector<std::string> Addresses(const State& s) {
  std::vector<std::string> out;
  for (const StateResource& r : s.resources) out.push_back(r.address);
  return out;
}

TEST(ParseState, V4InstancesModulesIndexesAndProviders) {
  auto state = ParseStateCopy(R"({
    "version": 4, "terraform_version": "1.6.0", "serial": 7, "lineage": "L",
    "resources": [
      {"module": "module.net", "mode": "managed", "type": "aws_subnet", "name": "a",
       "provider": "module.net.provider[\"registry.terraform.io/hashicorp/aws\"].west",
       "instances": [
         {"index_key": 0, "schema_version": 1, "attributes": {"id": "subnet-1"}},
         {"index_key": 1, "schema_version": 1, "attributes": {"id": "subnet-2"},
          "status": "tainted"}]},
      {"mode": "data", "type": "aws_ami", "name": "ubuntu", "provider": "provider.aws",
       "instances": [{"attributes": {"id": "ami-1"}}]},
      {"mode": "managed", "type": "aws_iam_user", "name": "u",
       "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
       "instances": [{"index_key": "alice", "attributes": {"id": "alice", "password": "s3cret"},
                      "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]}
    ]})");
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(state->version, 4);
  EXPECT_EQ(state->serial, 7u);
  EXPECT_EQ(Addresses(*state),
            (std::vector<std::string>{
                "module.net.aws_subnet.a[0]", "module.net.aws_subnet.a[1]",
                "data.aws_ami.ubuntu", "aws_iam_user.u[\"alice\"]"}));
  const StateResource& subnet = state->resources[1];
  EXPECT_EQ(subnet.provider_source, "registry.terraform.io/hashicorp/aws");
  EXPECT_EQ(subnet.provider_alias, "west");
  EXPECT_TRUE(subnet.tainted);
  EXPECT_EQ(subnet.schema_version, 1);
  EXPECT_EQ(subnet.attributes.Get("id").as_string(), "subnet-2");
  EXPECT_EQ(state->resources[2].provider_source,
            "registry.terraform.io/hashicorp/aws");  // legacy provider.aws
  EXPECT_EQ(state->resources[3].sensitive_paths,
            (std::vector<std::string>{"password"}));
}

TEST(ParseState, ShowJsonFormWalksChildModules) {
  auto state = ParseState(ReadShared(
      "corpus/states/terraform/show-json-state__modules__output.show.json"));
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(state->version, 0);
  EXPECT_FALSE(state->format_version.empty());
  ASSERT_FALSE(state->resources.empty());
  bool in_module = false;
  for (const StateResource& r : state->resources) {
    if (!r.module.empty()) {
      in_module = true;
      EXPECT_EQ(r.address.rfind(r.module + ".", 0), 0u) << r.address;
    }
  }
  EXPECT_TRUE(in_module);
}

TEST(ParseState, OldVersionsAndBrokenFilesGetSpecificErrors) {
  auto v3 = ParseState(ReadShared(
      "corpus/states/terraform/statefile-roundtrip__v3-simple.in.tfstate"));
  ASSERT_FALSE(v3.ok());
  EXPECT_EQ(v3.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(v3.status().message().find("unsupported state version 3, run "
                                       "terraform 0.12+ to upgrade"),
            std::string::npos);
  EXPECT_EQ(v3.status().json_path(), "version");
  EXPECT_TRUE(v3.status().has_offset());

  auto empty = ParseStateCopy("");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("empty"), std::string::npos);

  auto truncated = ParseStateCopy(R"({"version": 4, "resources": [)");
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("truncated"), std::string::npos);

  auto not_json = ParseStateCopy("invalid\n");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.status().offset(), 0u);

  auto wrong_type = ParseStateCopy(R"({"version": 4, "resources": {}})");
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.status().json_path(), "resources");

  auto plan =
      ParseStateCopy(R"({"format_version":"1.2","resource_changes":[]})");
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("plan"), std::string::npos);

  // Other Terraform -json outputs are not read as an empty state.
  auto schema =
      ParseStateCopy(R"({"format_version":"1.0","provider_schemas":{}})");
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.status().message().find("provider schema"),
            std::string::npos);
  auto validate = ParseStateCopy(R"({"format_version":"1.0","valid":true})");
  ASSERT_FALSE(validate.ok());
  EXPECT_NE(validate.status().message().find("validate"), std::string::npos);
  // `terraform show -json` with no state at all is an empty state.
  auto nothing = ParseStateCopy(R"({"format_version":"1.0"})");
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->resources.empty());
}

TEST(ParseState, ScenarioStateHasEveryInstance) {
  auto state =
      ParseState(ReadShared("corpus/scenarios/basic-aws/terraform.tfstate"));
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(
      Addresses(*state),
      (std::vector<std::string>{"aws_dynamodb_table.items", "aws_iam_role.app",
                                "aws_s3_bucket.logs", "aws_security_group.web",
                                "aws_sqs_queue.jobs", "aws_subnet.app[0]",
                                "aws_subnet.app[1]", "aws_vpc.main"}));
}

}  // namespace
}  // namespace dw
