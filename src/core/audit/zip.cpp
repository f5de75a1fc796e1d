// File: src/core/audit/zip.cpp
#include "audit/zip.hpp"

#include <zlib.h>

#include <limits>

namespace dw::audit_internal {
namespace {

constexpr std::uint32_t kLocalSig = 0x04034b50;
constexpr std::uint32_t kCentralSig = 0x02014b50;
constexpr std::uint32_t kEndSig = 0x06054b50;
constexpr std::uint16_t kVersion = 20;      // 2.0: deflate
constexpr std::uint16_t kFlags = 0x0800;    // names are UTF-8
constexpr std::uint16_t kDosTime = 0;       // 00:00:00
constexpr std::uint16_t kDosDate = 0x0021;  // 1980-01-01
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kEndSize = 22;
constexpr std::uint64_t kMaxZip32 = std::numeric_limits<std::uint32_t>::max();

void Put16(std::string* out, std::uint16_t v) {
  out->push_back(static_cast<char>(v & 0xFF));
  out->push_back(static_cast<char>(v >> 8));
}
void Put32(std::string* out, std::uint32_t v) {
  Put16(out, static_cast<std::uint16_t>(v & 0xFFFF));
  Put16(out, static_cast<std::uint16_t>(v >> 16));
}
std::uint16_t Get16(std::string_view s, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<std::uint8_t>(s[at]) |
                                    static_cast<std::uint8_t>(s[at + 1]) << 8);
}
std::uint32_t Get32(std::string_view s, std::size_t at) {
  return std::uint32_t{Get16(s, at)} | std::uint32_t{Get16(s, at + 2)} << 16;
}

// The fields shared by local and central headers, from "version needed".
void PutCommon(std::string* out, const ZipEntry& e) {
  Put16(out, kVersion);
  Put16(out, kFlags);
  Put16(out, static_cast<std::uint16_t>(e.method));
  Put16(out, kDosTime);
  Put16(out, kDosDate);
  Put32(out, e.crc32);
  Put32(out, static_cast<std::uint32_t>(e.data.size()));
  Put32(out, e.size);
  Put16(out, static_cast<std::uint16_t>(e.name.size()));
  Put16(out, 0);  // extra field length
}

Status Corrupt(std::string what, std::uint64_t offset) {
  return DataLossError("pack ZIP: " + std::move(what), offset);
}

}  // namespace

Result<ZipEntry> MakeZipEntry(std::string_view name, std::string_view content,
                              ZipMethod method) {
  if (content.size() >= kMaxZip32 || name.size() > 0xFFFF) {
    return InvalidArgumentError("ZIP entry " + std::string(name) +
                                " is too large (no ZIP64 support)");
  }
  ZipEntry e;
  e.name = std::string(name);
  e.method = method;
  e.size = static_cast<std::uint32_t>(content.size());
  e.crc32 = static_cast<std::uint32_t>(crc32_z(
      0, reinterpret_cast<const Bytef*>(content.data()), content.size()));
  if (method == ZipMethod::kStored) {
    e.data = std::string(content);
    return e;
  }
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return InternalError("zlib deflateInit2 failed");
  }
  e.data.resize(deflateBound(&zs, static_cast<uLong>(content.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
  zs.avail_in = static_cast<uInt>(content.size());
  zs.next_out = reinterpret_cast<Bytef*>(e.data.data());
  zs.avail_out = static_cast<uInt>(e.data.size());
  int rc = deflate(&zs, Z_FINISH);
  std::size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return InternalError("zlib deflate failed");
  e.data.resize(produced);
  if (e.data.size() >= kMaxZip32) {
    return InvalidArgumentError("ZIP entry too large (no ZIP64 support)");
  }
  return e;
}

Status ZipWriter::Add(const ZipEntry& e) {
  if (count_ == 0xFFFF) return InvalidArgumentError("too many ZIP entries");
  std::uint64_t entry_bytes = kLocalHeaderSize + e.name.size() + e.data.size();
  if (offset_ + entry_bytes >= kMaxZip32) {
    return InvalidArgumentError("pack larger than 4 GiB (no ZIP64 support)");
  }
  std::string header;
  Put32(&header, kLocalSig);
  PutCommon(&header, e);
  header += e.name;
  DW_RETURN_IF_ERROR(sink_(header));
  DW_RETURN_IF_ERROR(sink_(e.data));

  Put32(&central_, kCentralSig);
  Put16(&central_, kVersion);  // version made by: 2.0, MS-DOS attributes
  PutCommon(&central_, e);
  Put16(&central_, 0);  // comment length
  Put16(&central_, 0);  // disk number
  Put16(&central_, 0);  // internal attributes
  Put32(&central_, 0);  // external attributes
  Put32(&central_, static_cast<std::uint32_t>(offset_));
  central_ += e.name;
  offset_ += entry_bytes;
  ++count_;
  return OkStatus();
}

Status ZipWriter::Finish() {
  if (offset_ + central_.size() >= kMaxZip32) {
    return InvalidArgumentError("pack larger than 4 GiB (no ZIP64 support)");
  }
  std::string end;
  Put32(&end, kEndSig);
  Put16(&end, 0);
  Put16(&end, 0);
  Put16(&end, static_cast<std::uint16_t>(count_));
  Put16(&end, static_cast<std::uint16_t>(count_));
  Put32(&end, static_cast<std::uint32_t>(central_.size()));
  Put32(&end, static_cast<std::uint32_t>(offset_));
  Put16(&end, 0);  // comment length
  DW_RETURN_IF_ERROR(sink_(central_));
  return sink_(end);
}

Result<std::vector<ZipEntry>> ReadZipStrict(std::string_view zip) {
  if (zip.size() < kEndSize) return Corrupt("too short to be a ZIP", 0);
  std::size_t end_at = zip.size() - kEndSize;
  if (Get32(zip, end_at) != kEndSig) {
    return Corrupt(
        "no end-of-central-directory record at the end (a comment "
        "or trailing bytes?)",
        end_at);
  }
  std::uint16_t count = Get16(zip, end_at + 10);
  std::uint32_t cd_size = Get32(zip, end_at + 12);
  std::uint32_t cd_offset = Get32(zip, end_at + 16);
  if (std::uint64_t{cd_offset} + cd_size != end_at) {
    return Corrupt("central directory bounds do not match the file", end_at);
  }
  std::vector<ZipEntry> entries;
  std::size_t at = cd_offset;
  std::uint64_t expected_local = 0;
  for (std::uint16_t i = 0; i < count; ++i) {
    if (at + kCentralHeaderSize > end_at || Get32(zip, at) != kCentralSig) {
      return Corrupt("bad central directory header", at);
    }
    std::uint16_t name_len = Get16(zip, at + 28);
    std::uint32_t csize = Get32(zip, at + 20);
    std::uint32_t local = Get32(zip, at + 42);
    if (at + kCentralHeaderSize + name_len > end_at) {
      return Corrupt("central directory name runs past the directory", at);
    }
    ZipEntry e;
    e.name = std::string(zip.substr(at + kCentralHeaderSize, name_len));
    std::uint16_t method = Get16(zip, at + 10);
    if (method != 0 && method != 8) {
      return Corrupt("entry " + e.name + " uses an unsupported method",
                     at + 10);
    }
    e.method = static_cast<ZipMethod>(method);
    e.crc32 = Get32(zip, at + 16);
    e.size = Get32(zip, at + 24);
    // Entries are contiguous from offset 0, in central directory order.
    if (local != expected_local) {
      return Corrupt("entry " + e.name + " is not where the writer puts it",
                     at + 42);
    }
    std::uint64_t data_at = std::uint64_t{local} + kLocalHeaderSize + name_len;
    if (data_at + csize > cd_offset) {
      return Corrupt("entry " + e.name + " runs past the central directory",
                     local);
    }
    e.data = std::string(zip.substr(data_at, csize));
    expected_local = data_at + csize;
    at += kCentralHeaderSize + name_len;
    entries.push_back(std::move(e));
  }
  if (expected_local != cd_offset || at != end_at) {
    return Corrupt("bytes outside the entries and central directory",
                   expected_local);
  }
  // Re-write and compare: catches any header byte that differs from the
  // canonical form (local vs central mismatch, flags, times, attributes).
  std::string canonical;
  canonical.reserve(zip.size());
  ZipWriter writer([&](std::string_view bytes) {
    canonical.append(bytes);
    return OkStatus();
  });
  for (const ZipEntry& e : entries) DW_RETURN_IF_ERROR(writer.Add(e));
  DW_RETURN_IF_ERROR(writer.Finish());
  if (canonical != zip) {
    std::size_t i = 0;
    while (i < zip.size() && i < canonical.size() && zip[i] == canonical[i])
      ++i;
    return Corrupt("byte differs from the canonical pack layout", i);
  }
  return entries;
}

Result<std::string> ExtractZipEntry(const ZipEntry& e) {
  auto crc_ok = [&](std::string_view content) {
    return crc32_z(0, reinterpret_cast<const Bytef*>(content.data()),
                   content.size()) == e.crc32;
  };
  if (e.method == ZipMethod::kStored) {
    if (e.data.size() != e.size) {
      return Corrupt("entry " + e.name + ": stored size mismatch", kNoOffset);
    }
    if (!crc_ok(e.data)) {
      return Corrupt("entry " + e.name + ": CRC-32 mismatch", kNoOffset);
    }
    return e.data;
  }
  // Deflate expands at most ~1032:1; a larger claim is a bomb or damage.
  if (e.data.empty() || std::uint64_t{e.size} > 1032 * e.data.size() + 64) {
    return Corrupt("entry " + e.name + ": implausible sizes", kNoOffset);
  }
  std::string out(e.size, '\0');
  z_stream zs{};
  if (inflateInit2(&zs, -15) != Z_OK) return InternalError("inflateInit2");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(e.data.data()));
  zs.avail_in = static_cast<uInt>(e.data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  // Z_BLOCK stops after the final block's end code, before zlib discards
  // the rest of the last byte, so the padding bits can be checked: deflate
  // writes zeros there, and a changed padding bit would change nothing else.
  int unused_bits = -1;
  std::uint8_t last_byte = 0;
  int rc = Z_OK;
  while (rc == Z_OK) {
    rc = inflate(&zs, Z_BLOCK);
    if (rc == Z_OK && (zs.data_type & 192) == 192) {  // last block ended
      unused_bits = zs.data_type & 7;
      last_byte = static_cast<std::uint8_t>(e.data[zs.total_in - 1]);
      rc = inflate(&zs, Z_FINISH);
      break;
    }
  }
  bool complete = rc == Z_STREAM_END && zs.avail_in == 0 &&
                  zs.total_out == e.size && unused_bits >= 0;
  inflateEnd(&zs);
  if (!complete) {
    return Corrupt("entry " + e.name + ": deflate data damaged", kNoOffset);
  }
  if (unused_bits > 0 && (last_byte >> (8 - unused_bits)) != 0) {
    return Corrupt("entry " + e.name + ": nonzero deflate padding bits",
                   kNoOffset);
  }
  if (!crc_ok(out)) {
    return Corrupt("entry " + e.name + ": CRC-32 mismatch", kNoOffset);
  }
  return out;
}

}  // namespace dw::audit_internal
