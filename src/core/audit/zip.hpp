// File: src/core/audit/zip.hpp
//
// A deterministic ZIP writer and a strict ZIP reader over zlib, just enough
// for compliance packs. Every field the writer emits is fixed (mtime
// 1980-01-01 00:00, UTF-8 flag, no extra fields, comments or data
// descriptors, no ZIP64), so one set of entries has exactly one byte form.
// The reader accepts only that form: it re-writes the headers from what it
// parsed and compares byte for byte, so a change to any header byte is an
// error even when a lax reader would ignore the field.
#ifndef DRIFTWISE_SRC_CORE_AUDIT_ZIP_HPP
#define DRIFTWISE_SRC_CORE_AUDIT_ZIP_HPP

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/status.hpp"

namespace dw::audit_internal {

enum class ZipMethod : std::uint16_t { kStored = 0, kDeflate = 8 };

/// One entry as it sits in the archive.
struct ZipEntry {
  std::string name;
  ZipMethod method = ZipMethod::kStored;
  std::uint32_t crc32 = 0;
  std::uint32_t size = 0;  // uncompressed
  std::string data;        // the stored bytes (compressed for kDeflate)
};

/// Builds an entry from content: CRC-32, and raw deflate (level 6) when
/// asked. Errors: content over 4 GiB, zlib failure.
Result<ZipEntry> MakeZipEntry(std::string_view name, std::string_view content,
                              ZipMethod method);

/// Writes entries in order to `sink`: local headers and data as they come,
/// the central directory at the end.
class ZipWriter {
 public:
  explicit ZipWriter(std::function<Status(std::string_view)> sink)
      : sink_(std::move(sink)) {}
  Status Add(const ZipEntry& entry);
  Status Finish();

 private:
  std::function<Status(std::string_view)> sink_;
  std::string central_;
  std::uint64_t offset_ = 0;
  std::uint32_t count_ = 0;
};

/// Parses a ZIP in the writer's exact form. Errors (kDataLoss) name the byte
/// offset or entry. Data is returned as stored; see ExtractZipEntry.
Result<std::vector<ZipEntry>> ReadZipStrict(std::string_view zip);

/// The entry's content: inflated (the stream must end exactly at the end of
/// the data with zero padding bits) and checked against size and CRC-32.
Result<std::string> ExtractZipEntry(const ZipEntry& entry);

}  // namespace dw::audit_internal

#endif  // DRIFTWISE_SRC_CORE_AUDIT_ZIP_HPP
