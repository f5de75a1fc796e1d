// One test per catalog type (parameterized over Catalog::entries()): its
// cloud types resolve back to its family, its property paths parse, and a
// state resource is found by the live resource of the same object even when
// the two sides spell the identity differently the way each cloud does
// (an ARN vs the bare ID, a GCP self-link vs a CAI name, an ARM ID in
// another case, a Kubernetes object's namespace/name) — while a different
// object is not.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "driftwise/catalog.hpp"

namespace dw {
namespace {

// The shape each cloud gives one object, built from the cloud's own
// conventions (not from the catalog's normalization code).
struct Sides {
  std::string state_json;  // state attributes
  LiveResource live;
  std::string live_props;  // properties JSON ("" = none)
};

std::string Esc(const std::string& s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

Sides Build(const CatalogEntry& e, const std::string& object) {
  Sides s;
  std::string attr(e.identity_attributes.empty() ? "id"
                                                 : e.identity_attributes[0]);
  std::string type(e.terraform_type);
  s.live.provider = std::string(e.provider);
  s.live.provider_type = e.cloud_types.empty() ? std::string(e.terraform_type)
                                               : std::string(e.cloud_types[0]);
  switch (e.scheme) {
    case IdentityScheme::kAws: {
      // AWS: the state keeps an ARN or a bare id; inventories list the
      // other form (EC2 APIs and driftctl: ids; Config: ARNs).
      std::string arn = "arn:aws:svc:eu-west-1:123456789012:thing/" + object;
      bool state_has_arn =
          attr == "arn" || attr.find("_arn") != std::string::npos;
      s.state_json =
          "{" + Esc(attr) + ":" + Esc(state_has_arn ? arn : object) + "}";
      s.live.provider_resource_id = state_has_arn ? object : arn;
      break;
    }
    case IdentityScheme::kGooglePath: {
      std::string rel = "projects/p1/zones/europe-west1-b/things/" + object;
      s.state_json = "{" + Esc(attr) + ":" +
                     Esc(attr == "self_link"
                             ? "https://www.googleapis.com/compute/v1/" + rel
                             : rel) +
                     "}";
      s.live.provider_resource_id = "//svc.googleapis.com/" + rel;
      break;
    }
    case IdentityScheme::kGoogleName: {
      s.state_json = "{" + Esc(attr) + ":" + Esc(object) + "}";
      s.live.provider_resource_id =
          "//svc.googleapis.com/projects/p1/things/" + object;
      if (!e.live_identity_property.empty()) {
        s.live_props = "{" + Esc(std::string(e.live_identity_property)) + ":" +
                       Esc(object) + "}";
        s.live.provider_resource_id = "//svc.googleapis.com/projects/42";
      }
      break;
    }
    case IdentityScheme::kAzure: {
      std::string id =
          "/subscriptions/8F6C1E2A/resourceGroups/Rg-App/providers/"
          "Microsoft.Svc/things/" +
          object;
      std::string lower;
      for (char c : id) lower.push_back(static_cast<char>(std::tolower(c)));
      s.state_json = "{\"id\":" + Esc(id) + "}";
      s.live.provider_resource_id = lower;  // Resource Graph lower-cases
      break;
    }
    case IdentityScheme::kKubernetes: {
      s.state_json = "{\"id\":\"x\",\"metadata\":[{\"name\":" + Esc(object) +
                     (e.namespaced ? ",\"namespace\":\"prod\"" : "") + "}]}";
      s.live.provider_resource_id = e.namespaced ? "prod/" + object : object;
      break;
    }
    case IdentityScheme::kPlain: {
      s.state_json = "{" + Esc(attr) + ":" + Esc(object) + "}";
      s.live.provider_resource_id = object;
      break;
    }
  }
  (void)type;
  return s;
}

class CatalogTypeTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CatalogTypeTest, ResolvesMatchesAndMapsProperties) {
  const Catalog& cat = Catalog::Builtin();
  const CatalogEntry* e = cat.Find(GetParam());
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->terraform_type, GetParam());
  const CatalogEntry* family = cat.Find(e->family);
  ASSERT_NE(family, nullptr) << "family " << e->family << " not in catalog";
  EXPECT_EQ(family->family, e->family);
  for (std::string_view ct : e->cloud_types) {
    const CatalogEntry* back = cat.FindByCloudType(ct);
    ASSERT_NE(back, nullptr) << ct;
    EXPECT_EQ(back->family, e->family) << ct;
  }
  for (const PropertyMapping& m : e->properties) {
    EXPECT_TRUE(ParsePath(m.iac_path).ok()) << m.iac_path;
  }

  Sides same = Build(*e, "obj-1a2b");
  auto attrs = JsonDocument::Parse(same.state_json);
  ASSERT_TRUE(attrs.ok()) << same.state_json;
  JsonDocument props_doc;
  if (!same.live_props.empty()) {
    props_doc = *JsonDocument::Parse(same.live_props);
    same.live.properties = props_doc.root();
  }
  ResourceIdentity sid = StateIdentity(*e, attrs->root());
  ASSERT_FALSE(sid.key.empty()) << same.state_json;
  const CatalogEntry* resolved = cat.Resolve(same.live);
  ASSERT_NE(resolved, nullptr);
  ASSERT_EQ(resolved->family, e->family);
  ResourceIdentity lid = LiveIdentity(*resolved, same.live);
  EXPECT_EQ(sid.key, lid.key) << "state " << same.state_json << " live "
                              << same.live.provider_resource_id;

  Sides other = Build(*e, "obj-9z8y");
  JsonDocument other_props;
  if (!other.live_props.empty()) {
    other_props = *JsonDocument::Parse(other.live_props);
    other.live.properties = other_props.root();
  }
  EXPECT_NE(sid.key, LiveIdentity(*resolved, other.live).key);
}

std::vector<std::string> AllTypes() {
  std::vector<std::string> out;
  for (const CatalogEntry& e : Catalog::Builtin().entries()) {
    out.emplace_back(e.terraform_type);
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Builtin, CatalogTypeTest,
                         ::testing::ValuesIn(AllTypes()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           return p.param;
                         });

TEST(Catalog, IsLargeVersionedSortedAndUnique) {
  const Catalog& cat = Catalog::Builtin();
  EXPECT_GE(cat.entries().size(), 150u);
  EXPECT_FALSE(cat.version().empty());
  std::set<std::string_view> seen;
  std::string_view prev;
  for (const CatalogEntry& e : cat.entries()) {
    EXPECT_TRUE(seen.insert(e.terraform_type).second) << e.terraform_type;
    EXPECT_LT(prev, e.terraform_type);
    prev = e.terraform_type;
  }
  std::size_t with_mappings = 0;
  for (const CatalogEntry& e : cat.entries()) {
    if (!e.properties.empty()) ++with_mappings;
  }
  EXPECT_GE(with_mappings, 50u);
}

TEST(Catalog, AzureCloudTypesResolveInAnyCase) {
  const Catalog& cat = Catalog::Builtin();
  const CatalogEntry* a =
      cat.FindByCloudType("microsoft.storage/storageaccounts");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->terraform_type, "azurerm_storage_account");
  // AWS names are case-sensitive.
  EXPECT_EQ(cat.FindByCloudType("aws::s3::bucket"), nullptr);
  // A shared cloud type resolves to the family's primary type.
  EXPECT_EQ(cat.FindByCloudType("AWS::EC2::VPC")->terraform_type, "aws_vpc");
  EXPECT_EQ(cat.FindByCloudType("AWS::IAM::Role")->terraform_type,
            "aws_iam_role");
}

TEST(Catalog, CoversEveryTypeInTheScenarioStates) {
  for (const char* t : {"aws_s3_bucket", "aws_vpc", "aws_subnet",
                        "aws_security_group", "aws_iam_role", "aws_sqs_queue",
                        "aws_dynamodb_table", "aws_iam_policy"}) {
    const CatalogEntry* e = Catalog::Builtin().Find(t);
    ASSERT_NE(e, nullptr) << t;
    EXPECT_FALSE(e->properties.empty()) << t;
  }
}

}  // namespace
}  // namespace dw
