/* test_register.c -- the action register in the store: text keys, name
** titles, the linker (reviews by reference and by text, re-listings, imports
** out of order, a source replaced), officers' updates and their replay,
** people across meetings, and recovery from every allocation failure. */
#include "testing.h"

#include <unistd.h>

#include "store.h"

static int64_t count(store *st, const char *sql) {
  sqlite3_stmt *s = NULL;
  assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), sql, -1, &s, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(s), SQLITE_ROW);
  int64_t n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

/* The current status of the action of meeting `date` with reference `ref`. */
static const char *status_of(store *st, const char *date, const char *ref, char *buf, size_t n) {
  sqlite3_stmt *s = NULL;
  assert_int_equal(sqlite3_prepare_v2(store_sqlite(st),
    "SELECT status FROM action WHERE meeting_date = ?1 AND ref = ?2", -1, &s, NULL), SQLITE_OK);
  sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, ref, -1, SQLITE_STATIC);
  buf[0] = '\0';
  if (sqlite3_step(s) == SQLITE_ROW) snprintf(buf, n, "%s", (const char *)sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  return buf;
}

typedef struct act { const char *ref, *text, *owner; } act;
typedef struct rev { const char *ref, *status, *note, *text; } rev;

/* One meeting of the Parks Forum as one source: actions, then reviews. */
static int import_meeting(store *st, const char *path, const char *sha, const char *date,
                          const act *acts, const rev *revs) {
  int unchanged = 0, replaced = 0;
  store_source src = { path, sha, "test", "test", 10 };
  int rc = store_import_begin(st, &src, &unchanged, &replaced);
  if (rc != CLERK_OK) return rc;
  store_meeting_rec m = { "Parks Forum", "Testshire Council", "Parks Forum", date, NULL, NULL,
                          NULL, NULL, NULL, { -1, -1 }, NULL };
  int64_t mid = 0;
  if ((rc = store_add_meeting(st, &m, &mid)) != CLERK_OK) goto fail;
  store_attendance_rec at = { "Cllr Ruth Emery", "present", NULL, NULL, NULL, { -1, -1 }, NULL };
  if ((rc = store_add_attendance(st, mid, &at, NULL)) != CLERK_OK) goto fail;
  for (int i = 0; acts && acts[i].text; i++) {
    store_action_rec a = { i + 1, acts[i].text, NULL, NULL, "open", { -1, -1 }, NULL, acts[i].ref };
    int64_t aid = 0;
    if ((rc = store_add_action(st, mid, 0, &a, &aid)) != CLERK_OK) goto fail;
    if (acts[i].owner && (rc = store_add_action_owner(st, aid, 1, acts[i].owner, 0)) != CLERK_OK) goto fail;
  }
  for (int i = 0; revs && (revs[i].ref || revs[i].text); i++) {
    store_review_rec r = { i + 1, revs[i].ref, revs[i].status, revs[i].note, revs[i].text, { -1, -1 }, NULL };
    if ((rc = store_add_review(st, mid, &r, NULL)) != CLERK_OK) goto fail;
  }
  return store_import_commit(st);
fail:
  store_import_rollback(st);
  return rc;
}

static const act JAN[] = { { "1", "repaint the bandstand railings", "Ruth Emery" },
                           { "2", "survey the pond edges for safety", "Tom Hale" },
                           { "P3", "book the hall for the summer fair", NULL }, { NULL, NULL, NULL } };
static const act FEB[] = { { NULL, "survey the pond edges for safety (carried over)", "Tom Hale" },
                           { "4", "order new litter bins for the north gate", "Cllr Emery" }, { NULL, NULL, NULL } };
static const rev FEB_R[] = { { "1", NULL, "RAG: Amber", NULL }, { "P3", "done", "completed", NULL },
                             { NULL, NULL, NULL, NULL } };
static const rev MAR_R[] = { { "1", "done", "closed", NULL }, { NULL, "done", "ticked", "survey the pond edges for safety" },
                             { NULL, NULL, NULL, NULL } };

static void check_register(store *st) {
  char b[32];
  assert_string_equal(status_of(st, "2026-01-10", "1", b, sizeof b), "done");
  assert_string_equal(status_of(st, "2026-01-10", "P3", b, sizeof b), "done");
  assert_string_equal(status_of(st, "2026-02-07", "4", b, sizeof b), "open");
  /* the pond survey: re-listed in February (superseded), ticked off in March */
  assert_int_equal(count(st, "SELECT count(*) FROM action WHERE meeting_date = '2026-01-10' AND ref = '2'"
                             " AND status = 'superseded'"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM action WHERE meeting_date = '2026-02-07' AND ref IS NULL"
                             " AND status = 'done' AND follows IS NOT NULL"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM review WHERE action_id IS NULL"), 0);
  assert_int_equal(count(st, "SELECT count(*) FROM review"), 4);
}

static void test_linker_in_any_order(void **state) {
  (void)state;
  const int orders[][3] = { { 0, 1, 2 }, { 2, 1, 0 }, { 1, 2, 0 }, { 0, 2, 1 } };
  for (int o = 0; o < 4; o++) {
    store *st = NULL;
    assert_int_equal(store_open(":memory:", CLERK_OPEN_CREATE, &st, NULL), CLERK_OK);
    for (int k = 0; k < 3; k++) {
      int which = orders[o][k];
      int rc = which == 0 ? import_meeting(st, "/m/jan", "a1", "2026-01-10", JAN, NULL)
             : which == 1 ? import_meeting(st, "/m/feb", "b1", "2026-02-07", FEB, FEB_R)
                          : import_meeting(st, "/m/mar", "c1", "2026-03-07", NULL, MAR_R);
      assert_int_equal(rc, CLERK_OK);
    }
    check_register(st);
    /* February replaced by a new version: the same register, no duplicates */
    assert_int_equal(import_meeting(st, "/m/feb", "b2", "2026-02-07", FEB, FEB_R), CLERK_OK);
    check_register(st);
    store_close(st);
  }
}

static void test_replaced_source_forgets_its_word(void **state) {
  (void)state;
  store *st = NULL;
  char b[32];
  assert_int_equal(store_open(":memory:", CLERK_OPEN_CREATE, &st, NULL), CLERK_OK);
  assert_int_equal(import_meeting(st, "/m/jan", "a1", "2026-01-10", JAN, NULL), CLERK_OK);
  assert_int_equal(import_meeting(st, "/m/feb", "b1", "2026-02-07", FEB, FEB_R), CLERK_OK);
  assert_string_equal(status_of(st, "2026-01-10", "P3", b, sizeof b), "done");
  /* a corrected February no longer closes P3 and no longer re-lists the survey */
  static const act FEB2[] = { { "4", "order new litter bins for the north gate", NULL }, { NULL, NULL, NULL } };
  static const rev FEB2_R[] = { { "1", NULL, "RAG: Amber", NULL }, { NULL, NULL, NULL, NULL } };
  assert_int_equal(import_meeting(st, "/m/feb", "b2", "2026-02-07", FEB2, FEB2_R), CLERK_OK);
  assert_string_equal(status_of(st, "2026-01-10", "P3", b, sizeof b), "open");
  assert_string_equal(status_of(st, "2026-01-10", "2", b, sizeof b), "open");
  store_close(st);
}

static void test_relisted_in_other_words(void **state) {
  (void)state;
  static const act A[] = { { NULL, "write to the bus company about the late night route 12", NULL },
                           { NULL, "check the park lighting rota", NULL }, { NULL, NULL, NULL } };
  static const act B[] = { { NULL, "write again to the bus company about the late night route", NULL },
                           { NULL, "plant bulbs on the verges", NULL }, { NULL, NULL, NULL } };
  for (int order = 0; order < 2; order++) {
    store *st = NULL;
    assert_int_equal(store_open(":memory:", CLERK_OPEN_CREATE, &st, NULL), CLERK_OK);
    for (int k = 0; k < 2; k++) {
      int first = (k == 0) == (order == 0);
      assert_int_equal(first ? import_meeting(st, "/m/a", "a", "2026-04-01", A, NULL)
                             : import_meeting(st, "/m/b", "b", "2026-05-01", B, NULL), CLERK_OK);
    }
    /* the bus letter is the same action reworded; the lighting rota and the bulbs are not */
    assert_int_equal(count(st, "SELECT count(*) FROM action WHERE follows IS NOT NULL"), 1);
    assert_int_equal(count(st, "SELECT count(*) FROM action n JOIN action p ON p.id = n.follows"
                               " WHERE n.text LIKE 'write again%' AND p.text LIKE 'write to%'"
                               " AND p.status = 'superseded'"), 1);
    assert_int_equal(count(st, "SELECT count(*) FROM action WHERE text LIKE 'check the park%' AND status = 'open'"), 1);
    store_close(st);
  }
}

static void test_manual_updates_replayed(void **state) {
  (void)state;
  store *st = NULL;
  char b[32];
  assert_int_equal(store_open(":memory:", CLERK_OPEN_CREATE, &st, NULL), CLERK_OK);
  assert_int_equal(import_meeting(st, "/m/feb", "b1", "2026-02-07", FEB, NULL), CLERK_OK);
  int64_t id = count(st, "SELECT id FROM action WHERE ref = '4'");
  assert_int_equal(store_action_update(st, id, "done", NULL, "bins ordered"), CLERK_OK);
  assert_int_equal(store_action_update(st, id, "due", "2026-05-01", NULL), CLERK_OK);
  assert_int_equal(store_action_update(st, id, "reassign", "Tom Hale", NULL), CLERK_OK);
  assert_int_equal(store_action_update(st, id, "due", "soon", NULL), CLERK_FORMAT);
  assert_int_equal(store_action_update(st, id, "explode", NULL, NULL), CLERK_MISUSE);
  assert_int_equal(store_action_update(st, 99999, "done", NULL, NULL), CLERK_NOTFOUND);
  assert_string_equal(status_of(st, "2026-02-07", "4", b, sizeof b), "done");
  /* the minutes re-imported: new rows, the officer's word replayed */
  assert_int_equal(import_meeting(st, "/m/feb", "b2", "2026-02-07", FEB, NULL), CLERK_OK);
  assert_int_equal(count(st, "SELECT count(*) FROM action_update WHERE action_id IS NULL"), 0);
  assert_string_equal(status_of(st, "2026-02-07", "4", b, sizeof b), "done");
  assert_int_equal(count(st, "SELECT count(*) FROM action WHERE ref = '4' AND due = '2026-05-01'"), 1);
  assert_int_equal(count(st, "SELECT count(*) FROM action_owner o JOIN action a ON a.id = o.action_id"
                             " WHERE a.ref = '4' AND o.name = 'Tom Hale'"), 1);
  assert_int_equal(store_action_update(st, count(st, "SELECT id FROM action WHERE ref = '4'"), "reopen", NULL, NULL),
                   CLERK_OK);
  assert_string_equal(status_of(st, "2026-02-07", "4", b, sizeof b), "open");
  store_close(st);
}

static void test_people_across_meetings(void **state) {
  (void)state;
  store *st = NULL;
  assert_int_equal(store_open(":memory:", CLERK_OPEN_CREATE, &st, NULL), CLERK_OK);
  assert_int_equal(import_meeting(st, "/m/jan", "a1", "2026-01-10", JAN, NULL), CLERK_OK);
  assert_int_equal(import_meeting(st, "/m/feb", "b1", "2026-02-07", FEB, NULL), CLERK_OK);
  /* "Cllr Ruth Emery", "Ruth Emery" and "Cllr Emery" are one person */
  assert_int_equal(count(st, "SELECT count(*) FROM person WHERE surname = 'emery' OR surname = '=emery'"), 1);
  assert_int_equal(count(st, "SELECT count(DISTINCT person_id) FROM action_owner WHERE name LIKE '%Emery'"), 1);
  assert_int_equal(store_person_correct(st, "alias", "Ruth Emery", "RE"), CLERK_OK);
  assert_int_equal(store_person_correct(st, "merge", "Ruth Emery", "Tom Hale"), CLERK_OK);
  assert_int_equal(count(st, "SELECT count(*) FROM person"), 1);
  assert_int_equal(store_person_correct(st, "split", "Ruth Emery", "Tom Hale"), CLERK_OK);
  assert_int_equal(count(st, "SELECT count(*) FROM person"), 2);
  assert_int_equal(store_person_correct(st, "merge", "Ruth Emery", "Nobody"), CLERK_NOTFOUND);
  assert_int_equal(store_person_correct(st, "shuffle", "Ruth Emery", "RE"), CLERK_MISUSE);
  assert_int_equal(count(st, "SELECT count(*) FROM correction"), 3);
  store_close(st);
}

static void test_keys(void **state) {
  (void)state;
  char k[256];
  store_text_key("Survey the POND edges (action from Feb carried over).", k, sizeof k);
  assert_string_equal(k, "survey pond edges");
  char k2[256];
  store_text_key("Circulate the ASB figures by 31 March 2026", k, sizeof k);
  store_text_key("circulate the ASB figures by end of June", k2, sizeof k2);
  assert_string_equal(k, k2);
  store_text_key(NULL, k, sizeof k);
  assert_string_equal(k, "");
  store_text_key("one two three four five six seven eight nine ten eleven", k, sizeof k);
  assert_string_equal(k, "one two three four five six seven eight");
  char tiny[8];
  store_text_key("repaint the bandstand railings", tiny, sizeof tiny);
  assert_true(strlen(tiny) < sizeof tiny);
  assert_string_equal(store_name_bare("cllr dr jo bloggs"), "jo bloggs");
  assert_string_equal(store_name_bare("cllr"), "cllr");
  assert_string_equal(store_name_bare("det supt"), "det supt");
  assert_string_equal(store_name_bare(""), "");
}

static void test_alloc_failures(void **state) {
  (void)state;
  for (long n = 0; n < 3000; n++) {
    clerk_test_fail_alloc_after(n);
    store *st = NULL;
    int rc = store_open(":memory:", CLERK_OPEN_CREATE, &st, NULL);
    if (rc != CLERK_OK) { assert_int_equal(rc, CLERK_NOMEM); continue; }
    rc = import_meeting(st, "/m/jan", "a1", "2026-01-10", JAN, NULL);
    if (rc == CLERK_OK) rc = import_meeting(st, "/m/feb", "b1", "2026-02-07", FEB, FEB_R);
    if (rc != CLERK_OK) assert_int_equal(rc, CLERK_NOMEM);
    clerk_test_fail_alloc_after(-1);
    if (rc == CLERK_OK) {
      char b[32];
      assert_string_equal(status_of(st, "2026-01-10", "P3", b, sizeof b), "done");
      store_close(st);
      break;        /* enough allocations passed for a whole run */
    }
    store_close(st);
  }
  clerk_test_fail_alloc_after(-1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_keys),
    cmocka_unit_test(test_linker_in_any_order),
    cmocka_unit_test(test_replaced_source_forgets_its_word),
    cmocka_unit_test(test_relisted_in_other_words),
    cmocka_unit_test(test_manual_updates_replayed),
    cmocka_unit_test(test_people_across_meetings),
    cmocka_unit_test(test_alloc_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
