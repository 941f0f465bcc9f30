/*
** clerk.h -- the public C API of Clerk, an engine that turns the minutes of
** public meetings into data (meetings, attendance, items, decisions, actions).
**
** This header is the manual. Rules that hold for every function:
**   - Functions return an int status: CLERK_OK (0) or one of the codes below.
**     After a failure, clerk_errmsg(db) describes it in one line that names
**     the file and, where known, the line or element.
**   - Strings passed in are borrowed for the duration of the call only.
**   - Strings handed out in callbacks are owned by the library and valid only
**     until the callback returns; copy what you keep.
**   - Buffers handed out through a char** are malloc'd by the library; release
**     them with clerk_free().
**   - A clerk handle is not thread-safe; two handles are independent and may
**     live in one process, on one thread each.
**   - Signatures never change once released; a changed behaviour gets a new
**     function with a _v2 suffix.
*/
#ifndef CLERK_H
#define CLERK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this header. clerk_libversion_number() gives the library's. */
#define CLERK_VERSION        "0.3.2"
#define CLERK_VERSION_NUMBER 3002   /* major*1000000 + minor*1000 + patch */

/* Version of the Lua plugin contract (the `api` field every plugin states). */
#define CLERK_PLUGIN_API     1

/* Status codes. */
#define CLERK_OK        0   /* success */
#define CLERK_ERROR     1   /* generic failure; see clerk_errmsg */
#define CLERK_NOMEM     2   /* an allocation failed */
#define CLERK_IO        3   /* a file is missing, unreadable or unwritable */
#define CLERK_FORMAT    4   /* input is malformed or of no format we read */
#define CLERK_TOOBIG    5   /* input exceeds a size limit */
#define CLERK_DB        6   /* the database is corrupt or not a Clerk database */
#define CLERK_READONLY  7   /* the database cannot be written */
#define CLERK_SCHEMA    8   /* the database was made by a newer Clerk */
#define CLERK_PLUGIN    9   /* a plugin failed to load or raised an error */
#define CLERK_NOTFOUND 10   /* no such report, writer, importer or record */
#define CLERK_MISUSE   11   /* the API was called wrongly */
#define CLERK_SCRIPT   12   /* a user script raised an error */
#define CLERK_LIMIT    13   /* a script exceeded its time or memory limit */

/* An open database together with its plugin engine. Opaque. */
typedef struct clerk clerk;

/* Flags for clerk_open. */
#define CLERK_OPEN_READWRITE 0x0   /* default: open an existing database for writing */
#define CLERK_OPEN_READONLY  0x1   /* never write; fails on a missing file */
#define CLERK_OPEN_CREATE    0x2   /* create the file if it does not exist */

/*
** Open (and with CLERK_OPEN_CREATE, create) the database at `path`, bringing
** its schema up to date unless read-only. ":memory:" opens a private
** in-memory database. On success *out is a new handle. On failure *out is a
** handle that only serves clerk_errmsg() (or NULL when memory ran out), and
** must still be passed to clerk_close().
*/
int clerk_open(const char *path, int flags, clerk **out);

/* Close a handle and release everything it owns. clerk_close(NULL) is a no-op.
** Imports commit without waiting for the disk (WAL, synchronous=NORMAL);
** closing checkpoints them, so they are durable once this returns. */
void clerk_close(clerk *db);

/* The message of the last failure on `db` (owned by the library; valid until
** the next call on `db`). Never NULL. */
const char *clerk_errmsg(const clerk *db);

/* A static English description of a status code. Never NULL. */
const char *clerk_errstr(int code);

/* The library's version, as CLERK_VERSION and CLERK_VERSION_NUMBER. */
const char *clerk_libversion(void);
int clerk_libversion_number(void);

/* Release a buffer the library handed out. clerk_free(NULL) is a no-op. */
void clerk_free(void *p);

/*
** Plugins are searched, in order, in the colon-separated folders of `path`,
** then the user's folder ($XDG_CONFIG_HOME/clerk/plugins or
** ~/.config/clerk/plugins), then the installed plugins folder. Call before the
** first import or report; NULL restores the default ($CLERK_PLUGIN_PATH).
** An earlier folder's plugin of a given name hides a later one's.
*/
int clerk_set_plugin_path(clerk *db, const char *path);

/* Load a rules file (a Lua file returning a table of extraction rules: action
** markers, abbreviations, owner column names...) that importers receive.
** Call before the first import. NULL (the default) means the user's own
** rules file, $XDG_CONFIG_HOME/clerk/rules.lua (else ~/.config/clerk/rules.lua),
** when it exists; "" means no rules file at all. */
int clerk_set_rules(clerk *db, const char *path);

/* What one import did. */
typedef struct clerk_import_result {
  int unchanged;          /* 1: these bytes were imported before; nothing changed */
  int replaced;           /* 1: an earlier version of this source was replaced */
  int meetings, attendance, items, decisions, actions;
  int records;            /* other records: bodies, meeting-index entries, people */
  char importer[32];      /* name of the importer plugin that read the input */
} clerk_import_result;

/*
** Import the file at `path` in one transaction: on any failure nothing of it
** is kept. `format` names an importer plugin, or NULL to detect it from the
** name and first bytes. `result` may be NULL.
*/
int clerk_import_file(clerk *db, const char *path, const char *format,
                      clerk_import_result *result);

/* As clerk_import_file, for `len` bytes in memory; `name` identifies the
** source (a file name or URL) in the database and in error messages. */
int clerk_import_buffer(clerk *db, const char *name, const void *data,
                        size_t len, const char *format,
                        clerk_import_result *result);

/*
** (since 0.3.0) Import `n` files as clerk_import_file would, one after the
** other: each in its own transaction, in the order given, with the same
** results and messages. Reading and interpreting run on up to `jobs` worker
** threads (0: one per processor, at most 8, or none when the files average
** under 8 KiB, which go faster on one thread; 1: none), each with its own
** plugin engine; the calling thread alone writes to the database, in order,
** so actions link from meeting to meeting exactly as in a serial import.
** `done` (may be NULL) is called on the calling thread after each file, in
** order, with the file's index and path, its status (CLERK_OK or an error
** code), its result and, on failure, the message. It returns 0 to go on,
** nonzero to stop: files not yet written are then left out. Returns
** CLERK_OK when every file imported or was unchanged, else the status of
** the last failure, whose message clerk_errmsg gives.
*/
typedef int (*clerk_import_done)(void *ud, size_t index, const char *path, int status,
                                 const clerk_import_result *result, const char *errmsg);
int clerk_import_files(clerk *db, const char *const *paths, size_t n, const char *format,
                       int jobs, clerk_import_done done, void *ud);

/* Flags for clerk_text_buffer. */
#define CLERK_TEXT_ALL 0x1   /* also headers, footers and comments of a .docx */

/*
** (since 0.2.0) The plain text of a document in memory, as `clerk text` prints it: for a
** .docx, paragraphs separated by blank lines, table cells by tabs, one row a
** line, list items with the number Word shows, tracked changes accepted,
** footnotes at the end; UTF-8 text and Markdown pass through. Needs no
** handle. On success *out is a malloc'd NUL-terminated buffer of *len bytes
** (free with clerk_free); on failure returns a CLERK_* code and, when errmsg
** is not NULL, a malloc'd one-line reason in *errmsg (free with clerk_free).
*/
int clerk_text_buffer(const void *data, size_t len, int flags, char **out, size_t *len_out,
                      char **errmsg);
/*
** (since 0.2.0) Sync from a ModernGov site (its web service, mgWebService.asmx): the
** committees, then each committee's meetings, then each meeting, each
** response imported as it arrives (one transaction per response) under its
** URL as the source name. Resumable: what was fetched is remembered (URL,
** sha256, ETag/Last-Modified), so a second run asks the server only for
** what may have changed, and re-imports only what did. Polite: a delay
** between requests, retries with back-off on 5xx and time-outs, a
** User-Agent naming Clerk. `url` is the site's root (or its
** mgWebService.asmx). Returns CLERK_OK when the committee list was read,
** even if some meetings failed (see result->failed); progress, if given,
** is called once per request.
*/
typedef struct clerk_sync_options {
  const char *committee;     /* only this committee id; NULL: every committee */
  const char *since, *until; /* meeting dates, YYYY-MM-DD; NULL: no bound */
  long delay_ms;             /* between requests; <0: 1000 */
  long timeout_ms;           /* per request; 0: 60000 */
  int retries;               /* extra attempts on 5xx or time-out; <0: 3 */
  long backoff_ms;           /* first back-off, doubled each retry; 0: 1000 */
} clerk_sync_options;

typedef struct clerk_sync_progress {
  const char *stage;         /* "committees", "meetings" or "meeting" */
  const char *url;
  int done, total;           /* requests of this stage so far, and in all */
  const char *outcome;       /* "imported", "unchanged", "not modified",
                                "skipped", or "failed: why" */
} clerk_sync_progress;

typedef void (*clerk_sync_cb)(const clerk_sync_progress *p, void *ud);

typedef struct clerk_sync_result {
  int requests, imported, unchanged, not_modified, skipped, failed;
} clerk_sync_result;

int clerk_sync(clerk *db, const char *url, const clerk_sync_options *options,
               clerk_sync_cb progress, void *ud, clerk_sync_result *result);

/* Flags for clerk_extract. */
#define CLERK_EXTRACT_EXPLAIN 0x1   /* text showing each record's words and rule */

/*
** Read the file at `path` and write the meetings found in it to *out as
** interchange JSON (a malloc'd, NUL-terminated buffer of *len bytes), without
** touching the database. `format` as for clerk_import_file.
*/
int clerk_extract(clerk *db, const char *path, const char *format, int flags,
                  char **out, size_t *len);

/*
** Run the report plugin `report` and render it with the writer plugin
** `writer` ("markdown", "csv", "json", "html", ...). `options` is NULL or a
** NULL-terminated array of key, value string pairs passed to the report.
** On success *out is a malloc'd buffer of *len bytes (NUL-terminated too).
** A `report` of the form "script:PATH" runs the user's report file at PATH
** in a sandbox (no os.execute, io, load or C modules; limits on memory,
** instructions and time); a script stopped by a limit is CLERK_LIMIT.
*/
int clerk_report(clerk *db, const char *report, const char *writer,
                 const char *const *options, char **out, size_t *len);

/* As clerk_report, writing to the file at `path`. */
int clerk_report_file(clerk *db, const char *report, const char *writer,
                      const char *const *options, const char *path);

/*
** Run the Lua script at `path` with `argc` arguments in the global `arg`.
** The script sees `clerk` (the Lua module) and the global `db` for this
** database. Trusted: it runs with the full standard library.
*/
int clerk_run_script(clerk *db, const char *path, int argc,
                     const char *const *argv);

/*
** The action register (since 0.2.0). Officers' updates between meetings;
** each is recorded and survives re-importing the minutes it belongs to.
** `kind` is "done", "reopen", "note" (note required), "due" (value
** YYYY-MM-DD) or "reassign" (value: the new owner's name); `note` may be
** NULL. CLERK_NOTFOUND when there is no action `id`.
*/
int clerk_action_update(clerk *db, int64_t id, const char *kind,
                        const char *value, const char *note);

/*
** People corrections (since 0.2.0): "merge" (`other` becomes `name`: their
** rows and aliases move), "alias" (`other` is another way of writing
** `name`), "split" (`other` stops being an alias of `name` and becomes a
** person of its own). Recorded; they survive re-imports.
*/
int clerk_person_correct(clerk *db, const char *kind, const char *name,
                         const char *other);

/* One meeting, as handed to a clerk_meetings callback. */
typedef struct clerk_meeting {
  int64_t id;
  const char *body, *organisation, *title;
  const char *date, *start, *end;      /* YYYY-MM-DD, HH:MM; NULL if unknown */
  const char *venue, *chair, *next_meeting;
  const char *source;                  /* the file it was imported from */
} clerk_meeting;

/* One action with its context, as handed to a clerk_actions callback. */
typedef struct clerk_action {
  int64_t id, meeting_id;
  const char *text, *status, *due;     /* status: open, done, dropped, superseded */
  const char *const *owners;           /* n_owners names, as resolved */
  int n_owners;
  const char *meeting_date, *meeting_title, *body;
  const char *item_number, *item_title;
} clerk_action;

/* Filters; any NULL field matches everything. */
typedef struct clerk_filter {
  const char *body;        /* body name, exact, case-insensitive */
  const char *since;       /* meeting date >= YYYY-MM-DD */
  const char *until;       /* meeting date <= YYYY-MM-DD */
  const char *status;      /* actions only: open, done, dropped, superseded */
  const char *owner;       /* actions only: a person's name or alias */
} clerk_filter;

/* Callbacks return 0 to go on, non-zero to stop (the call then returns CLERK_OK). */
typedef int (*clerk_meeting_cb)(void *ud, const clerk_meeting *m);
typedef int (*clerk_action_cb)(void *ud, const clerk_action *a);

/* Visit meetings in date order. `filter` may be NULL. */
int clerk_meetings(clerk *db, const clerk_filter *filter, clerk_meeting_cb cb,
                   void *ud);

/* Visit actions in meeting date order, then item and position. */
int clerk_actions(clerk *db, const clerk_filter *filter, clerk_action_cb cb,
                  void *ud);

#ifdef __cplusplus
}
#endif
#endif /* CLERK_H */
