// File: server/store/snapshot_files.hpp
//
// The verbatim bytes of every state snapshot, content-addressed beside the
// database: "<db>.snapshots/<sha256>.tfstate". Scans re-read them with the
// core parser (dw::ParseStateFile); the snapshot rows only hold facts.
//
// Durability order: a spooled file is fsynced, renamed to its final name and
// the directory fsynced BEFORE the snapshot row commits, so a committed row
// never points at a missing or partial file. A crash between the rename and
// the commit leaves an unreferenced file, which is harmless (the next ingest
// of the same bytes reuses it). Files are never rewritten: the name is the
// content's hash.
//
// Errors: kUnavailable naming the path and the system's reason.
// Thread-safety: all members may be called from any thread; temp names are
// unique per call.
#ifndef DRIFTWISE_SERVER_STORE_SNAPSHOT_FILES_HPP
#define DRIFTWISE_SERVER_STORE_SNAPSHOT_FILES_HPP

#include <string>
#include <string_view>

#include "driftwise/status.hpp"

namespace dw::server {

class SnapshotFiles {
 public:
  /// `dir` is created (mode 0700) by Open, which also removes temp files
  /// older than an hour (uploads a crash interrupted).
  static Result<SnapshotFiles> Open(std::string dir);
  /// The directory beside a database file: "<db>.snapshots".
  static std::string DirFor(std::string_view db_path);

  const std::string& dir() const { return dir_; }
  /// Where the snapshot with this hash lives (it need not exist).
  std::string PathFor(std::string_view sha256_hex) const;
  /// A fresh, unique temp path inside the directory (same filesystem, so
  /// Publish is a rename). The caller creates and writes it.
  std::string NewTempPath() const;
  /// Makes the written temp file the snapshot `sha256_hex`: fsync, rename
  /// (or drop it when that content is already stored), fsync the directory.
  Status Publish(const std::string& temp_path,
                 std::string_view sha256_hex) const;

 private:
  explicit SnapshotFiles(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

/// fsyncs a file or directory by path.
Status FsyncPath(const std::string& path, bool directory);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_STORE_SNAPSHOT_FILES_HPP
