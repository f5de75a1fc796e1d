// File: server/jwt/dev_issuer.cpp
#include "jwt/dev_issuer.hpp"

#include <fcntl.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "jwt/base64url.hpp"
#include "jwt/jwk.hpp"
#include "jwt/jws.hpp"

namespace dw::server {
namespace {

constexpr char kKeyFile[] = "signing-key.pem";
constexpr char kJwksFile[] = "jwks.json";
constexpr char kIssuerFile[] = "issuer.json";

std::string Join(const std::string& dir, const char* name) {
  return dir + "/" + name;
}

Status ErrnoError(const std::string& what, const std::string& path) {
  return InternalError("cannot " + what + " " + path + ": " +
                       std::strerror(errno));
}

// Writes `data` to `path` with `mode` via a temporary file and rename, so a
// crash never leaves half a key or a key with loose permissions.
Status WriteFileAtomic(const std::string& path, const std::string& data,
                       mode_t mode) {
  const std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());
  const int fd =
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return ErrnoError("create", tmp);
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const Status s = ErrnoError("write", tmp);
      ::close(fd);
      return s;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return ErrnoError("write", tmp);
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    return ErrnoError("rename", tmp);
  return OkStatus();
}

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFoundError("cannot read " + path +
                         " (run `driftwise dev-issuer init` first)");
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Result<std::string> PrivateKeyPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr || PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0,
                                                 nullptr, nullptr) != 1) {
    BIO_free(bio);
    return InternalError("cannot encode the key: " + OpenSslError());
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return pem;
}

Result<EvpPkeyPtr> ReadPrivateKey(const std::string& path) {
  DW_ASSIGN_OR_RETURN(const std::string pem, ReadText(path));
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = bio == nullptr
                      ? nullptr
                      : PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) {
    return InvalidArgumentError(path +
                                " is not a PEM private key: " + OpenSslError());
  }
  return EvpPkeyPtr(key);
}

std::string RandomId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    std::abort();  // no randomness: nothing sensible to do
  }
  return Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

}  // namespace

Status DevIssuerInit(const std::string& dir,
                     const DevIssuerInitOptions& options) {
  if (options.issuer.empty() || options.audience.empty()) {
    return InvalidArgumentError("dev issuer: issuer and audience must be set");
  }
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return ErrnoError("create directory", dir);
  }
  const std::string key_path = Join(dir, kKeyFile);
  struct stat st {};
  if (::stat(key_path.c_str(), &st) == 0 && !options.overwrite) {
    return Status(StatusCode::kAlreadyExists,
                  key_path + " already exists; pass overwrite to replace it");
  }
  DW_ASSIGN_OR_RETURN(EvpPkeyPtr key, GenerateSigningKey(JwtAlg::kEdDSA));
  DW_ASSIGN_OR_RETURN(const nlohmann::json jwk, PublicJwk(key.get()));
  DW_ASSIGN_OR_RETURN(const std::string pem, PrivateKeyPem(key.get()));
  const nlohmann::json jwks = {{"keys", nlohmann::json::array({jwk})}};
  const nlohmann::json issuer = {{"issuer", options.issuer},
                                 {"audience", options.audience},
                                 {"kid", jwk["kid"]},
                                 {"alg", jwk["alg"]}};
  // The public files first: a crash before the key leaves no usable key
  // rather than a key whose JWKS is missing.
  DW_RETURN_IF_ERROR(
      WriteFileAtomic(Join(dir, kJwksFile), jwks.dump(2) + "\n", 0644));
  DW_RETURN_IF_ERROR(
      WriteFileAtomic(Join(dir, kIssuerFile), issuer.dump(2) + "\n", 0644));
  return WriteFileAtomic(key_path, pem, 0600);
}

Result<std::string> DevIssuerToken(const std::string& dir,
                                   const DevTokenOptions& options) {
  if (options.email.empty() && options.sub.empty()) {
    return InvalidArgumentError("dev issuer token: give an email or a sub");
  }
  if (options.ttl_seconds <= 0) {
    return InvalidArgumentError("dev issuer token: ttl must be positive");
  }
  if (!options.extra_claims.is_null() && !options.extra_claims.is_object()) {
    return InvalidArgumentError(
        "dev issuer token: extra claims must be a JSON object");
  }
  DW_ASSIGN_OR_RETURN(const std::string issuer_text,
                      ReadText(Join(dir, kIssuerFile)));
  const nlohmann::json issuer =
      nlohmann::json::parse(issuer_text, nullptr, /*allow_exceptions=*/false);
  if (!issuer.is_object() || !issuer.contains("kid") ||
      !issuer["kid"].is_string() || !issuer.contains("issuer") ||
      !issuer.contains("audience")) {
    return InvalidArgumentError(Join(dir, kIssuerFile) +
                                " is not a dev issuer description");
  }
  DW_ASSIGN_OR_RETURN(EvpPkeyPtr key, ReadPrivateKey(Join(dir, kKeyFile)));
  DW_ASSIGN_OR_RETURN(const JwtAlg alg, AlgForKey(key.get()));
  const std::int64_t now = options.now_unix.value_or(
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  nlohmann::json claims = {
      {"iss", options.issuer.empty() ? issuer["issuer"]
                                     : nlohmann::json(options.issuer)},
      {"aud", options.audience.empty() ? issuer["audience"]
                                       : nlohmann::json(options.audience)},
      {"sub", options.sub.empty() ? "dev:" + options.email : options.sub},
      {"iat", now},
      {"nbf", now},
      {"exp", now + options.ttl_seconds},
      {"jti", RandomId()}};
  if (!options.email.empty()) {
    claims["email"] = options.email;
    claims["email_verified"] = true;
  }
  if (options.extra_claims.is_object()) claims.update(options.extra_claims);
  const nlohmann::json header = {
      {"alg", JwtAlgName(alg)}, {"kid", issuer["kid"]}, {"typ", "JWT"}};
  return JwtSign(header.dump(), claims.dump(), key.get());
}

}  // namespace dw::server
