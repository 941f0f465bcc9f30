/* test_sha256.c -- SHA-256 against the FIPS 180-2 / NIST example vectors,
** once with the processor's SHA instructions (where it has them) and once
** with the portable code; and the two against each other. */
#include "testing.h"
#include "sha256.h"
#include "sha256_ni.h"

static void test_empty(void **state) {
  (void)state;
  char out[65];
  sha256_hex("", 0, out);
  assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_abc(void **state) {
  (void)state;
  char out[65];
  sha256_hex("abc", 3, out);
  assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_448_bits(void **state) {
  (void)state;
  const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  char out[65];
  sha256_hex(m, strlen(m), out);
  assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_896_bits(void **state) {
  (void)state;
  const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                  "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
  char out[65];
  sha256_hex(m, strlen(m), out);
  assert_string_equal(out, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* One million 'a' fed in uneven pieces, so block boundaries fall everywhere. */
static void test_million_a_incremental(void **state) {
  (void)state;
  char chunk[997];
  memset(chunk, 'a', sizeof chunk);
  sha256_ctx c;
  sha256_init(&c);
  size_t left = 1000000, step = 1;
  while (left) {
    size_t n = step < left ? step : left;
    if (n > sizeof chunk) n = sizeof chunk;
    sha256_update(&c, chunk, n);
    left -= n;
    step = step * 7 % 1000 + 1;
  }
  char out[65];
  sha256_final_hex(&c, out);
  assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Lengths round the padding boundary (55, 56, 63, 64, 65 bytes): incremental
** byte-by-byte must agree with one shot. */
static void test_boundaries(void **state) {
  (void)state;
  unsigned char buf[130];
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 31 + 7);
  for (size_t len = 0; len <= sizeof buf; len++) {
    char one[65], inc[65];
    sha256_hex(buf, len, one);
    sha256_ctx c;
    sha256_init(&c);
    for (size_t i = 0; i < len; i++) sha256_update(&c, buf + i, 1);
    sha256_final_hex(&c, inc);
    assert_string_equal(one, inc);
  }
  char out[65];
  sha256_hex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 55, out);
  assert_string_equal(out, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  sha256_hex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 64, out);
  assert_string_equal(out, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

/* The two implementations agree on every length up to a few blocks and on
** a large buffer fed in uneven pieces (many blocks in one update). */
static void test_portable_and_fast_agree(void **state) {
  (void)state;
  if (!sha256_ni_available()) {
    print_message("no SHA instructions here: the portable code alone is checked\n");
    return;
  }
  static unsigned char buf[1 << 20];
  uint32_t x = 2463534242u;   /* xorshift: the same bytes every run */
  for (size_t i = 0; i < sizeof buf; i++) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    buf[i] = (unsigned char)x;
  }
  for (size_t len = 0; len <= 1024; len++) {
    char fast[65], slow[65];
    sha256_test_portable(0);
    sha256_hex(buf + len % 7, len, fast);
    sha256_test_portable(1);
    sha256_hex(buf + len % 7, len, slow);
    assert_string_equal(fast, slow);
  }
  char whole[2][65];
  for (int slow = 0; slow < 2; slow++) {
    sha256_test_portable(slow);
    sha256_ctx c;
    sha256_init(&c);
    size_t at = 0, step = 1;
    while (at < sizeof buf) {
      size_t n = step < sizeof buf - at ? step : sizeof buf - at;
      sha256_update(&c, buf + at, n);
      at += n;
      step = step * 13 % 70001 + 1;
    }
    sha256_final_hex(&c, whole[slow]);
  }
  sha256_test_portable(0);
  assert_string_equal(whole[0], whole[1]);
}

static int fastest(void **state) { (void)state; sha256_test_portable(0); return 0; }
static int portable(void **state) { (void)state; sha256_test_portable(1); return 0; }

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_empty),
    cmocka_unit_test(test_abc),
    cmocka_unit_test(test_448_bits),
    cmocka_unit_test(test_896_bits),
    cmocka_unit_test(test_million_a_incremental),
    cmocka_unit_test(test_boundaries),
  };
  const struct CMUnitTest both[] = {
    cmocka_unit_test(test_portable_and_fast_agree),
  };
  int failed = cmocka_run_group_tests_name("sha256, fastest code", tests, fastest, NULL);
  failed += cmocka_run_group_tests_name("sha256, portable code", tests, portable, fastest);
  failed += cmocka_run_group_tests_name("sha256, the two agree", both, NULL, NULL);
  return failed;
}
