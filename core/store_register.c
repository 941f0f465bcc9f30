/*
** store_register.c -- officers' corrections: manual action updates (done,
** reopen, due, reassign, note) and people corrections (merge, alias,
** split). Each is recorded as a row so that a re-import replays it: action
** updates are anchored by source path and text key (store_link.c re-ties
** them), people corrections live in `alias`, which outlives sources, and in
** `correction`, the log `clerk people` shows.
*/
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#define KEY_MAX 256

static int prepare(store *st, const char *sql, sqlite3_stmt **s) {
  int rc = sqlite3_prepare_v2(st->db, sql, -1, s, NULL);
  if (rc != SQLITE_OK) return store_fail_sqlite(st, rc, "preparing an update");
  return CLERK_OK;
}

/* Step a prepared statement to its end and finalise it. */
static int finish(store *st, sqlite3_stmt *s, const char *what) {
  int rc = sqlite3_step(s);
  while (rc == SQLITE_ROW) rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return store_fail_sqlite(st, rc, what);
  return CLERK_OK;
}

static int begin(store *st) {
  if (st->readonly) return store_fail(st, CLERK_READONLY, "%s: database is read-only", st->path);
  if (st->importing) return store_fail(st, CLERK_MISUSE, "an import is open");
  int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK) return store_fail_sqlite(st, rc, st->path);
  return CLERK_OK;
}

static int end(store *st, int code) {
  if (code == CLERK_OK) {
    int rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    if (rc == SQLITE_OK) return CLERK_OK;
    code = store_fail_sqlite(st, rc, "committing");
  }
  if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
  return code;
}

static int is_iso_date(const char *s) {
  if (!s || strlen(s) != 10) return 0;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) { if (s[i] != '-') return 0; }
    else if (s[i] < '0' || s[i] > '9') return 0;
  }
  return 1;
}

/* -- actions ---------------------------------------------------------------- */

int store_replace_owner(store *st, int64_t action, const char *name) {
  sqlite3_stmt *s;
  int code = prepare(st, "DELETE FROM action_owner WHERE action_id = ?1", &s);
  if (code != CLERK_OK) return code;
  sqlite3_bind_int64(s, 1, action);
  if ((code = finish(st, s, "reassigning an action")) != CLERK_OK) return code;
  int was = st->importing;
  st->importing = 1;
  code = store_add_action_owner(st, action, 1, name, 0);
  st->importing = was;
  return code;
}

int store_action_update(store *st, int64_t action, const char *kind, const char *value,
                        const char *note) {
  if (!st || !kind) return CLERK_MISUSE;
  int is_due = strcmp(kind, "due") == 0, is_owner = strcmp(kind, "reassign") == 0;
  if (!is_due && !is_owner && strcmp(kind, "done") && strcmp(kind, "reopen") && strcmp(kind, "note"))
    return store_fail(st, CLERK_MISUSE, "no action update named '%s'", kind);
  if (is_due && !is_iso_date(value))
    return store_fail(st, CLERK_FORMAT, "due date '%s' is not YYYY-MM-DD", value ? value : "");
  if (is_owner && (!value || !*value))
    return store_fail(st, CLERK_FORMAT, "reassign needs a name");
  if (strcmp(kind, "note") == 0 && (!note || !*note))
    return store_fail(st, CLERK_FORMAT, "a note needs its text");
  int code = begin(st);
  if (code != CLERK_OK) return code;

  /* the anchor that survives a re-import, and the value being replaced */
  sqlite3_stmt *s;
  code = prepare(st,
    "SELECT s.path, a.text_key, a.position, a.due,"
    " (SELECT group_concat(name, ', ') FROM action_owner WHERE action_id = a.id)"
    " FROM action a JOIN meeting m ON m.id = a.meeting_id JOIN source s ON s.id = m.source_id"
    " WHERE a.id = ?1", &s);
  if (code != CLERK_OK) return end(st, code);
  sqlite3_bind_int64(s, 1, action);
  int rc = sqlite3_step(s);
  if (rc != SQLITE_ROW) {
    sqlite3_finalize(s);
    if (rc == SQLITE_DONE) return end(st, store_fail(st, CLERK_NOTFOUND, "no action #%lld", (long long)action));
    return end(st, store_fail_sqlite(st, rc, "finding the action"));
  }
  sqlite3_stmt *ins;
  code = prepare(st,
    "INSERT INTO action_update(action_id, source_path, text_key, position, kind, value, old_value, note)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &ins);
  if (code == CLERK_OK) {
    sqlite3_bind_int64(ins, 1, action);
    sqlite3_bind_value(ins, 2, sqlite3_column_value(s, 0));
    sqlite3_bind_value(ins, 3, sqlite3_column_value(s, 1));
    sqlite3_bind_value(ins, 4, sqlite3_column_value(s, 2));
    sqlite3_bind_text(ins, 5, kind, -1, SQLITE_TRANSIENT);
    store_bind_text(ins, 6, value);
    if (is_due) sqlite3_bind_value(ins, 7, sqlite3_column_value(s, 3));
    if (is_owner) sqlite3_bind_value(ins, 7, sqlite3_column_value(s, 4));
    store_bind_text(ins, 8, note);
    code = finish(st, ins, "recording the update");
  }
  sqlite3_finalize(s);
  if (code == CLERK_OK && is_due) {
    code = prepare(st, "UPDATE action SET due = ?2 WHERE id = ?1", &s);
    if (code == CLERK_OK) {
      sqlite3_bind_int64(s, 1, action);
      sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
      code = finish(st, s, "setting the due date");
    }
  }
  if (code == CLERK_OK && is_owner) code = store_replace_owner(st, action, value);
  if (code == CLERK_OK) {
    code = prepare(st, "CREATE TEMP TABLE IF NOT EXISTS link_touched(id INTEGER PRIMARY KEY)", &s);
    if (code == CLERK_OK) code = finish(st, s, "linking");
    if (code == CLERK_OK) code = prepare(st, "INSERT OR IGNORE INTO temp.link_touched VALUES (?1)", &s);
    if (code == CLERK_OK) {
      sqlite3_bind_int64(s, 1, action);
      code = finish(st, s, "linking");
    }
    if (code == CLERK_OK) code = store_link_recompute(st);
  }
  return end(st, code);
}

/* -- people ------------------------------------------------------------------- */

/* The person a name means: by the person's key, else an alias. 0 if none. */
static int find_person(store *st, const char *name, int64_t *id) {
  char key[KEY_MAX];
  store_name_key(name, key, sizeof key);
  *id = 0;
  sqlite3_stmt *s;
  int code = prepare(st,
    "SELECT id FROM person WHERE key = ?1"
    " UNION ALL SELECT person_id FROM alias WHERE key = ?1 LIMIT 1", &s);
  if (code != CLERK_OK) return code;
  sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) *id = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_fail_sqlite(st, rc, "finding a person");
  return CLERK_OK;
}

static int exec2(store *st, const char *sql, int64_t a, int64_t b, const char *text) {
  sqlite3_stmt *s;
  int code = prepare(st, sql, &s);
  if (code != CLERK_OK) return code;
  sqlite3_bind_int64(s, 1, a);
  if (sqlite3_bind_parameter_count(s) >= 2) sqlite3_bind_int64(s, 2, b);
  if (sqlite3_bind_parameter_count(s) >= 3) store_bind_text(s, 3, text);
  if (sqlite3_bind_parameter_count(s) >= 4) {
    char key[KEY_MAX];
    store_name_key(text, key, sizeof key);
    sqlite3_bind_text(s, 4, key, -1, SQLITE_TRANSIENT);
  }
  return finish(st, s, "correcting people");
}

/* Moves everything of person `from` to person `to`; from's name and
** aliases become to's aliases. */
int store_merge_people(store *st, int64_t to, int64_t from) {
  static const char *const steps[] = {
    "UPDATE attendance SET person_id = ?1 WHERE person_id = ?2",
    "UPDATE action_owner SET person_id = ?1 WHERE person_id = ?2",
    "UPDATE role SET person_id = ?1 WHERE person_id = ?2",
    "INSERT INTO alias(person_id, alias, key) SELECT ?1, name, key FROM person WHERE id = ?2"
    " ON CONFLICT(person_id, key) DO NOTHING",
    "INSERT INTO alias(person_id, alias, key) SELECT ?1, alias, key FROM alias WHERE person_id = ?2"
    " ON CONFLICT(person_id, key) DO NOTHING",
    "DELETE FROM person WHERE id = ?2",
    NULL };
  for (int i = 0; steps[i]; i++) {
    int code = exec2(st, steps[i], to, from, NULL);
    if (code != CLERK_OK) return code;
  }
  return CLERK_OK;
}

int store_person_correct(store *st, const char *kind, const char *name, const char *other) {
  if (!st || !kind || !name || !other || !*name || !*other) return CLERK_MISUSE;
  int merge = strcmp(kind, "merge") == 0, alias = strcmp(kind, "alias") == 0,
      split = strcmp(kind, "split") == 0;
  if (!merge && !alias && !split) return store_fail(st, CLERK_MISUSE, "no correction named '%s'", kind);
  int code = begin(st);
  if (code != CLERK_OK) return code;
  int64_t a = 0, b = 0;
  if ((code = find_person(st, name, &a)) != CLERK_OK) return end(st, code);
  if (!a) return end(st, store_fail(st, CLERK_NOTFOUND, "nobody named '%s'", name));
  if ((code = find_person(st, other, &b)) != CLERK_OK) return end(st, code);
  if (merge) {
    if (!b) return end(st, store_fail(st, CLERK_NOTFOUND, "nobody named '%s'", other));
    if (a != b) code = store_merge_people(st, a, b);
  } else if (alias) {
    if (b && b != a) code = store_merge_people(st, a, b);
    if (code == CLERK_OK)
      code = exec2(st, "INSERT INTO alias(person_id, alias, key) VALUES (?1, ?2 * 0 + ?3, ?4)"
                       " ON CONFLICT(person_id, key) DO NOTHING", a, 0, other);
    /* rows left unresolved (an ambiguous name) now belong to the person */
    if (code == CLERK_OK)
      code = exec2(st, "UPDATE attendance SET person_id = ?1 WHERE person_id IS NULL"
                       " AND lower(trim(name)) = lower(trim(?3)) AND ?2 * 0 + length(?4) >= 0", a, 0, other);
    if (code == CLERK_OK)
      code = exec2(st, "UPDATE action_owner SET person_id = ?1 WHERE person_id IS NULL AND is_group = 0"
                       " AND key = ?4 AND ?2 * 0 + length(?3) >= 0", a, 0, other);
  } else {
    /* the alias leaves; the rows written that way go to a person of their own */
    char key[KEY_MAX];
    store_name_key(other, key, sizeof key);
    if (b != a) return end(st, store_fail(st, CLERK_NOTFOUND, "'%s' is not an alias of '%s'", other, name));
    code = exec2(st, "DELETE FROM alias WHERE person_id = ?1 AND key = ?4 AND ?2 * 0 + length(?3) >= 0",
                 a, 0, other);
    if (code == CLERK_OK)
      code = exec2(st, "INSERT INTO person(name, key) SELECT ?3, ?4 WHERE ?1 * 0 + ?2 * 0 = 0"
                       " AND NOT EXISTS (SELECT 1 FROM person WHERE key = ?4)", 0, 0, other);
    if (code == CLERK_OK) {
      int64_t nid = 0;
      find_person(st, other, &nid);
      /* the rows that spelled the name that way */
      static const char *const moves[] = {
        "UPDATE attendance SET person_id = ?2 WHERE person_id = ?1 AND name = ?3 AND length(?4) >= 0",
        "UPDATE action_owner SET person_id = ?2 WHERE person_id = ?1 AND key = ?4 AND length(?3) >= 0",
        NULL };
      for (int i = 0; moves[i] && code == CLERK_OK && nid; i++) code = exec2(st, moves[i], a, nid, other);
    }
  }
  if (code == CLERK_OK) {
    sqlite3_stmt *s;
    code = prepare(st, "INSERT INTO correction(kind, name, other) VALUES (?1, ?2, ?3)", &s);
    if (code == CLERK_OK) {
      sqlite3_bind_text(s, 1, kind, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(s, 3, other, -1, SQLITE_TRANSIENT);
      code = finish(st, s, "recording the correction");
    }
  }
  return end(st, code);
}
