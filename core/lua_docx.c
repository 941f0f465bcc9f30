/*
** lua_docx.c -- clerk.docx for plugins. (Placeholder while the reader is built.)
*/
#include "lua_clerk.h"

void clerk_docx_open(lua_State *L) { lua_newtable(L); }
