/*
** lua_sink.c -- the sink importers write through: sink:meeting(t) checks a
** meeting table in the interchange format and writes it to the store (or,
** for extract, collects it), sink:warn(msg) records a note.
** A deferred sink checks records as they come and logs them in order, so
** that a worker thread can interpret while the thread owning the store
** writes them later with clerk_lua_sink_replay.
*/
#include "lua_clerk.h"
#include "mem.h"

#include <stdio.h>
#include <string.h>

#define SINK_META "clerk.sink"

typedef struct sink {
  store *st;            /* NULL: collect only */
  int closed;
  int deferred;         /* log every record for a later replay (parallel import) */
  sink_counts counts;
} sink;

/* A record path for messages, e.g. "meeting[1].items[3].actions[1]": links
** to the enclosing records, spelt out only when a message needs it (most
** records are good, and a path printed for each cost more than its record). */
typedef struct rpath {
  const struct rpath *up;  /* the enclosing record; NULL for the top one */
  const char *field;       /* "actions", or the top record's kind ("meeting") */
  lua_Integer index;       /* from 1 */
} rpath;

/* The path as text in buf, cut at size - 1 bytes. */
static void path_text(const rpath *p, char *buf, size_t size) {
  size_t n = 0;
  if (p->up) {
    path_text(p->up, buf, size);
    n = strlen(buf);
  }
  if (snprintf(buf + n, size - n, "%s%s[%lld]", p->up ? "." : "", p->field, (long long)p->index) < 0)
    buf[n] = '\0';
}

static int bad_record(lua_State *L, const rpath *p, const char *field, const char *what) {
  char path[96];
  path_text(p, path, sizeof path);
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, CLERK_PLUGIN);
  lua_setfield(L, -2, "code");
  lua_pushfstring(L, "importer gave a bad record: %s%s%s %s", path, *path ? "." : "", field, what);
  lua_setfield(L, -2, "message");
  return lua_error(L);
}

static int store_failed(lua_State *L, store *st) {
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, CLERK_DB);
  lua_setfield(L, -2, "code");
  lua_pushstring(L, store_errmsg(st));
  lua_setfield(L, -2, "message");
  return lua_error(L);
}

/* A deferred sink keeps (method, record) pairs in its third user value. */
static void log_record(lua_State *L, sink *k, const char *method) {
  if (!k->deferred) return;
  lua_getiuservalue(L, 1, 3);
  lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
  lua_pushstring(L, method);
  lua_rawseti(L, -2, n + 1);
  lua_pushvalue(L, 2);
  lua_rawseti(L, -2, n + 2);
  lua_pop(L, 1);
}

static int is_json_null(lua_State *L, int idx) {
  if (!lua_istable(L, idx)) return 0;
  idx = lua_absindex(L, idx);
  clerk_json_push_null(L);
  int r = lua_rawequal(L, idx, -1);
  lua_pop(L, 1);
  return r;
}

/* Field `name` of the table at t as a string (numbers are converted), or
** NULL when absent or null. The string stays on the stack (count in *pushed). */
static const char *opt_string(lua_State *L, int t, const char *name, const rpath *p, int *pushed) {
  lua_getfield(L, t, name);
  (*pushed)++;
  int ty = lua_type(L, -1);
  if (ty == LUA_TNIL || is_json_null(L, -1)) return NULL;
  if (ty == LUA_TSTRING) return lua_tostring(L, -1);
  if (ty == LUA_TNUMBER) return lua_tostring(L, -1);   /* converts in place */
  bad_record(L, p, name, lua_pushfstring(L, "must be a string, got %s", luaL_typename(L, -1)));
  return NULL;
}

/* Schema v4: an optional time field must be HH:MM (00:00 to 23:59). */
static const char *opt_time(lua_State *L, int t, const char *name, const rpath *p, int *pushed) {
  const char *v = opt_string(L, t, name, p, pushed);
  if (v && !(strlen(v) == 5 && v[0] >= '0' && v[0] <= '2' && v[1] >= '0' && v[1] <= '9' &&
             (v[0] < '2' || v[1] <= '3') && v[2] == ':' && v[3] >= '0' && v[3] <= '5' &&
             v[4] >= '0' && v[4] <= '9'))
    bad_record(L, p, name, lua_pushfstring(L, "must be a time HH:MM, got '%s'", v));
  return v;
}

/* An optional flag: true, false, or nothing/null (-1). */
static int opt_boolean(lua_State *L, int t, const char *name, const rpath *p) {
  int ty = lua_getfield(L, t, name);
  int v = -1;
  if (ty == LUA_TBOOLEAN) v = lua_toboolean(L, -1);
  else if (ty != LUA_TNIL && !is_json_null(L, -1))
    bad_record(L, p, name, lua_pushfstring(L, "must be true or false, got %s", luaL_typename(L, -1)));
  lua_pop(L, 1);
  return v;
}

static store_span get_span(lua_State *L, int t, const rpath *p) {
  store_span sp = { -1, -1 };
  if (lua_getfield(L, t, "span") == LUA_TTABLE) {
    lua_rawgeti(L, -1, 1);
    lua_rawgeti(L, -2, 2);
    if (!lua_isinteger(L, -2) || !lua_isinteger(L, -1))
      bad_record(L, p, "span", "must be {first, last} integers");
    sp.first = (int64_t)lua_tointeger(L, -2);
    sp.last = (int64_t)lua_tointeger(L, -1);
    lua_pop(L, 2);
  } else if (!lua_isnil(L, -1)) {
    bad_record(L, p, "span", "must be {first, last}");
  }
  lua_pop(L, 1);
  return sp;
}

/* Pushes field `name` of t when it is an array (or nothing/null: returns 0). */
static int opt_array(lua_State *L, int t, const char *name, const rpath *p) {
  int ty = lua_getfield(L, t, name);
  if (ty == LUA_TNIL || is_json_null(L, -1)) { lua_pop(L, 1); return 0; }
  if (ty != LUA_TTABLE) bad_record(L, p, name, "must be an array");
  return 1;
}

static void sub_path(rpath *out, const rpath *p, const char *field, lua_Integer i) {
  out->up = p;
  out->field = field;
  out->index = i;
}

static void write_attendance(lua_State *L, sink *k, int64_t meeting, int t, const rpath *p) {
  int n = 0;
  store_attendance_rec a;
  a.name = opt_string(L, t, "name", p, &n);
  if (!a.name || !*a.name) bad_record(L, p, "name", "is required");
  a.status = opt_string(L, t, "status", p, &n);
  if (!a.status) bad_record(L, p, "status", "is required");
  a.role = opt_string(L, t, "role", p, &n);
  a.organisation = opt_string(L, t, "organisation", p, &n);
  a.substitute_for = opt_string(L, t, "substitute_for", p, &n);
  a.rule = opt_string(L, t, "rule", p, &n);
  a.span = get_span(L, t, p);
  if (k->st) {
    int64_t id;
    if (store_add_attendance(k->st, meeting, &a, &id) != CLERK_OK) store_failed(L, k->st);
  }
  k->counts.attendance++;
  lua_pop(L, n);
}

static void write_owners(lua_State *L, sink *k, int64_t action, int t, const rpath *p) {
  if (!opt_array(L, t, "owners", p)) return;
  int owners = lua_gettop(L);
  lua_Integer n = (lua_Integer)lua_rawlen(L, owners);
  for (lua_Integer i = 1; i <= n; i++) {
    rpath op;
    sub_path(&op, p, "owners", i);
    int ty = lua_rawgeti(L, owners, i);
    const char *name = NULL;
    int group = 0, pushed = 1;
    if (ty == LUA_TSTRING) name = lua_tostring(L, -1);
    else if (ty == LUA_TTABLE) {
      int o = lua_gettop(L);
      name = opt_string(L, o, "name", &op, &pushed);
      lua_getfield(L, o, "group");
      group = lua_toboolean(L, -1);
      pushed++;
    } else bad_record(L, &op, "", "must be a name or {name=...}");
    if (!name || !*name) bad_record(L, &op, "name", "is required");
    if (k->st && store_add_action_owner(k->st, action, (int)i, name, group) != CLERK_OK)
      store_failed(L, k->st);
    lua_pop(L, pushed);
  }
  lua_pop(L, 1);
}

/* Schema v4: `updates = {{kind=, value=, old_value=, note=, created_at=}}` on
** an action -- officers' updates carried by an interchange file. */
static void write_updates(lua_State *L, sink *k, int64_t action, int t, const rpath *p) {
  if (!opt_array(L, t, "updates", p)) return;
  int arr = lua_gettop(L);
  lua_Integer len = (lua_Integer)lua_rawlen(L, arr);
  for (lua_Integer i = 1; i <= len; i++) {
    rpath up;
    sub_path(&up, p, "updates", i);
    if (lua_rawgeti(L, arr, i) != LUA_TTABLE) bad_record(L, &up, "", "must be a table");
    int u = lua_gettop(L), n = 0;
    store_update_rec r;
    r.kind = opt_string(L, u, "kind", &up, &n);
    r.value = opt_string(L, u, "value", &up, &n);
    r.old_value = opt_string(L, u, "old_value", &up, &n);
    r.note = opt_string(L, u, "note", &up, &n);
    r.created_at = opt_string(L, u, "created_at", &up, &n);
    static const char *const kinds[] = { "done", "reopen", "due", "reassign", "note", NULL };
    int known = 0;
    for (int j = 0; r.kind && kinds[j]; j++) known |= strcmp(r.kind, kinds[j]) == 0;
    if (!known) bad_record(L, &up, "kind", "must be one of done, reopen, due, reassign, note");
    if (k->st && store_add_action_update_rec(k->st, action, &r) != CLERK_OK) store_failed(L, k->st);
    lua_pop(L, n + 1);
  }
  lua_pop(L, 1);
}

static void write_action(lua_State *L, sink *k, int64_t meeting, int64_t item, int position,
                         int t, const rpath *p) {
  int n = 0;
  store_action_rec a;
  a.position = position;
  a.text = opt_string(L, t, "text", p, &n);
  if (!a.text || !*a.text) bad_record(L, p, "text", "is required");
  a.due = opt_string(L, t, "due", p, &n);
  a.due_text = opt_string(L, t, "due_text", p, &n);
  a.status = opt_string(L, t, "status", p, &n);
  a.rule = opt_string(L, t, "rule", p, &n);
  a.ref = opt_string(L, t, "ref", p, &n);
  a.span = get_span(L, t, p);
  int64_t id = 0;
  if (k->st && store_add_action(k->st, meeting, item, &a, &id) != CLERK_OK) store_failed(L, k->st);
  k->counts.actions++;
  write_owners(L, k, id, t, p);
  write_updates(L, k, id, t, p);
  lua_pop(L, n);
}

static void write_actions(lua_State *L, sink *k, int64_t meeting, int64_t item, int t, const rpath *p) {
  if (!opt_array(L, t, "actions", p)) return;
  int arr = lua_gettop(L);
  lua_Integer n = (lua_Integer)lua_rawlen(L, arr);
  for (lua_Integer i = 1; i <= n; i++) {
    rpath ap;
    sub_path(&ap, p, "actions", i);
    if (lua_rawgeti(L, arr, i) != LUA_TTABLE) bad_record(L, &ap, "", "must be a table");
    write_action(L, k, meeting, item, (int)i, lua_gettop(L), &ap);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static void write_decisions(lua_State *L, sink *k, int64_t item, int t, const rpath *p) {
  if (!opt_array(L, t, "decisions", p)) return;
  int arr = lua_gettop(L);
  lua_Integer n = (lua_Integer)lua_rawlen(L, arr);
  for (lua_Integer i = 1; i <= n; i++) {
    rpath dp;
    sub_path(&dp, p, "decisions", i);
    int ty = lua_rawgeti(L, arr, i), pushed = 1;
    store_decision_rec d = { (int)i, NULL, { -1, -1 }, NULL };
    if (ty == LUA_TSTRING) d.text = lua_tostring(L, -1);
    else if (ty == LUA_TTABLE) {
      int o = lua_gettop(L);
      d.text = opt_string(L, o, "text", &dp, &pushed);
      d.rule = opt_string(L, o, "rule", &dp, &pushed);
      d.span = get_span(L, o, &dp);
    } else bad_record(L, &dp, "", "must be a string or {text=...}");
    if (!d.text || !*d.text) bad_record(L, &dp, "text", "is required");
    int64_t id;
    if (k->st && store_add_decision(k->st, item, &d, &id) != CLERK_OK) store_failed(L, k->st);
    k->counts.decisions++;
    lua_pop(L, pushed);
  }
  lua_pop(L, 1);
}

/* Extension (schema v2): `documents = {{title=, url=, id=, published=}}` on a
** meeting or an item -- papers linked to it. */
static void write_documents(lua_State *L, sink *k, int64_t meeting, int64_t item, int t,
                            const rpath *p) {
  if (!opt_array(L, t, "documents", p)) return;
  int arr = lua_gettop(L);
  lua_Integer len = (lua_Integer)lua_rawlen(L, arr);
  for (lua_Integer i = 1; i <= len; i++) {
    rpath dp;
    sub_path(&dp, p, "documents", i);
    if (lua_rawgeti(L, arr, i) != LUA_TTABLE) bad_record(L, &dp, "", "must be a table");
    int d = lua_gettop(L), n = 0;
    const char *title = opt_string(L, d, "title", &dp, &n);
    const char *url = opt_string(L, d, "url", &dp, &n);
    const char *ext = opt_string(L, d, "id", &dp, &n);
    const char *published = opt_string(L, d, "published", &dp, &n);
    if (!title && !url) bad_record(L, &dp, "title", "or url is required");
    if (k->st && store_add_document(k->st, meeting, item, ext, title, url, published) != CLERK_OK)
      store_failed(L, k->st);
    lua_pop(L, n + 1);
  }
  lua_pop(L, 1);
}

/* Extension (schema v2): `attendance_other = {{name=, attendance=, role=}}`:
** people listed with an attendance that is none of ours ("Expected" before a
** meeting, or a value we do not know), kept verbatim and not counted. */
static void write_attendance_other(lua_State *L, sink *k, int64_t meeting, int t, const rpath *p) {
  if (!opt_array(L, t, "attendance_other", p)) return;
  int arr = lua_gettop(L);
  lua_Integer len = (lua_Integer)lua_rawlen(L, arr);
  for (lua_Integer i = 1; i <= len; i++) {
    rpath ap;
    sub_path(&ap, p, "attendance_other", i);
    if (lua_rawgeti(L, arr, i) != LUA_TTABLE) bad_record(L, &ap, "", "must be a table");
    int a = lua_gettop(L), n = 0;
    const char *name = opt_string(L, a, "name", &ap, &n);
    const char *att = opt_string(L, a, "attendance", &ap, &n);
    const char *role = opt_string(L, a, "role", &ap, &n);
    if (!name || !*name) bad_record(L, &ap, "name", "is required");
    if (!att) bad_record(L, &ap, "attendance", "is required");
    if (k->st && store_add_attendance_other(k->st, meeting, name, att, role) != CLERK_OK)
      store_failed(L, k->st);
    lua_pop(L, n + 1);
  }
  lua_pop(L, 1);
}

static void write_item(lua_State *L, sink *k, int64_t meeting, int position, int t, const rpath *p) {
  int n = 0;
  store_item_rec it;
  it.position = position;
  it.number = opt_string(L, t, "number", p, &n);
  it.title = opt_string(L, t, "title", p, &n);
  it.text = opt_string(L, t, "text", p, &n);
  it.presenter = opt_string(L, t, "presenter", p, &n);
  it.time_slot = opt_string(L, t, "time", p, &n);
  it.rule = opt_string(L, t, "rule", p, &n);
  it.span = get_span(L, t, p);
  int restricted = opt_boolean(L, t, "restricted", p);             /* schema v4 */
  int64_t id = 0;
  if (k->st && store_add_item(k->st, meeting, &it, &id) != CLERK_OK) store_failed(L, k->st);
  if (k->st && restricted >= 0 && store_set_item_restricted(k->st, id, restricted) != CLERK_OK)
    store_failed(L, k->st);
  k->counts.items++;
  write_decisions(L, k, id, t, p);
  write_actions(L, k, meeting, id, t, p);
  write_documents(L, k, meeting, id, t, p);
  lua_pop(L, n);
}

/* reviews: a later meeting's word on earlier actions (the linker ties them). */
static void write_reviews(lua_State *L, sink *k, int64_t meeting, const rpath *p) {
  if (!opt_array(L, 2, "reviews", p)) return;
  int arr = lua_gettop(L);
  lua_Integer len = (lua_Integer)lua_rawlen(L, arr);
  int position = 0;
  for (lua_Integer i = 1; i <= len; i++) {
    rpath rp;
    sub_path(&rp, p, "reviews", i);
    if (lua_rawgeti(L, arr, i) != LUA_TTABLE) bad_record(L, &rp, "", "must be a table");
    int t = lua_gettop(L), n = 0;
    store_review_rec r;
    r.status = opt_string(L, t, "status", &rp, &n);
    r.note = opt_string(L, t, "note", &rp, &n);
    r.text = opt_string(L, t, "text", &rp, &n);
    r.rule = opt_string(L, t, "rule", &rp, &n);
    r.span = get_span(L, t, &rp);
    r.ref = opt_string(L, t, "ref", &rp, &n);
    /* refs = {"7", "8", "10"}: one review each */
    int refs = opt_array(L, t, "refs", &rp);
    lua_Integer nrefs = refs ? (lua_Integer)lua_rawlen(L, -1) : 0;
    if (!r.ref && nrefs == 0 && (!r.text || !*r.text)) bad_record(L, &rp, "ref", "or text is required");
    for (lua_Integer j = 0; j <= nrefs; j++) {
      if (j == 0 && nrefs > 0) continue;          /* refs given: one review per ref */
      if (j > 0) {
        if (lua_rawgeti(L, -1, j) != LUA_TSTRING) bad_record(L, &rp, "refs", "must be strings");
        r.ref = lua_tostring(L, -1);
      }
      r.position = ++position;
      int64_t id;
      if (k->st && store_add_review(k->st, meeting, &r, &id) != CLERK_OK) store_failed(L, k->st);
      if (j > 0) lua_pop(L, 1);
    }
    if (refs) lua_pop(L, 1);
    lua_pop(L, n + 1);
  }
  lua_pop(L, 1);
}

static sink *check_sink(lua_State *L) {
  sink *k = luaL_checkudata(L, 1, SINK_META);
  if (k->closed) luaL_error(L, "attempt to use a closed sink (the import it belonged to is over)");
  return k;
}

/* sink:meeting(t) -> id (database) or index (extract) */
static int sink_meeting(lua_State *L) {
  sink *k = check_sink(L);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  luaL_checkstack(L, 48, "sink:meeting");   /* nested records keep their strings on the stack */
  rpath p = {NULL, "meeting", k->counts.meetings + 1};
  int n = 0;
  store_meeting_rec m;
  m.body = opt_string(L, 2, "body", &p, &n);
  m.organisation = opt_string(L, 2, "organisation", &p, &n);
  m.title = opt_string(L, 2, "title", &p, &n);
  m.date = opt_string(L, 2, "date", &p, &n);
  m.start = opt_string(L, 2, "start", &p, &n);
  m.end = opt_string(L, 2, "end", &p, &n);
  m.venue = opt_string(L, 2, "venue", &p, &n);
  m.chair = opt_string(L, 2, "chair", &p, &n);
  m.next_meeting = opt_string(L, 2, "next_meeting", &p, &n);
  m.rule = opt_string(L, 2, "rule", &p, &n);
  m.span = get_span(L, 2, &p);
  const char *status = opt_string(L, 2, "status", &p, &n);        /* schema v2 */
  const char *external_id = opt_string(L, 2, "external_id", &p, &n);
  const char *planned_start = opt_time(L, 2, "planned_start", &p, &n);   /* schema v4 */
  const char *planned_end = opt_time(L, 2, "planned_end", &p, &n);
  const char *origin = opt_string(L, 2, "origin", &p, &n);
  int64_t id = 0;
  if (k->st && store_add_meeting(k->st, &m, &id) != CLERK_OK) store_failed(L, k->st);
  if (k->st && (status || external_id) &&
      store_set_meeting_detail(k->st, id, status, external_id) != CLERK_OK)
    store_failed(L, k->st);
  if (k->st && (planned_start || planned_end || origin) &&
      store_set_meeting_plan(k->st, id, planned_start, planned_end, origin) != CLERK_OK)
    store_failed(L, k->st);
  k->counts.meetings++;
  if (opt_array(L, 2, "attendance", &p)) {
    int arr = lua_gettop(L);
    lua_Integer len = (lua_Integer)lua_rawlen(L, arr);
    for (lua_Integer i = 1; i <= len; i++) {
      rpath ap;
      sub_path(&ap, &p, "attendance", i);
      if (lua_rawgeti(L, arr, i) != LUA_TTABLE) bad_record(L, &ap, "", "must be a table");
      write_attendance(L, k, id, lua_gettop(L), &ap);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  if (opt_array(L, 2, "items", &p)) {
    int arr = lua_gettop(L);
    lua_Integer len = (lua_Integer)lua_rawlen(L, arr);
    for (lua_Integer i = 1; i <= len; i++) {
      rpath ip;
      sub_path(&ip, &p, "items", i);
      if (lua_rawgeti(L, arr, i) != LUA_TTABLE) bad_record(L, &ip, "", "must be a table");
      write_item(L, k, id, (int)i, lua_gettop(L), &ip);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  write_actions(L, k, id, 0, 2, &p);     /* meeting-level actions */
  write_reviews(L, k, id, &p);
  write_documents(L, k, id, 0, 2, &p);
  write_attendance_other(L, k, id, 2, &p);
  lua_pop(L, n);
  log_record(L, k, "meeting");
  if (!k->st) {                          /* extract: keep the table */
    lua_getiuservalue(L, 1, 1);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, k->counts.meetings);
    lua_pop(L, 1);
    lua_pushinteger(L, k->counts.meetings);
  } else {
    lua_pushinteger(L, (lua_Integer)id);
  }
  return 1;
}

/* -- records other than meetings (schema v2) ---------------------------------
** sink:body{name=, organisation=, external_id=, category=, expired=, deleted=}
** sink:listing{body=, organisation=, external_id=, date=, start=, status=}
** sink:person{name=, external_id=, party=, ward=, roles={...}}
** Each counts as one record; an import of only such records is a success. */
static int opt_flag(lua_State *L, int t, const char *name) {
  int ty = lua_getfield(L, t, name);
  int v = ty == LUA_TNIL ? -1 : lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

static int sink_body(lua_State *L) {
  sink *k = check_sink(L);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  rpath p = {NULL, "body", k->counts.records + 1};
  int n = 0;
  store_body_rec b;
  b.name = opt_string(L, 2, "name", &p, &n);
  if (!b.name || !*b.name) bad_record(L, &p, "name", "is required");
  b.organisation = opt_string(L, 2, "organisation", &p, &n);
  b.external_id = opt_string(L, 2, "external_id", &p, &n);
  b.category = opt_string(L, 2, "category", &p, &n);
  b.expired = opt_flag(L, 2, "expired");
  b.deleted = opt_flag(L, 2, "deleted");
  if (k->st && store_add_body_detail(k->st, &b) != CLERK_OK) store_failed(L, k->st);
  k->counts.records++;
  lua_settop(L, 2);
  log_record(L, k, "body");
  return 0;
}

static int sink_listing(lua_State *L) {
  sink *k = check_sink(L);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  rpath p = {NULL, "listing", k->counts.records + 1};
  int n = 0;
  store_listing_rec l;
  l.body = opt_string(L, 2, "body", &p, &n);
  l.organisation = opt_string(L, 2, "organisation", &p, &n);
  l.external_id = opt_string(L, 2, "external_id", &p, &n);
  l.date = opt_string(L, 2, "date", &p, &n);
  l.start = opt_string(L, 2, "start", &p, &n);
  l.status = opt_string(L, 2, "status", &p, &n);
  if (!l.external_id && !l.date) bad_record(L, &p, "external_id", "or date is required");
  if (k->st && store_add_listing(k->st, &l) != CLERK_OK) store_failed(L, k->st);
  k->counts.records++;
  lua_settop(L, 2);
  log_record(L, k, "listing");
  return 0;
}

static int sink_person(lua_State *L) {
  sink *k = check_sink(L);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  rpath p = {NULL, "person", k->counts.records + 1};
  int n = 0;
  store_person_rec r;
  r.name = opt_string(L, 2, "name", &p, &n);
  if (!r.name || !*r.name) bad_record(L, &p, "name", "is required");
  r.external_id = opt_string(L, 2, "external_id", &p, &n);
  r.party = opt_string(L, 2, "party", &p, &n);
  r.ward = opt_string(L, 2, "ward", &p, &n);
  r.roles = NULL;
  if (opt_array(L, 2, "roles", &p)) {     /* joined with "; " */
    int arr = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    lua_Integer len = (lua_Integer)lua_rawlen(L, arr);
    for (lua_Integer i = 1; i <= len; i++) {
      if (lua_rawgeti(L, arr, i) != LUA_TSTRING) bad_record(L, &p, "roles", "must be strings");
      if (i > 1) luaL_addstring(&b, "; ");
      luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    r.roles = len > 0 ? lua_tostring(L, -1) : NULL;
  }
  if (k->st && store_add_person_detail(k->st, &r) != CLERK_OK) store_failed(L, k->st);
  k->counts.records++;
  lua_settop(L, 2);
  log_record(L, k, "person");
  return 0;
}

static int sink_warn(lua_State *L) {
  check_sink(L);
  const char *msg = luaL_checkstring(L, 2);
  lua_getiuservalue(L, 1, 2);
  lua_pushstring(L, msg);
  lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  return 0;
}

static void push_sink(lua_State *L, store *st, int deferred) {
  sink *k = lua_newuserdatauv(L, sizeof *k, 3);
  memset(k, 0, sizeof *k);
  k->closed = 1;                 /* closed until fully built */
  lua_newtable(L);
  lua_setiuservalue(L, -2, 1);   /* collected meetings */
  lua_newtable(L);
  lua_setiuservalue(L, -2, 2);   /* warnings */
  lua_newtable(L);
  lua_setiuservalue(L, -2, 3);   /* deferred: the log of records */
  if (luaL_newmetatable(L, SINK_META)) {
    static const luaL_Reg methods[] = {
      { "meeting", sink_meeting }, { "warn", sink_warn },
      { "body", sink_body }, { "listing", sink_listing }, { "person", sink_person },
      { NULL, NULL } };
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
  }
  lua_setmetatable(L, -2);
  k->st = st;
  k->deferred = deferred;
  k->closed = 0;
}

void clerk_lua_push_sink(lua_State *L, store *st) { push_sink(L, st, 0); }
void clerk_lua_push_deferred_sink(lua_State *L) { push_sink(L, NULL, 1); }

/* Writes the records a deferred sink (at from, closed or not) logged through
** the sink at to, in the order the importer gave them. Raises as the
** sink's methods do. */
void clerk_lua_sink_replay(lua_State *L, int from, int to) {
  from = lua_absindex(L, from);
  to = lua_absindex(L, to);
  luaL_checkudata(L, from, SINK_META);
  lua_getiuservalue(L, from, 3);
  int log = lua_gettop(L);
  lua_Integer n = (lua_Integer)lua_rawlen(L, log);
  for (lua_Integer i = 1; i + 1 <= n; i += 2) {
    lua_rawgeti(L, log, i);          /* method name */
    lua_gettable(L, to);             /* the method, through the metatable */
    lua_pushvalue(L, to);
    lua_rawgeti(L, log, i + 1);
    lua_call(L, 2, 0);
  }
  lua_pop(L, 1);
}

void clerk_lua_sink_close(lua_State *L, int idx, sink_counts *counts) {
  sink *k = luaL_testudata(L, idx, SINK_META);
  if (!k) return;
  if (counts) *counts = k->counts;
  k->st = NULL;
  k->closed = 1;
}

void clerk_lua_sink_push_collected(lua_State *L, int idx) {
  lua_getiuservalue(L, idx, 1);
}

void clerk_lua_sink_push_warnings(lua_State *L, int idx) {
  lua_getiuservalue(L, idx, 2);
}
