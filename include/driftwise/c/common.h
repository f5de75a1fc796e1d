/*
 * File: driftwise/c/common.h
 *
 * What every driftwise C header shares: export macros, status codes, the
 * thread-local error record, the dw_buf output buffer and version queries.
 *
 * Conventions (docs/design.md section 4):
 *   - every fallible call returns int: DW_OK (0) or a negative status equal
 *     to minus the canonical (absl/gRPC) status code;
 *   - details of the last failure on this thread: dw_error_last();
 *   - inputs are (const char *data, size_t len), borrowed for the call only,
 *     NUL not required, NULL with len 0 is an empty input;
 *   - text and JSON results come in a caller-owned dw_buf released with
 *     dw_buf_dispose();
 *   - option structs start with a uint32_t version and have an *_INIT macro
 *     and an *_init() function;
 *   - no C++ exception ever crosses this boundary.
 */
#ifndef DRIFTWISE_C_COMMON_H
#define DRIFTWISE_C_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "driftwise/version.h"

#if defined(_WIN32)
#if defined(DW_BUILDING_LIBRARY)
#define DW_API __declspec(dllexport)
#elif defined(DW_STATIC)
#define DW_API
#else
#define DW_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define DW_API __attribute__((visibility("default")))
#else
#define DW_API
#endif

#ifdef __cplusplus
#define DW_BEGIN_DECL extern "C" {
#define DW_END_DECL }
#define DW_NOEXCEPT noexcept
#else
#define DW_BEGIN_DECL
#define DW_END_DECL
#define DW_NOEXCEPT
#endif

DW_BEGIN_DECL

/** Status of a call: DW_OK or a negative DW_E_* value. */
typedef int dw_status;

#define DW_OK 0
/* Failures: value == -(canonical status code), the same numbers as
 * absl::StatusCode and gRPC, so bindings can reuse existing tables. */
#define DW_E_CANCELLED (-1)
#define DW_E_UNKNOWN (-2)
#define DW_E_INVALID_ARGUMENT (-3)
#define DW_E_DEADLINE_EXCEEDED (-4)
#define DW_E_NOT_FOUND (-5)
#define DW_E_ALREADY_EXISTS (-6)
#define DW_E_PERMISSION_DENIED (-7)
#define DW_E_RESOURCE_EXHAUSTED (-8)
#define DW_E_FAILED_PRECONDITION (-9)
#define DW_E_ABORTED (-10)
#define DW_E_OUT_OF_RANGE (-11)
#define DW_E_UNIMPLEMENTED (-12)
#define DW_E_INTERNAL (-13)
#define DW_E_UNAVAILABLE (-14)
#define DW_E_DATA_LOSS (-15)
#define DW_E_UNAUTHENTICATED (-16)

/* dw_error.detail values: append-only, never renumbered. Treat unknown
 * values as DW_DETAIL_NONE. */
#define DW_DETAIL_NONE 0
/** An options struct carried a version newer than this library knows. */
#define DW_DETAIL_STRUCT_VERSION 1
/** A required pointer argument was NULL. */
#define DW_DETAIL_NULL_ARGUMENT 2

/** Marks "no byte offset" in dw_error.offset. */
#define DW_NO_OFFSET UINT64_MAX

/**
 * The last failure on the calling thread. Allocated by the library, so
 * fields may be appended in later versions: never sizeof() or copy it.
 */
typedef struct dw_error {
  dw_status code;      /**< The value the failing call returned. */
  int32_t detail;      /**< DW_DETAIL_* sub-reason, 0 if none. */
  const char *message; /**< UTF-8, NUL-terminated; "" when no error. */
  uint64_t offset;     /**< Byte offset into the input, or DW_NO_OFFSET. */
  const char *path;    /**< JSON path of the bad value ("" if unknown). */
} dw_error;

/**
 * The last error recorded on this thread. Never NULL. Valid until the next
 * dw_* call on this thread. A successful call clears it (code DW_OK). It is
 * for diagnostics only: test the return code to detect failure.
 */
DW_API const dw_error *dw_error_last(void) DW_NOEXCEPT;
/** Resets this thread's error to DW_OK. */
DW_API void dw_error_clear(void) DW_NOEXCEPT;
/** Static English name of a status ("invalid argument"); never NULL. */
DW_API const char *dw_status_str(dw_status code) DW_NOEXCEPT;

/**
 * A library-allocated byte buffer (text or JSON). ptr is NUL-terminated
 * (the NUL is not counted in size). Initialize with DW_BUF_INIT; a function
 * that fills it overwrites it without freeing, so dispose a used buffer
 * before reusing it. On failure the buffer is left empty (ptr NULL).
 */
typedef struct dw_buf {
  char *ptr;       /**< Bytes, or NULL when empty. */
  size_t size;     /**< Number of bytes, excluding the final NUL. */
  size_t reserved; /**< Library use; do not touch. */
} dw_buf;

#define DW_BUF_INIT \
  { NULL, 0, 0 }

/** Frees the buffer's memory and resets it to empty. NULL-safe, idempotent. */
DW_API void dw_buf_dispose(dw_buf *buf) DW_NOEXCEPT;

/** The library's product version, e.g. "0.1.0" (DW_VERSION_STRING). */
DW_API const char *dw_version(void) DW_NOEXCEPT;
/** MAJOR*1000000 + MINOR*1000 + PATCH of the library actually loaded. */
DW_API uint32_t dw_version_number(void) DW_NOEXCEPT;
/** The C ABI version (DW_ABI_VERSION) of the library actually loaded. */
DW_API uint32_t dw_abi_version(void) DW_NOEXCEPT;

DW_END_DECL

#endif /* DRIFTWISE_C_COMMON_H */
