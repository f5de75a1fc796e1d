// File: src/core/json/json_file.cpp
//
// Reading JSON inputs straight from files. Regular files are memory-mapped
// (pre-faulted, read-only): no copy from the page cache and no zero-fill of
// a buffer, which on large plans is a good part of the end-to-end time. The
// mapping is placed inside an anonymous region one page larger, so the
// padding simdjson reads past the end is never beyond the file's last page
// (which would raise SIGBUS). Pipes and other files are read into memory.
//
// A file truncated by another process while mapped would fault when read;
// Terraform writes state and plan files by rename, which is safe.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "json_builder.hpp"

namespace dw {
inline namespace v1 {
namespace internal {
namespace {

Status OsError(const std::string& what, const std::string& path, int err) {
  StatusCode code =
      err == ENOENT ? StatusCode::kNotFound : StatusCode::kUnavailable;
  if (err == EACCES || err == EPERM) code = StatusCode::kPermissionDenied;
  return Status(code,
                "cannot " + what + " " + path + ": " + std::strerror(err));
}

Result<std::shared_ptr<JsonSource>> ReadAll(int fd, const std::string& path) {
  std::string data;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return OsError("read", path, errno);
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  return MakeJsonSource(std::move(data));
}

}  // namespace

Result<std::shared_ptr<JsonSource>> ReadJsonFile(const std::string& path,
                                                 FilePaging paging) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return OsError("open", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return OsError("stat", path, err);
  }
  if (!S_ISREG(st.st_mode) || st.st_size == 0) {
    auto src = ReadAll(fd, path);
    ::close(fd);
    return src;
  }
  const std::size_t size = static_cast<std::size_t>(st.st_size);
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t region_len =
      (size + simdjson::SIMDJSON_PADDING + page - 1) / page * page;
  const std::size_t file_len = (size + page - 1) / page * page;
  void* region = ::mmap(nullptr, region_len, PROT_READ,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) {
    auto src = ReadAll(fd, path);
    ::close(fd);
    return src;
  }
  const int populate = paging == FilePaging::kPrefault ? MAP_POPULATE : 0;
  void* file = ::mmap(region, file_len, PROT_READ,
                      MAP_PRIVATE | MAP_FIXED | populate, fd, 0);
  int err = errno;
  ::close(fd);
  if (file == MAP_FAILED) {
    // Some file systems cannot map files: read it instead.
    ::munmap(region, region_len);
    int again = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (again < 0) return OsError("map", path, err);
    auto src = ReadAll(again, path);
    ::close(again);
    return src;
  }
  auto src = std::make_shared<JsonSource>();
  src->ptr = static_cast<const char*>(region);
  src->len = size;
  src->cap = region_len;
  src->mapping =
      std::shared_ptr<const void>(region, [region_len](const void* p) {
        ::munmap(const_cast<void*>(p), region_len);
      });
  return src;
}

}  // namespace internal

Result<JsonDocument> JsonDocument::ParseFile(const std::string& path) {
  DW_ASSIGN_OR_RETURN(std::shared_ptr<internal::JsonSource> src,
                      internal::ReadJsonFile(path));
  return internal::ParseJsonSpan(src, 0, src->size());
}

}  // namespace v1
}  // namespace dw
