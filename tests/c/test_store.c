/* test_store.c -- the SQLite store: opening and refusing files, migrations,
** imports (commit, rollback, unchanged, replaced), cursors, search, name
** keys, and recovery from every allocation failure. */
#include "testing.h"

#include <sys/stat.h>
#include <unistd.h>

#include "sha256.h"
#include "store.h"

/* -- helpers --------------------------------------------------------------- */

#include "tempdb.h"

static void write_file(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

/* sha256 of a file's bytes, to prove a file was left alone. */
static void file_sha(const char *path, char out[65]) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  sha256_ctx c;
  sha256_init(&c);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) sha256_update(&c, buf, n);
  fclose(f);
  sha256_final_hex(&c, out);
}

static int file_exists(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0;
}

static int64_t count(store *st, const char *sql) {
  sqlite3_stmt *s = NULL;
  assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), sql, -1, &s, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(s), SQLITE_ROW);
  int64_t n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

static void raw_exec(const char *path, const char *sql) {
  sqlite3 *db = NULL;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static store *open_ok(const char *path, int flags) {
  store *st = NULL;
  char *err = NULL;
  int rc = store_open(path, flags, &st, &err);
  if (rc != CLERK_OK) fail_msg("store_open(%s): %d %s", path, rc, err ? err : "(null)");
  assert_null(err);
  assert_non_null(st);
  return st;
}

/* Open expecting failure `code` with a message containing `want`. */
static void open_fails(const char *path, int flags, int code, const char *want) {
  store *st = (store *)1;
  char *err = NULL;
  assert_int_equal(store_open(path, flags, &st, &err), code);
  assert_null(st);
  assert_non_null(err);
  if (!strstr(err, want)) fail_msg("message '%s' lacks '%s'", err, want);
  assert_null(strchr(err, '\n'));
  clerk_mfree(err);
}

static const store_span NOSPAN = {-1, -1};

/* The Community Safety Partnership meeting of 5 March 2024: three attendees,
** two items, one decision, three actions (one meeting-level), four owners.
** Returns the first failing status, so the allocation test can use it. */
static int import_csp(store *st, const char *path, const char *sha) {
  store_source src = {path, sha, "text", "test", 1234};
  int unchanged = -1, replaced = -1, rc;
  if ((rc = store_import_begin(st, &src, &unchanged, &replaced)) != CLERK_OK) return rc;
  if (unchanged) return -1;
  int64_t m, it1, it2, a1, a2, a3, id;
  store_meeting_rec mr = {
    .body = "Community Safety Partnership", .organisation = "Camden Council",
    .title = "Community Safety Partnership Board", .date = "2024-03-05", .start = "10:00",
    .end = "12:00", .venue = "Town Hall", .chair = "Jane Selman", .next_meeting = "2024-06-04",
    .span = {0, 99}, .rule = "header"};
  if ((rc = store_add_meeting(st, &mr, &m)) != CLERK_OK) goto fail;
  store_attendance_rec att[] = {
    {"Jane Selman", "present", "Chair", "Camden Council", NULL, {100, 120}, "attendees"},
    {"Tom O'Brien", "apologies", "Chief Inspector", "Met Police", NULL, NOSPAN, NULL},
    {"Ann Lee", "in_attendance", NULL, NULL, NULL, NOSPAN, NULL},
  };
  for (int i = 0; i < 3; i++)
    if ((rc = store_add_attendance(st, m, &att[i], &id)) != CLERK_OK) goto fail;
  store_item_rec i1 = {1, "1", "Apologies", "Apologies were received from Tom O'Brien.", NULL,
                       NULL, NOSPAN, NULL};
  store_item_rec i2 = {2, "2", "Knife crime strategy",
                       "The board discussed the knife crime strategy for 2024.", "Ann Lee",
                       "10:15", {200, 400}, "item"};
  if ((rc = store_add_item(st, m, &i1, &it1)) != CLERK_OK) goto fail;
  if ((rc = store_add_item(st, m, &i2, &it2)) != CLERK_OK) goto fail;
  store_decision_rec d = {1, "The strategy was approved.", {300, 330}, "resolved"};
  if ((rc = store_add_decision(st, it2, &d, &id)) != CLERK_OK) goto fail;
  store_action_rec ac1 = {1, "Circulate the strategy to partners", "2024-04-01", "by April",
                          "open", NOSPAN, NULL, NULL};
  store_action_rec ac2 = {2, "Report back on youth outreach funding", NULL, NULL, "done",
                          NOSPAN, NULL, NULL};
  store_action_rec ac3 = {1, "Review the terms of reference", NULL, NULL, NULL, NOSPAN, NULL, NULL};
  if ((rc = store_add_action(st, m, it2, &ac1, &a1)) != CLERK_OK) goto fail;
  if ((rc = store_add_action(st, m, it2, &ac2, &a2)) != CLERK_OK) goto fail;
  if ((rc = store_add_action(st, m, 0, &ac3, &a3)) != CLERK_OK) goto fail;
  if ((rc = store_add_action_owner(st, a1, 1, "jane selman", 0)) != CLERK_OK) goto fail;
  if ((rc = store_add_action_owner(st, a2, 1, "Tom O\xe2\x80\x99" "Brien", 0)) != CLERK_OK) goto fail;
  if ((rc = store_add_action_owner(st, a2, 2, "Youth Services Team", 1)) != CLERK_OK) goto fail;
  if ((rc = store_add_action_owner(st, a3, 1, "Ann Lee", 0)) != CLERK_OK) goto fail;
  if ((rc = store_import_commit(st)) != CLERK_OK) goto fail;
  return CLERK_OK;
fail:
  store_import_rollback(st);
  return rc;
}

/* A Health and Wellbeing Board meeting of 10 January 2024, one action. */
static void import_hwb(store *st) {
  store_source src = {"/minutes/hwb-2024-01.txt", "b1", "text", "test", 10};
  int unchanged, replaced;
  assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_OK);
  assert_int_equal(unchanged, 0);
  int64_t m, it, a;
  store_meeting_rec mr = {.body = "Health and Wellbeing Board", .date = "2024-01-10",
                          .title = "HWB", .span = {-1, -1}};
  assert_int_equal(store_add_meeting(st, &mr, &m), CLERK_OK);
  store_item_rec i = {1, "5", "Annual report", "The annual report was noted.", NULL, NULL,
                      NOSPAN, NULL};
  assert_int_equal(store_add_item(st, m, &i, &it), CLERK_OK);
  store_action_rec ac = {1, "Publish the annual report", NULL, NULL, "dropped", NOSPAN, NULL, NULL};
  assert_int_equal(store_add_action(st, m, it, &ac, &a), CLERK_OK);
  assert_int_equal(store_add_action_owner(st, a, 1, "ANN LEE", 0), CLERK_OK);
  assert_int_equal(store_import_commit(st), CLERK_OK);
}

#define CSP_PATH "/minutes/csp-2024-03.txt"
#define CSP_SHA "a1"

/* -- opening ---------------------------------------------------------------- */

static void test_open_memory(void **state) {
  (void)state;
  store *st = open_ok(":memory:", CLERK_OPEN_CREATE);
  assert_int_equal(store_readonly(st), 0);
  assert_non_null(store_errmsg(st));
  assert_int_equal(count(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
  assert_int_equal(count(st, "PRAGMA foreign_keys"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM sqlite_schema WHERE name IN ('source','body',"
                             "'meeting','person','alias','role','attendance','item','decision',"
                             "'action','action_owner','action_event','fts')"), 13);
  store_close(st);
  store_close(NULL);
  assert_non_null(store_errmsg(NULL));
}

static void test_open_create_file(void **state) {
  fixture *fx = *state;
  open_fails(fx->path, CLERK_OPEN_READWRITE, CLERK_IO,
             "no such database (import minutes first to create it)");
  open_fails(fx->path, CLERK_OPEN_READONLY, CLERK_IO, "no such database");
  assert_false(file_exists(fx->path));
  store *st = open_ok(fx->path, CLERK_OPEN_CREATE);
  assert_int_equal(count(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
  sqlite3_stmt *s;
  assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(s), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
  sqlite3_finalize(s);
  store_close(st);
  /* Reopening an up-to-date file changes nothing. */
  st = open_ok(fx->path, CLERK_OPEN_READWRITE);
  assert_int_equal(count(st, "SELECT count(*) FROM meeting"), 0);
  store_close(st);
  /* A directory is no database. */
  open_fails(fx->dir, CLERK_OPEN_CREATE, CLERK_IO, fx->dir);
}

static void test_migrate_empty(void **state) {
  fixture *fx = *state;
  /* An SQLite file with no tables and user_version 0 ... */
  raw_exec(fx->path, "PRAGMA page_size = 4096; VACUUM;");
  store *st = open_ok(fx->path, CLERK_OPEN_READWRITE);
  assert_int_equal(count(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
  assert_int_equal(count(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'action_owner'"), 1);
  store_close(st);
  /* ... and a zero-byte file. */
  unlink(fx->path);
  write_file(fx->path, "", 0);
  st = open_ok(fx->path, CLERK_OPEN_READWRITE);
  assert_int_equal(count(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
  store_close(st);
}

/* v3 -> v4 on a database with data: a v4 file is taken back to v3's shape
** (the v4 columns dropped, user_version 3), then opened. The rows survive,
** the new columns exist and are NULL, and the next import writes them. */
static void test_migrate_v3_to_v4(void **state) {
  fixture *fx = *state;
  store *st = open_ok(fx->path, CLERK_OPEN_CREATE);
  assert_int_equal(import_csp(st, CSP_PATH, CSP_SHA), CLERK_OK);
  store_close(st);
  raw_exec(fx->path,
    "ALTER TABLE meeting DROP COLUMN planned_start; ALTER TABLE meeting DROP COLUMN planned_end;"
    " ALTER TABLE meeting DROP COLUMN origin; ALTER TABLE item DROP COLUMN restricted;"
    " PRAGMA user_version = 3;");
  st = open_ok(fx->path, CLERK_OPEN_READWRITE);
  assert_int_equal(count(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
  assert_int_equal(count(st, "SELECT count(*) FROM meeting WHERE date = '2024-03-05'"
                             " AND planned_start IS NULL AND planned_end IS NULL AND origin IS NULL"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM item WHERE restricted IS NULL"), 2);
  assert_int_equal(count(st, "SELECT count(*) FROM action"), 3);
  assert_int_equal(count(st, "SELECT count(*) FROM action_owner"), 4);
  assert_int_equal(count(st, "SELECT count(*) FROM fts"), 6);
  /* the v4 writes, in a new import */
  store_source src = {"/minutes/v4.json", "c4", "json", "test", 10};
  int unchanged = -1, replaced = -1;
  assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_OK);
  store_meeting_rec mr = {.body = "Community Safety Partnership", .date = "2024-06-04",
                          .span = {-1, -1}};
  int64_t m, it, a;
  assert_int_equal(store_add_meeting(st, &mr, &m), CLERK_OK);
  assert_int_equal(store_set_meeting_plan(st, m, "10:00", "12:30", "june.txt"), CLERK_OK);
  store_item_rec ir = {1, "1", "Private item", NULL, NULL, NULL, {-1, -1}, NULL};
  assert_int_equal(store_add_item(st, m, &ir, &it), CLERK_OK);
  assert_int_equal(store_set_item_restricted(st, it, 1), CLERK_OK);
  store_action_rec ar = {1, "Draft the plan", NULL, NULL, "open", {-1, -1}, NULL, "3"};
  assert_int_equal(store_add_action(st, m, it, &ar, &a), CLERK_OK);
  store_update_rec ur = {"done", NULL, NULL, "sent", "2024-07-01T09:00:00Z"};
  assert_int_equal(store_add_action_update_rec(st, a, &ur), CLERK_OK);
  assert_int_equal(store_add_action_update_rec(st, a, &ur), CLERK_OK);   /* not twice */
  store_update_rec bad = {"close", NULL, NULL, NULL, NULL};
  assert_int_equal(store_add_action_update_rec(st, a, &bad), CLERK_FORMAT);
  assert_int_equal(store_import_commit(st), CLERK_OK);
  assert_int_equal(count(st, "SELECT count(*) FROM meeting WHERE planned_start = '10:00'"
                             " AND planned_end = '12:30' AND origin = 'june.txt'"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM item WHERE restricted = 1"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM action_update WHERE source_path = '/minutes/v4.json'"
                             " AND kind = 'done' AND created_at = '2024-07-01T09:00:00Z'"), 1);
  /* the linker replayed it: the action is done */
  assert_int_equal(count(st, "SELECT count(*) FROM action WHERE ref = '3' AND status = 'done'"
                             " AND said_status = 'open'"), 1);
  store_close(st);
}

/* v4 -> v5: a v4 file still has the row triggers that filled the full-text
** index. After the upgrade they are gone, the old rows stay searchable, and
** a new import is indexed once, at its commit (a trigger left behind would
** index the rows twice and the commit would fail on the duplicate rowid). */
static void test_migrate_v4_to_v5(void **state) {
  fixture *fx = *state;
  store *st = open_ok(fx->path, CLERK_OPEN_CREATE);
  assert_int_equal(import_csp(st, CSP_PATH, CSP_SHA), CLERK_OK);
  store_close(st);
  raw_exec(fx->path,
    "CREATE TRIGGER item_fts_insert AFTER INSERT ON item"
    "  WHEN new.title IS NOT NULL OR new.text IS NOT NULL BEGIN"
    "  INSERT INTO fts(rowid, text) VALUES (new.id*4+0,"
    "    trim(coalesce(new.title, '') || char(10) || coalesce(new.text, ''), char(10)));"
    " END;"
    " CREATE TRIGGER action_fts_insert AFTER INSERT ON action WHEN new.text IS NOT NULL BEGIN"
    "  INSERT INTO fts(rowid, text) VALUES (new.id*4+2, new.text);"
    " END;"
    " PRAGMA user_version = 4;");
  st = open_ok(fx->path, CLERK_OPEN_READWRITE);
  assert_int_equal(count(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
  assert_int_equal(count(st, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
                             " AND name LIKE '%_fts_insert'"), 0);
  assert_int_equal(count(st, "SELECT count(*) FROM fts WHERE fts MATCH 'knife'"), 1);
  import_hwb(st);
  assert_int_equal(count(st, "SELECT count(*) FROM fts"), 6 + 2);
  assert_int_equal(count(st, "SELECT count(*) FROM fts WHERE fts MATCH 'annual'"), 2);
  store_close(st);
}

/* v5 -> v6: a v5 file gains the index through which the linker finds
** reviews without a reference by their words, and the linker's search by
** words reads it instead of scanning every review. */
static void test_migrate_v5_to_v6(void **state) {
  fixture *fx = *state;
  store *st = open_ok(fx->path, CLERK_OPEN_CREATE);
  assert_int_equal(import_csp(st, CSP_PATH, CSP_SHA), CLERK_OK);
  store_close(st);
  raw_exec(fx->path, "DROP INDEX review_link_key; PRAGMA user_version = 5;");
  st = open_ok(fx->path, CLERK_OPEN_READWRITE);
  assert_int_equal(count(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
  assert_int_equal(count(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'review_link_key'"), 1);
  sqlite3_stmt *q = NULL;
  assert_int_equal(sqlite3_prepare_v2(store_sqlite(st),
    "EXPLAIN QUERY PLAN SELECT r.id FROM action n JOIN review r ON r.body_id IS n.body_id"
    " AND r.ref IS NULL AND r.text_key = n.text_key AND r.meeting_date > n.meeting_date"
    " WHERE n.meeting_id IN (SELECT id FROM meeting WHERE source_id = 1) AND n.text_key <> ''",
    -1, &q, NULL), SQLITE_OK);
  int uses = 0;
  while (sqlite3_step(q) == SQLITE_ROW)
    if (strstr((const char *)sqlite3_column_text(q, 3), "review_link_key")) uses = 1;
  sqlite3_finalize(q);
  assert_true(uses);
  store_close(st);
}

/* The full-text rows of an import are written at its commit: one per item
** (title and text), decision and action with text, under rowid id*4+kind;
** none for an import rolled back; a replaced source's rows go with it. */
static void test_fts_at_commit(void **state) {
  (void)state;
  store *st = open_ok(":memory:", CLERK_OPEN_CREATE);
  assert_int_equal(import_csp(st, CSP_PATH, CSP_SHA), CLERK_OK);
  assert_int_equal(count(st, "SELECT count(*) FROM fts"), 2 + 1 + 3);
  assert_int_equal(count(st, "SELECT count(*) FROM fts f JOIN item i ON f.rowid = i.id*4"
                             " WHERE f.text = i.title || char(10) || i.text"), 2);
  assert_int_equal(count(st, "SELECT count(*) FROM fts f JOIN decision d ON f.rowid = d.id*4+1"
                             " WHERE f.text = d.text"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM fts f JOIN action a ON f.rowid = a.id*4+2"
                             " WHERE f.text = a.text"), 3);
  import_hwb(st);
  assert_int_equal(count(st, "SELECT count(*) FROM fts"), 6 + 2);

  /* rolled back: nothing indexed */
  store_source src = {"/minutes/gone.txt", "g1", "text", "test", 1};
  int unchanged, replaced;
  assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_OK);
  int64_t m, it;
  store_meeting_rec mr = {.body = "X", .span = {-1, -1}};
  assert_int_equal(store_add_meeting(st, &mr, &m), CLERK_OK);
  store_item_rec i = {1, "1", "Zebra crossings", "Zebra text", NULL, NULL, NOSPAN, NULL};
  assert_int_equal(store_add_item(st, m, &i, &it), CLERK_OK);
  store_import_rollback(st);
  assert_int_equal(count(st, "SELECT count(*) FROM fts"), 6 + 2);
  assert_int_equal(count(st, "SELECT count(*) FROM fts WHERE fts MATCH 'zebra'"), 0);

  /* the same path with new bytes: the old rows leave, the new ones come once */
  assert_int_equal(import_csp(st, CSP_PATH, "c2"), CLERK_OK);
  assert_int_equal(count(st, "SELECT count(*) FROM fts"), 6 + 2);
  assert_int_equal(count(st, "SELECT count(*) FROM fts WHERE fts MATCH 'knife'"), 1);
  store_close(st);
}

static void test_newer_schema(void **state) {
  fixture *fx = *state;
  store_close(open_ok(fx->path, CLERK_OPEN_CREATE));
  raw_exec(fx->path, "PRAGMA user_version = 99");
  char before[65], after[65];
  file_sha(fx->path, before);
  char want[80];
  snprintf(want, sizeof want, "made by a newer Clerk (schema 99, this build reads up to %d)",
           STORE_SCHEMA_VERSION);
  open_fails(fx->path, CLERK_OPEN_READWRITE, CLERK_SCHEMA, want);
  open_fails(fx->path, CLERK_OPEN_READONLY, CLERK_SCHEMA, fx->path);
  file_sha(fx->path, after);
  assert_string_equal(before, after);
}

static void test_not_sqlite(void **state) {
  fixture *fx = *state;
  char junk[3000];
  for (size_t i = 0; i < sizeof junk; i++) junk[i] = (char)("minutes of the meeting "[i % 23]);
  write_file(fx->path, junk, sizeof junk);
  char before[65], after[65];
  file_sha(fx->path, before);
  open_fails(fx->path, CLERK_OPEN_READWRITE, CLERK_DB,
             "not a Clerk database (file is not a database)");
  open_fails(fx->path, CLERK_OPEN_CREATE, CLERK_DB, "not a Clerk database");
  open_fails(fx->path, CLERK_OPEN_READONLY, CLERK_DB, "not a Clerk database");
  file_sha(fx->path, after);
  assert_string_equal(before, after);
}

static void test_foreign_sqlite(void **state) {
  fixture *fx = *state;
  raw_exec(fx->path, "CREATE TABLE invoices(id INTEGER PRIMARY KEY, amount REAL)");
  char before[65], after[65];
  file_sha(fx->path, before);
  open_fails(fx->path, CLERK_OPEN_READWRITE, CLERK_DB, "not a Clerk database");
  open_fails(fx->path, CLERK_OPEN_READONLY, CLERK_DB, "not a Clerk database");
  file_sha(fx->path, after);
  assert_string_equal(before, after);
  /* An empty SQLite file opened read-only is not a Clerk database either. */
  unlink(fx->path);
  write_file(fx->path, "", 0);
  open_fails(fx->path, CLERK_OPEN_READONLY, CLERK_DB, "not a Clerk database");
}

static void test_readonly(void **state) {
  fixture *fx = *state;
  store *st = open_ok(fx->path, CLERK_OPEN_CREATE);
  assert_int_equal(import_csp(st, CSP_PATH, CSP_SHA), CLERK_OK);
  store_close(st);
  assert_int_equal(chmod(fx->path, 0444), 0);
  char before[65], after[65];
  file_sha(fx->path, before);
  /* Root writes through 0444, so only an ordinary user sees the refusal. */
  if (geteuid() != 0)
    open_fails(fx->path, CLERK_OPEN_READWRITE, CLERK_READONLY, "database is read-only");
  else
    print_message("running as root: skipping read-write open of a 0444 file\n");

  st = open_ok(fx->path, CLERK_OPEN_READONLY);
  assert_int_equal(store_readonly(st), 1);
  store_cursor *c;
  clerk_meeting m;
  assert_int_equal(store_meetings_open(st, NULL, &c), CLERK_OK);
  assert_int_equal(store_meetings_next(c, &m), CLERK_OK);
  assert_string_equal(m.body, "Community Safety Partnership");
  assert_int_equal(store_meetings_next(c, &m), CLERK_NOTFOUND);
  store_cursor_close(c);
  store_source src = {"/other", "ff", "text", "test", 1};
  int unchanged, replaced;
  assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_READONLY);
  assert_non_null(strstr(store_errmsg(st), "read-only"));
  store_close(st);
  file_sha(fx->path, after);
  assert_string_equal(before, after);
}

/* Every foreign key column leads some index, so cascades and lookups never scan. */
static void test_foreign_keys_indexed(void **state) {
  (void)state;
  store *st = open_ok(":memory:", CLERK_OPEN_CREATE);
  assert_int_equal(count(st,
    "SELECT count(*) FROM sqlite_schema m, pragma_foreign_key_list(m.name) f"
    " WHERE m.type = 'table' AND NOT EXISTS (SELECT 1 FROM pragma_index_list(m.name) il,"
    " pragma_index_info(il.name) ii WHERE ii.seqno = 0 AND ii.name = f.\"from\")"), 0);
  assert_true(count(st, "SELECT count(*) FROM sqlite_schema m, pragma_foreign_key_list(m.name) f"
                        " WHERE m.type = 'table'") >= 15);
  store_close(st);
}

/* -- imports ---------------------------------------------------------------- */

static void test_import_full(void **state) {
  (void)state;
  store *st = open_ok(":memory:", CLERK_OPEN_CREATE);
  assert_int_equal(import_csp(st, CSP_PATH, CSP_SHA), CLERK_OK);
  assert_int_equal(count(st, "SELECT count(*) FROM source WHERE path = '" CSP_PATH
                             "' AND sha256 = 'a1' AND size = 1234 AND importer = 'test'"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM body"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM meeting WHERE date = '2024-03-05'"
                             " AND end_time = '12:00' AND span_first = 0 AND span_last = 99"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM attendance"), 3);
  assert_int_equal(count(st, "SELECT count(*) FROM attendance WHERE person_id IS NULL"), 0);
  assert_int_equal(count(st, "SELECT count(*) FROM attendance WHERE span_first IS NULL"), 2);
  assert_int_equal(count(st, "SELECT count(*) FROM item"), 2);
  assert_int_equal(count(st, "SELECT count(*) FROM decision"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM action"), 3);
  assert_int_equal(count(st, "SELECT count(*) FROM action WHERE item_id IS NULL AND status = 'open'"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM action_owner"), 4);
  assert_int_equal(count(st, "SELECT count(*) FROM action_owner WHERE is_group = 1"
                             " AND person_id IS NULL AND name = 'Youth Services Team'"), 1);
  /* Owners keep the name as written and resolve to the attendee. */
  assert_int_equal(count(st, "SELECT count(*) FROM action_owner o JOIN person p ON p.id = o.person_id"
                             " WHERE o.name = 'jane selman' AND p.name = 'Jane Selman'"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM person"), 3);
  /* "jane selman" and "Tom O’Brien" differ from the person's name: aliases. */
  assert_int_equal(count(st, "SELECT count(*) FROM alias"), 2);
  assert_int_equal(count(st, "SELECT count(*) FROM fts"), 6);
  store_close(st);
}

static void test_rollback(void **state) {
  (void)state;
  store *st = open_ok(":memory:", CLERK_OPEN_CREATE);
  store_meeting_rec mr = {.body = "X", .span = {-1, -1}};
  int64_t id;
  assert_int_equal(store_add_meeting(st, &mr, &id), CLERK_MISUSE);
  assert_int_equal(store_import_commit(st), CLERK_MISUSE);
  store_import_rollback(st);   /* nothing open: harmless */

  store_source src = {CSP_PATH, CSP_SHA, "text", "test", 1};
  int unchanged, replaced;
  assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_OK);
  assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_MISUSE);
  int64_t m, it, a;
  assert_int_equal(store_add_meeting(st, &mr, &m), CLERK_OK);
  store_attendance_rec at = {"Jane Selman", "present", NULL, NULL, NULL, NOSPAN, NULL};
  assert_int_equal(store_add_attendance(st, m, &at, &id), CLERK_OK);
  store_item_rec i = {1, "1", "Budget", "Budget text", NULL, NULL, NOSPAN, NULL};
  assert_int_equal(store_add_item(st, m, &i, &it), CLERK_OK);
  store_action_rec ac = {1, "Do it", NULL, NULL, NULL, NOSPAN, NULL, NULL};
  assert_int_equal(store_add_action(st, m, it, &ac, &a), CLERK_OK);
  assert_int_equal(store_add_action_owner(st, a, 1, "Jane Selman", 0), CLERK_OK);
  store_import_rollback(st);
  store_import_rollback(st);
  const char *tables[] = {"source", "body", "meeting", "person", "alias", "attendance", "item",
                          "decision", "action", "action_owner", "fts"};
  for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[t]);
    assert_int_equal(count(st, sql), 0);
  }
  assert_int_equal(sqlite3_get_autocommit(store_sqlite(st)), 1);
  /* The same source imports cleanly afterwards. */
  assert_int_equal(import_csp(st, CSP_PATH, CSP_SHA), CLERK_OK);
  assert_int_equal(count(st, "SELECT count(*) FROM meeting"), 1);
  store_close(st);
}

static void test_unchanged(void **state) {
  (void)state;
  store *st = open_ok(":memory:", CLERK_OPEN_CREATE);
  assert_int_equal(import_csp(st, CSP_PATH, CSP_SHA), CLERK_OK);
  /* Same bytes under another name: still nothing to do. */
  store_source src = {"/elsewhere/copy.txt", CSP_SHA, "text", "test", 1234};
  int unchanged = 0, replaced = 1;
  assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_OK);
  assert_int_equal(unchanged, 1);
  assert_int_equal(replaced, 0);
  assert_int_equal(sqlite3_get_autocommit(store_sqlite(st)), 1);
  int64_t id;
  store_meeting_rec mr = {.span = {-1, -1}};
  assert_int_equal(store_add_meeting(st, &mr, &id), CLERK_MISUSE);
  assert_int_equal(count(st, "SELECT count(*) FROM source"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM meeting"), 1);
  store_close(st);
}

static void test_replaced(void **state) {
  fixture *fx = *state;
  store *st = open_ok(fx->path, CLERK_OPEN_CREATE);
  assert_int_equal(import_csp(st, CSP_PATH, CSP_SHA), CLERK_OK);
  import_hwb(st);
  int64_t old_items = count(st, "SELECT max(id) FROM item");

  store_source src = {CSP_PATH, "a2", "text", "test", 99};
  int unchanged = 1, replaced = 0;
  assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_OK);
  assert_int_equal(unchanged, 0);
  assert_int_equal(replaced, 1);
  int64_t m, it, id;
  store_meeting_rec mr = {.body = "Community Safety Partnership", .organisation = "Camden Council",
                          .date = "2024-03-05", .span = {-1, -1}};
  assert_int_equal(store_add_meeting(st, &mr, &m), CLERK_OK);
  store_item_rec i = {1, "1", "Corrected minutes", "Only this item remains.", NULL, NULL,
                      NOSPAN, NULL};
  assert_int_equal(store_add_item(st, m, &i, &it), CLERK_OK);
  assert_true(it > old_items);
  store_import_rollback(st);
  /* Rolled back: the old version is intact. */
  assert_int_equal(count(st, "SELECT count(*) FROM source WHERE sha256 = 'a1'"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM fts WHERE fts MATCH 'knife'"), 1);

  assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_OK);
  assert_int_equal(replaced, 1);
  assert_int_equal(store_add_meeting(st, &mr, &m), CLERK_OK);
  assert_int_equal(store_add_item(st, m, &i, &it), CLERK_OK);
  store_attendance_rec at = {"Ann Lee", "present", NULL, NULL, NULL, NOSPAN, NULL};
  assert_int_equal(store_add_attendance(st, m, &at, &id), CLERK_OK);
  assert_int_equal(store_import_commit(st), CLERK_OK);

  assert_int_equal(count(st, "SELECT count(*) FROM source"), 2);
  assert_int_equal(count(st, "SELECT count(*) FROM source WHERE sha256 = 'a1'"), 0);
  assert_int_equal(count(st, "SELECT count(*) FROM meeting"), 2);
  assert_int_equal(count(st, "SELECT count(*) FROM item"), 2);          /* new one + HWB's */
  assert_int_equal(count(st, "SELECT count(*) FROM decision"), 0);
  assert_int_equal(count(st, "SELECT count(*) FROM action"), 1);        /* HWB's */
  assert_int_equal(count(st, "SELECT count(*) FROM action_owner"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM attendance"), 1);
  /* Cascaded deletes fired the FTS triggers: only live rows are searchable. */
  assert_int_equal(count(st, "SELECT count(*) FROM fts"), 3);   /* new item, HWB item and action */
  assert_int_equal(count(st, "SELECT count(*) FROM fts WHERE fts MATCH 'knife'"), 0);
  assert_int_equal(count(st, "SELECT count(*) FROM fts WHERE fts MATCH 'strategy'"), 0);
  assert_int_equal(count(st, "SELECT count(*) FROM fts WHERE fts MATCH 'remains'"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM fts WHERE rowid % 4 = 0 AND"
                             " rowid / 4 NOT IN (SELECT id FROM item)"), 0);
  /* People and bodies outlive the sources they came from. */
  assert_int_equal(count(st, "SELECT count(*) FROM body"), 2);
  assert_int_equal(count(st, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
  store_close(st);
}

static void test_invalid_status(void **state) {
  (void)state;
  store *st = open_ok(":memory:", CLERK_OPEN_CREATE);
  store_source src = {CSP_PATH, CSP_SHA, "text", "test", 1};
  int unchanged, replaced;
  assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_OK);
  int64_t m, id;
  store_meeting_rec mr = {.body = "X", .span = {-1, -1}};
  assert_int_equal(store_add_meeting(st, &mr, &m), CLERK_OK);
  store_attendance_rec at = {"Jane Selman", "late", NULL, NULL, NULL, NOSPAN, NULL};
  assert_int_equal(store_add_attendance(st, m, &at, &id), CLERK_FORMAT);
  assert_non_null(strstr(store_errmsg(st), "'late'"));
  assert_non_null(strstr(store_errmsg(st), "Jane Selman"));
  at.status = NULL;
  assert_int_equal(store_add_attendance(st, m, &at, &id), CLERK_FORMAT);
  at.status = "Present";   /* case matters: the vocabulary is fixed */
  assert_int_equal(store_add_attendance(st, m, &at, &id), CLERK_FORMAT);
  store_action_rec ac = {1, "Fix the roof", NULL, NULL, "closed", NOSPAN, NULL, NULL};
  assert_int_equal(store_add_action(st, m, 0, &ac, &id), CLERK_FORMAT);
  assert_non_null(strstr(store_errmsg(st), "'closed'"));
  assert_int_equal(store_add_action_owner(st, 12345, 1, "Nobody", 0), CLERK_FORMAT);   /* no such action */
  assert_int_equal(store_add_action_owner(st, 12345, 1, NULL, 0), CLERK_FORMAT);
  store_import_rollback(st);
  assert_int_equal(count(st, "SELECT count(*) FROM attendance"), 0);
  assert_int_equal(count(st, "SELECT count(*) FROM source"), 0);
  store_close(st);
}

/* -- cursors ---------------------------------------------------------------- */

static store *two_meetings(void) {
  store *st = open_ok(":memory:", CLERK_OPEN_CREATE);
  assert_int_equal(import_csp(st, CSP_PATH, CSP_SHA), CLERK_OK);
  import_hwb(st);
  return st;
}

static int count_meetings(store *st, const clerk_filter *f) {
  store_cursor *c;
  clerk_meeting m;
  int n = 0, rc;
  assert_int_equal(store_meetings_open(st, f, &c), CLERK_OK);
  while ((rc = store_meetings_next(c, &m)) == CLERK_OK) n++;
  assert_int_equal(rc, CLERK_NOTFOUND);
  store_cursor_close(c);
  return n;
}

static void test_meetings_cursor(void **state) {
  (void)state;
  store *st = two_meetings();
  store_cursor *c;
  clerk_meeting m;
  assert_int_equal(store_meetings_open(st, NULL, &c), CLERK_OK);
  assert_int_equal(store_meetings_next(c, &m), CLERK_OK);
  assert_string_equal(m.date, "2024-01-10");
  assert_string_equal(m.body, "Health and Wellbeing Board");
  assert_null(m.organisation);
  assert_null(m.venue);
  assert_int_equal(store_meetings_next(c, &m), CLERK_OK);
  assert_string_equal(m.date, "2024-03-05");
  assert_string_equal(m.organisation, "Camden Council");
  assert_string_equal(m.title, "Community Safety Partnership Board");
  assert_string_equal(m.start, "10:00");
  assert_string_equal(m.end, "12:00");
  assert_string_equal(m.venue, "Town Hall");
  assert_string_equal(m.chair, "Jane Selman");
  assert_string_equal(m.next_meeting, "2024-06-04");
  assert_string_equal(m.source, CSP_PATH);
  assert_int_equal(store_meetings_next(c, &m), CLERK_NOTFOUND);
  clerk_action a;
  assert_int_equal(store_actions_next(c, &a), CLERK_MISUSE);
  store_cursor_close(c);

  clerk_filter f = {0};
  f.body = "community SAFETY partnership";
  assert_int_equal(count_meetings(st, &f), 1);
  f.body = "Community Safety";
  assert_int_equal(count_meetings(st, &f), 0);
  f = (clerk_filter){.since = "2024-02-01"};
  assert_int_equal(count_meetings(st, &f), 1);
  f = (clerk_filter){.until = "2024-02-01"};
  assert_int_equal(count_meetings(st, &f), 1);
  f = (clerk_filter){.since = "2024-01-10", .until = "2024-03-05"};
  assert_int_equal(count_meetings(st, &f), 2);
  f = (clerk_filter){.body = "Health and Wellbeing Board", .since = "2024-02-01"};
  assert_int_equal(count_meetings(st, &f), 0);
  store_close(st);
}

typedef struct seen_action { char text[64]; char owners[128]; char status[16]; } seen_action;

/* Collect actions as "text" and "owner|owner" so tests compare strings. */
static int list_actions(store *st, const clerk_filter *f, seen_action *out, int max) {
  store_cursor *c;
  clerk_action a;
  int n = 0, rc;
  assert_int_equal(store_actions_open(st, f, &c), CLERK_OK);
  while ((rc = store_actions_next(c, &a)) == CLERK_OK) {
    assert_true(n < max);
    snprintf(out[n].text, sizeof out[n].text, "%s", a.text);
    snprintf(out[n].status, sizeof out[n].status, "%s", a.status);
    out[n].owners[0] = '\0';
    for (int i = 0; i < a.n_owners; i++) {
      if (i) strcat(out[n].owners, "|");
      strcat(out[n].owners, a.owners[i]);
    }
    n++;
  }
  assert_int_equal(rc, CLERK_NOTFOUND);
  store_cursor_close(c);
  return n;
}

static void test_actions_cursor(void **state) {
  (void)state;
  store *st = two_meetings();
  seen_action s[8];
  assert_int_equal(list_actions(st, NULL, s, 8), 4);
  /* Meeting date, then meeting-level before item actions, then position. */
  assert_string_equal(s[0].text, "Publish the annual report");
  assert_string_equal(s[0].owners, "Ann Lee");
  assert_string_equal(s[0].status, "dropped");
  assert_string_equal(s[1].text, "Review the terms of reference");
  assert_string_equal(s[1].status, "open");
  assert_string_equal(s[2].text, "Circulate the strategy to partners");
  assert_string_equal(s[2].owners, "Jane Selman");
  assert_string_equal(s[3].text, "Report back on youth outreach funding");
  assert_string_equal(s[3].owners, "Tom O'Brien|Youth Services Team");

  store_cursor *c;
  clerk_action a;
  assert_int_equal(store_actions_open(st, NULL, &c), CLERK_OK);
  assert_int_equal(store_actions_next(c, &a), CLERK_OK);
  assert_string_equal(a.body, "Health and Wellbeing Board");
  assert_string_equal(a.item_number, "5");
  assert_string_equal(a.item_title, "Annual report");
  assert_string_equal(a.meeting_date, "2024-01-10");
  assert_string_equal(a.meeting_title, "HWB");
  assert_null(a.due);
  assert_int_equal(store_actions_next(c, &a), CLERK_OK);
  assert_null(a.item_number);
  assert_int_equal(store_actions_next(c, &a), CLERK_OK);
  assert_string_equal(a.due, "2024-04-01");
  assert_int_equal(store_actions_next(c, &a), CLERK_OK);
  assert_int_equal(a.n_owners, 2);
  assert_int_equal(store_actions_next(c, &a), CLERK_NOTFOUND);
  store_cursor_close(c);

  clerk_filter f = {.status = "done"};
  assert_int_equal(list_actions(st, &f, s, 8), 1);
  assert_string_equal(s[0].text, "Report back on youth outreach funding");
  f = (clerk_filter){.status = "open"};
  assert_int_equal(list_actions(st, &f, s, 8), 2);
  f = (clerk_filter){.status = "closed"};
  assert_int_equal(store_actions_open(st, &f, &c), CLERK_FORMAT);
  assert_null(c);
  assert_non_null(strstr(store_errmsg(st), "closed"));

  /* Owner: by person name, by the name as written, by group, by alias. */
  f = (clerk_filter){.owner = "ann lee"};
  assert_int_equal(list_actions(st, &f, s, 8), 2);
  f = (clerk_filter){.owner = "JANE SELMAN"};
  assert_int_equal(list_actions(st, &f, s, 8), 1);
  f = (clerk_filter){.owner = "Tom O'Brien"};
  assert_int_equal(list_actions(st, &f, s, 8), 1);
  f = (clerk_filter){.owner = "youth services team"};
  assert_int_equal(list_actions(st, &f, s, 8), 1);
  assert_string_equal(s[0].owners, "Tom O'Brien|Youth Services Team");
  f = (clerk_filter){.owner = "Cllr Selman"};
  assert_int_equal(list_actions(st, &f, s, 8), 0);
  /* What the linker will do: give Jane Selman another alias. */
  assert_int_equal(sqlite3_exec(store_sqlite(st),
                                "INSERT INTO alias(person_id, alias, key) SELECT id, 'Cllr. Selman',"
                                " 'cllr selman' FROM person WHERE name = 'Jane Selman'",
                                NULL, NULL, NULL), SQLITE_OK);
  f = (clerk_filter){.owner = "cllr selman"};
  assert_int_equal(list_actions(st, &f, s, 8), 1);
  assert_string_equal(s[0].text, "Circulate the strategy to partners");
  f = (clerk_filter){.owner = "Nobody"};
  assert_int_equal(list_actions(st, &f, s, 8), 0);

  /* Filters combine. */
  f = (clerk_filter){.owner = "Ann Lee", .body = "health and wellbeing board"};
  assert_int_equal(list_actions(st, &f, s, 8), 1);
  f = (clerk_filter){.owner = "Ann Lee", .since = "2024-02-01", .status = "open"};
  assert_int_equal(list_actions(st, &f, s, 8), 1);
  assert_string_equal(s[0].text, "Review the terms of reference");
  f = (clerk_filter){.until = "2024-01-31"};
  assert_int_equal(list_actions(st, &f, s, 8), 1);
  store_close(st);
}

static void test_people_cursor(void **state) {
  (void)state;
  store *st = two_meetings();
  store_cursor *c;
  store_person_row p;
  assert_int_equal(store_people_open(st, &c), CLERK_OK);
  assert_int_equal(store_people_next(c, &p), CLERK_OK);
  assert_string_equal(p.name, "Ann Lee");
  assert_int_equal(p.n_aliases, 1);
  assert_string_equal(p.aliases[0], "ANN LEE");
  assert_int_equal(p.meetings, 1);
  assert_int_equal(p.actions, 2);
  assert_int_equal(store_people_next(c, &p), CLERK_OK);
  assert_string_equal(p.name, "Jane Selman");
  assert_int_equal(p.n_aliases, 1);
  assert_string_equal(p.aliases[0], "jane selman");
  assert_int_equal(p.meetings, 1);
  assert_int_equal(p.actions, 1);
  assert_int_equal(store_people_next(c, &p), CLERK_OK);
  assert_string_equal(p.name, "Tom O'Brien");
  assert_int_equal(p.n_aliases, 1);
  assert_string_equal(p.aliases[0], "Tom O\xe2\x80\x99" "Brien");
  assert_int_equal(p.actions, 1);
  assert_int_equal(store_people_next(c, &p), CLERK_NOTFOUND);
  store_cursor_close(c);

  /* Many aliases: the cursor's buffers grow and the pointers stay right. */
  sqlite3 *db = store_sqlite(st);
  for (int i = 0; i < 40; i++) {
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT INTO alias(person_id, alias, key) SELECT id,"
             " 'Alias number %02d with quite a long spelling to fill buffers', 'k%02d'"
             " FROM person WHERE name = 'Ann Lee'", i, i);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
  }
  assert_int_equal(store_people_open(st, &c), CLERK_OK);
  assert_int_equal(store_people_next(c, &p), CLERK_OK);
  assert_int_equal(p.n_aliases, 41);
  assert_string_equal(p.aliases[0], "ANN LEE");
  assert_string_equal(p.aliases[1], "Alias number 00 with quite a long spelling to fill buffers");
  assert_string_equal(p.aliases[40], "Alias number 39 with quite a long spelling to fill buffers");
  assert_int_equal(store_people_next(c, &p), CLERK_OK);
  assert_int_equal(p.n_aliases, 1);
  assert_string_equal(p.aliases[0], "jane selman");
  store_cursor_close(c);
  store_close(st);
}

static void test_search(void **state) {
  (void)state;
  store *st = two_meetings();
  store_cursor *c;
  store_search_row r;
  int kinds[3] = {0, 0, 0};
  assert_int_equal(store_search_open(st, "strategy", &c), CLERK_OK);
  int rc, n = 0;
  while ((rc = store_search_next(c, &r)) == CLERK_OK) {
    n++;
    assert_non_null(strstr(r.snippet, "[strategy]"));
    assert_string_equal(r.meeting_date, "2024-03-05");
    assert_string_equal(r.body, "Community Safety Partnership");
    assert_string_equal(r.item_number, "2");
    assert_string_equal(r.item_title, "Knife crime strategy");
    assert_string_equal(r.meeting_title, "Community Safety Partnership Board");
    assert_true(r.meeting_id > 0);
    if (!strcmp(r.kind, "item")) kinds[0]++;
    else if (!strcmp(r.kind, "decision")) kinds[1]++;
    else if (!strcmp(r.kind, "action")) kinds[2]++;
  }
  assert_int_equal(rc, CLERK_NOTFOUND);
  assert_int_equal(n, 3);
  assert_int_equal(kinds[0], 1);
  assert_int_equal(kinds[1], 1);
  assert_int_equal(kinds[2], 1);
  store_cursor_close(c);

  /* A meeting-level action has no item. */
  assert_int_equal(store_search_open(st, "terms", &c), CLERK_OK);
  assert_int_equal(store_search_next(c, &r), CLERK_OK);
  assert_string_equal(r.kind, "action");
  assert_null(r.item_number);
  assert_null(r.item_title);
  assert_string_equal(r.meeting_date, "2024-03-05");
  assert_int_equal(store_search_next(c, &r), CLERK_NOTFOUND);
  store_cursor_close(c);

  /* Phrase queries work. */
  assert_int_equal(store_search_open(st, "\"annual report\"", &c), CLERK_OK);
  n = 0;
  while (store_search_next(c, &r) == CLERK_OK) n++;
  assert_int_equal(n, 2);   /* HWB's item (one row for title and text) and its action */
  store_cursor_close(c);

  assert_int_equal(store_search_open(st, "nothingmatches", &c), CLERK_OK);
  assert_int_equal(store_search_next(c, &r), CLERK_NOTFOUND);
  store_cursor_close(c);

  c = (store_cursor *)1;
  assert_int_equal(store_search_open(st, "\"unterminated", &c), CLERK_FORMAT);
  assert_null(c);
  assert_non_null(strstr(store_errmsg(st), "unterminated"));
  assert_int_equal(store_search_open(st, "AND OR", &c), CLERK_FORMAT);
  assert_null(strchr(store_errmsg(st), '\n'));
  store_close(st);
}

static void test_name_key(void **state) {
  (void)state;
  char k[64];
  store_name_key("Cllr. Jane  Selman", k, sizeof k);
  assert_string_equal(k, "cllr jane selman");
  store_name_key("  CLLR JANE SELMAN\t", k, sizeof k);
  assert_string_equal(k, "cllr jane selman");
  store_name_key("Tom O'Brien", k, sizeof k);
  assert_string_equal(k, "tom obrien");
  store_name_key("Tom O\xe2\x80\x99" "Brien", k, sizeof k);   /* curly apostrophe */
  assert_string_equal(k, "tom obrien");
  store_name_key("Smith-Jones, A.", k, sizeof k);
  assert_string_equal(k, "smithjones a");
  store_name_key("\xc3\x89lise\xc2\xa0" "D\xc3\xbcrr", k, sizeof k);   /* Élise Dürr, NBSP */
  assert_string_equal(k, "\xc3\xa9lise d\xc3\xbcrr");
  store_name_key("...", k, sizeof k);
  assert_string_equal(k, "");
  store_name_key(NULL, k, sizeof k);
  assert_string_equal(k, "");
  /* Truncation never splits a UTF-8 character. */
  char small[5];
  store_name_key("ab\xc3\xa9\xc3\xa9", small, sizeof small);
  assert_string_equal(small, "ab\xc3\xa9");
  store_name_key("abcdefgh", small, sizeof small);
  assert_string_equal(small, "abcd");
  store_name_key("abc", k, 0);   /* no room: nothing written, no crash */
}

/* -- allocation failures ---------------------------------------------------- */

/* Open, import, and read back, with the nth allocation failing, for every n
** until one run gets through. Each failure must be reported as CLERK_NOMEM
** and leave nothing behind (ASan's leak check watches). */
static void test_alloc_failures(void **state) {
  fixture *fx = *state;
  long n;
  for (n = 0; n < 1000; n++) {
    unlink(fx->path);
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", fx->path);
    unlink(wal);
    clerk_test_fail_alloc_after(n);
    store *st = NULL;
    char *err = NULL;
    int rc = store_open(fx->path, CLERK_OPEN_CREATE, &st, &err);
    if (rc != CLERK_OK) {
      assert_int_equal(rc, CLERK_NOMEM);
      assert_null(st);
      clerk_mfree(err);
      continue;
    }
    rc = import_csp(st, CSP_PATH, CSP_SHA);
    if (rc == CLERK_OK) {
      store_cursor *c = NULL;
      clerk_action a;
      rc = store_actions_open(st, NULL, &c);
      while (rc == CLERK_OK) rc = store_actions_next(c, &a);
      store_cursor_close(c);
      if (rc == CLERK_NOTFOUND) {
        store_person_row p;
        c = NULL;
        rc = store_people_open(st, &c);
        while (rc == CLERK_OK) rc = store_people_next(c, &p);
        store_cursor_close(c);
      }
      if (rc == CLERK_NOTFOUND) rc = CLERK_OK;
    }
    if (rc != CLERK_OK) {
      assert_int_equal(rc, CLERK_NOMEM);
      assert_non_null(store_errmsg(st));
      /* A failed import left no trace. */
      clerk_test_fail_alloc_after(-1);
      int64_t sources = count(st, "SELECT count(*) FROM source");
      assert_true(sources == 0 || sources == 1);
      if (sources == 0) assert_int_equal(count(st, "SELECT count(*) FROM meeting"), 0);
      store_close(st);
      continue;
    }
    clerk_test_fail_alloc_after(-1);
    assert_int_equal(count(st, "SELECT count(*) FROM action_owner"), 4);
    store_close(st);
    break;
  }
  clerk_test_fail_alloc_after(-1);
  assert_true(n > 2);
  assert_true(n < 1000);
  print_message("allocation failure injection: %ld failing runs\n", n);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_open_memory),
    cmocka_unit_test_setup_teardown(test_open_create_file, setup, teardown),
    cmocka_unit_test_setup_teardown(test_migrate_empty, setup, teardown),
    cmocka_unit_test_setup_teardown(test_migrate_v3_to_v4, setup, teardown),
    cmocka_unit_test_setup_teardown(test_migrate_v4_to_v5, setup, teardown),
    cmocka_unit_test_setup_teardown(test_migrate_v5_to_v6, setup, teardown),
    cmocka_unit_test(test_fts_at_commit),
    cmocka_unit_test_setup_teardown(test_newer_schema, setup, teardown),
    cmocka_unit_test_setup_teardown(test_not_sqlite, setup, teardown),
    cmocka_unit_test_setup_teardown(test_foreign_sqlite, setup, teardown),
    cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
    cmocka_unit_test(test_foreign_keys_indexed),
    cmocka_unit_test(test_import_full),
    cmocka_unit_test(test_rollback),
    cmocka_unit_test(test_unchanged),
    cmocka_unit_test_setup_teardown(test_replaced, setup, teardown),
    cmocka_unit_test(test_invalid_status),
    cmocka_unit_test(test_meetings_cursor),
    cmocka_unit_test(test_actions_cursor),
    cmocka_unit_test(test_people_cursor),
    cmocka_unit_test(test_search),
    cmocka_unit_test(test_name_key),
    cmocka_unit_test_setup_teardown(test_alloc_failures, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
