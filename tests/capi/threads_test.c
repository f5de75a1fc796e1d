/* File: tests/capi/threads_test.c -- dw_error_last() is per thread, and a
 * parsed plan is read by several threads at once. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <string.h>

#include "check.h"
#include "driftwise/c/driftwise.h"

static const char kBad[] =
    "{\"format_version\": \"1.2\", \"resource_changes\": 7}";
static dw_plan *shared_plan = NULL;

struct result {
  int ok;
};

/* Fails a parse, waits for the main thread to succeed at something, then
 * checks its own error is still there. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stage = 0;

static void *failing_thread(void *arg) {
  struct result *r = (struct result *)arg;
  dw_plan *plan = NULL;
  int rc = dw_plan_parse(&plan, kBad, sizeof kBad - 1, NULL);
  pthread_mutex_lock(&mu);
  stage = 1;
  pthread_cond_broadcast(&cv);
  while (stage < 2) pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  r->ok = rc == DW_E_INVALID_ARGUMENT &&
          dw_error_last()->code == DW_E_INVALID_ARGUMENT &&
          dw_error_last()->offset == 46;
  return NULL;
}

static void *reader_thread(void *arg) {
  struct result *r = (struct result *)arg;
  int i, ok = 1;
  for (i = 0; i < 200; ++i) {
    dw_buf json = DW_BUF_INIT;
    ok &= dw_plan_to_json(&json, shared_plan) == DW_OK;
    ok &= json.ptr != NULL && strstr(json.ptr, "aws_s3_bucket.logs") != NULL;
    ok &= strcmp(dw_plan_change_address(shared_plan, DW_PLAN_LIST_CHANGES, 2),
                 "aws_s3_bucket.logs") == 0;
    dw_buf_dispose(&json);
  }
  r->ok = ok;
  return NULL;
}

int main(void) {
  pthread_t t, readers[4];
  struct result r = {0}, rr[4];
  int i;
  CHECK(pthread_create(&t, NULL, failing_thread, &r) == 0);
  pthread_mutex_lock(&mu);
  while (stage < 1) pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  /* this thread succeeds: its own error is clear ... */
  CHECK(dw_plan_parse_file(&shared_plan,
                           source_path("examples/data/basic-aws/plan.json"),
                           NULL) == DW_OK);
  CHECK(dw_error_last()->code == DW_OK);
  pthread_mutex_lock(&mu);
  stage = 2;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
  CHECK(pthread_join(t, NULL) == 0);
  /* ... and the other thread's error was untouched by it */
  CHECK(r.ok);

  for (i = 0; i < 4; ++i) {
    CHECK(pthread_create(&readers[i], NULL, reader_thread, &rr[i]) == 0);
  }
  for (i = 0; i < 4; ++i) {
    CHECK(pthread_join(readers[i], NULL) == 0);
    CHECK(rr[i].ok);
  }
  dw_plan_free(shared_plan);
  return CHECK_RESULT();
}
