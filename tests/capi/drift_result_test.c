/* File: tests/capi/drift_result_test.c -- typed drift findings through the
 * C ABI on the basic-aws scenario: the same findings as the JSON report
 * (examples/data/basic-aws/truth.json: tags and ingress changed, a bucket
 * and a role unmanaged), read field by field. */
#include <string.h>

#include "check.h"
#include "driftwise/c/driftwise.h"

static dw_drift *load_drift(void) {
  size_t len;
  char *data =
      read_file(source_path("examples/data/basic-aws/inventory.json"), &len);
  dw_inventory *inv = NULL;
  dw_state *state = NULL;
  dw_drift *drift = NULL;
  CHECK(dw_inventory_parse(&inv, data, len, NULL) == DW_OK);
  free(data);
  CHECK(dw_state_parse_file(
            &state, source_path("examples/data/basic-aws/terraform.tfstate")) ==
        DW_OK);
  CHECK(dw_drift_new(&drift) == DW_OK);
  CHECK(dw_drift_add_state(drift, state, "terraform.tfstate") == DW_OK);
  CHECK(dw_drift_add_inventory(drift, inv, "inventory.json") == DW_OK);
  dw_state_free(state);
  dw_inventory_free(inv);
  return drift;
}

int main(void) {
  dw_drift *drift = load_drift();
  dw_drift_result *result = NULL;
  dw_drift_summary summary;
  dw_drift_item item;
  dw_buf json = DW_BUF_INIT;
  size_t i, n, changed = 0, extra = 0;
  int saw_tags = 0, saw_ingress = 0, saw_bucket = 0, saw_role = 0;

  CHECK(dw_drift_compute(&result, drift, NULL) == DW_OK);
  memset(&summary, 0, sizeof summary);
  summary.version = DW_DRIFT_SUMMARY_VERSION;
  CHECK(dw_drift_result_summary(result, &summary) == DW_OK);
  CHECK(summary.changed == 2);
  CHECK(summary.extra == 2);
  CHECK(summary.missing == 0);
  CHECK(summary.total_live > summary.matched);
  CHECK(summary.coverage_pct > 0.0 && summary.coverage_pct < 100.0);

  n = dw_drift_result_count(result);
  CHECK(n == summary.changed + summary.extra + summary.missing);
  for (i = 0; i < n; ++i) {
    size_t p;
    memset(&item, 0, sizeof item);
    item.version = DW_DRIFT_ITEM_VERSION;
    CHECK(dw_drift_result_item(result, i, &item) == DW_OK);
    CHECK(item.id != NULL && strncmp(item.id, "dw-", 3) == 0);
    CHECK(item.reason != NULL && item.reason[0] != '\0');
    if (item.kind == DW_FINDING_CHANGED) {
      ++changed;
      CHECK(item.path_count > 0);
      for (p = 0; p < item.path_count; ++p) {
        uint32_t sources = 0;
        const char *path = dw_drift_result_path(result, i, p, &sources);
        CHECK(path != NULL && sources != 0);
        if (path != NULL && strncmp(path, "tags", 4) == 0) saw_tags = 1;
        if (path != NULL && strncmp(path, "ingress", 7) == 0) saw_ingress = 1;
      }
      CHECK(dw_drift_result_path(result, i, item.path_count, NULL) == NULL);
    } else if (item.kind == DW_FINDING_EXTRA) {
      ++extra;
      CHECK(item.address[0] == '\0'); /* unmanaged: no Terraform address */
      if (strstr(item.provider_resource_id, "shadow-it-bucket")) saw_bucket = 1;
      if (strstr(item.provider_resource_id, "unmanaged-admin")) saw_role = 1;
    }
  }
  CHECK(changed == 2 && extra == 2);
  CHECK(saw_tags && saw_ingress && saw_bucket && saw_role);

  /* the typed view and the JSON report list the same ids in the same order */
  CHECK(dw_drift_run(&json, NULL, drift, NULL) == DW_OK);
  {
    const char *cursor = json.ptr;
    for (i = 0; i < n && cursor != NULL; ++i) {
      item.version = DW_DRIFT_ITEM_VERSION;
      CHECK(dw_drift_result_item(result, i, &item) == DW_OK);
      cursor = strstr(cursor, item.id);
      CHECK(cursor != NULL);
    }
  }
  dw_buf_dispose(&json);

  /* bad indexes and versions */
  item.version = DW_DRIFT_ITEM_VERSION;
  CHECK(dw_drift_result_item(result, n, &item) == DW_E_OUT_OF_RANGE);
  item.version = 42;
  CHECK(dw_drift_result_item(result, 0, &item) == DW_E_INVALID_ARGUMENT);
  CHECK(dw_drift_result_path(result, n, 0, NULL) == NULL);
  CHECK(dw_drift_result_count(NULL) == 0);

  dw_drift_result_free(result);
  dw_drift_result_free(NULL);
  dw_drift_free(drift);
  return CHECK_RESULT();
}
