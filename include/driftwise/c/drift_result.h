/*
 * File: driftwise/c/drift_result.h
 *
 * Typed access to a drift result, for callers that act on findings one by
 * one and do not want to parse the JSON report: the summary counts and each
 * finding's kind, id, address, types, identity, region, reason and changed
 * paths.
 *
 * Ownership: a dw_drift_result is made by dw_drift_compute() and freed by
 * dw_drift_result_free() (NULL-safe). Strings it hands out are
 * NUL-terminated and owned by the result: valid until it is freed.
 * Thread-safety: a result is immutable; any number of threads may read it.
 */
#ifndef DRIFTWISE_C_DRIFT_RESULT_H
#define DRIFTWISE_C_DRIFT_RESULT_H

#include "driftwise/c/common.h"
#include "driftwise/c/drift.h"

DW_BEGIN_DECL

typedef struct dw_drift_result dw_drift_result;

/**
 * Computes drift over everything added to @p drift (the options' flags and
 * ignore rules apply; the format is not used). @since 0.1
 * @return As dw_drift_run().
 */
DW_API dw_status dw_drift_compute(dw_drift_result **out, const dw_drift *drift,
                                  const dw_drift_options *opts) DW_NOEXCEPT;
DW_API void dw_drift_result_free(dw_drift_result *result) DW_NOEXCEPT;

/** The summary of a result. @since 0.1 */
typedef struct dw_drift_summary {
  uint32_t version; /**< Set by the caller: DW_DRIFT_SUMMARY_VERSION. */
  uint64_t total_live;
  uint64_t total_iac;
  uint64_t matched;
  uint64_t changed;
  uint64_t extra;
  uint64_t missing;
  uint64_t defaults;
  double coverage_pct; /**< live resources managed by a state, in percent */
  /* New fields are appended here and the version is bumped. */
} dw_drift_summary;

#define DW_DRIFT_SUMMARY_VERSION 1

/** Fills @p out (whose version the caller sets). */
DW_API dw_status dw_drift_result_summary(const dw_drift_result *result,
                                         dw_drift_summary *out) DW_NOEXCEPT;

/** Kinds of finding. New values may be added. */
typedef int32_t dw_finding_kind_t;
#define DW_FINDING_CHANGED 0
#define DW_FINDING_MISSING 1
#define DW_FINDING_EXTRA 2
#define DW_FINDING_DEFAULT 3

/** One finding. Absent strings are "" (never NULL). @since 0.1 */
typedef struct dw_drift_item {
  uint32_t version; /**< Set by the caller: DW_DRIFT_ITEM_VERSION. */
  dw_finding_kind_t kind;
  const char *id; /**< stable "dw-" + 16 hex digits */
  const char *address;
  const char *type;
  const char *provider_type;
  const char *provider_resource_id;
  const char *name;
  const char *region;
  const char *account;
  const char *reason;
  size_t path_count; /**< changed paths (changed findings) */
  /* New fields are appended here and the version is bumped. */
} dw_drift_item;

#define DW_DRIFT_ITEM_VERSION 1

/** Number of findings, in the report's order. */
DW_API size_t dw_drift_result_count(const dw_drift_result *result) DW_NOEXCEPT;

/**
 * Fills @p out with finding @p index.
 * @return DW_OK; DW_E_OUT_OF_RANGE for an index >= the count;
 *         DW_E_INVALID_ARGUMENT for an unknown struct version.
 */
DW_API dw_status dw_drift_result_item(const dw_drift_result *result,
                                      size_t index,
                                      dw_drift_item *out) DW_NOEXCEPT;

/**
 * Changed path @p path_index of finding @p index, in the section 3.1 path
 * syntax ("tags.env", "ingress[0].cidr_blocks"); @p out_sources (may be
 * NULL) gets who saw it: bit 0 the engine's own comparison, bit 1 a
 * refresh-only plan's resource_drift.
 * @return The path, or NULL when an index is out of range.
 */
DW_API const char *dw_drift_result_path(const dw_drift_result *result,
                                        size_t index, size_t path_index,
                                        uint32_t *out_sources) DW_NOEXCEPT;

DW_END_DECL

#endif /* DRIFTWISE_C_DRIFT_RESULT_H */
