/*
** cli_import.c -- `clerk import`, `clerk extract` and `clerk run`: the
** commands that read files and scripts.
*/
#include "cli.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 16          /* folders deeper than this are not entered */
#define MAX_FILES 100000

typedef struct file_list { char **v; size_t n, cap; int overflow; } file_list;

static int add_file(file_list *l, const char *path) {
  if (l->n >= MAX_FILES) { l->overflow = 1; return 0; }
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    char **v = realloc(l->v, cap * sizeof *v);
    if (!v) return -1;
    l->v = v;
    l->cap = cap;
  }
  if (!(l->v[l->n] = strdup(path))) return -1;
  l->n++;
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the regular files below dir (hidden ones skipped), sorted per folder. */
static int walk(file_list *l, const char *dir, int depth) {
  if (depth > MAX_DEPTH) return 0;
  DIR *d = opendir(dir);
  if (!d) { cli_error("%s: cannot read folder", dir); return 1; }
  file_list here = { NULL, 0, 0, 0 };
  struct dirent *de;
  int bad = 0;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.') continue;
    size_t n = strlen(dir) + strlen(de->d_name) + 2;
    char *p = malloc(n);
    if (!p) { bad = -1; break; }
    snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
    if (add_file(&here, p) < 0) bad = -1;
    free(p);
    if (bad) break;
  }
  closedir(d);
  if (here.n) qsort(here.v, here.n, sizeof *here.v, by_name);
  for (size_t i = 0; i < here.n; i++) {
    struct stat sb;
    if (!bad && stat(here.v[i], &sb) == 0) {
      if (S_ISDIR(sb.st_mode)) bad = walk(l, here.v[i], depth + 1);
      else if (S_ISREG(sb.st_mode) && add_file(l, here.v[i]) < 0) bad = -1;
    }
    free(here.v[i]);
  }
  free(here.v);
  return bad;
}

static void free_list(file_list *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
}

static void print_result(const char *path, const clerk_import_result *r) {
  if (r->unchanged) {
    printf("unchanged %s (these bytes were imported before)\n", path);
    return;
  }
  printf("%s %s: %d meeting%s, %d attendee%s, %d item%s, %d decision%s, %d action%s (%s)\n",
         r->replaced ? "replaced" : "imported", path,
         r->meetings, r->meetings == 1 ? "" : "s", r->attendance, r->attendance == 1 ? "" : "s",
         r->items, r->items == 1 ? "" : "s", r->decisions, r->decisions == 1 ? "" : "s",
         r->actions, r->actions == 1 ? "" : "s", r->importer);
  if (r->records)   /* committee lists, meeting indexes, councillors */
    printf("  and %d other record%s (bodies, meeting index, people)\n", r->records,
           r->records == 1 ? "" : "s");
}

typedef struct import_tally {
  size_t n;
  int quiet, progress;
  int imported, unchanged, failed;
} import_tally;

/* After each file, in order: its line, and whether to stop. On a terminal
** the progress line ("[k/n] path", the last file done) stays under the output. */
static int import_done(void *ud, size_t k, const char *path, int rc, const clerk_import_result *r,
                       const char *msg) {
  import_tally *t = ud;
  int stop = 0;
  if (t->progress) fputs("\r\033[K", stderr);
  if (rc != CLERK_OK) {
    cli_error("%s", msg);
    t->failed++;
    /* a broken plugin or database fails every file alike: stop at once */
    stop = (rc == CLERK_PLUGIN && strstr(msg, "internal error") == NULL) ||
           rc == CLERK_DB || rc == CLERK_READONLY || rc == CLERK_NOMEM;
  } else {
    if (r->unchanged) t->unchanged++; else t->imported++;
    if (!t->quiet) print_result(path, r);
  }
  if (t->progress) {
    fflush(stdout);
    fprintf(stderr, "[%zu/%zu] %s", k + 1, t->n, path);
  }
  return stop;
}

int cli_import(cli *c) {
  const char *format = NULL, *rules = NULL;
  int quiet = 0, jobs = 0;
  file_list files = { NULL, 0, 0, 0 };
  int i = 0, status = EXIT_OK;
  for (; i < c->argc; i++) {
    const char *a = c->argv[i];
    if (strcmp(a, "--format") == 0 || strcmp(a, "--rules") == 0) {
      if (i + 1 >= c->argc) { free_list(&files); return cli_usage("import", "%s needs a value", a); }
      if (a[2] == 'f') format = c->argv[++i]; else rules = c->argv[++i];
    } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
      quiet = 1;
    } else if (strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0) {
      char *end = NULL;
      long v = i + 1 < c->argc ? strtol(c->argv[i + 1], &end, 10) : -1;
      if (!end || *end || v < 1 || v > 64) {
        free_list(&files);
        return cli_usage("import", "%s needs a number of threads from 1 to 64", a);
      }
      jobs = (int)v;
      i++;
    } else if (strcmp(a, "--") == 0) {
      i++;
      break;
    } else if (a[0] == '-' && a[1]) {
      free_list(&files);
      return cli_usage("import", "unknown option '%s'", a);
    } else break;
  }
  for (; i < c->argc; i++) {
    struct stat sb;
    const char *p = c->argv[i];
    if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
      int w = walk(&files, p, 0);
      if (w < 0) { cli_error("not enough memory"); free_list(&files); return EXIT_INPUT; }
      if (w > 0) status = EXIT_INPUT;
    } else if (add_file(&files, p) < 0) {
      cli_error("not enough memory");
      free_list(&files);
      return EXIT_INPUT;
    }
  }
  if (files.overflow) cli_error("more than %d files: the rest were not imported", MAX_FILES);
  if (files.n == 0) {
    free_list(&files);
    if (status != EXIT_OK) return status;
    return cli_usage("import", "no files to import");
  }
  clerk *db = cli_open(c, CLERK_OPEN_CREATE);
  if (!db) { free_list(&files); return EXIT_INPUT; }
  if (rules) clerk_set_rules(db, rules);
  import_tally t = { files.n, quiet, files.n > 1 && isatty(STDERR_FILENO) && !quiet, 0, 0, 0 };
  if (t.progress) fprintf(stderr, "[0/%zu] reading...", files.n);
  clerk_import_files(db, (const char *const *)files.v, files.n, format, jobs, import_done, &t);
  if (t.progress) fputs("\r\033[K", stderr);
  if (t.failed) status = EXIT_INPUT;
  if (files.n > 1 && !quiet)
    printf("%zu files: %d imported, %d unchanged, %d failed\n", files.n, t.imported, t.unchanged,
           t.failed);
  clerk_close(db);
  free_list(&files);
  return status;
}

int cli_extract(cli *c) {
  const char *format = NULL, *rules = NULL, *path = NULL;
  int flags = 0;
  for (int i = 0; i < c->argc; i++) {
    const char *a = c->argv[i];
    if (strcmp(a, "--format") == 0 || strcmp(a, "--rules") == 0) {
      if (i + 1 >= c->argc) return cli_usage("extract", "%s needs a value", a);
      if (a[2] == 'f') format = c->argv[++i]; else rules = c->argv[++i];
    } else if (strcmp(a, "--explain") == 0) {
      flags |= CLERK_EXTRACT_EXPLAIN;
    } else if (a[0] == '-' && a[1]) {
      return cli_usage("extract", "unknown option '%s'", a);
    } else if (path) {
      return cli_usage("extract", "one file at a time");
    } else path = a;
  }
  if (!path) return cli_usage("extract", "which file?");
  cli scratch = *c;
  scratch.db_path = ":memory:";      /* extract touches no database */
  clerk *db = cli_open(&scratch, CLERK_OPEN_CREATE);
  if (!db) return EXIT_INPUT;
  if (rules) clerk_set_rules(db, rules);
  char *out = NULL;
  size_t len = 0;
  int rc = clerk_extract(db, path, format, flags, &out, &len);
  if (rc != CLERK_OK) {
    cli_error("%s", clerk_errmsg(db));
    clerk_close(db);
    return EXIT_INPUT;
  }
  fwrite(out, 1, len, stdout);
  if (len && out[len - 1] != '\n') putchar('\n');
  clerk_free(out);
  clerk_close(db);
  return EXIT_OK;
}

int cli_run(cli *c) {
  if (c->argc < 1) return cli_usage("run", "which script?");
  clerk *db = cli_open(c, CLERK_OPEN_CREATE);
  if (!db) return EXIT_INPUT;
  int rc = clerk_run_script(db, c->argv[0], c->argc - 1, (const char *const *)c->argv + 1);
  if (rc != CLERK_OK) cli_error("%s", clerk_errmsg(db));
  clerk_close(db);
  return rc == CLERK_OK ? EXIT_OK : EXIT_INPUT;
}
