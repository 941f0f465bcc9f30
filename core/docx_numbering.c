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

static int fmt_of(const char *v) {
  static const struct { const char *name; int fmt; } fmts[] = {
    { "decimal", FMT_DECIMAL }, { "decimalZero", FMT_DECIMAL_ZERO },
    { "lowerLetter", FMT_LOWER_LETTER }, { "upperLetter", FMT_UPPER_LETTER },
    { "lowerRoman", FMT_LOWER_ROMAN }, { "upperRoman", FMT_UPPER_ROMAN },
    { "bullet", FMT_BULLET }, { "none", FMT_NONE }, { "ordinal", FMT_ORDINAL },
    { NULL, 0 } };
  for (int i = 0; fmts[i].name; i++)
    if (strcmp(v, fmts[i].name) == 0) return fmts[i].fmt;
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

static int set_str(char **dst, xmlChar *v) {
  if (!v) return CLERK_OK;
  clerk_mfree(*dst);
  *dst = clerk_strdup((const char *)v);
  xmlFree(v);
  return *dst ? CLERK_OK : CLERK_NOMEM;
}

static int is(const xmlChar *name, const char *s) { return strcmp((const char *)name, s) == 0; }

static int finish(xmlTextReaderPtr r, int ret, int rc, const char *part, char *err, size_t errsz) {
  xmlFreeTextReader(r);
  if (rc == CLERK_NOMEM) { snprintf(err, errsz, "out of memory"); return rc; }
  if (rc != CLERK_OK) return rc;
  if (ret < 0) { snprintf(err, errsz, "%s is not well-formed XML", part); return CLERK_FORMAT; }
  return CLERK_OK;
}

int docx_styles_read(docx_styles *st, const char *xml, size_t len, char *err, size_t errsz) {
  xmlTextReaderPtr r;
  int rc = docx_xml_reader(xml, len, "word/styles.xml", &r, err, errsz);
  if (rc != CLERK_OK) return rc;
  size_t cap = 0;
  docx_style *cur = NULL;
  int ret;
  while (rc == CLERK_OK && (ret = xmlTextReaderRead(r)) == 1) {
    int type = xmlTextReaderNodeType(r);
    if (xmlTextReaderDepth(r) > DOCX_MAX_DEPTH) { snprintf(err, errsz, "word/styles.xml nests too deeply"); rc = CLERK_TOOBIG; break; }
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) { snprintf(err, errsz, "word/styles.xml declares a DTD; refused"); rc = CLERK_FORMAT; break; }
    if (type == XML_READER_TYPE_END_ELEMENT && cur && is(xmlTextReaderConstLocalName(r), "style")) {
      cur = NULL;
      continue;
    }
    if (type != XML_READER_TYPE_ELEMENT || docx_ns_kind(xmlTextReaderConstNamespaceUri(r)) != NS_W) continue;
    const xmlChar *ln = xmlTextReaderConstLocalName(r);
    if (is(ln, "style")) {
      if (st->ns >= DOCX_MAX_STYLES) { snprintf(err, errsz, "word/styles.xml has too many styles"); rc = CLERK_TOOBIG; break; }
      if ((rc = grow((void **)&st->s, st->ns, &cap, sizeof *st->s)) != CLERK_OK) break;
      cur = &st->s[st->ns++];
      memset(cur, 0, sizeof *cur);
      cur->outline = cur->num_id = cur->ilvl = -1;
      xmlChar *t = docx_attr(r, "type");
      cur->paragraph = !t || is(t, "paragraph");
      if (t) xmlFree(t);
      rc = set_str(&cur->id, docx_attr(r, "styleId"));
      if (xmlTextReaderIsEmptyElement(r)) cur = NULL;
    } else if (cur && is(ln, "name")) {
      rc = set_str(&cur->name, docx_attr(r, "val"));
    } else if (cur && is(ln, "basedOn")) {
      rc = set_str(&cur->based_on, docx_attr(r, "val"));
    } else if (cur && is(ln, "outlineLvl")) {
      cur->outline = docx_attr_int(r, "val", -1);
    } else if (cur && is(ln, "numId")) {
      cur->num_id = docx_attr_int(r, "val", -1);
    } else if (cur && is(ln, "ilvl")) {
      cur->ilvl = docx_attr_int(r, "val", -1);
    } else if (cur && (is(ln, "pPrChange") || is(ln, "rPrChange"))) {
      if (!xmlTextReaderIsEmptyElement(r)) xmlTextReaderNext(r);
    }
  }
  return finish(r, rc == CLERK_OK ? ret : 0, rc, "word/styles.xml", err, errsz);
}

int docx_numbering_read(docx_styles *st, const char *xml, size_t len, char *err, size_t errsz) {
  xmlTextReaderPtr r;
  int rc = docx_xml_reader(xml, len, "word/numbering.xml", &r, err, errsz);
  if (rc != CLERK_OK) return rc;
  size_t acap = 0, ncap = 0;
  docx_abstract *a = NULL;   /* the abstractNum being read */
  docx_num *num = NULL;      /* the num being read */
  docx_level *lvl = NULL;    /* the level being read */
  int override_lvl = -1;
  int ret;
  while (rc == CLERK_OK && (ret = xmlTextReaderRead(r)) == 1) {
    int type = xmlTextReaderNodeType(r);
    if (xmlTextReaderDepth(r) > DOCX_MAX_DEPTH) { snprintf(err, errsz, "word/numbering.xml nests too deeply"); rc = CLERK_TOOBIG; break; }
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) { snprintf(err, errsz, "word/numbering.xml declares a DTD; refused"); rc = CLERK_FORMAT; break; }
    if (type == XML_READER_TYPE_END_ELEMENT) {
      const xmlChar *ln = xmlTextReaderConstLocalName(r);
      if (is(ln, "abstractNum")) a = NULL;
      else if (is(ln, "num")) num = NULL;
      else if (is(ln, "lvl")) lvl = NULL;
      else if (is(ln, "lvlOverride")) override_lvl = -1;
      continue;
    }
    if (type != XML_READER_TYPE_ELEMENT || docx_ns_kind(xmlTextReaderConstNamespaceUri(r)) != NS_W) continue;
    const xmlChar *ln = xmlTextReaderConstLocalName(r);
    int empty = xmlTextReaderIsEmptyElement(r);
    if (is(ln, "abstractNum")) {
      if (st->na >= DOCX_MAX_NUMS) { snprintf(err, errsz, "word/numbering.xml has too many lists"); rc = CLERK_TOOBIG; break; }
      if ((rc = grow((void **)&st->a, st->na, &acap, sizeof *st->a)) != CLERK_OK) break;
      a = &st->a[st->na++];
      memset(a, 0, sizeof *a);
      a->id = docx_attr_int(r, "abstractNumId", -1);
      for (int i = 0; i < 9; i++) { a->lvl[i].fmt = FMT_DECIMAL; a->lvl[i].start = 1; snprintf(a->lvl[i].text, sizeof a->lvl[i].text, "%%%d.", i + 1); }
      if (empty) a = NULL;
    } else if (is(ln, "num")) {
      if (st->nnum >= DOCX_MAX_NUMS) { snprintf(err, errsz, "word/numbering.xml has too many lists"); rc = CLERK_TOOBIG; break; }
      if ((rc = grow((void **)&st->num, st->nnum, &ncap, sizeof *st->num)) != CLERK_OK) break;
      num = &st->num[st->nnum++];
      memset(num, 0, sizeof *num);
      num->id = docx_attr_int(r, "numId", -1);
      num->abstract = -1;
      for (int i = 0; i < 9; i++) num->override[i] = -1;
      if (empty) num = NULL;
    } else if (num && is(ln, "abstractNumId")) {
      num->abstract = docx_attr_int(r, "val", -1);
    } else if (num && is(ln, "lvlOverride")) {
      override_lvl = docx_attr_int(r, "ilvl", -1);
      if (empty) override_lvl = -1;
    } else if (num && is(ln, "startOverride") && override_lvl >= 0 && override_lvl < 9) {
      num->override[override_lvl] = docx_attr_int(r, "val", 1);
    } else if (a && is(ln, "lvl")) {
      int i = docx_attr_int(r, "ilvl", -1);
      lvl = (i >= 0 && i < 9 && !empty) ? &a->lvl[i] : NULL;
    } else if (a && is(ln, "numStyleLink")) {
      rc = set_str(&a->style_link, docx_attr(r, "val"));
    } else if (lvl && is(ln, "start")) {
      lvl->start = docx_attr_int(r, "val", 1);
    } else if (lvl && is(ln, "numFmt")) {
      xmlChar *v = docx_attr(r, "val");
      lvl->fmt = v ? fmt_of((const char *)v) : FMT_DECIMAL;
      if (v) xmlFree(v);
    } else if (lvl && is(ln, "lvlText")) {
      xmlChar *v = docx_attr(r, "val");
      snprintf(lvl->text, sizeof lvl->text, "%s", v ? (const char *)v : "");
      if (v) xmlFree(v);
    }
  }
  return finish(r, rc == CLERK_OK ? ret : 0, rc, "word/numbering.xml", err, errsz);
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
