/*
 * File: driftwise/c/state.h
 *
 * Terraform state: raw state files (version 4) and the `terraform show
 * -json` form. Parse into an immutable dw_state, render it as the CLI does
 * (`driftwise state show`, sensitive values masked) or read resources
 * through typed accessors.
 *
 * Ownership: the caller frees a dw_state with dw_state_free(); strings from
 * accessors are borrowed from the state until then.
 * Thread-safety: a dw_state is immutable and may be read concurrently.
 */
#ifndef DRIFTWISE_C_STATE_H
#define DRIFTWISE_C_STATE_H

#include "driftwise/c/common.h"

DW_BEGIN_DECL

/** Opaque parsed state. */
typedef struct dw_state dw_state;

/**
 * Parses a state from memory (copied).
 * @return DW_OK; DW_E_INVALID_ARGUMENT for malformed input (offset and JSON
 *   path in dw_error_last()); DW_E_UNIMPLEMENTED for state versions 1-3.
 */
DW_API dw_status dw_state_parse(dw_state **out, const char *data,
                                size_t len) DW_NOEXCEPT;
/** As dw_state_parse() for the file at @p path (NUL-terminated). */
DW_API dw_status dw_state_parse_file(dw_state **out,
                                     const char *path) DW_NOEXCEPT;

/** Options for dw_state_parse_with() and dw_state_parse_file_with().
 * @since 0.2 */
typedef struct dw_state_options {
  uint32_t version; /**< DW_STATE_OPTIONS_VERSION (or an older one). */
  /** Threads that read a state file's resources (in batches): 1 (default)
   * = the calling thread only, 0 = one per core (at most 8). Results do
   * not depend on it. */
  int32_t threads;
  /* New fields are appended here and DW_STATE_OPTIONS_VERSION is bumped. */
} dw_state_options;

#define DW_STATE_OPTIONS_VERSION 1
#define DW_STATE_OPTIONS_INIT \
  { DW_STATE_OPTIONS_VERSION, 1 }

/** Fills @p opts with the defaults of struct version @p version.
 * DW_E_INVALID_ARGUMENT for an unknown version or a NULL @p opts. */
DW_API dw_status dw_state_options_init(dw_state_options *opts,
                                       uint32_t version) DW_NOEXCEPT;

/** dw_state_parse() with options (NULL = defaults); also
 * DW_E_INVALID_ARGUMENT for an unknown options version or threads < 0.
 * @since 0.2 */
DW_API dw_status dw_state_parse_with(dw_state **out, const char *data,
                                     size_t len,
                                     const dw_state_options *opts) DW_NOEXCEPT;
/** dw_state_parse_file() with options (NULL = defaults). @since 0.2 */
DW_API dw_status dw_state_parse_file_with(
    dw_state **out, const char *path, const dw_state_options *opts) DW_NOEXCEPT;
/** Releases a state. NULL is a no-op. */
DW_API void dw_state_free(dw_state *state) DW_NOEXCEPT;

/** `driftwise state show --output json`, byte for byte (masked). */
DW_API dw_status dw_state_to_json(dw_buf *out,
                                  const dw_state *state) DW_NOEXCEPT;
/** `driftwise state show` (text). */
DW_API dw_status dw_state_to_text(dw_buf *out,
                                  const dw_state *state) DW_NOEXCEPT;

/** Raw state version (4), or 0 for the show -json form; -1 for NULL. */
DW_API int64_t dw_state_version(const dw_state *state) DW_NOEXCEPT;
/** Serial (0 for the show -json form). */
DW_API uint64_t dw_state_serial(const dw_state *state) DW_NOEXCEPT;
/** terraform_version, "" when absent. */
DW_API const char *dw_state_terraform_version(const dw_state *state)
    DW_NOEXCEPT;
/** Lineage, "" when absent. */
DW_API const char *dw_state_lineage(const dw_state *state) DW_NOEXCEPT;
/** Number of resource instances. */
DW_API size_t dw_state_resource_count(const dw_state *state) DW_NOEXCEPT;
/** Address of resource instance @p i, or NULL when out of range. */
DW_API const char *dw_state_resource_address(const dw_state *state,
                                             size_t i) DW_NOEXCEPT;
/** Resource type of instance @p i, or NULL. */
DW_API const char *dw_state_resource_type(const dw_state *state,
                                          size_t i) DW_NOEXCEPT;
/** Normalized provider source of instance @p i, or NULL. */
DW_API const char *dw_state_resource_provider(const dw_state *state,
                                              size_t i) DW_NOEXCEPT;
/** The "id" attribute of instance @p i ("" when none), or NULL. */
DW_API const char *dw_state_resource_id(const dw_state *state,
                                        size_t i) DW_NOEXCEPT;

DW_END_DECL

#endif /* DRIFTWISE_C_STATE_H */
