/* File: tests/capi/audit_test.c -- audit append and verify through the C
 * ABI: a chain built here verifies intact, a changed byte breaks it. */
#include <string.h>

#include "check.h"
#include "driftwise/c/driftwise.h"

static const char *const kInputs[] = {
    "{\"chain_id\":\"org-1\",\"time\":\"2026-01-02T03:04:05Z\",\"actor\":"
    "\"alice\",\"action\":\"plan.assess\",\"target\":\"ws/prod\",\"detail\":"
    "{\"risk\":3}}",
    "{\"chain_id\":\"org-1\",\"time\":\"2026-01-02T03:04:06Z\",\"actor\":"
    "\"bob\",\"action\":\"drift.scan\",\"target\":\"ws/prod\"}",
    "{\"chain_id\":\"org-1\",\"time\":\"2026-01-02T03:04:07Z\",\"actor\":"
    "\"carol\",\"action\":\"policy.update\",\"target\":\"p/1\",\"detail\":"
    "[1,2]}",
};

int main(void) {
  char chain_text[8192] = "";
  size_t i;
  dw_audit_chain *chain = NULL;
  dw_buf line = DW_BUF_INIT, report = DW_BUF_INIT;
  dw_chain_status_t status = -1;
  dw_audit_verify_options opts = DW_AUDIT_VERIFY_OPTIONS_INIT;

  CHECK(dw_audit_chain_open(&chain, NULL, 0) == DW_OK);
  CHECK(dw_audit_chain_next_seq(chain) == 0);
  CHECK_STR(dw_audit_chain_head_hash(chain), "");
  for (i = 0; i < 3; ++i) {
    CHECK(dw_audit_chain_append(&line, chain, kInputs[i], strlen(kInputs[i])) ==
          DW_OK);
    CHECK(line.ptr != NULL && strchr(line.ptr, '\n') == NULL);
    strcat(chain_text, line.ptr);
    strcat(chain_text, "\n");
    dw_buf_dispose(&line);
  }
  CHECK(dw_audit_chain_next_seq(chain) == 3);
  CHECK(strlen(dw_audit_chain_head_hash(chain)) == 64);
  CHECK(strstr(chain_text, "\"seq\":2") != NULL);

  /* a foreign chain_id is refused and leaves the chain as it was */
  {
    static const char other[] =
        "{\"chain_id\":\"org-2\",\"time\":\"2026-01-02T03:04:08Z\",\"actor\":"
        "\"x\",\"action\":\"y\",\"target\":\"z\"}";
    static const char bad_time[] =
        "{\"chain_id\":\"org-1\",\"time\":\"yesterday\",\"actor\":"
        "\"x\",\"action\":\"y\",\"target\":\"z\"}";
    CHECK(dw_audit_chain_append(&line, chain, other, sizeof other - 1) ==
          DW_E_INVALID_ARGUMENT);
    CHECK(dw_audit_chain_append(&line, chain, bad_time, sizeof bad_time - 1) ==
          DW_E_INVALID_ARGUMENT);
    CHECK(strstr(dw_error_last()->message, "time") != NULL);
    CHECK(line.ptr == NULL);
    CHECK(dw_audit_chain_next_seq(chain) == 3);
  }
  dw_audit_chain_free(chain);

  CHECK(dw_audit_verify(&report, &status, chain_text, strlen(chain_text),
                        &opts) == DW_OK);
  CHECK(status == DW_CHAIN_INTACT);
  CHECK(report.ptr != NULL &&
        strncmp(report.ptr, "{\"status\":\"intact\",\"checked\":3,", 31) == 0);
  dw_buf_dispose(&report);

  /* reopening continues the chain where it ended */
  CHECK(dw_audit_chain_open(&chain, chain_text, strlen(chain_text)) == DW_OK);
  CHECK(dw_audit_chain_next_seq(chain) == 3);
  dw_audit_chain_free(chain);

  /* the chain must reach seq 10: truncated */
  opts.has_expected_min_seq = 1;
  opts.expected_min_seq = 10;
  CHECK(dw_audit_verify(NULL, &status, chain_text, strlen(chain_text), &opts) ==
        DW_OK);
  CHECK(status == DW_CHAIN_TRUNCATED);

  /* one changed byte in an actor: broken, and the chain will not open */
  {
    char *bob = strstr(chain_text, "\"bob\"");
    CHECK(bob != NULL);
    if (bob != NULL) bob[1] = 'B';
    CHECK(dw_audit_verify(&report, &status, chain_text, strlen(chain_text),
                          NULL) == DW_OK);
    CHECK(status == DW_CHAIN_BROKEN);
    CHECK(report.ptr != NULL && strstr(report.ptr, "\"first_bad_seq\":1"));
    dw_buf_dispose(&report);
    CHECK(dw_audit_chain_open(&chain, chain_text, strlen(chain_text)) ==
          DW_E_FAILED_PRECONDITION);
    CHECK(chain == NULL);
    CHECK(strstr(dw_error_last()->message, "broken") != NULL);
  }
  opts.version = 0;
  CHECK(dw_audit_verify(NULL, &status, "", 0, &opts) == DW_E_INVALID_ARGUMENT);
  CHECK(dw_audit_verify_options_init(&opts, 1) == DW_OK && opts.version == 1);
  return CHECK_RESULT();
}
