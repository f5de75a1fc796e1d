// File: server/api/state_fetcher.cpp
#include "api/state_fetcher.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "driftwise/connectors/http_client.hpp"
#include "driftwise/connectors/state_backend.hpp"

namespace dw::server {
namespace {

namespace fs = std::filesystem;

std::string StringField(const nlohmann::json& config, const char* name) {
  auto it = config.find(name);
  return (it != config.end() && it->is_string()) ? it->get<std::string>() : "";
}

class BuiltinFetcher final : public StateFetcher {
 public:
  BuiltinFetcher(std::string files_dir, const OutboundOptions& outbound) {
    backend_options_.http.policy.allow_http = outbound.allow_loopback;
    backend_options_.http.policy.allow_loopback = outbound.allow_loopback;
    if (files_dir.empty()) return;
    std::error_code ec;
    root_ = fs::weakly_canonical(files_dir, ec);
    if (ec) root_.clear();
  }

  Status ValidateConfig(const std::string& kind, const nlohmann::json& config,
                        const std::string& credentials) override {
    if (kind == "upload") return OkStatus();
    if (kind == "file") {
      auto path = Resolve(StringField(config, "path"), "config.path");
      return path.ok() ? OkStatus() : path.status();
    }
    // URL-shaped config values (endpoint, sts_endpoint, ...) pass the SSRF
    // checks before the source is saved: scheme, host literal encodings and
    // every resolved address.
    connectors::HttpClient client(backend_options_.http);
    for (const auto& [key, value] : config.items()) {
      if (!value.is_string()) continue;
      const std::string& text = value.get_ref<const std::string&>();
      if (text.rfind("http://", 0) != 0 && text.rfind("https://", 0) != 0) {
        continue;
      }
      auto checked = client.CheckUrl(text);
      if (!checked.ok()) {
        return InvalidArgumentError("config." + key +
                                        " is not an allowed outbound URL: " +
                                        checked.status().message(),
                                    kNoOffset, "config." + key);
      }
    }
    // Opening checks the kind's config (fields, URL shapes, the outbound
    // policy) without any request.
    auto opened = connectors::OpenStateBackend(
        kind, config.dump(), credentials.empty() ? "{}" : credentials,
        backend_options_);
    if (!opened.ok() &&
        opened.status().code() == StatusCode::kInvalidArgument) {
      return opened.status();
    }
    return OkStatus();
  }

  Status Fetch(const std::string& kind, const nlohmann::json& config,
               const std::string& credentials, StateSpool& spool) override {
    if (kind == "upload") {
      return Status(StatusCode::kFailedPrecondition,
                    "an upload source has no backend to fetch from; POST the "
                    "state to .../upload");
    }
    if (kind != "file") return FetchRemote(kind, config, credentials, spool);
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
                                        const nlohmann::json& options,
                                        const std::string& creds) override {
    if (provider != "file") {
      return ListRemote(provider, bucket, prefix, options, creds);
    }
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
  // s3/gcs/azure_blob/tfc through the connectors (SSRF-safe client): the
  // object streams to a side file, then through the spool (size cap, hash,
  // gzip), so a state is never held in memory whole.
  Status FetchRemote(const std::string& kind, const nlohmann::json& config,
                     const std::string& credentials, StateSpool& spool) {
    DW_ASSIGN_OR_RETURN(
        auto backend,
        connectors::OpenStateBackend(kind, config.dump(),
                                     credentials.empty() ? "{}" : credentials,
                                     backend_options_));
    const std::string side = spool.path() + ".download";
    auto info = backend->FetchToFile({}, side);
    if (!info.ok()) {
      ::unlink(side.c_str());
      return info.status();
    }
    // An empty object writes no file at all: nothing to copy (the parser
    // then reports the empty input).
    if (info->size == 0 && ::access(side.c_str(), F_OK) != 0) return OkStatus();
    Status st = CopyInto(side, spool);
    ::unlink(side.c_str());
    return st;
  }

  Result<std::vector<StateObject>> ListRemote(const std::string& provider,
                                              const std::string& bucket,
                                              const std::string& prefix,
                                              const nlohmann::json& options,
                                              const std::string& creds) {
    nlohmann::json config = {{"bucket", bucket}};
    if (provider == "s3") {
      config["region"] = options.value("region", "");
      if (config["region"] == "") config.erase("region");
      if (options.contains("endpoint"))
        config["endpoint"] = options["endpoint"];
      if (options.contains("use_path_style")) {
        config["use_path_style"] = options["use_path_style"];
      }
    } else if (provider == "azure_blob") {
      config = {{"account", options.value("storage_account", "")},
                {"container", bucket}};
      if (options.contains("endpoint"))
        config["endpoint"] = options["endpoint"];
    } else if (provider == "gcs") {
      if (options.contains("endpoint"))
        config["endpoint"] = options["endpoint"];
    }
    DW_ASSIGN_OR_RETURN(
        auto backend, connectors::OpenStateBackend(provider, config.dump(),
                                                   creds.empty() ? "{}" : creds,
                                                   backend_options_));
    DW_ASSIGN_OR_RETURN(auto objects, backend->List(prefix, {}));
    std::vector<StateObject> out;
    out.reserve(objects.size());
    for (const auto& o : objects) {
      out.push_back({.key = o.key, .size = static_cast<std::int64_t>(o.size)});
    }
    return out;
  }

  static Status CopyInto(const std::string& path, StateSpool& spool) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return Status(StatusCode::kUnavailable, "downloaded state vanished");
    char buf[1 << 16];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fd);
        return n < 0 ? Status(StatusCode::kUnavailable,
                              "reading the download failed")
                     : OkStatus();
      }
      Status st =
          spool.Write(std::string_view(buf, static_cast<std::size_t>(n)));
      if (!st.ok()) {
        ::close(fd);
        return st;
      }
    }
  }

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
  connectors::BackendOptions backend_options_;
};

}  // namespace

std::unique_ptr<StateFetcher> MakeBuiltinStateFetcher(
    std::string files_dir, const OutboundOptions& outbound) {
  return std::make_unique<BuiltinFetcher>(std::move(files_dir), outbound);
}

}  // namespace dw::server
