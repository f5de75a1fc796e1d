/*
 * File: driftwise/c/audit.h
 *
 * The tamper-evident audit chain (docs/design.md section 3.7): verify a chain
 * given as JSONL, and append events to a chain.
 *
 * Ownership: dw_audit_chain objects are freed with dw_audit_chain_free().
 * Thread-safety: dw_audit_verify() is a pure function (it may start worker
 * threads of its own). A dw_audit_chain is used by one thread at a time.
 */
#ifndef DRIFTWISE_C_AUDIT_H
#define DRIFTWISE_C_AUDIT_H

#include "driftwise/c/common.h"

DW_BEGIN_DECL

/** The verdict on a chain. New values may be added; treat unknown ones as
 * not intact. */
typedef int32_t dw_chain_status_t;
#define DW_CHAIN_INTACT 0
#define DW_CHAIN_BROKEN 1
#define DW_CHAIN_TRUNCATED 2

/** Options for dw_audit_verify(). @since 0.1 */
typedef struct dw_audit_verify_options {
  uint32_t version; /**< DW_AUDIT_VERIFY_OPTIONS_VERSION (or older). */
  uint32_t threads; /**< Worker threads; 0 = hardware concurrency. */
  /** The chain being verified (NUL-terminated), or NULL to take the first
   * event's chain_id. Read during the call only. */
  const char *chain_id;
  /** When has_expected_min_seq is 1, the chain must reach this seq, else
   * it is truncated. */
  uint64_t expected_min_seq;
  int32_t has_expected_min_seq;
  /* New fields are appended here and the version is bumped. */
} dw_audit_verify_options;

#define DW_AUDIT_VERIFY_OPTIONS_VERSION 1
#define DW_AUDIT_VERIFY_OPTIONS_INIT \
  { DW_AUDIT_VERIFY_OPTIONS_VERSION, 0, NULL, 0, 0 }

/** Fills @p opts with the defaults of struct version @p version. */
DW_API dw_status dw_audit_verify_options_init(dw_audit_verify_options *opts,
                                              uint32_t version) DW_NOEXCEPT;

/**
 * Verifies a JSONL chain. Bad data is a verdict, not an error: the call
 * returns DW_OK for intact, broken and truncated chains alike.
 * @param[out] out         The report as JSON, exactly what `driftwise audit
 *                         verify --output json` prints for a JSONL chain
 *                         (without the final newline): {"status",
 *                         "checked","head_seq","head_hash","first_bad_seq",
 *                         "reason"}. May be NULL.
 * @param[out] out_status  The verdict (DW_CHAIN_*). May be NULL.
 * @return DW_OK, or DW_E_INVALID_ARGUMENT for a bad options struct.
 */
DW_API dw_status
dw_audit_verify(dw_buf *out, dw_chain_status_t *out_status, const char *jsonl,
                size_t len, const dw_audit_verify_options *opts) DW_NOEXCEPT;

/** An open chain: where the next appended event goes. */
typedef struct dw_audit_chain dw_audit_chain;

/**
 * Opens a chain for appending from its existing JSONL text, which must be
 * intact (else DW_E_FAILED_PRECONDITION naming why). An empty text opens an
 * empty chain whose id is taken from the first appended event.
 */
DW_API dw_status dw_audit_chain_open(dw_audit_chain **out, const char *jsonl,
                                     size_t len) DW_NOEXCEPT;
/** Releases a chain. NULL is a no-op. */
DW_API void dw_audit_chain_free(dw_audit_chain *chain) DW_NOEXCEPT;
/**
 * Appends one event given as an input line {"chain_id","time","actor",
 * "action","target","detail"} (detail optional) and returns the chained
 * JSONL line (no newline), as `driftwise audit append` prints it.
 * DW_E_INVALID_ARGUMENT naming the field when the input is bad or its
 * chain_id differs from the chain's; the chain is then unchanged.
 */
DW_API dw_status dw_audit_chain_append(dw_buf *out, dw_audit_chain *chain,
                                       const char *input_json,
                                       size_t len) DW_NOEXCEPT;
/** The seq the next event will get (0 for an empty chain). */
DW_API uint64_t dw_audit_chain_next_seq(const dw_audit_chain *chain)
    DW_NOEXCEPT;
/** Hex hash of the last event ("" for an empty chain). Borrowed until the
 * next append or free. */
DW_API const char *dw_audit_chain_head_hash(const dw_audit_chain *chain)
    DW_NOEXCEPT;

DW_END_DECL

#endif /* DRIFTWISE_C_AUDIT_H */
