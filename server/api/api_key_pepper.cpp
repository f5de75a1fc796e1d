#include "api/api_key_pepper.hpp"

#include <openssl/rand.h>

#include "secrets/private_file.hpp"

namespace dw::server {
namespace {

constexpr std::size_t kPepperBytes = 32;

Result<std::string> NewPepper() {
  std::string bytes(kPepperBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()),
                 static_cast<int>(bytes.size())) != 1) {
    return InternalError("no entropy for the API key pepper");
  }
  return bytes;
}

}  // namespace

Result<std::string> LoadApiKeyPepper(const std::string& from_env,
                                     const std::string& path) {
  if (!from_env.empty()) {
    if (from_env.size() < 16) {
      return InvalidArgumentError(
          "DRIFTWISE_API_KEY_PEPPER must be at least 16 bytes");
    }
    return from_env;
  }
  auto pepper = ReadOrCreatePrivateFile(path, "API key pepper file",
                                        kPepperBytes * 4, NewPepper);
  if (!pepper.ok()) return pepper.status();
  if (pepper.value().size() < 16) {
    return InvalidArgumentError("API key pepper file " + path +
                                " holds fewer than 16 bytes");
  }
  return pepper;
}

}  // namespace dw::server
