// File: src/connectors/aws_api.hpp
//
// One signed call to an AWS service in the protocol it speaks: Query
// (form POST, XML answer: EC2, IAM, SQS), JSON 1.0 (DynamoDB) and REST
// (S3). Resolves the endpoint the way the AWS tools do and turns a
// non-2xx answer into a Status naming service, region, HTTP status and the
// service's error code (never a header or a secret).
#ifndef DRIFTWISE_SRC_CONNECTORS_AWS_API_HPP
#define DRIFTWISE_SRC_CONNECTORS_AWS_API_HPP

#include <string>
#include <utility>
#include <vector>

#include "backend_util.hpp"
#include "driftwise/connectors/http_client.hpp"
#include "sigv4.hpp"
#include "xml_reader.hpp"

namespace dw::connectors {

using AwsParams = std::vector<std::pair<std::string, std::string>>;

class AwsApi {
 public:
  /// `service` is the signing name ("ec2", "iam", "sqs", "dynamodb", "s3");
  /// the endpoint comes from AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL or
  /// the public one for `region`.
  static Result<AwsApi> Open(std::string service, std::string region,
                             AwsCredentials credentials,
                             const HttpClient* http);

  /// Query protocol: Action + Version + params; returns the parsed XML.
  Result<XmlElement> Query(const std::string& action,
                           const std::string& version,
                           const AwsParams& params) const;
  /// JSON 1.0 protocol: X-Amz-Target `target`; returns the answer's text.
  Result<std::string> Json(const std::string& target,
                           const std::string& body) const;
  /// REST GET of `path` with `query`; returns the response whatever its
  /// status (S3 answers 404 for "no tags").
  Result<HttpResponse> RestGet(const std::string& path,
                               const AwsParams& query) const;
  /// Status for a non-2xx response (XML or JSON error body).
  Status ErrorOf(const std::string& what, const HttpResponse& r) const;

  const std::string& service() const { return service_; }
  const std::string& region() const { return region_; }

 private:
  Result<HttpResponse> Send(
      const std::string& method, const std::string& path,
      const AwsParams& query,
      std::vector<std::pair<std::string, std::string>> extra_headers,
      const std::string& body) const;

  std::string service_;
  std::string region_;
  AwsCredentials credentials_;
  Endpoint endpoint_;
  const HttpClient* http_ = nullptr;
};

/// True for the statuses that mean "not allowed here" (AccessDenied,
/// UnauthorizedOperation, an opt-in region): such a service is noted and
/// skipped, not fatal.
bool IsAccessDenied(const Status& status);

}  // namespace dw::connectors

#endif  // DRIFTWISE_SRC_CONNECTORS_AWS_API_HPP
