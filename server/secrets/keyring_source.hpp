// File: server/secrets/keyring_source.hpp
//
// Where `driftwise serve` gets its secret keyring: the DRIFTWISE_SECRET_KEYS
// environment variable when set (keyring text, see secret_box.hpp), else a
// key file beside the database (`<db>.secret-keys`, or --secret-keys-file),
// created with one random key on first start. Keep the file apart from
// database backups: a copied database without it reveals no secret.
#ifndef DRIFTWISE_SERVER_SECRETS_KEYRING_SOURCE_HPP
#define DRIFTWISE_SERVER_SECRETS_KEYRING_SOURCE_HPP

#include <string>

#include "secrets/secret_box.hpp"

namespace dw::server {

/// `from_env` wins when not empty; else reads (creating) `path`.
/// Errors name the variable or the file and the reason.
Result<SecretKeyring> LoadSecretKeyring(const std::string& from_env,
                                        const std::string& path);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_SECRETS_KEYRING_SOURCE_HPP
