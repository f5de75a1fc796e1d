#include "api/api_key_pepper.hpp"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace dw::server {
namespace {

constexpr std::size_t kPepperBytes = 32;

Status CreatePepperFile(const std::string& path) {
  std::array<unsigned char, kPepperBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return InternalError("no entropy for the API key pepper");
  }
  // O_EXCL: two servers starting at once must not overwrite each other's
  // pepper (keys hashed with the lost one would stop working).
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return OkStatus();
    return InvalidArgumentError("cannot create API key pepper file " + path +
                                ": " + std::strerror(errno));
  }
  const bool written = ::write(fd, bytes.data(), bytes.size()) ==
                           static_cast<ssize_t>(bytes.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());
    return InvalidArgumentError("cannot write API key pepper file " + path);
  }
  return OkStatus();
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
  Status created = CreatePepperFile(path);
  if (!created.ok()) return created;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return InvalidArgumentError("cannot read API key pepper file " + path +
                                ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    ::close(fd);
    return InvalidArgumentError("API key pepper file " + path +
                                " must not be readable by group or others "
                                "(chmod 600)");
  }
  std::string pepper(kPepperBytes * 4, '\0');
  const ssize_t n = ::read(fd, pepper.data(), pepper.size());
  ::close(fd);
  if (n < 16) {
    return InvalidArgumentError("API key pepper file " + path +
                                " holds fewer than 16 bytes");
  }
  pepper.resize(static_cast<std::size_t>(n));
  return pepper;
}

}  // namespace dw::server
