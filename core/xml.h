/*
** xml.h -- safe parsing of untrusted XML and HTML bytes with libxml2.
** XML: no network, no entity substitution beyond the predefined ones, no
** external DTD, no HUGE mode; a document with a DOCTYPE is refused. Both
** parsers then pass Clerk's own caps (depth, node count, text size), so a
** caller can walk the tree without further checks.
*/
#ifndef CLERK_XML_H
#define CLERK_XML_H

#include <stddef.h>
#include <libxml/tree.h>

#define CLERK_XML_MAX_INPUT  (64u << 20)   /* bytes of one document */
#define CLERK_XML_MAX_DEPTH  200           /* element nesting */
#define CLERK_XML_MAX_NODES  4000000       /* elements + text nodes */
#define CLERK_XML_MAX_TEXT   (16u << 20)   /* bytes of one text node */

/* Parse `len` bytes of XML. On failure returns NULL and writes a one-line
** reason (with the line number when libxml2 gives one) into err. */
xmlDocPtr clerk_xml_read(const char *data, size_t len, char *err, size_t errsz);

/* Parse HTML (libxml2's forgiving HTML parser). `encoding` may be NULL for
** UTF-8. Fails only on empty input, memory or the caps. */
xmlDocPtr clerk_html_read(const char *data, size_t len, const char *encoding,
                          char *err, size_t errsz);

void clerk_xml_free(xmlDocPtr doc);

/* libxml2's one-time set-up: call on one thread before parsing on several. */
void clerk_xml_init(void);

#endif
