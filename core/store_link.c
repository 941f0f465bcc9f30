/*
** store_link.c -- the linker: after an import, inside its transaction,
** ties a meeting's word on earlier actions (reviews and re-listed actions)
** to those actions, and recomputes their current status from their history.
**
** Every statement is limited to the new source's rows and reaches the rows
** of other sources only through the (body, ref, date) and (body, text key,
** date) indexes, so linking costs what the source holds, not the database.
** Imports may come in any order: reviews and re-listings in later meetings
** are re-tied when an earlier meeting arrives or changes.
*/
#include "store_int.h"

#include <stdio.h>
#include <string.h>

/* The earlier action a review or re-listing means: the latest action of the
** same body, before the reviewing meeting, with the same reference (or text
** key). */
#define TARGET_BY_REF(tbl)                                                       \
  "(SELECT a.id FROM action a WHERE a.body_id IS " tbl ".body_id AND a.ref = " tbl ".ref" \
  " AND a.meeting_date < " tbl ".meeting_date ORDER BY a.meeting_date DESC, a.id DESC LIMIT 1)"
#define TARGET_BY_KEY(tbl)                                                       \
  "(SELECT a.id FROM action a WHERE a.body_id IS " tbl ".body_id"                \
  " AND a.text_key = " tbl ".text_key AND a.text_key <> ''"                     \
  " AND a.meeting_date < " tbl ".meeting_date ORDER BY a.meeting_date DESC, a.id DESC LIMIT 1)"

/* The new source's meetings. */
#define SOURCE_MEETINGS "(SELECT id FROM meeting WHERE source_id = ?1)"

/* Reviews and actions of later meetings that an action of the new source
** could be the target of (for imports out of order). */
#define LATER_REVIEWS_BY_REF                                                     \
  "SELECT r.id FROM action n JOIN review r ON r.body_id IS n.body_id AND r.ref = n.ref" \
  " AND r.meeting_date > n.meeting_date WHERE n.meeting_id IN " SOURCE_MEETINGS " AND n.ref IS NOT NULL"
#define LATER_REVIEWS_BY_KEY                                                     \
  "SELECT r.id FROM action n JOIN review r ON r.body_id IS n.body_id AND r.ref IS NULL" \
  " AND r.text_key = n.text_key AND r.meeting_date > n.meeting_date"             \
  " WHERE n.meeting_id IN " SOURCE_MEETINGS " AND n.text_key <> ''"
#define LATER_ACTIONS_BY_KEY                                                     \
  "SELECT l.id FROM action n JOIN action l ON l.body_id IS n.body_id"           \
  " AND l.text_key = n.text_key AND l.meeting_date > n.meeting_date"             \
  " WHERE n.meeting_id IN " SOURCE_MEETINGS " AND n.text_key <> ''"

/* They are found once an import, into two scratch lists, and read from there
** by the steps: no step changes what they are found by (meetings, bodies,
** dates, refs and text keys), and most imports have none. */
#define LATER_REVIEWS "(SELECT id FROM temp.link_later_reviews)"
#define LATER_ACTIONS "(SELECT id FROM temp.link_later_actions)"
static const char *const later_create[] = {
  "CREATE TEMP TABLE IF NOT EXISTS link_later_reviews(id INTEGER PRIMARY KEY)",
  "CREATE TEMP TABLE IF NOT EXISTS link_later_actions(id INTEGER PRIMARY KEY)",
};
static const char *const later_fill[] = {
  "INSERT OR IGNORE INTO temp.link_later_reviews " LATER_REVIEWS_BY_REF
  " UNION ALL " LATER_REVIEWS_BY_KEY,
  "INSERT OR IGNORE INTO temp.link_later_actions " LATER_ACTIONS_BY_KEY,
};
static const char *const later_clear[] = {
  "DELETE FROM temp.link_later_reviews",
  "DELETE FROM temp.link_later_actions",
};

/* `col = expr` on the rows where that changes something: an UPDATE writes
** (and journals) every row its WHERE lets through, even one given the value
** it has, and most rows keep theirs (the linker re-checks them all). */
#define SET_CHANGED(col, expr) "SET " col " = " expr " WHERE " col " IS NOT " expr

/* Where each of the linker's statements is kept in the handle. */
#define LINK_STEPS 13
enum {
  SLOT_STEPS = 0,                        /* link_steps[0 .. LINK_STEPS-1] */
  SLOT_CREATE_TOUCHED = SLOT_STEPS + LINK_STEPS,
  SLOT_TOUCH_SOURCE,                     /* two of them */
  SLOT_RECOMPUTE = SLOT_TOUCH_SOURCE + 2,
  SLOT_CLEAR_TOUCHED, SLOT_REPLAY_OWNERS, SLOT_TOUCH_ONE,
  SLOT_SIMILAR_OLD, SLOT_SIMILAR_NEW, SLOT_SIMILAR_FOLLOW, SLOT_NEIGHBOURS,
  SLOT_LATER_CREATE,                     /* two each: reviews, actions */
  SLOT_LATER_FILL = SLOT_LATER_CREATE + 2,
  SLOT_LATER_CLEAR = SLOT_LATER_FILL + 2,
  SLOT_OWN_UPDATES = SLOT_LATER_CLEAR + 2,
  SLOT_END
};
_Static_assert(SLOT_END <= STORE_LINK_STMTS, "STORE_LINK_STMTS too small");

/* The current status: the latest word on the action. Each event is one
** sortable string -- when (cut or padded to 20 characters: '!' counts
** characters, not bytes, as substr does, so any date reads back), precedence
** (the minutes' own word, then a later meeting's review, then its
** re-listing, then an officer's), sequence, status -- and the greatest wins. */
#define EVENT_KEY(when, prec, seq, status) \
  "printf('%-!20.20s%d%010d%s', coalesce(" when ", ''), " prec ", " seq ", " status ")"

/* What a step needs to find anything; it runs when the import has one of
** them: reviews or actions of its own, later meetings' reviews or actions
** that could mean its actions, officers' updates naming its actions. (A new
** action's own word alone gives back the status it was written with: it is
** touched only when some other word speaks of it.) */
enum { F_REVIEWS = 1, F_ACTIONS = 2, F_LATER_REVIEWS = 4, F_LATER_ACTIONS = 8, F_UPDATES = 16 };

/* The linking steps, in order. */
static const struct link_step { const char *sql; int needs; } link_steps[] = {
  /* later reviews and re-listings: their old targets must be recomputed too */
  {"INSERT OR IGNORE INTO temp.link_touched SELECT action_id FROM review"
   " WHERE action_id IS NOT NULL AND id IN " LATER_REVIEWS, F_LATER_REVIEWS},
  {"INSERT OR IGNORE INTO temp.link_touched SELECT follows FROM action"
   " WHERE follows IS NOT NULL AND id IN " LATER_ACTIONS, F_LATER_ACTIONS},
  /* backward: this source's reviews and re-listed actions */
  {"UPDATE review " SET_CHANGED("action_id", TARGET_BY_REF("review"))
   " AND meeting_id IN " SOURCE_MEETINGS " AND ref IS NOT NULL", F_REVIEWS},
  {"UPDATE review " SET_CHANGED("action_id", TARGET_BY_KEY("review"))
   " AND meeting_id IN " SOURCE_MEETINGS " AND ref IS NULL", F_REVIEWS},
  {"UPDATE action " SET_CHANGED("follows", TARGET_BY_KEY("action"))
   " AND meeting_id IN " SOURCE_MEETINGS, F_ACTIONS},
  /* forward: later meetings' reviews and re-listings may now mean this
  ** source's actions (the later reviews by reference are those with one) */
  {"UPDATE review " SET_CHANGED("action_id", TARGET_BY_REF("review"))
   " AND id IN " LATER_REVIEWS " AND ref IS NOT NULL", F_LATER_REVIEWS},
  {"UPDATE review " SET_CHANGED("action_id", TARGET_BY_KEY("review"))
   " AND id IN " LATER_REVIEWS " AND ref IS NULL", F_LATER_REVIEWS},
  {"UPDATE action " SET_CHANGED("follows", TARGET_BY_KEY("action")) " AND id IN " LATER_ACTIONS,
   F_LATER_ACTIONS},
  /* the targets as they are now */
  {"INSERT OR IGNORE INTO temp.link_touched SELECT action_id FROM review"
   " WHERE action_id IS NOT NULL AND (meeting_id IN " SOURCE_MEETINGS " OR id IN " LATER_REVIEWS ")",
   F_REVIEWS | F_LATER_REVIEWS},
  {"INSERT OR IGNORE INTO temp.link_touched SELECT follows FROM action WHERE follows IS NOT NULL"
   " AND (meeting_id IN " SOURCE_MEETINGS " OR id IN " LATER_ACTIONS ")",
   F_ACTIONS | F_LATER_ACTIONS},
  /* manual updates made before a re-import find their action again: same
  ** source file, same text key, nearest position */
  {"UPDATE action_update SET action_id = coalesce((SELECT a.id FROM action a"
   " WHERE a.meeting_id IN " SOURCE_MEETINGS " AND a.text_key IS action_update.text_key"
   " AND a.position IS action_update.position LIMIT 1), (SELECT a.id FROM action a"
   " WHERE a.meeting_id IN " SOURCE_MEETINGS " AND a.text_key IS action_update.text_key LIMIT 1))"
   " WHERE action_id IS NULL AND source_path = (SELECT path FROM source WHERE id = ?1)", F_ACTIONS},
  {"INSERT OR IGNORE INTO temp.link_touched SELECT action_id FROM action_update"
   " WHERE action_id IN (SELECT id FROM action WHERE meeting_id IN " SOURCE_MEETINGS ")", F_UPDATES},
  /* a manual due date outlives the minutes' */
  {"UPDATE action " SET_CHANGED("due", "(SELECT u.value FROM action_update u"
   " WHERE u.action_id = action.id AND u.kind = 'due' ORDER BY u.id DESC LIMIT 1)")
   " AND meeting_id IN " SOURCE_MEETINGS
   " AND id IN (SELECT action_id FROM action_update WHERE kind = 'due')", F_UPDATES},
};
_Static_assert(sizeof link_steps / sizeof *link_steps == LINK_STEPS, "LINK_STEPS is the steps' count");

#define STATUS_NOW "substr(max(" \
  EVENT_KEY("action.meeting_date", "0", "0", "coalesce(action.said_status, 'open')") "," \
  " coalesce((SELECT max(" EVENT_KEY("r.meeting_date", "1", "r.id", "r.status") ")" \
  "   FROM review r WHERE r.action_id = action.id AND r.status IS NOT NULL), '')," \
  " coalesce((SELECT max(" EVENT_KEY("n.meeting_date", "2", "n.id", \
      "CASE WHEN n.said_status IN ('done', 'dropped') THEN n.said_status ELSE 'superseded' END") ")" \
  "   FROM action n WHERE n.follows = action.id), '')," \
  " coalesce((SELECT max(" EVENT_KEY("u.created_at", "3", "u.id", \
                                     "CASE u.kind WHEN 'done' THEN 'done' ELSE 'open' END") ")" \
  "   FROM action_update u WHERE u.action_id = action.id AND u.kind IN ('done', 'reopen')), '')" \
  "), 32)"
static const char recompute_sql[] =
  "UPDATE action " SET_CHANGED("status", STATUS_NOW) " AND id IN (SELECT id FROM temp.link_touched)";

/* The linker's statement in `slot`, prepared once per handle (they run on
** every import; preparing them afresh cost more than running them). */
static sqlite3_stmt *cached(store *st, int slot, const char *sql) {
  if (!st->link_stmt[slot]) {
    int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->link_stmt[slot], NULL);
    if (rc != SQLITE_OK) {
      store_fail_sqlite(st, rc, "linking actions");
      sqlite3_finalize(st->link_stmt[slot]);
      st->link_stmt[slot] = NULL;
    }
  }
  return st->link_stmt[slot];
}

/* The status after cached() returned NULL (its message is already set). */
static int prep_failed(store *st) {
  int code = store_status(sqlite3_errcode(st->db));
  return code == CLERK_OK ? CLERK_ERROR : code;
}

/* Ready a cached statement for its next use. */
static void done(sqlite3_stmt *s) {
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
}

static int exec_with_source(store *st, int slot, const char *sql, int64_t source) {
  sqlite3_stmt *s = cached(st, slot, sql);
  if (!s) return prep_failed(st);
  int rc = SQLITE_OK;
  if (sqlite3_bind_parameter_count(s) >= 1) rc = sqlite3_bind_int64(s, 1, source);
  if (rc == SQLITE_OK) rc = sqlite3_step(s);
  done(s);
  if (rc != SQLITE_DONE && rc != SQLITE_OK) return store_fail_sqlite(st, rc, "linking actions");
  return CLERK_OK;
}

/* The scratch list of actions to recompute. A rolled-back transaction can
** take it away again, so every entry point makes sure it is there first
** (the cached statements that name it re-prepare themselves). */
static int ensure_touched(store *st) {
  return exec_with_source(st, SLOT_CREATE_TOUCHED,
                          "CREATE TEMP TABLE IF NOT EXISTS link_touched(id INTEGER PRIMARY KEY)", 0);
}

int store_link_touch_source(store *st, int64_t source) {
  /* Before a source's rows go: the earlier actions its reviews and
  ** re-listings spoke of must be recomputed without them. */
  static const char *const steps[] = {
    "INSERT OR IGNORE INTO temp.link_touched SELECT action_id FROM review"
    " WHERE action_id IS NOT NULL AND meeting_id IN " SOURCE_MEETINGS,
    "INSERT OR IGNORE INTO temp.link_touched SELECT follows FROM action"
    " WHERE follows IS NOT NULL AND meeting_id IN " SOURCE_MEETINGS,
  };
  int code = ensure_touched(st);
  for (int i = 0; i < 2 && code == CLERK_OK; i++)
    code = exec_with_source(st, SLOT_TOUCH_SOURCE + i, steps[i], source);
  return code;
}

int store_link_recompute(store *st) {
  int code = ensure_touched(st);
  if (code == CLERK_OK) code = exec_with_source(st, SLOT_RECOMPUTE, recompute_sql, 0);
  if (code == CLERK_OK)
    code = exec_with_source(st, SLOT_CLEAR_TOUCHED, "DELETE FROM temp.link_touched", 0);
  return code;
}

void store_link_close(store *st) {
  for (int i = 0; i < STORE_LINK_STMTS; i++) {
    sqlite3_finalize(st->link_stmt[i]);
    st->link_stmt[i] = NULL;
  }
}

/* A manual reassignment outlives the minutes' owner: replay the latest one
** of each re-imported action. */
static int replay_owners(store *st) {
  sqlite3_stmt *s = cached(st, SLOT_REPLAY_OWNERS,
    "SELECT u.action_id, u.value FROM action_update u WHERE u.kind = 'reassign'"
    " AND u.action_id IN (SELECT id FROM action WHERE meeting_id IN " SOURCE_MEETINGS ")"
    " AND u.id = (SELECT max(v.id) FROM action_update v WHERE v.action_id = u.action_id"
    " AND v.kind = 'reassign')");
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_int64(s, 1, st->source_id);
  int code = CLERK_OK;
  while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(s, 1);
    if (name && (code = store_replace_owner(st, sqlite3_column_int64(s, 0), name)) != CLERK_OK) break;
    rc = SQLITE_OK;
  }
  done(s);
  if (code != CLERK_OK) return code;
  if (rc != SQLITE_DONE && rc != SQLITE_OK) return store_fail_sqlite(st, rc, "replaying reassignments");
  return CLERK_OK;
}

/* -- re-listed in other words -----------------------------------------------
** An action re-listed with its wording changed ("circulate the ASB figures"
** -> "circulate the ward ASB figures to members") shares most key words with
** the earlier one. Compared only with the open actions of the body's
** neighbouring meeting, so the cost is two meetings' actions. */

#define SIMILAR_MAX_ACTIONS 200
#define SIMILAR_MIN_WORDS 3

typedef struct key_words { char buf[256]; const char *w[8]; int n; } key_words;

static void split_key(const char *key, key_words *k) {
  snprintf(k->buf, sizeof k->buf, "%s", key ? key : "");
  k->n = 0;
  for (char *p = k->buf; *p && k->n < 8;) {
    k->w[k->n++] = p;
    char *sp = strchr(p, ' ');
    if (!sp) break;
    *sp = '\0';
    p = sp + 1;
  }
}

/* Shared words over all words (Jaccard), in hundredths. */
static int similarity(const key_words *a, const key_words *b) {
  if (a->n < SIMILAR_MIN_WORDS || b->n < SIMILAR_MIN_WORDS) return 0;
  int common = 0;
  for (int i = 0; i < a->n; i++)
    for (int j = 0; j < b->n; j++)
      if (strcmp(a->w[i], b->w[j]) == 0) { common++; break; }
  return 100 * common / (a->n + b->n - common);
}

static int touch(store *st, int64_t id) {
  sqlite3_stmt *s = cached(st, SLOT_TOUCH_ONE, "INSERT OR IGNORE INTO temp.link_touched VALUES (?1)");
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_int64(s, 1, id);
  if (rc == SQLITE_OK) rc = sqlite3_step(s);
  done(s);
  return rc == SQLITE_DONE ? CLERK_OK : store_fail_sqlite(st, rc, "linking actions");
}

/* Ties the unlinked actions of meeting `newer` to the most similar open,
** not yet re-listed action of meeting `older` (at least 60% shared words). */
static int similar_pass(store *st, int64_t newer, int64_t older) {
  static key_words olds[SIMILAR_MAX_ACTIONS];   /* the store is single-threaded per process */
  static int64_t old_ids[SIMILAR_MAX_ACTIONS];
  int nold = 0, code = CLERK_OK;
  sqlite3_stmt *s = cached(st, SLOT_SIMILAR_OLD,
    "SELECT a.id, a.text_key FROM action a WHERE a.meeting_id = ?1 AND a.status = 'open'"
    " AND a.text_key <> '' AND NOT EXISTS (SELECT 1 FROM action n WHERE n.follows = a.id)"
    " ORDER BY a.id LIMIT 200");
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_int64(s, 1, older);
  while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW && nold < SIMILAR_MAX_ACTIONS) {
    old_ids[nold] = sqlite3_column_int64(s, 0);
    split_key((const char *)sqlite3_column_text(s, 1), &olds[nold++]);
    rc = SQLITE_OK;
  }
  done(s);
  if (rc != SQLITE_DONE && rc != SQLITE_OK) return store_fail_sqlite(st, rc, "linking actions");
  if (nold == 0) return CLERK_OK;
  s = cached(st, SLOT_SIMILAR_NEW,
    "SELECT id, text_key FROM action WHERE meeting_id = ?1 AND follows IS NULL AND text_key <> ''"
    " ORDER BY id LIMIT 200");
  if (!s) return prep_failed(st);
  rc = sqlite3_bind_int64(s, 1, newer);
  int64_t pairs[SIMILAR_MAX_ACTIONS][2];
  int npairs = 0;
  char taken[SIMILAR_MAX_ACTIONS] = { 0 };
  while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW && npairs < SIMILAR_MAX_ACTIONS) {
    key_words k;
    split_key((const char *)sqlite3_column_text(s, 1), &k);
    int best = -1, best_score = 59;
    for (int i = 0; i < nold; i++) {
      int sc = taken[i] ? 0 : similarity(&k, &olds[i]);
      if (sc > best_score) { best = i; best_score = sc; }
    }
    if (best >= 0) {
      taken[best] = 1;
      pairs[npairs][0] = sqlite3_column_int64(s, 0);
      pairs[npairs++][1] = old_ids[best];
    }
    rc = SQLITE_OK;
  }
  done(s);
  if (rc != SQLITE_DONE && rc != SQLITE_OK) return store_fail_sqlite(st, rc, "linking actions");
  for (int i = 0; i < npairs && code == CLERK_OK; i++) {
    s = cached(st, SLOT_SIMILAR_FOLLOW, "UPDATE action SET follows = ?2 WHERE id = ?1");
    if (!s) return prep_failed(st);
    rc = sqlite3_bind_int64(s, 1, pairs[i][0]);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(s, 2, pairs[i][1]);
    if (rc == SQLITE_OK) rc = sqlite3_step(s);
    done(s);
    if (rc != SQLITE_DONE) return store_fail_sqlite(st, rc, "linking actions");
    if ((code = touch(st, pairs[i][0])) == CLERK_OK) code = touch(st, pairs[i][1]);
  }
  return code;
}

/* For each meeting of the source: its actions against the body's previous
** meeting, and the body's next meeting against it. */
static int link_similar(store *st) {
  sqlite3_stmt *s = cached(st, SLOT_NEIGHBOURS,
    "SELECT m.id,"
    " (SELECT p.id FROM meeting p INDEXED BY meeting_body_date WHERE p.body_id IS m.body_id AND p.date < m.date"
    "   ORDER BY p.date DESC, p.id DESC LIMIT 1),"
    " (SELECT n.id FROM meeting n INDEXED BY meeting_body_date WHERE n.body_id IS m.body_id AND n.date > m.date"
    "   ORDER BY n.date, n.id LIMIT 1)"
    " FROM meeting m WHERE m.source_id = ?1 AND m.date IS NOT NULL");
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_int64(s, 1, st->source_id);
  int64_t trip[64][3];
  int n = 0;
  while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW && n < 64) {
    for (int i = 0; i < 3; i++) trip[n][i] = sqlite3_column_int64(s, i);
    n++;
    rc = SQLITE_OK;
  }
  done(s);
  if (rc != SQLITE_DONE && rc != SQLITE_OK) return store_fail_sqlite(st, rc, "linking actions");
  for (int i = 0; i < n; i++) {
    int code = CLERK_OK;
    if (trip[i][1]) code = similar_pass(st, trip[i][0], trip[i][1]);
    if (code == CLERK_OK && trip[i][2]) code = similar_pass(st, trip[i][2], trip[i][0]);
    if (code != CLERK_OK) return code;
  }
  return CLERK_OK;
}

/* Lists the later meetings' reviews and actions (LATER_REVIEWS and
** LATER_ACTIONS) of the import's actions, if it has some; adds F_LATER_* to
** *facts for those there are. The lists are made in any case: the steps
** name them. */
static int find_later(store *st, int *facts) {
  for (int i = 0; i < 2; i++) {
    int code = exec_with_source(st, SLOT_LATER_CREATE + i, later_create[i], 0);
    if (code == CLERK_OK && (*facts & F_ACTIONS))
      code = exec_with_source(st, SLOT_LATER_FILL + i, later_fill[i], st->source_id);
    if (code != CLERK_OK) return code;
    if ((*facts & F_ACTIONS) && sqlite3_changes(st->db) > 0)
      *facts |= i == 0 ? F_LATER_REVIEWS : F_LATER_ACTIONS;
  }
  return CLERK_OK;
}

/* Whether officers' updates name an action of the open import (*any): its
** actions are all new, so their ids are first_action or more. */
static int own_updates(store *st, int *any) {
  *any = 0;
  if (!st->first_action) return CLERK_OK;
  sqlite3_stmt *s = cached(st, SLOT_OWN_UPDATES,
                           "SELECT EXISTS (SELECT 1 FROM action_update WHERE action_id >= ?1)");
  if (!s) return prep_failed(st);
  int rc = sqlite3_bind_int64(s, 1, st->first_action);
  if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    *any = sqlite3_column_int(s, 0);
    rc = SQLITE_DONE;
  }
  done(s);
  return rc == SQLITE_DONE ? CLERK_OK : store_fail_sqlite(st, rc, "linking actions");
}

/* Runs the linking steps that can find something; *facts ends with what
** the import has (F_UPDATES looked at after the step that ties orphaned
** updates, before those that read them). */
static int run_steps(store *st, int *facts) {
  *facts = (st->own_reviews ? F_REVIEWS : 0) | (st->first_action ? F_ACTIONS : 0);
  int looked = 0, code = find_later(st, facts);
  for (int i = 0; i < LINK_STEPS && code == CLERK_OK; i++) {
    if ((link_steps[i].needs & F_UPDATES) && !looked) {
      int any;
      looked = 1;
      if ((code = own_updates(st, &any)) != CLERK_OK) break;
      if (any) *facts |= F_UPDATES;
    }
    if (link_steps[i].needs & *facts)
      code = exec_with_source(st, SLOT_STEPS + i, link_steps[i].sql, st->source_id);
  }
  for (int i = 0; i < 2 && code == CLERK_OK; i++)
    if (*facts & (i == 0 ? F_LATER_REVIEWS : F_LATER_ACTIONS))
      code = exec_with_source(st, SLOT_LATER_CLEAR + i, later_clear[i], 0);
  return code;
}

int store_link_source(store *st) {
  if (!st || !st->source_id) return CLERK_OK;
  int code = ensure_touched(st);
  /* A source without actions or reviews (a fresh one is written only by this
  ** import) has nothing to tie and nothing to be tied to: every step below
  ** starts from its actions or reviews. The actions its replaced version
  ** spoke of (store_link_touch_source) are still recomputed. */
  if (code == CLERK_OK && st->has_reviews) {
    int facts;
    code = run_steps(st, &facts);
    if (code == CLERK_OK) code = link_similar(st);
    /* reassignments are officers' updates of the source's actions */
    if (code == CLERK_OK && (facts & F_UPDATES)) code = replay_owners(st);
  }
  if (code != CLERK_OK) return code;
  return store_link_recompute(st);
}

/* -- text keys ------------------------------------------------------------
** Words of three letters or more, without digits, dates or the words
** reviews add ("carried over"), so a re-listed action keys as it did. */

/* A word and its length, so most stop words are passed over on the length. */
typedef struct stop_word { const char *w; size_t n; } stop_word;
#define STOP(w) { w, sizeof w - 1 }

static int is_stopword(const char *w, size_t n) {
  static const stop_word stop[] = {
    STOP("the"), STOP("and"), STOP("for"), STOP("with"), STOP("from"), STOP("that"),
    STOP("this"), STOP("are"), STOP("was"), STOP("were"), STOP("will"), STOP("all"),
    STOP("any"), STOP("its"), STOP("their"), STOP("into"), STOP("onto"), STOP("about"),
    STOP("which"), STOP("has"), STOP("have"), STOP("had"), STOP("been"), STOP("being"),
    STOP("action"), STOP("actions"), STOP("carried"), STOP("over"), STOP("forward"),
    STOP("next"), STOP("meeting"), STOP("complete"), STOP("completed"), STOP("done"),
    STOP("closed"), STOP("open"), STOP("ongoing"),
    /* dates change when an action is re-listed: "by 31 March" becomes "by 30 June" */
    STOP("january"), STOP("february"), STOP("march"), STOP("april"), STOP("may"),
    STOP("june"), STOP("july"), STOP("august"), STOP("september"), STOP("october"),
    STOP("november"), STOP("december"), STOP("jan"), STOP("feb"), STOP("mar"), STOP("apr"),
    STOP("jun"), STOP("jul"), STOP("aug"), STOP("sep"), STOP("sept"), STOP("oct"),
    STOP("nov"), STOP("dec"), STOP("end"), STOP("due"), STOP("date"), STOP("deadline"),
    STOP("week"), STOP("month"), STOP("monday"), STOP("tuesday"), STOP("wednesday"),
    STOP("thursday"), STOP("friday"), STOP("weeks"), STOP("months") };
  for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++)
    if (stop[i].n == n && memcmp(stop[i].w, w, n) == 0) return 1;
  return 0;
}

#define TEXT_KEY_WORDS 8

void store_text_key(const char *text, char *out, size_t outsz) {
  if (!outsz) return;
  out[0] = '\0';
  if (!text) return;
  char word[64];
  size_t o = 0, wn = 0;
  int depth = 0, words = 0;
  for (const unsigned char *p = (const unsigned char *)text;; p++) {
    unsigned char c = *p;
    int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (c == '(' || c == '[') depth++;
    if (letter && depth == 0) {
      if (wn + 1 < sizeof word) word[wn++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
      continue;
    }
    int digits = 0;
    for (size_t i = 0; i < wn; i++) digits += word[i] >= '0' && word[i] <= '9';
    if (wn >= 3 && !digits && !is_stopword(word, wn) && words < TEXT_KEY_WORDS && o + wn + 2 < outsz) {
      if (o) out[o++] = ' ';
      memcpy(out + o, word, wn);
      o += wn;
      out[o] = '\0';
      words++;
    }
    wn = 0;
    if ((c == ')' || c == ']') && depth > 0) depth--;
    if (!c) break;
  }
}
