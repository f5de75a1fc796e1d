// File: src/connectors/backends.hpp
//
// Constructors of the concrete backends, each in its own file; the public
// OpenStateBackend (open_backend.cpp) dispatches on the kind.
#ifndef DRIFTWISE_SRC_CONNECTORS_BACKENDS_HPP
#define DRIFTWISE_SRC_CONNECTORS_BACKENDS_HPP

#include <memory>
#include <nlohmann/json.hpp>

#include "driftwise/connectors/state_backend.hpp"

namespace dw::connectors {

Result<std::unique_ptr<StateBackend>> OpenFileBackend(
    const nlohmann::json& config);
Result<std::unique_ptr<StateBackend>> OpenS3Backend(
    const nlohmann::json& config, const nlohmann::json& credentials,
    const BackendOptions& options);
Result<std::unique_ptr<StateBackend>> OpenAzureBlobBackend(
    const nlohmann::json& config, const nlohmann::json& credentials,
    const BackendOptions& options);
Result<std::unique_ptr<StateBackend>> OpenGcsBackend(
    const nlohmann::json& config, const nlohmann::json& credentials,
    const BackendOptions& options);
Result<std::unique_ptr<StateBackend>> OpenTfcBackend(
    const nlohmann::json& config, const nlohmann::json& credentials,
    const BackendOptions& options);

}  // namespace dw::connectors

#endif  // DRIFTWISE_SRC_CONNECTORS_BACKENDS_HPP
