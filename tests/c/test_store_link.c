/* test_store_link.c -- the linker's shortcuts and kept statements: a source
** with no actions or reviews still releases what its old version reviewed,
** statements kept across a rolled-back first use still work, and a closed
** store leaves its imports checkpointed (synchronous=NORMAL). */
#include "testing.h"
#include <sys/stat.h>
#include <unistd.h>
#include "store.h"

#include "tempdb.h"

static store *open_ok(const char *path) {
  store *st = NULL;
  char *err = NULL;
  if (store_open(path, CLERK_OPEN_CREATE, &st, &err) != CLERK_OK)
    fail_msg("store_open(%s): %s", path, err ? err : "(null)");
  return st;
}

static char *text_of(store *st, const char *sql) {
  static char buf[64];
  sqlite3_stmt *s = NULL;
  assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), sql, -1, &s, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(s), SQLITE_ROW);
  const char *t = (const char *)sqlite3_column_text(s, 0);
  snprintf(buf, sizeof buf, "%s", t ? t : "(null)");
  sqlite3_finalize(s);
  return buf;
}

#define BODY "Audit Committee"
#define ACTION_TEXT "Circulate the internal audit plan to members"

/* January: one open action. */
static void import_january(store *st) {
  store_source src = {"/m/jan.txt", "jan1", "text", "test", 1};
  int unchanged, replaced;
  assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_OK);
  int64_t m, a;
  store_meeting_rec mr = {.body = BODY, .date = "2024-01-10", .span = {-1, -1}};
  assert_int_equal(store_add_meeting(st, &mr, &m), CLERK_OK);
  store_action_rec ac = {1, ACTION_TEXT, NULL, NULL, "open", {-1, -1}, NULL, NULL};
  assert_int_equal(store_add_action(st, m, 0, &ac, &a), CLERK_OK);
  assert_int_equal(store_import_commit(st), CLERK_OK);
}

/* February, version `sha`: with a review closing January's action, or
** (review 0) only the meeting. */
static int import_february(store *st, const char *sha, int review, int commit) {
  store_source src = {"/m/feb.txt", sha, "text", "test", 2};
  int unchanged, replaced, rc;
  if ((rc = store_import_begin(st, &src, &unchanged, &replaced)) != CLERK_OK) return rc;
  int64_t m, r;
  store_meeting_rec mr = {.body = BODY, .date = "2024-02-14", .span = {-1, -1}};
  if ((rc = store_add_meeting(st, &mr, &m)) != CLERK_OK) return rc;
  if (review) {
    store_review_rec rv = {1, NULL, "done", NULL, ACTION_TEXT, {-1, -1}, NULL};
    if ((rc = store_add_review(st, m, &rv, &r)) != CLERK_OK) return rc;
  }
  if (!commit) {
    store_import_rollback(st);
    return CLERK_OK;
  }
  return store_import_commit(st);
}

#define STATUS "SELECT status FROM action WHERE text = '" ACTION_TEXT "'"

static void test_reimport_without_reviews(void **state) {
  fixture *fx = *state;
  store *st = open_ok(fx->path);
  import_january(st);
  assert_int_equal(import_february(st, "feb1", 1, 1), CLERK_OK);
  assert_string_equal(text_of(st, STATUS), "done");
  /* The corrected February has no reviews and no actions: the linker skips
  ** its steps, yet January's action must fall back to open. */
  assert_int_equal(import_february(st, "feb2", 0, 1), CLERK_OK);
  assert_string_equal(text_of(st, STATUS), "open");
  /* And back again. */
  assert_int_equal(import_february(st, "feb3", 1, 1), CLERK_OK);
  assert_string_equal(text_of(st, STATUS), "done");
  store_close(st);
}

static void test_kept_statements_after_rollback(void **state) {
  fixture *fx = *state;
  store *st = open_ok(fx->path);
  import_january(st);
  assert_int_equal(import_february(st, "feb1", 1, 1), CLERK_OK);
  store_close(st);
  /* A fresh handle whose first linker use (replacing February) is rolled
  ** back, taking its temporary table with it; the kept statements must
  ** find the table again on the next import. */
  st = open_ok(fx->path);
  assert_int_equal(import_february(st, "feb2", 0, 0), CLERK_OK);
  assert_string_equal(text_of(st, STATUS), "done");
  assert_int_equal(import_february(st, "feb2", 0, 1), CLERK_OK);
  assert_string_equal(text_of(st, STATUS), "open");
  assert_int_equal(import_february(st, "feb3", 1, 1), CLERK_OK);
  assert_string_equal(text_of(st, STATUS), "done");
  store_close(st);
}

/* February's review comes before January's action: January's import finds
** it among the later meetings' reviews, ties it, and leaves the lists empty. */
static void test_out_of_order(void **state) {
  fixture *fx = *state;
  store *st = open_ok(fx->path);
  assert_int_equal(import_february(st, "feb1", 1, 1), CLERK_OK);
  import_january(st);
  assert_string_equal(text_of(st, STATUS), "done");
  assert_string_equal(text_of(st, "SELECT count(*) FROM review WHERE action_id IS NOT NULL"), "1");
  assert_string_equal(text_of(st, "SELECT count(*) FROM temp.link_later_reviews"), "0");
  /* February again, corrected: no review, so January's action is open again. */
  assert_int_equal(import_february(st, "feb2", 0, 1), CLERK_OK);
  assert_string_equal(text_of(st, STATUS), "open");
  store_close(st);
}

/* Dates longer than the status key's 20 characters, or not ASCII, keep
** their actions, and a later review still sets their status (the key was
** cut by bytes and read by characters: the recompute wrote a garbled
** status, the CHECK refused it and the import failed). */
static void test_odd_date(void **state) {
  fixture *fx = *state;
  store *st = open_ok(fx->path);
  static const char *const dates[] = {"2024-01-10", "10 January 2024 (rescheduled)", "10 f\xc3\xa9vrier 2024"};
  static const char *const later_dates[] = {"2099-12-31", "31 December 2099 (rescheduled)",
                                            "31 d\xc3\xa9" "cembre 2099"};
  char got[3][96];
  for (int i = 0; i < 3; i++) {
    char body[32];
    snprintf(body, sizeof body, "Odd Board %d", i);   /* nothing to link across boards */
    int code = CLERK_OK;
    int64_t a = 0;
    for (int later = 0; later < 2; later++) {
      char path[48], sha[32];
      snprintf(path, sizeof path, "/m/odd%d-%d.txt", i, later);
      snprintf(sha, sizeof sha, "odd%d-%d", i, later);
      store_source src = {path, sha, "text", "test", 1};
      int unchanged, replaced;
      assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_OK);
      int64_t m, r;
      store_meeting_rec mr = {.body = body, .date = later ? later_dates[i] : dates[i], .span = {-1, -1}};
      assert_int_equal(store_add_meeting(st, &mr, &m), CLERK_OK);
      if (later) {
        store_review_rec rv = {1, NULL, "done", NULL, "Write the odd report for members", {-1, -1}, NULL};
        assert_int_equal(store_add_review(st, m, &rv, &r), CLERK_OK);
      } else {
        store_action_rec ac = {1, "Write the odd report for members", NULL, NULL, "open", {-1, -1}, NULL, NULL};
        assert_int_equal(store_add_action(st, m, 0, &ac, &a), CLERK_OK);
      }
      if ((code = store_import_commit(st)) != CLERK_OK) break;
    }
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT coalesce(max(status), 'none') FROM action WHERE id = %lld", (long long)a);
    snprintf(got[i], sizeof got[i], "%d %s", code, text_of(st, sql));
  }
  assert_string_equal(got[0], "0 done");
  assert_string_equal(got[1], "0 done");
  assert_string_equal(got[2], "0 done");
  store_close(st);
}

/* Owners named again and again in one import, and people merged on the way
** (a full name absorbing the surname known alone): every owner row gets the
** person it would get were each name looked up afresh. */
static void test_people_within_import(void **state) {
  fixture *fx = *state;
  store *st = open_ok(fx->path);
  static const char *const owners[] = {"Cllr Bloggs", "Cllr Bloggs", "Cllr Jo Bloggs", "Jo Bloggs",
                                       "Cllr Bloggs", "JO BLOGGS", "Cllr Jo Bloggs", "Cllr Bloggs",
                                       "Ann Lee", "ann lee", "Ann Lee"};
  store_source src = {"/m/people.txt", "people1", "text", "test", 1};
  int unchanged, replaced;
  assert_int_equal(store_import_begin(st, &src, &unchanged, &replaced), CLERK_OK);
  int64_t m, a;
  store_meeting_rec mr = {.body = "People Board", .date = "2024-03-01", .span = {-1, -1}};
  assert_int_equal(store_add_meeting(st, &mr, &m), CLERK_OK);
  for (int i = 0; i < (int)(sizeof owners / sizeof *owners); i++) {
    char text[48];
    snprintf(text, sizeof text, "Look into matter number %c", 'a' + i);
    store_action_rec ac = {i + 1, text, NULL, NULL, "open", {-1, -1}, NULL, NULL};
    assert_int_equal(store_add_action(st, m, 0, &ac, &a), CLERK_OK);
    assert_int_equal(store_add_action_owner(st, a, 1, owners[i], 0), CLERK_OK);
  }
  assert_int_equal(store_import_commit(st), CLERK_OK);
  assert_string_equal(text_of(st, "SELECT group_concat(coalesce(person_id, 0), ',') FROM"
                                  " (SELECT o.person_id FROM action_owner o ORDER BY o.action_id)"),
                      "2,2,2,2,2,2,2,2,3,3,3");
  assert_string_equal(text_of(st, "SELECT group_concat(id || ':' || key, ',') FROM"
                                  " (SELECT * FROM person ORDER BY id)"), "2:jo bloggs,3:ann lee");
  assert_string_equal(text_of(st, "SELECT group_concat(key, ',') FROM"
                                  " (SELECT key FROM alias WHERE person_id = 2 ORDER BY key)"),
                      "bloggs,cllr bloggs,cllr jo bloggs,jo bloggs");
  assert_string_equal(text_of(st, "SELECT group_concat(alias, ',') FROM"
                                  " (SELECT alias FROM alias WHERE person_id = 2 ORDER BY key)"),
                      "Cllr Bloggs,Cllr Bloggs,Cllr Jo Bloggs,Jo Bloggs");
  assert_string_equal(text_of(st, "SELECT group_concat(alias || '=' || key, ',') FROM"
                                  " (SELECT * FROM alias WHERE person_id = 3 ORDER BY key)"), "ann lee=ann lee");
  store_close(st);
}

static long file_size(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* The database's size as a connection sees it (WAL included). */
static long db_bytes(sqlite3 *db) {
  sqlite3_stmt *s = NULL;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT page_count * page_size FROM pragma_page_count,"
                                          " pragma_page_size", -1, &s, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(s), SQLITE_ROW);
  long n = (long)sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

static void test_close_checkpoints(void **state) {
  fixture *fx = *state;
  store *st = open_ok(fx->path);
  assert_string_equal(text_of(st, "PRAGMA synchronous"), "1");   /* NORMAL */
  /* Another connection keeps the WAL from being removed at close. */
  sqlite3 *other = NULL;
  assert_int_equal(sqlite3_open(fx->path, &other), SQLITE_OK);
  assert_int_equal(sqlite3_exec(other, "SELECT count(*) FROM meeting", NULL, NULL, NULL), SQLITE_OK);
  import_january(st);
  char wal[160];
  snprintf(wal, sizeof wal, "%s-wal", fx->path);
  assert_true(file_size(wal) > 0);
  assert_true(file_size(fx->path) < db_bytes(other));   /* still in the WAL */
  store_close(st);
  /* Everything was copied into the database file. */
  assert_int_equal(file_size(fx->path), db_bytes(other));
  sqlite3_stmt *s = NULL;
  assert_int_equal(sqlite3_prepare_v2(other, "SELECT count(*) FROM action", -1, &s, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(s), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(s, 0), 1);
  sqlite3_finalize(s);
  assert_int_equal(sqlite3_close(other), SQLITE_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_reimport_without_reviews, setup, teardown),
    cmocka_unit_test_setup_teardown(test_kept_statements_after_rollback, setup, teardown),
    cmocka_unit_test_setup_teardown(test_out_of_order, setup, teardown),
    cmocka_unit_test_setup_teardown(test_odd_date, setup, teardown),
    cmocka_unit_test_setup_teardown(test_people_within_import, setup, teardown),
    cmocka_unit_test_setup_teardown(test_close_checkpoints, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
