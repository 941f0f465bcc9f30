/* test_docx.c -- the .docx reader: blocks, labels, tables, parts, tracked
** changes, plain text, hostile documents, allocation failures; and the SAX2
** driver under it: attribute values, DTDs, skipped subtrees, split texts. */
#include "testing.h"
#include "docx.h"
#include "docx_int.h"
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


/* -- the SAX2 driver (docx_sax.c) and attribute values (docx_xml.c) ------ */

/* What a test parse saw: events as a string ("<e", "<e/", ">e", "'text'"),
** and the attribute checks its start() made. */
typedef struct seen {
  sbuf log;
  int texts;                 /* characters() calls */
  const char *skip;          /* the element to skip */
  char val[64], plain[64], cut[6];
  int val_int, has_val;
} seen;

static void seen_start(void *user, docx_sax *s, const xmlChar *local, int ns, const docx_attrs *at, int empty) {
  (void)ns;
  seen *w = user;
  sbuf_add(&w->log, "<", 1);
  sbuf_add(&w->log, (const char *)local, strlen((const char *)local));
  if (empty) sbuf_add(&w->log, "/", 1);
  sbuf_add(&w->log, " ", 1);
  size_t n;
  const char *v = docx_attr(at, "val", &n);
  if (v && !w->has_val) {
    w->has_val = 1;
    char *d = docx_attr_dup(v, n);
    assert_non_null(d);
    snprintf(w->val, sizeof w->val, "%s", d);
    clerk_mfree(d);
    docx_attr_copy(w->cut, sizeof w->cut, v, n);
    w->val_int = docx_attr_int(at, "num", -7);
    v = docx_attr_plain(at, "val", &n);
    if (v) docx_attr_copy(w->plain, sizeof w->plain, v, n);
  }
  if (w->skip && strcmp((const char *)local, w->skip) == 0) docx_sax_skip(s);
}

static void seen_end(void *user, docx_sax *s, const xmlChar *local, int ns) {
  (void)s; (void)ns;
  seen *w = user;
  sbuf_add(&w->log, ">", 1);
  sbuf_add(&w->log, (const char *)local, strlen((const char *)local));
  sbuf_add(&w->log, " ", 1);
}

static void seen_text(void *user, docx_sax *s, const char *t, size_t n) {
  (void)s;
  seen *w = user;
  w->texts++;
  sbuf_add(&w->log, "'", 1);
  sbuf_add(&w->log, t, n);
  sbuf_add(&w->log, "' ", 2);
}

/* Parses xml (its length given for UTF-16) and returns docx_sax_run's code. */
static int parse(const char *xml, size_t len, seen *w, char *err, size_t errsz) {
  static const docx_sax_calls calls = { seen_start, seen_end, seen_text, NULL };
  docx_sax s;
  int rc = docx_sax_open(&s, xml, len ? len : strlen(xml), "part.xml", err, errsz);
  if (rc == CLERK_OK) {
    rc = docx_sax_run(&s, &calls, w, err, errsz);
    if (rc == CLERK_FORMAT && docx_sax_dtd(&s)) rc = -CLERK_FORMAT;
  }
  docx_sax_close(&s);
  return rc;
}

/* SAX2 hands '&' over as "&#38;" (a tree builder would parse it again):
** the helpers give back what the document says. */
static void test_attribute_values(void **state) {
  (void)state;
  seen w = { 0 };
  char err[128] = "";
  const char *xml = "<w:x xmlns:w='urn:w' xmlns:o='urn:o' o:val='other' val='no namespace' "
                    "w:num='-42x' w:val='a&amp;b&#38;c&lt;d&#x26;e&quot;&#38;#38;'/>";
  assert_int_equal(parse(xml, 0, &w, err, sizeof err), CLERK_OK);
  assert_string_equal(w.val, "a&b&c<d&e\"&#38;");
  assert_string_equal(w.cut, "a&b&c");         /* truncated to fit, as snprintf would */
  assert_string_equal(w.plain, "no namespace");
  assert_int_equal(w.val_int, -42);
  clerk_mfree(w.log.p);
  /* an element in no namespace finds attributes in none */
  memset(&w, 0, sizeof w);
  assert_int_equal(parse("<x w:val='ns' xmlns:w='urn:w' val='7' num='12'/>", 0, &w, err, sizeof err), CLERK_OK);
  assert_string_equal(w.val, "7");
  assert_int_equal(w.val_int, 12);
  clerk_mfree(w.log.p);
  memset(&w, 0, sizeof w);
  assert_int_equal(parse("<x num='' val='&#38;'/>", 0, &w, err, sizeof err), CLERK_OK);
  assert_string_equal(w.val, "&");
  assert_int_equal(w.val_int, -7);           /* no digits: the default */
  clerk_mfree(w.log.p);
}

static void test_dtd_refused(void **state) {
  (void)state;
  seen w = { 0 };
  char err[128] = "";
  /* in the bytes: refused before parsing */
  assert_int_equal(parse("<!DOCTYPE x [<!ENTITY e 'boom'>]><x>&e;</x>", 0, &w, err, sizeof err), CLERK_FORMAT);
  assert_string_equal(err, "part.xml declares a DTD or entities; refused");
  assert_null(w.log.p);
  /* hidden from a byte search by UTF-16: stopped at the DOCTYPE */
  static const char u16[] = "\xff\xfe<\0?\0x\0m\0l\0 \0v\0e\0r\0s\0i\0o\0n\0=\0'\0001\0.\0000\0'\0?\0>\0"
                            "<\0!\0D\0O\0C\0T\0Y\0P\0E\0 \0x\0>\0<\0x\0/\0>\0";
  err[0] = '\0';
  assert_int_equal(parse(u16, sizeof u16 - 1, &w, err, sizeof err), -CLERK_FORMAT);
  assert_string_equal(err, "part.xml declares a DTD or entities; refused");
  assert_null(w.log.p);                      /* the element after it never came */
}

static void test_subtree_skipped(void **state) {
  (void)state;
  seen w = { 0 };
  w.skip = "del";
  char err[128] = "";
  assert_int_equal(parse("<r><del><a>gone<b/></a><del>x</del></del><c>kept</c><del/><e/></r>", 0, &w, err, sizeof err),
                   CLERK_OK);
  /* no end for the skipped element, nor for one written <e/> */
  assert_string_equal(w.log.p, "<r <del <c 'kept' >c <del/ <e/ >r ");
  clerk_mfree(w.log.p);
}

static void test_split_text(void **state) {
  (void)state;
  seen w = { 0 };
  char err[128] = "";
  assert_int_equal(parse("<t>a&amp;b&#233;<![CDATA[<c>]]>d&lt;</t>", 0, &w, err, sizeof err), CLERK_OK);
  assert_true(w.texts > 1);                  /* split at each reference */
  sbuf joined = { 0 };
  for (const char *p = w.log.p; (p = strchr(p, '\'')) != NULL; ) {
    const char *q = strchr(p + 1, '\'');
    sbuf_add(&joined, p + 1, (size_t)(q - p - 1));
    p = q + 1;
  }
  assert_string_equal(joined.p, "a&b\xc3\xa9<c>d<");
  clerk_mfree(joined.p);
  clerk_mfree(w.log.p);
}

static void test_not_well_formed(void **state) {
  (void)state;
  seen w = { 0 };
  char err[128] = "";
  assert_int_equal(parse("<r><a>text</r>", 0, &w, err, sizeof err), CLERK_FORMAT);
  assert_string_equal(err, "part.xml is not well-formed XML");
  clerk_mfree(w.log.p);
  memset(&w, 0, sizeof w);
  assert_int_equal(parse("", 0, &w, err, sizeof err), CLERK_FORMAT);   /* strlen 0: empty */
  /* an undefined prefix is a namespace error only: read on, by its qualified name */
  memset(&w, 0, sizeof w);
  assert_int_equal(parse("<r><x:a/></r>", 0, &w, err, sizeof err), CLERK_OK);
  assert_string_equal(w.log.p, "<r <x:a/ >r ");
  clerk_mfree(w.log.p);
}

/* A list nested inside a level grows the lists' table: the level being read
** must still be found (it was a pointer into the old table). */
static void test_numbering_nested_list(void **state) {
  (void)state;
  sbuf x = { 0 };
  const char *head = "<w:numbering xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
                     "<w:abstractNum w:abstractNumId='0'><w:lvl w:ilvl='0'>";
  sbuf_add(&x, head, strlen(head));
  for (int i = 0; i < 40; i++) {
    char a[64];
    snprintf(a, sizeof a, "<w:abstractNum w:abstractNumId='%d'/>", i + 10);
    sbuf_add(&x, a, strlen(a));
  }
  const char *tail = "<w:start w:val='7'/><w:lvlText w:val='%1&amp;)'/></w:lvl></w:abstractNum>"
                     "<w:num w:numId='1'><w:abstractNumId w:val='0'/></w:num></w:numbering>";
  sbuf_add(&x, tail, strlen(tail));
  docx_styles st = { 0 };
  char err[128] = "", label[48];
  int bullet;
  assert_int_equal(docx_numbering_read(&st, x.p, x.n, err, sizeof err), CLERK_OK);
  assert_int_equal(st.na, 41);
  assert_true(docx_number(&st, 1, 0, label, sizeof label, &bullet));
  assert_string_equal(label, "7&)");
  docx_styles_free(&st);
  clerk_mfree(x.p);
}

/* The properties before a tracked change are skipped, and only they: the
** element after them counts (the xmlTextReader loop lost it). */
static void test_styles_after_tracked_change(void **state) {
  (void)state;
  const char *xml = "<w:styles xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
                    "<w:style w:styleId='A&amp;B'><w:pPr><w:pPrChange><w:pPr><w:outlineLvl w:val='5'/></w:pPr>"
                    "</w:pPrChange><w:outlineLvl w:val='1'/></w:pPr><w:name w:val='Minutes &amp; notes'/></w:style>"
                    "</w:styles>";
  docx_styles st = { 0 };
  char err[128] = "";
  assert_int_equal(docx_styles_read(&st, xml, strlen(xml), err, sizeof err), CLERK_OK);
  int s = docx_style_find(&st, "A&B");
  assert_int_equal(s, 0);
  assert_string_equal(st.s[s].name, "Minutes & notes");
  assert_int_equal(docx_style_outline(&st, s), 1);
  docx_styles_free(&st);
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
    cmocka_unit_test(test_attribute_values),
    cmocka_unit_test(test_dtd_refused),
    cmocka_unit_test(test_subtree_skipped),
    cmocka_unit_test(test_split_text),
    cmocka_unit_test(test_not_well_formed),
    cmocka_unit_test(test_numbering_nested_list),
    cmocka_unit_test(test_styles_after_tracked_change),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
