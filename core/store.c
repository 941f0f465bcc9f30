/*
** store.c -- opening Clerk's SQLite database: classifying what is at the
** path, connection settings, and the schema with its forward migrations.
*/
#include "store_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "mem.h"

/* How long a writer waits for another process's lock before giving up. */
#define STORE_BUSY_TIMEOUT_MS 5000

/*
** Schema version 1. Every row extracted from a source keeps its span (first
** and last byte in the source) and the interpreter rule that produced it.
** Deleting a source cascades to everything read from it; people and bodies
** outlive sources because the linker ties them across meetings.
*/
static const char schema_v1[] =
  /* A file imported. Same sha256 again is a no-op; same path with other
  ** bytes replaces the old rows. */
  "CREATE TABLE source(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  path TEXT NOT NULL UNIQUE,\n"
  "  sha256 TEXT NOT NULL,\n"
  "  format TEXT, importer TEXT, size INTEGER,\n"
  "  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));\n"
  "CREATE INDEX source_sha256 ON source(sha256);\n"
  /* A committee or partnership; found by (name, organisation). NOCASE so
  ** the --body filter and the exact lookup share one index. */
  "CREATE TABLE body(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  name TEXT NOT NULL,\n"
  "  organisation TEXT);\n"
  "CREATE INDEX body_name ON body(name COLLATE NOCASE, organisation);\n"
  /* One meeting of a body, read from one source. */
  "CREATE TABLE meeting(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,\n"
  "  body_id INTEGER REFERENCES body(id),\n"
  "  title TEXT, date TEXT, start TEXT, end_time TEXT, venue TEXT,\n"
  "  chair TEXT, next_meeting TEXT,\n"
  "  span_first INTEGER, span_last INTEGER, rule TEXT);\n"
  "CREATE INDEX meeting_source ON meeting(source_id);\n"
  "CREATE INDEX meeting_body ON meeting(body_id);\n"
  "CREATE INDEX meeting_date ON meeting(date);\n"
  /* A person, identified by the name key (see store_name_key). */
  "CREATE TABLE person(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  name TEXT NOT NULL,\n"
  "  key TEXT NOT NULL UNIQUE);\n"
  /* Other ways a person is written: initials, titles, misspellings. */
  "CREATE TABLE alias(\n"
  "  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,\n"
  "  alias TEXT NOT NULL,\n"
  "  key TEXT NOT NULL,\n"
  "  UNIQUE(person_id, key));\n"
  "CREATE INDEX alias_key ON alias(key);\n"
  /* A person's post in a body or organisation (filled by the linker). */
  "CREATE TABLE role(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,\n"
  "  body_id INTEGER REFERENCES body(id) ON DELETE CASCADE,\n"
  "  organisation TEXT, title TEXT);\n"
  "CREATE INDEX role_person ON role(person_id);\n"
  "CREATE INDEX role_body ON role(body_id);\n"
  /* Who was at a meeting, and how. `name` is as written in the minutes. */
  "CREATE TABLE attendance(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,\n"
  "  person_id INTEGER REFERENCES person(id),\n"
  "  name TEXT NOT NULL,\n"
  "  status TEXT NOT NULL CHECK(status IN\n"
  "    ('present','apologies','absent','in_attendance','substitute')),\n"
  "  role TEXT, organisation TEXT, substitute_for TEXT,\n"
  "  span_first INTEGER, span_last INTEGER, rule TEXT);\n"
  "CREATE INDEX attendance_meeting ON attendance(meeting_id);\n"
  "CREATE INDEX attendance_person ON attendance(person_id);\n"
  /* An agenda item; `position` is its order, `number` as printed. */
  "CREATE TABLE item(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,\n"
  "  position INTEGER NOT NULL,\n"
  "  number TEXT, title TEXT, text TEXT, presenter TEXT, time_slot TEXT,\n"
  "  span_first INTEGER, span_last INTEGER, rule TEXT);\n"
  "CREATE INDEX item_meeting ON item(meeting_id, position);\n"
  "CREATE TABLE decision(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,\n"
  "  position INTEGER NOT NULL,\n"
  "  text TEXT,\n"
  "  span_first INTEGER, span_last INTEGER, rule TEXT);\n"
  "CREATE INDEX decision_item ON decision(item_id, position);\n"
  /* An action; item_id is NULL for a meeting-level action. */
  "CREATE TABLE action(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,\n"
  "  item_id INTEGER REFERENCES item(id) ON DELETE CASCADE,\n"
  "  position INTEGER NOT NULL,\n"
  "  text TEXT, due TEXT, due_text TEXT,\n"
  "  status TEXT NOT NULL DEFAULT 'open'\n"
  "    CHECK(status IN ('open','done','dropped','superseded')),\n"
  "  span_first INTEGER, span_last INTEGER, rule TEXT);\n"
  "CREATE INDEX action_meeting ON action(meeting_id);\n"
  "CREATE INDEX action_item ON action(item_id);\n"
  /* Who owns an action: a person (person_id set) or a named group
  ** (is_group, person_id NULL). `name` as written; `key` its name key, so
  ** the owner filter finds groups and unlinked names through an index. */
  "CREATE TABLE action_owner(\n"
  "  action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,\n"
  "  position INTEGER NOT NULL,\n"
  "  name TEXT NOT NULL,\n"
  "  key TEXT NOT NULL,\n"
  "  person_id INTEGER REFERENCES person(id),\n"
  "  is_group INTEGER NOT NULL DEFAULT 0 CHECK(is_group IN (0,1)),\n"
  "  PRIMARY KEY(action_id, position));\n"
  "CREATE INDEX action_owner_person ON action_owner(person_id);\n"
  "CREATE INDEX action_owner_key ON action_owner(key);\n"
  /* An action's history: one row per meeting that reviewed it (linker). */
  "CREATE TABLE action_event(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,\n"
  "  status TEXT, note TEXT,\n"
  "  span_first INTEGER, span_last INTEGER,\n"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));\n"
  "CREATE INDEX action_event_action ON action_event(action_id);\n"
  "CREATE INDEX action_event_meeting ON action_event(meeting_id);\n"
  /* Full-text search. The rowid says what a row is: item id*4+0 (title and
  ** text), decision id*4+1, action id*4+2. Triggers keep it in step; they
  ** also fire for rows removed by ON DELETE CASCADE. (Schema 5 drops the
  ** insert triggers: an import is indexed at its commit, see schema_v5.) */
  "CREATE VIRTUAL TABLE fts USING fts5(text,\n"
  "  tokenize = 'porter unicode61 remove_diacritics 2');\n"
  "CREATE TRIGGER item_fts_insert AFTER INSERT ON item\n"
  "  WHEN new.title IS NOT NULL OR new.text IS NOT NULL BEGIN\n"
  "  INSERT INTO fts(rowid, text) VALUES (new.id*4+0,\n"
  "    trim(coalesce(new.title, '') || char(10) || coalesce(new.text, ''), char(10)));\n"
  "END;\n"
  "CREATE TRIGGER item_fts_delete AFTER DELETE ON item BEGIN\n"
  "  DELETE FROM fts WHERE rowid = old.id*4+0;\n"
  "END;\n"
  "CREATE TRIGGER item_fts_update AFTER UPDATE OF title, text ON item BEGIN\n"
  "  DELETE FROM fts WHERE rowid = old.id*4+0;\n"
  "  INSERT INTO fts(rowid, text) SELECT new.id*4+0,\n"
  "    trim(coalesce(new.title, '') || char(10) || coalesce(new.text, ''), char(10))\n"
  "    WHERE new.title IS NOT NULL OR new.text IS NOT NULL;\n"
  "END;\n"
  "CREATE TRIGGER decision_fts_insert AFTER INSERT ON decision\n"
  "  WHEN new.text IS NOT NULL BEGIN\n"
  "  INSERT INTO fts(rowid, text) VALUES (new.id*4+1, new.text);\n"
  "END;\n"
  "CREATE TRIGGER decision_fts_delete AFTER DELETE ON decision BEGIN\n"
  "  DELETE FROM fts WHERE rowid = old.id*4+1;\n"
  "END;\n"
  "CREATE TRIGGER decision_fts_update AFTER UPDATE OF text ON decision BEGIN\n"
  "  DELETE FROM fts WHERE rowid = old.id*4+1;\n"
  "  INSERT INTO fts(rowid, text) SELECT new.id*4+1, new.text\n"
  "    WHERE new.text IS NOT NULL;\n"
  "END;\n"
  "CREATE TRIGGER action_fts_insert AFTER INSERT ON action\n"
  "  WHEN new.text IS NOT NULL BEGIN\n"
  "  INSERT INTO fts(rowid, text) VALUES (new.id*4+2, new.text);\n"
  "END;\n"
  "CREATE TRIGGER action_fts_delete AFTER DELETE ON action BEGIN\n"
  "  DELETE FROM fts WHERE rowid = old.id*4+2;\n"
  "END;\n"
  "CREATE TRIGGER action_fts_update AFTER UPDATE OF text ON action BEGIN\n"
  "  DELETE FROM fts WHERE rowid = old.id*4+2;\n"
  "  INSERT INTO fts(rowid, text) SELECT new.id*4+2, new.text\n"
  "    WHERE new.text IS NOT NULL;\n"
  "END;\n";

/*
** Schema version 2: the action register. Actions keep their printed
** reference and a text key, plus copies of their meeting's body and date so
** the linker finds an earlier action of the same body through one index.
** `status` becomes the current status (the linker's and officers' word);
** `said_status` keeps what the action's own minutes said. A `review` is a
** later meeting's word on an earlier action ("Action 13 to be closed"),
** linked to it by the linker; `action_update` holds officers' manual
** updates, anchored by source path and text key so they survive re-imports;
** `correction` holds officers' people corrections, replayed after imports.
*/
static const char schema_v2[] =
  "ALTER TABLE action ADD COLUMN ref TEXT;\n"
  "ALTER TABLE action ADD COLUMN said_status TEXT;\n"
  "ALTER TABLE action ADD COLUMN text_key TEXT;\n"
  "ALTER TABLE action ADD COLUMN body_id INTEGER;\n"
  "ALTER TABLE action ADD COLUMN meeting_date TEXT;\n"
  "ALTER TABLE action ADD COLUMN follows INTEGER REFERENCES action(id) ON DELETE SET NULL;\n"
  "UPDATE action SET said_status = status, meeting_date = (SELECT date FROM meeting m"
  " WHERE m.id = action.meeting_id), body_id = (SELECT body_id FROM meeting m"
  " WHERE m.id = action.meeting_id);\n"
  "CREATE INDEX action_link_ref ON action(body_id, ref, meeting_date) WHERE ref IS NOT NULL;\n"
  "CREATE INDEX action_link_key ON action(body_id, text_key, meeting_date);\n"
  "CREATE INDEX action_follows ON action(follows) WHERE follows IS NOT NULL;\n"
  "CREATE INDEX action_state ON action(status, meeting_date);\n"
  "CREATE INDEX action_body_state ON action(body_id, status, meeting_date);\n"
  "CREATE TABLE review(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,\n"
  "  body_id INTEGER, meeting_date TEXT,\n"
  "  position INTEGER NOT NULL,\n"
  "  ref TEXT, text_key TEXT,\n"
  "  status TEXT CHECK(status IN ('open','done','dropped')),\n"
  "  note TEXT, text TEXT,\n"
  "  action_id INTEGER REFERENCES action(id) ON DELETE SET NULL,\n"
  "  span_first INTEGER, span_last INTEGER, rule TEXT);\n"
  "CREATE INDEX review_meeting ON review(meeting_id);\n"
  "CREATE INDEX review_action ON review(action_id) WHERE action_id IS NOT NULL;\n"
  "CREATE INDEX review_link_ref ON review(body_id, ref, meeting_date) WHERE ref IS NOT NULL;\n"
  "CREATE TABLE action_update(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  action_id INTEGER REFERENCES action(id) ON DELETE SET NULL,\n"
  "  source_path TEXT NOT NULL, text_key TEXT, position INTEGER,\n"
  "  kind TEXT NOT NULL CHECK(kind IN ('done','reopen','due','reassign','note')),\n"
  "  value TEXT, old_value TEXT, note TEXT,\n"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));\n"
  "CREATE INDEX action_update_action ON action_update(action_id);\n"
  "CREATE INDEX action_update_orphan ON action_update(source_path) WHERE action_id IS NULL;\n"
  "CREATE TABLE correction(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  kind TEXT NOT NULL CHECK(kind IN ('merge','alias','split')),\n"
  "  name TEXT NOT NULL, other TEXT NOT NULL,\n"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));\n"
  "CREATE INDEX meeting_body_date ON meeting(body_id, date);\n"
  "ALTER TABLE person ADD COLUMN surname TEXT;\n"
  "CREATE INDEX person_surname ON person(surname);\n";

/* v2 -> v3: records from committee systems (ModernGov). A meeting's status
** ("Cancelled") and the system's own meeting id; per-source details of
** bodies (committee id, category), a meeting index (meetings listed but not
** fetched), people (party, ward, roles), linked documents, and attendees
** whose attendance is not one of ours ("Expected", or unknown, verbatim).
** Every table hangs off its source, so a re-import replaces it; `fetch`
** is `clerk sync`'s memory of what it fetched (URL, sha256, ETag). */
static const char schema_v3[] =
  "ALTER TABLE meeting ADD COLUMN status TEXT;\n"
  "ALTER TABLE meeting ADD COLUMN external_id TEXT;\n"
  "CREATE TABLE body_detail(\n"
  "  source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,\n"
  "  body_id INTEGER NOT NULL REFERENCES body(id),\n"
  "  external_id TEXT, category TEXT, expired INTEGER, deleted INTEGER);\n"
  "CREATE INDEX body_detail_body ON body_detail(body_id);\n"
  "CREATE INDEX body_detail_source ON body_detail(source_id);\n"
  "CREATE TABLE meeting_listing(\n"
  "  source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,\n"
  "  body_id INTEGER REFERENCES body(id),\n"
  "  external_id TEXT, date TEXT, start TEXT, status TEXT);\n"
  "CREATE INDEX meeting_listing_external ON meeting_listing(external_id);\n"
  "CREATE INDEX meeting_listing_source ON meeting_listing(source_id);\n"
  "CREATE INDEX meeting_listing_body ON meeting_listing(body_id);\n"
  "CREATE TABLE person_detail(\n"
  "  source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,\n"
  "  person_id INTEGER NOT NULL REFERENCES person(id),\n"
  "  external_id TEXT, party TEXT, ward TEXT, roles TEXT);\n"
  "CREATE INDEX person_detail_person ON person_detail(person_id);\n"
  "CREATE INDEX person_detail_source ON person_detail(source_id);\n"
  "CREATE TABLE document(\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,\n"
  "  item_id INTEGER REFERENCES item(id) ON DELETE CASCADE,\n"
  "  external_id TEXT, title TEXT, url TEXT, published TEXT);\n"
  "CREATE INDEX document_meeting ON document(meeting_id);\n"
  "CREATE INDEX document_item ON document(item_id);\n"
  "CREATE TABLE attendance_other(\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,\n"
  "  name TEXT NOT NULL, attendance TEXT NOT NULL, role TEXT);\n"
  "CREATE INDEX attendance_other_meeting ON attendance_other(meeting_id);\n"
  /* What `clerk sync` fetched, so a second run asks only for what changed. */
  "CREATE TABLE fetch(\n"
  "  url TEXT PRIMARY KEY,\n"
  "  sha256 TEXT, etag TEXT, last_modified TEXT,\n"
  "  listing TEXT,\n"        /* the index entry (date|time|status) when fetched */
  "  complete INTEGER NOT NULL DEFAULT 0,\n"  /* 1: final (minutes published) */
  "  fetched_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));\n";

/* v3 -> v4: what committee systems say that v3 dropped, and what the JSON
** interchange needs to come back whole. A meeting's planned start and end
** (the actual ones are start/end_time); an item held in private
** (`restricted`, 1/0, NULL when not said); a meeting's `origin`, the file it
** was first read from when it was imported from an interchange file. */
static const char schema_v4[] =
  "ALTER TABLE meeting ADD COLUMN planned_start TEXT;\n"
  "ALTER TABLE meeting ADD COLUMN planned_end TEXT;\n"
  "ALTER TABLE meeting ADD COLUMN origin TEXT;\n"
  "ALTER TABLE item ADD COLUMN restricted INTEGER CHECK(restricted IN (0,1));\n";

/* v4 -> v5: the full-text index of an import is written at its commit, in
** one statement per table (store_import_commit), not by a trigger a row.
** FTS5 flushes its pending terms at every statement savepoint, so a
** trigger per row wrote a segment per row: 7% of a Word import's work.
** The delete and update triggers stay (cascades and edits are row by row). */
static const char schema_v5[] =
  "DROP TRIGGER IF EXISTS item_fts_insert;\n"
  "DROP TRIGGER IF EXISTS decision_fts_insert;\n"
  "DROP TRIGGER IF EXISTS action_fts_insert;\n";

/* v5 -> v6: an index for the linker's search of reviews without a
** reference by their words (an earlier meeting's new action looking for
** the later reviews that mean it). Without it each new action scanned every
** review: 27M instructions an import against 10,000 reviews, 0.26M with. */
static const char schema_v6[] =
  "CREATE INDEX IF NOT EXISTS review_link_key ON review(body_id, text_key, meeting_date) WHERE ref IS NULL;\n";

/* Migration steps: migrations[v] takes the schema from version v to v+1.
** A new schema version is one more entry here and a bump of
** STORE_SCHEMA_VERSION; never edit an entry once released. */
static const char *const migrations[] = {
  schema_v1,
  schema_v2,   /* the action register */
  schema_v3,   /* records from committee systems (ModernGov) */
  schema_v4,   /* planned times, restricted items, interchange origin */
  schema_v5,   /* the full-text index written at an import's commit */
  schema_v6,   /* reviews found by their words through an index */
};
_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
               "one migration step per schema version");

/* -- messages ------------------------------------------------------------ */

int store_fail(store *st, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(st->msg, sizeof st->msg, fmt, ap);
  va_end(ap);
  /* The message is one line whatever a path or value held. */
  for (char *p = st->msg; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  return code;
}

int store_status(int sqlite_rc) {
  switch (sqlite_rc & 0xff) {
  case SQLITE_OK: return CLERK_OK;
  case SQLITE_NOMEM: return CLERK_NOMEM;
  case SQLITE_NOTADB:
  case SQLITE_CORRUPT: return CLERK_DB;
  case SQLITE_READONLY: return CLERK_READONLY;
  case SQLITE_CANTOPEN:
  case SQLITE_IOERR:
  case SQLITE_FULL:
  case SQLITE_PERM: return CLERK_IO;
  case SQLITE_CONSTRAINT: return CLERK_FORMAT;
  case SQLITE_MISUSE: return CLERK_MISUSE;
  case SQLITE_TOOBIG: return CLERK_TOOBIG;
  default: return CLERK_ERROR;
  }
}

int store_fail_sqlite(store *st, int rc, const char *what) {
  const char *m = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
  return store_fail(st, store_status(rc), "%s: %s", what, m);
}

int store_bind_text(sqlite3_stmt *s, int i, const char *v) {
  return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

/* -- opening ------------------------------------------------------------- */

/* Run one statement that yields at most one integer (a count or a pragma). */
static int query_int(store *st, const char *sql, int64_t *out) {
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
      *out = sqlite3_column_int64(s, 0);
      rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
      *out = 0;
      rc = SQLITE_OK;
    }
  }
  if (rc != SQLITE_OK) rc = sqlite3_errcode(st->db);
  sqlite3_finalize(s);
  return rc;
}

/* Refuse what is not ours before anything is written: not SQLite at all,
** newer than this build, or somebody else's tables. *version gets
** PRAGMA user_version. */
static int classify(store *st, int64_t *version, int64_t *tables) {
  const char *p = st->path;
  int rc = query_int(st, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'", tables);
  if (rc == SQLITE_OK) rc = query_int(st, "PRAGMA user_version", version);
  if (rc != SQLITE_OK) {
    int code = store_status(rc);
    if (code == CLERK_DB)
      return store_fail(st, CLERK_DB, "%s: not a Clerk database (%s)", p,
                        sqlite3_errmsg(st->db));
    if (code == CLERK_ERROR) code = CLERK_IO;   /* e.g. locked, unreadable */
    return store_fail(st, code, "%s: cannot read database (%s)", p, sqlite3_errmsg(st->db));
  }
  if (*version > STORE_SCHEMA_VERSION)
    return store_fail(st, CLERK_SCHEMA,
                      "%s: made by a newer Clerk (schema %lld, this build reads up to %d)",
                      p, (long long)*version, STORE_SCHEMA_VERSION);
  if (*version == 0 && *tables > 0) {
    int64_t ours = 0;
    rc = query_int(st, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'source'",
                   &ours);
    if (rc != SQLITE_OK) return store_fail_sqlite(st, rc, p);
    return store_fail(st, CLERK_DB, "%s: not a Clerk database (%s)", p,
                      ours ? "it has Clerk's tables but no schema version"
                           : "it holds other tables");
  }
  return CLERK_OK;
}

/* Bring the schema from its version up to STORE_SCHEMA_VERSION in one
** transaction. The version is read again under the write lock, so two
** processes opening an old file at once migrate it once. */
static int migrate(store *st) {
  int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK) return store_fail_sqlite(st, rc, st->path);
  int64_t v = 0;
  rc = query_int(st, "PRAGMA user_version", &v);
  for (; rc == SQLITE_OK && v < STORE_SCHEMA_VERSION; v++)
    rc = sqlite3_exec(st->db, migrations[v], NULL, NULL, NULL);
  if (rc == SQLITE_OK) {
    char sql[64];   /* an integer of ours, not a user string */
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
    rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
  }
  if (rc == SQLITE_OK) rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    int code = store_fail(st, store_status(rc), "%s: cannot upgrade schema (%s)", st->path,
                          sqlite3_errmsg(st->db));
    if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return code;
  }
  return CLERK_OK;
}

/* Reopens st->path read-only as file:PATH?immutable=1 (percent-encoded). */
static int reopen_immutable(store *st) {
  static const char hex[] = "0123456789ABCDEF";
  size_t n = strlen(st->path);
  char *uri = clerk_malloc(3 * n + 32);
  if (!uri) return SQLITE_NOMEM;
  char *w = uri + sprintf(uri, "file:");
  for (const unsigned char *c = (const unsigned char *)st->path; *c; c++) {
    if (*c == '%' || *c == '?' || *c == '#' || *c < 0x21 || *c >= 0x7f) {
      *w++ = '%'; *w++ = hex[*c >> 4]; *w++ = hex[*c & 15];
    } else *w++ = (char)*c;
  }
  strcpy(w, "?immutable=1");
  sqlite3_close(st->db);
  st->db = NULL;
  int rc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  clerk_mfree(uri);
  if (rc == SQLITE_OK) rc = sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return rc;
}

static int is_memory(const char *path) { return strcmp(path, ":memory:") == 0 || !*path; }

static int open_db(store *st, int flags) {
  const char *p = st->path;
  int readonly = (flags & CLERK_OPEN_READONLY) != 0;
  if (!is_memory(p)) {
    struct stat sb;
    if (stat(p, &sb) != 0) {
      if (errno != ENOENT)
        return store_fail(st, CLERK_IO, "%s: %s", p, strerror(errno));
      if (readonly || !(flags & CLERK_OPEN_CREATE))
        return store_fail(st, CLERK_IO, "%s: no such database (import minutes first to create it)", p);
    } else if (S_ISDIR(sb.st_mode)) {
      return store_fail(st, CLERK_IO, "%s: is a directory, not a database", p);
    }
  }
  int oflags = readonly ? SQLITE_OPEN_READONLY
                        : SQLITE_OPEN_READWRITE | ((flags & CLERK_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(p, &st->db, oflags, NULL);
  if (rc != SQLITE_OK) {
    if (!st->db) return store_fail(st, CLERK_NOMEM, "%s: out of memory", p);
    return store_fail(st, store_status(rc) == CLERK_NOMEM ? CLERK_NOMEM : CLERK_IO,
                      "%s: cannot open (%s)", p, sqlite3_errmsg(st->db));
  }
  /* SQLite quietly falls back to read-only when the file cannot be written. */
  if (!readonly && sqlite3_db_readonly(st->db, "main") == 1)
    return store_fail(st, CLERK_READONLY, "%s: database is read-only", p);
  rc = sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
  if (rc == SQLITE_OK) rc = sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  if (rc != SQLITE_OK) return store_fail_sqlite(st, rc, p);

  int64_t version = 0, tables = 0;
  if (readonly && !is_memory(p)) {
    /* A WAL database in a folder we cannot write has no shared-memory file to
    ** read through; with no writer able to reach it either, open it immutable. */
    rc = query_int(st, "SELECT count(*) FROM sqlite_schema", &tables);
    if ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN) {
      rc = reopen_immutable(st);
      if (rc != SQLITE_OK) return store_fail_sqlite(st, rc, p);
    }
  }
  int code = classify(st, &version, &tables);
  if (code != CLERK_OK) return code;

  if (readonly) {
    /* Reading must leave the file byte for byte as it was: no upgrade. */
    if (version == 0)
      return store_fail(st, CLERK_DB, "%s: not a Clerk database (it is empty)", p);
    if (version < STORE_SCHEMA_VERSION)
      return store_fail(st, CLERK_SCHEMA,
                        "%s: schema %lld is older than this build's (%d); open it read-write once to upgrade it",
                        p, (long long)version, STORE_SCHEMA_VERSION);
    st->readonly = 1;
    return CLERK_OK;
  }
  if (!is_memory(p)) {
    rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    /* WAL keeps the file consistent without a sync per commit; store_sync
    ** (at store_close) makes a batch of imports durable. */
    if (rc == SQLITE_OK) rc = sqlite3_exec(st->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
      if (store_status(rc) == CLERK_READONLY)
        return store_fail(st, CLERK_READONLY, "%s: database is read-only", p);
      return store_fail_sqlite(st, rc, p);
    }
  }
  if (version < STORE_SCHEMA_VERSION) {
    code = migrate(st);
    if (code == CLERK_READONLY)
      return store_fail(st, CLERK_READONLY, "%s: database is read-only", p);
    return code;
  }
  return CLERK_OK;
}

int store_open(const char *path, int flags, store **out, char **errmsg) {
  *out = NULL;
  if (errmsg) *errmsg = NULL;
  if (!path) path = ":memory:";
  store *st = clerk_calloc(1, sizeof *st);
  if (!st || !(st->path = clerk_strdup(path))) {
    clerk_mfree(st);
    if (errmsg) *errmsg = clerk_asprintf("%s: out of memory", path);
    return CLERK_NOMEM;
  }
  int code = open_db(st, flags);
  if (code != CLERK_OK) {
    if (errmsg) *errmsg = clerk_strdup(st->msg);
    store_close(st);
    return code;
  }
  store_fail(st, CLERK_OK, "not an error");
  *out = st;
  return CLERK_OK;
}

void store_close(store *st) {
  if (!st) return;
  for (int i = 0; i < STMT_COUNT; i++) sqlite3_finalize(st->stmt[i]);
  store_link_close(st);
  store_sync(st);
  /* close_v2: a cursor the caller forgot does not keep the file open forever. */
  sqlite3_close_v2(st->db);
  clerk_mfree(st->path);
  clerk_mfree(st);
}

const char *store_errmsg(const store *st) {
  return st ? st->msg : "no database (out of memory)";
}

sqlite3 *store_sqlite(store *st) { return st ? st->db : NULL; }

int store_readonly(const store *st) { return st ? st->readonly : 1; }
