/*
** clerk_register.c -- the public calls of the action register: officers'
** action updates and people corrections (store_register.c does the work).
*/
#include "lua_clerk.h"

int clerk_action_update(clerk *db, int64_t id, const char *kind, const char *value,
                        const char *note) {
  if (!db) return CLERK_MISUSE;
  store *st = clerk__store(db);
  if (!st) return clerk__fail(db, CLERK_MISUSE, "the database is not open");
  int rc = store_action_update(st, id, kind, value, note);
  if (rc != CLERK_OK) return clerk__fail(db, rc, "%s", store_errmsg(st));
  return CLERK_OK;
}

int clerk_person_correct(clerk *db, const char *kind, const char *name, const char *other) {
  if (!db) return CLERK_MISUSE;
  store *st = clerk__store(db);
  if (!st) return clerk__fail(db, CLERK_MISUSE, "the database is not open");
  if (!kind || !name || !other || !*name || !*other)
    return clerk__fail(db, CLERK_MISUSE, "a correction needs two names");
  int rc = store_person_correct(st, kind, name, other);
  if (rc != CLERK_OK) return clerk__fail(db, rc, "%s", store_errmsg(st));
  return CLERK_OK;
}
