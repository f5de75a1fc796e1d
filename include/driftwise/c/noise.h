/*
 * File: driftwise/c/noise.h
 *
 * Noise recurrence (docs/design.md section 3.5): record the attribute changes
 * of many plans over time, then ask which fingerprints recur often enough to be
 * noise. The same aggregation as the API's plan-noise patterns and the
 * Python driftwise.NoiseTracker.
 *
 * Ownership: a dw_noise_tracker is made by dw_noise_tracker_new() and freed
 * by dw_noise_tracker_free() (NULL-safe). Outputs are dw_buf freed with
 * dw_buf_dispose(). Thread-safety: one thread at a time per tracker.
 */
#ifndef DRIFTWISE_C_NOISE_H
#define DRIFTWISE_C_NOISE_H

#include "driftwise/c/common.h"
#include "driftwise/c/plan.h"

DW_BEGIN_DECL

typedef struct dw_noise_tracker dw_noise_tracker;

/** An empty tracker. @since 0.1 */
DW_API dw_status dw_noise_tracker_new(dw_noise_tracker **out) DW_NOEXCEPT;
DW_API void dw_noise_tracker_free(dw_noise_tracker *tracker) DW_NOEXCEPT;

/**
 * Records the observed changes of @p plan (resource_changes and
 * resource_drift) as one scan. The plan is not retained. @since 0.1
 * @param scan_id     NUL-terminated id of the scan (e.g. a CI run id).
 * @param time_unix   When the scan ran (Unix seconds).
 * @param repo_owner,repo_name  NUL-terminated; may be NULL (= "").
 */
DW_API dw_status dw_noise_tracker_add_plan(dw_noise_tracker *tracker,
                                           const dw_plan *plan,
                                           const char *scan_id,
                                           int64_t time_unix,
                                           const char *repo_owner,
                                           const char *repo_name) DW_NOEXCEPT;

/** Scans recorded so far. */
DW_API size_t dw_noise_tracker_scan_count(const dw_noise_tracker *tracker)
    DW_NOEXCEPT;

/** Options for dw_noise_tracker_patterns(). @since 0.1 */
typedef struct dw_recurrence_options {
  uint32_t version;             /**< DW_RECURRENCE_OPTIONS_VERSION. */
  int32_t window_days;          /**< 1..365, default 14. */
  int32_t recurrence_threshold; /**< 1..1000 scans, default 3. */
  int64_t now_unix;             /**< Window end (inclusive). */
  const char *repo_owner;       /**< NULL or "" = any repo. */
  const char *repo_name;        /**< NULL or "" = any repo. */
  uint32_t max_examples;        /**< Example addresses per pattern, 5. */
  /* New fields are appended here and the version is bumped. */
} dw_recurrence_options;

#define DW_RECURRENCE_OPTIONS_VERSION 1
#define DW_RECURRENCE_OPTIONS_INIT \
  { DW_RECURRENCE_OPTIONS_VERSION, 14, 3, 0, NULL, NULL, 5 }

DW_API dw_status dw_recurrence_options_init(dw_recurrence_options *opts,
                                            uint32_t version) DW_NOEXCEPT;

/**
 * The fingerprints seen in the scans inside [now - window_days, now] of the
 * selected repo, as a JSON array of {"fingerprint","resource_type",
 * "attribute_path","action","occurrences","first_seen","last_seen",
 * "example_addresses","is_noise","matched_rule"}; ordered by occurrences
 * desc, last_seen desc, fingerprint asc. @since 0.1
 * @param opts  Required (now_unix has no sensible default).
 * @return DW_OK, or DW_E_INVALID_ARGUMENT for options out of range.
 */
DW_API dw_status
dw_noise_tracker_patterns(dw_buf *out, const dw_noise_tracker *tracker,
                          const dw_recurrence_options *opts) DW_NOEXCEPT;

DW_END_DECL

#endif /* DRIFTWISE_C_NOISE_H */
