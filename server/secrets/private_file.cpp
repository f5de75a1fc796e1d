#include "secrets/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace dw::server {
namespace {

// Writes the content to a private temporary file first and then link()s it
// into place: link() fails with EEXIST when the name exists, so the file
// appears with its whole content or not at all. Creating the final name with
// O_EXCL and writing afterwards let a concurrent starter read it empty.
Status CreateExclusive(const std::string& path, std::string_view what,
                       const std::function<Result<std::string>()>& make) {
  if (::access(path.c_str(), F_OK) == 0) return OkStatus();
  Result<std::string> bytes = make();
  if (!bytes.ok()) return bytes.status();
  std::string temp = path + ".tmp-XXXXXX";
  int fd = ::mkostemp(temp.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) {
    return InvalidArgumentError("cannot create " + std::string(what) + " " +
                                path + ": " + std::strerror(errno));
  }
  const std::string& data = bytes.value();
  const bool written = ::write(fd, data.data(), data.size()) ==
                           static_cast<ssize_t>(data.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(temp.c_str());
    return InvalidArgumentError("cannot write " + std::string(what) + " " +
                                path);
  }
  const int linked = ::link(temp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (linked != 0 && link_errno != EEXIST) {  // EEXIST: another server won
    return InvalidArgumentError("cannot create " + std::string(what) + " " +
                                path + ": " + std::strerror(link_errno));
  }
  return OkStatus();
}

}  // namespace

Result<std::string> ReadOrCreatePrivateFile(
    const std::string& path, std::string_view what, std::size_t max_bytes,
    const std::function<Result<std::string>()>& make) {
  Status created = CreateExclusive(path, what, make);
  if (!created.ok()) return created;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return InvalidArgumentError("cannot read " + std::string(what) + " " +
                                path + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    ::close(fd);
    return InvalidArgumentError(std::string(what) + " " + path +
                                " must not be readable by group or others "
                                "(chmod 600)");
  }
  std::string data(max_bytes + 1, '\0');
  std::size_t got = 0;
  while (got < data.size()) {
    const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (got > max_bytes) {
    return InvalidArgumentError(std::string(what) + " " + path +
                                " is larger than " + std::to_string(max_bytes) +
                                " bytes");
  }
  data.resize(got);
  return data;
}

}  // namespace dw::server
