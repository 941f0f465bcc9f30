/*
** docx_numbering.c -- styles.xml and numbering.xml: which styles are
** headings, which paragraphs are numbered, and the label Word displays for
** each list paragraph ("1.", "a)", "iii.") from its running counters.
*/
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "clerk.h"
#include "docx_int.h"
#include "mem.h"

enum { FMT_DECIMAL, FMT_DECIMAL_ZERO, FMT_LOWER_LETTER, FMT_UPPER_LETTER, FMT_LOWER_ROMAN,
       FMT_UPPER_ROMAN, FMT_BULLET, FMT_NONE, FMT_ORDINAL };

static int fmt_of(const char *v, size_t n) {
  static const struct { const char *name; int fmt; } fmts[] = {
    { "decimal", FMT_DECIMAL }, { "decimalZero", FMT_DECIMAL_ZERO },
    { "lowerLetter", FMT_LOWER_LETTER }, { "upperLetter", FMT_UPPER_LETTER },
    { "lowerRoman", FMT_LOWER_ROMAN }, { "upperRoman", FMT_UPPER_ROMAN },
    { "bullet", FMT_BULLET }, { "none", FMT_NONE }, { "ordinal", FMT_ORDINAL },
    { NULL, 0 } };
  for (int i = 0; fmts[i].name; i++)
    if (docx_attr_is(v, n, fmts[i].name)) return fmts[i].fmt;
  return FMT_DECIMAL;
}

static int grow(void **p, size_t n, size_t *cap, size_t size) {
  if (n < *cap) return CLERK_OK;
  size_t c = *cap ? *cap * 2 : 16;
  void *q = clerk_realloc(*p, c * size);
  if (!q) return CLERK_NOMEM;
  *p = q;
  *cap = c;
  return CLERK_OK;
}

/* Replaces *dst with the attribute's value; an absent attribute leaves it. */
static int set_str(char **dst, const docx_attrs *at, const char *local) {
  size_t n;
  const char *v = docx_attr(at, local, &n);
  if (!v) return CLERK_OK;
  clerk_mfree(*dst);
  *dst = docx_attr_dup(v, n);
  return *dst ? CLERK_OK : CLERK_NOMEM;
}

/* Interns names[0..n) in the part's dictionary: elements then compare by pointer. */
static int intern(docx_sax *s, const char *const *names, const xmlChar **out, int n) {
  for (int i = 0; i < n; i++)
    if (!(out[i] = docx_sax_name(s, names[i]))) return CLERK_NOMEM;
  return CLERK_OK;
}

/* What both parts' readers keep: the tables, the first failure, and a
** depth cap that counts every node, as the tree-building reader did. */
typedef struct part_read {
  docx_styles *st;
  int rc;
  char *err; size_t errsz;
  const char *part;
} part_read;

static void fail(part_read *r, docx_sax *s, int rc, const char *what) {
  r->rc = rc;
  if (rc == CLERK_NOMEM) snprintf(r->err, r->errsz, "out of memory");
  else snprintf(r->err, r->errsz, "%s %s", r->part, what);
  docx_sax_stop(s);
}

static int too_deep(part_read *r, docx_sax *s) {
  if (s->depth <= DOCX_MAX_DEPTH) return 0;
  fail(r, s, CLERK_TOOBIG, "nests too deeply");
  return 1;
}

/* Runs a part's parse and gives its outcome: a DTD is named as before. */
static int finish(docx_sax *s, const docx_sax_calls *calls, part_read *r) {
  int rc = docx_sax_run(s, calls, r, r->err, r->errsz);
  if (rc == CLERK_FORMAT && docx_sax_dtd(s)) snprintf(r->err, r->errsz, "%s declares a DTD; refused", r->part);
  docx_sax_close(s);
  return rc == 1 ? r->rc : rc;
}

/* -- styles.xml ------------------------------------------------------- */
enum { S_STYLE, S_NAME, S_BASEDON, S_OUTLINE, S_NUMID, S_ILVL, S_PPRCHANGE, S_RPRCHANGE, S_COUNT };
static const char *const style_names[S_COUNT] = {
  "style", "name", "basedOn", "outlineLvl", "numId", "ilvl", "pPrChange", "rPrChange" };

typedef struct styles_read {
  part_read r;
  size_t cap;
  docx_style *cur;           /* the style being read */
  const xmlChar *names[S_COUNT];
} styles_read;

static void style_start(void *user, docx_sax *s, const xmlChar *ln, int ns, const docx_attrs *at, int empty) {
  styles_read *y = user;
  docx_styles *st = y->r.st;
  if (too_deep(&y->r, s) || ns != NS_W) return;
  const xmlChar *const *nm = y->names;
  int rc = CLERK_OK;
  if (ln == nm[S_STYLE]) {
    if (st->ns >= DOCX_MAX_STYLES) { fail(&y->r, s, CLERK_TOOBIG, "has too many styles"); return; }
    if ((rc = grow((void **)&st->s, st->ns, &y->cap, sizeof *st->s)) != CLERK_OK) { fail(&y->r, s, rc, NULL); return; }
    docx_style *cur = y->cur = &st->s[st->ns++];
    memset(cur, 0, sizeof *cur);
    cur->outline = cur->num_id = cur->ilvl = -1;
    size_t n;
    const char *t = docx_attr(at, "type", &n);
    cur->paragraph = !t || docx_attr_is(t, n, "paragraph");
    rc = set_str(&cur->id, at, "styleId");
    if (empty) y->cur = NULL;
  } else if (!y->cur) {
    return;
  } else if (ln == nm[S_NAME]) {
    rc = set_str(&y->cur->name, at, "val");
  } else if (ln == nm[S_BASEDON]) {
    rc = set_str(&y->cur->based_on, at, "val");
  } else if (ln == nm[S_OUTLINE]) {
    y->cur->outline = docx_attr_int(at, "val", -1);
  } else if (ln == nm[S_NUMID]) {
    y->cur->num_id = docx_attr_int(at, "val", -1);
  } else if (ln == nm[S_ILVL]) {
    y->cur->ilvl = docx_attr_int(at, "val", -1);
  } else if (ln == nm[S_PPRCHANGE] || ln == nm[S_RPRCHANGE]) {
    docx_sax_skip(s);              /* the properties before a tracked change */
  }
  if (rc != CLERK_OK) fail(&y->r, s, rc, NULL);
}

static void style_end(void *user, docx_sax *s, const xmlChar *ln, int ns) {
  (void)s; (void)ns;
  styles_read *y = user;
  if (ln == y->names[S_STYLE]) y->cur = NULL;   /* in any namespace, as before */
}

/* Text, comments and processing instructions count for the depth cap. */
static void style_text(void *user, docx_sax *s, const char *t, size_t n) {
  (void)t; (void)n;
  too_deep(user, s);
}

static void style_other(void *user, docx_sax *s) { too_deep(user, s); }

int docx_styles_read(docx_styles *st, const char *xml, size_t len, char *err, size_t errsz) {
  static const docx_sax_calls calls = { style_start, style_end, style_text, style_other };
  styles_read y = { { st, CLERK_OK, err, errsz, "word/styles.xml" }, 0, NULL, { NULL } };
  docx_sax s;
  int rc = docx_sax_open(&s, xml, len, y.r.part, err, errsz);
  if (rc != CLERK_OK) return rc;
  if (intern(&s, style_names, y.names, S_COUNT) != CLERK_OK) {
    docx_sax_close(&s);
    snprintf(err, errsz, "out of memory");
    return CLERK_NOMEM;
  }
  return finish(&s, &calls, &y.r);
}

/* -- numbering.xml ---------------------------------------------------- */
enum { N_ABSTRACT, N_NUM, N_ABSTRACTID, N_OVERRIDE, N_START_OVERRIDE, N_LVL, N_STYLE_LINK,
       N_START, N_FMT, N_TEXT, N_COUNT };
static const char *const numbering_names[N_COUNT] = {
  "abstractNum", "num", "abstractNumId", "lvlOverride", "startOverride", "lvl", "numStyleLink",
  "start", "numFmt", "lvlText" };

typedef struct numbering_read {
  part_read r;
  size_t acap, ncap;
  docx_abstract *a;          /* the abstractNum being read */
  docx_num *num;             /* the num being read */
  /* the level being read, as indexes: a pointer would dangle when a list
  ** nested in it grows st->a */
  int lvl_list, lvl;
  int override_lvl;
  const xmlChar *names[N_COUNT];
} numbering_read;

static void numbering_start(void *user, docx_sax *s, const xmlChar *ln, int ns, const docx_attrs *at, int empty) {
  numbering_read *y = user;
  docx_styles *st = y->r.st;
  if (too_deep(&y->r, s) || ns != NS_W) return;
  const xmlChar *const *nm = y->names;
  int rc = CLERK_OK;
  if (ln == nm[N_ABSTRACT]) {
    if (st->na >= DOCX_MAX_NUMS) { fail(&y->r, s, CLERK_TOOBIG, "has too many lists"); return; }
    if ((rc = grow((void **)&st->a, st->na, &y->acap, sizeof *st->a)) != CLERK_OK) { fail(&y->r, s, rc, NULL); return; }
    docx_abstract *a = y->a = &st->a[st->na++];
    memset(a, 0, sizeof *a);
    a->id = docx_attr_int(at, "abstractNumId", -1);
    for (int i = 0; i < 9; i++) { a->lvl[i].fmt = FMT_DECIMAL; a->lvl[i].start = 1; snprintf(a->lvl[i].text, sizeof a->lvl[i].text, "%%%d.", i + 1); }
    if (empty) y->a = NULL;
  } else if (ln == nm[N_NUM]) {
    if (st->nnum >= DOCX_MAX_NUMS) { fail(&y->r, s, CLERK_TOOBIG, "has too many lists"); return; }
    if ((rc = grow((void **)&st->num, st->nnum, &y->ncap, sizeof *st->num)) != CLERK_OK) { fail(&y->r, s, rc, NULL); return; }
    docx_num *num = y->num = &st->num[st->nnum++];
    memset(num, 0, sizeof *num);
    num->id = docx_attr_int(at, "numId", -1);
    num->abstract = -1;
    for (int i = 0; i < 9; i++) num->override[i] = -1;
    if (empty) y->num = NULL;
  } else if (y->num && ln == nm[N_ABSTRACTID]) {
    y->num->abstract = docx_attr_int(at, "val", -1);
  } else if (y->num && ln == nm[N_OVERRIDE]) {
    y->override_lvl = docx_attr_int(at, "ilvl", -1);
    if (empty) y->override_lvl = -1;
  } else if (y->num && ln == nm[N_START_OVERRIDE] && y->override_lvl >= 0 && y->override_lvl < 9) {
    y->num->override[y->override_lvl] = docx_attr_int(at, "val", 1);
  } else if (y->a && ln == nm[N_LVL]) {
    int i = docx_attr_int(at, "ilvl", -1);
    y->lvl_list = (i >= 0 && i < 9 && !empty) ? (int)(y->a - st->a) : -1;
    y->lvl = i;
  } else if (y->a && ln == nm[N_STYLE_LINK]) {
    rc = set_str(&y->a->style_link, at, "val");
  } else if (y->lvl_list >= 0 && ln == nm[N_START]) {
    st->a[y->lvl_list].lvl[y->lvl].start = docx_attr_int(at, "val", 1);
  } else if (y->lvl_list >= 0 && ln == nm[N_FMT]) {
    size_t n;
    const char *v = docx_attr(at, "val", &n);
    st->a[y->lvl_list].lvl[y->lvl].fmt = v ? fmt_of(v, n) : FMT_DECIMAL;
  } else if (y->lvl_list >= 0 && ln == nm[N_TEXT]) {
    size_t n;
    const char *v = docx_attr(at, "val", &n);
    docx_level *lv = &st->a[y->lvl_list].lvl[y->lvl];
    docx_attr_copy(lv->text, sizeof lv->text, v ? v : "", v ? n : 0);
  }
  if (rc != CLERK_OK) fail(&y->r, s, rc, NULL);
}

static void numbering_end(void *user, docx_sax *s, const xmlChar *ln, int ns) {
  (void)s; (void)ns;
  numbering_read *y = user;
  const xmlChar *const *nm = y->names;
  if (ln == nm[N_ABSTRACT]) y->a = NULL;   /* in any namespace, as before */
  else if (ln == nm[N_NUM]) y->num = NULL;
  else if (ln == nm[N_LVL]) y->lvl_list = -1;
  else if (ln == nm[N_OVERRIDE]) y->override_lvl = -1;
}

int docx_numbering_read(docx_styles *st, const char *xml, size_t len, char *err, size_t errsz) {
  static const docx_sax_calls calls = { numbering_start, numbering_end, style_text, style_other };
  numbering_read y = { { st, CLERK_OK, err, errsz, "word/numbering.xml" }, 0, 0, NULL, NULL, -1, 0, -1, { NULL } };
  docx_sax s;
  int rc = docx_sax_open(&s, xml, len, y.r.part, err, errsz);
  if (rc != CLERK_OK) return rc;
  if (intern(&s, numbering_names, y.names, N_COUNT) != CLERK_OK) {
    docx_sax_close(&s);
    snprintf(err, errsz, "out of memory");
    return CLERK_NOMEM;
  }
  return finish(&s, &calls, &y.r);
}

void docx_styles_free(docx_styles *st) {
  if (!st) return;
  for (size_t i = 0; i < st->ns; i++) {
    clerk_mfree(st->s[i].id);
    clerk_mfree(st->s[i].name);
    clerk_mfree(st->s[i].based_on);
  }
  for (size_t i = 0; i < st->na; i++) clerk_mfree(st->a[i].style_link);
  clerk_mfree(st->s);
  clerk_mfree(st->a);
  clerk_mfree(st->num);
  memset(st, 0, sizeof *st);
}

int docx_style_find(const docx_styles *st, const char *id) {
  if (!id) return -1;
  for (size_t i = 0; i < st->ns; i++)
    if (st->s[i].id && strcmp(st->s[i].id, id) == 0) return (int)i;
  return -1;
}

/* The style a style is based on, or -1; chains are followed at most 16 deep. */
static int parent(const docx_styles *st, int style) {
  return docx_style_find(st, st->s[style].based_on);
}

int docx_style_heading(const docx_styles *st, int style) {
  for (int hops = 0; style >= 0 && hops < 16; hops++, style = parent(st, style)) {
    const char *n = st->s[style].name;
    if (n) {
      if (strncasecmp(n, "heading ", 8) == 0 && n[8] >= '1' && n[8] <= '9' && !n[9]) return n[8] - '0';
      if (strcasecmp(n, "title") == 0) return 1;
    }
    if (st->s[style].outline >= 0 && st->s[style].outline < 9) return st->s[style].outline + 1;
  }
  return 0;
}

int docx_style_outline(const docx_styles *st, int style) {
  for (int hops = 0; style >= 0 && hops < 16; hops++, style = parent(st, style))
    if (st->s[style].outline >= 0) return st->s[style].outline;
  return -1;
}

void docx_style_numbering(const docx_styles *st, int style, int *num_id, int *ilvl) {
  *num_id = 0;
  *ilvl = 0;
  for (int hops = 0; style >= 0 && hops < 16; hops++, style = parent(st, style)) {
    if (*ilvl == 0 && st->s[style].ilvl > 0) *ilvl = st->s[style].ilvl;
    if (st->s[style].num_id >= 0) { *num_id = st->s[style].num_id; return; }
  }
}

static docx_num *num_find(docx_styles *st, int id) {
  for (size_t i = 0; i < st->nnum; i++) if (st->num[i].id == id) return &st->num[i];
  return NULL;
}

static docx_abstract *abstract_find(docx_styles *st, int id) {
  for (size_t i = 0; i < st->na; i++) if (st->a[i].id == id) return &st->a[i];
  return NULL;
}

/* The list whose levels apply: a numStyleLink points through a style to another. */
static docx_abstract *abstract_of(docx_styles *st, const docx_num *num) {
  docx_abstract *a = abstract_find(st, num->abstract);
  for (int hops = 0; a && a->style_link && hops < 4; hops++) {
    int s = docx_style_find(st, a->style_link);
    int nid, il;
    docx_style_numbering(st, s, &nid, &il);
    docx_num *n2 = nid ? num_find(st, nid) : NULL;
    docx_abstract *b = n2 ? abstract_find(st, n2->abstract) : NULL;
    if (!b || b == a) break;
    a = b;
  }
  return a;
}

static void roman(char *out, size_t size, int n, int upper) {
  static const struct { int v; const char *s; } r[] = {
    { 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" }, { 90, "xc" },
    { 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" } };
  size_t k = 0;
  out[0] = '\0';
  if (n <= 0 || n >= 4000) { snprintf(out, size, "%d", n); return; }
  for (int i = 0; i < 13 && k + 3 < size; i++)
    while (n >= r[i].v && k + 3 < size) {
      for (const char *p = r[i].s; *p; p++) out[k++] = upper ? (char)(*p - 32) : *p;
      n -= r[i].v;
    }
  out[k] = '\0';
}

static void format_number(char *out, size_t size, int fmt, int n) {
  switch (fmt) {
  case FMT_DECIMAL_ZERO: snprintf(out, size, "%02d", n); break;
  case FMT_LOWER_LETTER: case FMT_UPPER_LETTER: {
    /* a..z, then aa..zz: Word repeats the letter */
    if (n <= 0) { snprintf(out, size, "%d", n); break; }
    int reps = (n - 1) / 26 + 1;
    char c = (char)((fmt == FMT_LOWER_LETTER ? 'a' : 'A') + (n - 1) % 26);
    size_t k = 0;
    for (int i = 0; i < reps && k + 1 < size; i++) out[k++] = c;
    out[k] = '\0';
    break;
  }
  case FMT_LOWER_ROMAN: roman(out, size, n, 0); break;
  case FMT_UPPER_ROMAN: roman(out, size, n, 1); break;
  case FMT_ORDINAL: {
    const char *suf = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                    : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    snprintf(out, size, "%d%s", n, suf);
    break;
  }
  default: snprintf(out, size, "%d", n); break;
  }
}

int docx_number(docx_styles *st, int num_id, int ilvl, char *label, size_t size, int *bullet) {
  label[0] = '\0';
  *bullet = 0;
  if (ilvl < 0 || ilvl > 8) ilvl = 0;
  docx_num *num = num_find(st, num_id);
  if (!num) return 0;
  docx_abstract *a = abstract_of(st, num);
  if (!a) return 0;
  if (!num->started) {             /* a startOverride restarts the shared counters */
    num->started = 1;
    for (int i = 0; i < 9; i++)
      if (num->override[i] >= 0) { a->count[i] = num->override[i] - 1; a->used[i] = 1; }
  }
  docx_level *lv = &a->lvl[ilvl];
  if (!a->used[ilvl]) { a->count[ilvl] = lv->start - 1; a->used[ilvl] = 1; }
  if (a->count[ilvl] < 1000000) a->count[ilvl]++;
  for (int i = ilvl + 1; i < 9; i++) a->used[i] = 0;   /* deeper levels restart */
  if (lv->fmt == FMT_BULLET) { *bullet = 1; snprintf(label, size, "-"); return 1; }
  if (lv->fmt == FMT_NONE && !strchr(lv->text, '%')) return lv->text[0] != '\0' ?
      (snprintf(label, size, "%s", lv->text), 1) : 0;
  size_t k = 0;
  for (const char *p = lv->text; *p && k + 1 < size; p++) {
    if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
      int l = p[1] - '1';
      char part[24];
      int n = a->used[l] ? a->count[l] : a->lvl[l].start;
      format_number(part, sizeof part, l == ilvl ? lv->fmt : a->lvl[l].fmt, n);
      if (a->lvl[l].fmt == FMT_NONE && l != ilvl) part[0] = '\0';
      for (const char *q = part; *q && k + 1 < size; q++) label[k++] = *q;
      p++;
    } else {
      label[k++] = *p;
    }
  }
  label[k] = '\0';
  return k > 0;
}
