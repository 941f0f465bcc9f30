/*
** docx.h -- the .docx reader: bytes of a Word document -> blocks and plain
** text. Layout only (paragraphs, headings, list items with the numbers Word
** shows, table rows); what the words mean is the Lua interpreter's job.
*/
#ifndef CLERK_DOCX_H
#define CLERK_DOCX_H

#include <stddef.h>

enum docx_kind { DOCX_PARAGRAPH, DOCX_HEADING, DOCX_ITEM, DOCX_ROW };

/* Where a block comes from. Only the body is the minutes' running text. */
enum docx_part { DOCX_BODY, DOCX_FOOTNOTE, DOCX_ENDNOTE, DOCX_HEADER, DOCX_FOOTER, DOCX_COMMENT };
#define DOCX_PART_BIT(p) (1u << (p))
/* What `clerk text` prints (what a reader of the document sees inline). */
#define DOCX_PARTS_TEXT (DOCX_PART_BIT(DOCX_BODY) | DOCX_PART_BIT(DOCX_FOOTNOTE) | \
                         DOCX_PART_BIT(DOCX_ENDNOTE))
#define DOCX_PARTS_ALL  0x3Fu

typedef struct docx_cell {
  size_t first, last;    /* the cell's words in text: [first, last) */
  int gridspan;          /* columns it spans (w:gridSpan), at least 1 */
  int vmerge;            /* 0, 1 = starts a vertical merge, 2 = continues one */
  int nested;            /* it held a nested table (flattened into its words) */
} docx_cell;

typedef struct docx_block {
  int kind;              /* enum docx_kind */
  int part;              /* enum docx_part */
  int level;             /* heading level (Title is 1), list level 1..9, else 0 */
  int outline;           /* w:outlineLvl 0..8 of the paragraph or its style, or -1 */
  int bullet;            /* a bulleted list item */
  int note;              /* footnote, endnote or comment id, else 0 */
  const char *style;     /* style name ("heading 1", "List Paragraph"), or NULL */
  char label[48];        /* what Word displays before it: "1.", "a)", "iii.", "[2]" */
  size_t first, last;    /* the block's bytes in text: [first, last) */
  size_t words;          /* where its words start (after the label) */
  size_t line;           /* 1-based line of first */
  size_t cell0, ncells;  /* a row's cells: cells[cell0 .. cell0+ncells) */
  int table;             /* a row's table: 1 for the document's first, ... */
} docx_block;

typedef struct docx_doc {
  char *text;            /* the plain text, NUL-terminated */
  size_t len;
  docx_block *blocks;
  size_t nblocks;
  docx_cell *cells;
  size_t ncells;
  struct docx_styles *styles;   /* owns the style names blocks point to */
} docx_doc;

/* Reads a .docx held in data[0..len). parts: DOCX_PART_BIT()s to read
** (DOCX_PARTS_ALL, DOCX_PARTS_TEXT). The text has paragraphs separated by
** blank lines, table cells by tabs, one row a line; the body comes first,
** then notes, headers, footers and comments. On failure returns a CLERK_*
** code and a one-line reason in err. */
int docx_read(const void *data, size_t len, unsigned parts, docx_doc **out,
              char *err, size_t errsz);
void docx_free(docx_doc *d);   /* NULL is a no-op */

const char *docx_part_name(int part);   /* "body", "footnote", "header", ... */
const char *docx_kind_name(int kind);   /* "paragraph", "heading", "item", "row" */

#endif
