/*
** lua_xml.c -- clerk.xml for plugins: XML and HTML bytes -> Lua trees, built
** in C in one walk over libxml2's document.
**
**   clerk.xml.parse(bytes)  -> root | nil, msg    (XML; core/xml.c's rules)
**   clerk.xml.html(bytes [, encoding]) -> root | nil, msg   (HTML, UTF-8 default)
**   clerk.xml.text(node)    -> all the text under node, concatenated
**
** A node is { name = "tag", attrs = { k = v, ... }, [1..n] = children },
** each child a string (text) or a node. `name` is the local name (a SOAP
** "soap:Body" is "Body"). `attrs` is absent when the element has none.
** XML: text that is only whitespace is dropped (it is layout between
** elements). HTML: names are lower case, all text is kept, comments and
** processing instructions are dropped in both.
*/
#include "lua_clerk.h"
#include "xml.h"

#include <string.h>

static int blank(const xmlChar *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
  return 1;
}

static void push_node(lua_State *L, xmlNodePtr n, int keep_blank);

static void push_children(lua_State *L, xmlNodePtr first, int keep_blank) {
  lua_Integer i = 0;
  for (xmlNodePtr c = first; c; c = c->next) {
    switch (c->type) {
    case XML_ELEMENT_NODE:
      push_node(L, c, keep_blank);
      lua_rawseti(L, -2, ++i);
      break;
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      if (!c->content || (!keep_blank && blank(c->content))) break;
      lua_pushstring(L, (const char *)c->content);
      lua_rawseti(L, -2, ++i);
      break;
    default:   /* comments, processing instructions, entity leftovers */
      break;
    }
  }
}

/* Depth is bounded by CLERK_XML_MAX_DEPTH (checked when parsing). */
static void push_node(lua_State *L, xmlNodePtr n, int keep_blank) {
  luaL_checkstack(L, 4, "xml tree");
  lua_createtable(L, 0, 2);
  lua_pushstring(L, (const char *)n->name);
  lua_setfield(L, -2, "name");
  if (n->properties) {
    lua_createtable(L, 0, 4);
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
      const xmlChar *v = (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
                             ? a->children->content : NULL;
      if (v) {
        lua_pushstring(L, (const char *)v);
      } else {  /* value split across nodes: let libxml2 join it */
        xmlChar *joined = xmlNodeListGetString(n->doc, a->children, 1);
        lua_pushstring(L, joined ? (const char *)joined : "");
        xmlFree(joined);
      }
      lua_setfield(L, -2, (const char *)a->name);
    }
    lua_setfield(L, -2, "attrs");
  }
  push_children(L, n->children, keep_blank);
}

/* Parsed doc -> Lua tree; the doc is freed even if Lua runs out of memory. */
static int push_doc(lua_State *L) {
  xmlDocPtr doc = lua_touserdata(L, 1);
  int keep_blank = lua_toboolean(L, 2);
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (!root) { lua_createtable(L, 0, 1); lua_pushliteral(L, "#document"); lua_setfield(L, -2, "name"); return 1; }
  push_node(L, root, keep_blank);
  return 1;
}

static int finish(lua_State *L, xmlDocPtr doc, int keep_blank, const char *err) {
  if (!doc) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  lua_pushcfunction(L, push_doc);
  lua_pushlightuserdata(L, doc);
  lua_pushboolean(L, keep_blank);
  int st = lua_pcall(L, 2, 1, 0);
  clerk_xml_free(doc);
  if (st != LUA_OK) return lua_error(L);
  return 1;
}

static int l_parse(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  char err[256];
  xmlDocPtr doc = clerk_xml_read(s, len, err, sizeof err);
  return finish(L, doc, 0, err);
}

static int l_html(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  const char *enc = luaL_optstring(L, 2, NULL);
  char err[256];
  xmlDocPtr doc = clerk_html_read(s, len, enc, err, sizeof err);
  return finish(L, doc, 1, err);
}

/* Concatenated text under a node (strings pass through). The pieces are
** gathered in a table at index acc first: a luaL_Buffer cannot share the
** stack with the recursion's own values. */
static void gather_text(lua_State *L, int acc, lua_Integer *n, int idx, int depth) {
  if (lua_type(L, idx) == LUA_TSTRING) {
    lua_pushvalue(L, idx);
    lua_rawseti(L, acc, ++*n);
    return;
  }
  if (!lua_istable(L, idx) || depth > CLERK_XML_MAX_DEPTH) return;
  luaL_checkstack(L, 2, "xml text");
  lua_Integer len = (lua_Integer)lua_rawlen(L, idx);
  for (lua_Integer i = 1; i <= len; i++) {
    lua_rawgeti(L, idx, i);
    gather_text(L, acc, n, lua_gettop(L), depth + 1);
    lua_pop(L, 1);
  }
}

static int l_text(lua_State *L) {
  lua_settop(L, 1);
  if (lua_type(L, 1) == LUA_TSTRING) return 1;
  lua_newtable(L);
  lua_Integer n = 0;
  gather_text(L, 2, &n, 1, 0);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, 2, i);
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  return 1;
}

void clerk_xml_open(lua_State *L) {
  static const luaL_Reg fns[] = {
    { "parse", l_parse }, { "html", l_html }, { "text", l_text }, { NULL, NULL }
  };
  luaL_newlib(L, fns);
}
