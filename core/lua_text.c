/*
** lua_text.c -- clerk.text for plugins: finding any of a list of words in a
** text in one pass of C, so that a rule can go straight to the few places
** worth reading instead of cutting every text into words in Lua.
**
**   clerk.text.words(list [, fold]) -> matcher
**   matcher:find(s [, init])       -> start, end | nil
**   clerk.text.token(s, p)          -> start, end | nil
**   clerk.text.token_before(s, p)   -> start, end | nil
**   clerk.text.token_after(s, p)    -> start, end | nil
**   clerk.text.tokens(s, lead, trail) -> words, bares, starts, ends
**
** A match is an occurrence, at or after init, of one of the words with no
** ASCII letter or digit just before or just after it: "noted" is found in
** "(noted)," and in "she noted.", not in "annoted" or "notedly". Of several
** words starting at the same byte the longest is given. fold makes the
** comparison ASCII case-insensitive. Which words, and what a match means,
** stay with the rule: this only says where to look.
**
** A token is a run of non-blanks (Lua's %S+): token gives the one holding
** byte p (nil when p is a blank or outside s), token_before the last one
** ending before byte p, token_after the first run of non-blanks from byte
** p + 1 on, as s:find("%S+", p + 1) (nil when there is none). Rules read the words
** around a match with these instead of cutting the whole text.
*/
#include "lua_clerk.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#define TEXT_WORDS_META "clerk.text.words"
#define TEXT_MAX_WORDS  4096          /* a rule's list, not a dictionary */
#define TEXT_MAX_WORD   255

typedef struct text_word { uint32_t off; uint8_t len; } text_word;

typedef struct matcher {
  int fold;
  int n;
  uint16_t start[257];      /* words starting with (folded) byte c: [start[c], start[c+1]) */
  unsigned char maybe[256]; /* some word starts with this byte (either case when folding) */
  /* text_word w[n], then the words' bytes, folded when fold is on */
} matcher;

static text_word *words_of(matcher *m) { return (text_word *)(m + 1); }
static const char *bytes_of(matcher *m) { return (const char *)(words_of(m) + m->n); }

static unsigned char fold_byte(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

/* ASCII letters and digits: what may not touch a match on either side */
static const unsigned char ALNUM[256] = {
  ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
  ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
  ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
  ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
  ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
  ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
  ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1 };
static int alnum(unsigned char c) { return ALNUM[c]; }

/* Builds the matcher in one userdata: the table of words by first byte,
** longest first within a byte, then their bytes. The list is read raw, so
** no metamethod can change it between the pass that sizes the userdata and
** the pass that fills it. */
static int l_words(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  int fold = lua_toboolean(L, 2);
  size_t rawn = lua_rawlen(L, 1);
  luaL_argcheck(L, rawn <= TEXT_MAX_WORDS, 1, "more than 4096 words");
  lua_Integer n = (lua_Integer)rawn;
  size_t total = 0;
  for (lua_Integer i = 1; i <= n; i++) {
    size_t len;
    lua_rawgeti(L, 1, i);
    if (lua_type(L, -1) != LUA_TSTRING)
      return luaL_error(L, "bad argument #1 to 'words' (word %d is a %s, a string expected)",
                        (int)i, luaL_typename(L, -1));
    lua_tolstring(L, -1, &len);
    if (len == 0 || len > TEXT_MAX_WORD)
      return luaL_error(L, "bad argument #1 to 'words' (word %d is empty or longer than 255 bytes)", (int)i);
    total += len;
    lua_pop(L, 1);
  }
  size_t size = sizeof(matcher) + (size_t)n * sizeof(text_word) + total;
  matcher *m = lua_newuserdatauv(L, size, 0);
  memset(m, 0, sizeof *m);
  m->fold = fold;
  m->n = (int)n;
  luaL_setmetatable(L, TEXT_WORDS_META);
  /* count per first byte, then place each word in its byte's run */
  text_word *w = words_of(m);
  char *pool = (char *)bytes_of(m);
  uint16_t count[256] = { 0 };
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, 1, i);
    unsigned char c = (unsigned char)lua_tostring(L, -1)[0];
    count[fold ? fold_byte(c) : c]++;
    lua_pop(L, 1);
  }
  for (int c = 0; c < 256; c++) m->start[c + 1] = (uint16_t)(m->start[c] + count[c]);
  uint16_t fill[256];
  memcpy(fill, m->start, sizeof fill);
  uint32_t off = 0;
  for (lua_Integer i = 1; i <= n; i++) {
    size_t len;
    lua_rawgeti(L, 1, i);
    const char *s = lua_tolstring(L, -1, &len);
    for (size_t k = 0; k < len; k++) pool[off + k] = fold ? (char)fold_byte((unsigned char)s[k]) : s[k];
    unsigned char c = (unsigned char)pool[off];
    /* insertion by length, longest first, within the byte's run */
    int at = fill[c]++;
    while (at > m->start[c] && w[at - 1].len < len) { w[at] = w[at - 1]; at--; }
    w[at].off = off;
    w[at].len = (uint8_t)len;
    off += (uint32_t)len;
    m->maybe[c] = 1;
    if (fold && c >= 'a' && c <= 'z') m->maybe[c - 32] = 1;
    lua_pop(L, 1);
  }
  return 1;
}

/* The bytes after a word's first agree (the first was looked up by). */
static int same_rest(const unsigned char *a, const unsigned char *word, size_t len, int fold) {
  if (fold) {
    for (size_t k = 1; k < len; k++)
      if (fold_byte(a[k]) != word[k]) return 0;
  } else {
    for (size_t k = 1; k < len; k++)
      if (a[k] != word[k]) return 0;
  }
  return 1;
}

/* matcher:find(s [, init]) -> start, end (1-based, inclusive) | nil */
static int l_find(lua_State *L) {
  matcher *m = luaL_checkudata(L, 1, TEXT_WORDS_META);
  size_t n;
  const char *s = luaL_checklstring(L, 2, &n);
  lua_Integer init = luaL_optinteger(L, 3, 1);
  if (init < 1) init = 1;
  if ((size_t)init > n) { lua_pushnil(L); return 1; }
  const unsigned char *u = (const unsigned char *)s;
  const text_word *w = words_of(m);
  const unsigned char *pool = (const unsigned char *)bytes_of(m);
  size_t p = (size_t)init - 1;
  /* inside a word: no match starts before the byte after its end */
  if (p > 0 && alnum(u[p - 1])) {
    while (p < n && alnum(u[p])) p++;
    p++;
  }
  while (p < n) {            /* here the byte before p (if any) is no letter or digit */
    unsigned char b = u[p];
    if (m->maybe[b]) {
      unsigned char c = m->fold ? fold_byte(b) : b;
      for (int k = m->start[c]; k < m->start[c + 1]; k++) {
        size_t len = w[k].len;
        /* the cheap tests first: room, and no letter or digit just after */
        if (len > n - p || (p + len < n && alnum(u[p + len]))) continue;
        if (!same_rest(u + p, pool + w[k].off, len, m->fold)) continue;
        lua_pushinteger(L, (lua_Integer)p + 1);
        lua_pushinteger(L, (lua_Integer)(p + len));
        return 2;
      }
    }
    /* on to the next byte that may start a match: one on, or past a word
    ** and the byte that ends it */
    if (alnum(b)) {
      while (++p < n && alnum(u[p])) {}
      p++;
    } else {
      p++;
    }
  }
  lua_pushnil(L);
  return 1;
}

static int blank(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static int push_span(lua_State *L, size_t a, size_t z) {   /* 0-based, inclusive */
  lua_pushinteger(L, (lua_Integer)a + 1);
  lua_pushinteger(L, (lua_Integer)z + 1);
  return 2;
}

/* clerk.text.token(s, p) -> start, end | nil */
static int l_token(lua_State *L) {
  size_t n;
  const unsigned char *u = (const unsigned char *)luaL_checklstring(L, 1, &n);
  lua_Integer p = luaL_checkinteger(L, 2);
  if (p < 1 || (size_t)p > n || blank(u[p - 1])) { lua_pushnil(L); return 1; }
  size_t a = (size_t)p - 1, z = a;
  while (a > 0 && !blank(u[a - 1])) a--;
  while (z + 1 < n && !blank(u[z + 1])) z++;
  return push_span(L, a, z);
}

/* clerk.text.token_before(s, p) -> start, end | nil */
static int l_token_before(lua_State *L) {
  size_t n;
  const unsigned char *u = (const unsigned char *)luaL_checklstring(L, 1, &n);
  lua_Integer p = luaL_checkinteger(L, 2);
  if (p > (lua_Integer)n + 1) p = (lua_Integer)n + 1;
  if (p < 2) { lua_pushnil(L); return 1; }
  size_t z = (size_t)p - 1;           /* bytes before p: [0, z) */
  while (z > 0 && blank(u[z - 1])) z--;
  if (z == 0) { lua_pushnil(L); return 1; }
  size_t a = z - 1;
  while (a > 0 && !blank(u[a - 1])) a--;
  return push_span(L, a, z - 1);
}

/* clerk.text.token_after(s, p) -> start, end | nil */
static int l_token_after(lua_State *L) {
  size_t n;
  const unsigned char *u = (const unsigned char *)luaL_checklstring(L, 1, &n);
  lua_Integer p = luaL_checkinteger(L, 2);
  if (p < 0) p = 0;
  if (p >= (lua_Integer)n) { lua_pushnil(L); return 1; }
  size_t a = (size_t)p;               /* bytes after p: [p, n) 0-based */
  while (a < n && blank(u[a])) a++;
  if (a == n) { lua_pushnil(L); return 1; }
  size_t z = a;
  while (z + 1 < n && !blank(u[z + 1])) z++;
  return push_span(L, a, z);
}

/* clerk.text.tokens(s, lead, trail) -> words, bares, starts, ends */
static int l_tokens(lua_State *L) {
  size_t n, nl, nt;
  const unsigned char *u = (const unsigned char *)luaL_checklstring(L, 1, &n);
  const unsigned char *lead = (const unsigned char *)luaL_checklstring(L, 2, &nl);
  const unsigned char *trail = (const unsigned char *)luaL_checklstring(L, 3, &nt);
  unsigned char in_lead[256] = { 0 }, in_trail[256] = { 0 };
  for (size_t k = 0; k < nl; k++) in_lead[lead[k]] = 1;
  for (size_t k = 0; k < nt; k++) in_trail[trail[k]] = 1;
  /* a first pass counts the tokens, so each array is made at its size */
  lua_Integer count = 0;
  for (size_t p = 0; p < n; p++)
    if (!blank(u[p]) && (p == 0 || blank(u[p - 1]))) count++;
  if (count > INT_MAX) return luaL_error(L, "text too long for clerk.text.tokens");
  for (int k = 0; k < 4; k++) lua_createtable(L, (int)count, 0);
  int words = lua_gettop(L) - 3, bares = words + 1, starts = words + 2, ends = words + 3;
  lua_Integer i = 0;
  for (size_t p = 0; p < n;) {
    if (blank(u[p])) { p++; continue; }
    size_t a = p, z = p;
    while (z + 1 < n && !blank(u[z + 1])) z++;
    p = z + 1;
    i++;
    lua_pushlstring(L, (const char *)u + a, z - a + 1);
    lua_rawseti(L, words, i);
    size_t ba = a, bz = z + 1;       /* the bare form: [ba, bz) */
    if (!alnum(u[a])) while (ba < bz && in_lead[u[ba]]) ba++;
    if (!alnum(u[z])) while (bz > ba && in_trail[u[bz - 1]]) bz--;
    if (ba == a && bz == z + 1) lua_rawgeti(L, words, i);   /* the same string */
    else lua_pushlstring(L, (const char *)u + ba, bz - ba);
    lua_rawseti(L, bares, i);
    lua_pushinteger(L, (lua_Integer)a + 1);
    lua_rawseti(L, starts, i);
    lua_pushinteger(L, (lua_Integer)z + 1);
    lua_rawseti(L, ends, i);
  }
  return 4;
}

static int l_tostring(lua_State *L) {
  matcher *m = luaL_checkudata(L, 1, TEXT_WORDS_META);
  lua_pushfstring(L, "clerk.text.words (%d words%s)", m->n, m->fold ? ", any case" : "");
  return 1;
}

void clerk_text_open(lua_State *L) {
  static const luaL_Reg methods[] = { { "find", l_find }, { NULL, NULL } };
  if (luaL_newmetatable(L, TEXT_WORDS_META)) {
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_tostring);
    lua_setfield(L, -2, "__tostring");
  }
  lua_pop(L, 1);
  static const luaL_Reg funcs[] = {
    { "words", l_words }, { "token", l_token }, { "token_before", l_token_before },
    { "token_after", l_token_after }, { "tokens", l_tokens }, { NULL, NULL } };
  luaL_newlib(L, funcs);
}
