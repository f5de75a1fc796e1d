/*
 * File: driftwise/c/audit_pack.h
 *
 * Signed checkpoints and compliance packs of an audit chain (docs/design.md
 * section 3.7): Ed25519 signing keys, checkpoint notes that let a verifier
 * holding an earlier one detect a rewritten chain, and deterministic ZIP
 * packs an auditor verifies offline. The same formats as `driftwise audit
 * keygen | checkpoint | pack` (docs/audit.md).
 *
 * Keys are text: the private key "PRIVATE+DRIFTWISE+<name>+<id>+<base64>"
 * and the public key "<name>+<id>+<base64>", as the CLI writes them.
 *
 * Ownership: every output is a dw_buf freed with dw_buf_dispose(); inputs
 * are borrowed for the call. Thread-safety: every function here is a pure
 * function of its arguments and may be called from any thread.
 */
#ifndef DRIFTWISE_C_AUDIT_PACK_H
#define DRIFTWISE_C_AUDIT_PACK_H

#include "driftwise/c/common.h"

DW_BEGIN_DECL

/**
 * Makes a new Ed25519 signing key named @p name (letters, digits, '-', '_',
 * '.'; NUL-terminated). @since 0.1
 * @param[out] private_key  The private key text (keep it secret).
 * @param[out] public_key   The public key text (hand it to verifiers).
 * @return DW_OK, or DW_E_INVALID_ARGUMENT for a bad name.
 */
DW_API dw_status dw_audit_keygen(dw_buf *private_key, dw_buf *public_key,
                                 const char *name) DW_NOEXCEPT;

/**
 * Signs a checkpoint of the last event of a verified JSONL chain. @since 0.1
 * @param[out] out_note  The signed checkpoint note (text).
 * @param jsonl,len      The chain; it must verify intact and not be empty.
 * @param private_key    Private key text (NUL-terminated).
 * @param time           RFC 3339 time written in the checkpoint
 *                       (NUL-terminated), or NULL for the last event's
 *                       time (so the note depends on its inputs only).
 * @return DW_OK; DW_E_FAILED_PRECONDITION when the chain is broken,
 *         truncated or empty; DW_E_INVALID_ARGUMENT for a bad key or time.
 */
DW_API dw_status dw_audit_checkpoint_sign(dw_buf *out_note, const char *jsonl,
                                          size_t len, const char *private_key,
                                          const char *time) DW_NOEXCEPT;

/**
 * Verifies a checkpoint note with a public key. @since 0.1
 * @param[out] out_json  {"chain_id","head_seq","head_hash","time"} of the
 *                       verified checkpoint. May be NULL.
 * @return DW_OK when the signature verifies; DW_E_UNAUTHENTICATED when it
 *         does not (no signature by that key, or a bad one);
 *         DW_E_INVALID_ARGUMENT when the note or key does not parse.
 */
DW_API dw_status dw_audit_checkpoint_verify(dw_buf *out_json, const char *note,
                                            size_t len,
                                            const char *public_key) DW_NOEXCEPT;

/** Options for dw_audit_pack_build(). @since 0.1 */
typedef struct dw_audit_pack_options {
  uint32_t version; /**< DW_AUDIT_PACK_OPTIONS_VERSION (or older). */
  /** Period by seq, inclusive (has_* = 1 to use). */
  int32_t has_from_seq;
  int32_t has_to_seq;
  uint64_t from_seq;
  uint64_t to_seq;
  /** Period by time: from inclusive, to exclusive; RFC 3339, NULL = open. */
  const char *from_time;
  const char *to_time;
  /** Time of the pack's own checkpoint; NULL = the period's last event's. */
  const char *checkpoint_time;
  /* New fields are appended here and the version is bumped. */
} dw_audit_pack_options;

#define DW_AUDIT_PACK_OPTIONS_VERSION 1
#define DW_AUDIT_PACK_OPTIONS_INIT \
  { DW_AUDIT_PACK_OPTIONS_VERSION, 0, 0, 0, 0, NULL, NULL, NULL }

/** Fills @p opts with the defaults of struct version @p version. */
DW_API dw_status dw_audit_pack_options_init(dw_audit_pack_options *opts,
                                            uint32_t version) DW_NOEXCEPT;

/**
 * Builds a compliance pack (ZIP bytes) of a period of a whole JSONL chain
 * (starting at seq 0), signed with @p private_key. Deterministic: the same
 * inputs give the same bytes. @since 0.1
 * @param opts  NULL = the whole chain.
 * @return DW_OK; DW_E_INVALID_ARGUMENT for a bad key or time;
 *         DW_E_NOT_FOUND when the period selects no event;
 *         DW_E_FAILED_PRECONDITION when the chain does not verify.
 */
DW_API dw_status dw_audit_pack_build(
    dw_buf *out_zip, const char *jsonl, size_t len, const char *private_key,
    const dw_audit_pack_options *opts) DW_NOEXCEPT;

/**
 * Verifies a pack offline. A damaged or forged pack is a verdict, not an
 * error. @since 0.1
 * @param[out] out_json    The report: {"status","checked","head_seq",
 *                         "head_hash","first_bad_seq","reason","chain_id",
 *                         "key","key_pinned","checkpoints_verified",
 *                         "from_seq"}. May be NULL.
 * @param[out] out_status  DW_CHAIN_* (see audit.h). May be NULL.
 * @param trusted_public_key  NUL-terminated key text the pack must be signed
 *                         with, or NULL to use the pack's own key (the
 *                         report then says key_pinned=false).
 * @return DW_OK, or DW_E_INVALID_ARGUMENT when the trusted key does not
 *         parse.
 */
DW_API dw_status
dw_audit_pack_verify(dw_buf *out_json, int32_t *out_status, const char *zip,
                     size_t len, const char *trusted_public_key) DW_NOEXCEPT;

DW_END_DECL

#endif /* DRIFTWISE_C_AUDIT_PACK_H */
