/*
** lua_module.c -- `require "clerk"` for stock lua5.4 and for scripts run by
** `clerk run`: clerk.open, clerk.extract, clerk.json, versions; and
** clerk_run_script, which runs a trusted script in a state of its own.
*/
#include "lua_clerk.h"
#include "mem.h"

#include <string.h>

static int open_flags(lua_State *L, int idx) {
  int flags = CLERK_OPEN_CREATE;
  if (lua_isnoneornil(L, idx)) return flags;
  luaL_checktype(L, idx, LUA_TTABLE);
  lua_getfield(L, idx, "readonly");
  if (lua_toboolean(L, -1)) flags = CLERK_OPEN_READONLY;
  lua_getfield(L, idx, "create");
  if (!lua_isnil(L, -1) && !lua_toboolean(L, -1)) flags &= ~CLERK_OPEN_CREATE;
  lua_pop(L, 2);
  return flags;
}

/* clerk.open(path [, {readonly=, create=, plugins=}]) -> db | nil, msg, code */
static int l_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int flags = open_flags(L, 2);
  const char *plugins = NULL;
  if (lua_istable(L, 2)) {
    lua_getfield(L, 2, "plugins");
    plugins = luaL_optstring(L, -1, NULL);
  }
  clerk_lua_push_db(L, NULL, 1, 0);       /* the box first, closed: nothing leaks if this raises */
  int box = lua_gettop(L);
  clerk *db = NULL;
  int rc = clerk_open(path, flags, &db);
  if (rc == CLERK_OK && plugins) rc = clerk_set_plugin_path(db, plugins);
  if (rc != CLERK_OK) {
    luaL_pushfail(L);
    lua_pushstring(L, clerk_errmsg(db));
    lua_pushinteger(L, rc);
    clerk_close(db);
    return 3;
  }
  clerk_lua_db_attach(L, box, db);
  lua_settop(L, box);
  return 1;
}

/* clerk.extract(path [, {format=, rules=}]) -> meetings array | nil, msg, code */
static int l_extract(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  const char *format = NULL, *rules = NULL;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_getfield(L, 2, "format");
    format = luaL_optstring(L, -1, NULL);
    lua_getfield(L, 2, "rules");
    rules = luaL_optstring(L, -1, NULL);
  }
  clerk_lua_push_db(L, NULL, 1, 0);       /* owns the scratch handle */
  int box = lua_gettop(L);
  clerk *db = NULL;
  int rc = clerk_open(":memory:", CLERK_OPEN_CREATE, &db);
  if (rc != CLERK_OK) { clerk_close(db); return luaL_error(L, "clerk.extract: %s", clerk_errstr(rc)); }
  clerk_lua_db_attach(L, box, db);
  if (rules) clerk_set_rules(db, rules);
  char *out = NULL;
  size_t len = 0;
  rc = clerk_extract(db, path, format, 0, &out, &len);
  if (rc != CLERK_OK) {
    luaL_pushfail(L);
    lua_pushstring(L, clerk_errmsg(db));
    lua_pushinteger(L, rc);
    return 3;
  }
  char err[200];
  int ok = clerk_json_decode(L, out, len, err, sizeof err);
  clerk_free(out);
  if (!ok) return luaL_error(L, "clerk.extract: internal JSON error: %s", err);
  /* one meeting or {meetings = {...}}: always hand back an array */
  lua_getfield(L, -1, "meetings");
  if (lua_istable(L, -1)) return 1;
  lua_pop(L, 1);
  lua_createtable(L, 1, 0);
  lua_insert(L, -2);
  lua_rawseti(L, -2, 1);
  return 1;
}

/* Sets json, docx, xml, zip and text (the byte helpers) on the table at idx: the
** module's and the plugin engine's host table share them. */
void clerk_lua_set_helpers(lua_State *L, int idx) {
  static const struct { const char *name; void (*open)(lua_State *); } helpers[] = {
    { "json", clerk_json_open }, { "docx", clerk_docx_open },
    { "xml", clerk_xml_open }, { "zip", clerk_zip_open }, { "text", clerk_text_open } };
  idx = lua_absindex(L, idx);
  for (size_t i = 0; i < sizeof helpers / sizeof helpers[0]; i++) {
    helpers[i].open(L);
    lua_setfield(L, idx, helpers[i].name);
  }
}

int luaopen_clerk(lua_State *L) {
  static const luaL_Reg funcs[] = { { "open", l_open }, { "extract", l_extract }, { NULL, NULL } };
  clerk_lua_open_db_meta(L);
  luaL_newlib(L, funcs);
  clerk_lua_set_helpers(L, -1);
  lua_pushstring(L, clerk_libversion());
  lua_setfield(L, -2, "version");
  lua_pushinteger(L, clerk_libversion_number());
  lua_setfield(L, -2, "version_number");
  lua_pushinteger(L, CLERK_PLUGIN_API);
  lua_setfield(L, -2, "api");
  return 1;
}

typedef struct script_call {
  clerk *db;
  const char *path;
  int argc;
  const char *const *argv;
} script_call;

static const char SCRIPT_DB_KEY = 0;   /* registry key (by address) */

static int script_body(lua_State *L) {
  script_call *c = lua_touserdata(L, 1);
  luaL_openlibs(L);
  luaL_requiref(L, "clerk", luaopen_clerk, 1);
  lua_pop(L, 1);
  clerk_lua_push_db(L, c->db, 0, 0);
  lua_pushvalue(L, -1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &SCRIPT_DB_KEY);
  lua_setglobal(L, "db");
  lua_createtable(L, c->argc, 1);
  lua_pushstring(L, c->path);
  lua_rawseti(L, -2, 0);
  for (int i = 0; i < c->argc; i++) {
    lua_pushstring(L, c->argv[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setglobal(L, "arg");
  if (luaL_loadfilex(L, c->path, "t") != LUA_OK) return lua_error(L);
  for (int i = 0; i < c->argc; i++) lua_pushstring(L, c->argv[i]);
  lua_call(L, c->argc, 0);
  return 0;
}

static int script_msgh(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (!msg) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  luaL_traceback(L, L, msg, 1);
  return 1;
}

int clerk_run_script(clerk *db, const char *path, int argc, const char *const *argv) {
  if (!db || !path || argc < 0) return CLERK_MISUSE;
  lua_State *L = lua_newstate(clerk_lua_alloc, NULL);
  if (!L) return clerk__fail(db, CLERK_NOMEM, "not enough memory");
  script_call c = { db, path, argc, argv };
  lua_pushcfunction(L, script_msgh);
  lua_pushcfunction(L, script_body);
  lua_pushlightuserdata(L, &c);
  int st = lua_pcall(L, 1, 0, 1);
  int rc = CLERK_OK;
  if (st != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    rc = st == LUA_ERRMEM ? CLERK_NOMEM : CLERK_SCRIPT;
    clerk__fail(db, rc, "%s", msg ? msg : "script failed");
  }
  /* the script's db object must not outlive this call */
  lua_rawgetp(L, LUA_REGISTRYINDEX, &SCRIPT_DB_KEY);
  clerk_lua_db_release(L, lua_gettop(L));
  lua_close(L);
  return rc;
}
