/* File: tests/capi/assess_test.c -- plan assessment and fingerprints
 * through the C ABI: the security group opened to the world in the
 * basic-aws scenario is found, reports come in every format, bad rules are
 * refused with the place named. */
#include <string.h>

#include "check.h"
#include "driftwise/c/driftwise.h"

static dw_plan *load_plan(uint32_t flags) {
  dw_plan *plan = NULL;
  dw_plan_options opts = DW_PLAN_OPTIONS_INIT;
  opts.flags = flags;
  CHECK(dw_plan_parse_file(
            &plan, source_path("examples/data/basic-aws/refresh-plan.json"),
            &opts) == DW_OK);
  return plan;
}

static void test_default_engine(void) {
  dw_engine *engine = NULL;
  dw_plan *plan = load_plan(0);
  dw_buf report = DW_BUF_INIT;
  dw_severity_t risk = -1;
  dw_assess_options opts = DW_ASSESS_OPTIONS_INIT;
  dw_assess_options from_fn;
  CHECK(dw_engine_new(&engine, NULL) == DW_OK);
  opts.now = 1767225600; /* 2026-01-01: fixed, so the test is repeatable */
  CHECK(dw_engine_assess(&report, &risk, engine, plan, &opts) == DW_OK);
  CHECK(risk == DW_SEVERITY_HIGH || risk == DW_SEVERITY_CRITICAL);
  CHECK(report.ptr != NULL && strstr(report.ptr, "\"risk_level\"") != NULL);
  CHECK(report.ptr != NULL &&
        strstr(report.ptr, "attr.aws.sg.open_ingress") != NULL);
  dw_buf_dispose(&report);

  opts.format = DW_REPORT_SARIF;
  CHECK(dw_engine_assess(&report, NULL, engine, plan, &opts) == DW_OK);
  CHECK(report.ptr != NULL && strstr(report.ptr, "2.1.0") != NULL);
  dw_buf_dispose(&report);
  opts.format = DW_REPORT_JUNIT;
  CHECK(dw_engine_assess(&report, NULL, engine, plan, &opts) == DW_OK);
  CHECK(report.ptr != NULL && strstr(report.ptr, "<testsuite") != NULL);
  dw_buf_dispose(&report);
  opts.format = 42;
  CHECK(dw_engine_assess(&report, NULL, engine, plan, &opts) ==
        DW_E_INVALID_ARGUMENT);
  CHECK(report.ptr == NULL);

  CHECK(dw_assess_options_init(&from_fn, DW_ASSESS_OPTIONS_VERSION) == DW_OK);
  CHECK(from_fn.format == DW_REPORT_JSON &&
        from_fn.fail_on == DW_SEVERITY_HIGH);
  CHECK_STR(dw_severity_name(DW_SEVERITY_CRITICAL), "critical");
  CHECK_STR(dw_severity_name(17), "");
  dw_plan_free(plan);

  /* a plan without values cannot be assessed */
  plan = load_plan(DW_PLAN_F_NO_VALUES);
  CHECK(dw_engine_assess(NULL, &risk, engine, plan, NULL) ==
        DW_E_FAILED_PRECONDITION);
  dw_plan_free(plan);
  CHECK(dw_engine_assess(NULL, &risk, engine, NULL, NULL) ==
        DW_E_INVALID_ARGUMENT);
  dw_engine_free(engine);
  dw_engine_free(NULL);
}

static void test_no_builtins(void) {
  dw_engine *engine = NULL;
  dw_engine_options eo = DW_ENGINE_OPTIONS_INIT;
  dw_plan *plan = load_plan(0);
  dw_severity_t risk = -1;
  eo.flags = DW_ENGINE_F_NO_BUILTIN_RISK;
  CHECK(dw_engine_new(&engine, &eo) == DW_OK);
  CHECK(dw_engine_assess(NULL, &risk, engine, plan, NULL) == DW_OK);
  CHECK(risk == DW_SEVERITY_NONE);
  dw_engine_free(engine);
  dw_plan_free(plan);
}

static void test_policy_files(void) {
  size_t len;
  char *good =
      read_file(source_path("tests/data/policy/example_policy.json"), &len);
  dw_engine_options eo = DW_ENGINE_OPTIONS_INIT;
  dw_engine *engine = NULL;
  eo.policy_json = good;
  eo.policy_len = len;
  CHECK(dw_engine_new(&engine, &eo) == DW_OK);
  CHECK(engine != NULL);
  dw_engine_free(engine);
  free(good);

  good = read_file(source_path("tests/data/policy/invalid_policy.json"), &len);
  eo.policy_json = good;
  eo.policy_len = len;
  engine = (dw_engine *)&engine;
  CHECK(dw_engine_new(&engine, &eo) == DW_E_INVALID_ARGUMENT);
  CHECK(engine == NULL);
  CHECK(strstr(dw_error_last()->message, "policy") != NULL);
  free(good);

  eo.policy_json = NULL;
  eo.policy_len = 0;
  eo.noise_rules_json = "{not json";
  eo.noise_rules_len = 9;
  CHECK(dw_engine_new(&engine, &eo) == DW_E_INVALID_ARGUMENT);
  CHECK(strstr(dw_error_last()->message, "noise rules") != NULL);
  eo.version = 2;
  CHECK(dw_engine_new(&engine, &eo) == DW_E_INVALID_ARGUMENT);
  CHECK(dw_error_last()->detail == DW_DETAIL_STRUCT_VERSION);
}

static void test_fingerprint(void) {
  dw_buf fp = DW_BUF_INIT;
  /* the known-answer value of tests/unit/noise/fingerprint_test.cpp */
  CHECK(dw_fingerprint(&fp, "aws_security_group", 18, "ingress", 7, "update",
                       6) == DW_OK);
  CHECK_STR(fp.ptr, "8d8c154528ae3d95");
  CHECK(fp.size == 16);
  dw_buf_dispose(&fp);
  CHECK(dw_fingerprint(&fp, NULL, 3, "a", 1, "b", 1) == DW_E_INVALID_ARGUMENT);
}

int main(void) {
  test_default_engine();
  test_no_builtins();
  test_policy_files();
  test_fingerprint();
  return CHECK_RESULT();
}
