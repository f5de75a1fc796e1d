/*
 * File: driftwise/c/plan.h
 *
 * Terraform plan JSON (`terraform show -json PLANFILE`): parse once into an
 * immutable dw_plan, then render it as the CLI does (`driftwise plan show`)
 * or read its changes through typed accessors.
 *
 * Ownership: dw_plan_parse*() give a dw_plan the caller frees with
 * dw_plan_free(). Strings returned by accessors are borrowed from the plan
 * and valid until dw_plan_free().
 * Thread-safety: a dw_plan is immutable; any number of threads may read it
 * at once. Parsing different inputs on different threads is safe.
 */
#ifndef DRIFTWISE_C_PLAN_H
#define DRIFTWISE_C_PLAN_H

#include "driftwise/c/common.h"

DW_BEGIN_DECL

/** Opaque parsed plan. */
typedef struct dw_plan dw_plan;

/** The single action a change folds to. New values may be added. */
typedef int32_t dw_action_t;
#define DW_ACTION_NO_OP 0
#define DW_ACTION_CREATE 1
#define DW_ACTION_READ 2
#define DW_ACTION_UPDATE 3
#define DW_ACTION_DELETE 4
#define DW_ACTION_REPLACE 5
#define DW_ACTION_FORGET 6

/** Which list of a plan an accessor reads. */
typedef int32_t dw_plan_list_t;
#define DW_PLAN_LIST_CHANGES 0 /**< resource_changes */
#define DW_PLAN_LIST_DRIFT 1   /**< resource_drift */

/** Do not keep attribute values (halves memory; dw_plan_to_text and
 * dw_plan_change_json then fail with DW_E_FAILED_PRECONDITION). */
#define DW_PLAN_F_NO_VALUES 0x1u
/** Do not compute attribute diffs (changed paths stay empty). */
#define DW_PLAN_F_NO_DIFF 0x2u

/** Options for dw_plan_parse(). @since 0.1 */
typedef struct dw_plan_options {
  uint32_t version; /**< DW_PLAN_OPTIONS_VERSION (or an older one). */
  uint32_t flags;   /**< OR of DW_PLAN_F_* values. */
  /** Threads that parse and diff changes: 1 (default) = the calling thread
   * only, 0 = one per core (at most 8). Results do not depend on it. */
  int32_t threads;
  /* New fields are appended here and DW_PLAN_OPTIONS_VERSION is bumped. */
} dw_plan_options;

#define DW_PLAN_OPTIONS_VERSION 1
#define DW_PLAN_OPTIONS_INIT \
  { DW_PLAN_OPTIONS_VERSION, 0, 1 }

/** Fills @p opts with the defaults of struct version @p version.
 * DW_E_INVALID_ARGUMENT for an unknown version or a NULL @p opts. */
DW_API dw_status dw_plan_options_init(dw_plan_options *opts,
                                      uint32_t version) DW_NOEXCEPT;

/**
 * Parses plan JSON from memory (copied; @p data may be freed afterwards).
 * @param[out] out  The plan, or NULL on failure.
 * @param opts      NULL for defaults.
 * @return DW_OK; DW_E_INVALID_ARGUMENT for malformed JSON or a field of the
 *   wrong type (dw_error_last() has the byte offset and JSON path);
 *   DW_E_UNIMPLEMENTED for an unsupported format_version.
 */
DW_API dw_status dw_plan_parse(dw_plan **out, const char *data, size_t len,
                               const dw_plan_options *opts) DW_NOEXCEPT;
/** As dw_plan_parse() for the file at @p path (NUL-terminated; memory-
 * mapped). Also DW_E_NOT_FOUND / DW_E_PERMISSION_DENIED naming the path. */
DW_API dw_status dw_plan_parse_file(dw_plan **out, const char *path,
                                    const dw_plan_options *opts) DW_NOEXCEPT;
/** Releases a plan. NULL is a no-op. */
DW_API void dw_plan_free(dw_plan *plan) DW_NOEXCEPT;

/** `driftwise plan show --output json` of the plan, byte for byte. */
DW_API dw_status dw_plan_to_json(dw_buf *out, const dw_plan *plan) DW_NOEXCEPT;
/** `driftwise plan show` (text). Needs values (no DW_PLAN_F_NO_VALUES). */
DW_API dw_status dw_plan_to_text(dw_buf *out, const dw_plan *plan) DW_NOEXCEPT;
/**
 * One shot: parses @p data and renders `plan show --output json` while
 * streaming, keeping no values (the CLI's own path: memory stays near the
 * input size). Errors as dw_plan_parse().
 */
DW_API dw_status dw_plan_show_json(dw_buf *out, const char *data,
                                   size_t len) DW_NOEXCEPT;

/* Typed accessors. They cannot fail: an out-of-range index or NULL plan
 * gives NULL / 0 / -1 as documented. */

/** format_version ("" never NULL for a valid plan). */
DW_API const char *dw_plan_format_version(const dw_plan *plan) DW_NOEXCEPT;
/** terraform_version, "" when absent. */
DW_API const char *dw_plan_terraform_version(const dw_plan *plan) DW_NOEXCEPT;
/** 1 when Terraform marked the plan errored, else 0. */
DW_API int dw_plan_errored(const dw_plan *plan) DW_NOEXCEPT;
/** Number of entries in @p list (0 for an unknown list). */
DW_API size_t dw_plan_count(const dw_plan *plan,
                            dw_plan_list_t list) DW_NOEXCEPT;
/** Address of entry @p i of @p list, or NULL when out of range. */
DW_API const char *dw_plan_change_address(const dw_plan *plan,
                                          dw_plan_list_t list,
                                          size_t i) DW_NOEXCEPT;
/** Resource type of entry @p i, or NULL when out of range. */
DW_API const char *dw_plan_change_type(const dw_plan *plan, dw_plan_list_t list,
                                       size_t i) DW_NOEXCEPT;
/** Folded action (DW_ACTION_*) of entry @p i, or -1 when out of range. */
DW_API dw_action_t dw_plan_change_action(const dw_plan *plan,
                                         dw_plan_list_t list,
                                         size_t i) DW_NOEXCEPT;
/** Number of changed attribute paths of entry @p i (0 when out of range). */
DW_API size_t dw_plan_change_path_count(const dw_plan *plan,
                                        dw_plan_list_t list,
                                        size_t i) DW_NOEXCEPT;
/** Changed path @p j of entry @p i (section 3.1 syntax), or NULL. */
DW_API const char *dw_plan_change_path(const dw_plan *plan, dw_plan_list_t list,
                                       size_t i, size_t j) DW_NOEXCEPT;
/** The whole entry object as Terraform wrote it (compact JSON). Sensitive
 * values are included: this is the caller's own input. DW_E_OUT_OF_RANGE
 * for a bad index, DW_E_FAILED_PRECONDITION without retained values. */
DW_API dw_status dw_plan_change_json(dw_buf *out, const dw_plan *plan,
                                     dw_plan_list_t list, size_t i) DW_NOEXCEPT;
/** "no-op", "create", "read", "update", "delete", "replace", "forget";
 * "" for an unknown value. Static storage. */
DW_API const char *dw_action_name(dw_action_t action) DW_NOEXCEPT;

DW_END_DECL

#endif /* DRIFTWISE_C_PLAN_H */
