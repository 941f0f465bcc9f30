/* test_zip.c -- the safe zip reader: normal reads, every cap, hostile archives. */
#include "testing.h"
#include "safezip.h"
#include "fixture.h"

#define FIX "tests/fixtures/docx/"

static void test_reads_entries(void **state) {
  (void)state;
  size_t len;
  char *data = read_fixture(FIX "minutes.docx", &len);
  assert_non_null(data);
  safezip *z;
  char err[256];
  assert_int_equal(safezip_open(data, len, NULL, &z, err, sizeof err), CLERK_OK);
  assert_int_equal(safezip_count(z), 5);
  long i = safezip_find(z, "word/document.xml");
  assert_true(i >= 0);
  assert_int_equal(safezip_find(z, "word/missing.xml"), -1);
  char *xml;
  size_t xlen;
  assert_int_equal(safezip_read(z, (size_t)i, &xml, &xlen, err, sizeof err), CLERK_OK);
  assert_true(xlen > 100);
  assert_int_equal(xml[xlen], '\0');
  assert_non_null(strstr(xml, "Hillbrook Parish Council"));
  clerk_mfree(xml);
  assert_int_equal(safezip_read(z, 99, &xml, &xlen, err, sizeof err), CLERK_NOTFOUND);
  safezip_close(z);
  safezip_close(NULL);
  free(data);
}

static int open_fixture(const char *path, const safezip_limits *lim, char *err, size_t errsz) {
  size_t len;
  char *data = read_fixture(path, &len);
  assert_non_null(data);
  safezip *z;
  int rc = safezip_open(data, len, lim, &z, err, errsz);
  if (rc == CLERK_OK) {
    /* read every entry: caps that only inflation can see fire here */
    for (size_t i = 0; i < safezip_count(z) && rc == CLERK_OK; i++) {
      char *out;
      size_t n;
      rc = safezip_read(z, i, &out, &n, err, errsz);
      clerk_mfree(out);
    }
    safezip_close(z);
  }
  free(data);
  return rc;
}

static void test_entry_count_cap(void **state) {
  (void)state;
  safezip_limits lim = safezip_default_limits;
  lim.max_entries = 4;
  char err[256];
  assert_int_equal(open_fixture(FIX "minutes.docx", &lim, err, sizeof err), CLERK_TOOBIG);
  assert_non_null(strstr(err, "too many entries"));
  lim.max_entries = 5;
  assert_int_equal(open_fixture(FIX "minutes.docx", &lim, err, sizeof err), CLERK_OK);
}

static void test_entry_size_cap(void **state) {
  (void)state;
  safezip_limits lim = safezip_default_limits;
  lim.max_entry_size = 1000;
  char err[256];
  assert_int_equal(open_fixture(FIX "minutes.docx", &lim, err, sizeof err), CLERK_TOOBIG);
  assert_non_null(strstr(err, "too large"));
}

static void test_total_size_cap(void **state) {
  (void)state;
  safezip_limits lim = safezip_default_limits;
  lim.max_total_size = 3000;
  char err[256];
  assert_int_equal(open_fixture(FIX "minutes.docx", &lim, err, sizeof err), CLERK_TOOBIG);
  assert_non_null(strstr(err, "total size"));
}

static void test_zip_bomb_refused_before_inflating(void **state) {
  (void)state;
  char err[256];
  assert_int_equal(open_fixture(FIX "hostile/bomb.docx", NULL, err, sizeof err), CLERK_TOOBIG);
  assert_non_null(strstr(err, "zip bomb"));
}

static void test_lying_size_stopped_while_inflating(void **state) {
  (void)state;
  char err[256];
  int rc = open_fixture(FIX "hostile/lying_size.docx", NULL, err, sizeof err);
  assert_int_not_equal(rc, CLERK_OK);
  assert_non_null(strstr(err, "word/document.xml"));
}

static void test_encrypted(void **state) {
  (void)state;
  char err[256];
  assert_int_equal(open_fixture(FIX "hostile/encrypted.docx", NULL, err, sizeof err), CLERK_FORMAT);
  assert_non_null(strstr(err, "encrypted"));
}

static void test_truncated_and_not_zip(void **state) {
  (void)state;
  char err[256];
  assert_int_equal(open_fixture(FIX "hostile/truncated.docx", NULL, err, sizeof err), CLERK_FORMAT);
  assert_non_null(strstr(err, "truncated"));
  assert_int_equal(open_fixture(FIX "hostile/old_word.docx", NULL, err, sizeof err), CLERK_FORMAT);
  assert_non_null(strstr(err, ".doc"));
  safezip *z;
  assert_int_equal(safezip_open("PK\3\4", 4, NULL, &z, err, sizeof err), CLERK_FORMAT);
  assert_null(z);
  assert_int_equal(safezip_open("hello world, this is plain text", 31, NULL, &z, err, sizeof err), CLERK_FORMAT);
  assert_non_null(strstr(err, "not a zip"));
}

/* Every allocation failing in turn: a clean error each time, never a crash. */
static void test_allocation_failures(void **state) {
  (void)state;
  size_t len;
  char *data = read_fixture(FIX "minutes.docx", &len);
  assert_non_null(data);
  int ok = 0;
  for (long n = 0; n < 200 && !ok; n++) {
    clerk_test_fail_alloc_after(n);
    safezip *z;
    char err[256];
    int rc = safezip_open(data, len, NULL, &z, err, sizeof err);
    if (rc == CLERK_OK) {
      char *xml;
      size_t xlen;
      rc = safezip_read(z, 2, &xml, &xlen, err, sizeof err);
      if (rc == CLERK_OK) { clerk_mfree(xml); ok = 1; }
      safezip_close(z);
    }
    if (!ok) assert_true(rc == CLERK_NOMEM || rc == CLERK_FORMAT);
  }
  clerk_test_fail_alloc_after(-1);
  assert_true(ok);
  free(data);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reads_entries),
    cmocka_unit_test(test_entry_count_cap),
    cmocka_unit_test(test_entry_size_cap),
    cmocka_unit_test(test_total_size_cap),
    cmocka_unit_test(test_zip_bomb_refused_before_inflating),
    cmocka_unit_test(test_lying_size_stopped_while_inflating),
    cmocka_unit_test(test_encrypted),
    cmocka_unit_test(test_truncated_and_not_zip),
    cmocka_unit_test(test_allocation_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
