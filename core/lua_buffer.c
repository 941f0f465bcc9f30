/*
** lua_buffer.c -- a growable byte buffer as a Lua userdata: the `out` object
** writers append to, and the JSON encoder's output. Freed by __gc/__close,
** so a Lua error mid-way leaks nothing.
*/
#include "lua_clerk.h"
#include "mem.h"

#include <string.h>

#define BUFFER_META "clerk.buffer"
#define BUFFER_MAX  ((size_t)512 << 20)   /* one report or document: 512 MiB at most */

static int buffer_gc(lua_State *L) {
  clerk_buffer *b = luaL_checkudata(L, 1, BUFFER_META);
  clerk_mfree(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
  return 0;
}

void clerk_buffer_add(lua_State *L, clerk_buffer *b, const char *s, size_t n) {
  if (n > BUFFER_MAX - b->n) luaL_error(L, "output larger than %d MiB", (int)(BUFFER_MAX >> 20));
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = clerk_realloc(b->p, cap);
    if (!p) luaL_error(L, "not enough memory");
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

/* out:write(...) appends strings and numbers; returns out for chaining. */
static int buffer_write(lua_State *L) {
  clerk_buffer *b = luaL_checkudata(L, 1, BUFFER_META);
  int n = lua_gettop(L);
  for (int i = 2; i <= n; i++) {
    size_t len;
    const char *s = luaL_checklstring(L, i, &len);
    clerk_buffer_add(L, b, s, len);
  }
  lua_settop(L, 1);
  return 1;
}

static int buffer_tostring(lua_State *L) {
  clerk_buffer *b = luaL_checkudata(L, 1, BUFFER_META);
  lua_pushlstring(L, b->p ? b->p : "", b->n);
  return 1;
}

static int buffer_len(lua_State *L) {
  clerk_buffer *b = luaL_checkudata(L, 1, BUFFER_META);
  lua_pushinteger(L, (lua_Integer)b->n);
  return 1;
}

clerk_buffer *clerk_buffer_new(lua_State *L) {
  clerk_buffer *b = lua_newuserdatauv(L, sizeof *b, 0);
  b->p = NULL;
  b->n = b->cap = 0;
  if (luaL_newmetatable(L, BUFFER_META)) {
    static const luaL_Reg meta[] = {
      { "__gc", buffer_gc }, { "__close", buffer_gc },
      { "__tostring", buffer_tostring }, { "__len", buffer_len }, { NULL, NULL } };
    static const luaL_Reg methods[] = { { "write", buffer_write }, { NULL, NULL } };
    luaL_setfuncs(L, meta, 0);
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
  }
  lua_setmetatable(L, -2);
  return b;
}

/* Hands the bytes to C: the caller owns *out (clerk_free); the box is emptied. */
char *clerk_buffer_take(clerk_buffer *b, size_t *len) {
  char *p = b->p;
  if (!p) p = clerk_strdup("");
  if (len) *len = p ? b->n : 0;
  b->p = NULL;
  b->n = b->cap = 0;
  return p;
}
