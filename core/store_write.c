/*
** store_write.c -- one transaction per imported source and the record
** writes inside it, through statements prepared once per handle.
*/
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#include "mem.h"

/* Longest name key kept; longer names share a key with their first 255 bytes. */
#define NAME_KEY_MAX 256

static const char *const stmt_sql[STMT_COUNT] = {
  [STMT_SOURCE_BY_SHA] = "SELECT id FROM source WHERE sha256 = ?1 LIMIT 1",
  [STMT_SOURCE_BY_PATH] = "SELECT id FROM source WHERE path = ?1",
  [STMT_SOURCE_DELETE] = "DELETE FROM source WHERE id = ?1",
  [STMT_SOURCE_INSERT] =
    "INSERT INTO source(path, sha256, format, importer, size) VALUES (?1, ?2, ?3, ?4, ?5)",
  /* The NOCASE comparison lets the body_name index answer; the exact one decides. */
  [STMT_BODY_FIND] =
    "SELECT id FROM body WHERE name = ?1 COLLATE NOCASE AND name = ?1 COLLATE BINARY"
    " AND organisation IS ?2 LIMIT 1",
  [STMT_BODY_INSERT] = "INSERT INTO body(name, organisation) VALUES (?1, ?2)",
  [STMT_MEETING_INSERT] =
    "INSERT INTO meeting(source_id, body_id, title, date, start, end_time, venue, chair,"
    " next_meeting, span_first, span_last, rule)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
  [STMT_PERSON_FIND] = "SELECT id, name FROM person WHERE key = ?1",
  [STMT_PERSON_INSERT] = "INSERT INTO person(name, key, surname) VALUES (?1, ?2, ?3)",
  [STMT_ALIAS_INSERT] =
    "INSERT INTO alias(person_id, alias, key) VALUES (?1, ?2, ?3)"
    " ON CONFLICT(person_id, key) DO NOTHING",
  [STMT_ATTENDANCE_INSERT] =
    "INSERT INTO attendance(meeting_id, person_id, name, status, role, organisation,"
    " substitute_for, span_first, span_last, rule)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
  [STMT_ITEM_INSERT] =
    "INSERT INTO item(meeting_id, position, number, title, text, presenter, time_slot,"
    " span_first, span_last, rule) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
  [STMT_DECISION_INSERT] =
    "INSERT INTO decision(item_id, position, text, span_first, span_last, rule)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_ACTION_INSERT] =
    "INSERT INTO action(meeting_id, item_id, position, text, due, due_text, status,"
    " span_first, span_last, rule, ref, said_status, text_key, body_id, meeting_date)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?7, ?12, ?13, ?14)",
  [STMT_REVIEW_INSERT] =
    "INSERT INTO review(meeting_id, body_id, meeting_date, position, ref, text_key, status,"
    " note, text, span_first, span_last, rule)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
  /* people whose full name ends in this surname (at most 3: one is an answer, more is ambiguous) */
  [STMT_PERSON_BY_SURNAME] = "SELECT id FROM person WHERE surname = ?1 ORDER BY id LIMIT 3",
  /* people known so far only by a surname ("Cllr Selman"), surname '=selman' */
  [STMT_SURNAME_ONLY] = "SELECT id FROM person WHERE surname = '=' || ?1 ORDER BY id",
  [STMT_PERSON_BY_ALIAS] =
    "SELECT person_id FROM alias WHERE key = ?1 ORDER BY person_id LIMIT 1",
  [STMT_OWNER_INSERT] =
    "INSERT INTO action_owner(action_id, position, name, key, person_id, is_group)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  /* The full-text rows of one source, written at its commit (schema v5;
  ** rowid = id*4 + kind, see store.c). */
  [STMT_FTS_ITEMS] =
    "INSERT INTO fts(rowid, text) SELECT i.id*4+0,"
    " trim(coalesce(i.title, '') || char(10) || coalesce(i.text, ''), char(10))"
    " FROM meeting m JOIN item i ON i.meeting_id = m.id"
    " WHERE m.source_id = ?1 AND (i.title IS NOT NULL OR i.text IS NOT NULL)",
  [STMT_FTS_DECISIONS] =
    "INSERT INTO fts(rowid, text) SELECT d.id*4+1, d.text"
    " FROM meeting m JOIN item i ON i.meeting_id = m.id JOIN decision d ON d.item_id = i.id"
    " WHERE m.source_id = ?1 AND d.text IS NOT NULL",
  [STMT_FTS_ACTIONS] =
    "INSERT INTO fts(rowid, text) SELECT a.id*4+2, a.text"
    " FROM meeting m JOIN action a ON a.meeting_id = m.id"
    " WHERE m.source_id = ?1 AND a.text IS NOT NULL",
};

static const char *const attendance_statuses[] = {
  "present", "apologies", "absent", "in_attendance", "substitute", NULL};
static const char *const action_statuses[] = {
  "open", "done", "dropped", "superseded", NULL};

static int one_of(const char *s, const char *const *list) {
  if (!s) return 0;
  for (; *list; list++)
    if (strcmp(s, *list) == 0) return 1;
  return 0;
}

/* The cached statement `id`, prepared on first use. NULL (message set) on failure. */
static sqlite3_stmt *stmt(store *st, enum store_stmt_id id) {
  if (!st->stmt[id]) {
    int rc = sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                                &st->stmt[id], NULL);
    if (rc != SQLITE_OK) {
      store_fail_sqlite(st, rc, "preparing a statement");
      sqlite3_finalize(st->stmt[id]);
      st->stmt[id] = NULL;
    }
  }
  return st->stmt[id];
}

sqlite3_stmt *store_stmt(store *st, enum store_stmt_id id) { return stmt(st, id); }

/* The status after stmt() returned NULL (its message is already set). */
static int prep_failed(store *st) {
  int code = store_status(sqlite3_errcode(st->db));
  return code == CLERK_OK ? CLERK_ERROR : code;
}

/* Ready a statement for its next use. */
static void done(sqlite3_stmt *s) {
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
}

/* Step a statement that returns no rows (an INSERT or DELETE), then reset
** it. On failure the message starts with `what`. */
static int run(store *st, sqlite3_stmt *s, const char *what) {
  int rc = sqlite3_step(s);
  int code = rc == SQLITE_DONE ? CLERK_OK : store_fail_sqlite(st, rc, what);
  done(s);
  return code;
}

/* run, then hand back the new row's id (when id is not NULL). */
static int run_insert(store *st, sqlite3_stmt *s, const char *what, int64_t *id) {
  int code = run(st, s, what);
  if (code == CLERK_OK && id) *id = sqlite3_last_insert_rowid(st->db);
  return code;
}

/* Step a lookup: 1 with *id set when a row came back, 0 when none, or
** -code on failure. The statement is left for the caller to read and reset. */
static int lookup(store *st, sqlite3_stmt *s, int64_t *id, const char *what) {
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    *id = sqlite3_column_int64(s, 0);
    return 1;
  }
  if (rc == SQLITE_DONE) return 0;
  return -store_fail_sqlite(st, rc, what);
}

static int bind_span(sqlite3_stmt *s, int i, store_span span, const char *rule) {
  int rc;
  if (span.first < 0) {
    rc = sqlite3_bind_null(s, i);
    if (rc == SQLITE_OK) rc = sqlite3_bind_null(s, i + 1);
  } else {
    rc = sqlite3_bind_int64(s, i, span.first);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(s, i + 1, span.last);
  }
  if (rc == SQLITE_OK) rc = store_bind_text(s, i + 2, rule);
  return rc;
}

/* A bind failed (out of memory or a value too big): record it, reset the statement. */
static int bind_failed(store *st, sqlite3_stmt *s, int rc, const char *what) {
  done(s);
  return store_fail_sqlite(st, rc, what);
}

static int check_importing(store *st, const char *fn) {
  if (!st) return CLERK_MISUSE;
  if (!st->importing)
    return store_fail(st, CLERK_MISUSE, "%s called outside an import", fn);
  return CLERK_OK;
}

static void forget_people(store *st);

/* -- transactions -------------------------------------------------------- */

/* What an open import kept about itself, dropped when it commits or rolls back. */
static void end_import(store *st) {
  st->importing = 0;
  st->source_id = 0;
  st->cur_body = 0;
  st->cur_date[0] = '\0';
  st->has_reviews = 0;
  st->own_reviews = 0;
  st->first_action = 0;
  forget_people(st);
}

int store_known_shas(store *st, store_sha **shas, size_t *n) {
  *shas = NULL;
  *n = 0;
  if (!st) return CLERK_MISUSE;
  sqlite3_stmt *s = NULL;
  /* BINARY collation compares bytes, as strcmp does */
  int rc = sqlite3_prepare_v2(st->db, "SELECT DISTINCT sha256 FROM source ORDER BY sha256",
                              -1, &s, NULL);
  size_t cap = 0;
  store_sha *v = NULL;
  while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    const char *t = (const char *)sqlite3_column_text(s, 0);
    if (!t || strlen(t) != 64) { rc = SQLITE_OK; continue; }
    if (*n == cap) {
      size_t ncap = cap ? cap * 2 : 64;
      store_sha *nv = clerk_realloc(v, ncap * sizeof *nv);
      if (!nv) { rc = SQLITE_NOMEM; break; }
      v = nv;
      cap = ncap;
    }
    memcpy(v[(*n)++], t, 65);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) {
    clerk_mfree(v);
    *n = 0;
    return store_fail_sqlite(st, rc, "listing the stored sources");
  }
  *shas = v;
  return CLERK_OK;
}

int store_import_begin(store *st, const store_source *src, int *unchanged, int *replaced) {
  if (unchanged) *unchanged = 0;
  if (replaced) *replaced = 0;
  if (!st) return CLERK_MISUSE;
  if (!src || !src->path || !src->sha256)
    return store_fail(st, CLERK_MISUSE, "store_import_begin: a source needs a path and a sha256");
  if (st->readonly) return store_fail(st, CLERK_READONLY, "%s: database is read-only", st->path);
  if (st->importing)
    return store_fail(st, CLERK_MISUSE, "%s: an import is already open", src->path);

  /* Take the write lock before looking, so nobody imports the same bytes
  ** between the look and the insert. */
  int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    int code = store_fail_sqlite(st, rc, src->path);
    if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return code;
  }
  st->importing = 1;
  forget_people(st);
  int code = CLERK_OK;
  int64_t old = 0;
  int found;
  sqlite3_stmt *s = stmt(st, STMT_SOURCE_BY_SHA);
  if (!s) goto fail;
  if ((rc = sqlite3_bind_text(s, 1, src->sha256, -1, SQLITE_TRANSIENT)) != SQLITE_OK) {
    code = bind_failed(st, s, rc, src->path);
    goto out;
  }
  found = lookup(st, s, &old, src->path);
  done(s);
  if (found < 0) { code = -found; goto out; }
  if (found) {
    if (unchanged) *unchanged = 1;
    store_import_rollback(st);
    return CLERK_OK;
  }

  if (!(s = stmt(st, STMT_SOURCE_BY_PATH))) goto fail;
  if ((rc = sqlite3_bind_text(s, 1, src->path, -1, SQLITE_TRANSIENT)) != SQLITE_OK) {
    code = bind_failed(st, s, rc, src->path);
    goto out;
  }
  found = lookup(st, s, &old, src->path);
  done(s);
  if (found < 0) { code = -found; goto out; }
  if (found) {
    /* ON DELETE CASCADE takes meetings and all below; triggers clear the FTS rows. */
    if ((code = store_link_touch_source(st, old)) != CLERK_OK) goto out;
    if (!(s = stmt(st, STMT_SOURCE_DELETE))) goto fail;
    if ((rc = sqlite3_bind_int64(s, 1, old)) != SQLITE_OK) {
      code = bind_failed(st, s, rc, src->path);
      goto out;
    }
    if ((code = run(st, s, src->path)) != CLERK_OK) goto out;
    if (replaced) *replaced = 1;
  }

  if (!(s = stmt(st, STMT_SOURCE_INSERT))) goto fail;
  rc = sqlite3_bind_text(s, 1, src->path, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(s, 2, src->sha256, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 3, src->format);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 4, src->importer);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(s, 5, src->size);
  if (rc != SQLITE_OK) {
    code = bind_failed(st, s, rc, src->path);
    goto out;
  }
  if ((code = run(st, s, src->path)) != CLERK_OK) goto out;
  st->source_id = sqlite3_last_insert_rowid(st->db);
  return CLERK_OK;

fail:
  code = prep_failed(st);
out:
  if (replaced) *replaced = 0;
  store_import_rollback(st);
  return code;
}

/* One statement a table: FTS5 flushes at each statement, so rows inserted
** together make one segment, not one each. */
static int index_source(store *st) {
  static const enum store_stmt_id ids[] = {STMT_FTS_ITEMS, STMT_FTS_DECISIONS, STMT_FTS_ACTIONS};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    sqlite3_stmt *s = stmt(st, ids[i]);
    if (!s) return prep_failed(st);
    int rc = sqlite3_bind_int64(s, 1, st->source_id);
    if (rc != SQLITE_OK) return bind_failed(st, s, rc, "indexing the import");
    int code = run(st, s, "indexing the import");
    if (code != CLERK_OK) return code;
  }
  return CLERK_OK;
}

int store_import_commit(store *st) {
  int code = check_importing(st, "store_import_commit");
  if (code != CLERK_OK) return code;
  if ((code = index_source(st)) != CLERK_OK || (code = store_link_source(st)) != CLERK_OK) {
    store_import_rollback(st);
    return code;
  }
  int rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    /* A failed COMMIT (say, busy) leaves the transaction open: undo it so
    ** the store is as it was. */
    code = store_fail_sqlite(st, rc, "committing the import");
    store_import_rollback(st);
    return code;
  }
  st->unsynced = 1;
  end_import(st);
  return CLERK_OK;
}

void store_sync(store *st) {
  if (!st || !st->db || !st->unsynced || st->importing) return;
  /* A passive checkpoint never waits for readers: it copies (and syncs) what
  ** no reader still needs. Then the WAL itself is synced, so every frame a
  ** reader kept from the copy is as durable as the database. */
  sqlite3_wal_checkpoint_v2(st->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  sqlite3_file *wal = NULL;
  if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) == SQLITE_OK &&
      wal && wal->pMethods)
    wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
  st->unsynced = 0;
}

void store_import_rollback(store *st) {
  if (!st || !st->db) return;
  for (int i = 0; i < STMT_COUNT; i++)
    if (st->stmt[i]) sqlite3_reset(st->stmt[i]);
  if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
  end_import(st);
}

/* -- found-or-created rows ----------------------------------------------- */

static int find_or_add_body(store *st, const char *name, const char *org, int64_t *id) {
  sqlite3_stmt *s = stmt(st, STMT_BODY_FIND);
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 2, org);
  if (rc != SQLITE_OK) return bind_failed(st, s, rc, "finding a body");
  int found = lookup(st, s, id, "finding a body");
  done(s);
  if (found) return found < 0 ? -found : CLERK_OK;

  if (!(s = stmt(st, STMT_BODY_INSERT))) return prep_failed(st);
  rc = sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 2, org);
  if (rc != SQLITE_OK) return bind_failed(st, s, rc, "adding a body");
  int code = run(st, s, "adding a body");
  if (code == CLERK_OK) *id = sqlite3_last_insert_rowid(st->db);
  return code;
}

/* Adds `name` as an alias of person `id` (nothing if it is already one). */
static int add_alias(store *st, int64_t id, const char *name, const char *key) {
  sqlite3_stmt *s = stmt(st, STMT_ALIAS_INSERT);
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_int64(s, 1, id);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(s, 3, key, -1, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) return bind_failed(st, s, rc, "adding an alias");
  return run(st, s, "adding an alias");
}

/* Person by key (person.key, then aliases): 1 found, 0 not, -code. */
static int person_by_key(store *st, const char *key, int64_t *id, const char **pname_out,
                         char *pname, size_t pname_sz) {
  sqlite3_stmt *s = stmt(st, STMT_PERSON_FIND);
  if (!s) return -prep_failed(st);
  int rc = sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) return -bind_failed(st, s, rc, "finding a person");
  int found = lookup(st, s, id, "finding a person");
  if (found > 0 && pname) {
    const char *n = (const char *)sqlite3_column_text(s, 1);
    snprintf(pname, pname_sz, "%s", n ? n : "");
    *pname_out = pname;
  }
  done(s);
  if (found) return found;
  if (!(s = stmt(st, STMT_PERSON_BY_ALIAS))) return -prep_failed(st);
  if ((rc = sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT)) != SQLITE_OK)
    return -bind_failed(st, s, rc, "finding an alias");
  found = lookup(st, s, id, "finding an alias");
  done(s);
  return found;
}

/* People with this surname among full names: their count (0..3), first in *id. */
static int by_surname(store *st, const char *surname, int64_t *id) {
  sqlite3_stmt *s = stmt(st, STMT_PERSON_BY_SURNAME);
  if (!s) return -prep_failed(st);
  int rc = sqlite3_bind_text(s, 1, surname, -1, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) return -bind_failed(st, s, rc, "finding a surname");
  int n = 0;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (n == 0) *id = sqlite3_column_int64(s, 0);
    n++;
  }
  done(s);
  if (rc != SQLITE_DONE) return -store_fail_sqlite(st, rc, "finding a surname");
  return n;
}

/* The person a name means, across every meeting of the database:
**   - the same name key, or an alias of somebody (officers' corrections
**     leave aliases, so they survive re-imports);
**   - the same name without titles ("Dr Jo Bloggs" is "Jo Bloggs");
**   - a surname alone ("Cllr Bloggs") is the one person with that surname
**     once the database knows a full name; with two or more it stays
**     unresolved (*id = 0, listed by `clerk people --ambiguous`);
**   - otherwise a new person. A new full name absorbs the people known
**     until now only by its surname, when it is the only full name so.
** The name as written becomes an alias when it differs from the person's.
** *id = 0 also when the name has no letters or digits to key on. */
static int resolve_person(store *st, const char *name, int64_t *id) {
  char key[NAME_KEY_MAX], pname[NAME_KEY_MAX];
  const char *found_name = NULL;
  store_name_key(name, key, sizeof key);
  *id = 0;
  if (!*key) return CLERK_OK;

  int found = person_by_key(st, key, id, &found_name, pname, sizeof pname);
  if (found < 0) return -found;
  if (found) {
    if (found_name && strcmp(found_name, name) != 0) return add_alias(st, *id, name, key);
    return CLERK_OK;
  }
  const char *bare = store_name_bare(key);
  if (bare != key && *bare) {
    found = person_by_key(st, bare, id, &found_name, pname, sizeof pname);
    if (found < 0) return -found;
    if (found) return add_alias(st, *id, name, key);
  }
  int single = strchr(bare, ' ') == NULL;
  if (single) {
    int n = by_surname(st, bare, id);
    if (n < 0) return -n;
    if (n == 1) return add_alias(st, *id, name, key);
    if (n > 1) { *id = 0; return CLERK_OK; }       /* ambiguous: two or more people fit */
  }

  const char *space = strrchr(bare, ' ');
  char surname[NAME_KEY_MAX];
  if (single) snprintf(surname, sizeof surname, "=%s", bare);   /* known only by a surname */
  else snprintf(surname, sizeof surname, "%s", space + 1);
  sqlite3_stmt *s = stmt(st, STMT_PERSON_INSERT);
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
  /* keyed without titles, so "Cllr Jo Bloggs" and "Jo Bloggs" meet */
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(s, 2, bare, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(s, 3, surname, -1, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) return bind_failed(st, s, rc, "adding a person");
  int code = run(st, s, "adding a person");
  if (code != CLERK_OK) return code;
  *id = sqlite3_last_insert_rowid(st->db);
  if (single) return CLERK_OK;

  /* a full name: the people known only as "Cllr <surname>" are this person,
  ** if nobody else has that full surname */
  int64_t other = 0;
  int n = by_surname(st, surname, &other);
  if (n < 0) return -n;
  if (n != 1) return CLERK_OK;
  int64_t olds[16];
  int nold = 0;
  if (!(s = stmt(st, STMT_SURNAME_ONLY))) return prep_failed(st);
  if ((rc = sqlite3_bind_text(s, 1, surname, -1, SQLITE_TRANSIENT)) != SQLITE_OK)
    return bind_failed(st, s, rc, "finding surnames");
  while ((rc = sqlite3_step(s)) == SQLITE_ROW && nold < 16) olds[nold++] = sqlite3_column_int64(s, 0);
  done(s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return store_fail_sqlite(st, rc, "finding surnames");
  for (int i = 0; i < nold; i++)
    if ((code = store_merge_people(st, *id, olds[i])) != CLERK_OK) return code;
  return CLERK_OK;
}

static void forget_people(store *st) {
  st->nseen = 0;
  st->next_seen = 0;
}

/* The person a name was resolved to earlier in the open import: 1 and *id
** when it is kept. */
static int person_seen(const store *st, const char *name, int64_t *id) {
  for (int i = 0; i < st->nseen; i++)
    if (strcmp(st->seen[i].name, name) == 0) {
      *id = st->seen[i].id;
      return 1;
    }
  return 0;
}

static void remember_person(store *st, const char *name, int64_t id) {
  size_t n = strlen(name);
  if (n >= sizeof st->seen[0].name) return;
  store_person_seen *e = &st->seen[st->next_seen];
  memcpy(e->name, name, n + 1);
  e->id = id;
  st->next_seen = (st->next_seen + 1) % STORE_PEOPLE_SEEN;
  if (st->nseen < STORE_PEOPLE_SEEN) st->nseen++;
}

/* resolve_person, remembered for the rest of an import: an answer found
** without writing stays the answer as long as no person or alias is written
** (resolving is the only writer of those during an import), so any write
** forgets them all. Outside an import nothing is kept. */
static int find_or_add_person(store *st, const char *name, int64_t *id) {
  if (!st->source_id) return resolve_person(st, name, id);
  if (person_seen(st, name, id)) return CLERK_OK;
  sqlite3_int64 before = sqlite3_total_changes64(st->db);
  int code = resolve_person(st, name, id);
  if (code == CLERK_OK && sqlite3_total_changes64(st->db) == before) remember_person(st, name, *id);
  else forget_people(st);
  return code;
}

static int bind_id_or_null(sqlite3_stmt *s, int i, int64_t id) {
  return id ? sqlite3_bind_int64(s, i, id) : sqlite3_bind_null(s, i);
}

/* -- records ------------------------------------------------------------- */

int store_add_meeting(store *st, const store_meeting_rec *m, int64_t *id) {
  int code = check_importing(st, "store_add_meeting");
  if (code != CLERK_OK) return code;
  if (!m) return store_fail(st, CLERK_MISUSE, "store_add_meeting: no meeting");
  int64_t body = 0;
  if (m->body && (code = find_or_add_body(st, m->body, m->organisation, &body)) != CLERK_OK)
    return code;
  sqlite3_stmt *s = stmt(st, STMT_MEETING_INSERT);
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_int64(s, 1, st->source_id);
  if (rc == SQLITE_OK) rc = bind_id_or_null(s, 2, body);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 3, m->title);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 4, m->date);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 5, m->start);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 6, m->end);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 7, m->venue);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 8, m->chair);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 9, m->next_meeting);
  if (rc == SQLITE_OK) rc = bind_span(s, 10, m->span, m->rule);
  if (rc != SQLITE_OK) return bind_failed(st, s, rc, "adding a meeting");
  code = run(st, s, "adding a meeting");
  if (code == CLERK_OK && id) *id = sqlite3_last_insert_rowid(st->db);
  st->cur_body = body;
  snprintf(st->cur_date, sizeof st->cur_date, "%s", m->date ? m->date : "");
  return code;
}

int store_add_attendance(store *st, int64_t meeting, const store_attendance_rec *a, int64_t *id) {
  int code = check_importing(st, "store_add_attendance");
  if (code != CLERK_OK) return code;
  if (!a) return store_fail(st, CLERK_MISUSE, "store_add_attendance: no attendance");
  if (!a->name || !*a->name)
    return store_fail(st, CLERK_FORMAT, "attendance without a name");
  if (!one_of(a->status, attendance_statuses))
    return store_fail(st, CLERK_FORMAT,
                      "attendance of '%s': status '%s' is not one of present, apologies,"
                      " absent, in_attendance, substitute",
                      a->name, a->status ? a->status : "(none)");
  int64_t person = 0;
  if ((code = find_or_add_person(st, a->name, &person)) != CLERK_OK) return code;
  sqlite3_stmt *s = stmt(st, STMT_ATTENDANCE_INSERT);
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_int64(s, 1, meeting);
  if (rc == SQLITE_OK) rc = bind_id_or_null(s, 2, person);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(s, 3, a->name, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(s, 4, a->status, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 5, a->role);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 6, a->organisation);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 7, a->substitute_for);
  if (rc == SQLITE_OK) rc = bind_span(s, 8, a->span, a->rule);
  if (rc != SQLITE_OK) return bind_failed(st, s, rc, "adding attendance");
  return run_insert(st, s, "adding attendance", id);
}

int store_add_item(store *st, int64_t meeting, const store_item_rec *it, int64_t *id) {
  int code = check_importing(st, "store_add_item");
  if (code != CLERK_OK) return code;
  if (!it) return store_fail(st, CLERK_MISUSE, "store_add_item: no item");
  sqlite3_stmt *s = stmt(st, STMT_ITEM_INSERT);
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_int64(s, 1, meeting);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(s, 2, it->position);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 3, it->number);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 4, it->title);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 5, it->text);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 6, it->presenter);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 7, it->time_slot);
  if (rc == SQLITE_OK) rc = bind_span(s, 8, it->span, it->rule);
  if (rc != SQLITE_OK) return bind_failed(st, s, rc, "adding an item");
  return run_insert(st, s, "adding an item", id);
}

int store_add_decision(store *st, int64_t item, const store_decision_rec *d, int64_t *id) {
  int code = check_importing(st, "store_add_decision");
  if (code != CLERK_OK) return code;
  if (!d) return store_fail(st, CLERK_MISUSE, "store_add_decision: no decision");
  sqlite3_stmt *s = stmt(st, STMT_DECISION_INSERT);
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_int64(s, 1, item);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(s, 2, d->position);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 3, d->text);
  if (rc == SQLITE_OK) rc = bind_span(s, 4, d->span, d->rule);
  if (rc != SQLITE_OK) return bind_failed(st, s, rc, "adding a decision");
  return run_insert(st, s, "adding a decision", id);
}

int store_add_action(store *st, int64_t meeting, int64_t item, const store_action_rec *a,
                     int64_t *id) {
  int code = check_importing(st, "store_add_action");
  if (code != CLERK_OK) return code;
  if (!a) return store_fail(st, CLERK_MISUSE, "store_add_action: no action");
  const char *status = a->status ? a->status : "open";
  if (!one_of(status, action_statuses))
    return store_fail(st, CLERK_FORMAT,
                      "action %d ('%.60s'): status '%s' is not one of open, done, dropped,"
                      " superseded", a->position, a->text ? a->text : "", status);
  sqlite3_stmt *s = stmt(st, STMT_ACTION_INSERT);
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_int64(s, 1, meeting);
  if (rc == SQLITE_OK) rc = bind_id_or_null(s, 2, item);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(s, 3, a->position);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 4, a->text);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 5, a->due);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 6, a->due_text);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(s, 7, status, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = bind_span(s, 8, a->span, a->rule);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 11, a->ref);
  char tkey[NAME_KEY_MAX];
  store_text_key(a->text, tkey, sizeof tkey);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(s, 12, tkey, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = bind_id_or_null(s, 13, st->cur_body);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 14, *st->cur_date ? st->cur_date : NULL);
  if (rc != SQLITE_OK) return bind_failed(st, s, rc, "adding an action");
  st->has_reviews = 1;
  int64_t new_id = 0;
  if ((code = run_insert(st, s, "adding an action", &new_id)) != CLERK_OK) return code;
  if (!st->first_action || new_id < st->first_action) st->first_action = new_id;
  if (id) *id = new_id;
  return CLERK_OK;
}

int store_add_action_owner(store *st, int64_t action, int position, const char *name,
                           int is_group) {
  int code = check_importing(st, "store_add_action_owner");
  if (code != CLERK_OK) return code;
  if (!name || !*name) return store_fail(st, CLERK_FORMAT, "action owner without a name");
  char key[NAME_KEY_MAX];
  store_name_key(name, key, sizeof key);
  int64_t person = 0;
  if (!is_group && (code = find_or_add_person(st, name, &person)) != CLERK_OK) return code;
  sqlite3_stmt *s = stmt(st, STMT_OWNER_INSERT);
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_int64(s, 1, action);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(s, 2, position);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(s, 3, name, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(s, 4, key, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = bind_id_or_null(s, 5, person);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(s, 6, is_group ? 1 : 0);
  if (rc != SQLITE_OK) return bind_failed(st, s, rc, "adding an action owner");
  return run(st, s, "adding an action owner");
}

static const char *const review_statuses[] = { "open", "done", "dropped", NULL };

int store_add_review(store *st, int64_t meeting, const store_review_rec *r, int64_t *id) {
  int code = check_importing(st, "store_add_review");
  if (code != CLERK_OK) return code;
  if (!r) return store_fail(st, CLERK_MISUSE, "store_add_review: no review");
  if (r->status && !one_of(r->status, review_statuses))
    return store_fail(st, CLERK_FORMAT, "review %d: status '%s' is not one of open, done, dropped",
                      r->position, r->status);
  if (!r->ref && !r->text)
    return store_fail(st, CLERK_FORMAT, "review %d: needs a ref or the text of its action",
                      r->position);
  sqlite3_stmt *s = stmt(st, STMT_REVIEW_INSERT);
  if (!s) return prep_failed(st);
  char tkey[NAME_KEY_MAX];
  store_text_key(r->text, tkey, sizeof tkey);
  int rc = sqlite3_bind_int64(s, 1, meeting);
  if (rc == SQLITE_OK) rc = bind_id_or_null(s, 2, st->cur_body);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 3, *st->cur_date ? st->cur_date : NULL);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(s, 4, r->position);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 5, r->ref);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 6, *tkey ? tkey : NULL);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 7, r->status);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 8, r->note);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 9, r->text);
  if (rc == SQLITE_OK) rc = bind_span(s, 10, r->span, r->rule);
  if (rc != SQLITE_OK) return bind_failed(st, s, rc, "adding a review");
  st->has_reviews = 1;
  st->own_reviews = 1;
  return run_insert(st, s, "adding a review", id);
}

/* For store_detail.c: the same find-or-create as meetings and attendance use. */
int store_body_id(store *st, const char *name, const char *org, int64_t *id) {
  return find_or_add_body(st, name, org, id);
}

int store_person_id(store *st, const char *name, int64_t *id) {
  return find_or_add_person(st, name, id);
}
