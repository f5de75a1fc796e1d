// Identity normalization and provider defaults on concrete, real-world
// spellings.
#include <gtest/gtest.h>

#include "driftwise/catalog.hpp"

namespace dw {
namespace {

TEST(NormalizeIdentity, AwsArnsAndUrlsReduceToTheResourceId) {
  EXPECT_EQ(NormalizeIdentity(IdentityScheme::kAws, "arn:aws:s3:::dw-logs"),
            "dw-logs");
  EXPECT_EQ(
      NormalizeIdentity(IdentityScheme::kAws,
                        "arn:aws:iam::123456789012:role/service-role/app"),
      "app");
  EXPECT_EQ(NormalizeIdentity(
                IdentityScheme::kAws,
                "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0abc"),
            "sg-0abc");
  EXPECT_EQ(NormalizeIdentity(IdentityScheme::kAws,
                              "arn:aws:lambda:eu-west-1:1:function:worker"),
            "worker");
  EXPECT_EQ(NormalizeIdentity(IdentityScheme::kAws,
                              "arn:aws:logs:eu-west-1:1:log-group:/app/web:*"),
            "web");
  EXPECT_EQ(NormalizeIdentity(
                IdentityScheme::kAws,
                "https://sqs.us-east-1.amazonaws.com/123456789012/jobs"),
            "jobs");
  EXPECT_EQ(NormalizeIdentity(IdentityScheme::kAws, "sg-0abc"), "sg-0abc");
}

TEST(NormalizeIdentity, GoogleAndAzure) {
  EXPECT_EQ(NormalizeIdentity(IdentityScheme::kGooglePath,
                              "//compute.googleapis.com/projects/p/zones/z/"
                              "instances/vm"),
            "projects/p/zones/z/instances/vm");
  EXPECT_EQ(NormalizeIdentity(IdentityScheme::kGooglePath,
                              "https://www.googleapis.com/compute/v1/projects/"
                              "p/zones/z/instances/vm"),
            "projects/p/zones/z/instances/vm");
  EXPECT_EQ(NormalizeIdentity(IdentityScheme::kGoogleName,
                              "//storage.googleapis.com/my-bucket"),
            "my-bucket");
  EXPECT_EQ(NormalizeIdentity(IdentityScheme::kAzure,
                              "/subscriptions/S/resourceGroups/RG/providers/"
                              "Microsoft.Web/sites/App/"),
            "/subscriptions/s/resourcegroups/rg/providers/microsoft.web/sites/"
            "app");
}

TEST(StateIdentity, CarriesAccountAndRegionFromTheArn) {
  const CatalogEntry* sg = Catalog::Builtin().Find("aws_security_group");
  auto doc = JsonDocument::Parse(
      R"({"id":"sg-1","arn":"arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1"})");
  ResourceIdentity id = StateIdentity(*sg, doc->root());
  EXPECT_EQ(id.key, "sg-1");
  EXPECT_EQ(id.account, "111122223333");
  EXPECT_EQ(id.region, "eu-west-1");
  auto none = JsonDocument::Parse(R"({"name":"x"})");
  EXPECT_TRUE(StateIdentity(*sg, none->root()).key.empty());
}

TEST(StateIdentity, KubernetesDefaultsTheNamespace) {
  const CatalogEntry* d = Catalog::Builtin().Find("kubernetes_deployment_v1");
  auto doc = JsonDocument::Parse(R"({"metadata":[{"name":"web"}]})");
  EXPECT_EQ(StateIdentity(*d, doc->root()).key, "default/web");
}

LiveResource Live(std::string provider, std::string type, std::string id,
                  std::string name, JsonValue props = {}) {
  LiveResource r;
  r.provider = std::move(provider);
  r.provider_type = std::move(type);
  r.provider_resource_id = std::move(id);
  r.name = std::move(name);
  r.properties = props;
  return r;
}

TEST(ProviderDefaults, AwsDefaultNetworkAndManagedObjects) {
  auto p = JsonDocument::Parse(
      R"({"vpc":{"IsDefault":true},"subnet":{"DefaultForAz":true},
          "sg":{"GroupName":"default"},"key":{"KeyManager":"AWS"},
          "cfg":{"isDefault":true},"mine":{"IsDefault":false,"GroupName":"web"},
          "role":{"Path":"/aws-service-role/autoscaling.amazonaws.com/"}})");
  JsonValue r = p->root();
  EXPECT_TRUE(ProviderDefaultReason(
      nullptr, Live("aws", "AWS::EC2::VPC", "vpc-1", "", r.Get("vpc"))));
  EXPECT_TRUE(ProviderDefaultReason(
      nullptr, Live("aws", "AWS::EC2::VPC", "vpc-1", "", r.Get("cfg"))));
  EXPECT_TRUE(ProviderDefaultReason(
      nullptr, Live("aws", "AWS::EC2::Subnet", "s", "", r.Get("subnet"))));
  EXPECT_TRUE(ProviderDefaultReason(
      nullptr,
      Live("aws", "AWS::EC2::SecurityGroup", "sg", "default", r.Get("sg"))));
  EXPECT_TRUE(ProviderDefaultReason(
      nullptr, Live("aws", "AWS::KMS::Key", "k", "", r.Get("key"))));
  EXPECT_TRUE(ProviderDefaultReason(
      nullptr,
      Live("aws", "AWS::IAM::Role", "arn:aws:iam::1:role/aws-service-role/x",
           "AWSServiceRoleForX", r.Get("role"))));
  EXPECT_TRUE(ProviderDefaultReason(
      nullptr,
      Live("aws", "AWS::IAM::Policy", "arn:aws:iam::aws:policy/ReadOnlyAccess",
           "ReadOnlyAccess")));
  EXPECT_FALSE(ProviderDefaultReason(
      nullptr, Live("aws", "AWS::EC2::VPC", "vpc-2", "", r.Get("mine"))));
  EXPECT_FALSE(ProviderDefaultReason(
      nullptr,
      Live("aws", "AWS::EC2::SecurityGroup", "sg", "web", r.Get("mine"))));
  EXPECT_FALSE(ProviderDefaultReason(
      nullptr, Live("aws", "AWS::IAM::Policy",
                    "arn:aws:iam::123456789012:policy/mine", "mine")));
}

TEST(ProviderDefaults, GoogleAzureKubernetes) {
  EXPECT_TRUE(ProviderDefaultReason(
      nullptr,
      Live("google", "compute.googleapis.com/Network",
           "//compute.googleapis.com/projects/p/global/networks/default",
           "default")));
  EXPECT_TRUE(ProviderDefaultReason(
      nullptr, Live("google", "compute.googleapis.com/Firewall", "f",
                    "default-allow-ssh")));
  EXPECT_FALSE(ProviderDefaultReason(
      nullptr,
      Live("google", "compute.googleapis.com/Network", "n", "prod-vpc")));
  EXPECT_TRUE(ProviderDefaultReason(
      nullptr,
      Live("azurerm", "microsoft.resources/subscriptions/resourcegroups",
           "/subscriptions/s/resourceGroups/NetworkWatcherRG",
           "NetworkWatcherRG")));
  auto k = JsonDocument::Parse(
      R"({"owned":{"metadata":{"name":"rs","namespace":"prod","ownerReferences":[{"kind":"Deployment","name":"web"}]}},
          "sys":{"metadata":{"name":"coredns","namespace":"kube-system"}},
          "app":{"metadata":{"name":"web","namespace":"prod"}}})");
  EXPECT_TRUE(ProviderDefaultReason(
      nullptr, Live("kubernetes", "apps/ReplicaSet", "prod/rs", "rs",
                    k->root().Get("owned"))));
  EXPECT_TRUE(ProviderDefaultReason(
      nullptr, Live("kubernetes", "apps/Deployment", "kube-system/coredns",
                    "coredns", k->root().Get("sys"))));
  EXPECT_FALSE(ProviderDefaultReason(
      nullptr, Live("kubernetes", "apps/Deployment", "prod/web", "web",
                    k->root().Get("app"))));
}

}  // namespace
}  // namespace dw
