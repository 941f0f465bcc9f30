/*
** store_detail.c -- the committee-system records of schema v2 (see store.c):
** meeting status and ids, body details, the meeting index, people's party
** and ward, linked documents, attendees with an attendance of their own.
** Written inside the open import, like store_write.c's records.
*/
#include "store_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/* One INSERT/UPDATE with up to 8 values: ids (int64, 0 = NULL) or texts.
** Rare enough per import that preparing each time costs nothing measurable. */
typedef struct val { int is_id; int64_t id; const char *text; } val;
#define ID(x) ((val){ 1, (x), NULL })
#define TXT(x) ((val){ 0, 0, (x) })

static int exec_row(store *st, const char *what, const char *sql, int n, const val *v) {
  if (!st->importing) return store_fail(st, CLERK_MISUSE, "%s: no import is open", what);
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (rc != SQLITE_OK) return store_fail_sqlite(st, rc, what);
  for (int i = 0; i < n && rc == SQLITE_OK; i++) {
    if (v[i].is_id) rc = v[i].id ? sqlite3_bind_int64(s, i + 1, v[i].id) : sqlite3_bind_null(s, i + 1);
    else rc = store_bind_text(s, i + 1, v[i].text);
  }
  if (rc == SQLITE_OK) rc = sqlite3_step(s);
  int code = (rc == SQLITE_DONE) ? CLERK_OK : store_fail_sqlite(st, rc, what);
  sqlite3_finalize(s);
  return code;
}

int store_set_meeting_detail(store *st, int64_t meeting, const char *status,
                             const char *external_id) {
  val v[] = { TXT(status), TXT(external_id), ID(meeting) };
  return exec_row(st, "recording a meeting's status",
                  "UPDATE meeting SET status = ?1, external_id = ?2 WHERE id = ?3", 3, v);
}

/* Flags are stored 0/1, NULL when not said; 0 would read as NULL through
** ID(), so they go in as text the column affinity turns back into integers. */
static const char *flag(int f) { return f < 0 ? NULL : f ? "1" : "0"; }

int store_add_body_detail(store *st, const store_body_rec *b) {
  if (!b || !b->name || !*b->name) return store_fail(st, CLERK_MISUSE, "store_add_body_detail: no name");
  int64_t body = 0;
  int code = store_body_id(st, b->name, b->organisation, &body);
  if (code != CLERK_OK) return code;
  val v[] = { ID(st->source_id), ID(body), TXT(b->external_id), TXT(b->category),
              TXT(flag(b->expired)), TXT(flag(b->deleted)) };
  return exec_row(st, "adding a body's details",
                  "INSERT INTO body_detail(source_id, body_id, external_id, category, expired, deleted)"
                  " VALUES (?1, ?2, ?3, ?4, CAST(?5 AS INTEGER), CAST(?6 AS INTEGER))", 6, v);
}

int store_add_listing(store *st, const store_listing_rec *l) {
  if (!l) return store_fail(st, CLERK_MISUSE, "store_add_listing: no record");
  int64_t body = 0;
  if (l->body && *l->body) {
    int code = store_body_id(st, l->body, l->organisation, &body);
    if (code != CLERK_OK) return code;
  }
  val v[] = { ID(st->source_id), ID(body), TXT(l->external_id), TXT(l->date), TXT(l->start),
              TXT(l->status) };
  return exec_row(st, "adding a meeting to the index",
                  "INSERT INTO meeting_listing(source_id, body_id, external_id, date, start, status)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", 6, v);
}

int store_add_person_detail(store *st, const store_person_rec *p) {
  if (!p || !p->name || !*p->name) return store_fail(st, CLERK_MISUSE, "store_add_person_detail: no name");
  int64_t person = 0;
  int code = store_person_id(st, p->name, &person);
  if (code != CLERK_OK || !person) return code;     /* a name with nothing to key on */
  val v[] = { ID(st->source_id), ID(person), TXT(p->external_id), TXT(p->party), TXT(p->ward),
              TXT(p->roles) };
  return exec_row(st, "adding a person's details",
                  "INSERT INTO person_detail(source_id, person_id, external_id, party, ward, roles)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", 6, v);
}

int store_add_document(store *st, int64_t meeting, int64_t item, const char *external_id,
                       const char *title, const char *url, const char *published) {
  val v[] = { ID(meeting), ID(item), TXT(external_id), TXT(title), TXT(url), TXT(published) };
  return exec_row(st, "adding a document",
                  "INSERT INTO document(meeting_id, item_id, external_id, title, url, published)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", 6, v);
}

int store_add_attendance_other(store *st, int64_t meeting, const char *name,
                               const char *attendance, const char *role) {
  val v[] = { ID(meeting), TXT(name), TXT(attendance), TXT(role) };
  return exec_row(st, "adding an attendee",
                  "INSERT INTO attendance_other(meeting_id, name, attendance, role)"
                  " VALUES (?1, ?2, ?3, ?4)", 4, v);
}

/* -- schema v4 ---------------------------------------------------------- */

int store_set_meeting_plan(store *st, int64_t meeting, const char *planned_start,
                           const char *planned_end, const char *origin) {
  val v[] = { TXT(planned_start), TXT(planned_end), TXT(origin), ID(meeting) };
  return exec_row(st, "recording a meeting's planned times",
                  "UPDATE meeting SET planned_start = ?1, planned_end = ?2, origin = ?3"
                  " WHERE id = ?4", 4, v);
}

int store_set_item_restricted(store *st, int64_t item, int restricted) {
  val v[] = { TXT(flag(restricted)), ID(item) };
  return exec_row(st, "recording a restricted item",
                  "UPDATE item SET restricted = CAST(?1 AS INTEGER) WHERE id = ?2", 2, v);
}

static const char *const update_kinds[] = { "done", "reopen", "due", "reassign", "note", NULL };

int store_add_action_update_rec(store *st, int64_t action, const store_update_rec *u) {
  int known = 0;
  for (int i = 0; u && u->kind && update_kinds[i]; i++) known |= strcmp(u->kind, update_kinds[i]) == 0;
  if (!known)
    return store_fail(st, CLERK_FORMAT, "action update kind '%s' is not one of done, reopen, due,"
                      " reassign, note", u && u->kind ? u->kind : "");
  val v[] = { ID(action), ID(st->source_id), TXT(u->kind), TXT(u->value), TXT(u->old_value),
              TXT(u->note), TXT(u->created_at) };
  return exec_row(st, "adding an officer's update",
    "INSERT INTO action_update(action_id, source_path, text_key, position, kind, value,"
    " old_value, note, created_at)"
    " SELECT a.id, s.path, a.text_key, a.position, ?3, ?4, ?5, ?6,"
    " coalesce(?7, strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    " FROM action a, source s WHERE a.id = ?1 AND s.id = ?2 AND NOT EXISTS ("
    " SELECT 1 FROM action_update o WHERE o.source_path = s.path AND o.text_key IS a.text_key"
    " AND o.kind = ?3 AND o.value IS ?4 AND o.note IS ?6 AND o.created_at = ?7)", 7, v);
}

/* -- clerk sync's memory ---------------------------------------------------- */

static void copy_col(sqlite3_stmt *s, int i, char *dst, size_t cap) {
  const char *v = (const char *)sqlite3_column_text(s, i);
  snprintf(dst, cap, "%s", v ? v : "");
}

int store_fetch_get(store *st, const char *url, store_fetch_rec *r, int *found) {
  memset(r, 0, sizeof *r);
  *found = 0;
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(st->db,
      "SELECT sha256, etag, last_modified, listing, complete FROM fetch WHERE url = ?1", -1, &s, NULL);
  if (rc != SQLITE_OK) return store_fail_sqlite(st, rc, "reading the fetch log");
  rc = sqlite3_bind_text(s, 1, url, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_step(s);
  int code = CLERK_OK;
  if (rc == SQLITE_ROW) {
    *found = 1;
    copy_col(s, 0, r->sha256, sizeof r->sha256);
    copy_col(s, 1, r->etag, sizeof r->etag);
    copy_col(s, 2, r->last_modified, sizeof r->last_modified);
    copy_col(s, 3, r->listing, sizeof r->listing);
    r->complete = sqlite3_column_int(s, 4);
  } else if (rc != SQLITE_DONE) {
    code = store_fail_sqlite(st, rc, "reading the fetch log");
  }
  sqlite3_finalize(s);
  return code;
}

int store_fetch_put(store *st, const char *url, const store_fetch_rec *r) {
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(st->db,
      "INSERT INTO fetch(url, sha256, etag, last_modified, listing, complete)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(url) DO UPDATE SET"
      " sha256 = ?2, etag = ?3, last_modified = ?4, listing = ?5, complete = ?6,"
      " fetched_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')", -1, &s, NULL);
  if (rc != SQLITE_OK) return store_fail_sqlite(st, rc, "writing the fetch log");
  rc = sqlite3_bind_text(s, 1, url, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 2, *r->sha256 ? r->sha256 : NULL);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 3, *r->etag ? r->etag : NULL);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 4, *r->last_modified ? r->last_modified : NULL);
  if (rc == SQLITE_OK) rc = store_bind_text(s, 5, *r->listing ? r->listing : NULL);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(s, 6, r->complete);
  if (rc == SQLITE_OK) rc = sqlite3_step(s);
  int code = rc == SQLITE_DONE ? CLERK_OK : store_fail_sqlite(st, rc, "writing the fetch log");
  sqlite3_finalize(s);
  return code;
}
