/*
** lua_docx.c -- clerk.docx for plugins: a .docx's blocks and plain text.
**   clerk.docx.read(bytes [, {all = bool}]) -> blocks, text | nil, message, code
**   clerk.docx.text(bytes [, {all = bool}]) -> text | nil, message, code
** read() gives every part by default (headers, footers, notes and comments
** too, each block marked with its part); text() gives what `clerk text`
** prints (body and notes) unless all = true. Spans are 1-based inclusive
** byte offsets into the text.
*/
#include <string.h>

#include "docx.h"
#include "lua_clerk.h"

static int blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* s[a..b) with each run of blanks (space, tab, line break) as one space.
** Most texts have none to squash: they are pushed as they are. */
static void push_words(lua_State *L, const char *s, size_t a, size_t b) {
  size_t i = a;   /* the first byte squashing changes: a tab or break, or a blank after a space */
  for (; i < b; i++) {
    char c = s[i];
    if (c == '\t' || c == '\n' || c == '\r' || (c == ' ' && i + 1 < b && blank(s[i + 1]))) break;
  }
  if (i == b) { lua_pushlstring(L, s + a, b - a); return; }
  luaL_Buffer buf;
  char *out = luaL_buffinitsize(L, &buf, b - a);   /* squashing only shortens */
  size_t n = i - a;
  memcpy(out, s + a, n);
  int space = 0;
  for (; i < b; i++) {
    char c = s[i];
    if (blank(c)) {
      if (!space) out[n++] = ' ';
      space = 1;
    } else {
      out[n++] = c;
      space = 0;
    }
  }
  luaL_pushresultsize(&buf, n);
}

static void push_span(lua_State *L, size_t first, size_t last) {
  lua_createtable(L, 2, 0);
  lua_pushinteger(L, (lua_Integer)first + 1);
  lua_rawseti(L, -2, 1);
  lua_pushinteger(L, (lua_Integer)last);
  lua_rawseti(L, -2, 2);
}

/* The number without its punctuation: "1." -> "1", "a)" -> "a", "(iv)" -> "iv". */
static void push_number(lua_State *L, const char *label) {
  size_t a = 0, b = strlen(label);
  while (a < b && strchr("([", label[a])) a++;
  while (b > a && strchr(".)]:", label[b - 1])) b--;
  lua_pushlstring(L, label + a, b - a);
}

static void push_block(lua_State *L, const docx_doc *d, const docx_block *b) {
  lua_createtable(L, 0, 12);
  lua_pushstring(L, docx_kind_name(b->kind));
  lua_setfield(L, -2, "kind");
  lua_pushstring(L, docx_part_name(b->part));
  lua_setfield(L, -2, "part");
  push_span(L, b->first, b->last);
  lua_setfield(L, -2, "span");
  lua_pushinteger(L, (lua_Integer)b->line);
  lua_setfield(L, -2, "line");
  if (b->level) { lua_pushinteger(L, b->level); lua_setfield(L, -2, "level"); }
  if (b->outline >= 0) { lua_pushinteger(L, b->outline); lua_setfield(L, -2, "outline"); }
  if (b->style) { lua_pushstring(L, b->style); lua_setfield(L, -2, "style"); }
  if (b->note > 0) { lua_pushinteger(L, b->note); lua_setfield(L, -2, "note"); }
  if (b->bullet) { lua_pushboolean(L, 1); lua_setfield(L, -2, "bullet"); }
  else if (b->label[0] && b->kind != DOCX_ROW && b->label[0] != '[') {
    lua_pushstring(L, b->label);
    lua_setfield(L, -2, "label");
    push_number(L, b->label);
    lua_setfield(L, -2, "number");
  }
  if (b->kind == DOCX_ROW) {
    luaL_Buffer all;
    lua_createtable(L, (int)b->ncells, 0);
    for (size_t i = 0; i < b->ncells; i++) {
      const docx_cell *c = &d->cells[b->cell0 + i];
      lua_createtable(L, 0, 5);
      push_words(L, d->text, c->first, c->last);
      lua_setfield(L, -2, "text");
      push_span(L, c->first, c->last);
      lua_setfield(L, -2, "span");
      lua_pushinteger(L, c->gridspan);
      lua_setfield(L, -2, "gridspan");
      if (c->vmerge) { lua_pushstring(L, c->vmerge == 1 ? "restart" : "continue"); lua_setfield(L, -2, "vmerge"); }
      if (c->nested) { lua_pushboolean(L, 1); lua_setfield(L, -2, "nested"); }
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "cells");
    lua_pushinteger(L, b->table);
    lua_setfield(L, -2, "table");
    /* the row's text: its cells joined as the text reader joins them */
    luaL_buffinit(L, &all);
    for (size_t i = 0; i < b->ncells; i++) {
      const docx_cell *c = &d->cells[b->cell0 + i];
      if (i) luaL_addstring(&all, " | ");
      push_words(L, d->text, c->first, c->last);
      luaL_addvalue(&all);
    }
    luaL_pushresult(&all);
  } else {
    push_words(L, d->text, b->words, b->last);
  }
  lua_setfield(L, -2, "text");
}

static unsigned parts_of(lua_State *L, int idx, unsigned dflt) {
  if (lua_isnoneornil(L, idx)) return dflt;
  luaL_checktype(L, idx, LUA_TTABLE);
  lua_getfield(L, idx, "all");
  unsigned parts = lua_isnil(L, -1) ? dflt : lua_toboolean(L, -1) ? DOCX_PARTS_ALL : DOCX_PARTS_TEXT;
  lua_pop(L, 1);
  return parts;
}

static int fail(lua_State *L, int rc, const char *err) {
  lua_pushnil(L);
  lua_pushstring(L, err);
  lua_pushinteger(L, rc);
  return 3;
}

/* Reads the document of argument 1 (parts per argument 2) into a box that
** frees it if Lua raises; pushes the box and returns the document, or NULL
** after pushing nil, message, code (3 values) on failure. */
static docx_doc *read_boxed(lua_State *L, unsigned dflt_parts, docx_doc ***boxp) {
  size_t len;
  const char *data = luaL_checklstring(L, 1, &len);
  unsigned parts = parts_of(L, 2, dflt_parts);
  char err[256] = "";
  docx_doc *d;
  int rc = docx_read(data, len, parts, &d, err, sizeof err);
  if (rc != CLERK_OK) { fail(L, rc, err); return NULL; }
  docx_doc **box = lua_newuserdatauv(L, sizeof *box, 0);
  *box = d;
  luaL_setmetatable(L, "clerk.docx_doc");
  *boxp = box;
  return d;
}

/* clerk.docx.read(bytes [, {all=}]) -> blocks, text | nil, msg, code */
static int docx_read_l(lua_State *L) {
  docx_doc **box;
  docx_doc *d = read_boxed(L, DOCX_PARTS_ALL, &box);
  if (!d) return 3;
  lua_createtable(L, (int)(d->nblocks < 1000000 ? d->nblocks : 0), 0);
  for (size_t i = 0; i < d->nblocks; i++) {
    push_block(L, d, &d->blocks[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_pushlstring(L, d->text, d->len);
  docx_free(d);
  *box = NULL;
  return 2;
}

/* clerk.docx.text(bytes [, {all=}]) -> text | nil, msg, code */
static int docx_text_l(lua_State *L) {
  docx_doc **box;
  docx_doc *d = read_boxed(L, DOCX_PARTS_TEXT, &box);
  if (!d) return 3;
  lua_pushlstring(L, d->text, d->len);
  docx_free(d);
  *box = NULL;
  return 1;
}

static int doc_gc(lua_State *L) {
  docx_doc **box = luaL_checkudata(L, 1, "clerk.docx_doc");
  docx_free(*box);
  *box = NULL;
  return 0;
}

void clerk_docx_open(lua_State *L) {
  if (luaL_newmetatable(L, "clerk.docx_doc")) {
    lua_pushcfunction(L, doc_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, doc_gc);
    lua_setfield(L, -2, "__close");
  }
  lua_pop(L, 1);
  static const luaL_Reg fns[] = { { "read", docx_read_l }, { "text", docx_text_l }, { NULL, NULL } };
  luaL_newlib(L, fns);
}
