/*
** docx_sax.c -- one XML part of a .docx through libxml2's SAX2 interface,
** which builds no tree: events go straight to the part's reader. Safe
** options, libxml2 kept silent, a DTD refused, subtrees skipped on request.
*/
#include <stdio.h>
#include <string.h>

#include <libxml/parserInternals.h>

#include "clerk.h"
#include "docx_int.h"

/* Never XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_HUGE. */
#define DOCX_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)

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

static void halt(docx_sax *s) { xmlStopParser(s->ctxt); }

/* False once the parse must not go on (libxml2 then calls no more). */
static int going(const docx_sax *s) { return !(s->stopped || s->dtd || s->nomem || s->bad); }

/* An element whose prefix names no namespace is called by its qualified
** name ("w:p"), as the tree libxml2 built called it. */
static const xmlChar *element_name(docx_sax *s, const xmlChar *local, const xmlChar *prefix,
                                   const xmlChar *uri) {
  if (!prefix || uri) return local;
  const xmlChar *q = xmlDictQLookup(s->ctxt->dict, prefix, local);
  if (!q) { s->nomem = 1; halt(s); }
  return q;
}

static int ns_of(docx_sax *s, const xmlChar *uri) {
  if (uri != s->last_uri) { s->last_uri = uri; s->last_ns = docx_ns_kind(uri); }
  return s->last_ns;
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes) {
  (void)nb_namespaces; (void)namespaces; (void)nb_defaulted;
  docx_sax *s = ctx;
  if (!going(s)) return;
  /* libxml2 calls this with its input at the tag's end: "/>" or ">" */
  const xmlChar *cur = s->ctxt->input ? s->ctxt->input->cur : NULL;
  s->empty = cur && cur[0] == '/' && cur[1] == '>';
  s->run = 0;
  if (s->skip) { s->skip++; s->depth++; return; }
  local = element_name(s, local, prefix, uri);
  if (!local) return;
  docx_attrs at = { attributes, nb_attributes, uri };
  s->calls->start(s->user, s, local, ns_of(s, uri), &at, s->empty);
  s->depth++;
  if (s->stopped) halt(s);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
  docx_sax *s = ctx;
  if (!going(s)) return;
  s->depth--;
  s->run = 0;
  if (s->skip) { s->skip--; s->empty = 0; return; }
  if (s->empty) { s->empty = 0; return; }   /* <e/>: no end, as xmlTextReader had it */
  local = element_name(s, local, prefix, uri);
  if (!local) return;
  s->calls->end(s->user, s, local, ns_of(s, uri));
  if (s->stopped) halt(s);
}

static void on_text(void *ctx, const xmlChar *ch, int len) {
  docx_sax *s = ctx;
  if (!going(s)) return;
  /* libxml2's tree refused a text node longer than this, skipped or not */
  s->run += (size_t)len;
  if (s->run > XML_MAX_TEXT_LENGTH) { s->bad = 1; halt(s); return; }
  if (s->skip) return;
  s->calls->text(s->user, s, (const char *)ch, (size_t)len);
  if (s->stopped) halt(s);
}

static void on_other(docx_sax *s) {
  s->run = 0;
  if (!going(s) || s->skip || !s->calls->other) return;
  s->calls->other(s->user, s);
  if (s->stopped) halt(s);
}

static void on_comment(void *ctx, const xmlChar *value) { (void)value; on_other(ctx); }

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data) {
  (void)target; (void)data;
  on_other(ctx);
}

/* A DOCTYPE (which comes before any declaration in it): refused. */
static void on_dtd(void *ctx, const xmlChar *name, const xmlChar *id, const xmlChar *system) {
  (void)name; (void)id; (void)system;
  docx_sax *s = ctx;
  s->dtd = 1;
  halt(s);
}

static void on_entity(void *ctx, const xmlChar *name, int type, const xmlChar *id,
                      const xmlChar *system, xmlChar *content) {
  (void)name; (void)type; (void)id; (void)system; (void)content;
  docx_sax *s = ctx;
  s->dtd = 1;
  halt(s);
}

static void on_reference(void *ctx, const xmlChar *name) {
  (void)name;
  docx_sax *s = ctx;
  s->dtd = 1;
  halt(s);
}

/* Silences libxml2: a malformed part is reported once, by the caller. */
static void quiet(void *ctx, xmlErrorPtr e) { (void)ctx; (void)e; }

int docx_sax_open(docx_sax *s, const char *xml, size_t len, const char *part,
                  char *err, size_t errsz) {
  memset(s, 0, sizeof *s);
  s->part = part;
  /* A DTD is refused before the parser sees it: no entity can be declared. */
  if (declares_dtd(xml, len)) {
    snprintf(err, errsz, "%s declares a DTD or entities; refused", part);
    return CLERK_FORMAT;
  }
  if (len > (size_t)0x7fffffff) {
    snprintf(err, errsz, "%s is too large", part);
    return CLERK_TOOBIG;
  }
  if (len == 0) return CLERK_OK;   /* not well-formed: docx_sax_run says so */
  s->ctxt = xmlCreateMemoryParserCtxt(xml, (int)len);
  if (!s->ctxt || !s->ctxt->sax) {
    docx_sax_close(s);
    snprintf(err, errsz, "out of memory");
    return CLERK_NOMEM;
  }
  xmlSAXHandler *h = s->ctxt->sax;   /* the context's own copy, freed with it */
  memset(h, 0, sizeof *h);
  h->initialized = XML_SAX2_MAGIC;
  h->startElementNs = on_start;
  h->endElementNs = on_end;
  h->characters = on_text;
  h->ignorableWhitespace = on_text;
  h->cdataBlock = on_text;
  h->comment = on_comment;
  h->processingInstruction = on_pi;
  h->internalSubset = on_dtd;
  h->externalSubset = on_dtd;
  h->entityDecl = on_entity;
  h->reference = on_reference;
  h->serror = quiet;
  s->ctxt->userData = s;
  xmlCtxtUseOptions(s->ctxt, DOCX_XML_OPTIONS);
  return CLERK_OK;
}

const xmlChar *docx_sax_name(docx_sax *s, const char *name) {
  return s->ctxt ? xmlDictLookup(s->ctxt->dict, BAD_CAST name, -1) : BAD_CAST name;
}

int docx_sax_run(docx_sax *s, const docx_sax_calls *calls, void *user, char *err, size_t errsz) {
  s->calls = calls;
  s->user = user;
  if (s->ctxt) xmlParseDocument(s->ctxt);
  if (s->nomem) { snprintf(err, errsz, "out of memory"); return CLERK_NOMEM; }
  if (s->dtd) {
    snprintf(err, errsz, "%s declares a DTD or entities; refused", s->part);
    return CLERK_FORMAT;
  }
  if (s->stopped) return 1;
  /* only fatal errors count: the reader, too, read on after a namespace error */
  if (!s->ctxt || s->bad || !s->ctxt->wellFormed) {
    snprintf(err, errsz, "%s is not well-formed XML", s->part);
    return CLERK_FORMAT;
  }
  return CLERK_OK;
}

void docx_sax_close(docx_sax *s) {
  if (s->ctxt) xmlFreeParserCtxt(s->ctxt);
  s->ctxt = NULL;
}

void docx_sax_stop(docx_sax *s) { s->stopped = 1; }

void docx_sax_skip(docx_sax *s) { if (!s->empty) s->skip = 1; }

int docx_sax_dtd(const docx_sax *s) { return s->dtd; }
