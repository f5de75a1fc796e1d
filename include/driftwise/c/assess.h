/*
 * File: driftwise/c/assess.h
 *
 * Plan risk assessment (policy, built-in risk catalog, noise rules and
 * suppressions): build a dw_engine once, assess many plans with it, and get
 * the same report `driftwise plan assess --output FORMAT` prints. Also the
 * noise fingerprint of one change pattern.
 *
 * Ownership: dw_engine_new() gives an engine freed with dw_engine_free().
 * Thread-safety: an engine is immutable after creation; any number of
 * threads may call dw_engine_assess() on it at once.
 */
#ifndef DRIFTWISE_C_ASSESS_H
#define DRIFTWISE_C_ASSESS_H

#include "driftwise/c/common.h"
#include "driftwise/c/plan.h"

DW_BEGIN_DECL

/** Opaque compiled rule set. */
typedef struct dw_engine dw_engine;

/** Severity, ordered. New values may be added. */
typedef int32_t dw_severity_t;
#define DW_SEVERITY_NONE 0
#define DW_SEVERITY_LOW 1
#define DW_SEVERITY_MEDIUM 2
#define DW_SEVERITY_HIGH 3
#define DW_SEVERITY_CRITICAL 4

/** Report formats of dw_engine_assess(). New values may be added. */
typedef int32_t dw_report_format_t;
#define DW_REPORT_TEXT 0
#define DW_REPORT_JSON 1
#define DW_REPORT_SARIF 2
#define DW_REPORT_MARKDOWN 3
#define DW_REPORT_JUNIT 4

/** Turn the built-in risk catalog off (only the policy's rules fire). */
#define DW_ENGINE_F_NO_BUILTIN_RISK 0x1u
/** Turn the built-in noise rules off. */
#define DW_ENGINE_F_NO_BUILTIN_NOISE 0x2u

/** Options for dw_engine_new(). Each JSON input is optional (NULL, 0) and
 * read during the call only; the formats are those of the CLI's --policy,
 * --noise-rules and --suppressions files. @since 0.1 */
typedef struct dw_engine_options {
  uint32_t version; /**< DW_ENGINE_OPTIONS_VERSION (or an older one). */
  uint32_t flags;   /**< OR of DW_ENGINE_F_* values. */
  const char *policy_json;
  size_t policy_len;
  const char *noise_rules_json;
  size_t noise_rules_len;
  const char *suppressions_json;
  size_t suppressions_len;
  /* New fields are appended here and DW_ENGINE_OPTIONS_VERSION is bumped. */
} dw_engine_options;

#define DW_ENGINE_OPTIONS_VERSION 1
#define DW_ENGINE_OPTIONS_INIT \
  { DW_ENGINE_OPTIONS_VERSION, 0, NULL, 0, NULL, 0, NULL, 0 }

/** Fills @p opts with the defaults of struct version @p version. */
DW_API dw_status dw_engine_options_init(dw_engine_options *opts,
                                        uint32_t version) DW_NOEXCEPT;

/**
 * Parses, validates and compiles the rules.
 * @return DW_OK; DW_E_INVALID_ARGUMENT naming the bad file part and field
 *   (dw_error_last()->path / offset) when a policy, noise rule or
 *   suppression is invalid.
 */
DW_API dw_status dw_engine_new(dw_engine **out,
                               const dw_engine_options *opts) DW_NOEXCEPT;
/** Releases an engine. NULL is a no-op. */
DW_API void dw_engine_free(dw_engine *engine) DW_NOEXCEPT;

/** Options for dw_engine_assess(). @since 0.1 */
typedef struct dw_assess_options {
  uint32_t version;          /**< DW_ASSESS_OPTIONS_VERSION. */
  dw_report_format_t format; /**< DW_REPORT_*; default JSON. */
  /** Unix seconds deciding which suppressions are active; 0 = now. */
  int64_t now;
  /** How reports name the plan (SARIF URI, JUnit suite); NULL =
   * "plan.json". NUL-terminated, read during the call only. */
  const char *plan_uri;
  /** JUnit marks findings at or above this as failures. */
  dw_severity_t fail_on;
  /* New fields are appended here and the version is bumped. */
} dw_assess_options;

#define DW_ASSESS_OPTIONS_VERSION 1
#define DW_ASSESS_OPTIONS_INIT \
  { DW_ASSESS_OPTIONS_VERSION, DW_REPORT_JSON, 0, NULL, DW_SEVERITY_HIGH }

/** Fills @p opts with the defaults of struct version @p version. */
DW_API dw_status dw_assess_options_init(dw_assess_options *opts,
                                        uint32_t version) DW_NOEXCEPT;

/**
 * Assesses every change and drift entry of @p plan (parsed with values,
 * i.e. without DW_PLAN_F_NO_VALUES).
 * @param[out] out         The report in the chosen format: for the same
 *                         inputs, the bytes `driftwise plan assess` prints.
 *                         May be NULL.
 * @param[out] out_risk    The overall risk level (DW_SEVERITY_*). May be
 *                         NULL.
 * @return DW_OK; DW_E_INVALID_ARGUMENT for a bad format or options;
 *   DW_E_FAILED_PRECONDITION for a plan parsed without values.
 */
DW_API dw_status dw_engine_assess(dw_buf *out, dw_severity_t *out_risk,
                                  const dw_engine *engine, const dw_plan *plan,
                                  const dw_assess_options *opts) DW_NOEXCEPT;

/** "none", "low", "medium", "high", "critical"; "" for unknown values. */
DW_API const char *dw_severity_name(dw_severity_t severity) DW_NOEXCEPT;

/**
 * The noise fingerprint of a change pattern: XXH3-64 of
 * `resource_type \x1f attribute_path \x1f action` as 16 lowercase hex
 * digits, the value suppressions and noise reports use. Inputs are taken
 * as given (use `[*]` for list indices, as driftwise does).
 */
DW_API dw_status dw_fingerprint(dw_buf *out, const char *resource_type,
                                size_t resource_type_len,
                                const char *attribute_path, size_t path_len,
                                const char *action,
                                size_t action_len) DW_NOEXCEPT;

DW_END_DECL

#endif /* DRIFTWISE_C_ASSESS_H */
