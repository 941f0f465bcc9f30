/*
** lua_json.c -- JSON for Lua: a bounded decoder for untrusted input and an
** encoder with stable key order, exposed as clerk.json in plugins and module.
*/
#include "lua_clerk.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define JSON_MAX_DEPTH 200   /* nesting deeper than this is refused, not recursed */

/* The unique `null` sentinel lives in the registry under this key. */
static const char JSON_NULL_KEY[] = "clerk.json.null";

void clerk_json_push_null(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, JSON_NULL_KEY);
}

static int is_null(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  clerk_json_push_null(L);
  int r = lua_rawequal(L, idx, -1);
  lua_pop(L, 1);
  return r;
}

/* -- decoder ------------------------------------------------------------ */

typedef struct jdec {
  const char *s, *p, *end;
  char err[160];
} jdec;

/* Line and column of the decoder's position, for error messages. */
static void where(const jdec *d, int *line, int *col) {
  *line = 1; *col = 1;
  for (const char *q = d->s; q < d->p && q < d->end; q++) {
    if (*q == '\n') { (*line)++; *col = 1; } else (*col)++;
  }
}

static int fail(jdec *d, const char *what) {
  int line, col;
  where(d, &line, &col);
  snprintf(d->err, sizeof d->err, "line %d, column %d: %s", line, col, what);
  return 0;
}

static void skip_ws(jdec *d) {
  while (d->p < d->end && (*d->p == ' ' || *d->p == '\t' || *d->p == '\n' || *d->p == '\r'))
    d->p++;
}

static int hex4(const char *p, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return 0;
  }
  *out = v;
  return 1;
}

static void add_utf8(luaL_Buffer *b, unsigned cp) {
  char u[4]; int n;
  if (cp < 0x80) { u[0] = (char)cp; n = 1; }
  else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
  else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
  } else {
    u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
  }
  luaL_addlstring(b, u, (size_t)n);
}

/* Pushes the string at d->p (just after the opening quote). */
static int dec_string(lua_State *L, jdec *d) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  while (d->p < d->end) {
    unsigned char c = (unsigned char)*d->p;
    if (c == '"') { d->p++; luaL_pushresult(&b); return 1; }
    if (c < 0x20) { lua_pop(L, 1); return fail(d, "control character in string"); }
    if (c != '\\') {
      const char *start = d->p;
      while (d->p < d->end && *d->p != '"' && *d->p != '\\' && (unsigned char)*d->p >= 0x20) d->p++;
      luaL_addlstring(&b, start, (size_t)(d->p - start));
      continue;
    }
    if (d->end - d->p < 2) break;
    char e = d->p[1];
    d->p += 2;
    switch (e) {
      case '"': luaL_addchar(&b, '"'); break;
      case '\\': luaL_addchar(&b, '\\'); break;
      case '/': luaL_addchar(&b, '/'); break;
      case 'b': luaL_addchar(&b, '\b'); break;
      case 'f': luaL_addchar(&b, '\f'); break;
      case 'n': luaL_addchar(&b, '\n'); break;
      case 'r': luaL_addchar(&b, '\r'); break;
      case 't': luaL_addchar(&b, '\t'); break;
      case 'u': {
        unsigned cp, lo;
        if (d->end - d->p < 4 || !hex4(d->p, &cp)) { luaL_pushresult(&b); lua_pop(L, 1); return fail(d, "bad \\u escape"); }
        d->p += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {   /* a surrogate pair */
          if (d->end - d->p >= 6 && d->p[0] == '\\' && d->p[1] == 'u' && hex4(d->p + 2, &lo) &&
              lo >= 0xDC00 && lo <= 0xDFFF) {
            d->p += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else cp = 0xFFFD;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) cp = 0xFFFD;
        add_utf8(&b, cp);
        break;
      }
      default: luaL_pushresult(&b); lua_pop(L, 1); return fail(d, "bad escape in string");
    }
  }
  luaL_pushresult(&b);
  lua_pop(L, 1);
  return fail(d, "unterminated string");
}

static int dec_value(lua_State *L, jdec *d, int depth);

static int dec_number(lua_State *L, jdec *d) {
  const char *start = d->p;
  if (d->p < d->end && *d->p == '-') d->p++;
  while (d->p < d->end && strchr("0123456789.eE+-", *d->p)) d->p++;
  size_t n = (size_t)(d->p - start);
  char buf[64];
  if (n == 0 || n >= sizeof buf) return fail(d, "bad number");
  memcpy(buf, start, n);
  buf[n] = '\0';
  if (lua_stringtonumber(L, buf) == 0) { d->p = start; return fail(d, "bad number"); }
  return 1;
}

static int dec_array(lua_State *L, jdec *d, int depth) {
  lua_newtable(L);
  lua_Integer i = 0;
  skip_ws(d);
  if (d->p < d->end && *d->p == ']') { d->p++; return 1; }
  for (;;) {
    if (!dec_value(L, d, depth + 1)) { lua_pop(L, 1); return 0; }
    lua_rawseti(L, -2, ++i);
    skip_ws(d);
    if (d->p < d->end && *d->p == ',') { d->p++; continue; }
    if (d->p < d->end && *d->p == ']') { d->p++; return 1; }
    lua_pop(L, 1);
    return fail(d, "expected ',' or ']' in array");
  }
}

static int dec_object(lua_State *L, jdec *d, int depth) {
  lua_newtable(L);
  skip_ws(d);
  if (d->p < d->end && *d->p == '}') { d->p++; return 1; }
  for (;;) {
    skip_ws(d);
    if (d->p >= d->end || *d->p != '"') { lua_pop(L, 1); return fail(d, "expected a string key in object"); }
    d->p++;
    if (!dec_string(L, d)) { lua_pop(L, 1); return 0; }
    skip_ws(d);
    if (d->p >= d->end || *d->p != ':') { lua_pop(L, 2); return fail(d, "expected ':' after key"); }
    d->p++;
    if (!dec_value(L, d, depth + 1)) { lua_pop(L, 2); return 0; }
    lua_rawset(L, -3);
    skip_ws(d);
    if (d->p < d->end && *d->p == ',') { d->p++; continue; }
    if (d->p < d->end && *d->p == '}') { d->p++; return 1; }
    lua_pop(L, 1);
    return fail(d, "expected ',' or '}' in object");
  }
}

static int match_word(jdec *d, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(d->end - d->p) >= n && memcmp(d->p, w, n) == 0) { d->p += n; return 1; }
  return 0;
}

static int dec_value(lua_State *L, jdec *d, int depth) {
  if (depth > JSON_MAX_DEPTH) return fail(d, "nested too deeply");
  if (!lua_checkstack(L, 4)) return fail(d, "nested too deeply");
  skip_ws(d);
  if (d->p >= d->end) return fail(d, "unexpected end of input");
  char c = *d->p;
  switch (c) {
    case '{': d->p++; return dec_object(L, d, depth);
    case '[': d->p++; return dec_array(L, d, depth);
    case '"': d->p++; return dec_string(L, d);
    case 't': if (match_word(d, "true")) { lua_pushboolean(L, 1); return 1; } break;
    case 'f': if (match_word(d, "false")) { lua_pushboolean(L, 0); return 1; } break;
    case 'n': if (match_word(d, "null")) { clerk_json_push_null(L); return 1; } break;
    default:
      if (c == '-' || (c >= '0' && c <= '9')) return dec_number(L, d);
  }
  return fail(d, "unexpected character");
}

int clerk_json_decode(lua_State *L, const char *s, size_t len, char *err, size_t errsz) {
  jdec d = { s, s, s + len, "" };
  int top = lua_gettop(L);
  if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) d.p += 3;   /* a BOM is harmless */
  if (dec_value(L, &d, 0)) {
    skip_ws(&d);
    if (d.p == d.end) return 1;
    lua_settop(L, top);
    fail(&d, "unexpected text after the JSON value");
  }
  lua_settop(L, top);
  snprintf(err, errsz, "%s", d.err);
  return 0;
}

static int l_decode(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  char err[200];
  if (clerk_json_decode(L, s, len, err, sizeof err)) return 1;
  luaL_pushfail(L);
  lua_pushstring(L, err);
  return 2;
}

/* -- encoder ------------------------------------------------------------ */

/* The encoder appends to a clerk_buffer, not a luaL_Buffer, because it pushes
** temporaries (sorted keys, values) between appends. */

typedef struct jenc {
  lua_State *L;
  clerk_buffer *b;
  int indent;        /* spaces per level; 0 = compact */
  int order;         /* stack index of the key-order table, or 0 */
} jenc;

static void add_c(jenc *e, char c) { clerk_buffer_add(e->L, e->b, &c, 1); }
static void add_s(jenc *e, const char *s) { clerk_buffer_add(e->L, e->b, s, strlen(s)); }

static void enc_string(jenc *e, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  add_c(e, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
      case '"': add_s(e, "\\\""); break;
      case '\\': add_s(e, "\\\\"); break;
      case '\n': add_s(e, "\\n"); break;
      case '\r': add_s(e, "\\r"); break;
      case '\t': add_s(e, "\\t"); break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
          add_s(e, u);
        } else add_c(e, (char)c);
    }
  }
  add_c(e, '"');
}

static void newline(jenc *e, int depth) {
  if (!e->indent) return;
  add_c(e, '\n');
  for (int i = 0; i < depth * e->indent; i++) add_c(e, ' ');
}

/* A table is an array when its keys are exactly 1..n (n may be 0). */
static int array_length(lua_State *L, int idx, lua_Integer *n) {
  lua_Integer count = 0, max = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1)) { lua_pop(L, 1); return 0; }
    lua_Integer k = lua_tointeger(L, -1);
    if (k < 1) { lua_pop(L, 1); return 0; }
    if (k > max) max = k;
    count++;
  }
  *n = max;
  return count == max;
}

static void enc_value(lua_State *L, jenc *e, int idx, int depth);

/* Sort helper: keys of the object at idx into a new array table on the stack,
** the order table's keys first (in its order), the rest sorted. */
static void push_sorted_keys(lua_State *L, jenc *e, int idx) {
  lua_newtable(L);
  int keys = lua_gettop(L);
  lua_Integer n = 0;
  if (e->order) {
    lua_Integer m = (lua_Integer)lua_rawlen(L, e->order);
    for (lua_Integer i = 1; i <= m; i++) {
      lua_rawgeti(L, e->order, i);
      lua_pushvalue(L, -1);
      if (lua_rawget(L, idx) != LUA_TNIL) { lua_pop(L, 1); lua_rawseti(L, keys, ++n); }
      else lua_pop(L, 2);
    }
  }
  lua_Integer first_rest = n + 1;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    int listed = 0;
    if (e->order && lua_type(L, -1) == LUA_TSTRING) {
      lua_pushvalue(L, -1);
      lua_rawget(L, e->order + 1);     /* the order table's inverse, see l_encode */
      listed = !lua_isnil(L, -1);
      lua_pop(L, 1);
    }
    if (!listed) { lua_pushvalue(L, -1); lua_rawseti(L, keys, ++n); }
  }
  /* insertion sort of the unlisted keys by their string form: objects are small */
  for (lua_Integer i = first_rest + 1; i <= n; i++) {
    for (lua_Integer j = i; j > first_rest; j--) {
      lua_rawgeti(L, keys, j - 1);
      lua_rawgeti(L, keys, j);
      const char *a = luaL_tolstring(L, -2, NULL);
      const char *b = luaL_tolstring(L, -2, NULL);
      int swap = strcmp(a, b) > 0;
      lua_pop(L, 2);
      if (!swap) { lua_pop(L, 2); break; }
      lua_rawseti(L, keys, j - 1);
      lua_rawseti(L, keys, j);
    }
  }
}

static void enc_table(lua_State *L, jenc *e, int idx, int depth) {
  if (depth > JSON_MAX_DEPTH) luaL_error(L, "json.encode: nested too deeply (or a cycle)");
  luaL_checkstack(L, 8, "json.encode");
  lua_Integer n;
  int force_object = 0;
  if (lua_getmetatable(L, idx)) {
    lua_getfield(L, -1, "__jsonobject");
    force_object = lua_toboolean(L, -1);
    lua_pop(L, 2);
  }
  if (!force_object && array_length(L, idx, &n)) {
    add_c(e, '[');
    for (lua_Integer i = 1; i <= n; i++) {
      if (i > 1) add_c(e, ',');
      newline(e, depth + 1);
      lua_rawgeti(L, idx, i);
      enc_value(L, e, lua_gettop(L), depth + 1);
      lua_pop(L, 1);
    }
    if (n > 0) newline(e, depth);
    add_c(e, ']');
    return;
  }
  push_sorted_keys(L, e, idx);
  int keys = lua_gettop(L);
  lua_Integer m = (lua_Integer)lua_rawlen(L, keys);
  add_c(e, '{');
  for (lua_Integer i = 1; i <= m; i++) {
    if (i > 1) add_c(e, ',');
    newline(e, depth + 1);
    lua_rawgeti(L, keys, i);
    size_t kl;
    const char *k = luaL_tolstring(L, -1, &kl);
    enc_string(e, k, kl);
    lua_pop(L, 1);
    add_c(e, ':');
    if (e->indent) add_c(e, ' ');
    lua_rawget(L, idx);
    enc_value(L, e, lua_gettop(L), depth + 1);
    lua_pop(L, 1);
  }
  if (m > 0) newline(e, depth);
  add_c(e, '}');
  lua_pop(L, 1);
}

static void enc_value(lua_State *L, jenc *e, int idx, int depth) {
  switch (lua_type(L, idx)) {
    case LUA_TNIL: add_s(e, "null"); break;
    case LUA_TBOOLEAN: add_s(e, lua_toboolean(L, idx) ? "true" : "false"); break;
    case LUA_TNUMBER: {
      char num[64];
      if (lua_isinteger(L, idx)) snprintf(num, sizeof num, LUA_INTEGER_FMT, lua_tointeger(L, idx));
      else {
        lua_Number x = lua_tonumber(L, idx);
        if (!isfinite(x)) luaL_error(L, "json.encode: cannot encode %s", x != x ? "NaN" : "infinity");
        snprintf(num, sizeof num, "%.17g", x);
      }
      add_s(e, num);
      break;
    }
    case LUA_TSTRING: {
      size_t n;
      const char *s = lua_tolstring(L, idx, &n);
      enc_string(e, s, n);
      break;
    }
    case LUA_TTABLE:
      if (is_null(L, idx)) add_s(e, "null");
      else enc_table(L, e, idx, depth);
      break;
    default:
      luaL_error(L, "json.encode: cannot encode a %s", luaL_typename(L, idx));
  }
}

/* json.encode(value [, {indent = 2, order = {"key", ...}}]) */
static int l_encode(lua_State *L) {
  jenc e = { NULL, NULL, 0, 0 };
  lua_settop(L, 2);
  if (lua_istable(L, 2)) {
    lua_getfield(L, 2, "indent");
    e.indent = (int)luaL_optinteger(L, -1, 0);
    if (e.indent < 0 || e.indent > 8) e.indent = 2;
    lua_getfield(L, 2, "order");            /* index 4 */
    if (lua_istable(L, -1)) {
      e.order = lua_gettop(L);
      lua_newtable(L);                       /* index 5: inverse of order */
      lua_Integer m = (lua_Integer)lua_rawlen(L, e.order);
      for (lua_Integer i = 1; i <= m; i++) {
        lua_rawgeti(L, e.order, i);
        lua_pushboolean(L, 1);
        lua_rawset(L, -3);
      }
    }
  } else if (!lua_isnil(L, 2)) luaL_typeerror(L, 2, "table");
  e.L = L;
  e.b = clerk_buffer_new(L);
  enc_value(L, &e, 1, 0);
  lua_pushlstring(L, e.b->p ? e.b->p : "", e.b->n);
  return 1;
}

static int l_null_tostring(lua_State *L) {
  lua_pushliteral(L, "null");
  return 1;
}

void clerk_json_open(lua_State *L) {
  /* the null sentinel: one per state, shared by every plugin's clerk table */
  if (lua_getfield(L, LUA_REGISTRYINDEX, JSON_NULL_KEY) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_newtable(L);
    lua_pushcfunction(L, l_null_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "null");
    lua_setfield(L, -2, "__name");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, JSON_NULL_KEY);
  }
  lua_newtable(L);
  lua_pushcfunction(L, l_encode);
  lua_setfield(L, -2, "encode");
  lua_pushcfunction(L, l_decode);
  lua_setfield(L, -2, "decode");
  lua_insert(L, -2);
  lua_setfield(L, -2, "null");
}
