// File: src/connectors/open_backend.cpp
//
// OpenStateBackend: kind + config + credentials -> a backend. Credentials
// JSON is parsed here and never echoed in an error.
#include "backend_util.hpp"
#include "backends.hpp"

namespace dw::connectors {

Result<std::unique_ptr<StateBackend>> OpenStateBackend(
    std::string_view kind, std::string_view config_json,
    std::string_view credentials_json, const BackendOptions& options) {
  auto config = ParseJsonObject(config_json, std::string(kind) + " config");
  if (!config.ok()) return config.status();
  auto creds =
      ParseJsonObject(credentials_json, std::string(kind) + " credentials");
  if (!creds.ok()) return creds.status();
  if (kind == "file") return OpenFileBackend(*config);
  if (kind == "s3") return OpenS3Backend(*config, *creds, options);
  if (kind == "azure_blob" || kind == "azblob" || kind == "azurerm") {
    return OpenAzureBlobBackend(*config, *creds, options);
  }
  if (kind == "gcs") return OpenGcsBackend(*config, *creds, options);
  if (kind == "tfc" || kind == "remote" || kind == "cloud") {
    return OpenTfcBackend(*config, *creds, options);
  }
  return InvalidArgumentError("unknown state backend kind '" +
                              std::string(kind) +
                              "' (expected s3, gcs, azure_blob, tfc or file)");
}

}  // namespace dw::connectors
