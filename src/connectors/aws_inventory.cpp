// File: src/connectors/aws_inventory.cpp
//
// The AWS lister: one function per supported type family, each following
// its API's paging, and the loop over regions that collects records, notes
// and covered types. Sequential in this first slice (one request at a
// time), so no bound is needed yet.
#include "driftwise/connectors/aws_inventory.hpp"

#include <fnmatch.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "aws_api.hpp"
#include "aws_xml_shape.hpp"
#include "driftwise/connectors/state_backend.hpp"

namespace dw::connectors {
namespace {

using nlohmann::json;

constexpr char kEc2Version[] = "2016-11-15";
constexpr char kIamVersion[] = "2010-05-08";
constexpr char kSqsVersion[] = "2012-11-05";

json Record(const std::string& type, const std::string& id,
            const std::string& region, const std::string& name,
            json properties) {
  return {{"provider", "aws"},
          {"provider_type", type},
          {"provider_resource_id", id},
          {"region", region},
          {"name", name},
          {"properties", std::move(properties)}};
}

// Emits each record of one type; errors end the type's listing.
using Sink = std::function<void(json)>;

// EC2 Describe* with NextToken paging; `set` is the list element's name.
Status DescribeEc2(const AwsApi& api, const std::string& action,
                   const std::string& set,
                   const std::function<void(const XmlElement&)>& each) {
  std::string token;
  do {
    AwsParams params;
    if (!token.empty()) params.emplace_back("NextToken", token);
    DW_ASSIGN_OR_RETURN(XmlElement doc, api.Query(action, kEc2Version, params));
    if (const XmlElement* items = doc.Child(set)) {
      for (const XmlElement& item : items->children) each(item);
    }
    token = doc.ChildText("nextToken");
  } while (!token.empty());
  return OkStatus();
}

Status ListVpcs(const AwsApi& api, const Sink& sink) {
  return DescribeEc2(api, "DescribeVpcs", "vpcSet", [&](const XmlElement& e) {
    json p = AwsXmlRecordToJson(e);
    std::string id = p.value("VpcId", "");
    if (!p.contains("Tags")) p["Tags"] = json::array();
    sink(Record("AWS::EC2::VPC", id, api.region(), id, std::move(p)));
  });
}

Status ListSubnets(const AwsApi& api, const Sink& sink) {
  return DescribeEc2(
      api, "DescribeSubnets", "subnetSet", [&](const XmlElement& e) {
        json p = AwsXmlRecordToJson(e);
        std::string id = p.value("SubnetId", "");
        if (!p.contains("Tags")) p["Tags"] = json::array();
        sink(Record("AWS::EC2::Subnet", id, api.region(), id, std::move(p)));
      });
}

Status ListSecurityGroups(const AwsApi& api, const Sink& sink) {
  return DescribeEc2(api, "DescribeSecurityGroups", "securityGroupInfo",
                     [&](const XmlElement& e) {
                       json p = AwsXmlRecordToJson(e);
                       std::string id = p.value("GroupId", "");
                       std::string name = p.value("GroupName", "");
                       if (!p.contains("Tags")) p["Tags"] = json::array();
                       sink(Record("AWS::EC2::SecurityGroup", id, api.region(),
                                   name, std::move(p)));
                     });
}

// IAM answers with the policy document URL-encoded; boto3 decodes and
// parses it, and the catalog compares it as JSON.
void DecodePolicyDocument(json* role) {
  auto it = role->find("AssumeRolePolicyDocument");
  if (it == role->end() || !it->is_string()) return;
  json doc = json::parse(PercentDecode(it->get<std::string>()), nullptr, false);
  if (!doc.is_discarded()) *it = std::move(doc);
}

Status ListRoles(const AwsApi& api, const Sink& sink) {
  std::string marker;
  do {
    AwsParams params;
    if (!marker.empty()) params.emplace_back("Marker", marker);
    DW_ASSIGN_OR_RETURN(XmlElement doc,
                        api.Query("ListRoles", kIamVersion, params));
    const XmlElement* result = doc.Child("ListRolesResult");
    if (!result) break;
    if (const XmlElement* roles = result->Child("Roles")) {
      for (const XmlElement& e : roles->children) {
        json p = AwsXmlRecordToJson(e);
        DecodePolicyDocument(&p);
        const std::string name = p.value("RoleName", "");
        // ListRoles leaves tags out; ListRoleTags has them (paged too).
        json tags = json::array();
        std::string tag_marker;
        do {
          AwsParams tp = {{"RoleName", name}};
          if (!tag_marker.empty()) tp.emplace_back("Marker", tag_marker);
          DW_ASSIGN_OR_RETURN(XmlElement t,
                              api.Query("ListRoleTags", kIamVersion, tp));
          const XmlElement* tr = t.Child("ListRoleTagsResult");
          if (!tr) break;
          if (const XmlElement* list = tr->Child("Tags")) {
            for (const XmlElement& m : list->children) {
              tags.push_back(AwsXmlRecordToJson(m));
            }
          }
          tag_marker = tr->ChildText("IsTruncated") == "true"
                           ? tr->ChildText("Marker")
                           : std::string();
        } while (!tag_marker.empty());
        if (!tags.empty()) p["Tags"] = std::move(tags);
        const std::string arn = p.value("Arn", "");
        sink(Record("AWS::IAM::Role", arn, "global", name, std::move(p)));
      }
    }
    marker = result->ChildText("IsTruncated") == "true"
                 ? result->ChildText("Marker")
                 : std::string();
  } while (!marker.empty());
  return OkStatus();
}

Status ListQueues(const AwsApi& api, const Sink& sink) {
  std::string token;
  do {
    AwsParams params = {{"MaxResults", "1000"}};
    if (!token.empty()) params.emplace_back("NextToken", token);
    DW_ASSIGN_OR_RETURN(XmlElement doc,
                        api.Query("ListQueues", kSqsVersion, params));
    const XmlElement* result = doc.Child("ListQueuesResult");
    if (!result) break;
    for (const XmlElement& q : result->children) {
      if (q.name != "QueueUrl") continue;
      DW_ASSIGN_OR_RETURN(
          XmlElement attrs,
          api.Query("GetQueueAttributes", kSqsVersion,
                    {{"QueueUrl", q.text}, {"AttributeName.1", "All"}}));
      json p = {{"QueueUrl", q.text}};
      if (const XmlElement* ar = attrs.Child("GetQueueAttributesResult")) {
        for (const XmlElement& a : ar->children) {
          if (a.name == "Attribute")
            p[a.ChildText("Name")] = a.ChildText("Value");
        }
      }
      const std::string name = q.text.substr(q.text.rfind('/') + 1);
      const std::string arn = p.value("QueueArn", q.text);
      sink(Record("AWS::SQS::Queue", arn, api.region(), name, std::move(p)));
    }
    token = result->ChildText("NextToken");
  } while (!token.empty());
  return OkStatus();
}

Status ListTables(const AwsApi& api, const Sink& sink) {
  std::string start;
  do {
    json req = json::object();
    if (!start.empty()) req["ExclusiveStartTableName"] = start;
    DW_ASSIGN_OR_RETURN(std::string text,
                        api.Json("DynamoDB_20120810.ListTables", req.dump()));
    json page = json::parse(text, nullptr, false);
    if (!page.is_object()) {
      return DataLossError("dynamodb ListTables in " + api.region() +
                           ": answer is not a JSON object");
    }
    for (const json& name : page.value("TableNames", json::array())) {
      if (!name.is_string()) continue;
      DW_ASSIGN_OR_RETURN(std::string described,
                          api.Json("DynamoDB_20120810.DescribeTable",
                                   json{{"TableName", name}}.dump()));
      json d = json::parse(described, nullptr, false);
      if (!d.is_object() || !d.contains("Table")) continue;
      json p = std::move(d["Table"]);
      const std::string arn = p.value("TableArn", "");
      sink(Record("AWS::DynamoDB::Table", arn, api.region(),
                  name.get<std::string>(), std::move(p)));
    }
    start = page.value("LastEvaluatedTableName", "");
  } while (!start.empty());
  return OkStatus();
}

// S3 lists every bucket from one endpoint; each bucket's region comes from
// GetBucketLocation and its tags from its own region's endpoint.
Status ListBuckets(const AwsApi& api, const std::set<std::string>& regions,
                   const AwsCredentials& creds, const HttpClient* http,
                   const Sink& sink) {
  std::string token;
  do {
    AwsParams q;
    if (!token.empty()) q.emplace_back("continuation-token", token);
    DW_ASSIGN_OR_RETURN(HttpResponse r, api.RestGet("/", q));
    if (r.status != 200) return api.ErrorOf("s3 ListBuckets", r);
    auto doc = ParseXml(r.body);
    if (!doc.ok()) return doc.status().WithContext("s3 ListBuckets");
    const XmlElement* buckets = doc->Child("Buckets");
    for (const XmlElement& b :
         buckets ? buckets->children : std::vector<XmlElement>{}) {
      const std::string name = b.ChildText("Name");
      DW_ASSIGN_OR_RETURN(HttpResponse loc,
                          api.RestGet("/" + name, {{"location", ""}}));
      if (loc.status != 200) {
        return api.ErrorOf("s3 GetBucketLocation " + name, loc);
      }
      auto where = ParseXml(loc.body);
      std::string region = where.ok() ? where->text : std::string();
      if (region.empty()) region = "us-east-1";
      if (region == "EU") region = "eu-west-1";
      if (!regions.count(region)) continue;
      DW_ASSIGN_OR_RETURN(AwsApi regional,
                          AwsApi::Open("s3", region, creds, http));
      DW_ASSIGN_OR_RETURN(HttpResponse tagging,
                          regional.RestGet("/" + name, {{"tagging", ""}}));
      json tags = json::array();
      if (tagging.status == 200) {
        auto t = ParseXml(tagging.body);
        const XmlElement* set = t.ok() ? t->Child("TagSet") : nullptr;
        for (const XmlElement& tag :
             set ? set->children : std::vector<XmlElement>{}) {
          tags.push_back({{"Key", tag.ChildText("Key")},
                          {"Value", tag.ChildText("Value")}});
        }
      } else if (tagging.status != 404) {  // 404 NoSuchTagSet: no tags
        return regional.ErrorOf("s3 GetBucketTagging " + name, tagging);
      }
      sink(Record("AWS::S3::Bucket", "arn:aws:s3:::" + name, region, name,
                  {{"Name", name}, {"Tags", std::move(tags)}}));
    }
    token = doc->ChildText("ContinuationToken");
  } while (!token.empty());
  return OkStatus();
}

using RegionalLister = Status (*)(const AwsApi&, const Sink&);

struct RegionalType {
  const char* type;
  const char* service;
  RegionalLister list;
};

constexpr RegionalType kRegional[] = {
    {"AWS::EC2::VPC", "ec2", ListVpcs},
    {"AWS::EC2::Subnet", "ec2", ListSubnets},
    {"AWS::EC2::SecurityGroup", "ec2", ListSecurityGroups},
    {"AWS::SQS::Queue", "sqs", ListQueues},
    {"AWS::DynamoDB::Table", "dynamodb", ListTables},
};
constexpr char kBucketType[] = "AWS::S3::Bucket";
constexpr char kRoleType[] = "AWS::IAM::Role";

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string part = text.substr(start, comma - start);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool Selected(const std::vector<std::string>& globs, const std::string& type) {
  if (globs.empty()) return true;
  for (const std::string& g : globs) {
    if (fnmatch(g.c_str(), type.c_str(), 0) == 0) return true;
  }
  return false;
}

std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

}  // namespace

std::vector<std::string> SupportedAwsInventoryTypes() {
  std::vector<std::string> out = {kBucketType, kRoleType};
  for (const RegionalType& t : kRegional) out.emplace_back(t.type);
  return out;
}

Result<AwsInventoryResult> ListAwsInventory(
    const AwsInventoryOptions& options) {
  std::vector<std::string> globs = SplitComma(options.types);
  if (options.types == "*") globs.clear();
  std::vector<std::string> types;
  for (const std::string& t : SupportedAwsInventoryTypes()) {
    if (Selected(globs, t)) types.push_back(t);
  }
  if (types.empty()) {
    return InvalidArgumentError("--types \"" + options.types +
                                "\" selects none of the supported AWS types");
  }
  std::vector<std::string> regions = options.regions;
  if (regions.empty()) {
    regions.push_back(
        EnvOr("AWS_REGION", EnvOr("AWS_DEFAULT_REGION", "us-east-1").c_str()));
  }
  DW_ASSIGN_OR_RETURN(std::string creds_text,
                      CredentialsFromEnvironment("s3", "{}"));
  json cj = json::parse(creds_text, nullptr, false);
  AwsCredentials creds;
  if (cj.is_object()) {
    creds = {cj.value("access_key_id", ""), cj.value("secret_access_key", ""),
             cj.value("session_token", "")};
  }
  const HttpClient http(options.http);

  json resources = json::array();
  const Sink sink = [&](json r) { resources.push_back(std::move(r)); };
  std::set<std::string> failed;  // types not listed completely
  std::vector<std::string> notes;
  Status first_error;
  auto run = [&](const std::string& type, const std::string& service,
                 const std::string& region,
                 const std::function<Status(const AwsApi&)>& list) {
    // A malformed endpoint URL makes the options unusable: an error.
    DW_ASSIGN_OR_RETURN(AwsApi api,
                        AwsApi::Open(service, region, creds, &http));
    Status s = list(api);
    if (s.ok()) return s;
    failed.insert(type);
    notes.push_back(type + " in " + region + ": " + s.message());
    if (first_error.ok()) first_error = s;
    return OkStatus();
  };
  const std::set<std::string> region_set(regions.begin(), regions.end());
  for (const std::string& type : types) {
    if (type == kBucketType) {
      DW_RETURN_IF_ERROR(run(type, "s3", "us-east-1", [&](const AwsApi& api) {
        return ListBuckets(api, region_set, creds, &http, sink);
      }));
    } else if (type == kRoleType) {
      DW_RETURN_IF_ERROR(run(type, "iam", "us-east-1", [&](const AwsApi& api) {
        return ListRoles(api, sink);
      }));
    }
  }
  for (const std::string& region : regions) {
    for (const RegionalType& t : kRegional) {
      if (!Selected(globs, t.type)) continue;
      DW_RETURN_IF_ERROR(run(t.type, t.service, region, [&](const AwsApi& api) {
        return t.list(api, sink);
      }));
    }
  }
  if (failed.size() == types.size() && !first_error.ok()) return first_error;

  AwsInventoryResult out;
  for (const std::string& t : types) {
    if (!failed.count(t)) out.covered_types.push_back(t);
  }
  out.notes = std::move(notes);
  out.resource_count = resources.size();
  json doc = {{"resources", std::move(resources)},
              {"covered_types", out.covered_types},
              {"notes", out.notes}};
  out.json = doc.dump(1);
  return out;
}

}  // namespace dw::connectors
