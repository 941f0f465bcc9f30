/*
** embed.c -- embedding Clerk in a C program: open a database, import a file,
** list the open actions, and render a report. Built and run by `make test`.
**
**   cc embed.c -Iinclude build/libclerk.a $(pkg-config --libs lua5.4 sqlite3 libxml-2.0 libzip) -lm
**   ./a.out clerk.db examples/minutes/002_fff9d0c971a28371.txt
*/
#include <stdio.h>
#include <stdlib.h>
#include "clerk.h"

static int print_action(void *ud, const clerk_action *a) {
  int *count = ud;
  printf("#%lld %s:", (long long)a->id, a->meeting_date ? a->meeting_date : "?");
  for (int i = 0; i < a->n_owners; i++) printf("%s %s", i ? "," : "", a->owners[i]);
  printf(" -- %s\n", a->text);
  (*count)++;
  return 0;                       /* 0: go on */
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s DATABASE MINUTES...\n", argv[0]);
    return 2;
  }
  if (clerk_libversion_number() != CLERK_VERSION_NUMBER)
    fprintf(stderr, "warning: header %s, library %s\n", CLERK_VERSION, clerk_libversion());

  clerk *db;
  int rc = clerk_open(argv[1], CLERK_OPEN_CREATE, &db);
  if (rc != CLERK_OK) {
    fprintf(stderr, "open: %s\n", clerk_errmsg(db));
    clerk_close(db);              /* a failed open still returns a handle */
    return 1;
  }
  for (int i = 2; i < argc; i++) {
    clerk_import_result r;
    if (clerk_import_file(db, argv[i], NULL, &r) != CLERK_OK) {
      fprintf(stderr, "import: %s\n", clerk_errmsg(db));
      clerk_close(db);
      return 1;
    }
    printf("%s: %d meeting(s), %d action(s)%s\n", argv[i], r.meetings, r.actions,
           r.unchanged ? " (unchanged)" : "");
  }

  clerk_filter open_only = { .status = "open" };
  int count = 0;
  if (clerk_actions(db, &open_only, print_action, &count) != CLERK_OK) {
    fprintf(stderr, "actions: %s\n", clerk_errmsg(db));
    clerk_close(db);
    return 1;
  }
  printf("%d open action(s)\n", count);

  char *csv;
  size_t len;
  const char *opts[] = { "status", "open", NULL };
  if (clerk_report(db, "actions", "csv", opts, &csv, &len) != CLERK_OK) {
    fprintf(stderr, "report: %s\n", clerk_errmsg(db));
    clerk_close(db);
    return 1;
  }
  printf("the CSV report is %zu bytes\n", len);
  clerk_free(csv);                /* buffers from the library go back to it */
  clerk_close(db);
  return 0;
}
