/*
** xml.c -- libxml2 behind Clerk's safety rules (see xml.h).
*/
#include "xml.h"

#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <string.h>

/* Never XML_PARSE_NOENT (entity expansion), XML_PARSE_DTDLOAD or
** XML_PARSE_HUGE: those are how hostile XML reaches files or memory. */
#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)
#define HTML_OPTIONS (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING)

/* Depth, node count and text size, iteratively (no recursion on hostile
** depth). `depth` is the nesting level of n: the root element is 1. */
static int within_caps(xmlNodePtr root, char *err, size_t errsz) {
  size_t nodes = 0;
  int depth = 1;
  xmlNodePtr n = root;
  while (n) {
    if (++nodes > CLERK_XML_MAX_NODES) {
      snprintf(err, errsz, "more than %d nodes", CLERK_XML_MAX_NODES);
      return 0;
    }
    if (n->type == XML_ELEMENT_NODE && depth > CLERK_XML_MAX_DEPTH) {
      snprintf(err, errsz, "elements nested more than %d deep", CLERK_XML_MAX_DEPTH);
      return 0;
    }
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content &&
        strlen((const char *)n->content) > CLERK_XML_MAX_TEXT) {
      snprintf(err, errsz, "a text of more than %u bytes", CLERK_XML_MAX_TEXT);
      return 0;
    }
    if (n->type == XML_ELEMENT_NODE && n->children) {
      depth++;
      n = n->children;
      continue;
    }
    while (n != root && !n->next) {
      n = n->parent;
      depth--;
    }
    if (n == root) return 1;
    n = n->next;
  }
  return 1;
}

static void describe_error(const xmlError *e, char *err, size_t errsz) {
  if (!e || !e->message) { snprintf(err, errsz, "not well-formed XML"); return; }
  size_t n = strlen(e->message);
  while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' ')) n--;
  if (e->line > 0) snprintf(err, errsz, "line %d: %.*s", e->line, (int)n, e->message);
  else snprintf(err, errsz, "%.*s", (int)n, e->message);
}

xmlDocPtr clerk_xml_read(const char *data, size_t len, char *err, size_t errsz) {
  if (len == 0) { snprintf(err, errsz, "empty document"); return NULL; }
  if (len > CLERK_XML_MAX_INPUT) { snprintf(err, errsz, "document larger than %u bytes", CLERK_XML_MAX_INPUT); return NULL; }
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) { snprintf(err, errsz, "out of memory"); return NULL; }
  xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL, XML_OPTIONS);
  if (!doc || !ctxt->wellFormed) {
    describe_error(xmlCtxtGetLastError(ctxt), err, errsz);
    if (doc) xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return NULL;
  }
  xmlFreeParserCtxt(ctxt);
  if (doc->intSubset || doc->extSubset) {
    snprintf(err, errsz, "a DOCTYPE (document type declarations are not accepted)");
    xmlFreeDoc(doc);
    return NULL;
  }
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (!root) { snprintf(err, errsz, "no root element"); xmlFreeDoc(doc); return NULL; }
  if (!within_caps(root, err, errsz)) { xmlFreeDoc(doc); return NULL; }
  return doc;
}

xmlDocPtr clerk_html_read(const char *data, size_t len, const char *encoding,
                          char *err, size_t errsz) {
  if (len == 0) { snprintf(err, errsz, "empty document"); return NULL; }
  if (len > CLERK_XML_MAX_INPUT) { snprintf(err, errsz, "document larger than %u bytes", CLERK_XML_MAX_INPUT); return NULL; }
  htmlDocPtr doc = htmlReadMemory(data, (int)len, NULL, encoding ? encoding : "UTF-8", HTML_OPTIONS);
  if (!doc) { snprintf(err, errsz, "unreadable HTML"); return NULL; }
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (root && !within_caps(root, err, errsz)) { xmlFreeDoc(doc); return NULL; }
  return doc;
}

void clerk_xml_free(xmlDocPtr doc) {
  if (doc) xmlFreeDoc(doc);
}

void clerk_xml_init(void) { xmlInitParser(); }
