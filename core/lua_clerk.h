/*
** lua_clerk.h -- the Lua bridge's internal interface: the plugin engine, the
** db object, the import sink, JSON and the output buffer. Only core/lua_*.c
** and core/clerk.c include Lua headers.
*/
#ifndef CLERK_LUA_H
#define CLERK_LUA_H

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "clerk.h"
#include "store.h"

/* -- output buffer (lua_buffer.c) ----------------------------------------- */
typedef struct clerk_buffer { char *p; size_t n, cap; } clerk_buffer;
clerk_buffer *clerk_buffer_new(lua_State *L);          /* pushes it */
void clerk_buffer_add(lua_State *L, clerk_buffer *b, const char *s, size_t n);
char *clerk_buffer_take(clerk_buffer *b, size_t *len); /* caller frees */

/* -- JSON (lua_json.c) ------------------------------------------------------ */
void clerk_json_open(lua_State *L);        /* pushes the clerk.json table */
void clerk_json_push_null(lua_State *L);
/* Pushes the decoded value and returns 1, or returns 0 with err filled. */
int clerk_json_decode(lua_State *L, const char *s, size_t len, char *err, size_t errsz);

/* -- byte helpers for plugins: each pushes its table (clerk.docx, clerk.xml,
** clerk.zip, clerk.text) for the host table of engine.lua and for
** require "clerk". ----------------------------------------------------------- */
void clerk_docx_open(lua_State *L);        /* lua_docx.c: .docx -> blocks */
void clerk_xml_open(lua_State *L);         /* lua_xml.c: XML/HTML -> trees */
void clerk_zip_open(lua_State *L);         /* lua_zip.c: zip archives out */
void clerk_text_open(lua_State *L);        /* lua_text.c: finding words in text */
/* Sets json and the four helpers on the table at idx (lua_module.c). */
void clerk_lua_set_helpers(lua_State *L, int idx);

/* -- small blocks for one Lua state (lua_pool.c) ----------------------------- */
typedef struct lua_pool lua_pool;
lua_pool *lua_pool_open(void);                 /* NULL when memory runs out */
void lua_pool_close(lua_pool *p);              /* after lua_close: frees every block */
/* lua_Alloc's contract, over the pool (one thread at a time). */
void *lua_pool_alloc(lua_pool *p, void *ptr, size_t osize, size_t nsize);

/* -- the plugin engine (lua_engine.c) ---------------------------------------- */
typedef struct engine engine;

/* A Lua state with the plugins of `plugin_path` (NULL: $CLERK_PLUGIN_PATH),
** the user folder and the installed folder. Plugins load lazily. */
int engine_new(const char *plugin_path, engine **out, char **errmsg);
void engine_free(engine *e);
lua_State *engine_state(engine *e);

/* Run f with nargs on the stack in protected mode with a traceback handler;
** on error returns the Lua status and leaves the message on the stack. */
int engine_pcall(lua_State *L, int nargs, int nresults);

/* The user's config path $XDG_CONFIG_HOME/clerk/LEAF (else ~/.config/clerk/LEAF)
** into buf; returns 0 when it cannot be formed. */
int engine_user_path(char *buf, size_t n, const char *leaf);

/* Load a rules file (a Lua file returning a table) for importers. */
int engine_load_rules(engine *e, const char *path, char **errmsg);

/* Import driver: reads `data`, detects or uses `format`, runs the importer.
** With st == NULL nothing is stored and the meetings are pushed as a Lua
** array (for extract); with a store, everything goes into one transaction. */
typedef struct engine_import_args {
  const char *name;          /* for messages: the path as given, or a URL */
  const char *source;        /* the source's identity in the store (absolute path) */
  const char *data; size_t len;
  const char *format;        /* importer name, or NULL to detect */
  store *st;                 /* NULL for extract */
  clerk_import_result *result;
} engine_import_args;
int engine_import(engine *e, const engine_import_args *a, char **errmsg);

/* Parallel import (import_many.c), in two phases. engine_prepare reads the
** input and runs the importer into a deferred sink kept in the engine; it
** touches no store and may run on any thread with its own engine.
** engine_store_prepared, on the thread owning a->st, checks for unchanged
** bytes and writes what was prepared in one transaction: the same result
** and messages as engine_import. */
int engine_prepare(engine *e, const engine_import_args *a, const char *sha);   /* sha: NULL to compute */
int engine_store_prepared(engine *e, const engine_import_args *a, char **errmsg);

/* Render a report through a writer into a malloc'd buffer. */
int engine_report(engine *e, clerk *db, const char *report, const char *writer,
                  const char *const *options, char **out, size_t *len,
                  char **errmsg);

/* Extract: as engine_import without a store, rendering the meetings found
** as interchange JSON (or, with explain, as text) into a malloc'd *out. */
int engine_extract(engine *e, const engine_import_args *a, int explain,
                   char **out, size_t *len, char **errmsg);

/* -- db object (lua_db.c) -------------------------------------------------- */
/* Push a db object for `db`. An owning object closes the handle when
** collected; a borrowed one is invalidated with clerk_lua_db_release. */
void clerk_lua_push_db(lua_State *L, clerk *db, int owning, int readonly);
void clerk_lua_db_release(lua_State *L, int idx);
/* Attach a handle to the (closed) db object at idx. */
void clerk_lua_db_attach(lua_State *L, int idx, clerk *db);
/* The allocator every Lua state of Clerk uses (mem.c underneath). */
void *clerk_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
void clerk_lua_open_db_meta(lua_State *L);

/* -- import sink (lua_sink.c) ---------------------------------------------- */
typedef struct sink_counts {
  int meetings, attendance, items, decisions, actions;
  int records;   /* bodies, index entries, people (sink:body/listing/person) */
} sink_counts;
/* Push a sink. With st == NULL meetings are collected into a table. */
void clerk_lua_push_sink(lua_State *L, store *st);
/* Push a deferred sink: records are checked and logged, nothing is stored. */
void clerk_lua_push_deferred_sink(lua_State *L);
/* Write what the deferred sink at `from` logged through the sink at `to`. */
void clerk_lua_sink_replay(lua_State *L, int from, int to);
/* Close the sink at idx (later calls raise) and copy out its counts. */
void clerk_lua_sink_close(lua_State *L, int idx, sink_counts *counts);
/* After import: push the collected meetings array (extract mode). */
void clerk_lua_sink_push_collected(lua_State *L, int sink_idx);
/* Push a list of the warnings the importer gave (sink:warn). */
void clerk_lua_sink_push_warnings(lua_State *L, int sink_idx);

/* -- handle internals shared by clerk.c and the bridge ---------------------- */
store *clerk__store(clerk *db);
engine *clerk__engine(clerk *db, char **errmsg);   /* created on first use */
/* A new engine with db's plugin path and rules (a worker's own). */
int clerk__new_engine(clerk *db, engine **out, char **errmsg);
/* clerk_import_buffer with the source's identity given apart from its name. */
int clerk__import_bytes(clerk *db, const char *name, const char *source, const void *data,
                        size_t len, const char *format, clerk_import_result *result);
/* Reads a whole file (thread-safe; the failure's message in *errmsg). */
int clerk__read_file(const char *path, char **data, size_t *len, char **errmsg);
int clerk__fail(clerk *db, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The Lua module (lua_module.c). */
int luaopen_clerk(lua_State *L);

#endif
