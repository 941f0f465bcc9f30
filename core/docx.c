/*
** docx.c -- the .docx reader: opens the zip safely, reads styles and
** numbering, then streams each part (body, notes, headers, footers,
** comments) into blocks and plain text. Tracked changes read as accepted.
*/
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "clerk.h"
#include "docx.h"
#include "docx_int.h"
#include "mem.h"
#include "safezip.h"

/* The elements the body parser acts on, interned once per part so a name
** is matched by pointer. */
enum { E_P, E_PPR, E_PSTYLE, E_NUMID, E_ILVL, E_OUTLINE, E_T, E_TAB, E_BR, E_CR, E_SYM,
       E_NBHYPHEN, E_PTAB, E_TBL, E_TR, E_TC, E_GRIDSPAN, E_VMERGE, E_FOOTNOTE, E_ENDNOTE,
       E_COMMENT, E_FNREF, E_ENREF, E_NUMPR, E_FRAMEPR,
       /* skipped with everything inside */
       E_DEL, E_MOVEFROM, E_DELTEXT, E_INSTR, E_DELINSTR, E_PPRCHANGE, E_RPRCHANGE,
       E_SECTPRCHANGE, E_TBLPRCHANGE, E_TCPRCHANGE, E_TRPRCHANGE, E_SDTPR, E_SDTENDPR,
       E_FALLBACK, E_COUNT };
static const char *const element_names[E_COUNT] = {
  "p", "pPr", "pStyle", "numId", "ilvl", "outlineLvl", "t", "tab", "br", "cr", "sym",
  "noBreakHyphen", "ptab", "tbl", "tr", "tc", "gridSpan", "vMerge", "footnote", "endnote",
  "comment", "footnoteReference", "endnoteReference", "numPr", "framePr",
  "del", "moveFrom", "delText", "instrText", "delInstrText", "pPrChange", "rPrChange",
  "sectPrChange", "tblPrChange", "tcPrChange", "trPrChange", "sdtPr", "sdtEndPr",
  "Fallback" };

/* Most of a part's elements are none of these (w:r, w:rPr, w:sz...): a
** table keyed by the name's address answers in a probe or two. */
#define E_SLOTS 128
_Static_assert(E_COUNT <= E_SLOTS / 2, "the element table needs free slots");

/* The parse of one part: a paragraph is gathered in `para`, a table row's
** cells in `row`, and finished blocks are written to the document's text. */
typedef struct parser {
  docx_doc *doc;
  sbuf out;                  /* the document's text */
  size_t bcap, ccap;
  int part, rc;
  char *err; size_t errsz;
  size_t line;               /* line number at the end of out */
  /* the paragraph */
  int p_nest;                /* > 1: a text box paragraph inside one */
  int in_ppr, in_t, style, num_id, ilvl, outline, has_num;
  sbuf para;
  int note, note_first;      /* the note or comment being read; its first paragraph */
  int drop_cap;              /* the paragraph is a drop cap: it joins the next */
  sbuf carry;                /* a drop cap's letters, waiting for their paragraph */
  /* notes are numbered in the order the body refers to them, as readers see */
  struct note_ref { int part, id; } refs[4096];
  int nrefs;
  /* tables: only the outermost has cells; deeper ones flatten into its cell */
  int tbl_depth, tables;
  sbuf row;
  docx_cell cells[DOCX_MAX_CELLS];
  int ncell, in_cell;
  /* the part being read */
  const xmlChar *names[E_COUNT];   /* element_names in the part's dictionary */
  const xmlChar *slot_name[E_SLOTS];   /* the same, hashed by address: */
  signed char slot[E_SLOTS];           /* slot_name[h] is element slot[h] */
  const xmlChar *doc_pr;
  sbuf scratch;              /* an attribute's value, decoded */
} parser;

const char *docx_part_name(int part) {
  static const char *names[] = { "body", "footnote", "endnote", "header", "footer", "comment" };
  return part >= 0 && part <= DOCX_COMMENT ? names[part] : "body";
}

const char *docx_kind_name(int kind) {
  static const char *names[] = { "paragraph", "heading", "item", "row" };
  return kind >= 0 && kind <= DOCX_ROW ? names[kind] : "paragraph";
}

static void fail(parser *p, int rc, const char *msg) {
  if (p->rc != CLERK_OK) return;
  p->rc = rc;
  snprintf(p->err, p->errsz, "%s", rc == CLERK_NOMEM ? "out of memory"
           : rc == CLERK_TOOBIG && !msg ? "the document's text is too large" : msg);
}

static void add(parser *p, sbuf *b, const char *s, size_t n) {
  int rc = sbuf_add(b, s, n);
  if (rc != CLERK_OK) fail(p, rc, NULL);
}

static void out(parser *p, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) if (s[i] == '\n') p->line++;
  add(p, &p->out, s, n);
}

static docx_block *new_block(parser *p, int kind) {
  docx_doc *d = p->doc;
  if (d->nblocks >= DOCX_MAX_BLOCKS) { fail(p, CLERK_TOOBIG, "the document has too many paragraphs"); return NULL; }
  if (d->nblocks == p->bcap) {
    size_t cap = p->bcap ? p->bcap * 2 : 64;
    docx_block *b = clerk_realloc(d->blocks, cap * sizeof *b);
    if (!b) { fail(p, CLERK_NOMEM, NULL); return NULL; }
    d->blocks = b;
    p->bcap = cap;
  }
  docx_block *b = &d->blocks[d->nblocks++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  b->part = p->part;
  b->outline = -1;
  b->note = p->note;
  b->first = b->words = p->out.n;
  b->line = p->line;
  return b;
}

/* Trims blanks at both ends of [*a, *b). */
static void trim(const char *s, size_t *a, size_t *b) {
  while (*a < *b && (s[*a] == ' ' || s[*a] == '\t' || s[*a] == '\n' || s[*a] == '\r')) (*a)++;
  while (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '\t' || s[*b - 1] == '\n' || s[*b - 1] == '\r')) (*b)--;
}

/* Adds paragraph text to the open cell: tabs and line breaks become spaces,
** so a row stays one line. */
static void add_to_cell(parser *p, const char *s, size_t n) {
  if (n == 0) return;
  if (p->row.n > p->cells[p->ncell - 1].first) add(p, &p->row, " ", 1);
  size_t at = p->row.n;
  add(p, &p->row, s, n);
  if (p->rc != CLERK_OK) return;
  for (size_t i = at; i < p->row.n; i++)
    if (p->row.p[i] == '\t' || p->row.p[i] == '\n' || p->row.p[i] == '\r') p->row.p[i] = ' ';
}

/* The number a reader sees for note `id` of `part`: its place among the
** references, or the id itself when the body never refers to it. */
static int note_number(const parser *p, int part, int id) {
  for (int i = 0; i < p->nrefs; i++)
    if (p->refs[i].part == part && p->refs[i].id == id) return i + 1;
  return id;
}

static int note_ref(parser *p, int part, int id) {
  for (int i = 0; i < p->nrefs; i++)
    if (p->refs[i].part == part && p->refs[i].id == id) return i + 1;
  if (p->nrefs >= (int)(sizeof p->refs / sizeof p->refs[0])) return id;
  p->refs[p->nrefs].part = part;
  p->refs[p->nrefs].id = id;
  return ++p->nrefs;
}

static void end_paragraph(parser *p) {
  if (p->drop_cap && p->tbl_depth == 0) {   /* "D" + "rop cap." is one word */
    add(p, &p->carry, p->para.p ? p->para.p : "", p->para.n);
    p->para.n = 0;
    p->drop_cap = 0;
    p->style = -1;
    p->num_id = p->ilvl = p->has_num = 0;
    p->outline = -1;
    return;
  }
  if (p->carry.n) {
    size_t n = p->para.n;
    add(p, &p->carry, p->para.p ? p->para.p : "", n);
    p->para.n = 0;
    add(p, &p->para, p->carry.p, p->carry.n);
    p->carry.n = 0;
    if (p->rc != CLERK_OK) return;
  }
  size_t a = 0, b = p->para.n;
  if (p->para.p) trim(p->para.p, &a, &b);
  int style = p->style;
  int num_id = p->num_id, ilvl = p->ilvl;
  if (!p->has_num && style >= 0) docx_style_numbering(p->doc->styles, style, &num_id, &ilvl);
  char label[48] = "";
  int bullet = 0, numbered = 0;
  if (num_id > 0) numbered = docx_number(p->doc->styles, num_id, ilvl, label, sizeof label, &bullet);
  if (p->tbl_depth > 0) {
    if (p->in_cell && a < b) add_to_cell(p, p->para.p + a, b - a);
  } else if (a < b) {
    int heading = style >= 0 ? docx_style_heading(p->doc->styles, style) : 0;
    int outline = p->outline >= 0 ? p->outline : style >= 0 ? docx_style_outline(p->doc->styles, style) : -1;
    if (!heading && p->outline >= 0 && p->outline < 9) heading = p->outline + 1;
    int kind = heading ? DOCX_HEADING : numbered ? DOCX_ITEM : DOCX_PARAGRAPH;
    if ((p->part == DOCX_FOOTNOTE || p->part == DOCX_ENDNOTE) && p->note_first) {
      snprintf(label, sizeof label, "[%d]", note_number(p, p->part, p->note));
      numbered = 1;
      bullet = 0;
    }
    p->note_first = 0;
    docx_block *blk = new_block(p, kind);
    if (!blk) return;
    blk->level = heading ? heading : (numbered && num_id > 0) ? ilvl + 1 : 0;
    blk->outline = outline;
    blk->bullet = bullet;
    blk->style = style >= 0 ? p->doc->styles->s[style].name : NULL;
    if (numbered) {
      snprintf(blk->label, sizeof blk->label, "%s", label);
      out(p, label, strlen(label));
      out(p, " ", 1);
      blk->words = p->out.n;
    }
    out(p, p->para.p + a, b - a);
    blk->last = p->out.n;
    out(p, "\n\n", 2);
  }
  p->para.n = 0;
  p->style = -1;
  p->num_id = p->ilvl = 0;
  p->has_num = 0;
  p->outline = -1;
}

static void end_row(parser *p) {
  if (p->ncell == 0) return;
  docx_doc *d = p->doc;
  if (d->ncells + (size_t)p->ncell > p->ccap) {
    size_t cap = p->ccap ? p->ccap : 64;
    while (cap < d->ncells + (size_t)p->ncell) cap *= 2;
    docx_cell *c = clerk_realloc(d->cells, cap * sizeof *c);
    if (!c) { fail(p, CLERK_NOMEM, NULL); return; }
    d->cells = c;
    p->ccap = cap;
  }
  docx_block *blk = new_block(p, DOCX_ROW);
  if (!blk) return;
  blk->cell0 = d->ncells;
  blk->table = p->tables;
  blk->ncells = (size_t)p->ncell;
  for (int i = 0; i < p->ncell; i++) {
    docx_cell c = p->cells[i];
    size_t a = c.first, b = c.last;
    trim(p->row.p, &a, &b);
    if (i > 0) out(p, "\t", 1);
    c.first = p->out.n;
    out(p, p->row.p + a, b - a);
    c.last = p->out.n;
    for (int k = 1; k < c.gridspan && k < 64; k++) out(p, "\t", 1);   /* keep columns aligned */
    d->cells[d->ncells++] = c;
  }
  blk->last = p->out.n;
  out(p, "\n", 1);
  p->row.n = 0;
  p->ncell = 0;
}

static void start_cell(parser *p) {
  if (p->ncell >= DOCX_MAX_CELLS) { fail(p, CLERK_TOOBIG, "a table row has too many cells"); return; }
  docx_cell *c = &p->cells[p->ncell++];
  memset(c, 0, sizeof *c);
  c->first = c->last = p->row.n;
  c->gridspan = 1;
  p->in_cell = 1;
}

/* A symbol (w:sym): its character, with symbol fonts' private-use page
** (U+F0xx) mapped back to the character typed. */
static void add_symbol(parser *p, const docx_attrs *at) {
  size_t n;
  const char *v = docx_attr(at, "char", &n);
  if (!v) return;
  p->scratch.n = 0;
  int rc = docx_attr_add(&p->scratch, v, n);
  if (rc != CLERK_OK) { fail(p, rc, NULL); return; }
  unsigned long cp = strtoul(p->scratch.p, NULL, 16);
  if (cp >= 0xF020 && cp <= 0xF0FF) cp -= 0xF000;
  if (cp < 0x20 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return;
  char u[4];
  if (cp < 0x80) { u[0] = (char)cp; n = 1; }
  else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
  else if (cp < 0x10000) { u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
  else { u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)); u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4; }
  add(p, &p->para, u, n);
}

static size_t slot_of(const xmlChar *name) {
  return (size_t)(((uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15u) >> 57);   /* 0..E_SLOTS-1 */
}

static void index_elements(parser *p) {
  memset(p->slot_name, 0, sizeof p->slot_name);
  for (int i = 0; i < E_COUNT; i++) {
    size_t h = slot_of(p->names[i]);
    while (p->slot_name[h]) h = (h + 1) & (E_SLOTS - 1);
    p->slot_name[h] = p->names[i];
    p->slot[h] = (signed char)i;
  }
}

static int element_of(const parser *p, const xmlChar *ln) {
  for (size_t h = slot_of(ln); p->slot_name[h]; h = (h + 1) & (E_SLOTS - 1))
    if (p->slot_name[h] == ln) return p->slot[h];
  return -1;
}

static void on_start(parser *p, const docx_attrs *at, int e, int empty) {
  size_t n;
  const char *v;
  switch (e) {
  case E_P:
    if (p->p_nest > 0) { add(p, &p->para, " ", 1); if (!empty) p->p_nest++; break; }
    if (empty) { end_paragraph(p); break; }
    p->p_nest = 1;
    break;
  case E_PPR: if (p->p_nest == 1 && !empty) p->in_ppr = 1; break;
  case E_PSTYLE:
    if (p->in_ppr) {
      v = docx_attr(at, "val", &n);
      p->scratch.n = 0;
      if (v && docx_attr_add(&p->scratch, v, n) != CLERK_OK) { fail(p, CLERK_NOMEM, NULL); break; }
      p->style = docx_style_find(p->doc->styles, v ? p->scratch.p : NULL);
    }
    break;
  case E_NUMPR: if (p->in_ppr) p->has_num = 1; break;
  case E_FRAMEPR:
    if (p->in_ppr) {
      v = docx_attr(at, "dropCap", &n);
      p->drop_cap = v && !docx_attr_is(v, n, "none");
    }
    break;
  case E_NUMID: if (p->in_ppr) p->num_id = docx_attr_int(at, "val", 0); break;
  case E_ILVL: if (p->in_ppr) p->ilvl = docx_attr_int(at, "val", 0); break;
  case E_OUTLINE: if (p->in_ppr) p->outline = docx_attr_int(at, "val", -1); break;
  case E_T: if (!empty) p->in_t = 1; break;
  case E_TAB: case E_PTAB: if (!p->in_ppr && p->p_nest) add(p, &p->para, "\t", 1); break;
  case E_BR: case E_CR:
    if (!p->in_ppr && p->p_nest) {
      v = e == E_BR ? docx_attr(at, "type", &n) : NULL;
      add(p, &p->para, v ? " " : "\n", 1);   /* page and column breaks are no line break */
    }
    break;
  case E_SYM: if (p->p_nest) add_symbol(p, at); break;
  case E_NBHYPHEN: if (p->p_nest) add(p, &p->para, "-", 1); break;
  case E_FNREF: case E_ENREF:
    if (p->p_nest) {
      char ref[24];
      snprintf(ref, sizeof ref, "[%d]", note_ref(p, e == E_FNREF ? DOCX_FOOTNOTE : DOCX_ENDNOTE,
                                                 docx_attr_int(at, "id", 0)));
      add(p, &p->para, ref, strlen(ref));
    }
    break;
  case E_TBL:
    if (p->p_nest) break;                  /* a table in a text box: its words flow on */
    if (++p->tbl_depth > 64) fail(p, CLERK_TOOBIG, "tables nest too deeply");
    if (p->tbl_depth == 1) p->tables++;
    break;
  case E_TR: if (p->tbl_depth == 1 && !p->p_nest) { p->row.n = 0; p->ncell = 0; } break;
  case E_TC:
    if (p->p_nest) break;
    if (p->tbl_depth == 1) start_cell(p);
    else if (p->tbl_depth > 1 && p->in_cell) { add(p, &p->row, " ", 1); p->cells[p->ncell - 1].nested = 1; }
    break;
  case E_GRIDSPAN:
    if (p->tbl_depth == 1 && p->ncell > 0 && !p->p_nest) {
      int span = docx_attr_int(at, "val", 1);
      p->cells[p->ncell - 1].gridspan = span < 1 ? 1 : span > 1000 ? 1000 : span;
    }
    break;
  case E_VMERGE:
    if (p->tbl_depth == 1 && p->ncell > 0 && !p->p_nest) {
      v = docx_attr(at, "val", &n);
      p->cells[p->ncell - 1].vmerge = v && docx_attr_is(v, n, "restart") ? 1 : 2;
    }
    break;
  case E_FOOTNOTE: case E_ENDNOTE: case E_COMMENT: {
    v = docx_attr(at, "type", &n);   /* separators are no notes */
    p->note = v ? -1 : docx_attr_int(at, "id", 0);
    p->note_first = 1;
    break;
  }
  default: break;
  }
}

static void on_end(parser *p, int e) {
  switch (e) {
  case E_P:
    if (p->p_nest > 1) { p->p_nest--; break; }
    if (p->p_nest == 1) { p->p_nest = 0; p->in_ppr = 0; end_paragraph(p); }
    break;
  case E_PPR: p->in_ppr = 0; break;
  case E_T: p->in_t = 0; break;
  case E_TC:
    if (p->tbl_depth == 1 && !p->p_nest && p->ncell > 0) { p->cells[p->ncell - 1].last = p->row.n; p->in_cell = 0; }
    break;
  case E_TR: if (p->tbl_depth == 1 && !p->p_nest) end_row(p); break;
  case E_TBL:
    if (p->p_nest || p->tbl_depth == 0) break;
    if (--p->tbl_depth == 0) {
      if (p->ncell) end_row(p);
      if (p->out.n && p->out.p[p->out.n - 1] == '\n' &&
          !(p->out.n >= 2 && p->out.p[p->out.n - 2] == '\n')) out(p, "\n", 1);
    }
    break;
  case E_FOOTNOTE: case E_ENDNOTE: case E_COMMENT: p->note = 0; break;
  default: break;
  }
}

/* -- SAX2 events of one part --------------------------------------------- */
static void part_start(void *user, docx_sax *s, const xmlChar *ln, int ns, const docx_attrs *at, int empty) {
  parser *p = user;
  int e = -1;
  if (ns == NS_W) e = element_of(p, ln);
  else if (ns == NS_M && ln == p->names[E_T]) e = E_T;
  else if (ns == NS_MC && ln == p->names[E_FALLBACK]) e = E_FALLBACK;
  else if (p->p_nest && ln == p->doc_pr) {
    size_t n;
    const char *alt = docx_attr_plain(at, "descr", &n);   /* an image's alt text */
    if (alt && n) {
      add(p, &p->para, "[", 1);
      int rc = docx_attr_add(&p->para, alt, n);
      if (rc != CLERK_OK) fail(p, rc, NULL);
      add(p, &p->para, "]", 1);
    }
  }
  if (s->depth > DOCX_MAX_DEPTH) fail(p, CLERK_TOOBIG, "the document nests too deeply");
  else if (e >= E_DEL) docx_sax_skip(s);   /* deleted, instructions, properties: not text */
  else if (e >= 0) on_start(p, at, e, empty);
  if (p->rc != CLERK_OK) docx_sax_stop(s);
}

static void part_end(void *user, docx_sax *s, const xmlChar *ln, int ns) {
  parser *p = user;
  int e = -1;
  if (ns == NS_W) e = element_of(p, ln);
  else if (ns == NS_M && ln == p->names[E_T]) e = E_T;
  else if (ns == NS_MC && ln == p->names[E_FALLBACK]) e = E_FALLBACK;
  if (e >= 0) on_end(p, e);
  if (p->rc != CLERK_OK) docx_sax_stop(s);
}

static void part_text(void *user, docx_sax *s, const char *t, size_t n) {
  parser *p = user;
  if (p->in_t && p->p_nest) {
    add(p, &p->para, t, n);
    if (p->rc != CLERK_OK) docx_sax_stop(s);
  }
}

/* Streams one part into blocks. */
static int read_part(parser *p, const char *xml, size_t len, const char *name, int part) {
  static const docx_sax_calls calls = { part_start, part_end, part_text, NULL };
  docx_sax s;
  int rc = docx_sax_open(&s, xml, len, name, p->err, p->errsz);
  if (rc != CLERK_OK) return rc;
  for (int i = 0; i < E_COUNT; i++)
    if (!(p->names[i] = docx_sax_name(&s, element_names[i]))) rc = CLERK_NOMEM;
  if (!(p->doc_pr = docx_sax_name(&s, "docPr"))) rc = CLERK_NOMEM;
  if (rc != CLERK_OK) {
    docx_sax_close(&s);
    fail(p, rc, NULL);
    return rc;
  }
  index_elements(p);
  p->part = part;
  p->p_nest = p->in_ppr = p->in_t = p->tbl_depth = p->ncell = p->in_cell = 0;
  p->note = 0;
  p->style = -1;
  p->outline = -1;
  p->para.n = 0;
  rc = docx_sax_run(&s, &calls, p, p->err, p->errsz);
  docx_sax_close(&s);
  if (p->rc != CLERK_OK) return p->rc;
  if (rc != CLERK_OK) p->rc = rc;   /* the message is in p->err */
  return rc;
}

/* Reads an optional part; a missing one is no error. */
static int read_optional(safezip *z, const char *name, char **xml, size_t *len, char *err, size_t errsz) {
  *xml = NULL;
  *len = 0;
  long i = safezip_find(z, name);
  if (i < 0) return CLERK_OK;
  return safezip_read(z, (size_t)i, xml, len, err, errsz);
}

static int read_named(parser *p, safezip *z, const char *name, int part) {
  char *xml;
  size_t len;
  int rc = read_optional(z, name, &xml, &len, p->err, p->errsz);
  if (rc == CLERK_OK && xml) rc = read_part(p, xml, len, name, part);
  clerk_mfree(xml);
  if (rc != CLERK_OK && p->rc == CLERK_OK) p->rc = rc;
  return rc;
}

/* word/header1.xml, word/footer2.xml...: the parts of a kind, in name order. */
static int read_numbered_parts(parser *p, safezip *z, const char *prefix, int part) {
  size_t n = safezip_count(z), plen = strlen(prefix);
  const char *prev = "";
  for (;;) {   /* selection by name keeps the order stable whatever the zip's order */
    const char *best = NULL;
    for (size_t i = 0; i < n; i++) {
      const char *nm = safezip_name(z, i);
      size_t l = strlen(nm);
      if (strncmp(nm, prefix, plen) != 0 || l < plen + 4 || strcmp(nm + l - 4, ".xml") != 0 ||
          strchr(nm + plen, '/')) continue;
      if (strlen(nm) < strlen(prev) || (strlen(nm) == strlen(prev) && strcmp(nm, prev) <= 0)) continue;
      if (!best || strlen(nm) < strlen(best) || (strlen(nm) == strlen(best) && strcmp(nm, best) < 0)) best = nm;
    }
    if (!best) return CLERK_OK;
    int rc = read_named(p, z, best, part);
    if (rc != CLERK_OK) return rc;
    prev = best;
  }
}

/* The officeDocument relationship's target, from _rels/.rels. */
typedef struct rels {
  safezip *z;
  char *name; size_t size;
  int found;
} rels;

static void rels_start(void *user, docx_sax *s, const xmlChar *ln, int ns, const docx_attrs *at, int empty) {
  (void)ln; (void)ns; (void)empty;
  rels *r = user;
  if (s->depth > 8) return;
  size_t tl, nl;
  const char *type = docx_attr_plain(at, "Type", &tl);
  const char *target = docx_attr_plain(at, "Target", &nl);
  if (!target || !type || tl < 15 || memcmp(type + tl - 15, "/officeDocument", 15) != 0) return;
  docx_attr_copy(r->name, r->size, target, nl);
  size_t skip = strspn(r->name, "/");
  memmove(r->name, r->name + skip, strlen(r->name + skip) + 1);
  r->found = safezip_find(r->z, r->name) >= 0;
  if (r->found) docx_sax_stop(s);
}

static void rels_end(void *user, docx_sax *s, const xmlChar *ln, int ns) {
  (void)user; (void)s; (void)ln; (void)ns;
}

static void rels_text(void *user, docx_sax *s, const char *t, size_t n) {
  (void)user; (void)s; (void)t; (void)n;
}

/* The main document part: word/document.xml, or where _rels/.rels says
** the officeDocument is. Writes its name into name; 0 when there is none. */
static int find_main_part(safezip *z, char *name, size_t size, char *err, size_t errsz) {
  snprintf(name, size, "word/document.xml");
  if (safezip_find(z, name) >= 0) return 1;
  char *xml;
  size_t len;
  if (read_optional(z, "_rels/.rels", &xml, &len, err, errsz) != CLERK_OK || !xml) return 0;
  static const docx_sax_calls calls = { rels_start, rels_end, rels_text, NULL };
  rels r = { z, name, size, 0 };
  docx_sax s;
  if (docx_sax_open(&s, xml, len, "_rels/.rels", err, errsz) == CLERK_OK) {
    docx_sax_run(&s, &calls, &r, err, errsz);
    docx_sax_close(&s);
  }
  clerk_mfree(xml);
  return r.found;
}

int docx_read(const void *data, size_t len, unsigned parts, docx_doc **outp, char *err, size_t errsz) {
  *outp = NULL;
  safezip *z = NULL;
  int rc = safezip_open(data, len, NULL, &z, err, errsz);
  if (rc != CLERK_OK) return rc;
  char main_part[256], dir[256], name[300];
  if (!find_main_part(z, main_part, sizeof main_part, err, errsz)) {
    snprintf(err, errsz, "no word/document.xml: this zip is not a Word document");
    safezip_close(z);
    return CLERK_FORMAT;
  }
  parser *p = clerk_calloc(1, sizeof *p);
  docx_doc *d = clerk_calloc(1, sizeof *d);
  docx_styles *st = clerk_calloc(1, sizeof *st);
  if (!p || !d || !st) {
    clerk_mfree(p); clerk_mfree(d); clerk_mfree(st);
    safezip_close(z);
    snprintf(err, errsz, "out of memory");
    return CLERK_NOMEM;
  }
  d->styles = st;
  p->doc = d;
  p->err = err;
  p->errsz = errsz;
  p->line = 1;
  /* the other parts sit beside the main one (word/ unless the package says) */
  const char *slash = strrchr(main_part, '/');
  snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - main_part + 1) : 0, main_part);
  char *xml = NULL;
  size_t xlen = 0;
  snprintf(name, sizeof name, "%sstyles.xml", dir);
  rc = read_optional(z, name, &xml, &xlen, err, errsz);
  if (rc == CLERK_OK && xml) rc = docx_styles_read(st, xml, xlen, err, errsz);
  clerk_mfree(xml);
  xml = NULL;
  snprintf(name, sizeof name, "%snumbering.xml", dir);
  if (rc == CLERK_OK) rc = read_optional(z, name, &xml, &xlen, err, errsz);
  if (rc == CLERK_OK && xml) rc = docx_numbering_read(st, xml, xlen, err, errsz);
  clerk_mfree(xml);
  p->rc = rc;
  static const struct { const char *name; int part; int numbered; } order[] = {
    { NULL, DOCX_BODY, 0 }, { "footnotes.xml", DOCX_FOOTNOTE, 0 },
    { "endnotes.xml", DOCX_ENDNOTE, 0 }, { "header", DOCX_HEADER, 1 },
    { "footer", DOCX_FOOTER, 1 }, { "comments.xml", DOCX_COMMENT, 0 } };
  for (size_t i = 0; i < sizeof order / sizeof order[0] && p->rc == CLERK_OK; i++) {
    if (!(parts & DOCX_PART_BIT(order[i].part))) continue;
    if (!order[i].name) snprintf(name, sizeof name, "%s", main_part);
    else snprintf(name, sizeof name, "%s%s", dir, order[i].name);
    if (order[i].numbered) read_numbered_parts(p, z, name, order[i].part);
    else read_named(p, z, name, order[i].part);
  }
  safezip_close(z);
  rc = p->rc;
  if (rc == CLERK_OK && !p->out.p) rc = sbuf_add(&p->out, "", 0);
  if (rc != CLERK_OK) {
    if (rc == CLERK_NOMEM) snprintf(err, errsz, "out of memory");
    clerk_mfree(p->out.p);
    d->text = NULL;
  } else {
    /* one newline at the end, not a blank line */
    while (p->out.n >= 2 && p->out.p[p->out.n - 1] == '\n' && p->out.p[p->out.n - 2] == '\n')
      p->out.p[--p->out.n] = '\0';
    d->text = p->out.p;
    d->len = p->out.n;
  }
  clerk_mfree(p->para.p);
  clerk_mfree(p->row.p);
  clerk_mfree(p->carry.p);
  clerk_mfree(p->scratch.p);
  clerk_mfree(p);
  if (rc != CLERK_OK) {
    docx_free(d);
    return rc;
  }
  *outp = d;
  return CLERK_OK;
}

void docx_free(docx_doc *d) {
  if (!d) return;
  clerk_mfree(d->text);
  clerk_mfree(d->blocks);
  clerk_mfree(d->cells);
  docx_styles_free(d->styles);
  clerk_mfree(d->styles);
  clerk_mfree(d);
}
