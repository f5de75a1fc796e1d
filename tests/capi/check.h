/* File: tests/capi/check.h -- a minimal assertion helper for the C tests:
 * every failed CHECK prints its line and is counted; main returns
 * CHECK_RESULT() (non-zero when anything failed). */
#ifndef DW_TESTS_CAPI_CHECK_H
#define DW_TESTS_CAPI_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures = 0;
static int check_passes = 0;

#define CHECK(cond)                                                    \
  do {                                                                 \
    if (cond) {                                                        \
      ++check_passes;                                                  \
    } else {                                                           \
      ++check_failures;                                                \
      fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                  \
  } while (0)

#define CHECK_STR(a, b) CHECK((a) != NULL && strcmp((a), (b)) == 0)

#define CHECK_RESULT()                                            \
  (fprintf(stderr, "%d checks passed, %d failed\n", check_passes, \
           check_failures),                                       \
   check_failures == 0 ? 0 : 1)

/* Reads a whole file into malloc'ed memory; exits on failure (a missing
 * fixture is a broken test, not a passing one). */
static inline char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *data;
  long n;
  if (f == NULL) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  data = (char *)malloc((size_t)n + 1);
  if (data == NULL || fread(data, 1, (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  data[n] = '\0';
  fclose(f);
  *len = (size_t)n;
  return data;
}

/* DW_SOURCE_DIR/<rel> into a static buffer. */
static inline const char *source_path(const char *rel) {
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/%s", DW_SOURCE_DIR, rel);
  return buf;
}

#endif /* DW_TESTS_CAPI_CHECK_H */
