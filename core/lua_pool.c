/*
** lua_pool.c -- small blocks for one Lua state, from free lists.
**
** Interpreting minutes makes and drops hundreds of thousands of small Lua
** objects (strings, tables, closures) a file. Each went through malloc and
** free, about 6% of an import's instructions. Here a block of up to
** POOL_MAX bytes comes from the free list of its size class, refilled from
** slabs; larger ones still go to mem.c. Lua says the size of every block it
** frees or resizes, so blocks carry no header.
**
** A pool belongs to one Lua state and so to one thread at a time. Freed
** blocks stay in the pool until lua_pool_close: it holds a state's peak, no more.
** Test builds count every block as an allocation that may be made to fail,
** as when each went to mem.c; under AddressSanitizer free blocks are poisoned, so a use after free of
** a Lua object is still caught until the block is handed out again.
*/
#include "lua_clerk.h"
#include "mem.h"

#include <stdint.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define POOL_GRAIN 16                       /* class k holds blocks of k * 16 bytes */
#define POOL_MAX 256
#define POOL_CLASSES (POOL_MAX / POOL_GRAIN + 1)
#define SLAB_SIZE ((size_t)64 << 10)

typedef struct free_block { struct free_block *next; } free_block;
typedef struct slab { struct slab *next; } slab;   /* then its blocks */

struct lua_pool {
  free_block *free[POOL_CLASSES];
  slab *slabs;
  char *bump, *end;                         /* the newest slab's unused bytes */
};

static size_t class_of(size_t n) { return (n + POOL_GRAIN - 1) / POOL_GRAIN; }

lua_pool *lua_pool_open(void) {
  lua_pool *p = clerk_calloc(1, sizeof *p);
  return p;
}

void lua_pool_close(lua_pool *p) {
  if (!p) return;
  slab *s = p->slabs;
  while (s) {
    slab *next = s->next;
    UNPOISON(s, SLAB_SIZE);
    clerk_mfree(s);
    s = next;
  }
  clerk_mfree(p);
}

/* A block of class k: from its free list, else carved from the slab. */
static void *take(lua_pool *p, size_t k) {
  free_block *b = p->free[k];
  size_t size = k * POOL_GRAIN;
  if (b) {
    UNPOISON(b, size);
    p->free[k] = b->next;
    return b;
  }
  if ((size_t)(p->end - p->bump) < size) {
    /* the old slab's tail is too small for this class: left unused */
    slab *s = clerk_malloc(SLAB_SIZE);
    if (!s) return NULL;
    s->next = p->slabs;
    p->slabs = s;
    p->bump = (char *)s + POOL_GRAIN;        /* blocks stay 16-byte aligned */
    p->end = (char *)s + SLAB_SIZE;
    POISON(p->bump, (size_t)(p->end - p->bump));
  }
  void *r = p->bump;
  p->bump += size;
  UNPOISON(r, size);
  return r;
}

static void give(lua_pool *p, void *ptr, size_t k) {
  free_block *b = ptr;
  b->next = p->free[k];
  p->free[k] = b;
  POISON(b, k * POOL_GRAIN);
}

/* A lua_Alloc over the pool (ptr NULL: osize is Lua's type tag, no size). */
void *lua_pool_alloc(lua_pool *p, void *ptr, size_t osize, size_t nsize) {
  size_t old = ptr ? osize : 0;
  size_t ok = old && old <= POOL_MAX ? class_of(old) : 0;
  if (nsize == 0) {
    if (ok) give(p, ptr, ok);
    else clerk_mfree(ptr);
    return NULL;
  }
  size_t nk = nsize <= POOL_MAX ? class_of(nsize) : 0;
#ifdef CLERK_TESTING
  if (nk && clerk_test_alloc_fails()) return NULL;
#endif
  if (ptr && ok == nk && nk) return ptr;    /* same class: nothing moves */
  if (ptr && !ok && !nk) return clerk_realloc(ptr, nsize);
  void *q = nk ? take(p, nk) : clerk_malloc(nsize);
  if (!q) return NULL;                      /* the old block stays as it was */
  if (ptr) {
    memcpy(q, ptr, old < nsize ? old : nsize);
    if (ok) give(p, ptr, ok);
    else clerk_mfree(ptr);
  }
  return q;
}
