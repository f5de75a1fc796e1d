// File: src/connectors/azure_shared_key.hpp
//
// The Azure Storage Shared Key signature (2009-09-19 and later string-to-
// sign): verb, the standard headers, the canonicalized x-ms-* headers and
// the canonicalized resource "/account/encoded-path" plus each query
// parameter (lower-cased name, sorted, values comma-joined).
#ifndef DRIFTWISE_SRC_CONNECTORS_AZURE_SHARED_KEY_HPP
#define DRIFTWISE_SRC_CONNECTORS_AZURE_SHARED_KEY_HPP

#include <string>
#include <utility>
#include <vector>

namespace dw::connectors {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct AzureSignInput {
  std::string method = "GET";
  std::string content_length;  // "" when 0 (version 2015-02-21 and later)
  std::string content_type;
  HeaderList ms_headers;     // x-ms-*, any order
  std::string encoded_path;  // as in the request URL
  HeaderList query;          // decoded
};

/// "SharedKey account:signature". `key` is the decoded account key.
std::string AzureSharedKeyAuthorization(const std::string& account,
                                        const std::string& key,
                                        const AzureSignInput& in);

}  // namespace dw::connectors

#endif  // DRIFTWISE_SRC_CONNECTORS_AZURE_SHARED_KEY_HPP
