/*
** import_many.c -- clerk_import_files: many files imported with every core.
**
** Workers claim files in order, read them and run the importer into a
** deferred sink (engine_prepare) of one of their two engines. The calling
** thread takes the files in order and writes what each engine prepared
** (engine_store_prepared) while the worker goes on with its other engine.
** One writer in file order keeps SQLite uncontended and the action linker's
** view the same as a serial import. A worker is at most two files ahead,
** and all hold at most INFLIGHT_BUDGET bytes of files, so memory is bounded.
*/
#include "lua_clerk.h"
#include "mem.h"
#include "sha256.h"
#include "xml.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_JOBS 8

/* Bytes of files read but not yet written, over all workers. A worker waits
** before reading a file that would pass it, unless that file is the next to
** be written (so the writer always has work, and nothing deadlocks): memory
** stays near what a serial import of the largest files needs. */
#define INFLIGHT_BUDGET ((size_t)128 << 20)
#ifdef CLERK_TESTING
static size_t inflight_budget = INFLIGHT_BUDGET;
void clerk_test_import_budget(size_t bytes) { inflight_budget = bytes ? bytes : INFLIGHT_BUDGET; }
#else
#define inflight_budget INFLIGHT_BUDGET
#endif

enum { S_WAITING, S_READY, S_DONE };   /* a file's slot, in that order */

typedef struct slot {
  int state;
  size_t cost;            /* its size, counted in the pool's inflight bytes */
  int engine;             /* the engine holding what was prepared */
  int read_rc;            /* reading failed: this status, message in msg */
  int known;              /* these bytes are stored already: not interpreted */
  char *msg;
  char *data;
  size_t len;
  char source[PATH_MAX];
} slot;

typedef struct pool {
  clerk *db;
  store *st;
  const char *const *paths;
  const char *format;
  size_t n, next;         /* next: the first file no worker has claimed */
  size_t writing;         /* the file the writer waits for or writes */
  size_t inflight;        /* bytes of files claimed and not yet written */
  int stop;
  slot *slots;
  engine **engines;       /* two a worker: one prepares while the other is written */
  long *holds;            /* per engine: the slot it prepared and is not yet written, or -1 */
  pthread_mutex_t lock;   /* slots, next, writing, inflight, stop, holds */
  pthread_cond_t changed;
  store_sha *known;       /* the stored sources' sha256, sorted: read by workers */
  size_t nknown;
} pool;

typedef struct worker_arg { pool *p; int id; } worker_arg;

static int compare_sha(const void *a, const void *b) { return strcmp(a, b); }

static void prepare_one(pool *p, int id, size_t k) {
  slot *s = &p->slots[k];
  const char *path = p->paths[k];
  s->engine = id;
  s->read_rc = clerk__read_file(path, &s->data, &s->len, &s->msg);
  if (s->read_rc != CLERK_OK) return;
  if (!realpath(path, s->source)) snprintf(s->source, sizeof s->source, "%s", path);
  char sha[65];
  sha256_hex(s->data, s->len, sha);
  /* bytes imported before need no interpreting: the writer will find them
  ** unchanged (and, should that change meanwhile, import them itself). The
  ** look is at a list taken before the start, not at the store, which the
  ** writer holds most of the time. */
  s->known = p->nknown && bsearch(sha, p->known, p->nknown, sizeof *p->known, compare_sha) != NULL;
  if (s->known) return;
  engine_import_args a = { path, s->source, s->data, s->len, p->format, NULL, NULL };
  engine_prepare(p->engines[id], &a, sha);
}

static void *worker(void *arg) {
  worker_arg *w = arg;
  pool *p = w->p;
  for (int turn = 0;; turn ^= 1) {
    int e = w->id * 2 + turn;
    pthread_mutex_lock(&p->lock);
    /* this engine's last file must be written before it prepares another */
    while (!p->stop && p->holds[e] >= 0 && p->slots[p->holds[e]].state != S_DONE)
      pthread_cond_wait(&p->changed, &p->lock);
    if (p->stop || p->next >= p->n) { pthread_mutex_unlock(&p->lock); return NULL; }
    size_t k = p->next++;
    p->holds[e] = (long)k;
    pthread_mutex_unlock(&p->lock);
    struct stat sb;
    size_t cost = stat(p->paths[k], &sb) == 0 && sb.st_size > 0 ? (size_t)sb.st_size : 0;
    pthread_mutex_lock(&p->lock);
    while (!p->stop && k != p->writing && p->inflight > 0 && p->inflight + cost > inflight_budget)
      pthread_cond_wait(&p->changed, &p->lock);
    if (p->stop) { pthread_mutex_unlock(&p->lock); return NULL; }
    p->inflight += cost;
    p->slots[k].cost = cost;
    pthread_mutex_unlock(&p->lock);
    prepare_one(p, e, k);
    pthread_mutex_lock(&p->lock);
    p->slots[k].state = S_READY;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
  }
}

/* Writes file k on the calling thread (its engine is idle until then). */
static int store_one(pool *p, size_t k, clerk_import_result *r, char **msg) {
  slot *s = &p->slots[k];
  memset(r, 0, sizeof *r);
  if (s->read_rc != CLERK_OK) {
    *msg = s->msg;
    s->msg = NULL;
    return s->read_rc;
  }
  int rc;
  /* only this thread touches the store: workers prepare into their engines */
  if (s->known) {   /* the serial path: unchanged, found without interpreting */
    rc = clerk__import_bytes(p->db, p->paths[k], s->source, s->data, s->len, p->format, r);
    if (rc != CLERK_OK) *msg = clerk_strdup(clerk_errmsg(p->db));
  } else {
    engine_import_args a = { p->paths[k], s->source, s->data, s->len, p->format, p->st, r };
    rc = engine_store_prepared(p->engines[s->engine], &a, msg);
  }
  return rc;
}

/* Below this average size a file takes about as long to hand between
** threads as to read and write on one: tiny files go faster serially
** (measured: 1.3 KB ModernGov meetings 0.8x, 6 KB 1.0x, 13 KB text 1.45x). */
#define THREADS_MIN_AVERAGE ((off_t)8 << 10)

static int small_files(const char *const *paths, size_t n) {
  off_t total = 0;
  for (size_t k = 0; k < n; k++) {
    struct stat sb;
    if (stat(paths[k], &sb) == 0 && S_ISREG(sb.st_mode)) total += sb.st_size;
  }
  return total / (off_t)n < THREADS_MIN_AVERAGE;
}

static int jobs_for(int jobs, const char *const *paths, size_t n) {
  if (jobs <= 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = cpus > 0 ? (int)(cpus < MAX_JOBS ? cpus : MAX_JOBS) : 1;
    if (jobs > 1 && n > 0 && small_files(paths, n)) jobs = 1;
  }
  if (jobs > MAX_JOBS) jobs = MAX_JOBS;
  if ((size_t)jobs > n) jobs = (int)n;
  return jobs < 1 ? 1 : jobs;
}

static int serial(clerk *db, const char *const *paths, size_t n, const char *format,
                  clerk_import_done done, void *ud) {
  int last = CLERK_OK;
  for (size_t k = 0; k < n; k++) {
    clerk_import_result r;
    int rc = clerk_import_file(db, paths[k], format, &r);
    if (rc != CLERK_OK) last = rc;
    if (done && done(ud, k, paths[k], rc, &r, rc == CLERK_OK ? NULL : clerk_errmsg(db))) break;
  }
  return last;
}

int clerk_import_files(clerk *db, const char *const *paths, size_t n, const char *format,
                       int jobs, clerk_import_done done, void *ud) {
  if (!db) return CLERK_MISUSE;
  if (!paths && n) return clerk__fail(db, CLERK_MISUSE, "clerk_import_files: no paths");
  for (size_t k = 0; k < n; k++)
    if (!paths[k]) return clerk__fail(db, CLERK_MISUSE, "clerk_import_files: path %zu is NULL", k);
  store *st = clerk__store(db);
  jobs = jobs_for(jobs, paths, n);
  if (jobs == 1 || !st || store_readonly(st)) return serial(db, paths, n, format, done, ud);

  pool p;
  memset(&p, 0, sizeof p);
  p.db = db;
  p.st = st;
  p.paths = paths;
  p.format = format;
  p.n = n;
  int nengines = 2 * jobs;
  p.slots = clerk_calloc(n, sizeof *p.slots);
  p.engines = clerk_calloc((size_t)nengines, sizeof *p.engines);
  p.holds = clerk_calloc((size_t)nengines, sizeof *p.holds);
  if (!p.slots || !p.engines || !p.holds) {
    clerk_mfree(p.slots);
    clerk_mfree(p.engines);
    clerk_mfree(p.holds);
    return clerk__fail(db, CLERK_NOMEM, "not enough memory");
  }
  int rc = store_known_shas(st, &p.known, &p.nknown);
  if (rc != CLERK_OK) {
    clerk_mfree(p.slots);
    clerk_mfree(p.engines);
    clerk_mfree(p.holds);
    return clerk__fail(db, rc, "%s", store_errmsg(st));
  }
  for (int i = 0; i < nengines; i++) {
    p.holds[i] = -1;
    char *msg = NULL;
    rc = clerk__new_engine(db, &p.engines[i], &msg);
    if (rc != CLERK_OK) {
      for (int j = 0; j < i; j++) engine_free(p.engines[j]);
      clerk_mfree(p.known);
      clerk_mfree(p.slots);
      clerk_mfree(p.engines);
      clerk_mfree(p.holds);
      rc = clerk__fail(db, rc, "%s", msg ? msg : "not enough memory");
      clerk_mfree(msg);
      return rc;
    }
  }
  pthread_mutex_init(&p.lock, NULL);
  pthread_cond_init(&p.changed, NULL);
  clerk_xml_init();                         /* libxml2 wants its first call on one thread */
  pthread_t tid[MAX_JOBS];
  worker_arg args[MAX_JOBS];
  int started = 0;
  for (int i = 0; i < jobs; i++) {
    args[i].p = &p;
    args[i].id = i;
    if (pthread_create(&tid[i], NULL, worker, &args[i]) != 0) break;
    started++;
  }

  int last = CLERK_OK;
  char *last_msg = NULL;
  size_t k = 0;
  if (started == 0) {                   /* no thread to be had: do it here */
    last = serial(db, paths, n, format, done, ud);
    k = n;
  }
  for (; k < n; k++) {
    pthread_mutex_lock(&p.lock);
    while (p.slots[k].state != S_READY) pthread_cond_wait(&p.changed, &p.lock);
    pthread_mutex_unlock(&p.lock);
    clerk_import_result r;
    char *msg = NULL;
    rc = store_one(&p, k, &r, &msg);
    clerk_mfree(p.slots[k].data);
    p.slots[k].data = NULL;
    pthread_mutex_lock(&p.lock);
    p.slots[k].state = S_DONE;
    p.inflight -= p.slots[k].cost;
    p.writing = k + 1;
    pthread_cond_broadcast(&p.changed);
    pthread_mutex_unlock(&p.lock);
    if (rc != CLERK_OK) {
      last = rc;
      clerk_mfree(last_msg);
      last_msg = msg ? msg : clerk_strdup("not enough memory");
      msg = NULL;
    }
    int stop = done && done(ud, k, paths[k], rc, &r, rc == CLERK_OK ? NULL : last_msg);
    clerk_mfree(msg);
    if (stop) { k++; break; }
  }
  /* stopped early: release every worker, whatever it holds */
  pthread_mutex_lock(&p.lock);
  p.stop = 1;
  for (size_t j = k; j < n; j++) p.slots[j].state = S_DONE;
  pthread_cond_broadcast(&p.changed);
  pthread_mutex_unlock(&p.lock);
  for (int i = 0; i < started; i++) pthread_join(tid[i], NULL);
  for (size_t j = 0; j < n; j++) {
    clerk_mfree(p.slots[j].data);
    clerk_mfree(p.slots[j].msg);
  }
  for (int i = 0; i < nengines; i++) engine_free(p.engines[i]);
  clerk_mfree(p.known);
  clerk_mfree(p.slots);
  clerk_mfree(p.engines);
  clerk_mfree(p.holds);
  pthread_cond_destroy(&p.changed);
  pthread_mutex_destroy(&p.lock);
  if (last != CLERK_OK) clerk__fail(db, last, "%s", last_msg);
  clerk_mfree(last_msg);
  return last;
}
