/*
** docx_xml.c -- the reader's shared plumbing: the bounded text buffer and a
** libxml2 streaming reader set up so untrusted XML cannot reach the network,
** expand entities or load a DTD.
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

/* Silences libxml2: a malformed part is reported once, by the caller. */
static void quiet(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc) {
  (void)arg; (void)msg; (void)sev; (void)loc;
}

/* True when the bytes hold "<!DOCTYPE" or "<!ENTITY". One pass that stops
** only at '!' (rare in Word XML), not at every tag's '<'. */
static int declares_dtd(const char *s, size_t n) {
  const char *p = s, *end = s + n;
  while (p < end && (p = memchr(p, '!', (size_t)(end - p))) != NULL) {
    if (p > s && p[-1] == '<') {
      size_t left = (size_t)(end - p);   /* from the '!' */
      if ((left >= 8 && memcmp(p, "!DOCTYPE", 8) == 0) || (left >= 7 && memcmp(p, "!ENTITY", 7) == 0)) return 1;
    }
    p++;
  }
  return 0;
}

int docx_xml_reader(const char *xml, size_t len, const char *part, xmlTextReaderPtr *out,
                    char *err, size_t errsz) {
  *out = NULL;
  /* A DTD is refused before the parser sees it: no entity can be declared. */
  if (declares_dtd(xml, len)) {
    snprintf(err, errsz, "%s declares a DTD or entities; refused", part);
    return CLERK_FORMAT;
  }
  if (len > (size_t)0x7fffffff) {
    snprintf(err, errsz, "%s is too large", part);
    return CLERK_TOOBIG;
  }
  xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, NULL, NULL,
                                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                          XML_PARSE_NOCDATA);
  if (!r) {
    snprintf(err, errsz, "out of memory");
    return CLERK_NOMEM;
  }
  xmlTextReaderSetErrorHandler(r, quiet, NULL);
  *out = r;
  return CLERK_OK;
}

xmlChar *docx_attr(xmlTextReaderPtr r, const char *local) {
  const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
  return ns ? xmlTextReaderGetAttributeNs(r, BAD_CAST local, ns)
            : xmlTextReaderGetAttribute(r, BAD_CAST local);
}

int docx_attr_int(xmlTextReaderPtr r, const char *local, int dflt) {
  xmlChar *v = docx_attr(r, local);
  if (!v) return dflt;
  const char *s = (const char *)v;
  int neg = *s == '-';
  if (neg || *s == '+') s++;
  long n = 0;
  int any = 0;
  while (*s >= '0' && *s <= '9' && n < 100000000) { n = n * 10 + (*s - '0'); s++; any = 1; }
  xmlFree(v);
  if (!any) return dflt;
  return (int)(neg ? -n : n);
}
