/* File: tests/capi/plan_test.c -- the plan part of the C ABI, from C. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "driftwise/c/driftwise.h"

static void test_parse_and_accessors(void) {
  size_t len;
  char *data =
      read_file(source_path("examples/data/basic-aws/plan.json"), &len);
  dw_plan *plan = NULL;
  dw_status rc = dw_plan_parse(&plan, data, len, NULL);
  size_t i, j, updates = 0;
  free(data); /* inputs are borrowed for the call only */
  CHECK(rc == DW_OK);
  CHECK(plan != NULL);
  CHECK(dw_error_last()->code == DW_OK);
  CHECK_STR(dw_plan_format_version(plan), "1.2");
  CHECK_STR(dw_plan_terraform_version(plan), "1.11.4");
  CHECK(dw_plan_errored(plan) == 0);
  CHECK(dw_plan_count(plan, DW_PLAN_LIST_CHANGES) == 8);
  CHECK(dw_plan_count(plan, DW_PLAN_LIST_DRIFT) == 7);
  CHECK(dw_plan_count(plan, 42) == 0);
  CHECK_STR(dw_plan_change_address(plan, DW_PLAN_LIST_CHANGES, 0),
            "aws_dynamodb_table.items");
  CHECK_STR(dw_plan_change_type(plan, DW_PLAN_LIST_CHANGES, 2),
            "aws_s3_bucket");
  CHECK(dw_plan_change_action(plan, DW_PLAN_LIST_CHANGES, 0) ==
        DW_ACTION_NO_OP);
  CHECK(dw_plan_change_action(plan, DW_PLAN_LIST_CHANGES, 2) ==
        DW_ACTION_UPDATE);
  CHECK_STR(dw_plan_change_address(plan, DW_PLAN_LIST_DRIFT, 5),
            "aws_subnet.app[0]");
  for (i = 0; i < dw_plan_count(plan, DW_PLAN_LIST_CHANGES); ++i) {
    if (dw_plan_change_action(plan, DW_PLAN_LIST_CHANGES, i) ==
        DW_ACTION_UPDATE) {
      ++updates;
      /* an update changes at least one attribute, and every path is there */
      CHECK(dw_plan_change_path_count(plan, DW_PLAN_LIST_CHANGES, i) > 0);
      for (j = 0; j < dw_plan_change_path_count(plan, DW_PLAN_LIST_CHANGES, i);
           ++j) {
        const char *p = dw_plan_change_path(plan, DW_PLAN_LIST_CHANGES, i, j);
        CHECK(p != NULL && p[0] != '\0');
      }
    }
  }
  CHECK(updates == 2);
  /* out of range: NULL / -1 / 0, never a crash */
  CHECK(dw_plan_change_address(plan, DW_PLAN_LIST_CHANGES, 8) == NULL);
  CHECK(dw_plan_change_action(plan, DW_PLAN_LIST_DRIFT, 7) == -1);
  CHECK(dw_plan_change_path(plan, DW_PLAN_LIST_CHANGES, 2, 100000) == NULL);
  CHECK(dw_plan_change_path_count(plan, DW_PLAN_LIST_CHANGES, 99) == 0);
  CHECK(dw_plan_change_address(NULL, DW_PLAN_LIST_CHANGES, 0) == NULL);
  CHECK_STR(dw_action_name(DW_ACTION_REPLACE), "replace");
  CHECK_STR(dw_action_name(99), "");
  {
    dw_buf raw = DW_BUF_INIT;
    CHECK(dw_plan_change_json(&raw, plan, DW_PLAN_LIST_CHANGES, 2) == DW_OK);
    CHECK(raw.ptr != NULL && raw.ptr[0] == '{' &&
          strstr(raw.ptr, "\"address\":\"aws_s3_bucket.logs\"") != NULL);
    CHECK(raw.ptr[raw.size] == '\0');
    dw_buf_dispose(&raw);
    CHECK(raw.ptr == NULL && raw.size == 0);
    dw_buf_dispose(&raw); /* idempotent */
    CHECK(dw_plan_change_json(&raw, plan, DW_PLAN_LIST_CHANGES, 8) ==
          DW_E_OUT_OF_RANGE);
    CHECK(raw.ptr == NULL);
  }
  dw_plan_free(plan);
  dw_plan_free(NULL);
}

/* The JSON of a parsed plan equals the streamed one-shot rendering (the
 * CLI's path), and the text names the drift. */
static void test_renderings_agree(void) {
  size_t len;
  char *data =
      read_file(source_path("examples/data/basic-aws/refresh-plan.json"), &len);
  dw_plan *plan = NULL;
  dw_buf parsed = DW_BUF_INIT, streamed = DW_BUF_INIT, text = DW_BUF_INIT;
  CHECK(dw_plan_parse(&plan, data, len, NULL) == DW_OK);
  CHECK(dw_plan_to_json(&parsed, plan) == DW_OK);
  CHECK(dw_plan_show_json(&streamed, data, len) == DW_OK);
  CHECK(parsed.size == streamed.size &&
        memcmp(parsed.ptr, streamed.ptr, parsed.size) == 0);
  CHECK(parsed.size > 0 && parsed.ptr[parsed.size - 1] == '\n');
  CHECK(strstr(parsed.ptr, "\"resource_drift\": [") != NULL);
  CHECK(dw_plan_to_text(&text, plan) == DW_OK);
  CHECK(strstr(text.ptr, "Drift detected by Terraform") != NULL);
  dw_buf_dispose(&parsed);
  dw_buf_dispose(&streamed);
  dw_buf_dispose(&text);
  dw_plan_free(plan);
  free(data);
}

static void test_options(void) {
  dw_plan_options opts = DW_PLAN_OPTIONS_INIT;
  dw_plan_options from_fn;
  dw_plan *plan = NULL;
  dw_buf text = DW_BUF_INIT;
  CHECK(dw_plan_options_init(&from_fn, DW_PLAN_OPTIONS_VERSION) == DW_OK);
  CHECK(memcmp(&opts, &from_fn, sizeof opts) == 0);
  CHECK(dw_plan_options_init(&from_fn, DW_PLAN_OPTIONS_VERSION + 1) ==
        DW_E_INVALID_ARGUMENT);
  CHECK(dw_error_last()->detail == DW_DETAIL_STRUCT_VERSION);
  CHECK(dw_plan_options_init(NULL, 1) == DW_E_INVALID_ARGUMENT);
  CHECK(dw_error_last()->detail == DW_DETAIL_NULL_ARGUMENT);

  /* several threads give the same plan, byte for byte */
  {
    dw_plan *one = NULL, *many = NULL;
    dw_buf a = DW_BUF_INIT, b = DW_BUF_INIT;
    CHECK(opts.threads == 1);
    CHECK(dw_plan_parse_file(
              &one, source_path("examples/data/basic-aws/refresh-plan.json"),
              &opts) == DW_OK);
    opts.threads = 0;
    CHECK(dw_plan_parse_file(
              &many, source_path("examples/data/basic-aws/refresh-plan.json"),
              &opts) == DW_OK);
    CHECK(dw_plan_to_text(&a, one) == DW_OK &&
          dw_plan_to_text(&b, many) == DW_OK);
    CHECK(a.size == b.size && memcmp(a.ptr, b.ptr, a.size) == 0);
    dw_buf_dispose(&a);
    dw_buf_dispose(&b);
    dw_plan_free(one);
    dw_plan_free(many);
    opts.threads = -1;
    CHECK(dw_plan_parse_file(&one,
                             source_path("examples/data/basic-aws/plan.json"),
                             &opts) == DW_E_INVALID_ARGUMENT);
    opts.threads = 1;
  }

  opts.flags = DW_PLAN_F_NO_VALUES;
  CHECK(dw_plan_parse_file(&plan,
                           source_path("examples/data/basic-aws/plan.json"),
                           &opts) == DW_OK);
  CHECK(dw_plan_count(plan, DW_PLAN_LIST_CHANGES) == 8);
  CHECK(dw_plan_to_text(&text, plan) == DW_E_FAILED_PRECONDITION);
  CHECK(text.ptr == NULL);
  dw_plan_free(plan);

  opts.version = 99; /* a struct from a newer header */
  CHECK(dw_plan_parse_file(&plan,
                           source_path("examples/data/basic-aws/plan.json"),
                           &opts) == DW_E_INVALID_ARGUMENT);
  CHECK(plan == NULL);
  CHECK(dw_error_last()->detail == DW_DETAIL_STRUCT_VERSION);
  CHECK(strstr(dw_error_last()->message, "dw_plan_options") != NULL);
}

static void test_errors(void) {
  static const char bad[] =
      "{\"format_version\": \"1.2\", \"resource_changes\": [1,]}";
  static const char wrong_type[] =
      "{\"format_version\": \"1.2\", \"resource_changes\": 7}";
  dw_plan *plan = (dw_plan *)&plan; /* must be reset to NULL on failure */
  const dw_error *err;
  dw_status rc = dw_plan_parse(&plan, bad, sizeof bad - 1, NULL);
  CHECK(rc == DW_E_INVALID_ARGUMENT);
  CHECK(plan == NULL);
  err = dw_error_last();
  CHECK(err->code == rc);
  CHECK(err->offset != DW_NO_OFFSET && err->offset < sizeof bad);
  CHECK(err->message != NULL && err->message[0] != '\0');
  CHECK_STR(dw_status_str(rc), "invalid argument");

  rc = dw_plan_parse(&plan, wrong_type, sizeof wrong_type - 1, NULL);
  CHECK(rc == DW_E_INVALID_ARGUMENT);
  CHECK(strstr(dw_error_last()->path, "resource_changes") != NULL ||
        strstr(dw_error_last()->message, "resource_changes") != NULL);
  CHECK(dw_error_last()->offset == 46); /* the 7 */

  /* NULL with length 0 is an empty input: an error, not a crash */
  CHECK(dw_plan_parse(&plan, NULL, 0, NULL) == DW_E_INVALID_ARGUMENT);
  CHECK(dw_plan_parse(&plan, NULL, 5, NULL) == DW_E_INVALID_ARGUMENT);
  CHECK(dw_error_last()->detail == DW_DETAIL_NULL_ARGUMENT);
  CHECK(dw_plan_parse(NULL, bad, sizeof bad - 1, NULL) ==
        DW_E_INVALID_ARGUMENT);
  CHECK(dw_plan_parse_file(&plan, "/nonexistent/plan.json", NULL) ==
        DW_E_NOT_FOUND);
  CHECK(strstr(dw_error_last()->message, "/nonexistent/plan.json") != NULL);
  {
    dw_buf out = DW_BUF_INIT;
    CHECK(dw_plan_show_json(&out, bad, sizeof bad - 1) ==
          DW_E_INVALID_ARGUMENT);
    CHECK(out.ptr == NULL);
    CHECK(dw_plan_to_json(&out, NULL) == DW_E_INVALID_ARGUMENT);
  }
  /* success clears the thread's error */
  dw_error_clear();
  CHECK(dw_error_last()->code == DW_OK);
  CHECK(dw_error_last()->offset == DW_NO_OFFSET);
}

static void test_version(void) {
  CHECK_STR(dw_version(), DW_VERSION_STRING);
  CHECK(dw_abi_version() == DW_ABI_VERSION);
  CHECK(dw_version_number() ==
        (uint32_t)(DW_VERSION_MAJOR * 1000000 + DW_VERSION_MINOR * 1000 +
                   DW_VERSION_PATCH));
}

int main(void) {
  test_parse_and_accessors();
  test_renderings_agree();
  test_options();
  test_errors();
  test_version();
  return CHECK_RESULT();
}
