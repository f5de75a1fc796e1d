// File: src/connectors/s3_backend.cpp
//
// Amazon S3 (and S3-compatible endpoints) over SigV4: GetObject and
// ListObjectsV2 with continuation tokens. Config follows Terraform's s3
// backend: bucket, key, region, endpoint (or endpoints.s3),
// use_path_style (or force_path_style), role_arn / session_name /
// external_id with sts_endpoint (or endpoints.sts) for AssumeRole.
// Path-style is also chosen when the endpoint host is an IP address or the
// bucket name has a dot (virtual hosts would break TLS or DNS there).
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backend_util.hpp"
#include "backends.hpp"
#include "crypto.hpp"
#include "sigv4.hpp"
#include "xml_reader.hpp"

namespace dw::connectors {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

struct S3Config {
  std::string bucket;
  std::string key;
  std::string region;
  Endpoint endpoint;  // without bucket
  bool path_style = false;
  std::string role_arn;
  std::string session_name;
  std::string external_id;
  Endpoint sts;
};

class S3Backend final : public StateBackend {
 public:
  S3Backend(S3Config cfg, AwsCredentials creds, const BackendOptions& o)
      : cfg_(std::move(cfg)), creds_(std::move(creds)), http_(o.http) {}

  std::string_view kind() const noexcept override { return "s3"; }
  std::string Describe() const override {
    return "s3://" + cfg_.bucket + "/" + cfg_.key;
  }

  Result<FetchedObject> Fetch(std::string_view key) override {
    FetchedObject out;
    auto info = Get(key, "", &out.bytes);
    if (!info.ok()) return info.status();
    out.info = *info;
    return out;
  }

  Result<ObjectInfo> FetchToFile(std::string_view key,
                                 const std::string& path) override {
    return Get(key, path, nullptr);
  }

  Result<std::vector<ObjectInfo>> List(std::string_view prefix,
                                       const ListOptions& options) override {
    std::vector<ObjectInfo> out;
    std::string token;
    const std::string where = "s3://" + cfg_.bucket + "/" + std::string(prefix);
    while (true) {
      Query q = {{"list-type", "2"},
                 {"prefix", std::string(prefix)},
                 {"max-keys", std::to_string(options.page_size)}};
      if (!token.empty()) q.emplace_back("continuation-token", token);
      auto r = Call("GET", std::nullopt, q, "", "");
      if (!r.ok()) return r.status().WithContext(where);
      if (r->status != 200) return ErrorOf(where, *r);
      auto doc = ParseXml(r->body);
      if (!doc.ok()) {
        return Status(StatusCode::kDataLoss,
                      where + ": unreadable ListObjectsV2 response: " +
                          doc.status().message(),
                      doc.status().offset());
      }
      for (const XmlElement& c : doc->children) {
        if (c.name != "Contents") continue;
        ObjectInfo info;
        info.key = c.ChildText("Key");
        info.size = std::strtoull(c.ChildText("Size").c_str(), nullptr, 10);
        info.etag = Unquote(c.ChildText("ETag"));
        info.last_modified = c.ChildText("LastModified");
        out.push_back(std::move(info));
        if (options.max_keys && out.size() > options.max_keys) {
          return Status(StatusCode::kResourceExhausted,
                        where + ": more than " +
                            std::to_string(options.max_keys) + " keys");
        }
      }
      if (doc->ChildText("IsTruncated") != "true") break;
      token = doc->ChildText("NextContinuationToken");
      if (token.empty()) {
        return Status(StatusCode::kDataLoss,
                      where +
                          ": truncated listing without a continuation "
                          "token");
      }
    }
    return out;
  }

 private:
  Result<ObjectInfo> Get(std::string_view key, const std::string& to_file,
                         std::string* bytes) {
    std::string k = key.empty() ? cfg_.key : std::string(key);
    const std::string where = "s3://" + cfg_.bucket + "/" + k;
    if (k.empty()) return InvalidArgumentError(where + ": no object key");
    auto r = Call("GET", k, {}, "", to_file);
    if (!r.ok()) return r.status().WithContext(where);
    if (r->status != 200) return ErrorOf(where, *r);
    ObjectInfo info;
    info.key = k;
    info.size = r->body_size;
    FillFromHeaders(*r, &info.etag, &info.last_modified);
    if (auto v = r->Header("x-amz-version-id"); v && *v != "null") {
      info.version = *v;
    }
    if (bytes) *bytes = std::move(r->body);
    return info;
  }

  static Status ErrorOf(const std::string& where, const HttpResponse& r) {
    std::string code, message;
    if (auto doc = ParseXml(r.body); doc.ok() && doc->name == "Error") {
      code = doc->ChildText("Code");
      message = doc->ChildText("Message");
    }
    return HttpStatusError(where, r.status, code, message);
  }

  // AssumeRole once, on first use, with the configured base credentials.
  Status EnsureRole() {
    if (cfg_.role_arn.empty() || assumed_) return OkStatus();
    Query form = {{"Action", "AssumeRole"},
                  {"Version", "2011-06-15"},
                  {"RoleArn", cfg_.role_arn},
                  {"RoleSessionName",
                   cfg_.session_name.empty() ? "driftwise" : cfg_.session_name},
                  {"DurationSeconds", "3600"}};
    if (!cfg_.external_id.empty()) {
      form.emplace_back("ExternalId", cfg_.external_id);
    }
    std::string body;
    for (const auto& [k, v] : form) {
      if (!body.empty()) body += "&";
      body += PercentEncode(k) + "=" + PercentEncode(v);
    }
    const std::string where = "sts AssumeRole " + cfg_.role_arn;
    SigV4Request sr;
    sr.method = "POST";
    sr.path = cfg_.sts.base_path.empty() ? "/" : cfg_.sts.base_path + "/";
    sr.payload_sha256_hex = Hex(Sha256(body));
    std::string date = AmzDateNow();
    sr.headers = {{"host", cfg_.sts.host_port},
                  {"content-type", "application/x-www-form-urlencoded"},
                  {"x-amz-date", date}};
    if (!creds_.session_token.empty()) {
      sr.headers.emplace_back("x-amz-security-token", creds_.session_token);
    }
    HttpRequest req;
    req.method = "POST";
    req.url = cfg_.sts.scheme + "://" + cfg_.sts.host_port +
              AwsUriEncode(sr.path, false);
    req.body = body;
    for (const auto& [n, v] : sr.headers) req.headers.push_back({n, v});
    req.headers.push_back(
        {"Authorization",
         SigV4Authorization(sr, creds_, cfg_.region, "sts", date)});
    auto r = http_.Send(req);
    if (!r.ok()) return r.status().WithContext(where);
    if (r->status != 200) return ErrorOf(where, *r);
    auto doc = ParseXml(r->body);
    const XmlElement* result =
        doc.ok() ? doc->Child("AssumeRoleResult") : nullptr;
    const XmlElement* c = result ? result->Child("Credentials") : nullptr;
    if (!c || c->ChildText("AccessKeyId").empty()) {
      return Status(StatusCode::kDataLoss,
                    where + ": response carries no credentials");
    }
    creds_ = {c->ChildText("AccessKeyId"), c->ChildText("SecretAccessKey"),
              c->ChildText("SessionToken")};
    assumed_ = true;
    return OkStatus();
  }

  // One signed S3 request; `key` nullopt addresses the bucket itself.
  Result<HttpResponse> Call(const std::string& method,
                            std::optional<std::string> key, const Query& query,
                            const std::string& body,
                            const std::string& to_file) {
    if (auto s = EnsureRole(); !s.ok()) return s;
    std::string host = cfg_.endpoint.host_port;
    std::string path = cfg_.endpoint.base_path;
    if (cfg_.path_style) {
      path += "/" + cfg_.bucket;
      if (key) path += "/" + *key;
    } else {
      host = cfg_.bucket + "." + host;
      path += "/" + key.value_or("");
    }
    if (path.empty()) path = "/";
    const std::string payload_hash = Hex(Sha256(body));
    const std::string date = AmzDateNow();
    SigV4Request sr;
    sr.method = method;
    sr.path = path;
    sr.query = query;
    sr.payload_sha256_hex = payload_hash;
    sr.headers = {{"host", host},
                  {"x-amz-content-sha256", payload_hash},
                  {"x-amz-date", date}};
    if (!creds_.session_token.empty()) {
      sr.headers.emplace_back("x-amz-security-token", creds_.session_token);
    }
    HttpRequest req;
    req.method = method;
    req.url = cfg_.endpoint.scheme + "://" + host + AwsUriEncode(path, false);
    if (!query.empty()) req.url += "?" + CanonicalQuery(query);
    req.body = body;
    req.body_to_file = to_file;
    for (const auto& [n, v] : sr.headers) req.headers.push_back({n, v});
    if (!creds_.access_key_id.empty()) {
      req.headers.push_back(
          {"Authorization",
           SigV4Authorization(sr, creds_, cfg_.region, "s3", date)});
    }
    return http_.Send(req);
  }

  S3Config cfg_;
  AwsCredentials creds_;
  HttpClient http_;
  bool assumed_ = false;
};

bool HostIsIp(const std::string& host_port) {
  std::string host = host_port;
  if (!host.empty() && host.front() == '[') return true;
  host = host.substr(
      0, host.rfind(':') == std::string::npos ? host.size() : host.rfind(':'));
  return ParseHostLiteral(host).has_value();
}

}  // namespace

Result<std::unique_ptr<StateBackend>> OpenS3Backend(
    const nlohmann::json& config, const nlohmann::json& credentials,
    const BackendOptions& options) {
  S3Config cfg;
  cfg.bucket = ConfigString(config, {"bucket"});
  if (cfg.bucket.empty())
    return InvalidArgumentError("s3 config needs 'bucket'");
  cfg.key = ConfigString(config, {"key"});
  cfg.region = ConfigString(config, {"region"}, "us-east-1");
  nlohmann::json endpoints =
      config.value("endpoints", nlohmann::json::object());
  std::string endpoint = ConfigString(config, {"endpoint"});
  if (endpoint.empty() && endpoints.is_object()) {
    endpoint = ConfigString(endpoints, {"s3"});
  }
  if (endpoint.empty())
    endpoint = "https://s3." + cfg.region + ".amazonaws.com";
  auto ep = ParseEndpoint(endpoint, "s3 endpoint");
  if (!ep.ok()) return ep.status();
  cfg.endpoint = *ep;
  cfg.path_style =
      ConfigBool(config, {"use_path_style", "force_path_style"}, false) ||
      HostIsIp(cfg.endpoint.host_port) ||
      cfg.bucket.find('.') != std::string::npos;
  cfg.role_arn = ConfigString(config, {"role_arn"});
  if (auto it = config.find("assume_role");
      it != config.end() && it->is_object()) {
    cfg.role_arn = ConfigString(*it, {"role_arn"}, cfg.role_arn);
    cfg.session_name = ConfigString(*it, {"session_name"});
    cfg.external_id = ConfigString(*it, {"external_id"});
  }
  cfg.session_name = ConfigString(config, {"session_name"}, cfg.session_name);
  cfg.external_id = ConfigString(config, {"external_id"}, cfg.external_id);
  std::string sts = ConfigString(config, {"sts_endpoint"});
  if (sts.empty() && endpoints.is_object())
    sts = ConfigString(endpoints, {"sts"});
  if (sts.empty()) sts = "https://sts." + cfg.region + ".amazonaws.com";
  auto sts_ep = ParseEndpoint(sts, "sts endpoint");
  if (!sts_ep.ok()) return sts_ep.status();
  cfg.sts = *sts_ep;
  AwsCredentials creds{
      ConfigString(credentials, {"access_key_id", "access_key"}),
      ConfigString(credentials, {"secret_access_key", "secret_key"}),
      ConfigString(credentials, {"session_token", "token"})};
  if (creds.access_key_id.empty() != creds.secret_access_key.empty()) {
    return InvalidArgumentError(
        "s3 credentials need both access_key_id and secret_access_key");
  }
  if (!cfg.role_arn.empty() && creds.access_key_id.empty()) {
    return InvalidArgumentError(
        "s3 role_arn needs base credentials to call AssumeRole with");
  }
  return std::unique_ptr<StateBackend>(
      new S3Backend(std::move(cfg), std::move(creds), options));
}

}  // namespace dw::connectors
