/*
** docx_text.c -- clerk_text_buffer(): the plain text of a document, for the
** `clerk text` command and embedders. A .docx is read by docx.c; UTF-8 text
** and Markdown pass through unchanged.
*/
#include <stdio.h>
#include <string.h>

#include "clerk.h"
#include "docx.h"
#include "mem.h"

static int set_err(char **errmsg, int code, const char *msg) {
  if (errmsg) *errmsg = clerk_strdup(msg);
  return code;
}

/* What a file is when it is neither a .docx nor text. */
static const char *binary_kind(const unsigned char *p, size_t len) {
  if (len >= 4 && memcmp(p, "%PDF", 4) == 0) return "a PDF document (not read as text yet)";
  if (len >= 4 && memcmp(p, "\xD0\xCF\x11\xE0", 4) == 0)
    return "an old Word document (.doc) or an encrypted Office file; save it as .docx";
  if (len >= 5 && memcmp(p, "{\\rtf", 5) == 0) return "an RTF document; save it as .docx";
  size_t n = len < 8192 ? len : 8192;
  if (memchr(p, '\0', n)) return "binary data, not a document Clerk reads";
  return NULL;
}

int clerk_text_buffer(const void *data, size_t len, int flags, char **out, size_t *outlen,
                      char **errmsg) {
  if (out) *out = NULL;
  if (outlen) *outlen = 0;
  if (errmsg) *errmsg = NULL;
  if (!out || (!data && len)) return set_err(errmsg, CLERK_MISUSE, "clerk_text_buffer: no buffer");
  const unsigned char *p = data;
  if (len >= 4 && memcmp(p, "PK\3\4", 4) == 0) {
    char err[256] = "";
    docx_doc *d;
    int rc = docx_read(data, len, (flags & CLERK_TEXT_ALL) ? DOCX_PARTS_ALL : DOCX_PARTS_TEXT,
                       &d, err, sizeof err);
    if (rc != CLERK_OK) return set_err(errmsg, rc, err);
    *out = d->text;                  /* hand the text over instead of copying it */
    if (outlen) *outlen = d->len;
    d->text = NULL;
    docx_free(d);
    return CLERK_OK;
  }
  const char *what = binary_kind(p, len);
  if (what) return set_err(errmsg, CLERK_FORMAT, what);
  char *copy = clerk_malloc(len + 1);
  if (!copy) return set_err(errmsg, CLERK_NOMEM, "out of memory");
  if (len) memcpy(copy, data, len);
  copy[len] = '\0';
  *out = copy;
  if (outlen) *outlen = len;
  return CLERK_OK;
}
