/*
** main.c -- the clerk command: global options, the command table, help.
** A thin client: every command is a call into include/clerk.h.
*/
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

typedef struct command {
  const char *name;
  int (*run)(cli *c);
  const char *synopsis;
  const char *help;
} command;

static const command COMMANDS[] = {
  { "import", cli_import,
    "clerk [--db PATH] import [--format NAME] [--rules FILE] [--jobs N] [--quiet] FILE|DIR...",
    "Import minutes into the database, one transaction per file. Folders are read\n"
    "recursively. Importing the same bytes again changes nothing; a changed file\n"
    "replaces what its earlier version gave. Files are read and interpreted on\n"
    "--jobs threads (default: one per processor, at most 8; one for files under\n"
    "8 KiB on average) and written in the order given, so the result is the\n"
    "same as with --jobs 1." },
  { "extract", cli_extract, "clerk extract [--format NAME] [--rules FILE] [--explain] FILE",
    "Print the meetings found in FILE as interchange JSON, touching no database.\n"
    "--explain shows instead, for each record, the words it came from and the rule\n"
    "that produced it." },
  { "text", cli_text, "clerk text [--all] FILE...",
    "Print the plain text of a document (.docx, text): paragraphs separated by\n"
    "blank lines, table cells by tabs, one row a line; tracked changes accepted,\n"
    "footnotes at the end. --all adds a .docx's headers, footers and comments." },
  { "sync", cli_sync, "clerk [--db PATH] sync URL [--committee ID] [--since DATE] [--until DATE] [--delay MS]",
    "Fetch meetings from a ModernGov site and import them as they arrive." },
  { "action", cli_action, "clerk [--db PATH] action done|reopen|due|reassign|note|show ID [ARGS...]",
    "Update or show one action (IDs as 'clerk actions' prints them):\n"
    "  action done ID [--note TEXT]      mark it done\n"
    "  action reopen ID [--note TEXT]    open it again\n"
    "  action due ID YYYY-MM-DD          set its due date\n"
    "  action reassign ID NAME           give it to someone else\n"
    "  action note ID TEXT               add a note to its history\n"
    "  action show ID [--format FMT]     its history: which meeting said what, with the words\n"
    "Updates are kept and survive re-importing the minutes." },
  { "actions", cli_actions,
    "clerk [--db PATH] actions [--open|--all] [--owner NAME] [--body NAME] [--since DATE] [--group owner|meeting] [--format FMT] [-o FILE]",
    "List actions (open ones by default), grouped by owner." },
  { "report", cli_report, "clerk [--db PATH] report NAME|--script FILE.lua [--format FMT] [-o FILE] [--OPTION VALUE...]",
    "Run a report plugin and write it in a format (text, markdown, html, csv, json,\n"
    "docx, ics). Other --OPTION VALUE pairs go to the report; 'clerk plugins' lists\n"
    "reports. --script runs your own report file in a sandbox: no os.execute, io or C\n"
    "modules, and limits on memory, instructions and time (CLERK_SCRIPT_MAX_MB,\n"
    "CLERK_SCRIPT_MAX_STEPS, CLERK_SCRIPT_MAX_SECONDS); see scripts/report-*.lua." },
  { "export", cli_export, "clerk [--db PATH] export [--json] [--body NAME] [--since DATE] [-o FILE]",
    "Write every meeting in the interchange JSON format (which 'clerk import' reads back)." },
  { "search", cli_search, "clerk [--db PATH] search QUERY",
    "Full-text search over item text, decisions and actions (SQLite FTS5 syntax)." },
  { "people", cli_people, "clerk [--db PATH] people [--ambiguous] | people merge|alias|split NAME OTHER",
    "List people, one a line, with their aliases. One person per real person across\n"
    "meetings: titles are ignored (\"Dr Jo Bloggs\" is Jo Bloggs) and a surname alone\n"
    "(\"Cllr Bloggs\") is the one person of that surname once a full name is known.\n"
    "  people --ambiguous            names that could be two people (left unlinked)\n"
    "  people merge NAME OTHER       OTHER is the same person as NAME\n"
    "  people alias NAME ALIAS       ALIAS is another way of writing NAME\n"
    "  people split NAME ALIAS       ALIAS is somebody else: a person of their own\n"
    "Corrections are kept and survive re-imports." },
  { "run", cli_run, "clerk [--db PATH] run SCRIPT.lua [ARGS...]",
    "Run a trusted Lua script with `clerk` (the module) and `db` (this database)." },
  { "plugins", cli_plugins, "clerk plugins",
    "List the plugins found, where, and those that failed to load." },
  { NULL, NULL, NULL, NULL } };

static const command *find_command(const char *name) {
  for (const command *c = COMMANDS; c->name; c++)
    if (strcmp(c->name, name) == 0) return c;
  return NULL;
}

static void vreport(const char *fmt, va_list ap) {
  fputs("clerk: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
}

void cli_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(fmt, ap);
  va_end(ap);
}

int cli_usage(const char *name, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(fmt, ap);
  va_end(ap);
  const command *c = name ? find_command(name) : NULL;
  if (c) fprintf(stderr, "usage: %s\n", c->synopsis);
  else fputs("usage: clerk [--db PATH] COMMAND [ARGS...]; see 'clerk help'\n", stderr);
  return EXIT_USAGE;
}

clerk *cli_open(const cli *c, int flags) {
  clerk *db = NULL;
  int rc = clerk_open(c->db_path, flags, &db);
  if (rc == CLERK_OK && c->plugins) rc = clerk_set_plugin_path(db, c->plugins);
  if (rc != CLERK_OK) {
    cli_error("%s", clerk_errmsg(db));
    clerk_close(db);
    return NULL;
  }
  return db;
}

static void help_all(FILE *out) {
  fputs("clerk -- turn the minutes of public meetings into data\n\n"
        "usage: clerk [--db PATH] [--plugins PATH] COMMAND [ARGS...]\n\n"
        "commands:\n", out);
  for (const command *c = COMMANDS; c->name; c++) fprintf(out, "  %s\n", c->synopsis);
  fputs("  clerk help [COMMAND]\n  clerk --version\n\n"
        "The database is --db PATH, else $CLERK_DB, else ./clerk.db.\n"
        "Plugins are searched in --plugins PATH or $CLERK_PLUGIN_PATH (colon-separated),\n"
        "then ~/.config/clerk/plugins, then the installed plugins folder.\n"
        "Exit status: 0 success, 1 bad input or failure (nothing written), 2 usage error.\n", out);
}

static int help(int argc, char **argv) {
  if (argc < 1) { help_all(stdout); return EXIT_OK; }
  const command *c = find_command(argv[0]);
  if (!c) return cli_usage(NULL, "no command named '%s'", argv[0]);
  printf("usage: %s\n\n%s\n", c->synopsis, c->help);
  return EXIT_OK;
}

/* glibc gives freed heap back to the kernel as soon as 128 KiB sit free at
** its top, and then takes it again for the next file: an import spent a
** third of its time in brk and page faults. Keep the heap a process has grown. */
static void keep_heap(void) {
#ifdef __GLIBC__
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_TOP_PAD, 4 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

int main(int argc, char **argv) {
  keep_heap();
  cli c = { NULL, NULL, 0, NULL };
  c.db_path = getenv("CLERK_DB");
  if (!c.db_path || !*c.db_path) c.db_path = "clerk.db";
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
      printf("clerk %s (library %s, plugin API %d)\n", CLERK_VERSION, clerk_libversion(), CLERK_PLUGIN_API);
      return EXIT_OK;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      help_all(stdout);
      return EXIT_OK;
    } else if (strcmp(a, "--db") == 0 || strcmp(a, "--plugins") == 0) {
      if (i + 1 >= argc) return cli_usage(NULL, "%s needs a value", a);
      if (a[2] == 'd') c.db_path = argv[++i]; else c.plugins = argv[++i];
    } else if (strncmp(a, "--db=", 5) == 0) {
      c.db_path = a + 5;
    } else if (strncmp(a, "--plugins=", 10) == 0) {
      c.plugins = a + 10;
    } else {
      return cli_usage(NULL, "unknown option '%s'", a);
    }
  }
  if (i >= argc) { help_all(stderr); return EXIT_USAGE; }
  const char *name = argv[i];
  c.argc = argc - i - 1;
  c.argv = argv + i + 1;
  if (strcmp(name, "help") == 0) return help(c.argc, c.argv);
  const command *cmd = find_command(name);
  if (!cmd) return cli_usage(NULL, "no command named '%s'", name);
  for (int j = 0; j < c.argc; j++) {
    if (strcmp(c.argv[j], "--help") == 0 || strcmp(c.argv[j], "-h") == 0) {
      char *args[] = { (char *)name };
      return help(1, args);
    }
    if (strcmp(c.argv[j], "--") == 0) break;
  }
  return cmd->run(&c);
}
