/*
** lua_zip.c -- clerk.zip for writer plugins: build a zip archive in memory
** with libzip and get its bytes back, so a writer (docx) can produce an
** Office file through out:write without touching the file system.
**
**   local z = clerk.zip.new()
**   z:add("word/document.xml", xml)      -- deflated
**   z:add("mimetype", "...", { store = true })
**   local bytes = z:close()
**
** Bounded: at most ZIP_MAX_ENTRIES entries and ZIP_MAX_BYTES of input.
*/
#include "lua_clerk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define ZIP_META "clerk.zipwriter"
#define ZIP_MAX_ENTRIES 10000
#define ZIP_MAX_BYTES   ((size_t)256 << 20)
#define ZIP_MAX_NAME    1024

typedef struct zwriter {
  zip_source_t *src;   /* the in-memory archive (a reference of our own) */
  zip_t *za;           /* NULL once closed */
  int entries;
  size_t bytes;
} zwriter;

static zwriter *check_open(lua_State *L) {
  zwriter *z = luaL_checkudata(L, 1, ZIP_META);
  if (!z->za) luaL_error(L, "zip: the archive is closed");
  return z;
}

static void discard(zwriter *z) {
  if (z->za) { zip_discard(z->za); z->za = NULL; }
  if (z->src) { zip_source_free(z->src); z->src = NULL; }
}

static int z_gc(lua_State *L) {
  discard(luaL_checkudata(L, 1, ZIP_META));
  return 0;
}

/* A name safe inside an archive: relative, no "..", no backslashes. */
static int bad_name(const char *name, size_t n) {
  if (n == 0 || n > ZIP_MAX_NAME || name[0] == '/' || memchr(name, '\\', n) || memchr(name, '\0', n))
    return 1;
  for (const char *p = name; (p = strstr(p, "..")) != NULL; p += 2)
    if ((p == name || p[-1] == '/') && (p[2] == '/' || p[2] == '\0')) return 1;
  return 0;
}

/* z:add(name, data [, {store=true}]) */
static int z_add(lua_State *L) {
  zwriter *z = check_open(L);
  size_t nlen, dlen;
  const char *name = luaL_checklstring(L, 2, &nlen);
  const char *data = luaL_checklstring(L, 3, &dlen);
  int stored = 0;
  if (lua_istable(L, 4)) {
    lua_getfield(L, 4, "store");
    stored = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  if (bad_name(name, nlen)) return luaL_argerror(L, 2, "not a safe name inside an archive");
  if (z->entries >= ZIP_MAX_ENTRIES) return luaL_error(L, "zip: more than %d entries", ZIP_MAX_ENTRIES);
  if (dlen > ZIP_MAX_BYTES - z->bytes) return luaL_error(L, "zip: archive larger than %d MiB", (int)(ZIP_MAX_BYTES >> 20));
  /* libzip frees the copy with free() once the archive is written */
  void *copy = malloc(dlen ? dlen : 1);
  if (!copy) return luaL_error(L, "zip: out of memory");
  memcpy(copy, data, dlen);
  zip_source_t *s = zip_source_buffer(z->za, copy, dlen, 1);
  if (!s) { free(copy); return luaL_error(L, "zip: %s", zip_strerror(z->za)); }
  zip_int64_t idx = zip_file_add(z->za, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (idx < 0) {
    zip_source_free(s);
    return luaL_error(L, "zip: %s: %s", name, zip_strerror(z->za));
  }
  if (stored) zip_set_file_compression(z->za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
  z->entries++;
  z->bytes += dlen;
  return 0;
}

/* z:close() -> the archive's bytes */
static int z_close(lua_State *L) {
  zwriter *z = check_open(L);
  if (zip_close(z->za) < 0) {
    const char *msg = lua_pushstring(L, zip_strerror(z->za));
    discard(z);
    return luaL_error(L, "zip: cannot write the archive: %s", msg);
  }
  z->za = NULL;
  zip_source_t *src = z->src;
  zip_stat_t sb;
  if (zip_source_stat(src, &sb) < 0 || !(sb.valid & ZIP_STAT_SIZE) || zip_source_open(src) < 0) {
    discard(z);
    return luaL_error(L, "zip: cannot read the archive back");
  }
  luaL_Buffer b;
  char *p = luaL_buffinitsize(L, &b, (size_t)sb.size);
  zip_int64_t n = zip_source_read(src, p, sb.size);
  zip_source_close(src);
  discard(z);
  if (n < 0 || (zip_uint64_t)n != sb.size) return luaL_error(L, "zip: short read of the archive");
  luaL_pushresultsize(&b, (size_t)n);
  return 1;
}

/* clerk.zip.new() -> a writer */
static int z_new(lua_State *L) {
  zwriter *z = lua_newuserdatauv(L, sizeof *z, 0);
  memset(z, 0, sizeof *z);
  luaL_setmetatable(L, ZIP_META);
  zip_error_t err;
  zip_error_init(&err);
  z->src = zip_source_buffer_create(NULL, 0, 0, &err);
  if (z->src) z->za = zip_open_from_source(z->src, ZIP_TRUNCATE, &err);
  if (!z->za) {
    const char *msg = lua_pushstring(L, zip_error_strerror(&err));
    zip_error_fini(&err);
    discard(z);
    return luaL_error(L, "zip: %s", msg);
  }
  zip_error_fini(&err);
  zip_source_keep(z->src);   /* our own reference: the archive drops its one when closed */
  return 1;
}

void clerk_zip_open(lua_State *L) {
  if (luaL_newmetatable(L, ZIP_META)) {
    static const luaL_Reg methods[] = { { "add", z_add }, { "close", z_close }, { NULL, NULL } };
    lua_pushcfunction(L, z_gc);
    lua_setfield(L, -2, "__gc");
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, z_new);
  lua_setfield(L, -2, "new");
}
