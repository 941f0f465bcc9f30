/*
** cli_report.c -- the commands that render reports: report, actions,
** export, search, people, plugins. Each is a report plugin written by a
** writer plugin, so each works in every format.
*/
#include "cli.h"

#include <stdio.h>
#include <string.h>

#define MAX_OPTIONS 16

typedef struct report_args {
  const char *format, *output;
  const char *opts[2 * MAX_OPTIONS + 1];
  int nopts;
} report_args;

static int add_option(report_args *r, const char *k, const char *v) {
  for (int i = 0; i < r->nopts; i += 2)
    if (strcmp(r->opts[i], k) == 0) { r->opts[i + 1] = v; return 0; }
  if (r->nopts >= 2 * MAX_OPTIONS) return -1;
  r->opts[r->nopts++] = k;
  r->opts[r->nopts++] = v;
  r->opts[r->nopts] = NULL;
  return 0;
}

/* The writer a file name implies: "out.html" -> "html". */
static const char *format_of(const char *path) {
  const char *dot = path ? strrchr(path, '.') : NULL;
  if (!dot) return NULL;
  if (strcmp(dot, ".md") == 0) return "markdown";
  if (strcmp(dot, ".txt") == 0) return "text";
  return dot + 1;
}

/* Renders `report` to stdout or r->output, from a read-only database. */
static int render(cli *c, const char *report, report_args *r, const char *default_format, int db_flags) {
  const char *format = r->format ? r->format : format_of(r->output);
  if (!format) format = default_format;
  cli scratch = *c;
  if (db_flags < 0) { scratch.db_path = ":memory:"; db_flags = CLERK_OPEN_CREATE; }
  clerk *db = cli_open(&scratch, db_flags);
  if (!db) return EXIT_INPUT;
  int rc;
  if (r->output) {
    rc = clerk_report_file(db, report, format, r->opts, r->output);
  } else {
    char *out = NULL;
    size_t len = 0;
    rc = clerk_report(db, report, format, r->opts, &out, &len);
    if (rc == CLERK_OK) {
      fwrite(out, 1, len, stdout);
      clerk_free(out);
    }
  }
  if (rc != CLERK_OK) cli_error("%s", clerk_errmsg(db));
  clerk_close(db);
  if (rc == CLERK_MISUSE) return EXIT_USAGE;
  return rc == CLERK_OK ? EXIT_OK : EXIT_INPUT;
}

/* Parses --format, -o and --NAME VALUE report options from argv[from..]. */
static int parse(cli *c, const char *command, int from, report_args *r) {
  for (int i = from; i < c->argc; i++) {
    const char *a = c->argv[i];
    if (strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) {
      if (i + 1 >= c->argc) return cli_usage(command, "%s needs a value", a);
      r->format = c->argv[++i];
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
      if (i + 1 >= c->argc) return cli_usage(command, "%s needs a file name", a);
      r->output = c->argv[++i];
    } else if (strncmp(a, "--", 2) == 0 && a[2]) {
      char *eq = strchr(c->argv[i], '=');
      if (eq) {
        *eq = '\0';        /* --owner=Ann: split in place; argv is ours */
        if (add_option(r, a + 2, eq + 1) < 0) return cli_usage(command, "too many options");
      } else {
        if (i + 1 >= c->argc) return cli_usage(command, "%s needs a value", a);
        if (add_option(r, a + 2, c->argv[++i]) < 0) return cli_usage(command, "too many options");
      }
    } else {
      return cli_usage(command, "unexpected argument '%s'", a);
    }
  }
  return EXIT_OK;
}

int cli_report(cli *c) {
  if (c->argc < 1) return cli_usage("report", "which report? ('clerk plugins' lists them)");
  report_args r;
  memset(&r, 0, sizeof r);
  if (strcmp(c->argv[0], "--script") == 0) {
    /* a user's report file, run in the sandbox: the engine reads "script:PATH" */
    if (c->argc < 2) return cli_usage("report", "--script needs a Lua file");
    int rc = parse(c, "report", 2, &r);
    if (rc != EXIT_OK) return rc;
    char name[4096];
    if (snprintf(name, sizeof name, "script:%s", c->argv[1]) >= (int)sizeof name)
      return cli_usage("report", "script path too long");
    return render(c, name, &r, "text", CLERK_OPEN_READONLY);
  }
  int rc = parse(c, "report", 1, &r);
  if (rc != EXIT_OK) return rc;
  return render(c, c->argv[0], &r, "text", CLERK_OPEN_READONLY);
}

int cli_actions(cli *c) {
  report_args r;
  memset(&r, 0, sizeof r);
  /* --open / --all are flags here; the rest are the report's options */
  int n = 0;
  char *rest[64];
  const char *status = "open";
  for (int i = 0; i < c->argc; i++) {
    if (strcmp(c->argv[i], "--open") == 0) status = "open";
    else if (strcmp(c->argv[i], "--all") == 0) status = "all";
    else if (n < 64) rest[n++] = c->argv[i];
    else return cli_usage("actions", "too many arguments");
  }
  cli sub = *c;
  sub.argc = n;
  sub.argv = rest;
  int rc = parse(&sub, "actions", 0, &r);
  if (rc != EXIT_OK) return rc;
  add_option(&r, "status", status);
  return render(c, "actions", &r, "text", CLERK_OPEN_READONLY);
}

int cli_export(cli *c) {
  report_args r;
  memset(&r, 0, sizeof r);
  int n = 0;
  char *rest[64];
  for (int i = 0; i < c->argc; i++) {
    if (strcmp(c->argv[i], "--json") == 0) continue;   /* the only export format */
    if (n < 64) rest[n++] = c->argv[i];
    else return cli_usage("export", "too many arguments");
  }
  cli sub = *c;
  sub.argc = n;
  sub.argv = rest;
  int rc = parse(&sub, "export", 0, &r);
  if (rc != EXIT_OK) return rc;
  if (!r.format) r.format = "json";
  return render(c, "export", &r, "json", CLERK_OPEN_READONLY);
}

int cli_search(cli *c) {
  if (c->argc < 1) return cli_usage("search", "search for what?");
  report_args r;
  memset(&r, 0, sizeof r);
  int rc = parse(c, "search", 1, &r);
  if (rc != EXIT_OK) return rc;
  add_option(&r, "query", c->argv[0]);
  return render(c, "search", &r, "text", CLERK_OPEN_READONLY);
}

/* people merge A B | people alias NAME ALIAS | people split NAME ALIAS */
static int people_correct(cli *c) {
  const char *kind = c->argv[0];
  if (c->argc != 3)
    return cli_usage("people", "people %s needs two names", kind);
  clerk *db = cli_open(c, CLERK_OPEN_READWRITE);
  if (!db) return EXIT_INPUT;
  int rc = clerk_person_correct(db, kind, c->argv[1], c->argv[2]);
  if (rc != CLERK_OK) cli_error("%s", clerk_errmsg(db));
  else if (strcmp(kind, "merge") == 0) printf("merged '%s' into '%s'\n", c->argv[2], c->argv[1]);
  else if (strcmp(kind, "alias") == 0) printf("'%s' is now also written '%s'\n", c->argv[1], c->argv[2]);
  else printf("'%s' is now a person of their own, apart from '%s'\n", c->argv[2], c->argv[1]);
  clerk_close(db);
  return rc == CLERK_OK ? EXIT_OK : rc == CLERK_MISUSE ? EXIT_USAGE : EXIT_INPUT;
}

int cli_people(cli *c) {
  if (c->argc >= 1 && (strcmp(c->argv[0], "merge") == 0 || strcmp(c->argv[0], "alias") == 0 ||
                       strcmp(c->argv[0], "split") == 0))
    return people_correct(c);
  report_args r;
  memset(&r, 0, sizeof r);
  int n = 0, ambiguous = 0;
  char *rest[64];
  for (int i = 0; i < c->argc; i++) {
    if (strcmp(c->argv[i], "--ambiguous") == 0) ambiguous = 1;
    else if (n < 64) rest[n++] = c->argv[i];
    else return cli_usage("people", "too many arguments");
  }
  cli sub = *c;
  sub.argc = n;
  sub.argv = rest;
  int rc = parse(&sub, "people", 0, &r);
  if (rc != EXIT_OK) return rc;
  if (ambiguous) add_option(&r, "ambiguous", "yes");
  return render(c, "people", &r, "text", CLERK_OPEN_READONLY);
}

int cli_plugins(cli *c) {
  report_args r;
  memset(&r, 0, sizeof r);
  int rc = parse(c, "plugins", 0, &r);
  if (rc != EXIT_OK) return rc;
  return render(c, "plugins", &r, "text", -1);    /* needs no database */
}
