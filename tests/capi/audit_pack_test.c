/* File: tests/capi/audit_pack_test.c -- signed checkpoints and compliance
 * packs through the C ABI: a checkpoint verifies with its key and not with
 * another; a pack of a chain verifies intact, pinned to its key; a changed
 * byte in the pack or the wrong trusted key is caught. */
#include <string.h>

#include "check.h"
#include "driftwise/c/driftwise.h"

static void build_chain(char *text, size_t cap, int events) {
  dw_audit_chain *chain = NULL;
  dw_buf line = DW_BUF_INIT;
  char input[256];
  int i;
  text[0] = '\0';
  CHECK(dw_audit_chain_open(&chain, NULL, 0) == DW_OK);
  for (i = 0; i < events; ++i) {
    sprintf(input,
            "{\"chain_id\":\"org-1\",\"time\":\"2026-01-02T03:04:%02dZ\","
            "\"actor\":\"alice\",\"action\":\"key.created\",\"target\":"
            "\"key/%d\"}",
            i, i);
    CHECK(dw_audit_chain_append(&line, chain, input, strlen(input)) == DW_OK);
    CHECK(strlen(text) + line.size + 2 < cap);
    strcat(text, line.ptr);
    strcat(text, "\n");
    dw_buf_dispose(&line);
  }
  dw_audit_chain_free(chain);
}

int main(void) {
  static char chain[16384];
  dw_buf priv = DW_BUF_INIT, pub = DW_BUF_INIT;
  dw_buf priv2 = DW_BUF_INIT, pub2 = DW_BUF_INIT;
  dw_buf note = DW_BUF_INIT, cp = DW_BUF_INIT, zip = DW_BUF_INIT;
  dw_buf report = DW_BUF_INIT;
  int32_t status = -1;
  dw_audit_pack_options opts;

  build_chain(chain, sizeof chain, 10);
  CHECK(dw_audit_keygen(&priv, &pub, "acme-audit") == DW_OK);
  CHECK(dw_audit_keygen(&priv2, &pub2, "other") == DW_OK);
  CHECK(priv.ptr != NULL && strncmp(priv.ptr, "PRIVATE+", 8) == 0);
  CHECK(pub.ptr != NULL && strncmp(pub.ptr, "acme-audit+", 11) == 0);
  {
    dw_buf a = DW_BUF_INIT, b = DW_BUF_INIT;
    CHECK(dw_audit_keygen(&a, &b, "bad name!") == DW_E_INVALID_ARGUMENT);
    CHECK(a.ptr == NULL && b.ptr == NULL);
  }

  /* checkpoint: signed over the last event, verifies with its key only */
  CHECK(dw_audit_checkpoint_sign(&note, chain, strlen(chain), priv.ptr, NULL) ==
        DW_OK);
  CHECK(dw_audit_checkpoint_verify(&cp, note.ptr, note.size, pub.ptr) == DW_OK);
  CHECK(cp.ptr != NULL && strstr(cp.ptr, "\"head_seq\":9") != NULL);
  CHECK(strstr(cp.ptr, "\"chain_id\":\"org-1\"") != NULL);
  dw_buf_dispose(&cp);
  CHECK(dw_audit_checkpoint_verify(&cp, note.ptr, note.size, pub2.ptr) ==
        DW_E_UNAUTHENTICATED);
  CHECK(cp.ptr == NULL);
  CHECK(dw_audit_checkpoint_verify(&cp, note.ptr, note.size, "not a key") ==
        DW_E_INVALID_ARGUMENT);
  /* an empty chain has nothing to checkpoint; a broken one is refused */
  CHECK(dw_audit_checkpoint_sign(&cp, "", 0, priv.ptr, NULL) ==
        DW_E_FAILED_PRECONDITION);
  {
    char broken[sizeof chain];
    char *at;
    strcpy(broken, chain);
    at = strstr(broken, "key/3");
    CHECK(at != NULL);
    if (at != NULL) at[4] = '7';
    CHECK(dw_audit_checkpoint_sign(&cp, broken, strlen(broken), priv.ptr,
                                   NULL) == DW_E_FAILED_PRECONDITION);
    CHECK(strstr(dw_error_last()->message, "broken") != NULL);
  }

  /* a pack of seqs 2..6: verifies intact, pinned to its key */
  CHECK(dw_audit_pack_options_init(&opts, DW_AUDIT_PACK_OPTIONS_VERSION) ==
        DW_OK);
  opts.has_from_seq = 1;
  opts.from_seq = 2;
  opts.has_to_seq = 1;
  opts.to_seq = 6;
  CHECK(dw_audit_pack_build(&zip, chain, strlen(chain), priv.ptr, &opts) ==
        DW_OK);
  CHECK(zip.size > 4 && memcmp(zip.ptr, "PK\003\004", 4) == 0);
  CHECK(dw_audit_pack_verify(&report, &status, zip.ptr, zip.size, pub.ptr) ==
        DW_OK);
  CHECK(status == DW_CHAIN_INTACT);
  CHECK(report.ptr != NULL &&
        strstr(report.ptr, "\"key_pinned\":true") != NULL);
  CHECK(strstr(report.ptr, "\"from_seq\":2") != NULL);
  CHECK(strstr(report.ptr, "\"head_seq\":6") != NULL);
  dw_buf_dispose(&report);
  /* deterministic: the same inputs give the same bytes */
  {
    dw_buf again = DW_BUF_INIT;
    CHECK(dw_audit_pack_build(&again, chain, strlen(chain), priv.ptr, &opts) ==
          DW_OK);
    CHECK(again.size == zip.size && memcmp(again.ptr, zip.ptr, zip.size) == 0);
    dw_buf_dispose(&again);
  }
  /* the wrong trusted key: not intact */
  CHECK(dw_audit_pack_verify(&report, &status, zip.ptr, zip.size, pub2.ptr) ==
        DW_OK);
  CHECK(status != DW_CHAIN_INTACT);
  dw_buf_dispose(&report);
  /* one changed byte in the middle of the ZIP: not intact */
  zip.ptr[zip.size / 2] ^= 0x20;
  CHECK(dw_audit_pack_verify(&report, &status, zip.ptr, zip.size, NULL) ==
        DW_OK);
  CHECK(status != DW_CHAIN_INTACT);
  dw_buf_dispose(&report);
  /* a period that selects nothing is an error (not found), not an empty
   * pack */
  opts.from_seq = 50;
  opts.to_seq = 60;
  dw_buf_dispose(&zip);
  CHECK(dw_audit_pack_build(&zip, chain, strlen(chain), priv.ptr, &opts) ==
        DW_E_NOT_FOUND);
  CHECK(zip.ptr == NULL);
  /* a struct version from the future is refused */
  opts.version = 99;
  CHECK(dw_audit_pack_build(&zip, chain, strlen(chain), priv.ptr, &opts) ==
        DW_E_INVALID_ARGUMENT);

  dw_buf_dispose(&note);
  dw_buf_dispose(&priv);
  dw_buf_dispose(&pub);
  dw_buf_dispose(&priv2);
  dw_buf_dispose(&pub2);
  return CHECK_RESULT();
}
