/*
** mem.h -- the allocator every core file uses, so tests can make the Nth
** allocation fail (CLERK_TESTING builds only) and prove each path recovers.
*/
#ifndef CLERK_MEM_H
#define CLERK_MEM_H

#include <stddef.h>

void *clerk_malloc(size_t n);
void *clerk_calloc(size_t count, size_t size);
void *clerk_realloc(void *p, size_t n);
void clerk_mfree(void *p);
char *clerk_strdup(const char *s);            /* NULL in, NULL out */
char *clerk_strndup(const char *s, size_t n);
/* printf into a new buffer; NULL when memory runs out. */
char *clerk_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#ifdef CLERK_TESTING
/* Let `n` more allocations succeed, then fail every one; n < 0 turns it off.
** Test-only and process-wide on purpose: tests run one engine at a time. */
void clerk_test_fail_alloc_after(long n);
long clerk_test_alloc_count(void);
/* Counts one allocation made outside mem.c (lua_pool.c's blocks): true when
** the injection says it must fail. */
int clerk_test_alloc_fails(void);
/* import_many.c: the bytes workers may hold unwritten (0: the default). */
void clerk_test_import_budget(size_t bytes);
#endif

#endif
