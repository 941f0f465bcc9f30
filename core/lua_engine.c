/*
** lua_engine.c -- the plugin engine: a Lua state per clerk handle running the
** embedded engine.lua, the one protected gateway for C->Lua calls, and the
** import, extract and report drivers the public API calls.
*/
#include "lua_clerk.h"
#include "mem.h"
#include "sha256.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef CLERK_PLUGIN_DIR
#define CLERK_PLUGIN_DIR "/usr/local/share/clerk/plugins"
#endif

#define HEAD_BYTES   8192      /* what detect() sees of a file */
#define MAX_FOLDERS  32
#define MAX_DIR_ENTRIES 4096

static const char ENGINE_KEY = 0;   /* registry key (by address): engine.lua's table */

/* engine.lua, embedded by the Makefile as a C string */
static const char ENGINE_LUA[] =
#include "engine_lua.h"
;

/* Limits of a sandboxed report script (clerk report --script): memory it
** may allocate, Lua instructions it may run, seconds it may take. The
** environment variables CLERK_SCRIPT_MAX_MB, CLERK_SCRIPT_MAX_STEPS and
** CLERK_SCRIPT_MAX_SECONDS lower or raise them. */
#define SCRIPT_MAX_MB       256
#define SCRIPT_MAX_STEPS    2000000000LL
#define SCRIPT_MAX_SECONDS  60
#define SCRIPT_HOOK_EVERY   10000

typedef struct sandbox {
  int on;                  /* a script is running under the limits */
  int tripped;             /* 1 memory, 2 instructions, 3 time */
  long long mem_used, mem_limit;
  long long steps, max_steps;
  struct timespec deadline;
} sandbox;

/* What engine_prepare left for engine_store_prepared. */
typedef struct prepared {
  int rc;                  /* CLERK_OK, or why preparing failed */
  char *msg;               /* the failure's message (malloc'd) */
  int chosen;              /* an importer was chosen (the failure came later) */
  char importer[32];
  char sha[65];
} prepared;

struct engine {
  lua_State *L;
  char *folders[MAX_FOLDERS];
  int nfolders;
  sandbox box;
  prepared pre;
  lua_pool *pool;         /* the state's small blocks */
};

/* Lua allocates through mem.c, so allocation-failure tests reach it too. */
void *clerk_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud; (void)osize;
  if (nsize == 0) { clerk_mfree(ptr); return NULL; }
  return clerk_realloc(ptr, nsize);
}

/* The engine's allocator: its pool (lua_pool.c), counting what a sandboxed
** script holds and refusing past its limit (Lua then raises "not enough
** memory"). */
static void *engine_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  engine *e = ud;
  size_t old = ptr ? osize : 0;
  if (e->box.on) {
    if (nsize > old && e->box.mem_used + (long long)(nsize - old) > e->box.mem_limit) {
      e->box.tripped = 1;
      return NULL;
    }
  }
  void *p = lua_pool_alloc(e->pool, ptr, osize, nsize);
  if (p || nsize == 0) e->box.mem_used += (long long)nsize - (long long)old;
  return p;
}

static long long env_limit(const char *name, long long dflt) {
  const char *v = getenv(name);
  if (!v || !*v) return dflt;
  char *end = NULL;
  long long n = strtoll(v, &end, 10);
  return (end && !*end && n > 0) ? n : dflt;
}

static int past(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

/* Every SCRIPT_HOOK_EVERY instructions of a sandboxed script: stop it when
** it ran too long. Once tripped the hook fires at every instruction, so a
** script catching the error with pcall cannot go on. */
static void sandbox_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  void *ud;
  lua_getallocf(L, &ud);
  engine *e = ud;
  if (!e || !e->box.on) return;
  e->box.steps += SCRIPT_HOOK_EVERY;
  if (!e->box.tripped) {
    if (e->box.steps > e->box.max_steps) e->box.tripped = 2;
    else if (past(&e->box.deadline)) e->box.tripped = 3;
  }
  if (e->box.tripped) {
    lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, CLERK_LIMIT);
    lua_setfield(L, -2, "code");
    if (e->box.tripped == 2)
      lua_pushfstring(L, "report script stopped: it ran more than %d million instructions (an endless loop?)",
                      (int)(e->box.max_steps / 1000000));
    else if (e->box.tripped == 3)
      lua_pushfstring(L, "report script stopped: it ran longer than %d seconds",
                      (int)env_limit("CLERK_SCRIPT_MAX_SECONDS", SCRIPT_MAX_SECONDS));
    else
      lua_pushfstring(L, "report script stopped: it used more than %d MiB of memory",
                      (int)(e->box.mem_limit >> 20));
    lua_setfield(L, -2, "message");
    lua_error(L);
  }
}

/* SQLite calls this every few thousand virtual-machine steps of a query a
** sandboxed script runs: a query that would run past the time limit (an
** endless recursive CTE, a cross join of everything) is interrupted. */
static int sandbox_progress(void *ud) {
  engine *e = ud;
  if (!e->box.on) return 0;
  if (!e->box.tripped && past(&e->box.deadline)) e->box.tripped = 3;
  return e->box.tripped != 0;
}

/* host.sandbox(on): start or stop the limits around a script's code.
** host.sandbox() -> the message of the limit that stopped it, or nil. */
static int l_sandbox(lua_State *L) {
  void *ud;
  lua_getallocf(L, &ud);
  engine *e = ud;
  if (lua_isnone(L, 1)) {
    if (!e->box.tripped) return 0;
    if (e->box.tripped == 1)
      lua_pushfstring(L, "report script stopped: it used more than %d MiB of memory", (int)(e->box.mem_limit >> 20));
    else if (e->box.tripped == 2)
      lua_pushfstring(L, "report script stopped: it ran more than %d million instructions (an endless loop?)",
                      (int)(e->box.max_steps / 1000000));
    else
      lua_pushfstring(L, "report script stopped: it ran longer than %d seconds",
                      (int)env_limit("CLERK_SCRIPT_MAX_SECONDS", SCRIPT_MAX_SECONDS));
    return 1;
  }
  if (lua_toboolean(L, 1)) {
    memset(&e->box, 0, sizeof e->box);
    e->box.mem_limit = env_limit("CLERK_SCRIPT_MAX_MB", SCRIPT_MAX_MB) << 20;
    e->box.max_steps = env_limit("CLERK_SCRIPT_MAX_STEPS", SCRIPT_MAX_STEPS);
    clock_gettime(CLOCK_MONOTONIC, &e->box.deadline);
    e->box.deadline.tv_sec += env_limit("CLERK_SCRIPT_MAX_SECONDS", SCRIPT_MAX_SECONDS);
    e->box.on = 1;
    lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, SCRIPT_HOOK_EVERY);
  } else {
    e->box.on = 0;
    lua_sethook(L, NULL, 0, 0);
  }
  return 0;
}

static int msghandler(lua_State *L) {
  /* error tables ({code, message}) pass through; strings get a traceback only
  ** when debugging, since users want the one-line message */
  if (lua_type(L, 1) == LUA_TSTRING && getenv("CLERK_DEBUG")) {
    luaL_traceback(L, L, lua_tostring(L, 1), 1);
  } else if (lua_type(L, 1) != LUA_TSTRING && lua_type(L, 1) != LUA_TTABLE) {
    const char *msg = luaL_tolstring(L, 1, NULL);
    lua_pushfstring(L, "(error object is a %s value: %s)", luaL_typename(L, 1), msg);
  }
  return 1;
}

int engine_pcall(lua_State *L, int nargs, int nresults) {
  int base = lua_gettop(L) - nargs;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  int st = lua_pcall(L, nargs, nresults, base);
  lua_remove(L, base);
  return st;
}

/* Turns the error on top of the stack into a status code and a message
** (malloc'd into *errmsg), popping it. `prefix` (a file name) leads the message. */
static int error_to_status(lua_State *L, int lua_status, const char *prefix, char **errmsg) {
  int code = CLERK_ERROR;
  const char *msg = NULL;
  if (lua_status == LUA_ERRMEM) {
    code = CLERK_NOMEM;
    msg = "not enough memory";
  } else if (lua_istable(L, -1)) {
    lua_getfield(L, -1, "code");
    if (lua_isinteger(L, -1)) code = (int)lua_tointeger(L, -1);
    else if (lua_type(L, -1) == LUA_TSTRING) {
      static const struct { const char *name; int code; } names[] = {
        { "format", CLERK_FORMAT }, { "plugin", CLERK_PLUGIN }, { "notfound", CLERK_NOTFOUND },
        { "misuse", CLERK_MISUSE }, { "io", CLERK_IO }, { "toobig", CLERK_TOOBIG },
        { "db", CLERK_DB }, { "script", CLERK_SCRIPT }, { "limit", CLERK_LIMIT },
        { "nomem", CLERK_NOMEM }, { NULL, 0 } };
      const char *s = lua_tostring(L, -1);
      for (int i = 0; names[i].name; i++)
        if (strcmp(s, names[i].name) == 0) code = names[i].code;
    }
    lua_pop(L, 1);
    lua_getfield(L, -1, "message");
    msg = lua_tostring(L, -1);
    if (!msg) msg = "unknown error";
    lua_insert(L, -2);       /* keep the message string alive below */
  } else {
    msg = lua_tostring(L, -1);
    if (!msg) msg = "unknown error";
  }
  if (errmsg) {
    /* a message that already names the file is not prefixed twice */
    if (prefix && strncmp(msg, prefix, strlen(prefix)) != 0)
      *errmsg = clerk_asprintf("%s: %s", prefix, msg);
    else
      *errmsg = clerk_strdup(msg);
  }
  lua_pop(L, lua_istable(L, -1) ? 2 : 1);
  return code;
}

/* host.listdir(path): the sorted names in a folder; {} when it is missing. */
static int l_listdir(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  lua_newtable(L);
  DIR *d = opendir(path);
  if (!d) return 1;
  int n = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL && n < MAX_DIR_ENTRIES) {
    if (de->d_name[0] == '.') continue;
    lua_pushstring(L, de->d_name);
    lua_rawseti(L, -2, ++n);
  }
  closedir(d);
  lua_getglobal(L, "table");
  lua_getfield(L, -1, "sort");
  lua_pushvalue(L, -3);
  lua_call(L, 1, 0);
  lua_pop(L, 1);
  return 1;
}

static int l_new_buffer(lua_State *L) {
  clerk_buffer_new(L);
  return 1;
}

/* $XDG_CONFIG_HOME/clerk/LEAF, else ~/.config/clerk/LEAF; 0 when neither
** variable is set or the path does not fit. */
int engine_user_path(char *buf, size_t n, const char *leaf) {
  const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
  int w = -1;
  if (xdg && *xdg) w = snprintf(buf, n, "%s/clerk/%s", xdg, leaf);
  else if (home && *home) w = snprintf(buf, n, "%s/.config/clerk/%s", home, leaf);
  if (w < 0 || (size_t)w >= n) { if (n) buf[0] = '\0'; return 0; }
  return 1;
}

static int add_folder(engine *e, const char *dir) {
  char real[PATH_MAX];
  struct stat sb;
  if (e->nfolders >= MAX_FOLDERS) return CLERK_OK;
  /* only existing folders, by absolute path: no relative entries */
  if (!realpath(dir, real) || stat(real, &sb) != 0 || !S_ISDIR(sb.st_mode)) return CLERK_OK;
  for (int i = 0; i < e->nfolders; i++)
    if (strcmp(e->folders[i], real) == 0) return CLERK_OK;
  char *copy = clerk_strdup(real);
  if (!copy) return CLERK_NOMEM;
  e->folders[e->nfolders++] = copy;
  return CLERK_OK;
}

/* The search order of DESIGN.md: $CLERK_PLUGIN_PATH (or the path given), the
** user's folder, then the installed folder. */
static int find_folders(engine *e, const char *plugin_path) {
  if (!plugin_path) plugin_path = getenv("CLERK_PLUGIN_PATH");
  if (plugin_path) {
    char *list = clerk_strdup(plugin_path);
    if (!list) return CLERK_NOMEM;
    char *save = NULL;
    for (char *tok = strtok_r(list, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
      if (add_folder(e, tok) != CLERK_OK) { clerk_mfree(list); return CLERK_NOMEM; }
    }
    clerk_mfree(list);
  }
  char user[PATH_MAX];
  if (engine_user_path(user, sizeof user, "plugins") && add_folder(e, user) != CLERK_OK)
    return CLERK_NOMEM;
  if (add_folder(e, CLERK_PLUGIN_DIR) != CLERK_OK) return CLERK_NOMEM;
  /* a build tree moved elsewhere: plugins/ beside the executable's folder */
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 32);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      strcpy(slash, "/../plugins");
      if (add_folder(e, exe) != CLERK_OK) return CLERK_NOMEM;
    }
  }
  return CLERK_OK;
}

/* Runs in protected mode: opens the libraries and runs engine.lua. */
static int engine_init(lua_State *L) {
  engine *e = lua_touserdata(L, 1);
  luaL_openlibs(L);
  lua_newtable(L);                                  /* host */
  lua_pushcfunction(L, l_listdir);
  lua_setfield(L, -2, "listdir");
  lua_pushcfunction(L, l_new_buffer);
  lua_setfield(L, -2, "new_buffer");
  lua_pushcfunction(L, l_sandbox);
  lua_setfield(L, -2, "sandbox");
  clerk_lua_set_helpers(L, -1);
  lua_pushinteger(L, CLERK_PLUGIN_API);
  lua_setfield(L, -2, "api");
  lua_pushstring(L, CLERK_VERSION);
  lua_setfield(L, -2, "version");
  lua_createtable(L, e->nfolders, 0);
  for (int i = 0; i < e->nfolders; i++) {
    lua_pushstring(L, e->folders[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "folders");
  if (luaL_loadbufferx(L, ENGINE_LUA, sizeof ENGINE_LUA - 1, "=engine.lua", "t") != LUA_OK)
    return lua_error(L);
  lua_insert(L, -2);
  lua_call(L, 1, 1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &ENGINE_KEY);
  clerk_lua_open_db_meta(L);
  return 0;
}

void engine_free(engine *e) {
  if (!e) return;
  if (e->L) lua_close(e->L);
  lua_pool_close(e->pool);
  clerk_mfree(e->pre.msg);
  for (int i = 0; i < e->nfolders; i++) clerk_mfree(e->folders[i]);
  clerk_mfree(e);
}

int engine_new(const char *plugin_path, engine **out, char **errmsg) {
  *out = NULL;
  engine *e = clerk_calloc(1, sizeof *e);
  if (!e) return CLERK_NOMEM;
  int rc = find_folders(e, plugin_path);
  if (rc != CLERK_OK) { engine_free(e); return rc; }
  e->pool = lua_pool_open();
  if (!e->pool) { engine_free(e); return CLERK_NOMEM; }
  e->L = lua_newstate(engine_alloc, e);
  if (!e->L) { engine_free(e); return CLERK_NOMEM; }
  lua_State *L = e->L;
  /* Interpreting minutes makes many short-lived strings and tables: the
  ** generational collector spends less on them (about 9% of an import). */
  lua_gc(L, LUA_GCGEN, 0, 0);
  lua_pushcfunction(L, engine_init);
  lua_pushlightuserdata(L, e);
  int st = lua_pcall(L, 1, 0, 0);
  if (st != LUA_OK) {
    rc = error_to_status(L, st, NULL, errmsg);
    engine_free(e);
    return rc;
  }
  *out = e;
  return CLERK_OK;
}

lua_State *engine_state(engine *e) { return e->L; }

/* Pushes engine.lua's function `fn`. */
static void push_engine_fn(lua_State *L, const char *fn) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &ENGINE_KEY);
  lua_getfield(L, -1, fn);
  lua_remove(L, -2);
}

static int load_rules_body(lua_State *L) {
  const char *path = lua_touserdata(L, 1);
  push_engine_fn(L, "load_rules");
  lua_pushstring(L, path);
  lua_call(L, 1, 0);
  return 0;
}

int engine_load_rules(engine *e, const char *path, char **errmsg) {
  lua_State *L = e->L;
  lua_pushcfunction(L, load_rules_body);
  lua_pushlightuserdata(L, (void *)path);
  int st = engine_pcall(L, 1, 0);
  if (st != LUA_OK) return error_to_status(L, st, path, errmsg);
  return CLERK_OK;
}

/* What a file is when no importer wants it: named in the error message. */
static const char *sniff(const char *data, size_t len) {
  static const struct { const char *magic; size_t n; const char *what; } kinds[] = {
    { "PK\x03\x04", 4, "a zip archive (a .docx needs the docx importer)" },
    { "%PDF", 4, "a PDF document" },
    { "\xD0\xCF\x11\xE0", 4, "an old Word/Office document (.doc); save it as .docx" },
    { "\x1F\x8B", 2, "a gzip archive" },
    { "\x89PNG", 4, "a PNG image" },
    { "\xFF\xD8\xFF", 3, "a JPEG image" },
    { "SQLite format 3", 15, "an SQLite database" },
    { "{\\rtf", 5, "an RTF document" },
    { NULL, 0, NULL } };
  for (int i = 0; kinds[i].magic; i++)
    if (len >= kinds[i].n && memcmp(data, kinds[i].magic, kinds[i].n) == 0) return kinds[i].what;
  size_t n = len < HEAD_BYTES ? len : HEAD_BYTES;
  if (memchr(data, '\0', n)) return "binary data";
  return NULL;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* Raises {code = code, message = ...} from C. */
static int raise_status(lua_State *L, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, code);
  lua_setfield(L, -2, "code");
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  lua_setfield(L, -2, "message");
  return lua_error(L);
}

/* Pushes the input table detect() and import() see. */
static void push_input(lua_State *L, const engine_import_args *a, int with_data) {
  lua_createtable(L, 0, 5);
  lua_pushstring(L, base_name(a->name));
  lua_setfield(L, -2, "name");
  lua_pushstring(L, a->name);
  lua_setfield(L, -2, "path");
  lua_pushinteger(L, (lua_Integer)a->len);
  lua_setfield(L, -2, "size");
  lua_pushlstring(L, a->data, a->len < HEAD_BYTES ? a->len : HEAD_BYTES);
  lua_setfield(L, -2, "head");
  if (with_data) {
    lua_pushlstring(L, a->data, a->len);
    lua_setfield(L, -2, "data");
  }
}

/* State shared between a driver and its protected body. */
typedef struct import_call {
  const engine_import_args *a;
  int unchanged, explain, chosen;
  char importer[32];
  sink_counts counts;
} import_call;

static const char CURRENT_SINK_KEY = 0;   /* registry key (by address) */

/* Protected: detection, the store transaction's start, and the importer run
** with a fresh sink. Returns the sink (or nothing when unchanged). */
static void choose_importer(lua_State *L, import_call *c) {
  const engine_import_args *a = c->a;
  if (a->len == 0) raise_status(L, CLERK_FORMAT, "empty file: no minutes to read");
  push_engine_fn(L, "choose");
  push_input(L, a, 0);
  if (a->format) lua_pushstring(L, a->format); else lua_pushnil(L);
  lua_call(L, 2, 1);
  if (lua_isnil(L, -1)) {
    const char *what = sniff(a->data, a->len);
    if (what) raise_status(L, CLERK_FORMAT, "not minutes any importer reads (found %s)", what);
    raise_status(L, CLERK_FORMAT,
                 "no importer recognises this file; name one with --format (see 'clerk plugins')");
  }
  snprintf(c->importer, sizeof c->importer, "%s", lua_tostring(L, -1));
  lua_pop(L, 1);
}

/* Runs the chosen importer on the input into the sink at `sink`; raises
** when it found nothing. Leaves the input table on the stack. */
static void run_importer(lua_State *L, import_call *c, int sink) {
  lua_pushvalue(L, sink);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &CURRENT_SINK_KEY);
  push_input(L, c->a, 1);
  int input = lua_gettop(L);   /* kept: extract reads what the importer left in it (input.text) */
  push_engine_fn(L, "import");
  lua_pushstring(L, c->importer);
  lua_pushvalue(L, input);
  lua_pushvalue(L, sink);
  lua_call(L, 3, 0);
  clerk_lua_sink_close(L, sink, &c->counts);
  if (c->counts.meetings == 0 && c->counts.records == 0)   /* bodies or people alone are fine */
    raise_status(L, CLERK_FORMAT, "importer '%s' found no meeting in this file", c->importer);
}

static int import_body(lua_State *L) {
  import_call *c = lua_touserdata(L, 1);
  const engine_import_args *a = c->a;
  choose_importer(L, c);
  if (a->st) {
    char sha[65];
    int replaced = 0;
    sha256_hex(a->data, a->len, sha);
    store_source src = { a->source ? a->source : a->name, sha, c->importer, c->importer, (int64_t)a->len };
    int rc = store_import_begin(a->st, &src, &c->unchanged, &replaced);
    if (rc != CLERK_OK) return raise_status(L, rc, "%s", store_errmsg(a->st));
    if (c->unchanged) return 0;
    if (a->result) a->result->replaced = replaced;
  }
  clerk_lua_push_sink(L, a->st);
  int sink = lua_gettop(L);
  run_importer(L, c, sink);
  int input = lua_gettop(L);
  if (c->explain >= 0 && !a->st) {       /* extract: render what was collected */
    push_engine_fn(L, "render_extract");
    clerk_lua_sink_push_collected(L, sink);
    lua_pushvalue(L, input);
    lua_pushboolean(L, c->explain);
    lua_call(L, 3, 1);
    return 1;
  }
  return 1;
}

static int protected_run(engine *e, lua_CFunction body, import_call *c, int nresults,
                         char **errmsg) {
  lua_State *L = e->L;
  lua_pushcfunction(L, body);
  lua_pushlightuserdata(L, c);
  int st = engine_pcall(L, 1, nresults);
  /* whatever happened, a sink a plugin kept can no longer reach the store */
  lua_rawgetp(L, LUA_REGISTRYINDEX, &CURRENT_SINK_KEY);
  clerk_lua_sink_close(L, lua_gettop(L), NULL);
  lua_pop(L, 1);
  lua_pushnil(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &CURRENT_SINK_KEY);
  if (st != LUA_OK) {
    if (c->a->st) store_import_rollback(c->a->st);
    return error_to_status(L, st, c->a->name, errmsg);
  }
  return CLERK_OK;
}

int engine_import(engine *e, const engine_import_args *a, char **errmsg) {
  lua_State *L = e->L;
  int top = lua_gettop(L);
  import_call c;
  memset(&c, 0, sizeof c);
  c.a = a;
  c.explain = -1;
  if (a->result) memset(a->result, 0, sizeof *a->result);
  int rc = protected_run(e, import_body, &c, 0, errmsg);
  if (a->result) {
    snprintf(a->result->importer, sizeof a->result->importer, "%s", c.importer);
    a->result->unchanged = c.unchanged;
  }
  if (rc == CLERK_OK && !c.unchanged && a->st) {
    rc = store_import_commit(a->st);
    if (rc != CLERK_OK) {
      *errmsg = clerk_asprintf("%s: %s", a->name, store_errmsg(a->st));
      store_import_rollback(a->st);
    }
  }
  if (rc == CLERK_OK && a->result) {
    a->result->meetings = c.counts.meetings;
    a->result->attendance = c.counts.attendance;
    a->result->items = c.counts.items;
    a->result->decisions = c.counts.decisions;
    a->result->actions = c.counts.actions;
    a->result->records = c.counts.records;
  }
  lua_settop(L, top);
  return rc;
}

/* -- parallel import in two phases ---------------------------------------------
** engine_prepare runs on a worker thread with the worker's own engine: it
** detects the importer and runs it into a deferred sink, touching no store.
** engine_store_prepared runs later on the thread that owns the store, while
** the engine is idle: it makes the same unchanged check as engine_import and
** writes the logged records in one transaction. Between them they do what
** engine_import does, with the same checks in the same order. */
static const char PREPARED_KEY = 0;   /* registry key (by address): the deferred sink */

static int prepare_body(lua_State *L) {
  import_call *c = lua_touserdata(L, 1);
  choose_importer(L, c);
  c->chosen = 1;
  clerk_lua_push_deferred_sink(L);
  int sink = lua_gettop(L);
  lua_pushvalue(L, sink);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &PREPARED_KEY);
  run_importer(L, c, sink);
  return 0;
}

int engine_prepare(engine *e, const engine_import_args *a, const char *sha) {
  lua_State *L = e->L;
  int top = lua_gettop(L);
  prepared *p = &e->pre;
  clerk_mfree(p->msg);
  memset(p, 0, sizeof *p);
  lua_pushnil(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &PREPARED_KEY);
  import_call c;
  memset(&c, 0, sizeof c);
  engine_import_args args = *a;
  args.st = NULL;
  c.a = &args;
  c.explain = -1;
  if (sha) snprintf(p->sha, sizeof p->sha, "%s", sha);
  else sha256_hex(a->data, a->len, p->sha);
  p->rc = protected_run(e, prepare_body, &c, 0, &p->msg);
  p->chosen = c.chosen;
  snprintf(p->importer, sizeof p->importer, "%s", c.importer);
  lua_settop(L, top);
  return p->rc;
}

static int store_prepared_body(lua_State *L) {
  import_call *c = lua_touserdata(L, 1);
  clerk_lua_push_sink(L, c->a->st);
  int sink = lua_gettop(L);
  lua_pushvalue(L, sink);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &CURRENT_SINK_KEY);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &PREPARED_KEY);
  clerk_lua_sink_replay(L, -1, sink);
  clerk_lua_sink_close(L, sink, &c->counts);
  return 0;
}

int engine_store_prepared(engine *e, const engine_import_args *a, char **errmsg) {
  lua_State *L = e->L;
  int top = lua_gettop(L);
  prepared *p = &e->pre;
  clerk_import_result *r = a->result;
  if (r) {
    memset(r, 0, sizeof *r);
    snprintf(r->importer, sizeof r->importer, "%s", p->importer);
  }
  int rc = CLERK_OK;
  if (!p->chosen) {                 /* no importer: the same error as engine_import */
    rc = p->rc;
    *errmsg = p->msg;
    p->msg = NULL;
    return rc;
  }
  int unchanged = 0, replaced = 0;
  store_source src = { a->source ? a->source : a->name, p->sha, p->importer, p->importer,
                       (int64_t)a->len };
  if ((rc = store_import_begin(a->st, &src, &unchanged, &replaced)) != CLERK_OK) {
    *errmsg = clerk_asprintf("%s: %s", a->name, store_errmsg(a->st));
    return *errmsg ? rc : CLERK_NOMEM;
  }
  if (unchanged) {                  /* checked before the importer's own failure, as in serial */
    if (r) r->unchanged = 1;
    return CLERK_OK;
  }
  if (p->rc != CLERK_OK) {
    store_import_rollback(a->st);
    *errmsg = p->msg;
    p->msg = NULL;
    return p->rc;
  }
  import_call c;
  memset(&c, 0, sizeof c);
  c.a = a;
  c.explain = -1;
  rc = protected_run(e, store_prepared_body, &c, 0, errmsg);
  if (rc == CLERK_OK) {
    rc = store_import_commit(a->st);
    if (rc != CLERK_OK) {
      *errmsg = clerk_asprintf("%s: %s", a->name, store_errmsg(a->st));
      store_import_rollback(a->st);
    }
  }
  if (rc == CLERK_OK && r) {
    r->replaced = replaced;
    r->meetings = c.counts.meetings;
    r->attendance = c.counts.attendance;
    r->items = c.counts.items;
    r->decisions = c.counts.decisions;
    r->actions = c.counts.actions;
    r->records = c.counts.records;
  }
  lua_pushnil(L);                   /* the records are written: let them go */
  lua_rawsetp(L, LUA_REGISTRYINDEX, &PREPARED_KEY);
  lua_settop(L, top);
  return rc;
}

int engine_extract(engine *e, const engine_import_args *a, int explain,
                   char **out, size_t *len, char **errmsg) {
  lua_State *L = e->L;
  int top = lua_gettop(L);
  engine_import_args args = *a;
  args.st = NULL;
  import_call c;
  memset(&c, 0, sizeof c);
  c.a = &args;
  c.explain = explain ? 1 : 0;
  int rc = protected_run(e, import_body, &c, 1, errmsg);
  if (rc == CLERK_OK) {
    size_t n = 0;
    const char *s = lua_tolstring(L, -1, &n);
    *out = s ? clerk_strndup(s, n) : NULL;
    if (len) *len = n;
    if (!*out) rc = CLERK_NOMEM;
  }
  lua_settop(L, top);
  return rc;
}

typedef struct report_call {
  clerk *db;
  const char *report, *writer;
  const char *const *options;
} report_call;

static const char CURRENT_DB_KEY = 0;   /* registry key (by address) */

/* Protected: builds the options and a borrowed read-only db object, runs the
** report and writer. The db object is parked in the registry so the caller
** can invalidate it whatever happened. */
static int report_body(lua_State *L) {
  report_call *c = lua_touserdata(L, 1);
  /* "script:PATH": a user's report file, run in the sandbox */
  int script = strncmp(c->report, "script:", 7) == 0;
  push_engine_fn(L, script ? "report_script" : "report");
  lua_pushstring(L, script ? c->report + 7 : c->report);
  lua_pushstring(L, c->writer);
  lua_newtable(L);
  for (int i = 0; c->options && c->options[i] && c->options[i + 1]; i += 2) {
    lua_pushstring(L, c->options[i + 1]);
    lua_setfield(L, -2, c->options[i]);
  }
  clerk_lua_push_db(L, c->db, 0, 1);
  lua_pushvalue(L, -1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &CURRENT_DB_KEY);
  lua_call(L, 4, 1);
  return 1;
}

int engine_report(engine *e, clerk *db, const char *report, const char *writer,
                  const char *const *options, char **out, size_t *len,
                  char **errmsg) {
  lua_State *L = e->L;
  if (e->box.on) {
    /* db:report from inside a sandboxed script would reset, then lift, its limits */
    *errmsg = clerk_strdup("a report script cannot run other reports (sandbox)");
    return *errmsg ? CLERK_SCRIPT : CLERK_NOMEM;
  }
  int top = lua_gettop(L);
  report_call c = { db, report, writer, options };
  sqlite3 *sq = store_sqlite(clerk__store(db));
  if (sq) sqlite3_progress_handler(sq, 10000, sandbox_progress, e);
  lua_pushcfunction(L, report_body);
  lua_pushlightuserdata(L, &c);
  int st = engine_pcall(L, 1, 1);
  e->box.on = 0;                       /* whatever happened, no limits after */
  lua_sethook(L, NULL, 0, 0);
  if (sq) sqlite3_progress_handler(sq, 0, NULL, NULL);
  if (st == LUA_ERRMEM && e->box.tripped == 1) {
    lua_pop(L, 1);
    lua_pushfstring(L, "report script stopped: it used more than %d MiB of memory",
                    (int)(e->box.mem_limit >> 20));
    st = LUA_ERRRUN;
  }
  int tripped = e->box.tripped;
  e->box.tripped = 0;
  /* whatever happened, a db object a plugin kept can no longer reach db */
  lua_rawgetp(L, LUA_REGISTRYINDEX, &CURRENT_DB_KEY);
  if (!lua_isnil(L, -1)) clerk_lua_db_release(L, lua_gettop(L));
  lua_pop(L, 1);
  lua_pushnil(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &CURRENT_DB_KEY);
  int rc = CLERK_OK;
  if (st != LUA_OK) {
    rc = error_to_status(L, st, NULL, errmsg);
    if (tripped) rc = CLERK_LIMIT;
  } else {
    clerk_buffer *b = luaL_testudata(L, -1, "clerk.buffer");
    if (!b) {
      *errmsg = clerk_strdup("internal error: report produced no output buffer");
      rc = CLERK_ERROR;
    } else {
      *out = clerk_buffer_take(b, len);
      if (!*out) rc = CLERK_NOMEM;
    }
  }
  lua_settop(L, top);
  return rc;
}
