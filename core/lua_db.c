/*
** lua_db.c -- the database object of the Lua API: iterators with filters over
** meetings, actions, people and search hits, read-only parameterised SQL,
** and import/report through the public C API.
*/
#include "lua_clerk.h"
#include "mem.h"

#include <stdio.h>
#include <string.h>

#define DB_META     "clerk.db"
#define CURSOR_META "clerk.cursor"

typedef struct ldb {
  clerk *db;          /* NULL once closed or released */
  int owning;         /* close the handle on close/gc */
  int readonly;       /* a report's db: no import */
} ldb;

enum { CUR_MEETINGS, CUR_ACTIONS, CUR_PEOPLE, CUR_SEARCH, CUR_QUERY };

typedef struct lcursor {
  int kind;
  store_cursor *c;     /* store cursors */
  sqlite3_stmt *stmt;  /* db:query */
} lcursor;

static void cursor_close(lcursor *c) {
  if (c->c) { store_cursor_close(c->c); c->c = NULL; }
  if (c->stmt) { sqlite3_finalize(c->stmt); c->stmt = NULL; }
}

static int cursor_gc(lua_State *L) {
  cursor_close(luaL_checkudata(L, 1, CURSOR_META));
  return 0;
}

/* Closes every cursor still open on a db object (uservalue 1, weak keys),
** so none outlives the store it reads. */
static void close_cursors(lua_State *L, int dbidx) {
  lua_getiuservalue(L, dbidx, 1);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pop(L, 1);
    lcursor *c = luaL_testudata(L, -1, CURSOR_META);
    if (c) cursor_close(c);
  }
  lua_pop(L, 1);
}

static ldb *check_db(lua_State *L) {
  ldb *d = luaL_checkudata(L, 1, DB_META);
  if (!d->db) luaL_error(L, "attempt to use a closed database");
  return d;
}

static int db_close(lua_State *L) {
  ldb *d = luaL_checkudata(L, 1, DB_META);
  if (d->db) {
    close_cursors(L, 1);
    clerk *db = d->db;
    d->db = NULL;                /* released first: safe to call twice */
    if (d->owning) clerk_close(db);
  }
  return 0;
}

void clerk_lua_db_release(lua_State *L, int idx) {
  ldb *d = luaL_testudata(L, idx, DB_META);
  if (!d || !d->db) return;
  close_cursors(L, idx);
  d->db = NULL;
}

static int db_tostring(lua_State *L) {
  ldb *d = luaL_checkudata(L, 1, DB_META);
  lua_pushfstring(L, d->db ? "clerk.db (%p)" : "clerk.db (closed)", (void *)d);
  return 1;
}

/* -- filters and rows --------------------------------------------------- */

static const char *filter_field(lua_State *L, int t, const char *name) {
  int ty = lua_getfield(L, t, name);
  if (ty == LUA_TNIL) { lua_pop(L, 1); return NULL; }
  if (ty != LUA_TSTRING)
    luaL_argerror(L, 2, lua_pushfstring(L, "field '%s' must be a string, got %s", name, luaL_typename(L, -1)));
  const char *s = lua_tostring(L, -1);
  lua_pop(L, 1);     /* still referenced by the filter table, which stays alive */
  return s;
}

static void check_filter(lua_State *L, clerk_filter *f, int allow_action_fields) {
  memset(f, 0, sizeof *f);
  if (lua_isnoneornil(L, 2)) return;
  luaL_checktype(L, 2, LUA_TTABLE);
  f->body = filter_field(L, 2, "body");
  f->since = filter_field(L, 2, "since");
  f->until = filter_field(L, 2, "until");
  if (allow_action_fields) {
    f->status = filter_field(L, 2, "status");
    f->owner = filter_field(L, 2, "owner");
  }
}

static void set_str(lua_State *L, const char *k, const char *v) {
  if (!v) return;            /* absent fields stay nil */
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static void set_int(lua_State *L, const char *k, int64_t v) {
  lua_pushinteger(L, (lua_Integer)v);
  lua_setfield(L, -2, k);
}

static void set_list(lua_State *L, const char *k, const char *const *v, int n) {
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    lua_pushstring(L, v[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, k);
}

static int cursor_failed(lua_State *L, lcursor *c, store *st) {
  cursor_close(c);
  return luaL_error(L, "%s", store_errmsg(st));
}

/* The iterator: upvalue 1 the cursor, 2 the db object (kept alive). */
static int cursor_next(lua_State *L) {
  lcursor *c = luaL_checkudata(L, lua_upvalueindex(1), CURSOR_META);
  ldb *d = luaL_checkudata(L, lua_upvalueindex(2), DB_META);
  if (!d->db) return luaL_error(L, "attempt to use a closed database");
  store *st = clerk__store(d->db);
  if (!c->c && !c->stmt) return 0;
  int rc;
  switch (c->kind) {
    case CUR_MEETINGS: {
      clerk_meeting m;
      rc = store_meetings_next(c->c, &m);
      if (rc == CLERK_NOTFOUND) { cursor_close(c); return 0; }
      if (rc != CLERK_OK) return cursor_failed(L, c, st);
      lua_createtable(L, 0, 12);
      set_int(L, "id", m.id);
      set_str(L, "body", m.body); set_str(L, "organisation", m.organisation);
      set_str(L, "title", m.title); set_str(L, "date", m.date);
      set_str(L, "start", m.start); set_str(L, "end", m.end);
      set_str(L, "venue", m.venue); set_str(L, "chair", m.chair);
      set_str(L, "next_meeting", m.next_meeting); set_str(L, "source", m.source);
      return 1;
    }
    case CUR_ACTIONS: {
      clerk_action a;
      rc = store_actions_next(c->c, &a);
      if (rc == CLERK_NOTFOUND) { cursor_close(c); return 0; }
      if (rc != CLERK_OK) return cursor_failed(L, c, st);
      lua_createtable(L, 0, 12);
      set_int(L, "id", a.id); set_int(L, "meeting_id", a.meeting_id);
      set_str(L, "text", a.text); set_str(L, "status", a.status); set_str(L, "due", a.due);
      set_list(L, "owners", a.owners, a.n_owners);
      set_str(L, "meeting_date", a.meeting_date); set_str(L, "meeting_title", a.meeting_title);
      set_str(L, "body", a.body); set_str(L, "item_number", a.item_number);
      set_str(L, "item_title", a.item_title);
      return 1;
    }
    case CUR_PEOPLE: {
      store_person_row p;
      rc = store_people_next(c->c, &p);
      if (rc == CLERK_NOTFOUND) { cursor_close(c); return 0; }
      if (rc != CLERK_OK) return cursor_failed(L, c, st);
      lua_createtable(L, 0, 5);
      set_int(L, "id", p.id); set_str(L, "name", p.name);
      set_list(L, "aliases", p.aliases, p.n_aliases);
      set_int(L, "meetings", p.meetings); set_int(L, "actions", p.actions);
      return 1;
    }
    case CUR_SEARCH: {
      store_search_row s;
      rc = store_search_next(c->c, &s);
      if (rc == CLERK_NOTFOUND) { cursor_close(c); return 0; }
      if (rc != CLERK_OK) return cursor_failed(L, c, st);
      lua_createtable(L, 0, 8);
      set_str(L, "kind", s.kind); set_str(L, "snippet", s.snippet);
      set_int(L, "meeting_id", s.meeting_id); set_str(L, "meeting_date", s.meeting_date);
      set_str(L, "meeting_title", s.meeting_title); set_str(L, "body", s.body);
      set_str(L, "item_number", s.item_number); set_str(L, "item_title", s.item_title);
      return 1;
    }
    default: {
      rc = sqlite3_step(c->stmt);
      if (rc == SQLITE_DONE) { cursor_close(c); return 0; }
      if (rc != SQLITE_ROW) {
        const char *msg = sqlite3_errmsg(sqlite3_db_handle(c->stmt));
        lua_pushstring(L, msg);
        cursor_close(c);
        return luaL_error(L, "db:query: %s", lua_tostring(L, -1));
      }
      int n = sqlite3_column_count(c->stmt);
      lua_createtable(L, 0, n);
      for (int i = 0; i < n; i++) {
        switch (sqlite3_column_type(c->stmt, i)) {
          case SQLITE_NULL: continue;
          case SQLITE_INTEGER: lua_pushinteger(L, (lua_Integer)sqlite3_column_int64(c->stmt, i)); break;
          case SQLITE_FLOAT: lua_pushnumber(L, sqlite3_column_double(c->stmt, i)); break;
          default:
            lua_pushlstring(L, (const char *)sqlite3_column_text(c->stmt, i),
                            (size_t)sqlite3_column_bytes(c->stmt, i));
        }
        lua_setfield(L, -2, sqlite3_column_name(c->stmt, i));
      }
      return 1;
    }
  }
}

/* Pushes a new closed cursor registered with the db object at index 1. */
static lcursor *new_cursor(lua_State *L, int kind) {
  lcursor *c = lua_newuserdatauv(L, sizeof *c, 0);
  c->kind = kind;
  c->c = NULL;
  c->stmt = NULL;
  luaL_setmetatable(L, CURSOR_META);
  lua_getiuservalue(L, 1, 1);
  lua_pushvalue(L, -2);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  return c;
}

/* Returns the iterator function with the cursor on top of the stack. */
static int push_iterator(lua_State *L) {
  lua_pushvalue(L, 1);
  lua_pushcclosure(L, cursor_next, 2);
  return 1;
}

static int open_failed(lua_State *L, store *st) {
  return luaL_error(L, "%s", store_errmsg(st));
}

static int db_meetings(lua_State *L) {
  ldb *d = check_db(L);
  clerk_filter f;
  check_filter(L, &f, 0);
  lcursor *c = new_cursor(L, CUR_MEETINGS);
  store *st = clerk__store(d->db);
  if (store_meetings_open(st, &f, &c->c) != CLERK_OK) return open_failed(L, st);
  return push_iterator(L);
}

static int db_actions(lua_State *L) {
  ldb *d = check_db(L);
  clerk_filter f;
  check_filter(L, &f, 1);
  lcursor *c = new_cursor(L, CUR_ACTIONS);
  store *st = clerk__store(d->db);
  if (store_actions_open(st, &f, &c->c) != CLERK_OK) return open_failed(L, st);
  return push_iterator(L);
}

static int db_people(lua_State *L) {
  ldb *d = check_db(L);
  lcursor *c = new_cursor(L, CUR_PEOPLE);
  store *st = clerk__store(d->db);
  if (store_people_open(st, &c->c) != CLERK_OK) return open_failed(L, st);
  return push_iterator(L);
}

static int db_search(lua_State *L) {
  ldb *d = check_db(L);
  const char *q = luaL_checkstring(L, 2);
  lcursor *c = new_cursor(L, CUR_SEARCH);
  store *st = clerk__store(d->db);
  if (store_search_open(st, q, &c->c) != CLERK_OK) return open_failed(L, st);
  return push_iterator(L);
}

/* db:query(sql, ...) -- one read-only statement, parameters bound by position. */
static int db_query(lua_State *L) {
  ldb *d = check_db(L);
  size_t len;
  const char *sql = luaL_checklstring(L, 2, &len);
  int nargs = lua_gettop(L) - 2;
  lcursor *c = new_cursor(L, CUR_QUERY);
  int cur = lua_gettop(L);
  sqlite3 *s = store_sqlite(clerk__store(d->db));
  const char *tail = NULL;
  if (sqlite3_prepare_v2(s, sql, (int)len, &c->stmt, &tail) != SQLITE_OK)
    return luaL_error(L, "db:query: %s", sqlite3_errmsg(s));
  if (!c->stmt) return luaL_argerror(L, 2, "no SQL statement");
  while (tail && *tail && strchr(" \t\r\n;", *tail)) tail++;
  if (tail && *tail) { cursor_close(c); return luaL_argerror(L, 2, "only one statement is allowed"); }
  if (!sqlite3_stmt_readonly(c->stmt)) {
    cursor_close(c);
    return luaL_argerror(L, 2, "only read-only statements are allowed");
  }
  if (nargs > sqlite3_bind_parameter_count(c->stmt)) {
    cursor_close(c);
    return luaL_error(L, "db:query: %d values given for %d parameters", nargs,
                      sqlite3_bind_parameter_count(c->stmt));
  }
  for (int i = 1; i <= nargs; i++) {
    int a = i + 2, rc;
    switch (lua_type(L, a)) {
      case LUA_TNIL: rc = sqlite3_bind_null(c->stmt, i); break;
      case LUA_TBOOLEAN: rc = sqlite3_bind_int(c->stmt, i, lua_toboolean(L, a)); break;
      case LUA_TNUMBER:
        rc = lua_isinteger(L, a) ? sqlite3_bind_int64(c->stmt, i, (sqlite3_int64)lua_tointeger(L, a))
                                 : sqlite3_bind_double(c->stmt, i, lua_tonumber(L, a));
        break;
      case LUA_TSTRING: {
        size_t n;
        const char *v = lua_tolstring(L, a, &n);
        rc = sqlite3_bind_text64(c->stmt, i, v, n, SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
      }
      default:
        cursor_close(c);
        return luaL_argerror(L, a, lua_pushfstring(L, "cannot bind a %s", luaL_typename(L, a)));
    }
    if (rc != SQLITE_OK) { cursor_close(c); return luaL_error(L, "db:query: %s", sqlite3_errmsg(s)); }
  }
  lua_settop(L, cur);
  return push_iterator(L);
}

/* Longest excerpt db:excerpt returns: the words of one record, not a file. */
#define EXCERPT_MAX 4096

/* db:excerpt(source_path, first, last) -> the bytes first..last (1-based,
** inclusive) of a file the database imported, or nil when the file is gone
** or changed size. Only paths in the source table can be read, so a report
** cannot read arbitrary files through it. */
static int db_excerpt(lua_State *L) {
  ldb *d = check_db(L);
  const char *path = luaL_checkstring(L, 2);
  lua_Integer first = luaL_checkinteger(L, 3), last = luaL_checkinteger(L, 4);
  if (first < 1 || last < first) { luaL_pushfail(L); return 1; }
  if (last - first + 1 > EXCERPT_MAX) last = first + EXCERPT_MAX - 1;
  sqlite3 *s = store_sqlite(clerk__store(d->db));
  sqlite3_stmt *q = NULL;
  lua_Integer size = -1;
  if (sqlite3_prepare_v2(s, "SELECT size FROM source WHERE path = ?1", -1, &q, NULL) == SQLITE_OK &&
      sqlite3_bind_text(q, 1, path, -1, SQLITE_TRANSIENT) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
    size = (lua_Integer)sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  if (size < 0 || last > size) { luaL_pushfail(L); return 1; }
  FILE *f = fopen(path, "rb");
  if (!f) { luaL_pushfail(L); return 1; }
  char buf[EXCERPT_MAX];
  size_t want = (size_t)(last - first + 1), got = 0;
  if (fseek(f, (long)(first - 1), SEEK_SET) == 0) got = fread(buf, 1, want, f);
  int same = fseek(f, 0, SEEK_END) == 0 && ftell(f) == (long)size;
  fclose(f);
  if (got != want || !same) { luaL_pushfail(L); return 1; }
  lua_pushlstring(L, buf, got);
  return 1;
}

/* Expected failures return nil, message, code (STYLE.md's second tier). */
static int push_failure(lua_State *L, clerk *db, int rc) {
  luaL_pushfail(L);
  lua_pushstring(L, clerk_errmsg(db));
  lua_pushinteger(L, rc);
  return 3;
}

static void push_result(lua_State *L, const clerk_import_result *r) {
  lua_createtable(L, 0, 8);
  lua_pushboolean(L, r->unchanged); lua_setfield(L, -2, "unchanged");
  lua_pushboolean(L, r->replaced); lua_setfield(L, -2, "replaced");
  set_int(L, "meetings", r->meetings); set_int(L, "attendance", r->attendance);
  set_int(L, "items", r->items); set_int(L, "decisions", r->decisions);
  set_int(L, "actions", r->actions); set_str(L, "importer", r->importer);
}

/* What clerk_import_files reported for one file, kept in C: the callback
** must not raise (a Lua error would jump over the worker threads). */
typedef struct file_outcome {
  int rc;
  clerk_import_result r;
  char *msg;
} file_outcome;

static int keep_outcome(void *ud, size_t k, const char *path, int rc, const clerk_import_result *r,
                        const char *msg) {
  (void)path;
  file_outcome *o = (file_outcome *)ud + k;
  o->rc = rc;
  o->r = *r;
  o->msg = msg ? clerk_strdup(msg) : NULL;
  if (msg && !o->msg) o->rc = CLERK_NOMEM;
  return 0;
}

#define MAX_IMPORT_FILES 100000

/* db:import({path, ...} [, {format=, jobs=}]) -> { per file: result or
** {error=, code=}, each with path= } -- files read on worker threads. */
static int db_import_many(lua_State *L, ldb *d, const char *format, int jobs) {
  lua_Integer n = luaL_len(L, 2);
  if (n < 0 || n > MAX_IMPORT_FILES) return luaL_error(L, "db:import: more than %d files", MAX_IMPORT_FILES);
  /* the path strings stay alive in the caller's table, which is not changed */
  const char **paths = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *paths, 0);
  file_outcome *out = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *out, 0);
  memset(out, 0, (size_t)(n ? n : 1) * sizeof *out);
  for (lua_Integer i = 1; i <= n; i++) {
    if (lua_rawgeti(L, 2, i) != LUA_TSTRING)
      return luaL_error(L, "db:import: file %d is a %s, not a path", (int)i, luaL_typename(L, -1));
    paths[i - 1] = lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  clerk_import_files(d->db, paths, (size_t)n, format, jobs, keep_outcome, out);
  lua_createtable(L, (int)n, 0);
  for (lua_Integer i = 0; i < n; i++) {
    file_outcome *o = &out[i];
    if (o->rc == CLERK_OK) {
      push_result(L, &o->r);
    } else {
      lua_createtable(L, 0, 3);
      lua_pushstring(L, o->msg ? o->msg : clerk_errstr(o->rc));
      lua_setfield(L, -2, "error");
      lua_pushinteger(L, o->rc);
      lua_setfield(L, -2, "code");
    }
    lua_pushstring(L, paths[i]);
    lua_setfield(L, -2, "path");
    lua_rawseti(L, -2, i + 1);
  }
  for (lua_Integer i = 0; i < n; i++) clerk_free(out[i].msg);
  return 1;
}

/* db:import(path [, {format=}]) -> result table | nil, msg, code
** db:import({path, ...} [, {format=, jobs=}]) -> a list (db_import_many) */
static int db_import(lua_State *L) {
  ldb *d = check_db(L);
  int many = lua_istable(L, 2);
  const char *path = many ? NULL : luaL_checkstring(L, 2);
  const char *format = NULL;
  int jobs = 0;
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    lua_getfield(L, 3, "format");
    format = luaL_optstring(L, -1, NULL);
    lua_getfield(L, 3, "jobs");
    lua_Integer j = luaL_optinteger(L, -1, 0);
    luaL_argcheck(L, j >= 0 && j <= 64, 3, "jobs must be from 0 (one per processor) to 64");
    jobs = (int)j;
  }
  if (d->readonly) return luaL_error(L, "db:import: this database is read-only here");
  if (many) return db_import_many(L, d, format, jobs);
  clerk_import_result r;
  int rc = clerk_import_file(d->db, path, format, &r);
  if (rc != CLERK_OK) return push_failure(L, d->db, rc);
  push_result(L, &r);
  return 1;
}

/* db:report(name [, {format="markdown", option=value...}]) -> text | nil, msg, code */
static int db_report(lua_State *L) {
  ldb *d = check_db(L);
  const char *name = luaL_checkstring(L, 2);
  const char *format = "markdown";
  const char *opts[2 * 16 + 1];
  int n = 0;
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, 3)) {
      if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
        return luaL_argerror(L, 3, "options must be string keys with string values");
      const char *k = lua_tostring(L, -2);
      if (strcmp(k, "format") == 0) format = lua_tostring(L, -1);
      else if (n < 2 * 16) { opts[n++] = k; opts[n++] = lua_tostring(L, -1); }
      else return luaL_argerror(L, 3, "too many options");
      lua_pop(L, 1);     /* strings stay referenced by the options table */
    }
  }
  opts[n] = NULL;
  char *out = NULL;
  size_t len = 0;
  int rc = clerk_report(d->db, name, format, opts, &out, &len);
  if (rc != CLERK_OK) return push_failure(L, d->db, rc);
  lua_pushlstring(L, out, len);
  clerk_free(out);
  return 1;
}

void clerk_lua_open_db_meta(lua_State *L) {
  if (luaL_newmetatable(L, DB_META)) {
    static const luaL_Reg meta[] = {
      { "__gc", db_close }, { "__close", db_close }, { "__tostring", db_tostring }, { NULL, NULL } };
    static const luaL_Reg methods[] = {
      { "close", db_close }, { "meetings", db_meetings }, { "actions", db_actions },
      { "people", db_people }, { "search", db_search }, { "query", db_query },
      { "import", db_import }, { "report", db_report }, { "excerpt", db_excerpt },
      { NULL, NULL } };
    luaL_setfuncs(L, meta, 0);
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, CURSOR_META)) {
    lua_pushcfunction(L, cursor_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, cursor_gc);
    lua_setfield(L, -2, "__close");
  }
  lua_pop(L, 1);
}

void clerk_lua_push_db(lua_State *L, clerk *db, int owning, int readonly) {
  ldb *d = lua_newuserdatauv(L, sizeof *d, 1);
  d->db = NULL;                      /* closed until fully built */
  d->owning = owning;
  d->readonly = readonly;
  lua_newtable(L);                   /* open cursors, weakly */
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_setiuservalue(L, -2, 1);
  clerk_lua_open_db_meta(L);
  luaL_setmetatable(L, DB_META);
  d->db = db;
}

void clerk_lua_db_attach(lua_State *L, int idx, clerk *db) {
  ldb *d = luaL_checkudata(L, idx, DB_META);
  d->db = db;
}
