/*
 * examples/c/plan_report.c -- what a Terraform plan changes, through the
 * driftwise C ABI.
 *
 *   plan_report PLAN.json          one line per changed resource
 *   plan_report PLAN.json --json   the JSON of `driftwise plan show -o json`
 *
 * Exit status: 0 ok, 2 error (message and byte offset on stderr).
 */
#include <stdio.h>
#include <string.h>

#include "driftwise/c/driftwise.h"

static int fail(const char *what) {
  const dw_error *err = dw_error_last();
  fprintf(stderr, "plan_report: %s: %s (%s)", what, err->message,
          dw_status_str(err->code));
  if (err->offset != DW_NO_OFFSET) {
    fprintf(stderr, " at byte %llu", (unsigned long long)err->offset);
  }
  fprintf(stderr, "\n");
  return 2;
}

int main(int argc, char **argv) {
  dw_plan *plan = NULL;
  dw_plan_options opts = DW_PLAN_OPTIONS_INIT;
  size_t i, n;
  if (argc < 2) {
    fprintf(stderr, "usage: plan_report PLAN.json [--json]\n");
    return 2;
  }
  if (dw_abi_version() != DW_ABI_VERSION) {
    fprintf(stderr, "plan_report: built for ABI %d, loaded %u\n",
            DW_ABI_VERSION, (unsigned)dw_abi_version());
    return 2;
  }
  if (argc > 2 && strcmp(argv[2], "--json") == 0) {
    dw_buf json = DW_BUF_INIT;
    if (dw_plan_parse_file(&plan, argv[1], &opts) < 0) return fail(argv[1]);
    if (dw_plan_to_json(&json, plan) < 0) {
      dw_plan_free(plan);
      return fail("render");
    }
    fwrite(json.ptr, 1, json.size, stdout);
    dw_buf_dispose(&json);
    dw_plan_free(plan);
    return 0;
  }
  /* Only addresses and paths are needed: skip keeping the values. */
  opts.flags = DW_PLAN_F_NO_VALUES;
  if (dw_plan_parse_file(&plan, argv[1], &opts) < 0) return fail(argv[1]);
  printf("driftwise %s, plan format %s\n", dw_version(),
         dw_plan_format_version(plan));
  n = dw_plan_count(plan, DW_PLAN_LIST_CHANGES);
  for (i = 0; i < n; ++i) {
    dw_action_t action = dw_plan_change_action(plan, DW_PLAN_LIST_CHANGES, i);
    if (action == DW_ACTION_NO_OP) continue;
    printf("%-8s %s (%zu attribute(s))\n", dw_action_name(action),
           dw_plan_change_address(plan, DW_PLAN_LIST_CHANGES, i),
           dw_plan_change_path_count(plan, DW_PLAN_LIST_CHANGES, i));
  }
  n = dw_plan_count(plan, DW_PLAN_LIST_DRIFT);
  if (n > 0) printf("drift outside Terraform: %zu resource(s)\n", n);
  for (i = 0; i < n; ++i) {
    printf("  drifted %s\n",
           dw_plan_change_address(plan, DW_PLAN_LIST_DRIFT, i));
  }
  dw_plan_free(plan);
  return 0;
}
