/* test_lua_pool.c -- the Lua states' small-block pool: blocks of every size
** keep their bytes through growing and shrinking across size classes and
** into and out of malloc'd sizes; a freed block is handed out again; a
** failed request leaves the old block as it was; a whole Lua state runs on
** it. The sanitizer build runs these too, with free blocks poisoned. */
#include "testing.h"
#include "lua_clerk.h"

#include <lauxlib.h>
#include <lualib.h>

static void fill(unsigned char *p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(seed * 31u + i);
}

static int same(const unsigned char *p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; i++)
    if (p[i] != (unsigned char)(seed * 31u + i)) return 0;
  return 1;
}

/* Blocks of 1..600 bytes, each resized through a walk of sizes on both
** sides of the 256-byte limit: the common prefix survives every move. */
static void test_sizes_keep_bytes(void **state) {
  (void)state;
  lua_pool *p = lua_pool_open();
  assert_non_null(p);
  enum { N = 600 };
  static unsigned char *blk[N + 1];
  static size_t len[N + 1];
  for (size_t n = 1; n <= N; n++) {
    blk[n] = lua_pool_alloc(p, NULL, 0, n);
    assert_non_null(blk[n]);
    assert_int_equal((uintptr_t)blk[n] % 16, 0);
    fill(blk[n], n, (unsigned)n);
    len[n] = n;
  }
  static const size_t walk[] = { 17, 16, 255, 256, 257, 1000, 3, 48, 300, 40 };
  for (size_t w = 0; w < sizeof walk / sizeof *walk; w++) {
    for (size_t n = 1; n <= N; n++) {
      size_t to = (walk[w] + n) % 700 + 1;
      unsigned char *q = lua_pool_alloc(p, blk[n], len[n], to);
      assert_non_null(q);
      size_t keep = len[n] < to ? len[n] : to;
      assert_true(same(q, keep, (unsigned)n));
      fill(q, to, (unsigned)n);
      blk[n] = q;
      len[n] = to;
    }
  }
  for (size_t n = 1; n <= N; n++) assert_null(lua_pool_alloc(p, blk[n], len[n], 0));
  lua_pool_close(p);
}

static void test_same_class_does_not_move(void **state) {
  (void)state;
  lua_pool *p = lua_pool_open();
  void *a = lua_pool_alloc(p, NULL, 0, 20);
  assert_ptr_equal(lua_pool_alloc(p, a, 20, 32), a);     /* 20 and 32: one class */
  assert_ptr_equal(lua_pool_alloc(p, a, 32, 17), a);
  void *b = lua_pool_alloc(p, a, 17, 33);                 /* the next class: moves */
  assert_ptr_not_equal(b, a);
  lua_pool_alloc(p, b, 33, 0);
  lua_pool_close(p);
}

static void test_freed_block_is_reused(void **state) {
  (void)state;
  lua_pool *p = lua_pool_open();
  void *a = lua_pool_alloc(p, NULL, 0, 64);
  lua_pool_alloc(p, NULL, 0, 64);                         /* a neighbour, kept */
  lua_pool_alloc(p, a, 64, 0);
  assert_ptr_equal(lua_pool_alloc(p, NULL, 0, 50), a);    /* 50 rounds to 64 */
  lua_pool_close(p);
}

/* Many more blocks than one slab holds: slabs are chained and all freed. */
static void test_many_slabs(void **state) {
  (void)state;
  lua_pool *p = lua_pool_open();
  for (int i = 0; i < 100000; i++) {
    unsigned char *q = lua_pool_alloc(p, NULL, 0, 200);
    assert_non_null(q);
    q[0] = q[199] = (unsigned char)i;
  }
  lua_pool_close(p);                                      /* LeakSanitizer: nothing left */
}

static void test_failure_keeps_old_block(void **state) {
  (void)state;
  lua_pool *p = lua_pool_open();
  unsigned char *a = lua_pool_alloc(p, NULL, 0, 24);
  fill(a, 24, 7);
  clerk_test_fail_alloc_after(0);
  assert_null(lua_pool_alloc(p, NULL, 0, 24));
  assert_null(lua_pool_alloc(p, a, 24, 100));             /* another class */
  assert_null(lua_pool_alloc(p, a, 24, 5000));            /* a malloc'd size */
  clerk_test_fail_alloc_after(-1);
  assert_true(same(a, 24, 7));
  unsigned char *b = lua_pool_alloc(p, a, 24, 5000);
  assert_non_null(b);
  assert_true(same(b, 24, 7));
  lua_pool_alloc(p, b, 5000, 0);
  lua_pool_close(p);
}

static void *pool_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  return lua_pool_alloc(ud, ptr, osize, nsize);
}

/* A Lua state living on the pool: strings, tables and closures made and
** collected many times over, with the results checked. */
static void test_lua_state(void **state) {
  (void)state;
  lua_pool *p = lua_pool_open();
  lua_State *L = lua_newstate(pool_lua_alloc, p);
  assert_non_null(L);
  luaL_openlibs(L);
  const char *script =
    "local t, n = {}, 0\n"
    "for i = 1, 20000 do\n"
    "  local s = ('w' .. i):rep(i % 40)\n"
    "  t[i % 500 + 1] = { s = s, f = function() return #s end }\n"
    "  n = n + t[i % 500 + 1].f()\n"
    "end\n"
    "collectgarbage()\n"
    "return n";
  assert_int_equal(luaL_dostring(L, script), LUA_OK);
  lua_Integer want = 0;
  for (int i = 1; i <= 20000; i++) {
    char w[16];
    want += (lua_Integer)snprintf(w, sizeof w, "w%d", i) * (i % 40);
  }
  assert_int_equal(lua_tointeger(L, -1), want);
  lua_close(L);
  lua_pool_close(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_sizes_keep_bytes),
    cmocka_unit_test(test_same_class_does_not_move),
    cmocka_unit_test(test_freed_block_is_reused),
    cmocka_unit_test(test_many_slabs),
    cmocka_unit_test(test_failure_keeps_old_block),
    cmocka_unit_test(test_lua_state),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
