// File: src/connectors/aws_api.cpp
#include "aws_api.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "crypto.hpp"

namespace dw::connectors {
namespace {

std::string Env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  return v ? std::string(v) : std::string();
}

// The variable suffix the AWS tools use for a service's endpoint.
std::string EndpointVariable(const std::string& service) {
  std::string upper = service;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return "AWS_ENDPOINT_URL_" + upper;
}

std::string PublicEndpoint(const std::string& service,
                           const std::string& region) {
  if (service == "iam") return "https://iam.amazonaws.com";
  return "https://" + service + "." + region + ".amazonaws.com";
}

std::string FormBody(const AwsParams& params) {
  std::string body;
  for (const auto& [k, v] : params) {
    if (!body.empty()) body += "&";
    body += PercentEncode(k) + "=" + PercentEncode(v);
  }
  return body;
}

}  // namespace

Result<AwsApi> AwsApi::Open(std::string service, std::string region,
                            AwsCredentials credentials,
                            const HttpClient* http) {
  std::string url = Env(EndpointVariable(service));
  if (url.empty()) url = Env("AWS_ENDPOINT_URL");
  if (url.empty()) url = PublicEndpoint(service, region);
  DW_ASSIGN_OR_RETURN(Endpoint endpoint,
                      ParseEndpoint(url, service + " endpoint"));
  AwsApi api;
  api.service_ = std::move(service);
  api.region_ = std::move(region);
  api.credentials_ = std::move(credentials);
  api.endpoint_ = std::move(endpoint);
  api.http_ = http;
  return api;
}

Result<HttpResponse> AwsApi::Send(
    const std::string& method, const std::string& path, const AwsParams& query,
    std::vector<std::pair<std::string, std::string>> extra_headers,
    const std::string& body) const {
  const std::string full_path =
      endpoint_.base_path + (path.empty() ? "/" : path);
  const std::string payload_hash = Hex(Sha256(body));
  const std::string date = AmzDateNow();
  SigV4Request sr;
  sr.method = method;
  sr.path = full_path;
  sr.query = query;
  sr.payload_sha256_hex = payload_hash;
  sr.headers = {{"host", endpoint_.host_port}, {"x-amz-date", date}};
  if (service_ == "s3")
    sr.headers.emplace_back("x-amz-content-sha256", payload_hash);
  for (auto& h : extra_headers) sr.headers.push_back(std::move(h));
  if (!credentials_.session_token.empty()) {
    sr.headers.emplace_back("x-amz-security-token", credentials_.session_token);
  }
  HttpRequest req;
  req.method = method;
  req.url = endpoint_.scheme + "://" + endpoint_.host_port +
            AwsUriEncode(full_path, false);
  if (!query.empty()) req.url += "?" + CanonicalQuery(query);
  req.body = body;
  for (const auto& [n, v] : sr.headers) req.headers.push_back({n, v});
  if (!credentials_.access_key_id.empty()) {
    // IAM is global and signed for us-east-1.
    const std::string signing_region =
        service_ == "iam" ? std::string("us-east-1") : region_;
    req.headers.push_back(
        {"Authorization",
         SigV4Authorization(sr, credentials_, signing_region, service_, date)});
  }
  return http_->Send(req);
}

Result<XmlElement> AwsApi::Query(const std::string& action,
                                 const std::string& version,
                                 const AwsParams& params) const {
  AwsParams form = {{"Action", action}, {"Version", version}};
  form.insert(form.end(), params.begin(), params.end());
  const std::string what = service_ + " " + action + " in " + region_;
  auto r = Send("POST", "/", {},
                {{"content-type", "application/x-www-form-urlencoded"}},
                FormBody(form));
  if (!r.ok()) return r.status().WithContext(what);
  if (r->status / 100 != 2) return ErrorOf(what, *r);
  auto doc = ParseXml(r->body);
  if (!doc.ok()) {
    return Status(StatusCode::kDataLoss,
                  what + ": unreadable response: " + doc.status().message(),
                  doc.status().offset());
  }
  return doc;
}

Result<std::string> AwsApi::Json(const std::string& target,
                                 const std::string& body) const {
  const std::string what = service_ + " " + target + " in " + region_;
  auto r = Send("POST", "/", {},
                {{"content-type", "application/x-amz-json-1.0"},
                 {"x-amz-target", target}},
                body);
  if (!r.ok()) return r.status().WithContext(what);
  if (r->status / 100 != 2) return ErrorOf(what, *r);
  return std::move(r->body);
}

Result<HttpResponse> AwsApi::RestGet(const std::string& path,
                                     const AwsParams& query) const {
  auto r = Send("GET", path, query, {}, "");
  if (!r.ok()) {
    return r.status().WithContext(service_ + " GET " + path + " in " + region_);
  }
  return r;
}

Status AwsApi::ErrorOf(const std::string& what, const HttpResponse& r) const {
  std::string code, message;
  if (auto doc = ParseXml(r.body); doc.ok()) {
    // <Error>, <ErrorResponse><Error>, <Response><Errors><Error> (EC2).
    const XmlElement* e = doc->name == "Error" ? &*doc : doc->Child("Error");
    if (!e) {
      if (const XmlElement* es = doc->Child("Errors")) e = es->Child("Error");
    }
    if (e) {
      code = e->ChildText("Code");
      message = e->ChildText("Message");
    }
  } else {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_object()) {
      code = j.value("__type", std::string());
      if (auto hash = code.rfind('#'); hash != std::string::npos) {
        code = code.substr(hash + 1);
      }
      message = j.value("message", j.value("Message", std::string()));
    }
  }
  return HttpStatusError(what, r.status, code, message);
}

bool IsAccessDenied(const Status& status) {
  if (status.code() == StatusCode::kPermissionDenied) return true;
  const std::string& m = status.message();
  for (const char* code :
       {"AccessDenied", "UnauthorizedOperation", "OptInRequired", "AuthFailure",
        "UnrecognizedClientException"}) {
    if (m.find(code) != std::string::npos) return true;
  }
  return false;
}

}  // namespace dw::connectors
