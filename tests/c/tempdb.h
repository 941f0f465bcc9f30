/* tempdb.h -- a cmocka fixture: a fresh temporary directory and the path of
** a database in it (not created), removed with its WAL files afterwards.
** Included by the store tests. */
#ifndef CLERK_TEMPDB_H
#define CLERK_TEMPDB_H
#include <sys/stat.h>
#include <unistd.h>

typedef struct fixture {
  char dir[64];
  char path[128];      /* dir/clerk.db, not created */
} fixture;

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  if (!fx) return -1;
  strcpy(fx->dir, "/tmp/clerk_test_XXXXXX");
  if (!mkdtemp(fx->dir)) { free(fx); return -1; }
  snprintf(fx->path, sizeof fx->path, "%s/clerk.db", fx->dir);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture *fx = *state;
  char p[160];
  const char *suffix[] = {"", "-wal", "-shm", "-journal"};
  for (int i = 0; i < 4; i++) {
    snprintf(p, sizeof p, "%s%s", fx->path, suffix[i]);
    chmod(p, 0644);     /* a test may have made it read-only */
    unlink(p);
  }
  rmdir(fx->dir);
  free(fx);
  return 0;
}
#endif
