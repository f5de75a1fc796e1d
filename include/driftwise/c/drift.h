/*
 * File: driftwise/c/drift.h
 *
 * Drift: match Terraform states with live inventories (and, optionally,
 * the resource_drift of refresh-only plans) into changed, missing and
 * unmanaged resources with IaC coverage, reported exactly as
 * `driftwise drift --output FORMAT` prints it.
 *
 *   dw_inventory_parse()  one live inventory (format detected or given)
 *   dw_drift_new()        a drift run; add states, inventories and plans
 *                         (each is copied: the caller may free its own)
 *   dw_drift_run()        compute and render
 *
 * Ownership: handles are freed with their *_free(). Thread-safety: a
 * dw_inventory is immutable; a dw_drift is used by one thread at a time.
 */
#ifndef DRIFTWISE_C_DRIFT_H
#define DRIFTWISE_C_DRIFT_H

#include "driftwise/c/common.h"
#include "driftwise/c/plan.h"
#include "driftwise/c/state.h"

DW_BEGIN_DECL

/** Opaque parsed inventory. */
typedef struct dw_inventory dw_inventory;

/** Inventory formats. New values may be added. */
typedef int32_t dw_inventory_format_t;
#define DW_INVENTORY_AUTO 0
#define DW_INVENTORY_DRIFTWISE 1
#define DW_INVENTORY_KUBECTL 2
#define DW_INVENTORY_GCP_CAI 3
#define DW_INVENTORY_AZURE_RESOURCE_GRAPH 4
#define DW_INVENTORY_AWS_CONFIG 5
#define DW_INVENTORY_DRIFTCTL 6

/** Options for dw_inventory_parse(). Strings are NUL-terminated, NULL =
 * unset, read during the call only. @since 0.1 */
typedef struct dw_inventory_options {
  uint32_t version;             /**< DW_INVENTORY_OPTIONS_VERSION. */
  dw_inventory_format_t format; /**< DW_INVENTORY_AUTO = detect. */
  /** DW_INVENTORY_DRIFTCTL: the Terraform type of every record. */
  const char *terraform_type;
  /** Filled into resources whose source does not say. */
  const char *default_account;
  const char *default_region;
  /** Since version 2: threads that read a driftwise-format list (in
      batches); 1 (the default) = the calling thread only, 0 = one per core
      (at most 8). Results do not depend on it. */
  int32_t threads;
} dw_inventory_options;

/* Version 1 ends before `threads`; a version-1 struct is still accepted. */
#define DW_INVENTORY_OPTIONS_VERSION 2
#define DW_INVENTORY_OPTIONS_INIT \
  { DW_INVENTORY_OPTIONS_VERSION, DW_INVENTORY_AUTO, NULL, NULL, NULL, 1 }

/** Fills @p opts with the defaults of struct version @p version. */
DW_API dw_status dw_inventory_options_init(dw_inventory_options *opts,
                                           uint32_t version) DW_NOEXCEPT;

/**
 * Parses one inventory (copied).
 * @return DW_OK; DW_E_INVALID_ARGUMENT for input that is not JSON (byte
 *   offset in dw_error_last()), a shape no importer recognises, or
 *   DW_INVENTORY_DRIFTCTL without terraform_type.
 */
DW_API dw_status
dw_inventory_parse(dw_inventory **out, const char *data, size_t len,
                   const dw_inventory_options *opts) DW_NOEXCEPT;
/** Releases an inventory. NULL is a no-op. */
DW_API void dw_inventory_free(dw_inventory *inventory) DW_NOEXCEPT;
/** The format that was read (DW_INVENTORY_*), -1 for NULL. */
DW_API dw_inventory_format_t dw_inventory_format(const dw_inventory *inventory)
    DW_NOEXCEPT;
/** Number of live resources read. */
DW_API size_t dw_inventory_count(const dw_inventory *inventory) DW_NOEXCEPT;
/** Number of records the importer could not read (skipped, not fatal). */
DW_API size_t dw_inventory_skipped(const dw_inventory *inventory) DW_NOEXCEPT;

/** Opaque drift run. */
typedef struct dw_drift dw_drift;

/** Creates an empty drift run. */
DW_API dw_status dw_drift_new(dw_drift **out) DW_NOEXCEPT;
/** Releases a drift run. NULL is a no-op. */
DW_API void dw_drift_free(dw_drift *drift) DW_NOEXCEPT;
/** Adds a state; @p label (NUL-terminated, e.g. its file name) names it in
 * findings. The state is copied (cheap: shared immutable storage). */
DW_API dw_status dw_drift_add_state(dw_drift *drift, const dw_state *state,
                                    const char *label) DW_NOEXCEPT;
/** Adds an inventory (copied). */
DW_API dw_status dw_drift_add_inventory(dw_drift *drift,
                                        const dw_inventory *inventory,
                                        const char *label) DW_NOEXCEPT;
/** Adds a refresh-only plan whose resource_drift is merged (copied; needs
 * values, i.e. no DW_PLAN_F_NO_VALUES). */
DW_API dw_status dw_drift_add_plan(dw_drift *drift, const dw_plan *plan,
                                   const char *label) DW_NOEXCEPT;

/** Drift output formats. New values may be added. */
typedef int32_t dw_drift_format_t;
#define DW_DRIFT_TEXT 0
#define DW_DRIFT_JSON 1
#define DW_DRIFT_SARIF 2
#define DW_DRIFT_MARKDOWN 3

/** Also list provider-created defaults (the CLI's --show-defaults). */
#define DW_DRIFT_F_SHOW_DEFAULTS 0x1u

/** Options for dw_drift_run(). @since 0.1 */
typedef struct dw_drift_options {
  uint32_t version;         /**< DW_DRIFT_OPTIONS_VERSION. */
  uint32_t flags;           /**< OR of DW_DRIFT_F_* values. */
  dw_drift_format_t format; /**< default DW_DRIFT_JSON. */
  /** .driftignore rules text (NULL, 0 = none), read during the call. */
  const char *ignore_rules;
  size_t ignore_len;
  /** Since version 2: threads matching runs on; 1 (the default) = the
      calling thread only, 0 = one per core. Results do not depend on it. */
  uint32_t threads;
} dw_drift_options;

/* Version 1 ends before `threads`; a version-1 struct is still accepted. */
#define DW_DRIFT_OPTIONS_VERSION 2
#define DW_DRIFT_OPTIONS_INIT \
  { DW_DRIFT_OPTIONS_VERSION, 0, DW_DRIFT_JSON, NULL, 0, 1 }

/** Fills @p opts with the defaults of struct version @p version. */
DW_API dw_status dw_drift_options_init(dw_drift_options *opts,
                                       uint32_t version) DW_NOEXCEPT;

/**
 * Computes drift over everything added and renders it.
 * @param[out] out            The report (same bytes as `driftwise drift`
 *                            with the same files and labels). May be NULL.
 * @param[out] out_has_drift  1 when anything changed, is missing or is
 *                            unmanaged, else 0. May be NULL.
 * @return DW_OK; DW_E_INVALID_ARGUMENT for bad .driftignore rules (line
 *   named) or an unknown format; DW_E_FAILED_PRECONDITION with no state or
 *   no inventory added.
 */
DW_API dw_status dw_drift_run(dw_buf *out, int *out_has_drift,
                              const dw_drift *drift,
                              const dw_drift_options *opts) DW_NOEXCEPT;

DW_END_DECL

#endif /* DRIFTWISE_C_DRIFT_H */
