// File: server/api/api_key_pepper.hpp
//
// The secret HMAC key ("pepper") of API key hashes: from the environment
// when set, else from a file kept apart from the database (created with 32
// random bytes, mode 0600, on first start). A database copied without the
// pepper does not let anyone test guesses against the stored hashes.
#ifndef DRIFTWISE_SERVER_API_API_KEY_PEPPER_HPP
#define DRIFTWISE_SERVER_API_API_KEY_PEPPER_HPP

#include <string>

#include "driftwise/status.hpp"

namespace dw::server {

/// `from_env` wins when not empty (at least 16 bytes). Else reads `path`,
/// creating it when missing. Errors name the file and the reason (bad
/// permissions: readable by group/others; too short; unreadable).
Result<std::string> LoadApiKeyPepper(const std::string& from_env,
                                     const std::string& path);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_API_KEY_PEPPER_HPP
