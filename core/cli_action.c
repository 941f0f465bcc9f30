/*
** cli_action.c -- the 'action' command: an officer's update of one action
** between meetings (done, reopen, due, reassign, note) and its history
** (show, rendered by the action-history report in any format).
*/
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_id(const char *s, int64_t *id) {
  char *end = NULL;
  if (!s || *s == '#') s = s ? s + 1 : s;
  long long v = s ? strtoll(s, &end, 10) : 0;
  if (!s || !*s || *end || v <= 0) return -1;
  *id = (int64_t)v;
  return 0;
}

static int show(cli *c, const char *id) {
  const char *format = "text", *output = NULL;
  for (int i = 2; i < c->argc; i++) {
    if ((strcmp(c->argv[i], "--format") == 0 || strcmp(c->argv[i], "-f") == 0) && i + 1 < c->argc)
      format = c->argv[++i];
    else if ((strcmp(c->argv[i], "-o") == 0 || strcmp(c->argv[i], "--output") == 0) && i + 1 < c->argc)
      output = c->argv[++i];
    else return cli_usage("action", "unexpected argument '%s'", c->argv[i]);
  }
  clerk *db = cli_open(c, CLERK_OPEN_READONLY);
  if (!db) return EXIT_INPUT;
  const char *opts[] = { "id", id, NULL };
  int rc;
  if (output) rc = clerk_report_file(db, "action", format, opts, output);
  else {
    char *out = NULL;
    size_t len = 0;
    rc = clerk_report(db, "action", format, opts, &out, &len);
    if (rc == CLERK_OK) { fwrite(out, 1, len, stdout); clerk_free(out); }
  }
  if (rc != CLERK_OK) cli_error("%s", clerk_errmsg(db));
  clerk_close(db);
  return rc == CLERK_OK ? EXIT_OK : rc == CLERK_MISUSE ? EXIT_USAGE : EXIT_INPUT;
}

int cli_action(cli *c) {
  if (c->argc < 2) return cli_usage("action", "which update, and of which action?");
  const char *verb = c->argv[0];
  int64_t id;
  if (parse_id(c->argv[1], &id) < 0)
    return cli_usage("action", "'%s' is not an action number (see 'clerk actions')", c->argv[1]);
  if (strcmp(verb, "show") == 0) return show(c, c->argv[1][0] == '#' ? c->argv[1] + 1 : c->argv[1]);

  const char *value = NULL, *note = NULL;
  int i = 2;
  if (strcmp(verb, "due") == 0 || strcmp(verb, "reassign") == 0) {
    if (c->argc < 3) return cli_usage("action", "%s needs a %s", verb,
                                      verb[0] == 'd' ? "date (YYYY-MM-DD)" : "name");
    value = c->argv[i++];
  } else if (strcmp(verb, "note") == 0) {
    if (c->argc < 3) return cli_usage("action", "note needs its text");
    note = c->argv[i++];
  } else if (strcmp(verb, "done") && strcmp(verb, "reopen")) {
    return cli_usage("action", "no update named '%s' (done, reopen, due, reassign, note, show)", verb);
  }
  for (; i < c->argc; i++) {
    if (strcmp(c->argv[i], "--note") == 0 && i + 1 < c->argc) note = c->argv[++i];
    else return cli_usage("action", "unexpected argument '%s'", c->argv[i]);
  }
  clerk *db = cli_open(c, CLERK_OPEN_READWRITE);
  if (!db) return EXIT_INPUT;
  int rc = clerk_action_update(db, id, verb, value, note);
  if (rc != CLERK_OK) cli_error("%s", clerk_errmsg(db));
  else printf("action #%lld: %s%s%s\n", (long long)id, verb, value ? " " : "", value ? value : "");
  clerk_close(db);
  return rc == CLERK_OK ? EXIT_OK : rc == CLERK_MISUSE ? EXIT_USAGE : EXIT_INPUT;
}
