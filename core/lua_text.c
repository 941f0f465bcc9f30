/*
** lua_text.c -- clerk.text for plugins: layout-only helpers over a text that
** the minutes rules call for every unit, where Lua's per-token work cost
** more than the rules themselves.
**   clerk.text.tokens(s) -> { {w=, s=, e=, bare=}, ... }
** The words of s (runs of bytes other than ASCII blanks) with their 1-based
** byte positions; bare is the word without the opening and closing
** punctuation minutes put around names. It does what the Lua reference in
** plugins/lib/minutes/attendance.lua does, byte for byte: that file uses this
** when it is there, and tests/lua/test_minutes_tokens.lua compares the two.
*/
#include "lua_clerk.h"

static int is_blank(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static int is_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Bytes stripped before a word: ( " ' and the bytes of U+2018 and U+201C
** (E2 80 98, E2 80 9C), each on its own, as a Lua character class takes them. */
static int opens(unsigned char c) {
  return c == '(' || c == '"' || c == '\'' || c == 0xE2 || c == 0x80 || c == 0x98 || c == 0x9C;
}

/* Bytes stripped after a word: . , ; : ! ? ) " ' and those of U+2019, U+201D. */
static int closes(unsigned char c) {
  switch (c) {
    case '.': case ',': case ';': case ':': case '!': case '?': case ')': case '"': case '\'':
    case 0xE2: case 0x80: case 0x99: case 0x9D:
      return 1;
    default:
      return 0;
  }
}

static int text_tokens(lua_State *L) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  /* a guess at the count (one word in six bytes), capped: the table grows */
  lua_createtable(L, (int)(len / 6 < 65536 ? len / 6 : 65536), 0);
  lua_Integer n = 0;
  size_t i = 0;
  while (i < len) {
    while (i < len && is_blank(s[i])) i++;
    if (i >= len) break;
    size_t st = i;
    while (i < len && !is_blank(s[i])) i++;
    size_t a = st, b = i;
    if (!is_alnum(s[st])) while (a < b && opens(s[a])) a++;
    if (!is_alnum(s[i - 1])) while (b > a && closes(s[b - 1])) b--;
    lua_createtable(L, 0, 4);
    lua_pushlstring(L, (const char *)s + st, i - st);
    if (a == st && b == i) lua_pushvalue(L, -1);
    else lua_pushlstring(L, (const char *)s + a, b - a);
    lua_setfield(L, -3, "bare");
    lua_setfield(L, -2, "w");
    lua_pushinteger(L, (lua_Integer)st + 1);
    lua_setfield(L, -2, "s");
    lua_pushinteger(L, (lua_Integer)i);
    lua_setfield(L, -2, "e");
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

void clerk_text_open(lua_State *L) {
  static const luaL_Reg funcs[] = { { "tokens", text_tokens }, { NULL, NULL } };
  luaL_newlib(L, funcs);
}
