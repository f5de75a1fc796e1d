#include "secrets/keyring_source.hpp"

#include "secrets/private_file.hpp"

namespace dw::server {

Result<SecretKeyring> LoadSecretKeyring(const std::string& from_env,
                                        const std::string& path) {
  if (!from_env.empty()) {
    auto ring = SecretKeyring::Parse(from_env);
    if (!ring.ok()) {
      return InvalidArgumentError("DRIFTWISE_SECRET_KEYS: " +
                                  ring.status().message());
    }
    return ring;
  }
  auto text = ReadOrCreatePrivateFile(
      path, "secret keyring file", 64 * 1024, []() -> Result<std::string> {
        return SecretKeyring::GenerateText("k1");
      });
  if (!text.ok()) return text.status();
  auto ring = SecretKeyring::Parse(text.value());
  if (!ring.ok()) {
    return InvalidArgumentError("secret keyring file " + path + ": " +
                                ring.status().message());
  }
  return ring;
}

}  // namespace dw::server
