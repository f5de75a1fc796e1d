// File: server/store/snapshot_files.cpp
#include "store/snapshot_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "store/ids.hpp"

namespace dw::server {
namespace {

Status SysError(std::string_view what, const std::string& path) {
  return Status(StatusCode::kUnavailable,
                std::string(what) + " " + path + ": " + std::strerror(errno));
}

// Temp files of uploads a crash interrupted. Only old ones go: another
// process sharing the directory may be writing a young one right now.
void RemoveStaleTemps(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;
  const std::time_t cutoff = std::time(nullptr) - 3600;
  while (const dirent* e = ::readdir(d)) {
    const std::string_view name(e->d_name);
    if (name.rfind(".incoming-", 0) != 0) continue;
    const std::string path = dir + "/" + std::string(name);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && st.st_mtime < cutoff) {
      ::unlink(path.c_str());
    }
  }
  ::closedir(d);
}

}  // namespace

Status FsyncPath(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(),
                        (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) return SysError("cannot open", path);
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  errno = saved;
  return rc == 0 ? OkStatus() : SysError("cannot fsync", path);
}

Result<SnapshotFiles> SnapshotFiles::Open(std::string dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return SysError("cannot create snapshot directory", dir);
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status(StatusCode::kUnavailable,
                  "snapshot directory " + dir + " is not a directory");
  }
  RemoveStaleTemps(dir);
  return SnapshotFiles(std::move(dir));
}

std::string SnapshotFiles::DirFor(std::string_view db_path) {
  return std::string(db_path) + ".snapshots";
}

std::string SnapshotFiles::PathFor(std::string_view sha256_hex) const {
  return dir_ + "/" + std::string(sha256_hex) + ".tfstate";
}

std::string SnapshotFiles::NewTempPath() const {
  // A random id: unique across threads and processes sharing the directory.
  return dir_ + "/.incoming-" + NewUuidV4() + ".tmp";
}

Status SnapshotFiles::Publish(const std::string& temp_path,
                              std::string_view sha256_hex) const {
  const std::string final_path = PathFor(sha256_hex);
  struct stat st {};
  if (::stat(final_path.c_str(), &st) == 0) {
    // Same name, same content: the stored copy was synced when published.
    ::unlink(temp_path.c_str());
    return OkStatus();
  }
  DW_RETURN_IF_ERROR(FsyncPath(temp_path, false));
  if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
    return SysError("cannot rename " + temp_path + " to", final_path);
  }
  return FsyncPath(dir_, true);
}

}  // namespace dw::server
