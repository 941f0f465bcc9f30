/* test_import_many.c -- clerk_import_files: with worker threads the files
** give the same callbacks, in the same order, and the same database as one
** at a time; a callback can stop the run; bytes imported before are found
** unchanged; bad arguments are refused. Runs on the bundled example minutes,
** the .docx fixtures and files of its own that fail. */
#include "testing.h"
#include <sys/stat.h>
#include <unistd.h>

#include "tempdb.h"

#define NFILES 11

/* Good minutes, Word files, and failures of several kinds between them. */
static void make_files(const char *dir, char paths[NFILES][192]) {
  const char *given[] = {
    "examples/minutes/000_be07491f6dd20c10.txt", "tests/fixtures/docx/minutes.docx",
    "examples/minutes/001_934ad2baff9fb34c.txt", NULL /* empty */, "tests/fixtures/docx/who_by.docx",
    "examples/minutes/002_fff9d0c971a28371.txt", NULL /* binary */, "examples/minutes/003_9d405b6ec59cc0b3.txt",
    "tests/fixtures/docx/features.docx", "no/such/file.txt", "examples/minutes/004_2f9fe7d64bae9417.txt" };
  for (int i = 0; i < NFILES; i++) {
    if (given[i]) { snprintf(paths[i], 192, "%s", given[i]); continue; }
    snprintf(paths[i], 192, "%s/bad%d.txt", dir, i);
    FILE *f = fopen(paths[i], "wb");
    assert_non_null(f);
    if (i == 6) fwrite("\x89PNG\r\n\x1a\n\0\0\0", 1, 11, f);   /* an image, not minutes */
    fclose(f);
  }
}

/* Each callback as a line, so two runs compare with one string compare. */
typedef struct trace { char s[8192]; size_t n; int stop_at; } trace;

static int record(void *ud, size_t k, const char *path, int status, const clerk_import_result *r,
                  const char *msg) {
  trace *t = ud;
  int w = snprintf(t->s + t->n, sizeof t->s - t->n, "%zu %s %d u%d m%d a%d i%d d%d x%d %s %s\n", k,
                   path, status, r->unchanged, r->meetings, r->attendance, r->items, r->decisions,
                   r->actions, r->importer, msg ? msg : "-");
  assert_true(w > 0 && (size_t)w < sizeof t->s - t->n);
  t->n += (size_t)w;
  return t->stop_at >= 0 && (int)k >= t->stop_at;
}

static char *export_of(clerk *db) {
  char *out = NULL;
  size_t len = 0;
  assert_int_equal(clerk_report(db, "export", "json", NULL, &out, &len), CLERK_OK);
  return out;
}

/* Imports the files with `jobs` into a fresh database; returns its export. */
static char *run(const fixture *fx, const char *name, char paths[NFILES][192], int jobs, trace *t,
                 int *rc) {
  char db_path[192];
  snprintf(db_path, sizeof db_path, "%s/%s", fx->dir, name);
  clerk *db = NULL;
  assert_int_equal(clerk_open(db_path, CLERK_OPEN_CREATE, &db), CLERK_OK);
  assert_int_equal(clerk_set_rules(db, ""), CLERK_OK);
  const char *v[NFILES];
  for (int i = 0; i < NFILES; i++) v[i] = paths[i];
  *rc = clerk_import_files(db, v, NFILES, NULL, jobs, record, t);
  char *out = export_of(db);
  clerk_close(db);
  return out;
}

static void remove_db(const fixture *fx, const char *name) {
  const char *suffix[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) {
    char p[224];
    snprintf(p, sizeof p, "%s/%s%s", fx->dir, name, suffix[i]);
    unlink(p);
  }
}

static void cleanup(const fixture *fx) {
  const char *names[] = {"j1.db", "j2.db", "j4.db", "stop.db"};
  for (int i = 0; i < 4; i++) remove_db(fx, names[i]);
  for (int i = 3; i <= 6; i += 3) {
    char p[192];
    snprintf(p, sizeof p, "%s/bad%d.txt", fx->dir, i);
    unlink(p);
  }
}

/* Imports with `jobs` into db `name` and checks that callbacks, status and
** database are those of the serial run (t1, e1, rc1). */
static void same_as_serial(const fixture *fx, const char *name, char paths[NFILES][192], int jobs,
                           const trace *t1, const char *e1, int rc1) {
  static trace t;
  memset(&t, 0, sizeof t);
  t.stop_at = -1;
  int rc;
  char *e = run(fx, name, paths, jobs, &t, &rc);
  assert_int_equal(rc, rc1);
  assert_string_equal(t.s, t1->s);
  assert_string_equal(e, e1);
  clerk_free(e);
}

static void threads_give_the_serial_result(void **state) {
  fixture *fx = *state;
  char paths[NFILES][192];
  make_files(fx->dir, paths);
  static trace t1;
  t1.stop_at = -1;
  int rc1;
  char *e1 = run(fx, "j1.db", paths, 1, &t1, &rc1);
  /* the failures are there, and reported as a serial import reports them */
  assert_int_equal(rc1, CLERK_IO);                 /* the last failure: the missing file */
  assert_non_null(strstr(t1.s, "empty file"));
  assert_non_null(strstr(t1.s, "PNG"));
  assert_non_null(strstr(t1.s, "no/such/file.txt: No such file"));
  assert_non_null(strstr(t1.s, "10 examples/minutes/004_2f9fe7d64bae9417.txt 0 u0 m1"));
  assert_non_null(strstr(e1, "2018-09-26"));
  same_as_serial(fx, "j2.db", paths, 2, &t1, e1, rc1);
  same_as_serial(fx, "j4.db", paths, 4, &t1, e1, rc1);
  clerk_free(e1);

  /* again into the same database: every good file is unchanged */
  char db_path[192];
  snprintf(db_path, sizeof db_path, "%s/j2.db", fx->dir);
  clerk *db = NULL;
  assert_int_equal(clerk_open(db_path, 0, &db), CLERK_OK);
  const char *v[NFILES];
  for (int i = 0; i < NFILES; i++) v[i] = paths[i];
  static trace again;
  again.stop_at = -1;
  assert_int_equal(clerk_import_files(db, v, NFILES, NULL, 2, record, &again), CLERK_IO);
  assert_non_null(strstr(again.s, "1 tests/fixtures/docx/minutes.docx 0 u1"));
  assert_non_null(strstr(again.s, "10 examples/minutes/004_2f9fe7d64bae9417.txt 0 u1"));
  assert_null(strstr(again.s, " 0 u0 m"));         /* nothing imported twice */
  clerk_close(db);
  cleanup(fx);
}

/* A budget smaller than any file: each worker waits for the file before its
** own to be written; the file the writer needs always goes through. */
static void a_tiny_byte_budget_still_imports_everything(void **state) {
  fixture *fx = *state;
  char paths[NFILES][192];
  make_files(fx->dir, paths);
  static trace t1;
  t1.stop_at = -1;
  int rc1;
  char *e1 = run(fx, "j1.db", paths, 1, &t1, &rc1);
  clerk_test_import_budget(1);
  same_as_serial(fx, "j4.db", paths, 4, &t1, e1, rc1);
  clerk_test_import_budget(0);
  clerk_free(e1);
  cleanup(fx);
}

static void a_callback_stops_the_run(void **state) {
  fixture *fx = *state;
  char paths[NFILES][192];
  make_files(fx->dir, paths);
  static trace t;
  t.stop_at = 2;
  int rc;
  char *e = run(fx, "stop.db", paths, 2, &t, &rc);
  assert_int_equal(rc, CLERK_OK);
  assert_non_null(strstr(t.s, "\n2 examples/minutes/001"));
  assert_null(strstr(t.s, "\n3 "));                /* nothing after the stop */
  assert_non_null(strstr(e, "2020-06-25"));        /* file 2's meeting was written */
  assert_null(strstr(e, "2018-09-26"));            /* file 5's was not */
  clerk_free(e);
  cleanup(fx);
}

static void bad_arguments_are_refused(void **state) {
  fixture *fx = *state;
  clerk *db = NULL;
  assert_int_equal(clerk_open(fx->path, CLERK_OPEN_CREATE, &db), CLERK_OK);
  const char *v[2] = { "examples/minutes/000_be07491f6dd20c10.txt", NULL };
  assert_int_equal(clerk_import_files(db, v, 2, NULL, 2, NULL, NULL), CLERK_MISUSE);
  assert_non_null(strstr(clerk_errmsg(db), "path 1 is NULL"));
  assert_int_equal(clerk_import_files(db, NULL, 1, NULL, 2, NULL, NULL), CLERK_MISUSE);
  assert_int_equal(clerk_import_files(db, NULL, 0, NULL, 2, NULL, NULL), CLERK_OK);
  assert_int_equal(clerk_import_files(NULL, v, 1, NULL, 2, NULL, NULL), CLERK_MISUSE);
  clerk_close(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(threads_give_the_serial_result, setup, teardown),
    cmocka_unit_test_setup_teardown(a_tiny_byte_budget_still_imports_everything, setup, teardown),
    cmocka_unit_test_setup_teardown(a_callback_stops_the_run, setup, teardown),
    cmocka_unit_test_setup_teardown(bad_arguments_are_refused, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
