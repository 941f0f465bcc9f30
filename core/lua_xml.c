/*
** lua_xml.c -- clerk.xml for plugins. (Placeholder while the reader is built.)
*/
#include "lua_clerk.h"

void clerk_xml_open(lua_State *L) { lua_newtable(L); }
