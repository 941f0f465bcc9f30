/*
** store_query.c -- cursors over meetings, actions, people and full-text
** search. Each cursor owns its statements, so several may be open at once.
*/
#include "store_int.h"

#include <string.h>

#include "mem.h"

enum cursor_kind { CURSOR_MEETINGS, CURSOR_ACTIONS, CURSOR_PEOPLE, CURSOR_SEARCH };

struct store_cursor {
  store *st;
  enum cursor_kind kind;
  sqlite3_stmt *rows;       /* one result row per step */
  sqlite3_stmt *list;       /* an action's owners or a person's aliases */
  int first;                /* search: result of the step taken at open, not yet handed out */
  /* The current row's list: strings packed in `text`, pointers in `ptrs`. */
  char *text;
  size_t text_len, text_cap;
  size_t *offs;
  const char **ptrs;
  size_t n, cap;
};

/* -- SQL assembly: fixed fragments only; every value is a parameter ------ */

typedef struct sql_buf { char s[2048]; size_t len; } sql_buf;

static void sql_add(sql_buf *b, const char *frag) {
  size_t n = strlen(frag);
  /* The fragments are ours and bounded; the buffer is sized for all of them. */
  if (b->len + n < sizeof b->s) {
    memcpy(b->s + b->len, frag, n + 1);
    b->len += n;
  }
}

/* Parameter numbers shared by the meeting and action queries. */
enum { P_BODY = 1, P_SINCE, P_UNTIL, P_STATUS, P_OWNER };

static void add_meeting_filters(sql_buf *b, const clerk_filter *f) {
  if (!f) return;
  if (f->body) sql_add(b, " AND b.name = ?1 COLLATE NOCASE");
  if (f->since) sql_add(b, " AND m.date >= ?2");
  if (f->until) sql_add(b, " AND m.date <= ?3");
}

static int bind_meeting_filters(sqlite3_stmt *s, const clerk_filter *f) {
  int rc = SQLITE_OK;
  if (!f) return rc;
  if (f->body) rc = sqlite3_bind_text(s, P_BODY, f->body, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK && f->since) rc = sqlite3_bind_text(s, P_SINCE, f->since, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK && f->until) rc = sqlite3_bind_text(s, P_UNTIL, f->until, -1, SQLITE_TRANSIENT);
  return rc;
}

/* -- cursor plumbing ------------------------------------------------------ */

static int cursor_new(store *st, enum cursor_kind kind, const char *sql, const char *list_sql,
                      store_cursor **out) {
  *out = NULL;
  store_cursor *c = clerk_calloc(1, sizeof *c);
  if (!c) return store_fail(st, CLERK_NOMEM, "out of memory opening a cursor");
  c->st = st;
  c->kind = kind;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &c->rows, NULL);
  if (rc == SQLITE_OK && list_sql) rc = sqlite3_prepare_v2(st->db, list_sql, -1, &c->list, NULL);
  if (rc != SQLITE_OK) {
    int code = store_fail_sqlite(st, rc, "preparing a query");
    store_cursor_close(c);
    return code;
  }
  *out = c;
  return CLERK_OK;
}

void store_cursor_close(store_cursor *c) {
  if (!c) return;
  sqlite3_finalize(c->rows);
  sqlite3_finalize(c->list);
  clerk_mfree(c->text);
  clerk_mfree(c->offs);
  clerk_mfree(c->ptrs);
  clerk_mfree(c);
}

/* Step the row statement: CLERK_OK on a row, CLERK_NOTFOUND at the end. */
static int step_rows(store_cursor *c, const char *what) {
  int rc;
  if (c->first) {
    rc = c->first;
    c->first = 0;
  } else {
    rc = sqlite3_step(c->rows);
  }
  if (rc == SQLITE_ROW) return CLERK_OK;
  if (rc == SQLITE_DONE) return CLERK_NOTFOUND;
  return store_fail_sqlite(c->st, rc, what);
}

/* Append one string of the list, growing the cursor's buffers. */
static int list_push(store_cursor *c, const char *s, size_t len) {
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 8;
    size_t *offs = clerk_realloc(c->offs, cap * sizeof *offs);
    if (!offs) return CLERK_NOMEM;
    c->offs = offs;
    const char **ptrs = clerk_realloc(c->ptrs, cap * sizeof *ptrs);
    if (!ptrs) return CLERK_NOMEM;
    c->ptrs = ptrs;
    c->cap = cap;
  }
  if (c->text_len + len + 1 > c->text_cap) {
    size_t cap = c->text_cap ? c->text_cap : 256;
    while (cap < c->text_len + len + 1) cap *= 2;
    char *text = clerk_realloc(c->text, cap);
    if (!text) return CLERK_NOMEM;
    c->text = text;
    c->text_cap = cap;
  }
  memcpy(c->text + c->text_len, s, len);
  c->text[c->text_len + len] = '\0';
  c->offs[c->n++] = c->text_len;
  c->text_len += len + 1;
  return CLERK_OK;
}

/* Run the list statement for row `id`; the strings are copied into the
** cursor because the statement's own are gone at its next step. */
static int load_list(store_cursor *c, int64_t id, const char *what) {
  c->n = 0;
  c->text_len = 0;
  int rc = sqlite3_bind_int64(c->list, 1, id);
  int code = CLERK_OK;
  while (rc == SQLITE_OK && (rc = sqlite3_step(c->list)) == SQLITE_ROW) {
    const char *s = (const char *)sqlite3_column_text(c->list, 0);
    if (!s && sqlite3_errcode(c->st->db) == SQLITE_NOMEM) { rc = SQLITE_NOMEM; break; }
    if ((code = list_push(c, s ? s : "", s ? (size_t)sqlite3_column_bytes(c->list, 0) : 0)) != CLERK_OK)
      break;
    rc = SQLITE_OK;
  }
  if (code == CLERK_OK && rc != SQLITE_DONE) code = store_fail_sqlite(c->st, rc, what);
  else if (code == CLERK_NOMEM) store_fail(c->st, code, "%s: out of memory", what);
  sqlite3_reset(c->list);
  if (code != CLERK_OK) {
    c->n = 0;
    return code;
  }
  /* Pointers only now: the text buffer may have moved while it grew. */
  for (size_t i = 0; i < c->n; i++) c->ptrs[i] = c->text + c->offs[i];
  return CLERK_OK;
}

static const char *col(sqlite3_stmt *s, int i) { return (const char *)sqlite3_column_text(s, i); }

static int check_kind(store_cursor *c, enum cursor_kind kind, const void *row) {
  if (!c || !row) return CLERK_MISUSE;
  if (c->kind != kind) return store_fail(c->st, CLERK_MISUSE, "cursor stepped with the wrong function");
  return CLERK_OK;
}

/* -- meetings ------------------------------------------------------------- */

int store_meetings_open(store *st, const clerk_filter *f, store_cursor **out) {
  if (!st || !out) return CLERK_MISUSE;
  sql_buf b = {.len = 0};
  sql_add(&b,
    "SELECT m.id, b.name, b.organisation, m.title, m.date, m.start, m.end_time,"
    " m.venue, m.chair, m.next_meeting, s.path"
    " FROM meeting m JOIN source s ON s.id = m.source_id"
    " LEFT JOIN body b ON b.id = m.body_id WHERE 1");
  add_meeting_filters(&b, f);
  sql_add(&b, " ORDER BY m.date, m.id");
  int code = cursor_new(st, CURSOR_MEETINGS, b.s, NULL, out);
  if (code != CLERK_OK) return code;
  int rc = bind_meeting_filters((*out)->rows, f);
  if (rc != SQLITE_OK) {
    code = store_fail_sqlite(st, rc, "binding a filter");
    store_cursor_close(*out);
    *out = NULL;
  }
  return code;
}

int store_meetings_next(store_cursor *c, clerk_meeting *row) {
  int code = check_kind(c, CURSOR_MEETINGS, row);
  if (code != CLERK_OK) return code;
  if ((code = step_rows(c, "reading meetings")) != CLERK_OK) return code;
  sqlite3_stmt *s = c->rows;
  row->id = sqlite3_column_int64(s, 0);
  row->body = col(s, 1);
  row->organisation = col(s, 2);
  row->title = col(s, 3);
  row->date = col(s, 4);
  row->start = col(s, 5);
  row->end = col(s, 6);
  row->venue = col(s, 7);
  row->chair = col(s, 8);
  row->next_meeting = col(s, 9);
  row->source = col(s, 10);
  return CLERK_OK;
}

/* -- actions -------------------------------------------------------------- */

int store_actions_open(store *st, const clerk_filter *f, store_cursor **out) {
  if (!st || !out) return CLERK_MISUSE;
  *out = NULL;
  if (f && f->status && strcmp(f->status, "open") && strcmp(f->status, "done") &&
      strcmp(f->status, "dropped") && strcmp(f->status, "superseded"))
    return store_fail(st, CLERK_FORMAT,
                      "status '%s' is not one of open, done, dropped, superseded", f->status);
  char key[256];
  if (f && f->owner) store_name_key(f->owner, key, sizeof key);

  sql_buf b = {.len = 0};
  sql_add(&b,
    "SELECT a.id, a.meeting_id, a.text, a.status, a.due, m.date, m.title, b.name,"
    " i.number, i.title"
    " FROM action a JOIN meeting m ON m.id = a.meeting_id"
    " LEFT JOIN body b ON b.id = m.body_id"
    " LEFT JOIN item i ON i.id = a.item_id WHERE 1");
  add_meeting_filters(&b, f);
  if (f && f->status) sql_add(&b, " AND a.status = ?4");
  /* An owner matches by the name as written (groups too), the person's
  ** name or any alias: three index lookups on the name key. */
  if (f && f->owner)
    sql_add(&b,
      " AND a.id IN (SELECT action_id FROM action_owner WHERE key = ?5"
      " UNION SELECT action_id FROM action_owner WHERE person_id IN"
      " (SELECT id FROM person WHERE key = ?5 UNION SELECT person_id FROM alias WHERE key = ?5))");
  sql_add(&b, " ORDER BY m.date, m.id, i.position, a.position, a.id");
  int code = cursor_new(st, CURSOR_ACTIONS, b.s,
                        "SELECT coalesce(p.name, o.name) FROM action_owner o"
                        " LEFT JOIN person p ON p.id = o.person_id"
                        " WHERE o.action_id = ?1 ORDER BY o.position",
                        out);
  if (code != CLERK_OK) return code;
  sqlite3_stmt *s = (*out)->rows;
  int rc = bind_meeting_filters(s, f);
  if (rc == SQLITE_OK && f && f->status)
    rc = sqlite3_bind_text(s, P_STATUS, f->status, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK && f && f->owner) rc = sqlite3_bind_text(s, P_OWNER, key, -1, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) {
    code = store_fail_sqlite(st, rc, "binding a filter");
    store_cursor_close(*out);
    *out = NULL;
  }
  return code;
}

int store_actions_next(store_cursor *c, clerk_action *row) {
  int code = check_kind(c, CURSOR_ACTIONS, row);
  if (code != CLERK_OK) return code;
  if ((code = step_rows(c, "reading actions")) != CLERK_OK) return code;
  sqlite3_stmt *s = c->rows;
  row->id = sqlite3_column_int64(s, 0);
  if ((code = load_list(c, row->id, "reading action owners")) != CLERK_OK) return code;
  row->meeting_id = sqlite3_column_int64(s, 1);
  row->text = col(s, 2);
  row->status = col(s, 3);
  row->due = col(s, 4);
  row->meeting_date = col(s, 5);
  row->meeting_title = col(s, 6);
  row->body = col(s, 7);
  row->item_number = col(s, 8);
  row->item_title = col(s, 9);
  row->owners = c->ptrs;
  row->n_owners = (int)c->n;
  return CLERK_OK;
}

/* -- people --------------------------------------------------------------- */

int store_people_open(store *st, store_cursor **out) {
  if (!st || !out) return CLERK_MISUSE;
  return cursor_new(st, CURSOR_PEOPLE,
                    "SELECT p.id, p.name,"
                    " (SELECT count(DISTINCT meeting_id) FROM attendance WHERE person_id = p.id),"
                    " (SELECT count(DISTINCT action_id) FROM action_owner WHERE person_id = p.id)"
                    " FROM person p ORDER BY p.name COLLATE NOCASE, p.id",
                    "SELECT alias FROM alias WHERE person_id = ?1 ORDER BY alias", out);
}

int store_people_next(store_cursor *c, store_person_row *row) {
  int code = check_kind(c, CURSOR_PEOPLE, row);
  if (code != CLERK_OK) return code;
  if ((code = step_rows(c, "reading people")) != CLERK_OK) return code;
  sqlite3_stmt *s = c->rows;
  row->id = sqlite3_column_int64(s, 0);
  if ((code = load_list(c, row->id, "reading aliases")) != CLERK_OK) return code;
  row->name = col(s, 1);
  row->meetings = sqlite3_column_int(s, 2);
  row->actions = sqlite3_column_int(s, 3);
  row->aliases = c->ptrs;
  row->n_aliases = (int)c->n;
  return CLERK_OK;
}

/* -- search --------------------------------------------------------------- */

/* The fts rowid is record id * 4 + kind (see the schema in store.c). */
static const char *const search_kinds[] = {"item", "decision", "action"};

int store_search_open(store *st, const char *query, store_cursor **out) {
  if (!st || !out) return CLERK_MISUSE;
  *out = NULL;
  if (!query) return store_fail(st, CLERK_MISUSE, "store_search_open: no query");
  int code = cursor_new(st, CURSOR_SEARCH,
    "SELECT fts.rowid % 4, snippet(fts, 0, '[', ']', '...', 16),"
    " m.id, m.date, m.title, b.name, i.number, i.title"
    " FROM fts"
    " LEFT JOIN decision d ON fts.rowid % 4 = 1 AND d.id = fts.rowid / 4"
    " LEFT JOIN action a ON fts.rowid % 4 = 2 AND a.id = fts.rowid / 4"
    " LEFT JOIN item i ON i.id = CASE fts.rowid % 4 WHEN 0 THEN fts.rowid / 4"
    "   WHEN 1 THEN d.item_id ELSE a.item_id END"
    " LEFT JOIN meeting m ON m.id = CASE fts.rowid % 4 WHEN 2 THEN a.meeting_id"
    "   ELSE i.meeting_id END"
    " LEFT JOIN body b ON b.id = m.body_id"
    " WHERE fts MATCH ?1 ORDER BY fts.rank, fts.rowid",
    NULL, out);
  if (code != CLERK_OK) return code;
  store_cursor *c = *out;
  int rc = sqlite3_bind_text(c->rows, 1, query, -1, SQLITE_TRANSIENT);
  /* FTS5 parses the query at the first step: take it now so a syntax
  ** error is the caller's mistake at open, not a failure halfway. */
  if (rc == SQLITE_OK) rc = sqlite3_step(c->rows);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
    c->first = rc;
    return CLERK_OK;
  }
  if ((rc & 0xff) == SQLITE_ERROR)
    code = store_fail(st, CLERK_FORMAT, "search '%s': %s", query, sqlite3_errmsg(st->db));
  else
    code = store_fail_sqlite(st, rc, "searching");
  store_cursor_close(c);
  *out = NULL;
  return code;
}

int store_search_next(store_cursor *c, store_search_row *row) {
  int code = check_kind(c, CURSOR_SEARCH, row);
  if (code != CLERK_OK) return code;
  if ((code = step_rows(c, "searching")) != CLERK_OK) return code;
  sqlite3_stmt *s = c->rows;
  int kind = sqlite3_column_int(s, 0);
  row->kind = kind >= 0 && kind < 3 ? search_kinds[kind] : "unknown";
  row->snippet = col(s, 1);
  row->meeting_id = sqlite3_column_int64(s, 2);
  row->meeting_date = col(s, 3);
  row->meeting_title = col(s, 4);
  row->body = col(s, 5);
  row->item_number = col(s, 6);
  row->item_title = col(s, 7);
  return CLERK_OK;
}
