// File: server/store/ids.hpp
//
// Record ids and timestamps in the store's formats: UUIDv4 text from
// OpenSSL's CSPRNG (RAND_bytes) and RFC 3339 UTC times with microseconds.
//
// Thread-safety: all functions may be called from any thread.
#ifndef DRIFTWISE_SERVER_STORE_IDS_HPP
#define DRIFTWISE_SERVER_STORE_IDS_HPP

#include <cstdint>
#include <string>
#include <string_view>

namespace dw::server {

/// A random (version 4, RFC 9562) UUID, lowercase:
/// "0f8fad5b-d9cb-469f-a165-70867728950e". Aborts if the CSPRNG fails,
/// since ids must never repeat.
std::string NewUuidV4();
/// True for the 36-character lowercase or uppercase hex 8-4-4-4-12 form.
bool IsUuidText(std::string_view text);

/// "2026-01-02T03:04:05.123456Z" for microseconds since the Unix epoch.
std::string FormatRfc3339Micros(std::int64_t micros_since_epoch);
/// The current time (system clock) in that format.
std::string NowRfc3339();
/// True for exactly that format ("YYYY-MM-DDTHH:MM:SS.ffffffZ", 27
/// characters). The store keeps record times in it so that they sort as text.
bool IsStoreTime(std::string_view text);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_STORE_IDS_HPP
