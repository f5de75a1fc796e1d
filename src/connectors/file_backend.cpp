// File: src/connectors/file_backend.cpp
//
// States on the local file system: Fetch reads the file, List walks the
// directory holding the prefix (non-recursive below the prefix's directory
// is not enough for globs, so it recurses).
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "backend_util.hpp"
#include "backends.hpp"

namespace dw::connectors {
namespace {

namespace fs = std::filesystem;

class FileBackend final : public StateBackend {
 public:
  explicit FileBackend(std::string path) : path_(std::move(path)) {}
  std::string_view kind() const noexcept override { return "file"; }
  std::string Describe() const override { return "file://" + path_; }

  Result<FetchedObject> Fetch(std::string_view key) override {
    std::string p = key.empty() ? path_ : std::string(key);
    std::ifstream in(p, std::ios::binary);
    if (!in) return NotFoundError("file://" + p + ": cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    FetchedObject out;
    out.bytes = ss.str();
    out.info = Info(p);
    return out;
  }

  Result<ObjectInfo> FetchToFile(std::string_view key,
                                 const std::string& dest) override {
    std::string p = key.empty() ? path_ : std::string(key);
    std::error_code ec;
    fs::copy_file(p, dest, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      return Status(ec == std::errc::no_such_file_or_directory
                        ? StatusCode::kNotFound
                        : StatusCode::kInternal,
                    "file://" + p + ": " + ec.message());
    }
    return Info(p);
  }

  Result<std::vector<ObjectInfo>> List(std::string_view prefix,
                                       const ListOptions& options) override {
    std::string pre = prefix.empty() ? path_ : std::string(prefix);
    fs::path dir = fs::path(pre).parent_path();
    if (dir.empty()) dir = ".";
    std::vector<ObjectInfo> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      std::string p = it->path().string();
      if (p.rfind(pre, 0) != 0) continue;
      out.push_back(Info(p));
      if (options.max_keys && out.size() > options.max_keys) {
        return Status(StatusCode::kResourceExhausted,
                      "file://" + pre + ": more than " +
                          std::to_string(options.max_keys) + " files");
      }
    }
    if (ec)
      return NotFoundError("file://" + dir.string() + ": " + ec.message());
    std::sort(
        out.begin(), out.end(),
        [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
    return out;
  }

 private:
  static ObjectInfo Info(const std::string& p) {
    ObjectInfo info;
    info.key = p;
    struct stat st {};
    if (stat(p.c_str(), &st) == 0) {
      info.size = static_cast<std::uint64_t>(st.st_size);
      info.last_modified = std::to_string(st.st_mtim.tv_sec);
    }
    return info;
  }

  std::string path_;
};

}  // namespace

Result<std::unique_ptr<StateBackend>> OpenFileBackend(
    const nlohmann::json& config) {
  std::string path = ConfigString(config, {"path", "key"});
  if (path.empty()) return InvalidArgumentError("file backend needs 'path'");
  return std::unique_ptr<StateBackend>(new FileBackend(path));
}

}  // namespace dw::connectors
