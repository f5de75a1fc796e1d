/* File: tests/capi/state_test.c -- the state part of the C ABI, from C. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "driftwise/c/driftwise.h"

static void test_v4_state(void) {
  dw_state *state = NULL;
  dw_buf json = DW_BUF_INIT, text = DW_BUF_INIT;
  size_t i, subnets = 0;
  CHECK(dw_state_parse_file(
            &state, source_path("examples/data/basic-aws/terraform.tfstate")) ==
        DW_OK);
  CHECK(dw_state_version(state) == 4);
  CHECK(dw_state_serial(state) == 9);
  CHECK_STR(dw_state_lineage(state), "e37f0c5d-9ec6-23ad-980d-14961f4779be");
  CHECK(dw_state_resource_count(state) == 8);
  for (i = 0; i < dw_state_resource_count(state); ++i) {
    if (strcmp(dw_state_resource_type(state, i), "aws_subnet") == 0) ++subnets;
    CHECK_STR(dw_state_resource_provider(state, i),
              "registry.terraform.io/hashicorp/aws");
  }
  CHECK(subnets == 2);
  CHECK_STR(dw_state_resource_address(state, 5), "aws_subnet.app[0]");
  CHECK_STR(dw_state_resource_id(state, 5), "subnet-16e1671bfc11c48cf");
  CHECK(dw_state_resource_address(state, 8) == NULL);
  CHECK(dw_state_resource_id(state, 8) == NULL);
  CHECK(dw_state_to_json(&json, state) == DW_OK);
  CHECK(strstr(json.ptr, "\"address\": \"aws_vpc.main\"") != NULL);
  CHECK(dw_state_to_text(&text, state) == DW_OK);
  CHECK(strncmp(text.ptr, "State version 4, serial 9", 25) == 0);
  dw_buf_dispose(&json);
  dw_buf_dispose(&text);
  dw_state_free(state);
}

static void test_sensitive_masked(void) {
  static const char secret[] =
      "{\"version\":4,\"serial\":1,\"lineage\":\"l\",\"resources\":[{\"mode\":"
      "\"managed\",\"type\":\"aws_db_instance\",\"name\":\"db\",\"provider\":"
      "\"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\",\"instances\":"
      "[{\"attributes\":{\"id\":\"db-1\",\"password\":\"hunter2\"},"
      "\"sensitive_attributes\":[[{\"type\":\"get_attr\",\"value\":"
      "\"password\"}]]}]}]}";
  dw_state *state = NULL;
  dw_buf json = DW_BUF_INIT;
  CHECK(dw_state_parse(&state, secret, sizeof secret - 1) == DW_OK);
  CHECK(dw_state_to_json(&json, state) == DW_OK);
  CHECK(json.ptr != NULL &&
        strstr(json.ptr, "\"password\": \"(sensitive)\"") != NULL);
  CHECK(json.ptr != NULL && strstr(json.ptr, "hunter2") == NULL);
  dw_buf_dispose(&json);
  dw_state_free(state);
}

static void test_errors(void) {
  static const char v3[] = "{\"version\": 3, \"serial\": 1}";
  static const char trunc[] = "{\"version\": 4, \"resources\": [";
  dw_state *state = NULL;
  CHECK(dw_state_parse(&state, v3, sizeof v3 - 1) == DW_E_UNIMPLEMENTED);
  CHECK(state == NULL);
  CHECK(strstr(dw_error_last()->message,
               "unsupported state version 3, run terraform 0.12+ to "
               "upgrade") != NULL);
  CHECK(dw_state_parse(&state, trunc, sizeof trunc - 1) ==
        DW_E_INVALID_ARGUMENT);
  CHECK(dw_error_last()->offset != DW_NO_OFFSET);
  CHECK(dw_state_parse_file(&state, NULL) == DW_E_INVALID_ARGUMENT);
  CHECK(dw_state_version(NULL) == -1);
  CHECK(dw_state_resource_count(NULL) == 0);
  dw_state_free(NULL);
}

/* dw_state_parse_with: a state of several batches reads the same on one
   thread and on every core; options are checked. */
static void test_options(void) {
  static const char head[] =
      "{\"version\":4,\"serial\":1,\"lineage\":\"l\","
      "\"resources\":[";
  static const char item[] =
      "{\"mode\":\"managed\",\"type\":\"aws_instance\",\"name\":\"w%d\","
      "\"provider\":\"provider.aws\",\"instances\":[{\"attributes\":"
      "{\"id\":\"i-%d\"}}]}";
  enum { kResources = 1500 };
  size_t cap = sizeof head + kResources * (sizeof item + 24) + 4, len;
  char *text = malloc(cap);
  int i;
  dw_state *one = NULL, *all = NULL;
  dw_buf a = DW_BUF_INIT, b = DW_BUF_INIT;
  dw_state_options opts = DW_STATE_OPTIONS_INIT;
  CHECK(text != NULL);
  if (text == NULL) return;
  len = (size_t)sprintf(text, "%s", head);
  for (i = 0; i < kResources; ++i) {
    if (i > 0) text[len++] = ',';
    len += (size_t)sprintf(text + len, item, i, i);
  }
  len += (size_t)sprintf(text + len, "]}");
  CHECK(opts.version == DW_STATE_OPTIONS_VERSION && opts.threads == 1);
  CHECK(dw_state_parse_with(&one, text, len, NULL) == DW_OK);
  opts.threads = 0;
  CHECK(dw_state_parse_with(&all, text, len, &opts) == DW_OK);
  CHECK(dw_state_resource_count(all) == kResources);
  CHECK(dw_state_to_json(&a, one) == DW_OK &&
        dw_state_to_json(&b, all) == DW_OK);
  CHECK(a.size == b.size && memcmp(a.ptr, b.ptr, a.size) == 0);
  dw_state_free(all);
  opts.threads = -1;
  CHECK(dw_state_parse_with(&all, text, len, &opts) == DW_E_INVALID_ARGUMENT);
  CHECK(all == NULL);
  CHECK(dw_state_options_init(&opts, 2) == DW_E_INVALID_ARGUMENT);
  CHECK(dw_state_options_init(&opts, 1) == DW_OK && opts.threads == 1);
  opts.threads = 2;
  CHECK(dw_state_parse_file_with(
            &all, source_path("examples/data/basic-aws/terraform.tfstate"),
            &opts) == DW_OK);
  CHECK(dw_state_resource_count(all) == 8);
  dw_state_free(all);
  dw_state_free(one);
  dw_buf_dispose(&a);
  dw_buf_dispose(&b);
  free(text);
}

int main(void) {
  test_v4_state();
  test_options();
  test_sensitive_masked();
  test_errors();
  return CHECK_RESULT();
}
