/*
** store.h -- Clerk's SQLite store: schema and migrations, one transaction per
** imported source, record writes through prepared statements, and cursors
** over meetings, actions, people and full-text search. Internal to core/;
** includes no Lua header, so it is tested with cmocka alone.
**
** Every function returns a CLERK_* status (clerk.h); on failure the store's
** message (store_errmsg) says what went wrong in one line.
*/
#ifndef CLERK_STORE_H
#define CLERK_STORE_H

#include <stdint.h>
#include <sqlite3.h>
#include "clerk.h"

/* The schema version this build writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 6

typedef struct store store;

/* Open or create the database at `path` (flags: CLERK_OPEN_*). Turns on
** foreign keys; turns on WAL and migrates forward unless read-only. Refuses a
** file that is not SQLite (CLERK_DB), a schema newer than this build
** (CLERK_SCHEMA), a file it cannot write (CLERK_READONLY), a missing file
** without CLERK_OPEN_CREATE (CLERK_IO). On failure *out is NULL and *errmsg
** (malloc'd, caller frees) says why, naming the path. */
int store_open(const char *path, int flags, store **out, char **errmsg);
void store_close(store *st);                 /* NULL is a no-op */
const char *store_errmsg(const store *st);   /* never NULL */
sqlite3 *store_sqlite(store *st);            /* for read-only queries */
int store_readonly(const store *st);

/* -- import: one transaction per source -------------------------------- */

typedef struct store_source {
  const char *path;       /* absolute path or URL identifying the source */
  const char *sha256;     /* 64 hex digits of the bytes */
  const char *format;     /* e.g. "text", "json" */
  const char *importer;   /* the plugin's name */
  int64_t size;
} store_source;

/* Begin importing `src`. If a source with the same sha256 is already stored,
** sets *unchanged = 1 and starts nothing (the caller stops there). Otherwise
** BEGIN IMMEDIATE, deletes the records of an earlier source with the same
** path (sets *replaced = 1), inserts the source row. */
int store_import_begin(store *st, const store_source *src, int *unchanged,
                       int *replaced);
int store_import_commit(store *st);
/* The sha256 (hex) of every stored source, sorted (strcmp order), in one
** allocation the caller frees: *n of them, each 65 bytes with its NUL.
** Threads look there without the store; a hint only, since
** store_import_begin makes the decision. CLERK_OK or an error code. */
typedef char store_sha[65];
int store_known_shas(store *st, store_sha **shas, size_t *n);
void store_import_rollback(store *st);       /* safe when nothing is open */

/* A byte range of the source a record came from; first = -1 when unknown. */
typedef struct store_span { int64_t first, last; } store_span;

typedef struct store_meeting_rec {
  const char *body, *organisation, *title, *date, *start, *end;
  const char *venue, *chair, *next_meeting;
  store_span span; const char *rule;
} store_meeting_rec;

typedef struct store_attendance_rec {
  const char *name, *status, *role, *organisation, *substitute_for;
  store_span span; const char *rule;
} store_attendance_rec;

typedef struct store_item_rec {
  int position; const char *number, *title, *text, *presenter, *time_slot;
  store_span span; const char *rule;
} store_item_rec;

typedef struct store_decision_rec {
  int position; const char *text; store_span span; const char *rule;
} store_decision_rec;

typedef struct store_action_rec {
  int position; const char *text, *due, *due_text, *status;
  store_span span; const char *rule;
  const char *ref;        /* printed reference ("13", "HSP07"), or NULL */
} store_action_rec;

/* A later meeting's word on earlier actions: "Actions 7 and 8 to be
** closed" is one review per reference. ref NULL: the review names its action
** by text (a re-listed action, "carried over"). status: open, done, dropped
** or NULL (a note only, e.g. a RAG rating). */
typedef struct store_review_rec {
  int position; const char *ref, *status, *note, *text;
  store_span span; const char *rule;
} store_review_rec;

/* Record writes, valid only between store_import_begin and commit. A NULL
** string stores NULL. The body row is found or created by (name,
** organisation). Attendance and non-group owners find or create the person
** by name key (lower case, punctuation dropped, spaces folded). */
int store_add_meeting(store *st, const store_meeting_rec *m, int64_t *id);
int store_add_attendance(store *st, int64_t meeting,
                         const store_attendance_rec *a, int64_t *id);
int store_add_item(store *st, int64_t meeting, const store_item_rec *it,
                   int64_t *id);
int store_add_decision(store *st, int64_t item, const store_decision_rec *d,
                       int64_t *id);
/* item may be 0 for a meeting-level action. */
int store_add_action(store *st, int64_t meeting, int64_t item,
                     const store_action_rec *a, int64_t *id);
/* -- committee-system records (store_detail.c, schema v2) ------------------ */
/* A meeting's status as published ("Cancelled") and the system's id for it. */
int store_set_meeting_detail(store *st, int64_t meeting, const char *status,
                             const char *external_id);
typedef struct store_body_rec {
  const char *name, *organisation, *external_id, *category;
  int expired, deleted;      /* -1: not said */
} store_body_rec;
int store_add_body_detail(store *st, const store_body_rec *b);
typedef struct store_listing_rec {
  const char *body, *organisation, *external_id, *date, *start, *status;
} store_listing_rec;
int store_add_listing(store *st, const store_listing_rec *l);
typedef struct store_person_rec {
  const char *name, *external_id, *party, *ward, *roles;   /* roles: "; "-joined */
} store_person_rec;
int store_add_person_detail(store *st, const store_person_rec *p);
/* item may be 0 for a meeting's own document. */
int store_add_document(store *st, int64_t meeting, int64_t item, const char *external_id,
                       const char *title, const char *url, const char *published);
int store_add_attendance_other(store *st, int64_t meeting, const char *name,
                               const char *attendance, const char *role);
/* Schema v4. A meeting's planned start and end (HH:MM) as the committee
** system announced them, and `origin`: the file a meeting was first read
** from when it comes back from an interchange file (so an export names it
** again). NULLs store NULL. */
int store_set_meeting_plan(store *st, int64_t meeting, const char *planned_start,
                           const char *planned_end, const char *origin);
/* An agenda item held in private (ModernGov `isrestricted`): 1, 0, or -1
** not said (stores NULL). */
int store_set_item_restricted(store *st, int64_t item, int restricted);
/* An officer's update carried by an interchange file, re-recorded on the
** action just added, anchored to the current source like one made by
** store_action_update. An identical update already anchored there (the same
** file imported again) is not added twice. created_at NULL: now. */
typedef struct store_update_rec {
  const char *kind, *value, *old_value, *note, *created_at;
} store_update_rec;
int store_add_action_update_rec(store *st, int64_t action, const store_update_rec *u);
/* clerk sync's fetch memory (outside imports). Strings are copied into the
** record's buffers; found = 0 when the URL was never fetched. */
typedef struct store_fetch_rec {
  char sha256[65], etag[256], last_modified[128], listing[128];
  int complete;
} store_fetch_rec;
int store_fetch_get(store *st, const char *url, store_fetch_rec *r, int *found);
int store_fetch_put(store *st, const char *url, const store_fetch_rec *r);
/* Find or create: used by the above and by store_write.c. */
int store_body_id(store *st, const char *name, const char *org, int64_t *id);
int store_person_id(store *st, const char *name, int64_t *id);

int store_add_action_owner(store *st, int64_t action, int position,
                           const char *name, int is_group);
int store_add_review(store *st, int64_t meeting, const store_review_rec *r,
                     int64_t *id);

/* -- the linker (store_link.c) -------------------------------------------
** Run by store_import_commit inside the import's transaction: ties the new
** source's reviews and re-listed actions to earlier actions of the same
** body, re-ties later meetings' reviews to the new actions (imports may come
** out of order), replays manual updates and people corrections, and
** recomputes the current status of every action it touched. Every lookup
** goes through an index: the work is proportional to the source. */
int store_link_source(store *st);

/* Key of an action's text for matching a re-listed action: lower-case
** significant words, parentheses dropped, at most 8 words. */
void store_text_key(const char *text, char *out, size_t outsz);

/* -- the register: manual updates and people corrections (store_register.c)
** Each is its own transaction; each is recorded so a re-import replays it. */
/* kind: "done", "reopen", "due" (value YYYY-MM-DD), "reassign" (value a
** name), "note". CLERK_NOTFOUND when there is no such action. */
int store_action_update(store *st, int64_t action, const char *kind,
                        const char *value, const char *note);
/* kind: "merge" (name absorbs other), "alias" (other is another way of
** writing name), "split" (other is no longer name's alias; it becomes its
** own person). CLERK_NOTFOUND when a name matches nobody. */
int store_person_correct(store *st, const char *kind, const char *name,
                         const char *other);

/* -- cursors ------------------------------------------------------------ */

typedef struct store_cursor store_cursor;

/* Open a cursor; step it with the matching *_next, which returns CLERK_OK
** with a row, CLERK_NOTFOUND at the end, or an error. Row strings stay valid
** until the next step or store_cursor_close. */
int store_meetings_open(store *st, const clerk_filter *f, store_cursor **out);
int store_meetings_next(store_cursor *c, clerk_meeting *row);

int store_actions_open(store *st, const clerk_filter *f, store_cursor **out);
int store_actions_next(store_cursor *c, clerk_action *row);

typedef struct store_person_row {
  int64_t id; const char *name;
  const char *const *aliases; int n_aliases;
  int meetings;            /* meetings attended (any status) */
  int actions;             /* actions owned */
} store_person_row;
int store_people_open(store *st, store_cursor **out);
int store_people_next(store_cursor *c, store_person_row *row);

typedef struct store_search_row {
  const char *kind;        /* "item", "decision" or "action" */
  const char *snippet;     /* matching text with [brackets] round hits */
  int64_t meeting_id; const char *meeting_date, *meeting_title, *body;
  const char *item_number, *item_title;
} store_search_row;
/* `query` is FTS5 syntax; a syntax error is CLERK_FORMAT with a message. */
int store_search_open(store *st, const char *query, store_cursor **out);
int store_search_next(store_cursor *c, store_search_row *row);

void store_cursor_close(store_cursor *c);    /* NULL is a no-op */

/* Lower-cased, punctuation-free, space-folded key of a name, written into
** out (size outsz, always NUL-terminated). Used for people and aliases. */
void store_name_key(const char *name, char *out, size_t outsz);

/* The key without leading titles ("cllr", "dr", "supt"...): a pointer into
** `key`. Never empty unless key is. */
const char *store_name_bare(const char *key);

#endif
