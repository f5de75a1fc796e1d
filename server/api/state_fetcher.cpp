// File: server/api/state_fetcher.cpp
#include "api/state_fetcher.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace dw::server {
namespace {

namespace fs = std::filesystem;

Status NotWired(const std::string& kind) {
  return UnimplementedError(
      "the " + kind +
      " backend is not available in this server build yet (outbound "
      "connectors are not wired in); use kind \"upload\" and POST the state "
      "to .../upload");
}

std::string StringField(const nlohmann::json& config, const char* name) {
  auto it = config.find(name);
  return (it != config.end() && it->is_string()) ? it->get<std::string>() : "";
}

class BuiltinFetcher final : public StateFetcher {
 public:
  explicit BuiltinFetcher(std::string files_dir) {
    if (files_dir.empty()) return;
    std::error_code ec;
    root_ = fs::weakly_canonical(files_dir, ec);
    if (ec) root_.clear();
  }

  Status ValidateConfig(const std::string& kind,
                        const nlohmann::json& config) override {
    if (kind == "upload") return OkStatus();
    if (kind == "file") {
      auto path = Resolve(StringField(config, "path"), "config.path");
      return path.ok() ? OkStatus() : path.status();
    }
    // Checked here so a source cannot be saved half-configured; fetching
    // itself waits for the connectors.
    const char* required[3] = {nullptr, nullptr, nullptr};
    if (kind == "s3") {
      required[0] = "bucket";
      required[1] = "key";
    } else if (kind == "gcs") {
      required[0] = "bucket";
      required[1] = "object";
    } else if (kind == "azure_blob") {
      required[0] = "account";
      required[1] = "container";
      required[2] = "blob";
    } else if (kind == "tfc") {
      required[0] = "workspace";
    }
    for (const char* field : required) {
      if (field != nullptr && StringField(config, field).empty()) {
        return InvalidArgumentError(
            "config." + std::string(field) + " is required for kind " + kind,
            kNoOffset, "config." + std::string(field));
      }
    }
    return OkStatus();
  }

  Status Fetch(const std::string& kind, const nlohmann::json& config,
               const std::string& /*credentials*/, StateSpool& spool) override {
    if (kind == "upload") {
      return Status(StatusCode::kFailedPrecondition,
                    "an upload source has no backend to fetch from; POST the "
                    "state to .../upload");
    }
    if (kind != "file") return NotWired(kind);
    DW_ASSIGN_OR_RETURN(fs::path path,
                        Resolve(StringField(config, "path"), "config.path"));
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return NotFoundError("state file " + path.string() + " cannot be read");
    }
    char buf[1 << 16];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fd);
        if (n < 0) {
          return Status(StatusCode::kUnavailable,
                        "reading " + path.string() + " failed");
        }
        return OkStatus();
      }
      Status st =
          spool.Write(std::string_view(buf, static_cast<std::size_t>(n)));
      if (!st.ok()) {
        ::close(fd);
        return st;
      }
    }
  }

  Result<std::vector<StateObject>> List(const std::string& provider,
                                        const std::string& bucket,
                                        const std::string& prefix,
                                        const nlohmann::json& /*options*/,
                                        const std::string& /*creds*/) override {
    if (provider != "file") return NotWired(provider);
    DW_ASSIGN_OR_RETURN(fs::path dir, Resolve(bucket, "bucket"));
    std::error_code ec;
    std::vector<StateObject> out;
    fs::recursive_directory_iterator it(dir, ec), end;
    if (ec) return NotFoundError("directory " + bucket + " cannot be listed");
    for (; it != end; it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file(ec)) continue;
      std::string key = fs::relative(it->path(), dir, ec).generic_string();
      if (key.rfind(prefix, 0) != 0) continue;
      out.push_back({.key = std::move(key),
                     .size = static_cast<std::int64_t>(it->file_size(ec))});
    }
    return out;
  }

 private:
  // `rel` under the root, refusing absolute paths and any escape (.., links).
  Result<fs::path> Resolve(const std::string& rel, const std::string& field) {
    if (root_.empty()) {
      return InvalidArgumentError(
          "kind \"file\" is not enabled on this server (the operator sets "
          "--state-files-dir)",
          kNoOffset, field);
    }
    if (rel.empty()) {
      return InvalidArgumentError(field + " is required", kNoOffset, field);
    }
    if (fs::path(rel).is_absolute()) {
      return InvalidArgumentError(
          field + " must be relative to the server's state directory",
          kNoOffset, field);
    }
    std::error_code ec;
    fs::path full = fs::weakly_canonical(root_ / rel, ec);
    const std::string root = root_.string();
    const std::string got = full.string();
    if (ec || got.compare(0, root.size(), root) != 0 ||
        (got.size() > root.size() && got[root.size()] != '/')) {
      return InvalidArgumentError(
          field + " leaves the server's state directory", kNoOffset, field);
    }
    return full;
  }

  fs::path root_;
};

}  // namespace

std::unique_ptr<StateFetcher> MakeBuiltinStateFetcher(std::string files_dir) {
  return std::make_unique<BuiltinFetcher>(std::move(files_dir));
}

}  // namespace dw::server
