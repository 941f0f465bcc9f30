/* test_docx.c -- the .docx reader: blocks, labels, tables, parts, tracked
** changes, plain text, hostile documents, allocation failures. */
#include "testing.h"
#include "docx.h"
#include "fixture.h"

#define FIX "tests/fixtures/docx/"

static docx_doc *read_doc(const char *path, unsigned parts) {
  size_t len;
  char *data = read_fixture(path, &len);
  assert_non_null(data);
  docx_doc *d;
  char err[256] = "";
  int rc = docx_read(data, len, parts, &d, err, sizeof err);
  free(data);
  if (rc != CLERK_OK) fprintf(stderr, "%s: %s\n", path, err);
  assert_int_equal(rc, CLERK_OK);
  return d;
}

/* The first block whose words start with prefix. */
static const docx_block *find(const docx_doc *d, const char *prefix) {
  for (size_t i = 0; i < d->nblocks; i++) {
    const docx_block *b = &d->blocks[i];
    if (strncmp(d->text + b->words, prefix, strlen(prefix)) == 0) return b;
  }
  fail_msg("no block starting '%s'", prefix);
  return NULL;
}

static void test_styles_and_headings(void **state) {
  (void)state;
  docx_doc *d = read_doc(FIX "features.docx", DOCX_PARTS_ALL);
  const docx_block *b = find(d, "Reader Features");
  assert_int_equal(b->kind, DOCX_HEADING);
  assert_string_equal(b->style, "Title");
  b = find(d, "First Section");
  assert_int_equal(b->kind, DOCX_HEADING);
  assert_int_equal(b->level, 1);
  assert_int_equal(b->outline, 0);
  b = find(d, "A custom heading");          /* based on heading 2 */
  assert_int_equal(b->level, 2);
  b = find(d, "Outline paragraph");         /* w:outlineLvl 2 on the paragraph */
  assert_int_equal(b->kind, DOCX_HEADING);
  assert_int_equal(b->level, 3);
  b = find(d, "Plain list paragraph");
  assert_int_equal(b->kind, DOCX_PARAGRAPH);
  assert_string_equal(b->style, "List Paragraph");
  docx_free(d);
}

static void test_list_labels(void **state) {
  (void)state;
  docx_doc *d = read_doc(FIX "features.docx", DOCX_PARTS_ALL);
  static const struct { const char *words, *label; int level; } want[] = {
    { "one", "1.", 1 }, { "one-a", "a)", 2 }, { "one-b ", "b)", 2 }, { "one-b-i", "i.", 3 },
    { "two", "2.", 1 }, { "two-a", "a)", 2 },   /* a deeper level restarts under a new parent */
    { "third roman", "III.", 1 }, { "fourth roman", "IV.", 1 },   /* startOverride 3 */
    { "Apologies", "1.", 1 } };                 /* numbering from the style */
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    const docx_block *b = NULL;
    for (size_t k = 0; k < d->nblocks; k++) {
      size_t n = d->blocks[k].last - d->blocks[k].words;
      if (n == strlen(want[i].words) - (want[i].words[strlen(want[i].words) - 1] == ' ') &&
          strncmp(d->text + d->blocks[k].words, want[i].words, n) == 0) { b = &d->blocks[k]; break; }
    }
    assert_non_null(b);
    assert_string_equal(b->label, want[i].label);
    assert_int_equal(b->level, want[i].level);
  }
  const docx_block *b = find(d, "a bullet");
  assert_int_equal(b->kind, DOCX_ITEM);
  assert_true(b->bullet);
  docx_free(d);
}

static void test_inline_content(void **state) {
  (void)state;
  docx_doc *d = read_doc(FIX "features.docx", DOCX_PARTS_TEXT);
  const char *t = d->text;
  assert_non_null(strstr(t, "Met on the 21st of May"));          /* superscript ordinal */
  assert_non_null(strstr(t, "left\tright\nnext line"));           /* tab and line break */
  assert_non_null(strstr(t, "linked words and control text tagged place"));
  assert_null(strstr(t, "Hidden Alias"));                          /* content control properties */
  assert_non_null(strstr(t, "simple field field result"));
  assert_null(strstr(t, "MERGEFORMAT"));                           /* field instructions */
  assert_non_null(strstr(t, "Tracked inserted words[1]"));         /* changes accepted */
  assert_null(strstr(t, "deleted"));
  assert_null(strstr(t, "moved-away"));
  assert_non_null(strstr(t, "x=1"));                               /* math text */
  assert_non_null(strstr(t, "box text"));
  assert_null(strstr(t, "fallback copy"));                         /* VML duplicate */
  const docx_block *b = find(d, "Restyled paragraph");             /* old style in pPrChange */
  assert_int_equal(b->kind, DOCX_PARAGRAPH);
  docx_free(d);
}

static void test_tables(void **state) {
  (void)state;
  docx_doc *d = read_doc(FIX "features.docx", DOCX_PARTS_TEXT);
  assert_non_null(strstr(d->text, "\n\nHead A\tHead B\tHead C\nwide\t\tc1\nx\ty\t\n"));
  const docx_block *rows[4];
  int n = 0;
  for (size_t i = 0; i < d->nblocks && n < 4; i++)
    if (d->blocks[i].kind == DOCX_ROW) rows[n++] = &d->blocks[i];
  assert_int_equal(n, 4);
  assert_int_equal(rows[0]->table, 1);
  assert_int_equal(rows[1]->ncells, 2);
  const docx_cell *wide = &d->cells[rows[1]->cell0];
  assert_int_equal(wide->gridspan, 2);
  assert_int_equal(d->cells[rows[1]->cell0 + 1].vmerge, 1);
  assert_int_equal(d->cells[rows[2]->cell0 + 2].vmerge, 2);
  const docx_cell *nested = &d->cells[rows[3]->cell0 + 1];
  assert_true(nested->nested);
  char words[64];
  snprintf(words, sizeof words, "%.*s", (int)(nested->last - nested->first), d->text + nested->first);
  assert_string_equal(words, "before  inner1  inner2 after");
  docx_free(d);
}

static void test_parts_kept_apart(void **state) {
  (void)state;
  docx_doc *d = read_doc(FIX "features.docx", DOCX_PARTS_TEXT);
  assert_null(strstr(d->text, "Running header words"));
  assert_null(strstr(d->text, "A reviewer comment"));
  assert_non_null(strstr(d->text, "\n\n[1] The footnote text.\n"));
  docx_free(d);
  d = read_doc(FIX "features.docx", DOCX_PARTS_ALL);
  assert_int_equal(find(d, "Running header words")->part, DOCX_HEADER);
  assert_int_equal(find(d, "Page footer words")->part, DOCX_FOOTER);
  assert_int_equal(find(d, "A reviewer comment")->part, DOCX_COMMENT);
  const docx_block *fn = find(d, "The footnote text.");
  assert_int_equal(fn->part, DOCX_FOOTNOTE);
  assert_int_equal(fn->note, 5);
  /* the body comes first: no body block after a header block */
  int seen_other = 0;
  for (size_t i = 0; i < d->nblocks; i++) {
    if (d->blocks[i].part != DOCX_BODY) seen_other = 1;
    else assert_false(seen_other);
  }
  docx_free(d);
}

static void test_spans_and_lines(void **state) {
  (void)state;
  docx_doc *d = read_doc(FIX "minutes.docx", DOCX_PARTS_ALL);
  for (size_t i = 0; i < d->nblocks; i++) {
    const docx_block *b = &d->blocks[i];
    assert_true(b->first <= b->words && b->words <= b->last && b->last <= d->len);
    size_t line = 1;
    for (size_t k = 0; k < b->first; k++) if (d->text[k] == '\n') line++;
    assert_int_equal(b->line, line);
  }
  docx_free(d);
}

static void expect_refused(const char *path, int code, const char *words) {
  size_t len;
  char *data = read_fixture(path, &len);
  assert_non_null(data);
  docx_doc *d = (docx_doc *)1;
  char err[256] = "";
  int rc = docx_read(data, len, DOCX_PARTS_ALL, &d, err, sizeof err);
  free(data);
  if (rc != code || !strstr(err, words)) fail_msg("%s: rc %d, '%s'", path, rc, err);
  assert_null(d);
}

static void test_hostile(void **state) {
  (void)state;
  expect_refused(FIX "hostile/bomb.docx", CLERK_TOOBIG, "zip bomb");
  expect_refused(FIX "hostile/dtd.docx", CLERK_FORMAT, "DTD");
  expect_refused(FIX "hostile/external_entity.docx", CLERK_FORMAT, "DTD");
  expect_refused(FIX "hostile/no_document.docx", CLERK_FORMAT, "word/document.xml");
  expect_refused(FIX "hostile/old_word.docx", CLERK_FORMAT, ".doc");
  expect_refused(FIX "hostile/truncated.docx", CLERK_FORMAT, "truncated");
  expect_refused(FIX "hostile/encrypted.docx", CLERK_FORMAT, "encrypted");
  expect_refused(FIX "hostile/malformed.docx", CLERK_FORMAT, "not well-formed");
  expect_refused(FIX "hostile/deep.docx", CLERK_TOOBIG, "nests too deeply");
}

static void test_text_buffer(void **state) {
  (void)state;
  char *out, *err;
  size_t n;
  assert_int_equal(clerk_text_buffer("Plain minutes\n", 14, 0, &out, &n, &err), CLERK_OK);
  assert_string_equal(out, "Plain minutes\n");
  assert_int_equal(n, 14);
  clerk_free(out);
  assert_int_equal(clerk_text_buffer("%PDF-1.4", 8, 0, &out, &n, &err), CLERK_FORMAT);
  assert_null(out);
  assert_non_null(strstr(err, "PDF"));
  clerk_free(err);
  size_t len;
  char *data = read_fixture(FIX "minutes.docx", &len);
  assert_int_equal(clerk_text_buffer(data, len, 0, &out, &n, &err), CLERK_OK);
  assert_non_null(strstr(out, "Action\tOwner\tDue\n"));
  assert_int_equal(strlen(out), n);
  clerk_free(out);
  free(data);
}

static void test_allocation_failures(void **state) {
  (void)state;
  size_t len;
  char *data = read_fixture(FIX "features.docx", &len);
  assert_non_null(data);
  int ok = 0;
  for (long n = 0; n < 2000 && !ok; n++) {
    clerk_test_fail_alloc_after(n);
    docx_doc *d;
    char err[256];
    int rc = docx_read(data, len, DOCX_PARTS_ALL, &d, err, sizeof err);
    if (rc == CLERK_OK) { ok = 1; docx_free(d); }
    else assert_int_equal(rc, CLERK_NOMEM);
  }
  clerk_test_fail_alloc_after(-1);
  assert_true(ok);
  free(data);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_styles_and_headings),
    cmocka_unit_test(test_list_labels),
    cmocka_unit_test(test_inline_content),
    cmocka_unit_test(test_tables),
    cmocka_unit_test(test_parts_kept_apart),
    cmocka_unit_test(test_spans_and_lines),
    cmocka_unit_test(test_hostile),
    cmocka_unit_test(test_text_buffer),
    cmocka_unit_test(test_allocation_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
