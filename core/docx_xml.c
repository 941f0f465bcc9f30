/*
** docx_xml.c -- the reader's shared plumbing: the bounded text buffer, the
** namespaces it tells apart, and attribute values as libxml2's SAX2 gives
** them (not NUL-terminated, '&' still escaped).
*/
#include <string.h>

#include "clerk.h"
#include "docx_int.h"
#include "mem.h"

int sbuf_add(sbuf *b, const char *s, size_t n) {
  if (n == 0 && b->p) return CLERK_OK;   /* s may be NULL then */
  if (n > DOCX_MAX_TEXT || b->n > DOCX_MAX_TEXT - n) return CLERK_TOOBIG;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = clerk_realloc(b->p, cap);
    if (!p) return CLERK_NOMEM;
    b->p = p;
    b->cap = cap;
  }
  if (n) memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
  return CLERK_OK;
}

int sbuf_addc(sbuf *b, char c) { return sbuf_add(b, &c, 1); }

int docx_ns_kind(const xmlChar *uri) {
  if (!uri) return NS_OTHER;
  const char *u = (const char *)uri;
  if (strcmp(u, "http://schemas.openxmlformats.org/wordprocessingml/2006/main") == 0 ||
      strcmp(u, "http://purl.oclc.org/ooxml/wordprocessingml/main") == 0)
    return NS_W;
  if (strcmp(u, "http://schemas.openxmlformats.org/officeDocument/2006/math") == 0 ||
      strcmp(u, "http://purl.oclc.org/ooxml/officeDocument/math") == 0)
    return NS_M;
  if (strcmp(u, "http://schemas.openxmlformats.org/markup-compatibility/2006") == 0) return NS_MC;
  return NS_OTHER;
}

/* The attribute in namespace uri (NULL: in none). An attribute whose prefix
** names no namespace has none and is called "x:local", so it is never found. */
static const char *find_attr(const docx_attrs *at, const char *local, const xmlChar *uri, size_t *len) {
  for (int i = 0; i < at->n; i++) {
    const xmlChar *const *a = at->v + 5 * i;   /* localname, prefix, URI, value, end */
    if (strcmp((const char *)a[0], local) != 0) continue;
    if (uri ? !a[2] || (a[2] != uri && strcmp((const char *)a[2], (const char *)uri) != 0) : a[1] != NULL)
      continue;
    *len = (size_t)(a[4] - a[3]);
    return (const char *)a[3];
  }
  return NULL;
}

const char *docx_attr(const docx_attrs *at, const char *local, size_t *len) {
  return find_attr(at, local, at->uri, len);
}

const char *docx_attr_plain(const docx_attrs *at, const char *local, size_t *len) {
  return find_attr(at, local, NULL, len);
}

/* Without entity substitution libxml2's SAX2 hands over an '&' written
** "&amp;" or "&#38;" as "&#38;" (for a tree builder to parse again); every
** other reference is already replaced. So "&#38;" is the one thing to undo. */
static size_t unescape(char *dst, size_t cap, const char *v, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n && k < cap; i++) {
    dst[k++] = v[i];
    if (v[i] == '&' && n - i >= 5 && memcmp(v + i, "&#38;", 5) == 0) i += 4;
  }
  return k;
}

int docx_attr_add(sbuf *b, const char *v, size_t n) {
  if (!memchr(v, '&', n)) return sbuf_add(b, v, n);
  size_t at = b->n;
  int rc = sbuf_add(b, v, n);   /* room for it, then decoded in place */
  if (rc != CLERK_OK) return rc;
  b->n = at + unescape(b->p + at, n, v, n);
  b->p[b->n] = '\0';
  return CLERK_OK;
}

void docx_attr_copy(char *dst, size_t size, const char *v, size_t n) {
  if (size == 0) return;
  dst[unescape(dst, size - 1, v, n)] = '\0';
}

char *docx_attr_dup(const char *v, size_t n) {
  char *s = clerk_malloc(n + 1);
  if (s) s[unescape(s, n, v, n)] = '\0';
  return s;
}

int docx_attr_int(const docx_attrs *at, const char *local, int dflt) {
  size_t len;
  const char *s = docx_attr(at, local, &len);
  if (!s) return dflt;
  const char *end = s + len;
  int neg = s < end && *s == '-';
  if (s < end && (neg || *s == '+')) s++;
  long n = 0;
  int any = 0;
  while (s < end && *s >= '0' && *s <= '9' && n < 100000000) { n = n * 10 + (*s - '0'); s++; any = 1; }
  if (!any) return dflt;
  return (int)(neg ? -n : n);
}

int docx_attr_is(const char *v, size_t n, const char *s) {
  return strlen(s) == n && memcmp(v, s, n) == 0;
}
