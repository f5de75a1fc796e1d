// File: driftwise/connectors/aws_inventory.hpp
//
// dw::connectors::ListAwsInventory: lists live AWS resources, read-only,
// straight from the AWS APIs, and returns them as the engine's own
// inventory JSON (docs/drift.md "Inventories"):
//   {"resources": [{provider, provider_type, provider_resource_id, region,
//                   name, properties}...],
//    "covered_types": [types listed completely],
//    "notes": ["service/region: why it could not be listed", ...]}
// Properties carry the AWS APIs' own names (as boto3 returns them), the
// names the catalog's mappings compare.
//
// Credentials: CredentialsFromEnvironment("s3") (environment, then the
// shared credentials file and AWS_PROFILE). Endpoints:
// AWS_ENDPOINT_URL_<SERVICE> (S3, EC2, IAM, SQS, DYNAMODB), then
// AWS_ENDPOINT_URL, then the public regional endpoint. Paging is followed for
// every API.
//
// Partial failure is not fatal: a service that answers AccessDenied (or
// fails otherwise) for a region becomes a note, its types are left out of
// covered_types, and the rest is listed. Errors (dw::Status): only when
// the options are unusable (kInvalidArgument: an unknown type pattern, a
// bad endpoint URL) or when nothing at all could be listed (the first
// failure's status, naming service and region).
//
// Thread-safety: ListAwsInventory may be called from many threads at once;
// it shares nothing between calls. Secrets never appear in results or
// messages.
#ifndef DRIFTWISE_CONNECTORS_AWS_INVENTORY_HPP
#define DRIFTWISE_CONNECTORS_AWS_INVENTORY_HPP

#include <cstddef>
#include <string>
#include <vector>

#include "driftwise/connectors/http_client.hpp"
#include "driftwise/status.hpp"

namespace dw::connectors {

struct AwsInventoryOptions {
  /// Regions to list; empty = AWS_REGION, AWS_DEFAULT_REGION, or us-east-1.
  std::vector<std::string> regions;
  /// Comma-separated shell globs over provider types ("AWS::EC2::*");
  /// empty or "*" = every supported type.
  std::string types;
  /// Outbound client settings (policy, timeouts, retries).
  HttpClientOptions http;
};

struct AwsInventoryResult {
  /// The inventory JSON document (see the file comment).
  std::string json;
  std::size_t resource_count = 0;
  std::vector<std::string> covered_types;
  std::vector<std::string> notes;
};

/// The provider types ListAwsInventory can list ("AWS::S3::Bucket", ...).
std::vector<std::string> SupportedAwsInventoryTypes();

/// Lists the selected types in the selected regions. See the file comment.
Result<AwsInventoryResult> ListAwsInventory(const AwsInventoryOptions& options);

}  // namespace dw::connectors

#endif  // DRIFTWISE_CONNECTORS_AWS_INVENTORY_HPP
