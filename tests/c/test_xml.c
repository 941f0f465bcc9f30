/* test_xml.c -- core/xml.c: safe parsing of hostile XML and HTML. */
#include "testing.h"
#include "xml.h"

#include <libxml/tree.h>

static xmlDocPtr parse(const char *s, char *err) {
  return clerk_xml_read(s, strlen(s), err, 256);
}

static void test_good(void **state) {
  (void)state;
  char err[256];
  xmlDocPtr d = parse("<?xml version=\"1.0\"?><meeting><meetingid>7</meetingid></meeting>", err);
  assert_non_null(d);
  assert_string_equal((const char *)xmlDocGetRootElement(d)->name, "meeting");
  clerk_xml_free(d);
}

static void test_truncated(void **state) {
  (void)state;
  char err[256];
  assert_null(parse("<meeting>\n<meetingid>7</meet", err));
  assert_non_null(strstr(err, "line 2"));
}

static void test_empty_and_no_root(void **state) {
  (void)state;
  char err[256];
  assert_null(clerk_xml_read("", 0, err, sizeof err));
  assert_string_equal(err, "empty document");
  assert_null(parse("<?xml version=\"1.0\"?>", err));
}

/* Entity expansion (billion laughs) and external entities never run: any
** DOCTYPE is refused. */
static void test_doctype_refused(void **state) {
  (void)state;
  char err[256];
  assert_null(parse("<!DOCTYPE a [<!ENTITY x \"xxxxxxxx\"><!ENTITY y \"&x;&x;&x;&x;\">]><a>&y;</a>", err));
  assert_non_null(strstr(err, "DOCTYPE"));
  assert_null(parse("<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>", err));
  assert_non_null(strstr(err, "DOCTYPE"));
  assert_null(parse("<!DOCTYPE a SYSTEM \"http://127.0.0.1:9/x.dtd\"><a/>", err));
}

static void test_undeclared_entity(void **state) {
  (void)state;
  char err[256];
  assert_null(parse("<a>&nbsp;</a>", err));
  assert_non_null(strstr(err, "nbsp"));
}

static char *nested(int depth) {
  char *s = clerk_malloc((size_t)depth * 7 + 1);
  assert_non_null(s);
  char *p = s;
  for (int i = 0; i < depth; i++) { memcpy(p, "<a>", 3); p += 3; }
  for (int i = 0; i < depth; i++) { memcpy(p, "</a>", 4); p += 4; }
  *p = '\0';
  return s;
}

static void test_depth_cap(void **state) {
  (void)state;
  char err[256];
  char *ok = nested(CLERK_XML_MAX_DEPTH);
  xmlDocPtr d = parse(ok, err);
  assert_non_null(d);
  clerk_xml_free(d);
  clerk_mfree(ok);
  char *deep = nested(CLERK_XML_MAX_DEPTH + 1);
  assert_null(parse(deep, err));
  assert_non_null(strstr(err, "nested"));
  clerk_mfree(deep);
}

static void test_html(void **state) {
  (void)state;
  char err[256];
  const char *s = "<p>caf\xc3\xa9 &amp; <b>tea</b><script>x()</script>";
  xmlDocPtr d = clerk_html_read(s, strlen(s), NULL, err, sizeof err);
  assert_non_null(d);
  xmlChar *t = xmlNodeGetContent(xmlDocGetRootElement(d));
  assert_non_null(strstr((const char *)t, "caf\xc3\xa9 & tea"));
  xmlFree(t);
  clerk_xml_free(d);
  assert_null(clerk_html_read("", 0, NULL, err, sizeof err));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_good),
    cmocka_unit_test(test_truncated),
    cmocka_unit_test(test_empty_and_no_root),
    cmocka_unit_test(test_doctype_refused),
    cmocka_unit_test(test_undeclared_entity),
    cmocka_unit_test(test_depth_cap),
    cmocka_unit_test(test_html),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
