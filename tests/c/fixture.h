/* fixture.h -- reads a test fixture file into memory (tests run from the
** repository root). */
#ifndef CLERK_TEST_FIXTURE_H
#define CLERK_TEST_FIXTURE_H
#include <stdio.h>
#include <stdlib.h>

static char *read_fixture(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "cannot open %s\n", path); return NULL; }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
  fclose(f);
  if (buf) buf[n] = '\0';
  *len = (size_t)n;
  return buf;
}
#endif
