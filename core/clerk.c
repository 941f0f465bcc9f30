/*
** clerk.c -- the public API of include/clerk.h: handles, errors, versions,
** and the calls that tie the store to the plugin engine.
*/
#include "lua_clerk.h"
#include "mem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One source is read whole; minutes are small, and a cap keeps a hostile or
** mistaken input (a video, a disk image) from exhausting memory. */
#define MAX_SOURCE_BYTES ((size_t)64 << 20)

struct clerk {
  store *st;
  engine *eng;           /* created on first import or report */
  char *plugin_path;     /* NULL: $CLERK_PLUGIN_PATH */
  char *rules_path;
  char *errmsg;
  char *path;
};

static const char OOM[] = "not enough memory";

const char *clerk_libversion(void) { return CLERK_VERSION; }
int clerk_libversion_number(void) { return CLERK_VERSION_NUMBER; }
void clerk_free(void *p) { clerk_mfree(p); }

const char *clerk_errstr(int code) {
  switch (code) {
    case CLERK_OK: return "not an error";
    case CLERK_ERROR: return "error";
    case CLERK_NOMEM: return "not enough memory";
    case CLERK_IO: return "cannot read or write a file";
    case CLERK_FORMAT: return "malformed input";
    case CLERK_TOOBIG: return "input too large";
    case CLERK_DB: return "not a Clerk database, or a corrupt one";
    case CLERK_READONLY: return "database is read-only";
    case CLERK_SCHEMA: return "database made by a newer Clerk";
    case CLERK_PLUGIN: return "plugin error";
    case CLERK_NOTFOUND: return "not found";
    case CLERK_MISUSE: return "API misuse";
    case CLERK_SCRIPT: return "script error";
    case CLERK_LIMIT: return "script limit exceeded";
    default: return "unknown status code";
  }
}

const char *clerk_errmsg(const clerk *db) {
  if (!db) return OOM;
  return db->errmsg ? db->errmsg : "not an error";
}

/* Records a failure on db: code returned, message formatted (or taken). */
int clerk__fail(clerk *db, int code, const char *fmt, ...) {
  va_list ap;
  char buf[1024];
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  clerk_mfree(db->errmsg);
  db->errmsg = clerk_strdup(buf);
  return code;
}

/* Takes ownership of a malloc'd message (NULL means memory ran out). */
static int fail_with(clerk *db, int code, char *msg) {
  clerk_mfree(db->errmsg);
  db->errmsg = msg;
  if (!msg) return CLERK_NOMEM;
  return code;
}

static void clear_error(clerk *db) {
  clerk_mfree(db->errmsg);
  db->errmsg = NULL;
}

store *clerk__store(clerk *db) { return db->st; }

int clerk__new_engine(clerk *db, engine **out, char **errmsg) {
  engine *e = NULL;
  int rc = engine_new(db->plugin_path, &e, errmsg);
  if (rc != CLERK_OK) return rc;
  /* no rules given: the user's own rules file, when there is one */
  char user[PATH_MAX];
  struct stat sb;
  const char *rules = db->rules_path;
  if (!rules && engine_user_path(user, sizeof user, "rules.lua") && stat(user, &sb) == 0 &&
      S_ISREG(sb.st_mode))
    rules = user;
  if (rules && *rules && (rc = engine_load_rules(e, rules, errmsg)) != CLERK_OK) {
    engine_free(e);
    return rc;
  }
  *out = e;
  return CLERK_OK;
}

engine *clerk__engine(clerk *db, char **errmsg) {
  if (!db->eng && clerk__new_engine(db, &db->eng, errmsg) != CLERK_OK) db->eng = NULL;
  return db->eng;
}

/* The engine, or a recorded failure. */
static engine *need_engine(clerk *db, int *rc) {
  char *msg = NULL;
  engine *e = clerk__engine(db, &msg);
  if (!e) *rc = fail_with(db, CLERK_PLUGIN, msg ? msg : NULL);
  else clerk_mfree(msg);
  return e;
}

int clerk_open(const char *path, int flags, clerk **out) {
  if (!out) return CLERK_MISUSE;
  *out = NULL;
  clerk *db = clerk_calloc(1, sizeof *db);
  if (!db) return CLERK_NOMEM;
  *out = db;
  if (!path) return clerk__fail(db, CLERK_MISUSE, "clerk_open: no path");
  db->path = clerk_strdup(path);
  if (!db->path) return fail_with(db, CLERK_NOMEM, NULL);
  char *msg = NULL;
  int rc = store_open(path, flags, &db->st, &msg);
  if (rc != CLERK_OK) return fail_with(db, rc, msg ? msg : clerk_strdup(OOM));
  return CLERK_OK;
}

void clerk_close(clerk *db) {
  if (!db) return;
  engine_free(db->eng);
  store_close(db->st);
  clerk_mfree(db->plugin_path);
  clerk_mfree(db->rules_path);
  clerk_mfree(db->errmsg);
  clerk_mfree(db->path);
  clerk_mfree(db);
}

static int need_store(clerk *db) {
  if (!db) return CLERK_MISUSE;
  if (!db->st) return clerk__fail(db, CLERK_MISUSE, "the database is not open");
  clear_error(db);
  return CLERK_OK;
}

int clerk_set_plugin_path(clerk *db, const char *path) {
  if (!db) return CLERK_MISUSE;
  if (db->eng) return clerk__fail(db, CLERK_MISUSE, "clerk_set_plugin_path: plugins are already loaded");
  char *copy = NULL;
  if (path && !(copy = clerk_strdup(path))) return CLERK_NOMEM;
  clerk_mfree(db->plugin_path);
  db->plugin_path = copy;
  return CLERK_OK;
}

int clerk_set_rules(clerk *db, const char *path) {
  if (!db) return CLERK_MISUSE;
  if (db->eng) return clerk__fail(db, CLERK_MISUSE, "clerk_set_rules: plugins are already loaded");
  char *copy = NULL;
  if (path && !(copy = clerk_strdup(path))) return CLERK_NOMEM;
  clerk_mfree(db->rules_path);
  db->rules_path = copy;
  return CLERK_OK;
}

/* Reads a whole regular file of at most MAX_SOURCE_BYTES. */
static int read_fail(char **errmsg, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int read_fail(char **errmsg, int code, const char *fmt, ...) {
  va_list ap;
  char buf[1024];
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  *errmsg = clerk_strdup(buf);
  return *errmsg ? code : CLERK_NOMEM;
}

/* Thread-safe: the failure's message is returned in *errmsg (malloc'd). */
int clerk__read_file(const char *path, char **data, size_t *len, char **errmsg) {
  *data = NULL;
  *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return read_fail(errmsg, CLERK_IO, "%s: %s", path, strerror(errno));
  struct stat sb;
  if (fstat(fd, &sb) != 0) {
    int e = errno;
    close(fd);
    return read_fail(errmsg, CLERK_IO, "%s: %s", path, strerror(e));
  }
  if (S_ISDIR(sb.st_mode)) { close(fd); return read_fail(errmsg, CLERK_IO, "%s: is a folder, not a file", path); }
  if (!S_ISREG(sb.st_mode)) { close(fd); return read_fail(errmsg, CLERK_IO, "%s: not a regular file", path); }
  if ((uint64_t)sb.st_size > MAX_SOURCE_BYTES) {
    close(fd);
    return read_fail(errmsg, CLERK_TOOBIG, "%s: %.1f MB is more than the %d MB one source may hold",
                       path, (double)sb.st_size / 1e6, (int)(MAX_SOURCE_BYTES >> 20));
  }
  size_t size = (size_t)sb.st_size;
  char *buf = clerk_malloc(size + 1);
  if (!buf) { close(fd); return read_fail(errmsg, CLERK_NOMEM, OOM); }
  size_t got = 0;
  while (got < size) {
    ssize_t n = read(fd, buf + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = errno;
      close(fd);
      clerk_mfree(buf);
      return read_fail(errmsg, CLERK_IO, "%s: %s", path, n < 0 ? strerror(e) : "file shrank while reading");
    }
    got += (size_t)n;
  }
  close(fd);
  buf[size] = '\0';
  *data = buf;
  *len = size;
  return CLERK_OK;
}

static int read_source(clerk *db, const char *path, char **data, size_t *len) {
  char *msg = NULL;
  int rc = clerk__read_file(path, data, len, &msg);
  return rc == CLERK_OK ? rc : fail_with(db, rc, msg);
}

int clerk__import_bytes(clerk *db, const char *name, const char *source, const void *data,
                        size_t len, const char *format, clerk_import_result *result) {
  if (len > MAX_SOURCE_BYTES)
    return clerk__fail(db, CLERK_TOOBIG, "%s: %.1f MB is more than the %d MB one source may hold",
                       name, (double)len / 1e6, (int)(MAX_SOURCE_BYTES >> 20));
  if (store_readonly(db->st))
    return clerk__fail(db, CLERK_READONLY, "%s: the database is open read-only", db->path);
  int rc = CLERK_OK;
  engine *e = need_engine(db, &rc);
  if (!e) return rc;
  char *msg = NULL;
  engine_import_args a = { name, source, data, len, format, db->st, result };
  rc = engine_import(e, &a, &msg);
  if (rc != CLERK_OK) return fail_with(db, rc, msg);
  clerk_mfree(msg);
  return CLERK_OK;
}

int clerk_import_file(clerk *db, const char *path, const char *format, clerk_import_result *result) {
  if (result) memset(result, 0, sizeof *result);   /* a failure never leaves an earlier file's counts */
  int rc = need_store(db);
  if (rc != CLERK_OK) return rc;
  if (!path) return clerk__fail(db, CLERK_MISUSE, "clerk_import_file: no path");
  char *data;
  size_t len;
  rc = read_source(db, path, &data, &len);
  if (rc != CLERK_OK) return rc;
  /* the source's identity is its absolute path; messages use the path given */
  char real[PATH_MAX];
  const char *source = realpath(path, real) ? real : path;
  rc = clerk__import_bytes(db, path, source, data, len, format, result);
  clerk_mfree(data);
  return rc;
}

int clerk_import_buffer(clerk *db, const char *name, const void *data, size_t len,
                        const char *format, clerk_import_result *result) {
  if (result) memset(result, 0, sizeof *result);
  int rc = need_store(db);
  if (rc != CLERK_OK) return rc;
  if (!name || (!data && len)) return clerk__fail(db, CLERK_MISUSE, "clerk_import_buffer: no name or data");
  return clerk__import_bytes(db, name, name, data ? data : "", len, format, result);
}

int clerk_extract(clerk *db, const char *path, const char *format, int flags, char **out, size_t *len) {
  if (!db || !out) return CLERK_MISUSE;
  *out = NULL;
  if (len) *len = 0;
  clear_error(db);
  char *data;
  size_t n;
  int rc = read_source(db, path, &data, &n);
  if (rc != CLERK_OK) return rc;
  engine *e = need_engine(db, &rc);
  if (!e) { clerk_mfree(data); return rc; }
  char *msg = NULL;
  engine_import_args a = { path, path, data, n, format, NULL, NULL };
  rc = engine_extract(e, &a, (flags & CLERK_EXTRACT_EXPLAIN) != 0, out, len, &msg);
  clerk_mfree(data);
  if (rc != CLERK_OK) return fail_with(db, rc, msg);
  clerk_mfree(msg);
  return CLERK_OK;
}

int clerk_report(clerk *db, const char *report, const char *writer, const char *const *options,
                 char **out, size_t *len) {
  int rc = need_store(db);
  if (rc != CLERK_OK) return rc;
  if (!report || !writer || !out) return clerk__fail(db, CLERK_MISUSE, "clerk_report: missing argument");
  *out = NULL;
  engine *e = need_engine(db, &rc);
  if (!e) return rc;
  char *msg = NULL;
  size_t n = 0;
  rc = engine_report(e, db, report, writer, options, out, &n, &msg);
  if (rc != CLERK_OK) return fail_with(db, rc, msg);
  clerk_mfree(msg);
  if (len) *len = n;
  return CLERK_OK;
}

int clerk_report_file(clerk *db, const char *report, const char *writer, const char *const *options,
                      const char *path) {
  char *out;
  size_t len;
  int rc = clerk_report(db, report, writer, options, &out, &len);
  if (rc != CLERK_OK) return rc;
  /* write beside the target and rename, so a failure never leaves half a file */
  char *tmp = clerk_asprintf("%s.tmp-%ld", path, (long)getpid());
  if (!tmp) { clerk_mfree(out); return fail_with(db, CLERK_NOMEM, NULL); }
  FILE *f = fopen(tmp, "wb");
  int ok = f && fwrite(out, 1, len, f) == len;
  if (f && fclose(f) != 0) ok = 0;
  if (ok && rename(tmp, path) != 0) ok = 0;
  int e = errno;
  clerk_mfree(out);
  if (!ok) {
    unlink(tmp);
    clerk_mfree(tmp);
    return clerk__fail(db, CLERK_IO, "%s: %s", path, strerror(e));
  }
  clerk_mfree(tmp);
  return CLERK_OK;
}

int clerk_meetings(clerk *db, const clerk_filter *filter, clerk_meeting_cb cb, void *ud) {
  int rc = need_store(db);
  if (rc != CLERK_OK) return rc;
  if (!cb) return clerk__fail(db, CLERK_MISUSE, "clerk_meetings: no callback");
  store_cursor *c;
  if ((rc = store_meetings_open(db->st, filter, &c)) != CLERK_OK)
    return clerk__fail(db, rc, "%s", store_errmsg(db->st));
  clerk_meeting m;
  while ((rc = store_meetings_next(c, &m)) == CLERK_OK)
    if (cb(ud, &m)) break;
  store_cursor_close(c);
  if (rc != CLERK_OK && rc != CLERK_NOTFOUND) return clerk__fail(db, rc, "%s", store_errmsg(db->st));
  return CLERK_OK;
}

int clerk_actions(clerk *db, const clerk_filter *filter, clerk_action_cb cb, void *ud) {
  int rc = need_store(db);
  if (rc != CLERK_OK) return rc;
  if (!cb) return clerk__fail(db, CLERK_MISUSE, "clerk_actions: no callback");
  store_cursor *c;
  if ((rc = store_actions_open(db->st, filter, &c)) != CLERK_OK)
    return clerk__fail(db, rc, "%s", store_errmsg(db->st));
  clerk_action a;
  while ((rc = store_actions_next(c, &a)) == CLERK_OK)
    if (cb(ud, &a)) break;
  store_cursor_close(c);
  if (rc != CLERK_OK && rc != CLERK_NOTFOUND) return clerk__fail(db, rc, "%s", store_errmsg(db->st));
  return CLERK_OK;
}
