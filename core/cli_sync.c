/* cli_sync.c -- the 'sync' command: clerk_sync with progress on stderr.
**   clerk sync URL [--committee ID] [--since DATE] [--until DATE] [--delay MS]
** Test knobs (not in the synopsis): --timeout MS, --retries N, --backoff MS. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void progress(const clerk_sync_progress *p, void *ud) {
  (void)ud;
  fprintf(stderr, "clerk: sync [%d] %s %s: %s\n", p->done, p->stage, p->url, p->outcome);
}

static int number(const char *s, long *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < 0) return 0;
  *out = v;
  return 1;
}

int cli_sync(cli *c) {
  clerk_sync_options opt = { NULL, NULL, NULL, 1000, 0, -1, 0 };
  const char *url = NULL;
  for (int i = 0; i < c->argc; i++) {
    const char *a = c->argv[i];
    const char *v = i + 1 < c->argc ? c->argv[i + 1] : NULL;
    long n;
    if (strcmp(a, "--committee") == 0 || strcmp(a, "--since") == 0 || strcmp(a, "--until") == 0 ||
        strcmp(a, "--delay") == 0 || strcmp(a, "--timeout") == 0 || strcmp(a, "--retries") == 0 ||
        strcmp(a, "--backoff") == 0) {
      if (!v) return cli_usage("sync", "%s needs a value", a);
      i++;
      if (strcmp(a, "--committee") == 0) opt.committee = v;
      else if (strcmp(a, "--since") == 0) opt.since = v;
      else if (strcmp(a, "--until") == 0) opt.until = v;
      else if (!number(v, &n)) return cli_usage("sync", "%s needs a whole number, not '%s'", a, v);
      else if (strcmp(a, "--delay") == 0) opt.delay_ms = n;
      else if (strcmp(a, "--timeout") == 0) opt.timeout_ms = n;
      else if (strcmp(a, "--retries") == 0) opt.retries = (int)n;
      else opt.backoff_ms = n;
    } else if (a[0] == '-' && a[1]) {
      return cli_usage("sync", "unknown option '%s'", a);
    } else if (url) {
      return cli_usage("sync", "one URL only");
    } else {
      url = a;
    }
  }
  if (!url) return cli_usage("sync", "which site? give its URL");
  clerk *db = cli_open(c, CLERK_OPEN_CREATE);
  if (!db) return EXIT_INPUT;
  clerk_sync_result r;
  int rc = clerk_sync(db, url, &opt, progress, NULL, &r);
  if (rc != CLERK_OK) {
    cli_error("%s", clerk_errmsg(db));
    clerk_close(db);
    return rc == CLERK_MISUSE ? EXIT_USAGE : EXIT_INPUT;
  }
  printf("synced %s: %d request%s, %d imported, %d unchanged, %d not modified, %d skipped, %d failed\n",
         url, r.requests, r.requests == 1 ? "" : "s", r.imported, r.unchanged, r.not_modified,
         r.skipped, r.failed);
  clerk_close(db);
  return r.failed ? EXIT_INPUT : EXIT_OK;
}
