/* mem.c -- checked allocation with failure injection for tests. */
#include "mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CLERK_TESTING
#include <stdatomic.h>
/* test builds only: see mem.h (atomic: imports may run on worker threads) */
static atomic_long fail_after = -1;
static atomic_long alloc_count;
void clerk_test_fail_alloc_after(long n) { fail_after = n; alloc_count = 0; }
long clerk_test_alloc_count(void) { return alloc_count; }
static int should_fail(void) {
  alloc_count++;
  if (fail_after < 0) return 0;
  if (fail_after == 0) return 1;
  fail_after--;
  return 0;
}
int clerk_test_alloc_fails(void) { return should_fail(); }
#else
static int should_fail(void) { return 0; }
#endif

void *clerk_malloc(size_t n) {
  if (should_fail()) return NULL;
  return malloc(n ? n : 1);
}

void *clerk_calloc(size_t count, size_t size) {
  if (should_fail()) return NULL;
  return calloc(count ? count : 1, size ? size : 1);
}

void *clerk_realloc(void *p, size_t n) {
  if (should_fail()) return NULL;
  return realloc(p, n ? n : 1);
}

void clerk_mfree(void *p) { free(p); }

char *clerk_strndup(const char *s, size_t n) {
  if (!s) return NULL;
  char *d = clerk_malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *clerk_strdup(const char *s) {
  return s ? clerk_strndup(s, strlen(s)) : NULL;
}

char *clerk_asprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *buf = clerk_malloc((size_t)n + 1);
  if (!buf) return NULL;
  va_start(ap, fmt);
  vsnprintf(buf, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return buf;
}
