/* File: tests/capi/noise_test.c -- noise recurrence through the C ABI: the
 * same plan recorded in enough scans inside the window makes its changed
 * attributes noise; outside the window or below the threshold it does not. */
#include <string.h>

#include "check.h"
#include "driftwise/c/driftwise.h"

int main(void) {
  size_t len = 0;
  char *data =
      read_file(source_path("examples/data/basic-aws/plan.json"), &len);
  dw_plan *plan = NULL;
  dw_noise_tracker *tracker = NULL;
  dw_recurrence_options opts;
  dw_buf out = DW_BUF_INIT;
  const int64_t day = 86400, now = 1798761600; /* 2027-01-01 */
  int i;
  char id[32];

  CHECK(dw_plan_parse(&plan, data, len, NULL) == DW_OK);
  CHECK(dw_noise_tracker_new(&tracker) == DW_OK);
  /* three scans in the last week, one a month ago */
  for (i = 0; i < 3; ++i) {
    sprintf(id, "ci-%d", i);
    CHECK(dw_noise_tracker_add_plan(tracker, plan, id, now - i * day, "acme",
                                    "infra") == DW_OK);
  }
  CHECK(dw_noise_tracker_add_plan(tracker, plan, "old", now - 30 * day, "acme",
                                  "infra") == DW_OK);
  CHECK(dw_noise_tracker_scan_count(tracker) == 4);

  CHECK(dw_recurrence_options_init(&opts, DW_RECURRENCE_OPTIONS_VERSION) ==
        DW_OK);
  CHECK(opts.window_days == 14 && opts.recurrence_threshold == 3);
  opts.now_unix = now;
  CHECK(dw_noise_tracker_patterns(&out, tracker, &opts) == DW_OK);
  CHECK(out.ptr != NULL && out.ptr[0] == '[');
  /* every pattern was seen in the 3 recent scans, not the old one */
  CHECK(strstr(out.ptr, "\"occurrences\":3") != NULL);
  CHECK(strstr(out.ptr, "\"occurrences\":4") == NULL);
  CHECK(strstr(out.ptr, "\"is_noise\":true") != NULL);
  CHECK(strstr(out.ptr, "\"resource_type\":\"aws_") != NULL);
  dw_buf_dispose(&out);

  /* a higher threshold: the same patterns, none noise */
  opts.recurrence_threshold = 4;
  CHECK(dw_noise_tracker_patterns(&out, tracker, &opts) == DW_OK);
  CHECK(out.ptr != NULL && strstr(out.ptr, "\"is_noise\":true") == NULL);
  dw_buf_dispose(&out);

  /* another repo saw nothing */
  opts.recurrence_threshold = 3;
  opts.repo_name = "other";
  CHECK(dw_noise_tracker_patterns(&out, tracker, &opts) == DW_OK);
  CHECK_STR(out.ptr, "[]");
  dw_buf_dispose(&out);

  /* out-of-range options are an error naming the option */
  opts.repo_name = NULL;
  opts.window_days = 0;
  CHECK(dw_noise_tracker_patterns(&out, tracker, &opts) ==
        DW_E_INVALID_ARGUMENT);
  CHECK(strstr(dw_error_last()->message, "window") != NULL);
  CHECK(dw_noise_tracker_patterns(&out, tracker, NULL) ==
        DW_E_INVALID_ARGUMENT);

  dw_noise_tracker_free(tracker);
  dw_noise_tracker_free(NULL);
  dw_plan_free(plan);
  free(data);
  return CHECK_RESULT();
}
