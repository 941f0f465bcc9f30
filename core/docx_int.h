/*
** docx_int.h -- what the .docx reader's files share: a growing byte buffer,
** the style and numbering tables, and the SAX2 driver that reads each part.
*/
#ifndef CLERK_DOCX_INT_H
#define CLERK_DOCX_INT_H

#include <stddef.h>
#include <libxml/parser.h>

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

/* -- one part through libxml2's SAX2 interface (docx_sax.c) ------------ */
/* An element's attributes as SAX2 gives them: n 5-tuples (localname,
** prefix, URI, value start, value end), values not NUL-terminated. */
typedef struct docx_attrs {
  const xmlChar **v;
  int n;
  const xmlChar *uri;    /* the element's namespace, or NULL */
} docx_attrs;

/* What a part's reader is told. Names are interned in the parser's
** dictionary (docx_sax_name), so they compare by pointer; ns is NS_*. An
** element written <e/> comes to start() with empty set and has no end(),
** as it had with libxml2's xmlTextReader. */
typedef struct docx_sax docx_sax;
typedef struct docx_sax_calls {
  void (*start)(void *user, docx_sax *s, const xmlChar *local, int ns, const docx_attrs *at, int empty);
  void (*end)(void *user, docx_sax *s, const xmlChar *local, int ns);
  void (*text)(void *user, docx_sax *s, const char *t, size_t n);   /* a text may come in pieces */
  void (*other)(void *user, docx_sax *s);   /* a comment or processing instruction; may be NULL */
} docx_sax_calls;

/* The parse of one part, on the caller's stack. Its fields are docx_sax.c's
** own; a call may read depth. */
struct docx_sax {
  xmlParserCtxtPtr ctxt;
  const docx_sax_calls *calls;
  void *user;
  const char *part;              /* the part's name, for messages */
  int depth;                     /* of the current node: 0 for the root element */
  int skip;                      /* > 0: this deep inside a skipped element */
  int empty;                     /* the element just started was written <e/> */
  size_t run;                    /* bytes of the text node being read */
  int stopped, dtd, nomem, bad;  /* why the parse ended early */
  const xmlChar *last_uri;       /* the last namespace seen, and its NS_* */
  int last_ns;
};

/* Sets up a parse of xml[0..len) (kept by the caller until docx_sax_close)
** with the safe options: no network, no entity substitution, no DTD
** loading, libxml2 silent. A part whose bytes declare a DTD or entities is
** refused here; one that hides it (UTF-16) is stopped when parsed. */
int docx_sax_open(docx_sax *s, const char *xml, size_t len, const char *part,
                  char *err, size_t errsz);
/* The parser's copy of an element name, or NULL when memory runs out. */
const xmlChar *docx_sax_name(docx_sax *s, const char *name);
/* Parses the part, calling calls on user. Returns CLERK_OK when all of it
** was read; CLERK_FORMAT, CLERK_NOMEM with a message in err when it is not
** well-formed, declares a DTD (docx_sax_dtd) or memory ran out; 1 when a
** call stopped it (docx_sax_stop): the caller knows why. */
int docx_sax_run(docx_sax *s, const docx_sax_calls *calls, void *user, char *err, size_t errsz);
void docx_sax_close(docx_sax *s);   /* safe twice, and after a failed open */
void docx_sax_stop(docx_sax *s);    /* ends the parse after the current call */
/* From start(): leave out everything inside the element, and its end. */
void docx_sax_skip(docx_sax *s);
/* True when the parse stopped at a DTD or entity declaration. */
int docx_sax_dtd(const docx_sax *s);

/* -- attribute values (docx_xml.c) ------------------------------------- */
/* The raw value of attribute `local` in the element's own namespace (or
** with no namespace when the element has none): *len bytes, not
** NUL-terminated, '&' possibly still written "&#38;". NULL when absent. */
const char *docx_attr(const docx_attrs *at, const char *local, size_t *len);
/* The same for an attribute with no namespace whatever the element's. */
const char *docx_attr_plain(const docx_attrs *at, const char *local, size_t *len);
/* Appends a raw value to b with "&#38;" turned back into '&'. */
int docx_attr_add(sbuf *b, const char *v, size_t n);
/* A raw value decoded into dst[0..size) and truncated to fit, as snprintf would. */
void docx_attr_copy(char *dst, size_t size, const char *v, size_t n);
/* A raw value decoded into a new string (clerk_malloc), or NULL when memory runs out. */
char *docx_attr_dup(const char *v, size_t n);
/* The attribute's value as an integer, or dflt when absent or not a number. */
int docx_attr_int(const docx_attrs *at, const char *local, int dflt);
/* True when a raw value is s (s holds no '&'). */
int docx_attr_is(const char *v, size_t n, const char *s);

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
