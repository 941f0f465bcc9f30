/*
** cli.h -- what the command-line client's files share: the parsed global
** options, exit codes, and one function per command.
*/
#ifndef CLERK_CLI_H
#define CLERK_CLI_H

#include "clerk.h"

/* Exit codes: the contract of the clerk command. */
#define EXIT_OK     0
#define EXIT_INPUT  1   /* bad input or a failed operation; nothing written */
#define EXIT_USAGE  2   /* wrong command line */

typedef struct cli {
  const char *db_path;     /* --db, $CLERK_DB, or ./clerk.db */
  const char *plugins;     /* --plugins PATH (else $CLERK_PLUGIN_PATH) */
  int argc;                /* the command's own arguments */
  char **argv;
} cli;

/* Opens the database; prints the error and returns NULL on failure. */
clerk *cli_open(const cli *c, int flags);
/* Prints "clerk: MESSAGE" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a usage error and the command's synopsis; returns EXIT_USAGE. */
int cli_usage(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int cli_import(cli *c);
int cli_extract(cli *c);
int cli_report(cli *c);
int cli_actions(cli *c);
int cli_export(cli *c);
int cli_search(cli *c);
int cli_people(cli *c);
int cli_plugins(cli *c);
int cli_run(cli *c);
int cli_text(cli *c);      /* cli_text.c */
int cli_sync(cli *c);      /* cli_sync.c */
int cli_action(cli *c);    /* cli_action.c */

#endif
