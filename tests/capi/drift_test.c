/* File: tests/capi/drift_test.c -- drift through the C ABI on the
 * basic-aws scenario: the two changed resources and two unmanaged ones of
 * examples/data/basic-aws/truth.json are found. */
#include <stddef.h>
#include <string.h>

#include "check.h"
#include "driftwise/c/driftwise.h"

static dw_inventory *load_inventory(void) {
  size_t len;
  char *data =
      read_file(source_path("examples/data/basic-aws/inventory.json"), &len);
  dw_inventory *inv = NULL;
  CHECK(dw_inventory_parse(&inv, data, len, NULL) == DW_OK);
  free(data);
  return inv;
}

int main(void) {
  dw_state *state = NULL;
  dw_inventory *inv = load_inventory();
  dw_plan *plan = NULL;
  dw_drift *drift = NULL;
  dw_buf out = DW_BUF_INIT;
  dw_drift_options opts = DW_DRIFT_OPTIONS_INIT;
  int has_drift = -1;

  CHECK(dw_inventory_format(inv) != DW_INVENTORY_AUTO);
  CHECK(dw_inventory_count(inv) > 0);
  CHECK(dw_state_parse_file(
            &state, source_path("examples/data/basic-aws/terraform.tfstate")) ==
        DW_OK);
  CHECK(dw_plan_parse_file(
            &plan, source_path("examples/data/basic-aws/refresh-plan.json"),
            NULL) == DW_OK);

  CHECK(dw_drift_new(&drift) == DW_OK);
  /* nothing added yet */
  CHECK(dw_drift_run(&out, &has_drift, drift, NULL) ==
        DW_E_FAILED_PRECONDITION);
  CHECK(dw_drift_add_state(drift, state, "terraform.tfstate") == DW_OK);
  CHECK(dw_drift_add_inventory(drift, inv, "inventory.json") == DW_OK);
  CHECK(dw_drift_add_plan(drift, plan, "refresh-plan.json") == DW_OK);
  /* the run holds copies: the caller's handles may go */
  dw_state_free(state);
  dw_inventory_free(inv);
  dw_plan_free(plan);

  CHECK(dw_drift_run(&out, &has_drift, drift, &opts) == DW_OK);
  CHECK(has_drift == 1);
  CHECK(out.ptr != NULL && strstr(out.ptr, "\"aws_s3_bucket.logs\"") != NULL);
  CHECK(out.ptr != NULL &&
        strstr(out.ptr, "\"aws_security_group.web\"") != NULL);
  CHECK(out.ptr != NULL && strstr(out.ptr, "shadow-it-bucket") != NULL);
  CHECK(out.ptr != NULL && strstr(out.ptr, "unmanaged-admin") != NULL);
  dw_buf_dispose(&out);

  /* .driftignore: drop the unmanaged bucket */
  opts.format = DW_DRIFT_TEXT;
  opts.ignore_rules = "AWS::S3::Bucket.shadow-it-bucket\n";
  opts.ignore_len = strlen(opts.ignore_rules);
  CHECK(dw_drift_run(&out, NULL, drift, &opts) == DW_OK);
  CHECK(out.ptr != NULL && strstr(out.ptr, "unmanaged-admin") != NULL);
  CHECK(out.ptr != NULL && strstr(out.ptr, "shadow-it-bucket") == NULL);
  dw_buf_dispose(&out);

  /* threads: one per core gives the one-thread report, byte for byte */
  {
    dw_buf one = DW_BUF_INIT, all = DW_BUF_INIT;
    dw_drift_options o = DW_DRIFT_OPTIONS_INIT;
    CHECK(o.threads == 1);
    CHECK(dw_drift_run(&one, NULL, drift, &o) == DW_OK);
    o.threads = 0;
    CHECK(dw_drift_run(&all, NULL, drift, &o) == DW_OK);
    CHECK(one.ptr != NULL && all.ptr != NULL && one.size == all.size &&
          memcmp(one.ptr, all.ptr, one.size) == 0);
    dw_buf_dispose(&one);
    dw_buf_dispose(&all);
  }

  /* a version-1 struct (built against the older header, which ends before
     `threads`) is read without touching the bytes after it */
  {
    unsigned char raw[sizeof(dw_drift_options) + 8];
    dw_drift_options *v1 = (dw_drift_options *)raw;
    size_t v1_size = offsetof(dw_drift_options, threads);
    memset(raw, 0xAB, sizeof raw);
    CHECK(dw_drift_options_init(v1, 1) == DW_OK);
    CHECK(v1->version == 1 && v1->format == DW_DRIFT_JSON);
    CHECK(raw[v1_size] == 0xAB); /* nothing written past version 1 */
    CHECK(dw_drift_run(&out, &has_drift, drift, v1) == DW_OK);
    CHECK(has_drift == 1);
    dw_buf_dispose(&out);
    CHECK(dw_drift_options_init(v1, 3) == DW_E_INVALID_ARGUMENT);
  }

  opts.format = 9;
  CHECK(dw_drift_run(&out, NULL, drift, &opts) == DW_E_INVALID_ARGUMENT);
  dw_drift_free(drift);
  dw_drift_free(NULL);

  /* inventory options: threads (version 2); a version-1 struct is read
     without touching the bytes after it */
  {
    static const char list[] =
        "[{\"provider\":\"aws\",\"provider_type\":\"AWS::S3::Bucket\","
        "\"provider_resource_id\":\"arn:aws:s3:::b\"}]";
    unsigned char raw[sizeof(dw_inventory_options) + 8];
    dw_inventory_options *v1 = (dw_inventory_options *)raw;
    dw_inventory_options io = DW_INVENTORY_OPTIONS_INIT;
    dw_inventory *inv = NULL;
    CHECK(io.version == 2 && io.threads == 1);
    io.threads = 0;
    CHECK(dw_inventory_parse(&inv, list, strlen(list), &io) == DW_OK);
    dw_inventory_free(inv);
    io.threads = -1;
    CHECK(dw_inventory_parse(&inv, list, strlen(list), &io) ==
          DW_E_INVALID_ARGUMENT);
    CHECK(inv == NULL);
    memset(raw, 0xAB, sizeof raw);
    CHECK(dw_inventory_options_init(v1, 1) == DW_OK);
    CHECK(raw[offsetof(dw_inventory_options, threads)] == 0xAB);
    CHECK(dw_inventory_parse(&inv, list, strlen(list), v1) == DW_OK);
    dw_inventory_free(inv);
  }

  /* not an inventory */
  {
    dw_inventory *bad = NULL;
    dw_inventory_options io = DW_INVENTORY_OPTIONS_INIT;
    CHECK(dw_inventory_parse(&bad, "[1,", 3, NULL) == DW_E_INVALID_ARGUMENT);
    CHECK(dw_error_last()->offset != DW_NO_OFFSET);
    io.format = DW_INVENTORY_DRIFTCTL; /* needs terraform_type */
    CHECK(dw_inventory_parse(&bad, "[]", 2, &io) == DW_E_INVALID_ARGUMENT);
    CHECK(bad == NULL);
  }
  return CHECK_RESULT();
}
