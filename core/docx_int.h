/*
** docx_int.h -- what the .docx reader's files share: a growing byte buffer,
** the style and numbering tables, and the safe XML reader setup.
*/
#ifndef CLERK_DOCX_INT_H
#define CLERK_DOCX_INT_H

#include <stddef.h>
#include <libxml/xmlreader.h>

#define DOCX_MAX_TEXT    ((size_t)64 << 20)   /* bytes of plain text */
#define DOCX_MAX_DEPTH   160                   /* XML element nesting */
#define DOCX_MAX_BLOCKS  1000000
#define DOCX_MAX_CELLS   4096                  /* cells in one row */
#define DOCX_MAX_STYLES  20000
#define DOCX_MAX_NUMS    20000

/* A byte buffer that refuses to grow past DOCX_MAX_TEXT. */
typedef struct sbuf { char *p; size_t n, cap; } sbuf;
int sbuf_add(sbuf *b, const char *s, size_t n);   /* CLERK_OK, CLERK_NOMEM, CLERK_TOOBIG */
int sbuf_addc(sbuf *b, char c);

/* The namespaces the reader tells apart. */
enum { NS_OTHER, NS_W, NS_M, NS_MC };
int docx_ns_kind(const xmlChar *uri);

/* A streaming reader over one part with the safe options (no network, no
** entities, no DTD). Refuses a part that declares a DTD. */
int docx_xml_reader(const char *xml, size_t len, const char *part, xmlTextReaderPtr *out,
                    char *err, size_t errsz);
/* The value of attribute `local` in the element's own namespace (malloc'd by
** libxml2: xmlFree it), or NULL. */
xmlChar *docx_attr(xmlTextReaderPtr r, const char *local);
int docx_attr_int(xmlTextReaderPtr r, const char *local, int dflt);

/* -- styles and numbering (docx_numbering.c) --------------------------- */
typedef struct docx_style {
  char *id, *name, *based_on;
  int outline;           /* -1 none */
  int num_id, ilvl;      /* -1 none */
  int paragraph;         /* a paragraph style */
} docx_style;

typedef struct docx_level { int fmt; int start; char text[32]; } docx_level;
typedef struct docx_abstract {
  int id;
  docx_level lvl[9];
  char *style_link;      /* w:numStyleLink: the levels live in another list */
  int count[9];          /* Word's running counters */
  int used[9];
} docx_abstract;
typedef struct docx_num { int id, abstract; int override[9]; int started; } docx_num;

typedef struct docx_styles {
  docx_style *s; size_t ns;
  docx_abstract *a; size_t na;
  docx_num *num; size_t nnum;
} docx_styles;

int docx_styles_read(docx_styles *st, const char *xml, size_t len, char *err, size_t errsz);
int docx_numbering_read(docx_styles *st, const char *xml, size_t len, char *err, size_t errsz);
void docx_styles_free(docx_styles *st);

/* Style index for a w:styleId, or -1. */
int docx_style_find(const docx_styles *st, const char *id);
/* Heading level of a style: "heading N" -> N, "Title" -> 1, an outline
** level -> level + 1, following basedOn; 0 when none. */
int docx_style_heading(const docx_styles *st, int style);
/* The outline level the style sets or inherits, or -1. */
int docx_style_outline(const docx_styles *st, int style);
/* The numbering a style sets or inherits: *num_id (0 none) and *ilvl. */
void docx_style_numbering(const docx_styles *st, int style, int *num_id, int *ilvl);

/* Counts one list paragraph and writes what Word displays ("1.", "a)") into
** label; *bullet is set for bullets. Returns 0 when the list shows nothing. */
int docx_number(docx_styles *st, int num_id, int ilvl, char *label, size_t size, int *bullet);

#endif
