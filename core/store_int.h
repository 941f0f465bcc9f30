/*
** store_int.h -- what the store's own files (store.c, store_write.c,
** store_query.c) share: the handle's layout and error helpers. Nothing
** outside core/store*.c includes it.
*/
#ifndef CLERK_STORE_INT_H
#define CLERK_STORE_INT_H

#include "store.h"

/* Statements an import uses over and over: prepared once per handle on first
** use, reset and cleared after each use, finalised by store_close. */
enum store_stmt_id {
  STMT_SOURCE_BY_SHA, STMT_SOURCE_BY_PATH, STMT_SOURCE_DELETE, STMT_SOURCE_INSERT,
  STMT_BODY_FIND, STMT_BODY_INSERT, STMT_MEETING_INSERT,
  STMT_PERSON_FIND, STMT_PERSON_INSERT, STMT_ALIAS_INSERT,
  STMT_ATTENDANCE_INSERT, STMT_ITEM_INSERT, STMT_DECISION_INSERT,
  STMT_ACTION_INSERT, STMT_OWNER_INSERT, STMT_REVIEW_INSERT, STMT_PERSON_BY_ALIAS,
  STMT_PERSON_BY_SURNAME, STMT_SURNAME_ONLY,
  STMT_FTS_ITEMS, STMT_FTS_DECISIONS, STMT_FTS_ACTIONS,
  STMT_COUNT
};

/* Room for the linker's cached statements (store_link.c checks it). */
#define STORE_LINK_STMTS 32

/* Names an import resolved to a person without writing anything (see
** store_write.c): an owner of several actions is looked up once. */
#define STORE_PEOPLE_SEEN 32
typedef struct store_person_seen {
  char name[64];           /* as written; longer names are not kept */
  int64_t id;
} store_person_seen;

struct store {
  sqlite3 *db;
  char *path;              /* as given to store_open, for messages */
  int readonly;
  int importing;           /* between store_import_begin and commit/rollback */
  int64_t source_id;       /* the source row of the open import */
  sqlite3_stmt *stmt[STMT_COUNT];
  sqlite3_stmt *link_stmt[STORE_LINK_STMTS];  /* the linker's, kept the same way */
  int unsynced;            /* imports committed since the last checkpoint */
  int64_t cur_body;        /* the body and date of the meeting being written */
  char cur_date[32];
  int has_reviews;         /* the open import wrote reviews or actions */
  int own_reviews;         /* it wrote reviews */
  int64_t first_action;    /* the lowest id of an action it wrote (0: none) */
  store_person_seen seen[STORE_PEOPLE_SEEN];   /* the open import's */
  int nseen, next_seen;    /* entries in use; the one to replace next */
  char msg[512];           /* the last failure, one line */
};

/* Set the store's message (printf-style, newlines flattened) and return code. */
int store_fail(store *st, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record an SQLite failure: "what: sqlite's message" and the matching
** CLERK_* code, which is returned. */
int store_fail_sqlite(store *st, int rc, const char *what);

/* The CLERK_* code for an SQLite result code. */
int store_status(int sqlite_rc);

/* Bind a C string, or NULL, as text (SQLITE_TRANSIENT: the caller's string
** is only borrowed for the call). */
int store_bind_text(sqlite3_stmt *s, int i, const char *v);

/* The cached statement `id` (store_write.c), prepared on first use. */
sqlite3_stmt *store_stmt(store *st, enum store_stmt_id id);

/* The linker's bookkeeping (store_link.c): remember the actions a source's
** reviews speak of before the source is replaced, and recompute the status
** of every action remembered since. */
int store_link_touch_source(store *st, int64_t source);
int store_link_recompute(store *st);

/* Make the imports committed so far durable: with synchronous=NORMAL a
** commit does not sync the WAL, so this checkpoints what it can and syncs
** the WAL -- once per batch (store_close) instead of once per file. */
void store_sync(store *st);

/* Finalise the linker's cached statements (store_close). */
void store_link_close(store *st);

/* Replace the owners of `action` by the one person `name` (store_register.c;
** inside a transaction of the caller's). */
int store_replace_owner(store *st, int64_t action, const char *name);

/* Move everything of person `from` to person `to` (store_register.c). */
int store_merge_people(store *st, int64_t to, int64_t from);

#endif
