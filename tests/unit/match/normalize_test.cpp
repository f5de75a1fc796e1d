// The normalizers that keep drift free of false alarms, and the cases where
// they must still see a real difference.
#include "match/normalize.hpp"

#include <gtest/gtest.h>

#include "match/security_group_rules.hpp"

namespace dw::match_internal {
namespace {

JsonDocument Doc(std::string_view json) {
  auto d = JsonDocument::Parse(json);
  EXPECT_TRUE(d.ok()) << json;
  return *std::move(d);
}

bool Eq(std::string_view a, std::string_view b) {
  return NormEqual(Doc(a).root(), Doc(b).root());
}

TEST(NormEqual, NothingIsNothing) {
  EXPECT_TRUE(Eq("null", "{}"));
  EXPECT_TRUE(Eq("[]", "null"));
  EXPECT_TRUE(Eq("\"\"", "{}"));
  EXPECT_TRUE(Eq(R"({"a":1,"b":null})", R"({"a":1})"));
  EXPECT_TRUE(Eq(R"({"a":1,"tags":{}})", R"({"tags":null,"a":1})"));
  EXPECT_FALSE(Eq("{}", R"({"a":1})"));
  EXPECT_FALSE(Eq("false", "null"));  // false is a value, not nothing
  EXPECT_FALSE(Eq("0", "null"));
}

TEST(NormEqual, ScalarsAcrossTypes) {
  EXPECT_TRUE(Eq("30", "\"30\""));  // SQS attributes are strings
  EXPECT_TRUE(Eq("1.0", "1"));
  EXPECT_TRUE(Eq("true", "\"true\""));
  EXPECT_FALSE(Eq("30", "\"31\""));
  EXPECT_FALSE(Eq("true", "\"yes\""));
  EXPECT_FALSE(Eq("[1,2]", "[2,1]"));  // plain lists keep their order
}

TEST(DocumentEqual, PoliciesIgnoreFormattingOrderAndSingletons) {
  JsonDocument a = Doc(
      R"("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Ec2\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")");
  JsonDocument b = Doc(R"({"Statement": [ {"Action": ["sts:AssumeRole"],
      "Principal": {"Service": "ec2.amazonaws.com"}, "Effect": "Allow",
      "Sid": "Ec2"} ], "Version": "2012-10-17"})");
  EXPECT_TRUE(DocumentEqual(a.root(), b.root()));
  JsonDocument widened = Doc(R"({"Statement": [ {"Action": "sts:AssumeRole",
      "Principal": {"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]},
      "Effect": "Allow", "Sid": "Ec2"} ], "Version": "2012-10-17"})");
  EXPECT_FALSE(DocumentEqual(a.root(), widened.root()));
  // Statements reordered by the service.
  EXPECT_TRUE(DocumentEqual(
      Doc(R"({"Statement":[{"Sid":"a","Effect":"Allow"},{"Sid":"b","Effect":"Deny"}]})")
          .root(),
      Doc(R"({"Statement":[{"Sid":"b","Effect":"Deny"},{"Sid":"a","Effect":"Allow"}]})")
          .root()));
  // A string that is not JSON only equals itself.
  EXPECT_FALSE(DocumentEqual(Doc("\"{oops\"").root(), Doc("{}").root()));
}

TEST(NormEqual, JsonInsideStringsComparedAsJson) {
  EXPECT_TRUE(Eq(R"("{\"a\": 1, \"b\": [1]}")", R"("{\"b\":[1],\"a\":1}")"));
  EXPECT_FALSE(Eq(R"("{\"a\": 1}")", R"("{\"a\": 2}")"));
}

TEST(SetEqual, OrderFreeMultisets) {
  EXPECT_TRUE(
      SetEqual(Doc(R"(["a","b","b"])").root(), Doc(R"(["b","a","b"])").root()));
  EXPECT_FALSE(
      SetEqual(Doc(R"(["a","b","b"])").root(), Doc(R"(["a","a","b"])").root()));
  EXPECT_TRUE(SetEqual(Doc(R"("x")").root(), Doc(R"(["x"])").root()));
}

TEST(SecurityGroupRules, ApiPermissionsEqualTerraformBlocks) {
  JsonDocument live = Doc(R"([
    {"IpProtocol":"tcp","FromPort":443,"ToPort":443,"IpRanges":[{"CidrIp":"0.0.0.0/0"},{"CidrIp":"10.0.0.0/8"}],
     "Ipv6Ranges":[],"PrefixListIds":[],"UserIdGroupPairs":[{"GroupId":"sg-self","UserId":"1"}]},
    {"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0","Description":"all"}]}])");
  JsonDocument tf = Doc(R"([
    {"protocol":"-1","from_port":0,"to_port":0,"cidr_blocks":["0.0.0.0/0"],"description":"all",
     "ipv6_cidr_blocks":[],"prefix_list_ids":[],"security_groups":[],"self":false},
    {"protocol":"6","from_port":443,"to_port":443,"cidr_blocks":["10.0.0.0/8"],"description":"",
     "ipv6_cidr_blocks":[],"prefix_list_ids":[],"security_groups":[],"self":true},
    {"protocol":"tcp","from_port":443,"to_port":443,"cidr_blocks":["0.0.0.0/0"],"description":"",
     "ipv6_cidr_blocks":[],"prefix_list_ids":[],"security_groups":[],"self":false}])");
  EXPECT_TRUE(SecurityGroupRulesEqual(live.root(), tf.root(), "sg-self"));
  EXPECT_FALSE(SecurityGroupRulesEqual(live.root(), tf.root(), "sg-other"));
  JsonDocument opened = Doc(
      R"([{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}])");
  EXPECT_FALSE(SecurityGroupRulesEqual(opened.root(), Doc("[]").root(), ""));
}

TEST(DiffValues, MapsPerKeySetsWholeNoiseDropped) {
  JsonDocument before = Doc(R"({"tags":null,"tags_all":{"team":"p"},
      "ingress":[{"from_port":443}],"name":"x","policy":"{\"a\":1}"})");
  JsonDocument after =
      Doc(R"({"tags":{"owner":"m"},"tags_all":{"team":"p","owner":"m"},
      "ingress":[{"from_port":22},{"from_port":443}],"name":"x","policy":"{ \"a\" : 1 }"})");
  std::vector<std::string> paths;
  std::vector<std::string_view> sets = {"ingress"};
  for (JsonMember m : before.root().members()) {
    AttributePath prefix{PathSegment::Key(m.key)};
    DiffValues(m.value, after.root().Get(m.key), prefix, sets, &paths);
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"tags.owner", "tags_all.owner",
                                             "ingress"}));
}

TEST(EvalLivePath, SelectorsProjectionsAndCaseFolding) {
  JsonDocument d = Doc(R"({"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
      {"AttributeName":"sk","KeyType":"RANGE"}],
      "securityGroups":[{"GroupId":"sg-1"},{"GroupId":"sg-2"}],
      "billingModeSummary":{"billingMode":"PAY_PER_REQUEST"}})");
  std::vector<JsonValue> proj;
  bool found = false;
  EXPECT_EQ(EvalLivePath(d.root(), "KeySchema[KeyType=RANGE].AttributeName",
                         &proj, &found)
                .as_string(),
            "sk");
  EXPECT_TRUE(found);
  EXPECT_EQ(
      EvalLivePath(d.root(), "BillingModeSummary.BillingMode", &proj, &found)
          .as_string(),
      "PAY_PER_REQUEST");
  EvalLivePath(d.root(), "SecurityGroups[*].GroupId", &proj, &found);
  EXPECT_TRUE(found);
  ASSERT_EQ(proj.size(), 2u);
  EXPECT_EQ(proj[1].as_string(), "sg-2");
  EvalLivePath(d.root(), "Missing.Path", &proj, &found);
  EXPECT_FALSE(found);
}

}  // namespace
}  // namespace dw::match_internal
