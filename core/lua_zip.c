/*
** lua_zip.c -- clerk.zip for plugins. (Placeholder while the reader is built.)
*/
#include "lua_clerk.h"

void clerk_zip_open(lua_State *L) { lua_newtable(L); }
