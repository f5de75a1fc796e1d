// File: server/api/state_spool.cpp
#include "api/state_spool.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace dw::server {
namespace {

constexpr std::size_t kChunk = 1 << 16;

std::string Hex(const unsigned char* data, unsigned len) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(digits[data[i] >> 4]);
    out.push_back(digits[data[i] & 15]);
  }
  return out;
}

}  // namespace

struct StateSpool::Impl {
  std::string path;
  std::int64_t max_bytes = 0;
  int fd = -1;
  EVP_MD_CTX* sha = nullptr;
  std::int64_t written = 0;
  std::int64_t compressed_seen = 0;
  bool started = false;
  bool gzip = false;
  bool gzip_ended = false;
  bool finished = false;
  z_stream z{};
  std::vector<unsigned char> out = std::vector<unsigned char>(kChunk);

  ~Impl() {
    if (gzip) inflateEnd(&z);
    if (sha != nullptr) EVP_MD_CTX_free(sha);
    if (fd >= 0) ::close(fd);
    if (!finished) ::unlink(path.c_str());
  }

  Status Emit(const unsigned char* data, std::size_t len) {
    if (written + static_cast<std::int64_t>(len) > max_bytes) {
      return Status(StatusCode::kResourceExhausted,
                    std::string(gzip ? "inflated state" : "state") +
                        " exceeds the limit of " + std::to_string(max_bytes) +
                        " bytes");
    }
    EVP_DigestUpdate(sha, data, len);
    written += static_cast<std::int64_t>(len);
    while (len > 0) {
      const ssize_t n = ::write(fd, data, len);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status(StatusCode::kUnavailable,
                      "cannot write " + path + ": " + std::strerror(errno));
      }
      data += n;
      len -= static_cast<std::size_t>(n);
    }
    return OkStatus();
  }

  Status Inflate(std::string_view chunk) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
    z.avail_in = static_cast<uInt>(chunk.size());
    while (z.avail_in > 0) {
      if (gzip_ended) {
        return InvalidArgumentError(
            "data after the end of the gzip stream",
            static_cast<std::uint64_t>(compressed_seen));
      }
      z.next_out = out.data();
      z.avail_out = static_cast<uInt>(out.size());
      const uInt before = z.avail_in;
      const int rc = inflate(&z, Z_NO_FLUSH);
      compressed_seen += before - z.avail_in;
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        return InvalidArgumentError(
            std::string("corrupt gzip body: ") + (z.msg ? z.msg : "error"),
            static_cast<std::uint64_t>(compressed_seen));
      }
      DW_RETURN_IF_ERROR(Emit(out.data(), out.size() - z.avail_out));
      if (rc == Z_STREAM_END) gzip_ended = true;
      if (rc == Z_BUF_ERROR && z.avail_out != 0) break;
    }
    return OkStatus();
  }
};

StateSpool::StateSpool(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StateSpool::~StateSpool() = default;

Result<std::unique_ptr<StateSpool>> StateSpool::Create(std::string path,
                                                       std::int64_t max_bytes) {
  auto impl = std::make_unique<Impl>();
  impl->path = std::move(path);
  impl->max_bytes = max_bytes;
  impl->fd =
      ::open(impl->path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (impl->fd < 0) {
    impl->finished = true;  // nothing of ours to remove
    return Status(StatusCode::kUnavailable,
                  "cannot create " + impl->path + ": " + std::strerror(errno));
  }
  impl->sha = EVP_MD_CTX_new();
  if (impl->sha == nullptr ||
      EVP_DigestInit_ex(impl->sha, EVP_sha256(), nullptr) != 1) {
    return InternalError("SHA-256 unavailable");
  }
  return std::unique_ptr<StateSpool>(new StateSpool(std::move(impl)));
}

const std::string& StateSpool::path() const { return impl_->path; }

Status StateSpool::Write(std::string_view chunk) {
  Impl& s = *impl_;
  if (chunk.empty()) return OkStatus();
  if (!s.started) {
    s.started = true;
    // gzip magic; a JSON state cannot start with these bytes.
    s.gzip = chunk.size() >= 2 &&
             static_cast<unsigned char>(chunk[0]) == 0x1f &&
             static_cast<unsigned char>(chunk[1]) == 0x8b;
    if (s.gzip && inflateInit2(&s.z, 16 + MAX_WBITS) != Z_OK) {
      s.gzip = false;
      return InternalError("zlib inflateInit2 failed");
    }
  }
  if (!s.gzip) {
    return s.Emit(reinterpret_cast<const unsigned char*>(chunk.data()),
                  chunk.size());
  }
  return s.Inflate(chunk);
}

Result<SpooledState> StateSpool::Finish() {
  Impl& s = *impl_;
  if (s.gzip && !s.gzip_ended) {
    return InvalidArgumentError("truncated gzip body",
                                static_cast<std::uint64_t>(s.compressed_seen));
  }
  if (::close(s.fd) != 0) {
    s.fd = -1;
    return Status(StatusCode::kUnavailable,
                  "cannot close " + s.path + ": " + std::strerror(errno));
  }
  s.fd = -1;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(s.sha, digest, &len);
  s.finished = true;
  return SpooledState{.path = s.path,
                      .sha256 = Hex(digest, len),
                      .bytes = s.written,
                      .was_gzip = s.gzip};
}

Result<SpooledState> SpoolBody(std::string_view body, std::string path,
                               std::int64_t max_bytes) {
  DW_ASSIGN_OR_RETURN(auto spool,
                      StateSpool::Create(std::move(path), max_bytes));
  for (std::size_t at = 0; at < body.size(); at += kChunk) {
    DW_RETURN_IF_ERROR(spool->Write(body.substr(at, kChunk)));
  }
  return spool->Finish();
}

Result<SpooledState> SpoolFile(const std::string& source, std::string path,
                               std::int64_t max_bytes) {
  const int fd = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status(StatusCode::kNotFound,
                  "cannot open " + source + ": " + std::strerror(errno));
  }
  auto spool = StateSpool::Create(std::move(path), max_bytes);
  if (!spool.ok()) {
    ::close(fd);
    return spool.status();
  }
  std::vector<char> buf(kChunk);
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      return Status(StatusCode::kUnavailable,
                    "cannot read " + source + ": " + reason);
    }
    if (n == 0) break;
    Status st = spool.value()->Write(
        std::string_view(buf.data(), static_cast<std::size_t>(n)));
    if (!st.ok()) {
      ::close(fd);
      return st;
    }
  }
  ::close(fd);
  return spool.value()->Finish();
}

}  // namespace dw::server
